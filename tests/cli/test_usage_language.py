"""Our own checks of an option's value (``--data NAME=FOLDER``, ``--cluster local:N``) refuse in
the language asked for, although argparse runs them while it parses, before ``options.lang``
exists: ``main`` reads ``--lang`` from the raw command line first; argparse's own words around
them ("error:", "argument --data:") follow it too."""

from __future__ import annotations

import pytest

from grader.cli.main import main
from grader.cli.options import early_lang

DATA = {
    "de": "Argument --data: NAME=FOLDER erwartet (ein Datenordner der Kursbeschreibung und der"
    " Ordner, der ihn ersetzt), nicht 'fashion-mnist'\n",
    "en": "argument --data: expected NAME=FOLDER (a data folder of the spec and the folder that"
    " replaces it), got 'fashion-mnist'\n",
}
CLUSTER = {
    "de": "Argument --cluster: local:N mit N ≥ 1 Arbeitsprozessen erwartet, nicht 'local:0'\n",
    "en": "argument --cluster: expected local:N with N >= 1 worker processes, got 'local:0'\n",
}


ERROR = {"de": ": Fehler: ", "en": ": error: "}


def _refusal(argv: list[str], capsys: pytest.CaptureFixture[str], lang: str) -> str:
    """What the command line says when argparse refuses it (exit 2), after its usage lines and
    the word for error in ``lang``."""
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    last = capsys.readouterr().err.splitlines(keepends=True)[-1]
    assert ERROR[lang] in last, last
    return last.split(ERROR[lang], 1)[1]


@pytest.mark.parametrize(
    ("lang", "given"),
    [
        ("de", []),  # the default
        ("de", ["--lang", "de"]),
        ("en", ["--lang", "en"]),
        ("en", ["--lang=en"]),
    ],
)
def test_a_bad_data_folder_is_refused_in_the_language(tmp_path, capsys, lang, given):
    argv = ["grade", str(tmp_path), *given, "--data", "fashion-mnist"]
    assert _refusal(argv, capsys, lang) == DATA[lang]
    # --lang after the bad value is read too: the whole line is read before parsing
    argv = ["validate", "--data", "fashion-mnist", *given]
    assert _refusal(argv, capsys, lang) == DATA[lang]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_bad_cluster_is_refused_in_the_language(tmp_path, capsys, lang):
    argv = ["grade", str(tmp_path), "--cluster", "local:0", "--lang", lang]
    assert _refusal(argv, capsys, lang) == CLUSTER[lang]


def test_only_a_language_argparse_accepts_is_read_early() -> None:
    assert early_lang(["grade", "--lang", "fr"]) == "de"  # argparse refuses fr itself
    assert early_lang(["grade", "--lang", "en", "--lang", "de"]) == "de"  # the last one wins
    assert early_lang(["grade", "--", "--lang", "en"]) == "de"  # after --, a file's name
    assert early_lang(["grade", "--lang"]) == "de"
