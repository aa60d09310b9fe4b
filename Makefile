# Two commands: `make demo` builds the sample pact, `make test` runs the suite.
# Both install what is missing on a fresh Debian machine (apt-get, then a venv).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PACT   := $(BIN)/pact
SAMPLE := pacts/2024/cum-12.yaml
PORT   ?= 8000
# pip says only what went wrong: no notices, no progress, no "already satisfied" (English the clerk never needs)
PIP    := $(BIN)/pip install -qq --disable-pip-version-check

APT_RUNTIME := fonts-liberation2 libharfbuzz-subset0 poppler-utils libpango-1.0-0 libpangoft2-1.0-0
APT_TEST    := libreoffice-writer-nogui chromium softhsm2 opensc qpdf

# Install the Debian packages of $(1) that are not installed yet.
define apt_ensure
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Cài gói Debian còn thiếu:" $$missing; \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

.PHONY: demo test serve bench system system-test clean

demo: system $(VENV)/.runtime
	$(PACT) build $(SAMPLE)
	@echo "Xem kết quả trong output/2024/CTD12/"

test: system system-test $(VENV)/.test
	$(BIN)/python -m pytest

# The web page for the secretariat, on the pacts/ folder: http://127.0.0.1:8000/ (PORT=8001 for another).
# Silent but for pact serve's own Vietnamese lines; results go to ./output like `make demo`.
serve: system $(VENV)/.web
	@$(PACT) serve pacts --port $(PORT)

# Build speed against a reference (bench/results.json), then how fast the web
# preview follows a save in a warm server.
# Byte-compiled first, as a regular (non-editable) install would be: this machine sets
# PYTHONDONTWRITEBYTECODE, so every run would compile pact's modules again.
bench: system system-test $(VENV)/.test
	$(BIN)/python -m compileall -q generator
	$(BIN)/python bench/run.py
	$(BIN)/python bench/preview_latency.py

system:
	$(call apt_ensure,$(APT_RUNTIME))

system-test:
	$(call apt_ensure,$(APT_TEST))

$(BIN)/python:
	@echo "Tạo môi trường Python $(VENV)/"
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	@echo "Cài thư viện Python vào $(VENV)/"
	@$(PIP) -e .
	@touch $@

$(VENV)/.web: pyproject.toml $(VENV)/.runtime
	@echo "Cài thư viện cho trang web vào $(VENV)/"
	@$(PIP) -e '.[web]'
	@touch $@

$(VENV)/.test: pyproject.toml $(VENV)/.runtime
	@echo "Cài công cụ kiểm thử vào $(VENV)/"
	@$(PIP) -e '.[test,web,web-test]'
	@touch $@

clean:
	rm -rf output/20* .pytest_cache .hypothesis
