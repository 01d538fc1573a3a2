# GlyphLab. `make run` sets up, builds in release and runs the default experiment;
# `make test` sets up and runs the test suite.
SWIFT ?= swift
RELEASE_BIN := .build/release/glyphlab

.PHONY: setup build release run test lint format bench fuzz sanitize clean

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

# libFuzzer targets (Fuzz/, seeded from Tests/FuzzCorpus), FUZZ_SECONDS each (default 60); not
# part of `make test`. FUZZ_JOBS=2 runs two at once.
FUZZ_SECONDS ?= 60
fuzz: setup
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash Fuzz/run.sh

# The test suite under AddressSanitizer, then ThreadSanitizer (each in its own scratch path;
# too slow for CI's 15 minutes, so run it before resolving a change to threads or C code).
sanitize: setup
	$(SWIFT) build --build-tests -j 1 --sanitize=address --scratch-path .build-asan
	$(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan
	$(SWIFT) build --build-tests -j 1 --sanitize=thread --scratch-path .build-tsan
	$(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan

clean:
	rm -rf .build .build-fuzz .build-asan .build-tsan
