# GlyphLab. `make run` sets up, builds in release and runs the default experiment;
# `make test` sets up and runs the test suite.
SWIFT ?= swift
RELEASE_BIN := .build/release/glyphlab

.PHONY: setup build release run test lint format bench clean pretraining-set heldout encoder

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

# Rendered training glyphs for pretraining an encoder (issue 11): the corpus's characters in
# eight font families the corpus does not use (Datasets/rendered-glyphs.yaml).
PRETRAINING := Datasets/rendered-glyphs.h5

pretraining-set: $(PRETRAINING)

$(PRETRAINING): Datasets/rendered-glyphs.yaml Datasets/ancient-glyphs.yaml | release
	$(RELEASE_BIN) datasets build rendered-glyphs --recipe $< --out $@

# The default encoder (Experiments/encoder.yaml, docs/training.md), trained on the pretraining
# set; an interrupted training continues with `glyphlab train Experiments/encoder.yaml --resume`.
ENCODER := Encoders/encoder.h5

encoder: $(ENCODER)

$(ENCODER): Experiments/encoder.yaml $(PRETRAINING) | release
	nice $(RELEASE_BIN) train $< --out $@ --overwrite

# Held-out editions, for one final evaluation only: installs the reserved font packages
# (Scripts/apt-heldout-packages.txt, never part of `setup`) and renders the corpus in them.
HELDOUT := Datasets/ancient-glyphs-heldout.h5

heldout: $(HELDOUT)

$(HELDOUT): Datasets/ancient-glyphs-heldout.yaml | release
	@bash Scripts/setup.sh Scripts/apt-heldout-packages.txt
	$(RELEASE_BIN) datasets build ancient-glyphs --recipe $< --out $@

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

# Side-by-side benchmarks against faiss-cpu, scikit-learn and PyTorch (see Benchmarks/README.md).
bench: release
	@bash Scripts/setup.sh apt-packages-bench.txt
	bash Benchmarks/run.sh

clean:
	rm -rf .build
