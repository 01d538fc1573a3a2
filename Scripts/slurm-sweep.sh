#!/usr/bin/env bash
# Runs an experiment spec on a Slurm cluster: an array job with one task per shard
# (SLURM_ARRAY_TASK_ID -> `glyphlab run --shard ID/SHARDS`), then a job that merges the shard
# logs into one log once every task has ended. See "Running a sweep on a Slurm cluster" in
# README.md.
#
#   Scripts/slurm-sweep.sh SPEC SHARDS [key=value ...]
#
# Run it from the repository root on the login node, after `make release` (or point GLYPHLAB at
# a glyphlab binary on a shared file system). Settings, from the environment:
#   GLYPHLAB   the binary (default: $PWD/.build/release/glyphlab)
#   CPUS       cores per task (default 4); each task runs that many runs at once
#   TIME       time limit per task (default 04:00:00)
#   MEMORY     memory per task (default 8G)
#   PARTITION  partition, if the cluster needs one
#   OUT        the merged log (default: Reports/<spec name>.h5)
#   DRY_RUN=1  print the two job scripts instead of submitting them
# A task that is requeued or resubmitted continues its shard's log (`--resume`), so re-running
# this script after a failure only does the missing runs.
set -euo pipefail

if (($# < 2)); then
  echo "usage: $0 SPEC SHARDS [key=value ...]" >&2
  exit 2
fi
spec=$1
shards=$2
shift 2
if ! [[ $shards =~ ^[1-9][0-9]*$ ]]; then
  echo "SHARDS must be a positive integer, got '$shards'" >&2
  exit 2
fi
name=$(basename "$spec")
name=${name%.*}
glyphlab=${GLYPHLAB:-$PWD/.build/release/glyphlab}
out=${OUT:-Reports/$name.h5}
shard_dir=Reports/shards/$name
partition=${PARTITION:+"#SBATCH --partition=$PARTITION"}
overrides=""
for override in "$@"; do overrides+=" $(printf '%q' "$override")"; done
q() { printf '%q' "$1"; }

# Check the spec (and overrides) here, before anything is queued: errors name file, line, key,
# and a shard log that would be one of the inputs or a file of another kind.
if [[ -x $glyphlab ]]; then
  "$glyphlab" run "$spec" "$@" --dry-run --resume --shard "0/$shards" --out "$shard_dir/shard-0-of-$shards.h5" >/dev/null
fi

array_job=$(cat <<EOF
#!/usr/bin/env bash
#SBATCH --job-name=glyphlab-$name
#SBATCH --array=0-$((shards - 1))
#SBATCH --cpus-per-task=${CPUS:-4}
#SBATCH --mem=${MEMORY:-8G}
#SBATCH --time=${TIME:-04:00:00}
#SBATCH --output=Reports/slurm/%x-%A_%a.out
$partition
set -euo pipefail
cd $(q "$PWD")
mkdir -p $(q "$shard_dir")
exec $(q "$glyphlab") run $(q "$spec")$overrides \\
  --shard "\$SLURM_ARRAY_TASK_ID/$shards" --jobs "\${SLURM_CPUS_PER_TASK:-1}" --resume \\
  --out $(q "$shard_dir")/shard-"\$SLURM_ARRAY_TASK_ID"-of-$shards.h5
EOF
)

merge_job=$(cat <<EOF
#!/usr/bin/env bash
#SBATCH --job-name=glyphlab-$name-merge
#SBATCH --cpus-per-task=1
#SBATCH --time=00:30:00
#SBATCH --output=Reports/slurm/%x-%j.out
$partition
set -euo pipefail
cd $(q "$PWD")
shopt -s nullglob
logs=($(q "$shard_dir")/shard-*-of-$shards.h5)
$(q "$glyphlab") merge --overwrite --out $(q "$out") "\${logs[@]}"
$(q "$glyphlab") runs $(q "$out")
EOF
)

if [[ ${DRY_RUN:-0} == 1 ]]; then
  printf '# array job\n%s\n\n# merge job\n%s\n' "$array_job" "$merge_job"
  exit 0
fi
mkdir -p Reports/slurm "$shard_dir"
array_id=$(sbatch --parsable <<<"$array_job")
array_id=${array_id%%;*}
# afterany: merge even if some task failed, so the merged log shows what is missing.
merge_id=$(sbatch --parsable --dependency=afterany:"$array_id" <<<"$merge_job")
echo "submitted array job $array_id ($shards shards) and merge job ${merge_id%%;*} -> $out"
