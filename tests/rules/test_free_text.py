"""M100 free-text: an answer waits for the instructor, a placeholder earns nothing."""

from __future__ import annotations

import pytest

from grader.rules.base import Evidence, SourceCell
from grader.rules.free_text import PLACEHOLDER, check, parse


def _evidence(*texts: str) -> Evidence:
    return Evidence({}, {}, texts=tuple(SourceCell(i, "q", t) for i, t in enumerate(texts)))


def test_an_answer_is_pending_with_its_text_kept():
    outcome = check(
        parse({"min_words": 3}), _evidence("Weil Faltung die Gewichte teilt.", "<b>Ja</b>"), False
    )
    assert outcome.pending and outcome.score == 0.0
    assert (
        outcome.found == "Weil Faltung die Gewichte teilt.\n\n<b>Ja</b>"
    )  # as written; pages escape it
    assert outcome.message.key == "free_text.pending" and outcome.message.params["words"].value == 8


@pytest.mark.parametrize("text", [PLACEHOLDER, "", "  \n", f"  {PLACEHOLDER}\n\n"])
def test_only_the_placeholder_or_an_empty_cell_is_no_answer(text):
    outcome = check(parse({"min_words": 2}), _evidence(text), False)
    assert not outcome.pending and outcome.message.key == "free_text.missing"


@pytest.mark.parametrize(
    ("text", "words"), [("Gewichte teilen.", 2), (f"{PLACEHOLDER}\nja", 1), ("?!", 0)]
)
def test_a_short_answer_is_the_instructors_to_judge(text, words):
    """However short: what the student wrote goes to the instructor, marked as short."""
    outcome = check(parse({"min_words": 5}), _evidence(text), False)
    assert (
        outcome.pending
        and outcome.score == 0.0
        and outcome.found == text.replace(PLACEHOLDER, "").strip()
    )
    assert outcome.message.key == "free_text.pending_short"
    assert outcome.message.params["words"].value == words


def test_no_markdown_answer_cell_at_all_says_so():
    assert check(parse({}), _evidence(), False).message.key == "free_text.no_cell"


def test_unknown_keys_and_bad_values_are_refused():
    with pytest.raises(ValueError, match="unknown key"):
        parse({"words": 3})
    with pytest.raises(ValueError, match="at least 1"):
        parse({"min_words": 0})
