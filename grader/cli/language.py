"""The command line in the language asked for, argparse's own words included.

argparse passes every sentence of its own ("usage:", "error:", "the following arguments are
required: ...", the group titles "positional arguments" and "options") through its module's
``_`` (gettext) and ``ngettext``: the group titles while a parser is built, the rest while it
formats help or refuses a command line. A gettext translation would need compiled catalogues and
would change argparse for the whole process; a parser subclass reaches ``error()`` and the usage
but not the group titles, the help option's text or an argument's refusal. So ``parsing_in``
swaps those two functions for look-ups in our catalogue (``grader.text.messages_cli``) for as
long as the parser is built and parses, and puts argparse's own back however it ends: a
``--help`` or a refusal leaves by ``SystemExit``. A sentence the catalogue does not hold (one a
newer Python adds) stays argparse's English.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from grader.cli.options import SAYING
from grader.text.messages import msg, render
from grader.text.messages_cli import ARGPARSE_MESSAGES

# argparse's English text -> our key: an entry's English is argparse's text itself
_KEYS = {entry["en"]: key for key, entry in ARGPARSE_MESSAGES.items()}


@contextmanager
def parsing_in(lang: str) -> Iterator[None]:
    """Builds and parses a command line in ``lang``: our help texts and refusals (``SAYING``) and
    argparse's own words; both are as before once the block is left."""
    module = vars(argparse)
    gettext: Callable[[str], str] = module["_"]
    ngettext: Callable[[str, str, int], str] = module["ngettext"]
    saying = SAYING.set(lang)
    module["_"] = lambda text: _said(text, lang) or gettext(text)
    module["ngettext"] = lambda one, many, n: (
        _said(one if n == 1 else many, lang) or ngettext(one, many, n)
    )
    try:
        yield
    finally:
        module["_"], module["ngettext"] = gettext, ngettext
        SAYING.reset(saying)


def _said(text: object, lang: str) -> str | None:
    """argparse's sentence in ``lang``, or None where the catalogue does not hold it (or argparse
    passes something that is no sentence, e.g. ``None`` for a missing description)."""
    key = _KEYS.get(text) if isinstance(text, str) else None
    return None if key is None else render(msg(key), lang)
