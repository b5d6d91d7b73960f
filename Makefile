# One command per job; every target builds .venv itself on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ARGS   ?=

.DEFAULT_GOAL := help

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs take the versions in constraints.txt: those the suite last passed with (make lock
# refreshes them). pyproject.toml keeps open ranges for those who install the package.
$(VENV)/.runtime: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $@

# An editable install leaves the package uncompiled (a wheel install compiles it), and with
# PYTHONDONTWRITEBYTECODE set every run would compile ~75 modules again before its first
# request: about 50 ms of each start. Files already compiled are skipped.
COMPILE := $(BIN)/python -m compileall -q hf_crawler

$(VENV)/.dev: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@ $(VENV)/.runtime

.PHONY: help install dev docs lock release schema test test-fast test-tcp mutation system-deps lint format ingest fakehub report clean faults bench bench-full bench-long bench-report bench-upgrade

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

install: $(VENV)/.runtime ## create .venv with the tool
	@$(COMPILE)

dev: $(VENV)/.dev ## create .venv with the tool and the test/lint tools

lock: | $(BIN)/python ## refresh constraints.txt: the newest versions pyproject.toml allows (then run make test)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra mutation --extra docs --python $(BIN)/python --upgrade --quiet -o constraints.txt

test: $(VENV)/.dev system-deps ## run the whole test suite (unit, fake Hub over sockets, real Postgres)
	$(BIN)/pytest $(ARGS)

test-fast: $(VENV)/.dev ## the unit tier only: no database, no network, no system package (seconds)
	$(BIN)/pytest -m unit $(ARGS)

# A cluster of its own from the embedded server's binaries, on 127.0.0.1 with a password
# (tests/tcp_postgres.py), as a hosted Postgres is reached; stopped and removed afterwards.
test-tcp: $(VENV)/.dev system-deps ## the whole suite against a Postgres over TCP with a password
	@home=$$(mktemp -d) && chmod 755 $$home && \
	dsn=$$($(BIN)/python tests/tcp_postgres.py start $$home) && \
	echo "test-tcp: TEST_DATABASE_URL=$$(echo $$dsn | sed 's/:[^:@]*@/:***@/')" && \
	TEST_DATABASE_URL="$$dsn" $(BIN)/pytest $(ARGS); rc=$$?; \
	$(BIN)/python tests/tcp_postgres.py stop $$home; rm -rf $$home; exit $$rc

$(VENV)/.docs: pyproject.toml constraints.txt | $(VENV)/.dev
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,docs]'
	touch $@

# mkdocs-material's banner about its successor says nothing about this site.
docs: $(VENV)/.docs ## build the documentation site into site/ (mkdocs build --strict: a broken link fails)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

$(VENV)/.mutation: pyproject.toml constraints.txt | $(VENV)/.dev
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,mutation]'
	touch $@

# mutmut keeps its results in mutants/ and tests again only what changed since (rm -rf
# mutants to start afresh). ARGS names mutants to run, e.g. ARGS='"hf_crawler.hub.limiter*"'.
mutation: $(VENV)/.mutation ## mutation testing of the core modules (mutmut): killed and surviving mutants
	$(BIN)/mutmut run --max-children 2 $(ARGS) || true
	$(BIN)/python tests/mutation_report.py

system-deps: ## the system packages the tests use (pgbouncer, chromium), installed when missing
	@missing=""; \
	{ test -x /usr/sbin/pgbouncer || command -v pgbouncer >/dev/null; } || missing="$$missing pgbouncer"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	  else echo "make test needs:$$missing (sudo apt-get install$$missing)" >&2; exit 1; fi; \
	fi

lint: $(VENV)/.dev ## ruff check, format check, mypy --strict on the package, squawk on the migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/squawk --config .squawk.toml sql/migrations/*.sql

release: $(VENV)/.dev ## cut release VERSION=x.y.z: version, changelog section, pinned migration hashes
	$(BIN)/python tools/release.py $(VERSION)

schema: $(VENV)/.dev ## regenerate sql/schema.sql (the schema a fresh migrate makes) and the schema reference
	$(BIN)/python tools/schema.py

format: $(VENV)/.dev ## apply ruff's formatting and safe fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

ingest: $(VENV)/.runtime ## crawl the Hub into Postgres (settings from flags, env, .env; ARGS="...")
	@$(COMPILE)
	$(BIN)/hf-crawl $(ARGS)

fakehub: $(VENV)/.runtime ## serve the fake Hub on 127.0.0.1:8099 (ARGS="--tasks 5 ...")
	$(BIN)/hf-crawl fakehub --port 8099 $(ARGS)

report: $(VENV)/.runtime ## print the verification report of the loaded data
	$(BIN)/hf-crawl report $(ARGS)

clean: ## remove .venv and caches (the embedded database lives in the user data dir)
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis

faults: $(VENV)/.dev ## fault drill: every fault kind, 429s with and without header pacing, rows lost
	$(BIN)/python bench/fault_drill.py $(ARGS)

bench: $(VENV)/.dev ## hf-crawler beside a huggingface_hub + psycopg peer, merge throughput (about 5 minutes)
	@$(COMPILE)
	$(BIN)/python bench/bench.py $(ARGS)

bench-long: $(VENV)/.dev ## 30 daily runs of 20 x 1000: size and time per run, growth, slowdown, a year's projection
	@$(COMPILE)
	$(BIN)/python bench/long_run.py $(ARGS)

bench-report: $(VENV)/.dev system-deps ## the report at 47 x 1000 after two crawls: time per format, page size and load
	$(BIN)/python bench/report_page.py $(ARGS)

bench-upgrade: $(VENV)/.dev ## readers of hf.models / hf.model_tasks during an upgrade of a million-model database (ARGS="--from 29")
	$(BIN)/python bench/upgrade_readers.py $(ARGS)

bench-full: $(VENV)/.dev ## full-Hub walk of 2,000,000 fake models: time and peak memory
	$(BIN)/python bench/bench.py --full-hub 2000000 --out bench-results/full-hub.json $(ARGS)
