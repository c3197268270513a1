import string

import pytest

from grader.text.messages import CATALOGUE, LANGUAGES, Message, render


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_message_exists_in_both_languages_with_the_same_placeholders(key):
    entry = CATALOGUE[key]
    assert set(entry) == set(LANGUAGES)
    fields = [
        {name for _, name, _, _ in string.Formatter().parse(entry[lang]) if name}
        for lang in LANGUAGES
    ]
    assert fields[0] == fields[1]


def test_nested_messages_render_in_the_same_language():
    outer = Message(
        "source.banned",
        {
            "function": "conv2d",
            "what": Message("what.convolution"),
            "call": "numpy.convolve",
            "via": "",
        },
    )
    assert "die Faltung" in render(outer, "de")
    assert "the convolution" in render(outer, "en")


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language"):
        render(Message("task.passed"), "fr")


def test_spec_tables_with_both_languages_are_localised():
    message = Message(
        "cases.ok", {"function": "f", "n": 3, "group": {"de": "Zufallsfälle", "en": "random cases"}}
    )
    assert render(message, "de").endswith("(Zufallsfälle).")
    assert render(message, "en").endswith("(random cases).")
