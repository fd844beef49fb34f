# One entry point for people and CI. Every target sets up .venv itself on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

NBVAL := env -u OPENROUTER_API_KEY $(PY) -m pytest --nbval notebooks/ --nbval-current-env \
	--nbval-sanitize-with notebooks/sanitize.cfg

.PHONY: demo test lint notebooks bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,notebooks,browser]'
	touch $(STAMP)

## the main job, offline on the embedded emulator (no key needed)
demo: $(STAMP)
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

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
