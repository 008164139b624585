# Two commands do everything: `make up` runs the system, `make test` tests it.
# Both bootstrap .venv from pyproject.toml on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: up test check bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

up: $(STAMP)
	$(BIN)/saishang up

# Static checks first (harlequin's `make check`): format, lint, types, import layers.
check: $(STAMP)
	$(BIN)/ruff format --check --quiet server tui tests bench
	$(BIN)/ruff check --quiet server tui tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

test: check
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH)

clean:
	rm -rf $(VENV) var
