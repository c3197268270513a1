"""Parsing the ``mistakes = [...]`` list of a check: ids, or tables with an id and parameters."""

from __future__ import annotations

from typing import Any

from grader.mistakes import get_mistake


def parse_mistakes(raw: Any) -> tuple[tuple[str, dict[str, Any]], ...]:
    if not isinstance(raw, list):
        raise ValueError("'mistakes' must be a list of mistake ids or tables with an 'id'")
    parsed = []
    for entry in raw:
        table = {"id": entry} if isinstance(entry, str) else dict(entry)
        mistake_id = str(table.pop("id", ""))
        get_mistake(mistake_id)
        parsed.append((mistake_id, table))
    return tuple(parsed)
