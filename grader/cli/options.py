"""Options that several commands share, each declared once: the language, the course folder, data
folders, retraining, the cluster, JUnit reports and who made a decision."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from contextvars import ContextVar
from pathlib import Path

from grader.batch.queue import Cluster
from grader.text.messages import LANGUAGES, msg, render

DEFAULT_LANG = "de"
# the language of the command line being parsed: a type check below (--data, --cluster) runs
# while argparse parses, before ``options.lang`` exists, so ``main`` reads --lang first
SAYING: ContextVar[str] = ContextVar("saying", default=DEFAULT_LANG)

Subcommands = argparse._SubParsersAction  # what add_subparsers returns, where commands register


def add_lang(parser: argparse.ArgumentParser, what: str = "output") -> None:
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=DEFAULT_LANG,
        help=f"language of the {what} (default: {DEFAULT_LANG})",
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
        help="course folder holding reference/ and exercises/ (default: found upwards from here)",
    )


def add_data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="NAME=FOLDER",
        type=_data_folder,
        help="use FOLDER for the spec's data folder NAME, e.g. the full Fashion-MNIST: "
        "--data fashion-mnist=/usr/share/datasets/fashion-mnist (repeatable)",
    )


def _data_folder(value: str) -> tuple[str, Path]:
    name, separator, folder = value.partition("=")
    if not separator or not name or not folder:
        raise argparse.ArgumentTypeError(render(msg("cli.data_option", given=value), SAYING.get()))
    return name, Path(folder).expanduser()


def add_retrain(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--retrain",
        action="store_true",
        help="run the training cells too, instead of grading the handed-in model file "
        "(minutes to hours on a CPU; meant for a GPU machine)",
    )


def add_cluster(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--cluster",
        type=_local_cluster,
        metavar="local:N",
        help="grade on a Dask cluster of N worker processes started on this machine",
    )
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="grade on the workers of a running Dask cluster, e.g. tcp://head-node:8786 "
        "(every worker needs the course folder at the same path; see README)",
    )


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


def add_junit(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--junit", type=Path, metavar="FILE", help=f"also write a JUnit XML report: {what}"
    )


def add_author(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", help="who decided (default: your login name)")
