"""The registry of rule kinds: the one place where rule kinds are listed.

Like pytest's built-in plugin tuple, the list is explicit; importing a module registers nothing.
An unknown or duplicate code or name fails at import, not in the middle of a batch.
"""

from __future__ import annotations

from grader.rules import (
    accuracy,
    compiled,
    data_split,
    free_text,
    function_cases,
    input_params,
    layer_sequence,
    model_contract,
    no_library_call,
    regularisation,
    training_history,
    value_equal,
    value_shape,
)
from grader.rules.base import RuleKind
from grader.text.messages import Message, msg, render

BUILTIN_RULES: tuple[RuleKind, ...] = (
    value_equal.RULE,
    value_shape.RULE,
    function_cases.RULE,
    no_library_call.RULE,
    layer_sequence.RULE,
    input_params.RULE,
    compiled.RULE,
    accuracy.RULE,
    model_contract.RULE,
    training_history.RULE,
    regularisation.RULE,
    data_split.RULE,
    free_text.RULE,
)


def _index(rules: tuple[RuleKind, ...]) -> dict[str, RuleKind]:
    index: dict[str, RuleKind] = {}
    for rule in rules:
        for key in (rule.code, rule.name):
            if key in index:
                raise RuntimeError(f"rule {key!r} is registered twice")
            index[key] = rule
    return index


_BY_KEY = _index(BUILTIN_RULES)


def get_rule(code_or_name: str) -> RuleKind:
    if code_or_name not in _BY_KEY:
        raise KeyError(render(unknown_rule(code_or_name), "en"))
    return _BY_KEY[code_or_name]


def unknown_rule(code_or_name: str) -> Message:
    """What a spec or ``grader rules`` says of a rule that does not exist: the known ones."""
    known = ", ".join(f"{r.code} {r.name}" for r in BUILTIN_RULES)
    return msg("rules.unknown", rule=repr(code_or_name), known=known)
