# GlyphLab. `make run` sets up, builds in release and runs the default experiment;
# `make test` sets up and runs the test suite.
SWIFT ?= swift
RELEASE_BIN := .build/release/glyphlab

.PHONY: setup build release run test lint format bench peers clean

setup:
	@bash Scripts/setup.sh

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release

run: release
	$(RELEASE_BIN) doctor
	$(RELEASE_BIN) bench gemm
	$(RELEASE_BIN) bench distances

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
