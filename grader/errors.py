"""The grader's error hierarchy.

A student's mistake is never an exception: it becomes a failed check. Exceptions are for what stops
grading itself (a broken spec, an unreadable submission, a kernel that would not start). They are
caught at the submission boundary; only ``cli`` turns them into exit codes.
"""

from __future__ import annotations

from grader.text.messages import Message, render


class GraderError(Exception):
    """Base of every error the grader raises on purpose."""


class SpecError(GraderError):
    """The assignment's rule spec or reference is wrong: the instructor must fix it."""


class SubmissionError(GraderError):
    """The submitted file cannot be graded at all (not a notebook, wrong format...).

    It carries a Message, since its text reaches the student in their language; ``str()`` is the
    English text for logs and instructors.
    """

    def __init__(self, message: Message) -> None:
        super().__init__(render(message, "en"))
        self.message = message


class ExecutionError(GraderError):
    """The kernel could not be started or the execution machinery failed."""


class UsageError(GraderError):
    """The command was called wrongly (a file that is not there, a folder instead of a
    notebook). Carries a Message: a student calling ``grader check`` reads it in their
    language."""

    def __init__(self, message: Message) -> None:
        super().__init__(render(message, "en"))
        self.message = message


class EnvironmentProblem(GraderError):
    """The grading environment itself is broken: nobody may be scored in it."""
