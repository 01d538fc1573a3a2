#!/usr/bin/env bash
# Builds the libFuzzer targets (AddressSanitizer, libFuzzer's coverage, libFuzzer linked without
# its main: SwiftPM gives every executable a main, which calls LLVMFuzzerRunDriver) into
# .build-fuzz and runs each for FUZZ_SECONDS (default 60), seeded from Tests/FuzzCorpus/TARGET.
# Usage: Fuzz/run.sh [TARGET...]   (default: every target). New inputs go to
# .build-fuzz/corpus/TARGET; a crash is saved as .build-fuzz/crashes/TARGET/crash-* and the
# script exits non-zero. FUZZ_JOBS (default 1) targets run at once; each runs niced. The HDF5
# readers (dataset, run log) run in libFuzzer's fork mode ignoring timeouts: libhdf5 1.10
# itself loops for ever, or crashes, on some corrupt files (Tests/FuzzFindings/README.md), which GlyphLab
# cannot fix, and fuzzing should go on past them. FUZZ_FLAGS adds libFuzzer flags.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-60}
JOBS=${FUZZ_JOBS:-1}
SCRATCH=.build-fuzz
ALL=(FuzzSpecReader FuzzDatasetReader FuzzIDXReader FuzzNPYReader FuzzPNGReader FuzzJPEGReader FuzzRunLogReader)
TARGETS=("${@:-${ALL[@]}}")
FUZZER_LIB=$(ls "$(dirname "$(dirname "$(command -v swiftc)")")"/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a | head -1)
for target in "${TARGETS[@]}"; do
  GLYPHLAB_FUZZ=1 nice swift build -j 1 --scratch-path "$SCRATCH" -Xswiftc -sanitize=address \
    -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table -Xlinker "$FUZZER_LIB" -Xlinker -lstdc++ \
    --product "$target" 2>&1 | grep -v "Cannot export local symbol" | tail -1
done
[ "${FUZZ_BUILD_ONLY:-0}" = 1 ] && exit 0
run_one() {
  local target=$1
  mkdir -p "$SCRATCH/corpus/$target" "$SCRATCH/crashes/$target"
  local extra=()
  case $target in
    FuzzDatasetReader | FuzzRunLogReader) extra=(-fork=1 -ignore_timeouts=1 -ignore_crashes=1 -ignore_ooms=0) ;;
  esac
  # -rss_limit_mb: an input that makes a reader allocate gigabytes counts as a finding.
  ASAN_OPTIONS=detect_leaks=0 nice "$SCRATCH/debug/$target" "$SCRATCH/corpus/$target" "Tests/FuzzCorpus/$target" \
    -max_total_time="$SECONDS_EACH" -timeout=20 -rss_limit_mb=3072 -max_len=131072 \
    -artifact_prefix="$SCRATCH/crashes/$target/" -print_final_stats=1 "${extra[@]}" ${FUZZ_FLAGS:-} \
    >"$SCRATCH/$target.log" 2>&1
  local status=$?
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|^#[0-9]+: cov.*exec/s" "$SCRATCH/$target.log" | tail -3 | sed "s/^/$target: /"
  if [ $status -ne 0 ]; then echo "$target: FOUND A CRASH (exit $status), see $SCRATCH/$target.log"; fi
  return $status
}
failed=0
running=0
pids=()
for target in "${TARGETS[@]}"; do
  run_one "$target" &
  pids+=($!)
  running=$((running + 1))
  if [ $running -ge "$JOBS" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while [ $running -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
exit $failed
