"""Parameters shared by rule kinds: a named answer, and the ``mistakes = [...]`` list of a check
(mistake ids, or tables with an id and parameters)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grader.rules.base import ParamError, reject_unknown
from grader.rules.helpers.mistakes import get_mistake
from grader.text.messages import msg


def parse_mistakes(raw: Any) -> tuple[tuple[str, dict[str, Any]], ...]:
    if not isinstance(raw, list):
        raise ParamError(msg("param.mistakes_list"))
    parsed = []
    for entry in raw:
        table = {"id": entry} if isinstance(entry, str) else dict(entry)
        mistake_id = str(table.pop("id", ""))
        get_mistake(mistake_id)
        parsed.append((mistake_id, table))
    return tuple(parsed)


@dataclass(frozen=True)
class NamedAnswer:
    """A check of one module-level answer (``name``) with the mistakes its feedback looks for."""

    name: str
    mistakes: tuple[tuple[str, dict[str, Any]], ...] = ()


def parse_named_answer(raw: dict[str, Any]) -> NamedAnswer:
    reject_unknown(raw, {"name", "mistakes"})
    return NamedAnswer(name=str(raw["name"]), mistakes=parse_mistakes(raw.get("mistakes", [])))
