# The two commands of the README. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test setup bench clean

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

clean:
	rm -rf $(VENV) reports
