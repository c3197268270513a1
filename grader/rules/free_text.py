"""M100 free-text: a written answer in the task's Markdown cell, graded by the instructor.

What it checks: that the task's Markdown answer cell holds an answer: anything more than the
exercise's placeholder, however short, is the instructor's to judge (an answer under the course's
``min_words`` is handed on marked as short, never scored 0 by the machine); only the untouched
placeholder or an empty cell is no answer. Such an answer earns nothing automatically: the task
is "pending manual" until the instructor enters points (``grader review`` or ``grader
override``), and the assignment's total stays incomplete until then. The text is read from the
notebook file by the grader (a Markdown cell never runs in a kernel) and kept with the result,
so the review page shows it even after the submission folder is gone.
Why it matters: the lecture's warm-up questions are answered in words; nobody should see a 0
for them because a machine cannot read, nor a total that silently counts them as lost.
Example failure: ``no answer in the answer cell (it still holds the placeholder)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from grader.rules.base import Evidence, Outcome, ParamError, RuleKind, no_needs, reject_unknown
from grader.text.messages import msg
from grader.text.numbers import Count

# what `grader exercise` puts into a Markdown answer cell (grader/course/authoring.py uses it too)
PLACEHOLDER = "*Deine Antwort hier.*"
MAX_CHARS = 20_000  # kept with the result; a longer answer is cut (the file keeps it all)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class FreeText:
    min_words: int = 1  # what the course expects; a shorter answer is marked short, not refused


def parse(raw: dict[str, Any]) -> FreeText:
    reject_unknown(raw, {"min_words"})
    min_words = int(raw.get("min_words", 1))
    if min_words < 1:
        raise ParamError(msg("param.min_words"))
    return FreeText(min_words)


def answer_text(evidence: Evidence) -> str:
    """The task's Markdown answer cells, in notebook order, without the placeholder."""
    parts = [cell.source.replace(PLACEHOLDER, "").strip() for cell in evidence.texts]
    return "\n\n".join(part for part in parts if part)


def check(params: FreeText, evidence: Evidence, _hidden: bool) -> Outcome:
    text = answer_text(evidence)
    words = len(_WORD.findall(text))
    if not evidence.texts:
        return Outcome(0.0, msg("free_text.no_cell"))
    if not text:
        return Outcome(0.0, msg("free_text.missing"), unanswered=True)
    shown = text if len(text) <= MAX_CHARS else text[:MAX_CHARS] + " …"
    said = msg("free_text.pending", words=Count(words))
    if words < params.min_words:
        said = msg("free_text.pending_short", words=Count(words), min_words=params.min_words)
    return Outcome(0.0, said, found=shown, pending=True)


RULE = RuleKind(
    code="M100", name="free-text", doc=__doc__ or "", parse=parse, needs=no_needs, check=check
)
