# MPanel: `make run` to try it, `make test` to check everything.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
RUN := $(UV) run --frozen
NPM := npm --prefix web

.PHONY: debs help uv install install-dev ui run serve migrate test lint types arch test-py test-web test-e2e \
        openapi api-types check-api bench-web bench-billing bench-dns bench-metrics clean

help:
	@echo "make run     install everything, start MPanel with a demo tenant (embedded PostgreSQL)"
	@echo "make test    install what the tests need and run lint, types, unit, integration and browser tests"

uv:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv

install: uv
	$(UV) sync --frozen --no-dev

install-dev: uv
	$(UV) sync --frozen

web/node_modules/.package-lock.json: web/package-lock.json
	$(NPM) ci --no-audit --no-fund
	@touch $@

ui: web/node_modules/.package-lock.json
	$(NPM) run build

run: install ui
	$(RUN) mpanel demo

serve: install
	$(RUN) mpanel serve

migrate: install
	$(RUN) mpanel migrate

# ---- checks -------------------------------------------------------------------------------

test: install-dev ui lint types arch test-web check-api test-py test-e2e

lint: install-dev
	$(RUN) ruff check src tests bench
	$(RUN) ruff format --check src tests bench

types: install-dev
	$(RUN) mypy

arch: install-dev
	$(RUN) lint-imports
	$(RUN) python scripts/check_commits.py src

debs:
	bash scripts/ensure-debs.sh

test-py: install-dev debs
	$(RUN) pytest -n 2 --dist loadfile

test-web: web/node_modules/.package-lock.json
	$(NPM) run typecheck
	$(NPM) test

openapi: install-dev
	@mkdir -p var
	$(RUN) mpanel openapi > var/openapi.json

api-types: openapi
	OPENAPI=$(CURDIR)/var/openapi.json $(NPM) run gen:api

check-api: openapi web/node_modules/.package-lock.json
	OPENAPI=$(CURDIR)/var/openapi.json $(NPM) run check:api

test-e2e: install-dev ui debs
	bash scripts/e2e.sh

bench-web: install-dev ui debs
	$(NPM) run size
	bash scripts/e2e.sh --bench

bench-billing: install-dev
	$(RUN) python -m bench.billing

bench-dns: install-dev debs
	$(RUN) python -m bench.dns

bench-metrics: install-dev
	$(RUN) python -m bench.metrics

clean:
	rm -rf .venv web/node_modules src/mpanel/static var .mypy_cache .ruff_cache .pytest_cache
