"""Equality as the assignment contract defines it, computed only in the grader's process.

Floats match within a relative tolerance of 1e-6 plus an absolute one of 1e-9; integers match
exactly (an integral float such as ``27.0`` counts as the integer 27); shapes match exactly; any
sequence (list, tuple, 1-D array) stands for a list. NaN never matches anything. Both sides are
plain data that crossed the kernel boundary, so no student-defined ``__eq__`` can take part.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

RELATIVE_TOLERANCE = 1e-6
ABSOLUTE_TOLERANCE = 1e-9


def is_number(value: Any) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    )


def is_sequence(value: Any) -> bool:
    return isinstance(value, list | tuple | np.ndarray)


def values_match(found: Any, expected: Any) -> bool:
    if is_number(expected):
        return _numbers_match(found, expected)
    if is_sequence(expected):
        return _sequences_match(found, expected)
    if isinstance(expected, bool | np.bool_):
        return isinstance(found, bool | np.bool_) and bool(found) == bool(expected)
    return type(found) is type(expected) and found == expected


def _numbers_match(found: Any, expected: Any) -> bool:
    if isinstance(found, np.ndarray) and found.shape == ():
        found = found.item()
    if not is_number(found):
        return False
    found_f, expected_f = float(found), float(expected)
    if not (math.isfinite(found_f) and math.isfinite(expected_f)):
        return False
    if isinstance(expected, int | np.integer):
        return found_f.is_integer() and int(found_f) == int(expected)
    return abs(found_f - expected_f) <= ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * abs(expected_f)


def _sequences_match(found: Any, expected: Any) -> bool:
    if not is_sequence(found):
        return False
    expected_array, found_array = as_numeric_array(expected), as_numeric_array(found)
    if expected_array is not None and found_array is not None:
        return _arrays_match(found_array, expected_array)
    if len(found) != len(expected):
        return False
    return all(values_match(f, e) for f, e in zip(found, expected, strict=True))


def as_numeric_array(value: Any) -> np.ndarray | None:
    """A rectangular numeric array, or None for ragged or non-numeric data."""
    try:
        array = np.asarray(value)
    except (ValueError, TypeError):
        return None
    if array.dtype.kind not in "iuf" or array.ndim == 0:
        return None
    return array


def _arrays_match(found: np.ndarray, expected: np.ndarray) -> bool:
    if found.shape != expected.shape:
        return False
    found_f, expected_f = found.astype(float), expected.astype(float)
    if not (np.all(np.isfinite(found_f)) and np.all(np.isfinite(expected_f))):
        return False
    if expected.dtype.kind in "iu":
        return bool(np.array_equal(found_f, expected_f))
    return bool(
        np.all(
            np.abs(found_f - expected_f)
            <= ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * np.abs(expected_f)
        )
    )


def shape_of(value: Any) -> tuple[int, ...] | None:
    array = as_numeric_array(value)
    return None if array is None else tuple(array.shape)


def describe(value: Any, limit: int = 120) -> str:
    """A value as feedback shows it: integral floats as ints, other floats to 4 significant
    digits, and a long value cut after whole elements (``[[1, 2, …], …]``), never inside a
    number; a cut array also says its shape (``(8×8)``)."""
    array = as_numeric_array(value) if isinstance(value, list | tuple | np.ndarray) else None
    plain = array.tolist() if array is not None else _listed(value)
    text, cut = _literal(_tidy(plain), limit)
    if cut and array is not None:
        text += f" ({'×'.join(str(n) for n in array.shape)})"
    return text


def first_difference(found: Any, expected: Any) -> tuple[tuple[int, ...], Any, Any] | None:
    """(position, found there, expected there) of the first entry in which two numeric arrays
    of one shape differ, in reading order; None when they do not differ or do not compare."""
    f, e = as_numeric_array(found), as_numeric_array(expected)
    if f is None or e is None or f.shape != e.shape:
        return None
    for position in np.ndindex(e.shape):
        if not values_match(f[position].item(), e[position].item()):
            return (
                tuple(int(i) for i in position),
                _tidy(f[position].item()),
                _tidy(e[position].item()),
            )
    return None


def _listed(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, list):
        return [_listed(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_listed(item) for item in value)
    return value.item() if isinstance(value, np.generic) else value


def _literal(value: Any, budget: int) -> tuple[str, bool]:
    """A Python literal of nested lists and tuples, cut after the last whole element that fits
    into ``budget`` characters; says whether it cut."""
    if not isinstance(value, list | tuple):
        text = repr(value).replace("\n", " ")
        return text, False
    opening, closing = ("[", "]") if isinstance(value, list) else ("(", ")")
    parts: list[str] = []
    used = 2
    for index, item in enumerate(value):
        text, cut = _literal(item, max(budget - used, 8))
        if parts and used + len(text) > budget:
            parts.append("…")
            return opening + ", ".join(parts) + closing, True
        parts.append(text)
        used += len(text) + 2
        if cut:
            if index < len(value) - 1:
                parts.append("…")
            return opening + ", ".join(parts) + closing, True
    single = "," if isinstance(value, tuple) and len(value) == 1 else ""
    return opening + ", ".join(parts) + single + closing, False


def _tidy(value: Any) -> Any:
    """Integral floats as ints, other floats to 4 significant digits: readable, not exact."""
    if isinstance(value, list):
        return [_tidy(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_tidy(item) for item in value)
    if isinstance(value, float) and math.isfinite(value):
        return int(value) if value.is_integer() else float(f"{value:.4g}")
    return value
