# Rights Office — the two commands: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# Two workers: the suite's own database per worker, twice as fast on two cores.
PYTEST_ARGS ?= -n 2

.PHONY: run test setup setup-dev migrate demo lint messages e2e clean

$(BIN)/activate:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version'
	$(PYTHON) -m venv $(VENV)

# What a server needs (requirements.txt), then the test, fuzzing, lint and
# translation tools on top (requirements-dev.txt). Both are exact pins with
# hashes, compiled from the .in files (docs/DEVELOPING.md, "Dependencies").
$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt -r requirements-dev.txt
	touch $@ $(VENV)/.installed

setup: $(VENV)/.installed

setup-dev: $(VENV)/.installed-dev

migrate: setup
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

run: demo
	@echo "Serving on http://$(HOST)/ — sign in with one of the demo logins above."
	$(BIN)/python manage.py runserver $(HOST)

test: setup-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup-dev
	$(BIN)/ruff check .

messages: setup
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=staticfiles --ignore=tests --no-location
	$(BIN)/python manage.py makemessages -d djangojs -l zh_Hans --ignore=.venv --ignore=staticfiles --ignore=tests --no-location
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
