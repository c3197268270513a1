"""Options that several commands share, each declared once: the language, the course folder, data
folders, retraining, the cluster, JUnit reports and who made a decision; and ``said``, the words
of every command's help in the language of the command line."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from contextvars import ContextVar
from pathlib import Path

from grader.batch.queue import Cluster
from grader.text.messages import LANGUAGES, msg, render

DEFAULT_LANG = "de"
# the language of the command line being parsed: a type check below (--data, --cluster) runs
# while argparse parses, before ``options.lang`` exists, and the help is written while the parser
# is built, so ``main`` reads --lang first (``grader.cli.language.parsing_in``)
SAYING: ContextVar[str] = ContextVar("saying", default=DEFAULT_LANG)

Subcommands = argparse._SubParsersAction  # what add_subparsers returns, where commands register


def said(key: str, **params: str) -> str:
    """A help text or a value's name in the usage (a catalogue entry) in the language of the
    command line being parsed."""
    return render(msg(key, **params), SAYING.get())


def add_lang(parser: argparse.ArgumentParser, what: str = "output") -> None:
    """``what``: whose language it is, the end of a ``help.lang_*`` key (output, reports...)."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=DEFAULT_LANG,
        help=said(f"help.lang_{what}", default=DEFAULT_LANG),
    )


def early_lang(argv: Sequence[str]) -> str:
    """The language ``--lang`` (or ``--lang=xx``) asks for, read from the raw command line before
    argparse parses it, so that our own type checks refuse a value in it; the default where none,
    or none argparse would accept, is given. An abbreviation (``--la en``) is not read: argparse's
    own choices check still judges it, and our refusals then speak the default."""
    lang = DEFAULT_LANG
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[index + 1] if arg == "--lang" and index + 1 < len(argv) else None
        if arg.startswith("--lang="):
            value = arg.removeprefix("--lang=")
        if value in LANGUAGES:
            lang = value  # the last one given wins, as with argparse
    return lang


def add_course(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--course",
        type=Path,
        metavar=said("metavar.dir"),
        help=said("help.course"),
    )


def add_data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        action="append",
        default=[],
        metavar=said("metavar.data"),
        type=_data_folder,
        help=said("help.data"),
    )


def _data_folder(value: str) -> tuple[str, Path]:
    name, separator, folder = value.partition("=")
    if not separator or not name or not folder:
        raise argparse.ArgumentTypeError(render(msg("cli.data_option", given=value), SAYING.get()))
    return name, Path(folder).expanduser()


def whole_number(value: str) -> int:
    """The type of ``--seed``, ``--workers``, ``--port``: argparse's own refusal of a value that
    ``int`` refuses names Python's type ("invalid int value"), which a student need not know."""
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(said("cli.whole_number", given=value)) from None


def add_retrain(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--retrain", action="store_true", help=said("help.retrain"))


def add_cluster(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--cluster",
        type=_local_cluster,
        metavar="local:N",
        help=said("help.cluster"),
    )
    where.add_argument("--scheduler", metavar=said("metavar.address"), help=said("help.scheduler"))


def _local_cluster(value: str) -> Cluster:
    try:
        return Cluster.parse(value)
    except ValueError:
        said = render(msg("cli.cluster_option", given=value), SAYING.get())
        raise argparse.ArgumentTypeError(said) from None


def cluster_of(options: argparse.Namespace) -> Cluster | None:
    """The cluster that ``--cluster`` or ``--scheduler`` named, or None for the process pool."""
    if options.scheduler is not None:
        return Cluster(scheduler=options.scheduler)
    cluster: Cluster | None = options.cluster
    return cluster


def add_junit(parser: argparse.ArgumentParser, command: str) -> None:
    """``command``: whose report it is, the end of a ``help.junit_*`` key (validate, grade)."""
    parser.add_argument(
        "--junit", type=Path, metavar=said("metavar.file"), help=said(f"help.junit_{command}")
    )


def add_author(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", metavar=said("metavar.name"), help=said("help.by"))


def add_out(parser: argparse.ArgumentParser) -> None:
    """The output folder of ``grader grade`` that a command after grading reads."""
    parser.add_argument("out", type=Path, metavar=said("metavar.out"), help=said("help.out"))
