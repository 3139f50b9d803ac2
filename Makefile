# `make run` installs everything into .venv and starts the dashboard on the seed corpus.
# `make test` installs the same, runs the linter (ruff, configured in pyproject.toml), then every test (Chromium for
# the browser test comes from Debian).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test bench

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

run: $(VENV)/.installed
	$(PY) -m streamlit run dashboard/ui/server.py

test: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	bash scripts/ensure_chromium.sh
	$(PY) -m pytest -q

bench: $(VENV)/.installed
	$(PY) -m dashboard bench
