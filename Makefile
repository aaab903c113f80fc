# The two commands of the README. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test setup bench clean

demo: $(VENV)/.installed  ## execute every notebook on the bundled data, write reports/*.html
	$(BIN)/recovery report notebooks --out reports

test: $(VENV)/.installed  ## unit tests + every notebook executed (quick size)
	$(BIN)/python -m pytest

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

bench: $(VENV)/.installed  ## speed and memory against Mesa / NDlib (prints tables; not part of the tests)
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) reports
