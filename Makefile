# Self-documenting: every public target carries a `## what it does` comment and every variable a `#>` line;
# `make help` lists both.
# Every target bootstraps the project's virtual environment (.venv) on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Tools kept out of the project's environment: cffconvert (CITATION.cff) needs jsonschema<4, which Jupyter
# cannot use; uv compiles the locks. Pinned with hashes in requirements-tools.lock.
TOOLS := $(VENV)/tools
TOOLS_STAMP := $(TOOLS)/.installed
# Errors only: a machine's own pip configuration can name package indexes that lack some packages, and pip
# then warns once per package ("Location ... is ignored"), which says nothing about this project.
PIP := -m pip install --quiet --quiet --disable-pip-version-check
# What requirements.lock covers: the package with every extra, for the Python and platform the project runs on.
LOCK_FOR := --python-version 3.11.7 --python-platform linux
LOCK_EXTRAS := --extra test --extra dask --extra bench
# Bytecode caches (__pycache__/, ignored by git) are written even where the environment sets
# PYTHONDONTWRITEBYTECODE: a build starts several Python processes and `make test` some three hundred, and
# each would otherwise compile the package (and pytest rewrite every test module) again: ~5% of `make test`.
export PYTHONDONTWRITEBYTECODE :=
# Tests run on every core (pytest-xdist); a test file stays on one worker, so a module's shared build runs once,
# and files that read one session-wide build stay together; longest first (tests/scheduling.py).
TEST_WORKERS ?= auto
XDIST = $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder)

#> RUN_ARGS    options for `make report` (python -m countydigital run), e.g. RUN_ARGS="--notebook 01 --no-cache"
#> TEST_ARGS   options for `make test` (pytest), e.g. TEST_ARGS="-m 'not slow' -x" or TEST_ARGS=tests/unit/census
#> TEST_WORKERS  pytest-xdist workers for `make test` and `make check` (default auto: one per core; 0: without xdist)
#> BENCH_ARGS  options for `make bench` (python -m countydigital.bench), e.g. BENCH_ARGS=--quick
#> COUNTYDIGITAL_DATA_MIRROR  (environment) folder `make data` copies the external files from (no download)
#> PYTHON      the interpreter that creates .venv (default python3; 3.11)

.DEFAULT_GOAL := help
.PHONY: help report test check lint data lab bench clean lock venv tools browser-deps

help: ## list the targets and the variables they read
	@echo "Targets:"
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'
	@echo "Variables (make report RUN_ARGS=\"--county 张北县\"):"
	@grep -hE '^#> ' $(MAKEFILE_LIST) | sed 's/^#> /  /'

# Hash-checked: every package must match requirements.lock; the project itself goes in without dependencies.
# The one Jupyter kernel is the venv's own `python3` (the name the notebooks and the runner use, set in
# countydigital/config.py), installed so that it starts this interpreter; a kernel of an older set-up goes.
$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) $(PIP) --upgrade pip
	$(PY) $(PIP) --require-hashes -r requirements.lock
	$(PY) $(PIP) --no-deps -e .
	rm -rf $(VENV)/share/jupyter/kernels/countydigital
	$(PY) -m ipykernel install --sys-prefix >/dev/null --name \
	  "$$($(PY) -c 'from countydigital.config import KERNEL_NAME; print(KERNEL_NAME)')"
	@touch $(STAMP)

venv: $(STAMP) ## create .venv and install the locked dependencies (hash-checked)

$(TOOLS_STAMP): requirements-tools.lock
	@test -x $(TOOLS)/bin/python || $(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python $(PIP) --require-hashes -r requirements-tools.lock
	@touch $(TOOLS_STAMP)

tools: $(TOOLS_STAMP) ## install cffconvert and uv in their own environment (.venv/tools)

# The extras are part of requirements.lock, so `make venv` installs them; these lines put a missing one back
# (a .venv made by hand or by an older Makefile) from the same hash-checked lock.
ensure-extra = @$(PY) -c "import $(2)" 2>/dev/null || { echo "installing the [$(1)] extra from requirements.lock"; \
	$(PY) $(PIP) --require-hashes -r requirements.lock; }

data: $(STAMP) ## fetch external data (or copy from $COUNTYDIGITAL_DATA_MIRROR) and verify sha256
	$(PY) -m countydigital data fetch

report: data ## build the whole site into site/ (every notebook x parameter set, index, claims ledger)
	$(PY) -m countydigital run $(RUN_ARGS)

test: data tools browser-deps ## run every test (unit, notebook regression, build, privacy, browser, citation)
	$(call ensure-extra,test,pytest_notebook)
	$(call ensure-extra,dask,distributed)
	$(PY) -m pytest $(XDIST) $(TEST_ARGS)

# The quick loop while editing: no data download, no kernel, no site build (those are `make test`).
check: $(STAMP) ## unit tests (tests/unit) and lint: under a minute, no notebook is executed
	$(call ensure-extra,test,pytest_notebook)
	$(PY) -m pytest $(XDIST) tests/unit -q -p no:cacheprovider
	@$(MAKE) --no-print-directory lint

# ruff is pinned in requirements.lock (the [test] extra); settings in pyproject.toml ([tool.ruff]).
lint: $(STAMP) ## ruff: errors, style, import order (settings in pyproject.toml)
	$(call ensure-extra,test,ruff)
	$(PY) -m ruff check .

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
	$(call ensure-extra,bench,pyinstrument)
	$(PY) -m countydigital.bench $(BENCH_ARGS)

lab: data ## open JupyterLab on the project's kernel
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

# uv keeps the current pins unless a requirement forces a change; to move to newer versions, delete the
# lock first. Hashes cover every file of each pinned release (any Linux/Python 3.11 wheel or sdist).
lock: tools ## re-resolve requirements.lock (package, extras test, dask, bench) and requirements-tools.lock
	$(TOOLS)/bin/uv pip compile --quiet --generate-hashes --custom-compile-command "make lock" $(LOCK_FOR) \
	  $(LOCK_EXTRAS) pyproject.toml -o requirements.lock
	$(TOOLS)/bin/uv pip compile --quiet --generate-hashes --custom-compile-command "make lock" $(LOCK_FOR) \
	  requirements-tools.in -o requirements-tools.lock

clean: ## remove derived files (build/, site/, data/processed/); keeps downloaded data and .venv
	rm -rf build site data/processed .pytest_cache
