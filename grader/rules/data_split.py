"""D100 data-split: training and validation data are disjoint, scaled and shaped for a CNN.

What it checks: on digests made in the kernel (shape, value range, one hash per image; the
images themselves never cross the boundary), aspect ``disjoint``: images and labels pair up,
and the validation images are not also training images (beyond the duplicates the reference's
own split has), neither byte for byte nor as near copies: for 200 validation images drawn with
the run's seed, the kernel finds the training image that correlates best with each (pixels
centred and normalised, so any brightness scale; shifts of up to 2 pixels tried); a similarity
of at least ``near_at`` (default 0.985) is a near copy, and more than ``near_tolerance`` (default
0.10) near copies above the reference's own share fails. Measured on the real Fashion-MNIST
(benchmarks and tests/rules/test_near_copies.py): disjoint splits have 0-5% of their images
that near, copies with Gaussian noise of sigma 0.03, +-1 in pixel values, shifts of 1-2 pixels or
any rescaling 99-100%; noise of sigma 0.05 still 86%.
Aspect ``format``: pixels scaled to [0, 1] and images shaped (n, 28, 28, 1).
Why it matters: validating on training images measures memory, not generalisation; unscaled
pixels and a missing channel axis are the two classic reasons a CNN will not train.
Example failure: ``100% of the validation images are training images too``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grader.boundary import ArrayDigest, digest_key
from grader.rules.base import Evidence, Needs, Outcome, ParamError, RuleKind, reject_unknown
from grader.rules.helpers.answers_text import unavailable
from grader.text.messages import Message, msg
from grader.text.numbers import Count, Number, Percent

ASPECTS = ("disjoint", "format")
NAMES = ("X_train", "y_train", "X_valid", "y_valid")


@dataclass(frozen=True)
class DataSplit:
    aspect: str
    image_shape: tuple[int, ...]
    tolerance: float  # share of validation images allowed in training beyond the reference's
    near_at: float = 0.985  # similarity from which a validation image is a near copy
    near_tolerance: float = 0.10  # share of near copies allowed beyond the reference's


def parse(raw: dict[str, Any]) -> DataSplit:
    reject_unknown(raw, {"aspect", "image_shape", "tolerance", "near_at", "near_tolerance"})
    if raw.get("aspect") not in ASPECTS:
        raise ParamError(msg("param.aspect", aspects=str(ASPECTS)))
    return DataSplit(
        str(raw["aspect"]),
        tuple(int(v) for v in raw.get("image_shape", (28, 28, 1))),
        float(raw.get("tolerance", 0.01)),
        float(raw.get("near_at", 0.985)),
        float(raw.get("near_tolerance", 0.10)),
    )


def needs(params: DataSplit, _rng: Any) -> Needs:
    near = (("X_valid", "X_train"),) if params.aspect == "disjoint" else ()
    return Needs(digests=NAMES, near_copies=near)


Digests = dict[str, ArrayDigest]


def overlap(digests: Digests) -> float:
    train = set(digests["X_train"].row_hashes)
    valid = digests["X_valid"].row_hashes
    return sum(1 for h in valid if h in train) / max(len(valid), 1)


def near_share(digests: Digests, near_at: float) -> float:
    """The share of sampled validation images with a near copy among the training images (0 for
    arrays that are not images of one size)."""
    near = digests["X_valid"].near
    return sum(1 for s in near if s >= near_at) / len(near) if near else 0.0


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
        elif (near := near_share(mine, params.near_at)) > near_share(
            reference, params.near_at
        ) + params.near_tolerance:
            found.append(msg("split.near_copies", share=Percent(near)))
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
