#!/usr/bin/env bash
# A private, git-ignored venv with MLflow, for the test that reads `glyphlab export mlflow`
# back with MLflow's own client (`make mlflow-venv`; the test is skipped without it).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.build/mlflow-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import mlflow" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --upgrade pip
  "$VENV/bin/pip" install --quiet "mlflow-skinny>=2.9,<3"
fi
"$VENV/bin/python" -c "import mlflow; print('mlflow', mlflow.__version__)"
