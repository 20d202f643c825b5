# One entry point. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format types imports check worker beat bench migrations-check syslibs e2e clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=/path/to/python3.11)."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

syslibs: $(STAMP)
	@$(PY) scripts/check_system_libs.py

run: $(STAMP) syslibs
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Serving the demo on http://127.0.0.1:8000 (admin: http://127.0.0.1:8000/admin/)"
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP) syslibs
	$(PY) -m pytest $(PYTEST_ARGS)

e2e: $(STAMP)
	$(PY) -m pytest -m e2e $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run

types: $(STAMP)
	$(VENV)/bin/mypy

imports: $(STAMP)
	$(PY) scripts/lint_imports.py

# Everything CI checks besides the tests (pre-commit runs the same).
check: lint types imports migrations-check

worker: $(STAMP)
	$(VENV)/bin/celery -A cop worker --loglevel=INFO --concurrency=2

beat: $(STAMP)
	$(VENV)/bin/celery -A cop beat --loglevel=INFO

bench: $(STAMP)
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
