# quizapp: `make run` sets everything up and serves on http://127.0.0.1:5000; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 4
export FLASK_APP := quizapp
# `make test` runs the suite in this many processes (pytest-xdist); 0 runs it in one.
TEST_WORKERS ?= 2

OIDC_PROVIDER := tests/oidc/node_modules/.stamp

.PHONY: run serve db test lint chromium oidc-provider wrk haproxy bench bench-school bench-game bench-district bench-district-seed bench-district-pages bench-gradebook bench-progress bench-regrade bench-classes two-hosts check-banks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.stamp-app: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.stamp-test: pyproject.toml $(VENV)/.stamp-app
	$(BIN)/pip install -q -e '.[test]'
	touch $@

## db: bring the database to the latest migration, import every bank, and load the cited sources
##     text from the school's copy (QUIZAPP_ARTICLES_DIR, ../shared/articles) when it is there
db: $(VENV)/.stamp-app
	mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask banks import
	$(BIN)/flask sources load

## run: the development server on the embedded SQLite database
run: db
	$(BIN)/flask run --host $(HOST) --port $(PORT)

## serve: production serving with gunicorn (needs SECRET_KEY; DATABASE_URL for PostgreSQL)
serve: db
	$(BIN)/gunicorn --config python:quizapp.gunicorn_config --workers $(WORKERS) --bind $(HOST):$(PORT) quizapp.wsgi:app

check-banks: $(VENV)/.stamp-app
	$(BIN)/flask banks check

## chromium: Debian's Chromium for the browser tests (installed when running as root)
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "chromium is not installed and this is not root: the browser tests will skip"; fi

## oidc-provider: the OpenID provider the school sign-in tests start (npm's oidc-provider, as locked)
oidc-provider: $(OIDC_PROVIDER)

$(OIDC_PROVIDER): tests/oidc/package.json tests/oidc/package-lock.json
	@if ! command -v npm >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's nodejs and npm for the test OpenID provider"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; fi
	npm ci --prefix tests/oidc --no-audit --no-fund
	touch $@

## wrk: Debian's wrk for the HTTP benchmark (installed when running as root)
wrk:
	@if command -v wrk >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's wrk for the benchmark"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	else echo "wrk is not installed and this is not root: install Debian's wrk"; exit 1; fi

## haproxy: Debian's HAProxy, the load balancer in front of two app hosts (installed when running as root)
haproxy:
	@if command -v haproxy >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's haproxy for the two-host benchmark"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; \
	else echo "haproxy is not installed and this is not root: install Debian's haproxy"; exit 1; fi

## bench: quizapp against hello-world under gunicorn, on SQLite and PostgreSQL (see bench/load.py)
bench: wrk $(VENV)/.stamp-app
	$(BIN)/python bench/load.py $(BENCH_ARGS)

## bench-school: the open-loop load of 1,000 students answering every 10 s, beside hello-world
bench-school: $(VENV)/.stamp-app
	$(BIN)/python bench/load.py --school $(BENCH_ARGS)

## bench-gradebook: the gradebook and item analysis over HTTP, 40 and 400 students (PostgreSQL
##     too when DATABASE_URL is set)
bench-gradebook: $(VENV)/.stamp-app
	$(BIN)/python bench/gradebook.py $(BENCH_ARGS)

## bench-progress: the progress pages over HTTP of a student with 5,000 answers among 100,000
bench-progress: $(VENV)/.stamp-app
	$(BIN)/python bench/progress.py $(BENCH_ARGS)

## bench-regrade: a regrade of 10,000 answers by 400 students, saved from the question editor
bench-regrade: $(VENV)/.stamp-app
	$(BIN)/python bench/regrade.py $(BENCH_ARGS)

## bench-classes: the teacher's home, roster, questions and homework over HTTP, 40 and 400 students
bench-classes: $(VENV)/.stamp-app
	$(BIN)/python bench/classes.py $(BENCH_ARGS)

## bench-game: a 60-player live game on PostgreSQL, with a worker killed in a second game
bench-game: $(VENV)/.stamp-app
	$(BIN)/python bench/game.py $(BENCH_ARGS)

## bench-district: every district bench on PostgreSQL (DATABASE_URL; a kept district's URL skips the
##     seeding): a district seeded, its pages, 300 students at the bell, two app hosts; one table of goals
bench-district: $(if $(findstring two-hosts,$(BENCH_ARGS)),,haproxy) $(VENV)/.stamp-app
	$(BIN)/python bench/district_report.py $(BENCH_ARGS)

## bench-district-seed: seed PostgreSQL (DATABASE_URL) with a district's year; BENCH_ARGS="--keep --check"
bench-district-seed: $(VENV)/.stamp-app
	$(BIN)/python bench/district.py $(BENCH_ARGS)

## two-hosts: two gunicorn hosts behind HAProxy on one PostgreSQL (DATABASE_URL) and one Redis
##            (REDIS_URL): sessions, rate limits, two-factor, a quiz, a game, a host killed mid-run
two-hosts: haproxy $(VENV)/.stamp-app
	$(BIN)/python bench/two_hosts.py $(BENCH_ARGS)

## bench-district-pages: every page timed over HTTP on a seeded district (DATABASE_URL, as
##     bench-district-seed --keep prints it), beside hello-world, each page's SQL explained
bench-district-pages: $(VENV)/.stamp-app
	$(BIN)/python bench/district_pages.py $(BENCH_ARGS)

lint: $(VENV)/.stamp-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## test: lint, types and the whole suite (PostgreSQL too when TEST_DATABASE_URL is set)
test: lint chromium oidc-provider
	$(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
