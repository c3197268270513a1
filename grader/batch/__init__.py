"""Grading a whole course: the run from discovery to the gradebook, jobs as plain values, and the
executors that run them (the process pool of this machine, or a Dask cluster)."""
