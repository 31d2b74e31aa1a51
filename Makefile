# Two entry points do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PAPERKG := $(VENV)/bin/paperkg
DB ?= paperkg.db
SITE ?= site

.PHONY: demo test lint tools clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

tools/node_modules/.installed: tools/package.json tools/package-lock.json
	cd tools && npm ci --no-audit --no-fund --loglevel=error
	touch $@

tools: tools/node_modules/.installed

demo: $(VENV)/.installed
	$(PAPERKG) build examples/hf-daily-papers --db $(DB)
	$(PAPERKG) viz --db $(DB) --out $(SITE)
	$(PAPERKG) cites-like LoRA --db $(DB) --limit 5
	@echo
	@echo "store: $(abspath $(DB))   (try: $(PAPERKG) query cites-like --param method=LoRA --db $(DB))"
	@echo "site:  $(abspath $(SITE))/index.html"

test: $(VENV)/.installed
	@if command -v npm >/dev/null 2>&1 && [ -f tools/package-lock.json ]; then $(MAKE) tools; fi
	$(PY) -m pytest -q

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check paperkg tests bench

clean:
	rm -rf $(VENV) $(DB) $(SITE) tools/node_modules
