"""Reading a JSON file a student handed in (a notebook, ``history.json``): every way it can be
malformed becomes a ``SubmissionError`` that names the file and the problem, never a crash.

Python's ``json`` raises more than ``JSONDecodeError`` for hostile input: ``RecursionError`` for
deep nesting, ``ValueError`` past the integer string conversion limit, and it silently keeps the
last of two duplicate keys (a decoy ``cells`` list that Jupyter would hide) and accepts lone
surrogates (``"\\ud800"``) that no UTF-8 writer can write back. All of them are refused here, with
a reason from the catalogue, before anything else looks at the data.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

from grader.errors import SubmissionError
from grader.text.messages import Message, msg
from grader.text.numbers import Count, Decimal

MAX_DEPTH = 100  # a notebook nests about 6 levels, widget metadata a few more
MAX_SHOWN = 40  # characters of a student's key shown in a message


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise _DuplicateKey(key)
        data[key] = value
    return data


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file no larger than ``max_bytes``, or SubmissionError why not."""
    where = str(path)
    try:
        info = path.lstat()
    except OSError as error:
        raise SubmissionError(msg("file.unreadable", path=where, reason=error.strerror)) from None
    if stat.S_ISDIR(info.st_mode):
        raise SubmissionError(msg("file.is_folder", path=where))
    if not stat.S_ISREG(info.st_mode):
        raise SubmissionError(msg("file.not_regular", path=where))
    if info.st_size > max_bytes:
        # one decimal: 20.3 MB must not read "20 MB is larger than 20 MB"
        size, limit = Decimal(info.st_size / 2**20, 1), Count(max(max_bytes // 2**20, 1))
        raise SubmissionError(msg("file.too_large", path=where, size=size, limit=limit))
    if info.st_size == 0:
        raise SubmissionError(msg("file.empty", path=where))
    try:
        return path.read_bytes()
    except OSError as error:
        raise SubmissionError(msg("file.unreadable", path=where, reason=error.strerror)) from None


def parse_json(raw: bytes, where: str) -> Any:
    """The data of a JSON document, or SubmissionError naming ``where`` and the problem."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SubmissionError(msg("file.not_utf8", path=where)) from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except _DuplicateKey as error:
        raise SubmissionError(
            msg("file.duplicate_key", path=where, name=_shown(error.key))
        ) from None
    except json.JSONDecodeError as error:
        problem = msg(
            "file.not_json", path=where, line=error.lineno, column=error.colno, detail=error.msg
        )
        raise SubmissionError(problem) from None
    except RecursionError:
        raise SubmissionError(msg("file.too_deep", path=where, limit=Count(MAX_DEPTH))) from None
    except (ValueError, OverflowError):  # past the int string conversion limit
        raise SubmissionError(msg("file.huge_number", path=where)) from None
    except MemoryError:
        raise SubmissionError(msg("file.too_large_parsed", path=where)) from None
    found = structure_problem(data)
    if found is not None:
        raise SubmissionError(msg("file.bad_structure", path=where, problem=found))
    return data


def load_json(path: Path, max_bytes: int) -> Any:
    """Reads and parses an untrusted JSON file (see ``parse_json``)."""
    return parse_json(read_regular_file(path, max_bytes), str(path))


def structure_problem(data: Any) -> Message | None:
    """Nesting deeper than MAX_DEPTH, or a string no UTF-8 writer can write (a lone surrogate).
    Iterative, so that depth costs no recursion."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            if not _encodable(node):
                return msg("json.surrogate")
            continue
        if not isinstance(node, dict | list):
            continue
        if depth > MAX_DEPTH:
            return msg("json.too_deep", limit=Count(MAX_DEPTH))
        if isinstance(node, dict):
            for key, value in node.items():
                if not _encodable(key):
                    return msg("json.surrogate")
                stack.append((value, depth + 1))
        else:
            stack.extend((item, depth + 1) for item in node)
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(key: str) -> str:
    safe = key.encode("utf-8", "backslashreplace").decode("utf-8")
    return repr(safe if len(safe) <= MAX_SHOWN else safe[:MAX_SHOWN] + "…")
