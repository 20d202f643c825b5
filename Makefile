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

PORT ?= 8000

# Loading the demo sends its emails nowhere (EMAIL_URL=memory:) so that the
# logins, printed once the server answers, are not scrolled away.
run: $(STAMP) syslibs
	PORT=$(PORT) $(PY) manage.py migrate --noinput -v 0
	PORT=$(PORT) EMAIL_URL=memory: $(PY) manage.py seed_demo > $(VENV)/demo-logins.txt
	PORT=$(PORT) $(PY) scripts/serve_demo.py --port $(PORT) --logins $(VENV)/demo-logins.txt

# Says plainly when the browser tests will be skipped and how to get them.
test: $(STAMP)
	@$(PY) scripts/check_system_libs.py --for-tests
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
