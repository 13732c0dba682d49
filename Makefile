# Synergie: `make` lists the targets.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.DEFAULT_GOAL := help
.PHONY: help install demo test test-postgres messages check

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-15s %s\n", $$1, $$2}'

$(BIN)/synergie: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

install: $(BIN)/synergie ## Create .venv and install Synergie with its test tools

demo: install ## Start Synergie with its demo data at http://127.0.0.1:8000
	$(BIN)/synergie demo

test: install ## Run the whole test suite (SYNERGIE_DATABASE_URL selects PostgreSQL)
	$(BIN)/pytest

test-postgres: install ## Run the whole test suite on the local PostgreSQL
	SYNERGIE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test $(BIN)/pytest

messages: install ## Extract the interface strings into the FR and NL catalogues and compile them
	cd synergie && ../$(BIN)/synergie makemessages -l fr -l nl --no-location
	cd synergie && ../$(BIN)/synergie compilemessages

check: install ## Django system checks and missing migrations
	$(BIN)/synergie check
	$(BIN)/synergie makemigrations --check --dry-run
