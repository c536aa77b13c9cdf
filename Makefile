# Two entry points for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint setup clean

ICALJS := tests/publish/interop/node_modules/ical.js

$(BIN)/calendar-service: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# ical.js (Mozilla's parser) reads our feeds in the interop tests; skipped when npm is absent.
$(ICALJS): tests/publish/interop/package.json tests/publish/interop/package-lock.json
	@if command -v npm >/dev/null; then npm ci --silent --prefix tests/publish/interop; \
	else echo "npm not found: the ical.js interop test will be skipped"; fi

setup: $(BIN)/calendar-service

run: setup
	$(BIN)/calendar-service serve

test: setup $(ICALJS)
	$(BIN)/ruff check calendar_service tests benchmarks
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check calendar_service tests benchmarks

clean:
	rm -rf $(VENV) var
