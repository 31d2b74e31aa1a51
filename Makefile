# Two entry points do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PAPERKG := $(VENV)/bin/paperkg
DB ?= paperkg.db
SITE ?= site

TRAIN ?= training/data
# the trained ner under-predicts measures; a prior correction chosen on dev (training/assemble.py)
ENTITY_BIAS ?= --entity-bias METRIC=1.0 --number-sentence-bias METRIC=1.0
MODEL := paperkg/extract/models/accurate

ARCHIVE_DB ?= archive.db
ARCHIVE_SITE ?= archive-site

# The local Neo4j 5.26 Community (docker/neo4j-local: one Java class, jars from Maven Central)
NEO4J_LOCAL := docker/neo4j-local
NEO4J_JAR := $(NEO4J_LOCAL)/target/neo4j-local.jar
NEO4J_DATA ?= .neo4j-local
NEO4J_PORT ?= 7687

.PHONY: demo demo-archive test test-neo4j neo4j lint typecheck tools clean model

# the runtime alone for the demos and training; the dev extras (tests, lint, browser driver) on top
$(VENV)/.runtime: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.runtime
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

tools/node_modules/.installed: tools/package.json tools/package-lock.json
	cd tools && npm ci --no-audit --no-fund --loglevel=error
	touch $@

tools: tools/node_modules/.installed

demo: $(VENV)/.runtime
	$(PAPERKG) build examples/hf-daily-papers --db $(DB)
	$(PAPERKG) viz --db $(DB) --out $(SITE)
	$(PAPERKG) cites-like LoRA --db $(DB) --limit 5
	@echo
	@echo "store: $(abspath $(DB))   (try: $(PAPERKG) query cites-like --param method=LoRA --db $(DB))"
	@echo "site:  $(abspath $(SITE))/index.html"

# The second example: the 9,797 papers of the Hugging Face Daily Papers archive (examples/hf-daily-api),
# every page of the site (1-2 minutes to build and about 3 for the site on 2 cores; 450 MB of pages).
demo-archive: $(VENV)/.runtime
	$(PAPERKG) build examples/hf-daily-api --db $(ARCHIVE_DB) --quiet
	$(PAPERKG) viz --db $(ARCHIVE_DB) --out $(ARCHIVE_SITE) --all
	@echo
	@echo "store: $(abspath $(ARCHIVE_DB))   (try: $(PAPERKG) cites-like GRPO --db $(ARCHIVE_DB) --limit 5)"
	@echo "site:  $(abspath $(ARCHIVE_SITE))/index.html"

# The type check first (as in `make lint`), then the unit tests, then the live Neo4j tests against a
# server of their own (test-neo4j).
test: $(VENV)/.installed
	$(MAKE) --no-print-directory typecheck
	@if command -v npm >/dev/null 2>&1 && [ -f tools/package-lock.json ]; then $(MAKE) tools; fi
	$(PY) -m pytest -q -m "not neo4j"
	$(MAKE) --no-print-directory test-neo4j

# Maven resolves Neo4j from Maven Central into ~/.m2 once; a rebuild (or this rule skipped because the
# jar is newer than its sources) needs no network.
$(NEO4J_JAR): $(NEO4J_LOCAL)/pom.xml $(NEO4J_LOCAL)/src/main/java/org/paperkg/neo4jlocal/Neo4jLocal.java
	cd $(NEO4J_LOCAL) && mvn -q -B package
	touch $@

# Every test marked `neo4j`, against a throw-away server (free port, random password) that is stopped
# and deleted afterwards even when tests fail or are interrupted.
test-neo4j: $(VENV)/.installed $(NEO4J_JAR)
	$(PY) $(NEO4J_LOCAL)/neo4j_local.py exec -- $(PY) -m pytest -q -m neo4j

# A Neo4j for you, without Docker: NEO4J_PASSWORD=... make neo4j (Ctrl-C stops it; data in $(NEO4J_DATA)).
neo4j: $(NEO4J_JAR)
	$(PYTHON) $(NEO4J_LOCAL)/neo4j_local.py run --data $(NEO4J_DATA) --port $(NEO4J_PORT)

# Retrain the accurate profile from the committed corpus (training/README.md): same data and seed,
# same weights; prints the F1 of both profiles on every split.
model: $(VENV)/.runtime
	$(PY) training/corpus/splits.py --out $(TRAIN)
	$(PY) training/convert.py $(TRAIN)/train.input.jsonl=$(TRAIN)/train.gold.jsonl --out $(TRAIN)/train.spacy
	$(PY) training/convert.py $(TRAIN)/dev.input.jsonl=$(TRAIN)/dev.gold.jsonl --out $(TRAIN)/dev.spacy
	$(PY) -m spacy train training/configs/ner.cfg --code training/functions.py \
	    --paths.train $(TRAIN)/train.spacy --paths.dev $(TRAIN)/dev.spacy --output training/out/ner
	$(PY) training/assemble.py training/out/ner/model-best --out training/out/assembled $(ENTITY_BIAS)
	$(PY) training/train_proposed.py --pipeline training/out/assembled
	$(PY) training/train_links.py --pipeline training/out/assembled
	$(PY) training/assemble.py training/out/ner/model-best --out $(MODEL) \
	    --proposed-classifier proposed_classifier.json --result-linker result_linker.json $(ENTITY_BIAS)
	$(PY) training/train_claims.py --pipeline $(MODEL)
	$(PY) training/assemble.py training/out/ner/model-best --out $(MODEL) \
	    --proposed-classifier proposed_classifier.json --result-linker result_linker.json $(ENTITY_BIAS) \
	    --claim-classifier claim_classifier.json
	$(PY) training/scores.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check paperkg tests bench training
	$(MAKE) --no-print-directory typecheck

# mypy over paperkg/ with the settings in pyproject.toml ([tool.mypy])
typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) $(DB) $(SITE) $(ARCHIVE_DB) $(ARCHIVE_SITE) tools/node_modules $(NEO4J_LOCAL)/target .mypy_cache
