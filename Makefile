# Self-documenting: every public target carries a `## what it does` comment; `make help` lists them.
# Every target bootstraps the project's virtual environment (.venv) on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
KERNEL := countydigital

.DEFAULT_GOAL := help
.PHONY: help report test data lab bench clean lock venv browser-deps

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[test]'
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (countydigital)" >/dev/null
	@touch $(STAMP)

venv: $(STAMP) ## create .venv and install the pinned dependencies

data: $(STAMP) ## fetch external data (or copy from $$COUNTYDIGITAL_DATA_MIRROR) and verify sha256
	$(PY) -m countydigital data fetch

report: data ## build the whole site into site/ (every notebook x parameter set, index, claims ledger)
	$(PY) -m countydigital run $(RUN_ARGS)

test: data browser-deps ## run every test (unit, notebook regression, build, privacy, browser)
	$(PY) -m pytest $(TEST_ARGS)

# Never fails: where Chromium cannot be installed, the browser tests skip and say why.
browser-deps: ## install headless Chromium (Debian's chromium) for the browser test if it is missing
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "installing chromium for the browser test (apt-get)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	    || echo "browser-deps: chromium could not be installed; the browser test will be skipped"; \
	else \
	  echo "browser-deps: apt-get as root is not available; the browser test will be skipped"; \
	fi

bench: data ## run the benchmarks; writes benchmarks/results.json and benchmarks/README.md
	$(PY) -m countydigital.bench $(BENCH_ARGS)

lab: data ## open JupyterLab on the project's kernel
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

lock: ## re-pin every dependency from the current .venv into requirements.lock
	@(echo "# Pinned versions of every dependency (pip constraints). Regenerate with 'make lock'."; \
	  $(PY) -m pip freeze --exclude-editable | grep -v '^countydigital') > requirements.lock

clean: ## remove derived files (build/, site/, data/processed/); keeps downloaded data and .venv
	rm -rf build site data/processed .pytest_cache
