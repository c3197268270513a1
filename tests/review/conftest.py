from lms.conftest import course  # noqa: F401  (the gradebook of the LMS tests)
