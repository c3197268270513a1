# Two entry points for a fresh machine with only Python and pip: `make demo` and `make test`.
# Both create .venv and install the project into it first (once; again when pyproject.toml changes).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-quick lint bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Self-checks of the bundled demo submissions: right, partly wrong and broken ones.
demo: $(STAMP)
	@for nb in demo/course/*/*.ipynb; do \
		echo "=================== $$nb"; \
		$(BIN)/grader check "$$nb"; rc=$$?; \
		if [ $$rc -gt 1 ]; then echo "grader failed with exit code $$rc"; exit $$rc; fi; \
	done

test: $(STAMP)
	$(BIN)/ruff check grader tests benchmarks
	$(BIN)/ruff format --check grader tests benchmarks
	$(BIN)/python -m pytest

# Without the tests that start kernels: about a second.
test-quick: $(STAMP)
	$(BIN)/python -m pytest -m "not kernel"

bench: $(STAMP)
	$(BIN)/python benchmarks/check_overhead.py
