"""The gradebook stores results as language-neutral JSON: every field and every message survives
the round trip, so `grader report` renders the same pages in either language later."""

from __future__ import annotations

import pytest

from grader.results.json_codec import result_from_json, result_to_json
from grader.results.records import NotebookResult
from tests.report.test_every_state import every_result


@pytest.mark.parametrize("result", every_result(), ids=lambda r: r.status.value)
def test_every_result_survives_the_round_trip(result: NotebookResult) -> None:
    assert result_from_json(result_to_json(result)) == result
