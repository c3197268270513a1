"""The command line: the only place that prints. main for every command, the instructor's
commands after grading, and the CI templates."""
