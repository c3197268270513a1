"""grader: runs exercise notebooks, compares answers with reference solutions, explains mistakes."""

__version__ = "0.1.0"
