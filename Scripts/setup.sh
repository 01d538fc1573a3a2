#!/usr/bin/env bash
# Installs the system packages GlyphLab builds and runs with. Idempotent: when everything is
# present it only checks (well under a second). Works as root, or through sudo otherwise.
# An optional argument names another list: a file in Scripts/ (e.g. apt-packages-bench.txt,
# the benchmarks' extra packages, which `make bench` installs) or a path (e.g.
# Scripts/apt-heldout-packages.txt, which `make heldout` installs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
arg="${1:-apt-packages.txt}"
if [[ -f "$here/$arg" ]]; then list="$here/$arg"; else list="$arg"; fi
[[ -f "$list" ]] || { echo "setup: no package list $list" >&2; exit 1; }
mapfile -t wanted < <(grep -v '^\s*#' "$list" | awk 'NF {print $1}')

missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#wanted[@]} system packages present"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "setup: missing packages (${missing[*]}) and neither root nor sudo is available" >&2
  exit 1
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
