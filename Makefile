# Set-up and the main jobs. Python >= 3.11 and make are all a fresh clone needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test lint countries census format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever pyproject.toml changes; editable so the CLI reads this checkout's files.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

## make run: validate the shipped graph and answer the headline question
run: $(STAMP)
	$(BIN)/tradegraph validate
	$(BIN)/tradegraph query agreements-with-cybersecurity

## make test: the test suite (what CI runs), on one pytest-xdist worker per CPU; TEST_WORKERS=0: in one process
TEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

## make countries: regenerate data/countries.ttl from pycountry
countries: $(STAMP)
	$(BIN)/python -m tradegraph.curation.countries

## make census WTO_RTA=FILE TOTA=DIR: rebuild data/census/ from local copies of the two sources
census: $(STAMP)
	$(BIN)/tradegraph import census --wto-rta "$(WTO_RTA)" --tota "$(TOTA)"

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache
