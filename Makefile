# e-Mrejesho: `make run` serves the demo, `make test` runs the whole suite.
# Each target makes the virtualenv itself, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PO_FILES := $(shell find mrejesho -path '*/translations/*' -name '*.po')
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test scan bench soak install translations migrate seed lint clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

install: $(BIN)/activate translations

%.mo: %.po $(BIN)/activate
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

translations: $(MO_FILES)

migrate: install
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) seed

# make run also adds sample feedback (once): a newcomer sees a living queue and statistics.
run: migrate
	$(FLASK) seed --sample
	@echo ""
	@echo "e-Mrejesho is starting at http://127.0.0.1:5000 (staff: /staff/login, phone simulator: /simulator)"
	@echo "Webhook token (for the curl lines in README.md; kept in instance/webhook-token):"
	@$(BIN)/python -c "from mrejesho import config; print('  ' + config.load()['WEBHOOK_TOKEN'])"
	@echo "Stop with Ctrl-C."
	$(BIN)/honcho start

# One pytest worker per CPU, sharing the suite module by module (mrejesho/testing/scheduling.py).
test: install
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

# Security scans (CI runs this before the tests, see .ci/run); docs in SECURITY.md.
# bandit fails on high severity. pip-audit asks PyPI's advisory database (online) about every
# pinned requirement and fails on any advisory not in .pip-audit-ignore (each with a reason);
# --strict fails when a package cannot be audited. Without the database (offline, or a
# mirror without the per-version pages, as on the project's own CI machines) the audit is
# skipped with a warning, or fails where AUDIT_REQUIRED is set (a CI that reaches PyPI).
AUDIT_IGNORES = $(shell sed -n 's/^\([A-Za-z0-9_.:-][A-Za-z0-9_.:-]*\)[[:space:]]*\#.*[[:alnum:]].*/--ignore-vuln \1/p' .pip-audit-ignore)
AUDIT_PROBE = https://pypi.org/pypi/flask/$(shell sed -n 's/^Flask==//p' requirements.txt)/json

scan: install
	@if grep -v '^[[:space:]]*\#' .pip-audit-ignore | grep -v '^[[:space:]]*$$' \
	    | grep -v '\#.*[[:alnum:]]'; then \
	  echo ".pip-audit-ignore: the entries above have no reason" >&2; exit 1; fi
	$(BIN)/bandit -q -r mrejesho sms ussd --severity-level high
	@if $(BIN)/python -c "import urllib.request as u; u.urlopen('$(AUDIT_PROBE)', timeout=20)" \
	    2>/dev/null; then \
	  $(BIN)/pip-audit --strict --progress-spinner off -r requirements.txt \
	    -r requirements-dev.txt $(AUDIT_IGNORES); \
	elif [ -n "$$AUDIT_REQUIRED" ]; then \
	  echo "pip-audit: PyPI's advisory database is unreachable ($(AUDIT_PROBE));" \
	    "AUDIT_REQUIRED is set, so the scan fails" >&2; exit 1; \
	else \
	  echo "WARNING: PyPI's advisory database is unreachable ($(AUDIT_PROBE));" \
	    "dependency audit SKIPPED (set AUDIT_REQUIRED=1 to fail instead)" >&2; fi

# wrk drives the load (Debian package, installed here when missing); see docs/benchmark.md.
# make bench BENCH_ARGS="--only ussd --seconds 5"; BENCH_DATABASE_URL adds PostgreSQL.
bench: install
	@command -v wrk >/dev/null 2>&1 || $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y wrk
	$(BIN)/python -m bench $(BENCH_ARGS)

# The soak (docs/soak.md): the whole system under load and faults for SOAK_SECONDS (180),
# on a private PostgreSQL cluster, then checks that nothing was lost or duplicated. Not part
# of `make test`. wrk and PostgreSQL's server come from Debian when missing.
SOAK_SECONDS ?= 180
soak: install
	@command -v wrk >/dev/null 2>&1 || $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y wrk
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
	  || $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y postgresql
	SOAK_SECONDS=$(SOAK_SECONDS) $(BIN)/python -m soak $(SOAK_ARGS)

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) instance .pytest_cache
	find . -name '*.mo' -delete
