# Two entry points for a fresh machine with only Python and pip: `make demo` and `make test`.
# Both create .venv and install the project into it first (once; again when pyproject.toml changes).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The suite on every core, a test module's tests on one worker (its module fixture, a corpus or a
# kit, is built once). PARALLEL= runs it in one process; PARALLEL="-n 3 --dist loadgroup" spreads
# the tests one by one (a module with an expensive fixture keeps its xdist_group together).
PARALLEL ?= -n auto --dist loadscope

.PHONY: demo demo-check test test-quick bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@# Student kernels run in bubblewrap (Debian's package); install it where we may.
	@command -v bwrap >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
		&& (apt-get install -y -qq bubblewrap >/dev/null 2>&1 \
		    || (apt-get update -qq && apt-get install -y -qq bubblewrap >/dev/null)); } \
		|| echo "note: bubblewrap is not installed; 'grader grade' needs it (apt-get install bubblewrap)"
	touch $(STAMP)

# Grades the bundled demo course (right, partly wrong and broken submissions) into reports/demo/,
# takes the roster in and fills a Moodle grading worksheet with 01's grades. What waits for the
# instructor (00_vorabfragen's free text) is graded on the review page that grade's last line names.
demo: $(STAMP)
	@if command -v bwrap >/dev/null 2>&1; then \
		$(BIN)/grader grade demo/course --out reports/demo; \
	else \
		echo "bubblewrap is missing: grading the bundled demo (our own notebooks) without a sandbox"; \
		$(BIN)/grader grade demo/course --out reports/demo --unsafe-no-sandbox; \
	fi
	@$(BIN)/grader roster import demo/lms/roster.csv reports/demo
	@$(BIN)/grader export reports/demo --assignment 01_convolution \
		--moodle-worksheet "demo/lms/Grades-DL_SS26-Faltung von Hand-4711.csv"

# A student's self-check of one notebook, as `grader check` prints it. Exit code 1 (points lost)
# is what this notebook deserves; anything above it (a crash) fails the target.
demo-check: $(STAMP)
	@$(BIN)/grader check demo/course/ben/01_convolution.ipynb; code=$$?; \
		[ $$code -le 1 ] || { echo "grader check failed with exit code $$code" >&2; exit $$code; }

test: $(STAMP)
	$(BIN)/ruff check grader tests benchmarks tools
	$(BIN)/ruff format --check grader tests benchmarks tools
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PARALLEL)

# Without the tests that start kernels or TensorFlow: under a minute.
test-quick: $(STAMP)
	$(BIN)/python -m pytest $(PARALLEL) -m "not kernel and not keras"

bench: $(STAMP)
	$(BIN)/python benchmarks/check_overhead.py
	$(BIN)/python benchmarks/batch_throughput.py
	$(BIN)/python benchmarks/keras_grading.py
	$(BIN)/python benchmarks/kit_check.py
	$(BIN)/python benchmarks/kernel_environment.py
	$(BIN)/python benchmarks/doctor_overhead.py
