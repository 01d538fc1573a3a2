#!/usr/bin/env bash
# Side-by-side k-means and kNN benchmarks: GlyphLab against faiss-cpu and scikit-learn on one
# HDF5 file, under two BLAS kernel settings, the encoder benchmark against PyTorch on the
# same network, and the estimator benchmarks (the clustering kind's methods and the few-shot
# classifiers scikit-learn also has) on real glyphs' HOG features, then tables with ratios.
# See Benchmarks/README.md.
#
# Environment knobs (all optional):
#   THREADS=2          threads for every implementation (BLAS and OpenMP)
#   REPEAT=3           timed repetitions after one warm-up (best and median reported)
#   SCRATCH=.build     SwiftPM scratch path for the release build of glyphlab
#   GLYPHLAB=path      use this glyphlab binary instead of building one
#   WORKDIR=dir        where the data file and JSON lines go (default: $TMPDIR/glyphlab-bench)
#   FAST_CORE=SkylakeX the OpenBLAS core forced on faiss and NumPy/SciPy in the "fast" setting
#   SETTINGS="environment fast"   which kernel settings to run
#   BENCHMARKS="kmeans kmeans-uniform kmeans-init knn encoder estimators"  which benchmarks to run
#                      (kmeans-uniform: the k-means benchmark on uniform U(0, 1) points instead of
#                      the Gaussian mixture)
#   PEERS="faiss sklearn"         which peers to run (k-means and kNN)
#   ENCODER_SIZES="32 48"         image sizes of the encoder benchmark (Conv-4, 64 channels, batch 128)
#   TORCH_PYTHONS="/usr/bin/python3 Benchmarks/.venv-torch/bin/python"
#                      interpreters whose torch runs the encoder peer (Debian's python3-torch 1.13;
#                      PyPI's torch 2.x in a venv, skipped when absent; TORCH2=1 installs it there)
#   TORCH_OMP_POLICIES="ACTIVE PASSIVE"  OpenMP wait policies tried for PyTorch (best kept)
#   ESTIMATOR_DATASET=Datasets/oracle-mnist-test.h5  the GlyphLab dataset (make datasets) whose
#                      glyphs' HOG features (cell 4, block 2, unit rows: clustering-oracle's) the
#                      estimator benchmarks read, with its labels
#   CLUSTER_METHODS="agglomerative-ward agglomerative-average dbscan minibatch-kmeans"
#   CLUSTER_POINTS=3000  points clustered; DBSCAN_EPS=0.713917 (clustering-oracle's eps_used for
#                      these features: the median distance to the 5th neighbour)
#   FEWSHOT_METHODS="knn logistic-regression label-propagation"; FEWSHOT_SHOTS=50 support rows
#                      per class (the rest are queries)
#   ESTIMATOR_PYTHON=/usr/bin/python3  Debian's python3-sklearn (make bench installs it), which
#                      runs on the system OpenBLAS that GlyphLab links
#   ROUNDS=1           run everything this many times, interleaved; the table keeps each
#                      implementation's best round (use 2-3 on a busy machine)
set -euo pipefail

cd "$(dirname "$0")/.."
THREADS=${THREADS:-2}
REPEAT=${REPEAT:-3}
SCRATCH=${SCRATCH:-.build}
FAST_CORE=${FAST_CORE:-SkylakeX}
SETTINGS=${SETTINGS:-environment fast}
BENCHMARKS=${BENCHMARKS:-kmeans kmeans-uniform kmeans-init knn encoder estimators}
ESTIMATOR_DATASET=${ESTIMATOR_DATASET:-Datasets/oracle-mnist-test.h5}
CLUSTER_METHODS=${CLUSTER_METHODS:-agglomerative-ward agglomerative-average dbscan minibatch-kmeans}
CLUSTER_POINTS=${CLUSTER_POINTS:-3000}
DBSCAN_EPS=${DBSCAN_EPS:-0.713917}
FEWSHOT_METHODS=${FEWSHOT_METHODS:-knn logistic-regression label-propagation}
FEWSHOT_SHOTS=${FEWSHOT_SHOTS:-50}
ESTIMATOR_PYTHON=${ESTIMATOR_PYTHON:-/usr/bin/python3}
ENCODER_SIZES=${ENCODER_SIZES:-32 48}
TORCH_VENV=Benchmarks/.venv-torch
TORCH_PYTHONS=${TORCH_PYTHONS:-/usr/bin/python3 $TORCH_VENV/bin/python}
PEERS=${PEERS:-faiss sklearn}
ROUNDS=${ROUNDS:-1}
WORKDIR=${WORKDIR:-${TMPDIR:-/tmp}/glyphlab-bench}
VENV=Benchmarks/.venv
DATA=$WORKDIR/bench-data.h5
DATA_UNIFORM=$WORKDIR/bench-data-uniform.h5
ESTIMATOR_DATA=$WORKDIR/estimator-data.h5
RESULTS=$WORKDIR/results-$(date +%Y%m%d-%H%M%S).jsonl
mkdir -p "$WORKDIR"

# 1. Python peers in a private venv (git-ignored), for the k-means and kNN benchmarks.
PY=python3
if [[ " $BENCHMARKS " == *" kmeans "* || " $BENCHMARKS " == *" kmeans-uniform "* || " $BENCHMARKS " == *" knn "* ]]; then
  if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
  fi
  if ! "$VENV/bin/python" -c "import faiss, sklearn, h5py, numpy, threadpoolctl" 2>/dev/null; then
    "$VENV/bin/pip" install --quiet faiss-cpu scikit-learn h5py numpy threadpoolctl
  fi
  PY=$VENV/bin/python
fi

# PyPI's torch 2.x (CPU wheel) for the encoder peer, only on request: it is a large download.
if [ "${TORCH2:-0}" = 1 ] && [ ! -x "$TORCH_VENV/bin/python" ]; then
  python3 -m venv "$TORCH_VENV"
  "$TORCH_VENV/bin/pip" install --quiet torch --index-url https://download.pytorch.org/whl/cpu \
    || "$TORCH_VENV/bin/pip" install --quiet torch
fi

# 2. GlyphLab, release build.
if [ -z "${GLYPHLAB:-}" ]; then
  swift build -c release --scratch-path "$SCRATCH" >&2
  GLYPHLAB=$SCRATCH/release/glyphlab
fi

# 3. One data file for everyone: 110,000 × 64 float32 (k-means: first 100,000 rows;
#    kNN: 10,000 base rows + 100,000 queries).
if [ "$PY" != python3 ] && [ ! -f "$DATA" ]; then
  "$GLYPHLAB" bench make-data --out "$DATA" --rows 110000 --dim 64 --seed 42 >&2
fi
if [ "$PY" != python3 ] && [ ! -f "$DATA_UNIFORM" ] && [[ " $BENCHMARKS " == *" kmeans-uniform "* ]]; then
  "$GLYPHLAB" bench make-data --out "$DATA_UNIFORM" --rows 100000 --dim 64 --seed 42 --distribution uniform >&2
fi

if [[ " $BENCHMARKS " == *" estimators "* ]]; then
  if [ ! -f "$ESTIMATOR_DATASET" ]; then
    echo "run.sh: $ESTIMATOR_DATASET is missing (make datasets builds it)" >&2
    exit 1
  fi
  if ! "$ESTIMATOR_PYTHON" -c "import sklearn, h5py, numpy, threadpoolctl" 2>/dev/null; then
    echo "run.sh: $ESTIMATOR_PYTHON lacks scikit-learn (bash Scripts/setup.sh apt-packages-bench.txt)" >&2
    exit 1
  fi
  [ "$PY" = python3 ] && PY=$ESTIMATOR_PYTHON
  # The clustering kind's HOG features of the dataset, with its labels, for both sides.
  "$GLYPHLAB" bench make-data --from "$ESTIMATOR_DATASET" --features hog --hog-cell 4 --hog-block 2 --normalize \
    --out "$ESTIMATOR_DATA" --overwrite >&2
fi

export OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS

# The "fast" setting forces AVX-512 kernels ($FAST_CORE) on the peers. A CPU without AVX-512
# (e.g. AMD family 25, Zen 3) cannot run them, and there every implementation's own choice
# is already its best AVX2 core: "environment" then measures the machine, so "fast" is dropped.
if [[ " $SETTINGS " == *" fast "* ]] && ! grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
  SETTINGS=$(echo " $SETTINGS " | sed 's/ fast / /; s/^ *//; s/ *$//')
  echo "run.sh: this CPU has no AVX-512; skipping the \"fast\" setting (environment: ${SETTINGS:-none})" >&2
fi

# Runs one implementation under one setting and appends its JSON line, tagged with the setting.
run_one() {
  local setting=$1 implementation=$2 benchmark=$3
  local command=$benchmark
  local -a prefix args
  if [ "$benchmark" = kmeans ]; then
    args=(--file "$DATA" --points 100000 -k 1024 --iterations 10 --repeat "$REPEAT" --threads "$THREADS")
  elif [ "$benchmark" = kmeans-uniform ]; then
    command=kmeans
    args=(--file "$DATA_UNIFORM" --points 100000 -k 1024 --iterations 10 --repeat "$REPEAT" --threads "$THREADS")
  elif [ "$benchmark" = kmeans-init ]; then
    args=(--file "$DATA" --points 100000 -k 1024 --repeat "$REPEAT" --threads "$THREADS")
  else
    args=(--file "$DATA" --references 10000 --queries 100000 -k 10 --repeat "$REPEAT" --threads "$THREADS")
  fi
  if [ "$setting" = fast ]; then
    if [ "$implementation" = glyphlab ]; then
      # GlyphLab picks the best core for the CPU itself when OPENBLAS_CORETYPE is unset.
      prefix=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
    else
      prefix=(env -u OPENBLAS_L2_SIZE "OPENBLAS_CORETYPE=$FAST_CORE")
    fi
  else
    prefix=(env)
    # The environment's Haswell BLAS is AVX2: GlyphLab's own kernels run their AVX2 build
    # too, so this setting measures an AVX2 machine and "fast" an AVX-512 one.
    [ "$implementation" = glyphlab ] && args+=(--kernels avx2)
  fi
  local line
  case $implementation in
    glyphlab) line=$("${prefix[@]}" "$GLYPHLAB" bench "$command" "${args[@]}") ;;
    *) line=$("${prefix[@]}" "$VENV/bin/python" "Benchmarks/peers/${implementation}_peer.py" "$command" "${args[@]}") ;;
  esac
  echo "$line" | "$PY" -c \
    'import json, sys; d = json.loads(sys.stdin.read()); d["setting"] = sys.argv[1]; d["benchmark"] = sys.argv[2]; print(json.dumps(d, sort_keys=True))' \
    "$setting" "$benchmark" >>"$RESULTS"
  echo "  $setting $benchmark $implementation done" >&2
}

# Appends every JSON line of one encoder run (GlyphLab or a PyTorch peer), tagged "encoder-<size>".
run_encoder() {
  local size=$1 python=$2
  local -a args=(encoder --input-size "$size" --channels 64,64,64,64 --head flatten --embedding 128
    --batch 128 --threads "$THREADS" --repeat "$REPEAT")
  local lines policy
  if [ "$python" = glyphlab ]; then
    # GlyphLab's best OpenBLAS core for this CPU (as in the "fast" setting); PyTorch's
    # convolutions run on oneDNN, which picks its own kernels from CPUID.
    lines=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$GLYPHLAB" bench "${args[@]}")
  else
    # PyTorch's OpenMP threads spin at barriers by default (fastest on a quiet machine) and
    # lose badly to time-slicing on a busy one; run both wait policies, the table keeps the
    # faster.
    lines=""
    for policy in ${TORCH_OMP_POLICIES:-ACTIVE PASSIVE}; do
      lines+=$(OMP_WAIT_POLICY=$policy "$python" Benchmarks/peers/torch_peer.py "${args[@]}")$'\n'
    done
  fi
  echo "$lines" | "$PY" -c \
    'import json, sys
for line in sys.stdin:
    if line.strip():
        d = json.loads(line); d["setting"] = sys.argv[1]; print(json.dumps(d, sort_keys=True))' \
    "encoder-$size" >>"$RESULTS"
  echo "  encoder $size×$size $python done" >&2
}

# Appends one estimator benchmark's line (GlyphLab, then scikit-learn, back to back), tagged
# "estimators". Both run on the environment's BLAS setting (the same system OpenBLAS).
run_estimator() {
  local kind=$1 method=$2 implementation=$3
  local -a args=(--file "$ESTIMATOR_DATA" --method "$method" --repeat "$REPEAT" --threads "$THREADS")
  if [ "$kind" = cluster ]; then
    args+=(--points "$CLUSTER_POINTS" --eps "$DBSCAN_EPS")
  else
    args+=(--shots "$FEWSHOT_SHOTS")
  fi
  local line
  if [ "$implementation" = glyphlab ]; then
    line=$("$GLYPHLAB" bench "$kind" "${args[@]}")
  else
    line=$("$ESTIMATOR_PYTHON" Benchmarks/peers/sklearn_peer.py "$kind" "${args[@]}")
  fi
  echo "$line" | "$PY" -c \
    'import json, sys; d = json.loads(sys.stdin.read()); d["setting"] = "estimators"; print(json.dumps(d, sort_keys=True))' \
    >>"$RESULTS"
  echo "  $kind $method $implementation done" >&2
}

for round in $(seq 1 "$ROUNDS"); do
  echo "round $round of $ROUNDS" >&2
  for setting in $SETTINGS; do
    for benchmark in $BENCHMARKS; do
      [ "$benchmark" = encoder ] || [ "$benchmark" = estimators ] && continue
      for implementation in glyphlab $PEERS; do
        # faiss has no k-means++ (it seeds k-means with random points).
        [ "$benchmark" = kmeans-init ] && [ "$implementation" = faiss ] && continue
        run_one "$setting" "$implementation" "$benchmark"
      done
    done
  done
  if [[ " $BENCHMARKS " == *" estimators "* ]]; then
    for method in $CLUSTER_METHODS; do
      for implementation in glyphlab sklearn; do run_estimator cluster "$method" "$implementation"; done
    done
    for method in $FEWSHOT_METHODS; do
      for implementation in glyphlab sklearn; do run_estimator fewshot "$method" "$implementation"; done
    done
  fi
  if [[ " $BENCHMARKS " == *" encoder "* ]]; then
    for size in $ENCODER_SIZES; do
      run_encoder "$size" glyphlab
      for python in $TORCH_PYTHONS; do
        if [ -x "$python" ] && "$python" -c "import torch" 2>/dev/null; then
          run_encoder "$size" "$python"
        fi
      done
    done
  fi
done

echo "JSON lines: $RESULTS" >&2
"$PY" Benchmarks/table.py "$RESULTS"
