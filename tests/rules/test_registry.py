import pytest

from grader.rules import BUILTIN_RULES, _index, get_rule


def test_codes_and_names_are_unique_and_resolvable():
    for rule in BUILTIN_RULES:
        assert get_rule(rule.code) is rule
        assert get_rule(rule.name) is rule


def test_a_duplicate_code_fails_at_import_time():
    with pytest.raises(RuntimeError, match="registered twice"):
        _index((BUILTIN_RULES[0], BUILTIN_RULES[0]))


@pytest.mark.parametrize("rule", BUILTIN_RULES, ids=lambda r: r.code)
def test_every_rule_documents_what_why_and_an_example_failure(rule):
    assert rule.summary.startswith(f"{rule.code} {rule.name}:")
    for part in ("What it checks:", "Why it matters:", "Example failure:"):
        assert part in rule.doc


def test_unknown_rule_names_the_known_ones():
    with pytest.raises(KeyError, match="V100 value-equal"):
        get_rule("nope")
