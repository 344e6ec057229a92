# RNN Guide: `make serve` to read the site, `make test` for every check.
# Both set up .venv from constraints.txt first; `make help` lists the targets.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The math font, from npm (package-lock.json); hooks/math_font.py subsets it.
FONT   := node_modules/@fontsource/stix-two-math/files/stix-two-math-latin-400-normal.woff2
LIGHTHOUSE := node_modules/.bin/lighthouse
HOST   ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help setup fonts serve serve-full test lint pytest pytest-tests pytest-docs build browser lighthouse workflows notebooks chapter-notebooks wheel-check figures bench mutants lock clean torch-version

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# (Re)install when .venv is missing, broken, or older than the pins. An existing
# torch==2.13.0 (such as CI's CPU wheel) already satisfies the pin and is kept.
# What set-up needs is checked first, so a machine that lacks it stops here
# with what to do, not in the middle of pip.
$(STAMP): constraints.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
		{ echo "RNN Guide needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) -V 2>&1)."; \
		  echo "Name another: make PYTHON=python3.12 ..."; exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || \
		{ echo "$(PYTHON) cannot make a virtual environment (no ensurepip)."; \
		  echo "On Debian or Ubuntu: apt-get install python3-venv"; exit 1; }
	@$(BIN)/python -c 'import sys' 2>/dev/null || { rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[docs,test]'
	touch $@

setup: $(STAMP) $(FONT) ## Create or update .venv and the math font with the pinned packages

# npm ci leaves the files with the tarball's dates: touch, so make sees them new.
$(FONT): package-lock.json
	@command -v npm >/dev/null || \
		{ echo "The math font comes from npm: install Node.js and npm (Debian: apt-get install npm)."; exit 1; }
	npm ci --omit=dev --no-audit --no-fund
	touch $@

fonts: $(FONT) ## Install the math font (npm ci) that the build subsets

# The preview rebuilds only the pages whose source changed (--dirty): about a
# second from saving a chapter to the reloaded page, against several for the
# whole site. Pages it did not rebuild keep their navigation and links as they
# were (a new page, a changed title or heading shows in the others only after
# a full build, and a docstring edited in rnn_guide/ shows on the API page only
# then, since docs/api.md did not change); search and the math font keep every page's. Warnings print
# but do not stop it (a dirty build always warns that it is one); make build
# is the strict check. `make serve-full` rebuilds the whole site on every change.
serve: $(STAMP) $(FONT) ## Preview at http://127.0.0.1:8000: rebuilds the pages you edit, reloads the browser
	$(BIN)/mkdocs serve --dirty --no-strict --dev-addr $(HOST)

serve-full: $(STAMP) $(FONT) ## Preview that rebuilds the whole site, strictly, on every change
	$(BIN)/mkdocs serve --dev-addr $(HOST)

# The site is built once; the toolchain tests and the browser tests share it.
# Three processes then share the cores: pytest over tests/, pytest over docs/
# and the browser suite, each one that keeps a core only part of the time.
# Each runs torch on one thread: the tests' tensors are small, and on cores
# that are all busy a second OpenMP thread only spins, waiting for the first
# (on two cores, make test took 94 s with torch's default threads, 72 s so).
# -Otarget keeps each one's output whole. (The sub-make is told that set-up
# and the build are done: its parent did them.)
test: lint workflows build ## Every check: lint, workflows, strict build, tests, doc examples, notebooks, browser
	OMP_NUM_THREADS=1 $(MAKE) --no-print-directory -j3 -Otarget -o $(STAMP) -o $(FONT) -o build pytest browser
	@echo "make test: every check passed"

lint: $(STAMP) ## Ruff: lint and formatting
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

pytest: pytest-tests pytest-docs ## rnn_guide tests, toolchain tests (on the built site), every doc example, every notebook

pytest-tests: $(STAMP) build
	RNN_GUIDE_SITE=$(CURDIR)/site $(BIN)/python -m pytest -q tests

pytest-docs: $(STAMP)
	$(BIN)/python -m pytest -q docs

# The one build command: make build, CI, Pages (both through make test) and the
# tests that plant faults in a site (tests/test_site.py) all run this recipe.
# Never --quiet: in MkDocs 1.6 it switches --strict's warning count off, so a
# dead link would pass (mkdocs/mkdocs#4126).
CONFIG_FILE ?= mkdocs.yml
SITE_DIR    ?= site
build: $(STAMP) $(FONT) ## Strict build of the site into site/
	$(BIN)/mkdocs build --strict --config-file $(CONFIG_FILE) --site-dir $(SITE_DIR)

browser: build ## Check every built page in a real Chromium (installs one if none is present)
	$(BIN)/python tests/browser/ensure_browser.py
	$(BIN)/python -m pytest tests/browser -q

# The chapters and labs on another torch than the pin: every page's examples,
# every page run as printed, every lab against its stored outputs (a lab shows
# what another torch prints differently; tests/notebooks.py). Not part of make
# test. TORCH defaults to the newest release, .github/torch-newest/requirements.txt,
# which CI runs on every push to main. The pinned set goes into a venv of its
# own, .venv-torch-VERSION, with that torch instead of the pin. PyPI's Linux
# wheel is a CUDA build (about 3.5 GB with its libraries) that runs on a CPU;
# install a CPU wheel into that venv first to avoid it, as CI does.
TORCH       ?= $(shell sed -n 's/^torch==//p' .github/torch-newest/requirements.txt)
TORCH_VENV  := .venv-torch-$(TORCH)
torch-version: ## Run the chapters and labs on another torch: make torch-version [TORCH=2.15.0]
	@test -x $(TORCH_VENV)/bin/python || $(PYTHON) -m venv $(TORCH_VENV)
	grep -v '^torch==' constraints.txt > $(TORCH_VENV)/constraints.txt
	PIP_CONSTRAINT=$(TORCH_VENV)/constraints.txt $(TORCH_VENV)/bin/python -m pip install \
		--quiet --disable-pip-version-check torch==$(TORCH) -e '.[docs,test]'
	LABS_CACHE=off PAGES_CACHE=off OMP_NUM_THREADS=1 $(TORCH_VENV)/bin/python -m pytest -q \
		docs tests/test_as_printed.py tests/test_notebooks.py

$(LIGHTHOUSE): package-lock.json
	npm ci --no-audit --no-fund
	touch $@ $(FONT)

lighthouse: build $(LIGHTHOUSE) ## Lighthouse mobile scores, median of 3 runs, of four pages (slow; not in make test)
	$(BIN)/python tests/browser/ensure_browser.py --full
	$(BIN)/python tests/lighthouse.py site

workflows: $(STAMP) ## Audit the GitHub workflows and Dependabot config with zizmor
	$(BIN)/zizmor --offline --quiet .

notebooks: $(STAMP) ## Re-execute the labs and store their outputs
	$(BIN)/python tests/notebooks.py --refresh

# Every chapter as a notebook, generated from its Markdown (rnn_guide_site/notebook.py):
# committed, since Colab opens a notebook from its GitHub path, and kept current by
# tests/test_chapter_notebooks.py, which also runs each in a fresh kernel.
chapter-notebooks: $(STAMP) ## Regenerate docs/notebooks/ from the chapters
	$(BIN)/python -m rnn_guide_site.notebook

# The package as a reader gets it: the wheel, built with a pinned `build`, installed
# in a venv of its own with the CPU torch wheel and nothing of this checkout, runs a
# chapter's notebook in a directory outside the checkout. CI's wheel job runs this.
# Everything lands in build/wheel-check/ (ignored by git).
BUILD_PIN   := build==1.6.1
WHEEL_DIR   := build/wheel-check
WHEEL_PAGE  := docs/notebooks/unrolling.ipynb
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
PINNED_TORCH = $(shell sed -n 's/^torch==//p' constraints.txt)
PIP_QUIET   := --quiet --disable-pip-version-check
wheel-check: ## Build the wheel; a fresh venv with CPU torch installs it and runs a chapter notebook
	rm -rf $(WHEEL_DIR)
	$(PYTHON) -m venv $(WHEEL_DIR)/builder
	$(WHEEL_DIR)/builder/bin/pip install $(PIP_QUIET) $(BUILD_PIN)
	$(WHEEL_DIR)/builder/bin/python -m build --wheel --outdir $(WHEEL_DIR)/dist .
	$(PYTHON) -m venv $(WHEEL_DIR)/reader
	$(WHEEL_DIR)/reader/bin/pip install $(PIP_QUIET) --index-url $(TORCH_INDEX) torch==$(PINNED_TORCH)
	$(WHEEL_DIR)/reader/bin/pip install $(PIP_QUIET) -c constraints.txt \
		$(WHEEL_DIR)/dist/rnn_guide-*.whl nbclient ipykernel
	mkdir -p $(WHEEL_DIR)/run && cp $(WHEEL_PAGE) $(WHEEL_DIR)/run/
	cd $(WHEEL_DIR)/run && ../reader/bin/python -c 'import rnn_guide, sys, torch; \
		assert rnn_guide.__file__.startswith(sys.prefix), rnn_guide.__file__; \
		print("rnn_guide from", rnn_guide.__file__, "with torch", torch.__version__)'
	$(WHEEL_DIR)/reader/bin/python tests/chapter_notebooks.py --cwd $(WHEEL_DIR)/run $(WHEEL_DIR)/run/$(notdir $(WHEEL_PAGE))

figures: $(STAMP) ## Regenerate the figures drawn from code
	$(BIN)/python -m rnn_guide_site.figures

bench: $(STAMP) ## Print benchmark medians: make test, browser suite, pytest docs vs import torch, strict build
	$(BIN)/python tests/bench.py

mutants: $(STAMP) ## Plant known bugs in rnn_guide and check that pytest docs catches each (~2 min)
	$(BIN)/python tests/mutants.py

lock: ## Re-pin constraints.txt from a fresh resolve of pyproject.toml
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet torch==2.13.0 -e '.[docs,test]'
	{ echo '# Every package the project installs, pinned. Regenerate with `make lock`.'; \
	  .lock-venv/bin/pip freeze --exclude-editable | sed 's/^torch==\([0-9.]*\)+cpu$$/torch==\1/'; } > constraints.txt
	rm -rf .lock-venv

clean: ## Remove the built site, caches and test results (keeps .venv)
	rm -rf site .cache .hypothesis test-results

speed: $(STAMP) ## Time unroll, Python loops and nn.RNN on this CPU; write docs/data/speed-cpu.json
	$(BIN)/python -m rnn_guide_site.speed
	$(BIN)/python -m rnn_guide_site.figures
