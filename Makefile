# The two commands of the README. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test setup bench docs clean

demo: $(VENV)/.installed  ## execute every notebook on the bundled data, write reports/*.html
	@echo "==> Running the seven notebooks on the bundled data (a few minutes); HTML goes to reports/"
	$(BIN)/recovery report notebooks --out reports
	@echo "==> Done: open reports/00_tour.html. Trainers: 'recovery charts --lang zh' and 'recovery slides --lang zh' (README, For trainers)"

test: $(VENV)/.installed  ## unit tests + every notebook executed (quick size)
	$(BIN)/python -m pytest

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@echo "==> Creating the virtual environment $(VENV) (once)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "==> Upgrading pip"
	$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "==> Installing recovery and its dependencies (numpy, matplotlib, dask, ...): a few minutes the first time"
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@echo "==> Installed"
	touch $@

bench: $(VENV)/.installed  ## speed and memory against Mesa / NDlib (prints tables; not part of the tests)
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	$(BIN)/python benchmarks/run_all.py

docs: $(VENV)/.installed  ## the documentation site into docs/_build/html (warnings are errors); open docs/_build/html/index.html
	$(BIN)/python -m pip install --quiet -e ".[docs]"
	@echo "==> Building the site: API reference, validation table, every chart in en/zh, the notebooks executed at quick size (several minutes)"
	$(BIN)/python -m sphinx -W --keep-going -n -b html docs docs/_build/html
	@echo "==> Done: open docs/_build/html/index.html"

clean:
	rm -rf $(VENV) reports docs/_build docs/_generated
