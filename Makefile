# laborbot — one command each: `make run`, `make test`. Both set up the virtualenv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test test-fast lint bench browser clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Starts the service on SQLite with demo content, the fake WeChat API and the simulator:
# open http://127.0.0.1:8000/simulator
run: setup
	$(BIN)/laborbot db upgrade
	$(BIN)/laborbot serve --dev

test: setup
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

test-fast: setup
	$(BIN)/python -m pytest -q -m "not browser and not slow" $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check bot intents matching content tests bench
	$(BIN)/mypy bot intents matching content

bench: setup
	$(BIN)/python bench/faq.py
	$(BIN)/python bench/matching.py --workers 100000 --vacancies 10000
	$(BIN)/python bench/callback.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
