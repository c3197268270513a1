"""Every command's help and every refusal of a command line in the language asked for (German by
default), argparse's own words ("usage:", "options", "error:", "the following arguments are
required") included, through the real ``main``; and argparse speaks English again afterwards, for
whatever else in the process builds a parser."""

from __future__ import annotations

import argparse
import re

import pytest

from grader.cli.language import parsing_in
from grader.cli.main import ExitCode, _parser, main
from grader.cli.options import DEFAULT_LANG, SAYING
from grader.text.messages_cli import ARGPARSE_MESSAGES, HELP_MESSAGES

ORIGINAL = (argparse._, argparse.ngettext)  # type: ignore[attr-defined]
# what argparse says in English where it is not told otherwise, and what we have it say in German
ARGPARSE_ENGLISH = ("usage:", "options", "positional arguments", "show this help", "error:")
ARGPARSE_GERMAN = ("Aufruf:", "Optionen", "Positionsargumente", "diese Hilfe", "Fehler:")


def _commands() -> list[list[str]]:
    """Every command line that has a help of its own: each command, and roster's import."""
    subcommands = next(
        action for action in _parser()._actions if isinstance(action, argparse._SubParsersAction)
    )
    return [[name] for name in subcommands.choices] + [["roster", "import"]]


def _fragments(lang: str) -> set[str]:
    """The beginnings of the help texts and value names in ``lang`` that differ from the other
    language's: none of them may show in a help in the other language. A beginning, since
    argparse wraps a help text where the terminal's width says."""
    other = "en" if lang == "de" else "de"
    found = set()
    for entry in HELP_MESSAGES.values():
        fragment = " ".join(entry[lang].split("{")[0].split())[:24].strip()
        if len(fragment) >= 4 and fragment not in " ".join(entry[other].split()):
            found.add(fragment)
    return found


def _help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return " ".join(captured.out.split())  # argparse's line breaks follow the terminal


@pytest.mark.parametrize("command", _commands(), ids=" ".join)
def test_every_commands_help_is_german_by_default_and_english_when_asked(command, capsys):
    german = _help([*command, "--help"], capsys)
    assert german.startswith(f"Aufruf: grader {' '.join(command)} [-h]")
    assert "Optionen: -h, --help diese Hilfe zeigen und beenden" in german
    assert [word for word in ARGPARSE_ENGLISH if word in german] == []
    assert sorted(f for f in _fragments("en") if f in german) == []
    english = _help([*command, "-h", "--lang", "en"], capsys)
    assert english.startswith(f"usage: grader {' '.join(command)} [-h]")
    assert "options: -h, --help show this help message and exit" in english
    assert sorted(f for f in _fragments("de") if f in english) == []
    assert [word for word in ARGPARSE_GERMAN if word in english] == []
    assert _help([*command, "-h", "--lang=de"], capsys) == german


def test_the_commands_list_says_what_each_does_in_the_language(capsys):
    german = _help(["--help"], capsys)
    assert german.startswith("Aufruf: grader [-h] [--version] [--debug] BEFEHL ...")
    assert "check ein Notebook bewerten und jeden verlorenen Punkt erklären" in german
    assert "--version die Versionsnummer zeigen und beenden" in german
    english = _help(["--help", "--lang", "en"], capsys)  # read before argparse, which lacks it
    assert english.startswith("usage: grader [-h] [--version] [--debug] COMMAND ...")
    assert "check grade one notebook and explain every lost point" in english
    for command in _commands()[:-1]:
        assert f" {command[0]} " in german and f" {command[0]} " in english


REFUSALS = [
    (
        ["grade"],
        "grader grade: Fehler: diese Argumente fehlen: ABGABEORDNER",
        "grader grade: error: the following arguments are required: COURSE_DIR",
    ),
    (
        ["check", "x.ipynb", "--format", "pdf"],
        "grader check: Fehler: Argument --format: 'pdf' ist nicht möglich (möglich sind: 'text',"
        " 'json', 'html')",
        "grader check: error: argument --format: invalid choice: 'pdf' (choose from 'text',"
        " 'json', 'html')",
    ),
    (
        ["flags", "reports", "--everything"],
        "grader: Fehler: unbekannte Argumente: --everything",
        "grader: error: unrecognized arguments: --everything",
    ),
    (
        ["check", "x.ipynb", "--task"],
        "grader check: Fehler: Argument --task: erwartet ein Argument",
        "grader check: error: argument --task: expected one argument",
    ),
    (
        ["resolve", "reports", "F1", "--reason", "ok"],
        "grader resolve: Fehler: eines der Argumente --accept --override ist nötig",
        "grader resolve: error: one of the arguments --accept --override is required",
    ),
    (
        ["review", "reports", "--port", "eighty"],
        "grader review: Fehler: Argument --port: eine ganze Zahl erwartet, nicht 'eighty'",
        "grader review: error: argument --port: expected a whole number, got 'eighty'",
    ),
    (
        ["roster"],
        "grader roster: Fehler: diese Argumente fehlen: BEFEHL",
        "grader roster: error: the following arguments are required: COMMAND",
    ),
    (
        ["grades"],
        "grader: Fehler: Argument BEFEHL: 'grades' ist nicht möglich (möglich sind: 'check',",
        "grader: error: argument COMMAND: invalid choice: 'grades' (choose from 'check',",
    ),
]


@pytest.mark.parametrize(("argv", "german", "english"), REFUSALS, ids=lambda a: str(a)[:30])
def test_a_refused_command_line_says_why_in_the_language_with_exit_code_2(
    argv, german, english, capsys
):
    speaking = (
        ("de", german, "Aufruf: grader", ARGPARSE_ENGLISH),
        ("en", english, "usage: grader", ARGPARSE_GERMAN),
    )
    for lang, said, usage, foreign in speaking:
        with pytest.raises(SystemExit) as stopped:
            main([*argv, "--lang=en"] if lang == "en" else argv)
        assert stopped.value.code == ExitCode.USAGE_ERROR
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.startswith(usage)
        assert said in " ".join(captured.err.split()), captured.err
        assert [word for word in foreign if word in captured.err] == []


def _argparse_speaks_english_again() -> None:
    assert (argparse._, argparse.ngettext) == ORIGINAL  # type: ignore[attr-defined]
    assert SAYING.get() == DEFAULT_LANG
    shown = argparse.ArgumentParser(prog="other").format_help()
    assert shown.startswith("usage: other [-h]") and "show this help message and exit" in shown


def test_nothing_leaks_after_main_returns_or_exits(capsys, tmp_path):
    assert main(["rules", "--lang", "en"]) == ExitCode.OK  # returns
    _argparse_speaks_english_again()
    assert main(["report", str(tmp_path)]) == ExitCode.USAGE_ERROR  # a refusal of ours
    _argparse_speaks_english_again()
    for argv in (["check", "--help"], ["check"], ["--version"]):  # SystemExit: help, refusal
        with pytest.raises(SystemExit):
            main(argv)
        _argparse_speaks_english_again()
    capsys.readouterr()


def test_nothing_leaks_when_the_block_raises():
    with pytest.raises(RuntimeError), parsing_in("de"):
        assert argparse._("usage: ") == "Aufruf: "  # type: ignore[attr-defined]
        raise RuntimeError
    _argparse_speaks_english_again()


def test_a_sentence_the_catalogue_lacks_stays_argparses():
    """A newer Python may add a sentence: it shows in English rather than failing."""
    with parsing_in("de"):
        assert argparse._("a sentence of Python 3.99") == "a sentence of Python 3.99"  # type: ignore[attr-defined]
        assert argparse._(None) is None  # type: ignore[attr-defined]  # add_subparsers passes it
        plural = argparse.ngettext("expected %s argument", "expected %s arguments", 2)
        assert plural == "erwartet %s Argumente"
        assert argparse.ngettext("one %s thing", "%s things", 1) == "one %s thing"
        # what a newer argparse says, which this Python's does not: its German once it asks
        closest = (
            "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)"
        )
        assert argparse._(closest).startswith("%(value)r ist nicht möglich, meintest du")  # type: ignore[attr-defined]


def test_every_argparse_entry_keeps_argparses_placeholders():
    """argparse fills its sentences with ``%``: a German one must keep the same placeholders."""
    for key, entry in ARGPARSE_MESSAGES.items():
        placeholders = [re.findall(r"%(?:\(\w+\))?[sr]", entry[lang]) for lang in ("de", "en")]
        assert sorted(placeholders[0]) == sorted(placeholders[1]), key
    assert not any("%" in text for entry in HELP_MESSAGES.values() for text in entry.values())
