"""D100 data-split: training and validation data are disjoint, scaled and shaped for a CNN.

What it checks: on digests made in the kernel (shape, value range, one hash per image; the
images themselves never cross the boundary), aspect ``disjoint``: images and labels pair up,
and the validation images are not also training images (beyond the duplicates the reference's
own split has); aspect ``format``: pixels scaled to [0, 1] and images shaped (n, 28, 28, 1).
Why it matters: validating on training images measures memory, not generalisation; unscaled
pixels and a missing channel axis are the two classic reasons a CNN will not train.
Example failure: ``100% of the validation images are training images too``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grader.boundary import ArrayDigest, digest_key
from grader.messages import Count, Message, Number, Percent, msg
from grader.rules.answers_text import unavailable
from grader.rules.base import Evidence, Needs, Outcome, RuleKind, reject_unknown

ASPECTS = ("disjoint", "format")
NAMES = ("X_train", "y_train", "X_valid", "y_valid")


@dataclass(frozen=True)
class DataSplit:
    aspect: str
    image_shape: tuple[int, ...]
    tolerance: float  # share of validation images allowed in training beyond the reference's


def parse(raw: dict[str, Any]) -> DataSplit:
    reject_unknown(raw, {"aspect", "image_shape", "tolerance"})
    if raw.get("aspect") not in ASPECTS:
        raise ValueError(f"aspect must be one of {ASPECTS}")
    return DataSplit(
        str(raw["aspect"]),
        tuple(int(v) for v in raw.get("image_shape", (28, 28, 1))),
        float(raw.get("tolerance", 0.01)),
    )


def needs(params: DataSplit, _rng: Any) -> Needs:
    return Needs(digests=NAMES)


Digests = dict[str, ArrayDigest]


def overlap(digests: Digests) -> float:
    train = set(digests["X_train"].row_hashes)
    valid = digests["X_valid"].row_hashes
    return sum(1 for h in valid if h in train) / max(len(valid), 1)


def _problems(params: DataSplit, mine: Digests, reference: Digests) -> list[Message]:
    found: list[Message] = []
    if params.aspect == "disjoint":
        for x, y in (("X_train", "y_train"), ("X_valid", "y_valid")):
            nx, ny = mine[x].shape[0], mine[y].shape[0]
            if nx != ny:
                found.append(msg("split.lengths", x=x, y=y, nx=Count(nx), ny=Count(ny)))
        share = overlap(mine)
        if share > overlap(reference) + params.tolerance:
            found.append(msg("split.overlap", share=Percent(share)))
        return found
    for name in ("X_train", "X_valid"):
        digest = mine[name]
        if digest.shape[1:] != params.image_shape:
            found.append(
                msg(
                    "split.shape",
                    name=name,
                    found=digest.shape,
                    expected=("n", *params.image_shape),
                )
            )
        if digest.low < 0 or digest.high > 1:
            low, high = Number(digest.low), Number(digest.high)
            found.append(msg("split.scale", name=name, low=low, high=high))
    return found


def check(params: DataSplit, evidence: Evidence, _hidden: bool) -> Outcome:
    mine: Digests = {}
    reference: Digests = {}
    for name in NAMES:
        answer = evidence.student.get(digest_key(name))
        if answer is None or not answer.ok or not isinstance(answer.value, ArrayDigest):
            return unavailable(name, answer, evidence)
        mine[name] = answer.value
        ref = evidence.reference.get(digest_key(name))
        reference[name] = ref.value if ref is not None and ref.ok else mine[name]
    problems = _problems(params, mine, reference)
    if problems:
        return Outcome(0.0, msg(f"split.{params.aspect}_failed", items=problems))
    sizes = {name: Count(mine[name].shape[0]) for name in ("X_train", "X_valid")}
    return Outcome(
        1.0, msg(f"split.{params.aspect}_ok", train=sizes["X_train"], valid=sizes["X_valid"])
    )


RULE = RuleKind(
    code="D100", name="data-split", doc=__doc__ or "", parse=parse, needs=needs, check=check
)
