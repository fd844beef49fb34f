# One entry point for people and CI. Every target sets up .venv itself on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

NBVAL := env -u OPENROUTER_API_KEY $(PY) -m pytest --nbval notebooks/ --nbval-current-env \
	--nbval-sanitize-with notebooks/sanitize.cfg

.PHONY: demo test lint notebooks bench clean

DEMO_STAMP := $(VENV)/.installed-demo

$(PY):
	@echo "make: creating $(VENV) with $$($(PYTHON) --version)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# the demo needs the package and its runtime dependencies only
$(DEMO_STAMP): pyproject.toml | $(PY)
	@echo "make: installing openrouter_nb and what it runs on (httpx, pandas, Pillow, ipywidgets; about 300 MB) into $(VENV)"
	$(PY) -m pip install --quiet -e .
	@touch $(DEMO_STAMP)

# the tests need the extras too: pytest, the notebook stack, the foreign clients, Playwright
$(STAMP): pyproject.toml | $(PY)
	@echo "make: installing openrouter_nb with its test, notebook and browser extras (about 900 MB; a few minutes the first time) into $(VENV)"
	$(PY) -m pip install --quiet -e '.[test,notebooks,browser]'
	@touch $(STAMP) $(DEMO_STAMP)

## the main job, offline on the embedded emulator (no key needed)
demo: $(DEMO_STAMP)
	$(PY) -m openrouter_nb

## lint, format check, strict type check, unit tests, then strict nbval over the example notebooks
test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	env -u OPENROUTER_API_KEY $(PY) -m pytest
	$(NBVAL)

## re-execute the example notebooks in place (offline), refreshing their stored outputs
notebooks: $(STAMP)
	$(PY) scripts/run_notebooks.py

## benchmarks against the peers (installs them into .venv first)
bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) benchmarks/run.py

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

## remove everything make and the runs made: the venv, the demo's and notebooks' output, caches
clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis output notebooks/output \
		ci-artifacts benchmarks/results tests/js/node_modules build dist
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	find . -name '*.egg-info' -type d -prune -exec rm -rf {} +
