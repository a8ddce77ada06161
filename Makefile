# Pak-China E-Mining Platform. `make run` serves the portal; `make test` runs the suite.
# With no environment set: SQLite in the project and Celery tasks run eagerly.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# Development defaults; a real deployment sets DEBUG=0 and its own SECRET_KEY.
export DEBUG ?= 1

.PHONY: run test lint format worker beat messages migrate seed install bench bench-audit clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	@# A local .env with DEBUG=1 lets plain `manage.py` commands run in development too.
	test -f .env || printf '# Local development settings; see .env.example\nDEBUG=1\n' > .env
	touch $(STAMP)

install: $(STAMP)

messages: $(STAMP)
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

run: messages seed
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Two workers (pytest-xdist): the suite takes about a third of the time it takes serially.
PYTEST_ARGS ?= -n 2

test: messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

worker: $(STAMP)
	$(BIN)/celery -A emining worker --loglevel=INFO

beat: $(STAMP)
	$(BIN)/celery -A emining beat --loglevel=INFO

# Benchmark (see bench/README.md): gunicorn + wrk on loopback against a throwaway PostgreSQL
# database; needs PostgreSQL (and ideally Redis) on 127.0.0.1 and `apt-get install wrk`.
bench: $(STAMP)
	$(BIN)/python -m bench.run

# The audit chain's costs (bench/README.md): 1,000,000 events in a throwaway PostgreSQL
# database, the verifier's time, and the time the chain adds to a write.
bench-audit: $(STAMP)
	$(BIN)/python -m bench.audit_chain

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache db.sqlite3 test-db.sqlite3 staticfiles
