"""The instructor's side of a course before any grading: assignment specs, the course's settings,
the roster, and exercises generated from references."""
