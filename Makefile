# presslens: `make demo` sets everything up and analyses a bundled article;
# `make test` runs the whole suite; `make bench` prints throughput.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23.2"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/presslens analyze presslens/examples/opinion.txt --format text
	$(BIN)/presslens analyze presslens/examples/opinion.html --format html --output demo-report.html
	@echo "HTML report of presslens/examples/opinion.html written to demo-report.html"

test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2

bench: $(STAMP)
	$(BIN)/presslens bench --limit 300

clean:
	rm -rf $(VENV) demo-report.html .pytest_cache
