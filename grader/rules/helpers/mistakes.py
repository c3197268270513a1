"""Named mistakes: telling a stuck student *which* slip they made, not only that they are wrong.

A detector looks at a wrong answer next to the right one and says whether it has the fingerprint of
one typical mistake (a flipped kernel, a forgotten bias...). Some fingerprints need the reference
function run on altered inputs (the kernel flipped, the pooling mode swapped): such a detector names
a ``variant``, the function-cases rule asks the reference kernel for it, and the detector compares
the student's output with that variant's output. Detectors are heuristics for feedback only: they
never change points.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from grader.rules.base import ParamError
from grader.rules.helpers.compare import (
    as_numeric_array,
    is_number,
    is_sequence,
    shape_of,
    values_match,
)
from grader.text.messages import Message, msg
from grader.text.numbers import Count


@dataclass(frozen=True)
class MistakeContext:
    """What a detector may look at besides the two values.

    ``variant``: the reference's output for this case under the detector's variant (function cases).
    ``student`` / ``reference``: all values of the assignment that crossed the boundary, by name.
    ``arguments``: the inputs of this case by parameter name (function cases).
    """

    variant: Any = None
    student: Mapping[str, Any] = field(default_factory=dict)
    reference: Mapping[str, Any] = field(default_factory=dict)
    params: Mapping[str, Any] = field(default_factory=dict)
    arguments: Mapping[str, Any] = field(default_factory=dict)


Detect = Callable[[Any, Any, MistakeContext], Message | None]
Transform = Callable[
    [tuple[Any, ...], dict[str, Any], list[str]], tuple[tuple[Any, ...], dict[str, Any]]
]


@dataclass(frozen=True)
class Mistake:
    id: str
    detect: Detect
    variant: Transform | None = None


def _transposed(found: Any, expected: Any, _: MistakeContext) -> Message | None:
    f, e = as_numeric_array(found), as_numeric_array(expected)
    if f is None or e is None or e.ndim < 2 or values_match(e, np.swapaxes(e, 0, 1)):
        return None
    return msg("mistake.transposed") if values_match(f, np.swapaxes(e, 0, 1)) else None


def _channels_first(found: Any, expected: Any, _: MistakeContext) -> Message | None:
    f, e = as_numeric_array(found), as_numeric_array(expected)
    if f is None or e is None or e.ndim != 3:
        return None
    return msg("mistake.channels-first") if values_match(f, np.moveaxis(e, -1, 0)) else None


def _negated_means_flipped(found: Any, expected: Any, _: MistakeContext) -> Message | None:
    f, e = as_numeric_array(found), as_numeric_array(expected)
    if f is None or e is None or not np.any(e):
        return None
    return msg("mistake.flipped-kernel") if values_match(f, -e) else None


def _matches_variant(key: str) -> Detect:
    def detect(found: Any, _expected: Any, context: MistakeContext) -> Message | None:
        if context.variant is None or values_match(context.variant, _expected):
            return None
        return msg(key) if values_match(found, context.variant) else None

    return detect


def _output_size(found: Any, expected: Any, _: MistakeContext) -> Message | None:
    f_shape, e_shape = shape_of(found), shape_of(expected)
    if f_shape is None or e_shape is None or len(f_shape) != len(e_shape) or f_shape == e_shape:
        return None
    deltas = [f - e for f, e in zip(f_shape, e_shape, strict=True)]
    if max(abs(d) for d in deltas) > 2 or (max(deltas) > 0 and min(deltas) < 0):
        return (
            None  # padding/stride slips move every dimension the same way; a swap is no such slip
        )
    delta = max(deltas, key=abs)
    return msg("mistake.output-size", **_off_by(delta), found=f_shape, expected=e_shape)


def _off_by(delta: float) -> dict[str, Any]:
    """How far and which way a result is off, in words: "1 too large", never "off by -1"."""
    way = "mistake.too_large" if delta > 0 else "mistake.too_small"
    return {"delta": Count(round(abs(delta))), "direction": msg(way)}


def _one_kernel_dimension(found: Any, expected: Any, context: MistakeContext) -> Message | None:
    """conv2d with ``k = kernel.shape[0]`` for both axes (code for square kernels): for a
    non-square kernel the output has the shape a k x k kernel would give."""
    image, kernel = context.arguments.get("image"), context.arguments.get("kernel")
    f_shape, e_shape = shape_of(found), shape_of(expected)
    if image is None or kernel is None or f_shape is None or f_shape == e_shape:
        return None
    (n_h, n_w), (k_h, k_w) = np.shape(image), np.shape(kernel)
    stride = int(context.arguments.get("stride", 1))
    padding = int(context.arguments.get("padding", 0))
    for axis, k in (("kernel.shape[0]", k_h), ("kernel.shape[1]", k_w)):
        square = ((n_h + 2 * padding - k) // stride + 1, (n_w + 2 * padding - k) // stride + 1)
        if k_h != k_w and f_shape == square:
            return msg("mistake.one-kernel-dimension", found=f_shape, k=k, used=axis)
    return None


def _off_by_one(found: Any, expected: Any, _: MistakeContext) -> Message | None:
    if not (is_number(found) and is_number(expected)):
        return None
    delta = float(found) - float(expected)
    return msg("mistake.off-by-one", **_off_by(delta)) if abs(delta) in (1.0, 2.0) else None


def _pairs(found: Any, expected: Any) -> list[tuple[int, int]] | None:
    """Integer entries of two equally long number lists (or two numbers), or None."""
    if is_number(found) and is_number(expected):
        found, expected = [found], [expected]
    if not (is_sequence(found) and is_sequence(expected)) or len(found) != len(expected):
        return None
    if not all(
        is_number(f) and is_number(e) and float(f).is_integer()
        for f, e in zip(found, expected, strict=True)
    ):
        return None
    return [(int(f), int(e)) for f, e in zip(found, expected, strict=True)]


def _is_bias_free(f: int, e: int) -> bool:
    """e = (fan_in + 1) * units and f = fan_in * units, so units = e - f divides e."""
    units = e - f
    return units >= 2 and e % units == 0 and e // units >= 2


def _is_channel_free(f: int, e: int) -> bool:
    """e = (k * c + 1) * u and f = (k + 1) * u for a kernel of k weights, c >= 2 channels, u units.

    u divides gcd(e, f) but need not equal it, so every common divisor is tried.
    """
    if f <= 0 or f >= e:
        return False
    for units in _divisors(math.gcd(e, f)):
        k = f // units - 1
        if units >= 2 and k >= 1 and (e // units - 1) % k == 0 and (e // units - 1) // k >= 2:
            return True
    return False


def _divisors(n: int) -> list[int]:
    small = [d for d in range(1, math.isqrt(n) + 1) if n % d == 0]
    return sorted({*small, *(n // d for d in small)}, reverse=True)


def _entrywise(key: str, fingerprint: Callable[[int, int], bool]) -> Detect:
    def detect(found: Any, expected: Any, _: MistakeContext) -> Message | None:
        pairs = _pairs(found, expected)
        wrong = [(f, e) for f, e in (pairs or []) if f != e]
        return msg(key) if wrong and all(fingerprint(f, e) for f, e in wrong) else None

    return detect


def _shifted_by_one(found: Any, expected: Any, _: MistakeContext) -> Message | None:
    if not (is_sequence(found) and is_sequence(expected)) or len(expected) < 3:
        return None
    found, expected = list(found), list(expected)
    candidates = ([None, *found], found[1:], found[:-1] if len(found) > len(expected) else None)
    for shifted in candidates:
        if shifted is None:
            continue
        overlap = min(len(shifted), len(expected))
        pairs = [
            (s, e)
            for s, e in zip(shifted[:overlap], expected[:overlap], strict=True)
            if s is not None
        ]
        if len(pairs) >= 2 and all(values_match(s, e) for s, e in pairs):
            return msg("mistake.shifted-by-one")
    return None


def _is_pooled_up(f: int, e: int) -> bool:
    """A Dense layer after a pooling rounded up: e = (h*h*c + 1) * u and f = ((h+1)^2*c + 1) * u
    for some units u, channels c and map size h (7 -> 4 instead of 3 makes h*h = 9 become 16)."""
    if f <= e or e <= 0:
        return False
    for units in _divisors(math.gcd(e, f)):
        small, large = e // units - 1, f // units - 1
        for h in range(1, math.isqrt(small) + 1):
            channels, rest = divmod(small, h * h)
            if not rest and channels >= 1 and large == (h + 1) ** 2 * channels:
                return True
    return False


def _pool_rounded_up(found: Any, expected: Any, context: MistakeContext) -> Message | None:
    if not (is_sequence(found) and is_sequence(expected)) or len(found) != len(expected):
        return None
    if _pairs(found, expected) is not None:  # a list of parameter counts
        return _entrywise("mistake.pool-rounded-up", _is_pooled_up)(found, expected, context)
    for f, e in zip(found, expected, strict=True):
        f_shape, e_shape = shape_of(f), shape_of(e)
        if (
            f_shape is None
            or e_shape is None
            or f_shape != e_shape
            or len(f) < 3
            or values_match(f, e)
        ):
            continue
        f_dims, e_dims = as_numeric_array(f), as_numeric_array(e)
        if f_dims is None or e_dims is None:
            continue
        if values_match(f_dims[:-1], e_dims[:-1] + 1) and values_match(f_dims[-1:], e_dims[-1:]):
            return msg("mistake.pool-rounded-up")
    return None


LIST_MISTAKES = ("bias-forgotten", "channels-forgotten", "pool-rounded-up", "shifted-by-one")


def _sum_of_own_list(found: Any, _expected: Any, context: MistakeContext) -> Message | None:
    """The total is right for the student's own (wrong) list: the mistake is in the list, and
    where the list's entries have a known fingerprint, the total says which."""
    name = str(context.params.get("list", ""))
    own: Any = context.student.get(name)
    reference = context.reference.get(name)
    if not is_sequence(own) or values_match(own, reference):
        return None
    try:
        total = sum(float(x) for x in own)
    except (TypeError, ValueError):
        return None
    if not values_match(found, total):
        return None
    in_list = diagnose(LIST_MISTAKES, own, reference, {}) if reference is not None else None
    if in_list is None:
        return msg("mistake.sum-of-own-list", list=name)
    return msg("mistake.sum-of-own-list-named", list=name, mistake=in_list)


def _flip_kernel(
    args: tuple[Any, ...], kwargs: dict[str, Any], names: list[str]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    position = names.index("kernel")
    flipped = np.asarray(args[position])[::-1, ::-1].copy()
    return (*args[:position], flipped, *args[position + 1 :]), kwargs


def _swap_pool_mode(
    args: tuple[Any, ...], kwargs: dict[str, Any], _: list[str]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    swapped = {"max": "mean", "mean": "max"}.get(kwargs.get("mode", "max"), "max")
    return args, {**kwargs, "mode": swapped}


MISTAKES: dict[str, Mistake] = {
    m.id: m
    for m in (
        Mistake("flipped-kernel", _matches_variant("mistake.flipped-kernel"), variant=_flip_kernel),
        Mistake("flipped-kernel-sign", _negated_means_flipped),
        Mistake(
            "wrong-pool-mode", _matches_variant("mistake.wrong-pool-mode"), variant=_swap_pool_mode
        ),
        Mistake("transposed", _transposed),
        Mistake("channels-first", _channels_first),
        Mistake("one-kernel-dimension", _one_kernel_dimension),
        Mistake("output-size", _output_size),
        Mistake("off-by-one", _off_by_one),
        Mistake("bias-forgotten", _entrywise("mistake.bias-forgotten", _is_bias_free)),
        Mistake("channels-forgotten", _entrywise("mistake.channels-forgotten", _is_channel_free)),
        Mistake("shifted-by-one", _shifted_by_one),
        Mistake("pool-rounded-up", _pool_rounded_up),
        Mistake("sum-of-own-list", _sum_of_own_list),
    )
}


def get_mistake(mistake_id: str) -> Mistake:
    if mistake_id not in MISTAKES:
        known = ", ".join(sorted(MISTAKES))
        raise ParamError(msg("param.unknown_mistake", mistake=repr(mistake_id), known=known))
    return MISTAKES[mistake_id]


def diagnose(
    mistake_ids: tuple[str, ...], found: Any, expected: Any, contexts: Mapping[str, MistakeContext]
) -> Message | None:
    """The first listed mistake whose fingerprint the wrong answer has, if any."""
    for mistake_id in mistake_ids:
        found_message = MISTAKES[mistake_id].detect(
            found, expected, contexts.get(mistake_id, MistakeContext())
        )
        if found_message is not None:
            return found_message
    return None
