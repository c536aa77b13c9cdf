# Two entry points for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint setup clean

$(BIN)/calendar-service: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/calendar-service

run: setup
	$(BIN)/calendar-service serve

test: setup
	$(BIN)/ruff check calendar_service tests benchmarks
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check calendar_service tests benchmarks

clean:
	rm -rf $(VENV) var
