"""The grader's error hierarchy.

A student's mistake is never an exception: it becomes a failed check. Exceptions are for what stops
grading itself (a broken spec, an unreadable submission, a kernel that would not start). They are
caught at the submission boundary; only ``cli`` turns them into exit codes.
"""

from __future__ import annotations

from grader.text.messages import Message, render


class GraderError(Exception):
    """Base of every error the grader raises on purpose.

    One that an instructor or student reads carries a Message (``said``), so that the command
    says it in its ``--lang``; ``str()`` is the English text for logs. A plain string is for
    what only a log or a developer reads."""

    def __init__(self, problem: str | Message = "") -> None:
        super().__init__(render(problem, "en") if isinstance(problem, Message) else problem)
        self.said = problem if isinstance(problem, Message) else None


def said_in(error: GraderError, lang: str) -> str:
    """The error as its reader reads it: the catalogue's sentence in ``lang`` where it carries
    one (``said``, or a ``message`` of the errors that always carry one), else its text."""
    message = getattr(error, "message", None) or error.said
    return render(message, lang) if isinstance(message, Message) else str(error)


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
