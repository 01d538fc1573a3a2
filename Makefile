# GlyphLab. `make run` sets up, builds in release and runs the default experiment;
# `make test` sets up and runs the test suite.
SWIFT ?= swift
RELEASE_BIN := .build/release/glyphlab

.PHONY: setup build release run test lint format bench clean mlflow-venv

setup:
	@bash Scripts/setup.sh

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release

CORPUS := Datasets/ancient-glyphs.h5

run: release $(CORPUS)
	$(RELEASE_BIN) doctor
	$(RELEASE_BIN) run Experiments/headline.yaml --overwrite
	$(RELEASE_BIN) report Reports/headline.h5 --out Reports/headline.md

# The built-in corpus (synthetic, deterministic): rebuilt when its recipe changes.
$(CORPUS): Datasets/ancient-glyphs.yaml | release
	$(RELEASE_BIN) datasets build ancient-glyphs --recipe $< --out $@

test: setup mlflow-venv
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# MLflow in a git-ignored venv (.build/mlflow-venv), for the test that reads the MLflow export
# back with MLflow's own client; without network the test is skipped and says why.
mlflow-venv:
	@bash Scripts/mlflow-venv.sh || echo "warning: MLflow not installed; the MLflow round-trip test will be skipped"

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

# Side-by-side kernel benchmarks against faiss-cpu and scikit-learn (see Benchmarks/README.md).
bench: release
	bash Benchmarks/run.sh

clean:
	rm -rf .build
