# Oversight: the two commands in the README are the contract.
#   make demo   environment, embedded database, demo data, serves http://127.0.0.1:8000
#   make test   the whole test suite, starting what it needs (PostgreSQL, Chromium)
SHELL := /bin/bash
# uv from PATH, or run as a module once pip has installed it (a fresh machine has neither).
UV ?= $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
PG_PORT ?= 55432
PG_DIR ?= /tmp/oversight-test-postgres
export UV_PYTHON_DOWNLOADS := never

.PHONY: demo test install python-env frontend test-system-deps test-sqlite test-postgres postgres-start postgres-stop bench lint clean

demo: install
	$(UV) run --frozen oversight demo

install: python-env frontend

python-env:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen

frontend: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# System packages the tests need: Debian's Chromium (never a downloaded browser),
# PostgreSQL, poppler (PDF to PNG) and the HarfBuzz subsetter WeasyPrint uses.
test-system-deps:
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	ldconfig -p | grep -q libharfbuzz-subset || missing="$$missing libharfbuzz-subset0"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# Lint first (seconds), then everything on SQLite in parallel, then the database tests on PostgreSQL.
test: install test-system-deps lint
	@bash scripts/test-postgres.sh start $(PG_DIR) $(PG_PORT)
	@trap 'bash scripts/test-postgres.sh stop $(PG_DIR) $(PG_PORT)' EXIT; \
	$(MAKE) --no-print-directory test-sqlite && \
	$(MAKE) --no-print-directory test-postgres

# Tests run in parallel (pytest-xdist, one worker per core); each worker has its own test database.
PYTEST_WORKERS ?= auto
# The database-backed apps: run again on PostgreSQL.
DJANGO_APPS := core accounts audit organisations surveillance governance workforce reports infogov clinical_performance urgent_care professional_standards

# Everything, on the embedded SQLite database.
test-sqlite:
	$(UV) run --frozen pytest -q -n $(PYTEST_WORKERS)

# The database-backed tests again, on PostgreSQL (browser tests ran above).
test-postgres:
	DATABASE_URL=postgres://app@127.0.0.1:$(PG_PORT)/oversight $(UV) run --frozen pytest -q -n $(PYTEST_WORKERS) \
	  -m "not browser" $(addprefix src/oversight/,$(DJANGO_APPS)) tests

# Every benchmark in bench/, each printing its figures beside a same-run baseline.
bench: install
	$(UV) run --frozen python bench/run_all.py

lint: python-env
	$(UV) run --frozen ruff check src tests bench

clean:
	rm -rf .venv node_modules static_build var
