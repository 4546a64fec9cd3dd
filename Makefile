# Everything the project needs is installed by this file and pyproject.toml.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
TYPED  := config tenants cms registry partnerships api

.PHONY: venv browser run test lint typecheck bench bench-load helm-lint clean-db

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

venv: $(STAMP)

## Debian's Chromium for the browser tests (Playwright cannot download browsers here)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

## make run: embedded PostgreSQL, migrations, demo tenants, web server on :8000 and a worker
run: venv
	$(PY) manage.py migrate_schemas --noinput -v 0
	$(PY) manage.py seed_demo
	$(PY) manage.py run_platform --port 8000

## make test: static checks (lint, format, import contracts, types) and the whole pytest
## suite (real PostgreSQL: embedded by default)
test: venv browser
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m mypy $(TYPED)
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

typecheck: venv
	$(PY) -m mypy $(TYPED)

bench: venv
	$(PY) bench/provisioning.py
	$(PY) bench/pages.py
	$(PY) bench/registry.py

## 60 s of load on every demo tenant plus 50 provisioned ones (scratch database bench_load)
bench-load: venv
	$(PY) bench/load.py

helm-lint: venv
	$(PY) deploy/helm_tool.py lint

clean-db:
	-$(PY) -m config.embedded stop
	rm -rf .pgdata .run
