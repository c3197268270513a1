"""The student kit: building it, where grader check takes its checks from, and check()
inside a notebook."""
