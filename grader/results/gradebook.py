"""The gradebook: every result stored in SQLite the moment it is known, and what people add to it.

One SQLite file in the output folder holds one row per (student, assignment) with the full result
as language-neutral JSON, the submission's content hash, the grader version, the reference
version and the seed. Each row is committed on its own, so a killed run loses nothing that was
recorded. Only one batch may write grades: an exclusive lock on ``grader.lock``, released by the
operating system even when the holder is killed.

Beside the automatic grades it keeps what the instructor decides, each committed on its own with
who, when and why: adjustments (an override of a task's points, or the points of a manual task)
and flag resolutions, both append-only, so the history stays and the latest entry counts; the
roster; and the course's settings as the last ``grader grade`` read them. A regrade replaces the
automatic result only: the instructor's entries stay, and ``grader.results.adjust`` applies them on
top. Those small writes (``grader override``, the review page) need no batch lock: SQLite serialises
them, also while a batch runs. The tables for people are in ``grader.results.tables``.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import astuple, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: `grader grade` needs a POSIX machine (bubblewrap) anyway
    fcntl = None  # type: ignore[assignment]

from grader.errors import GraderError
from grader.results.adjust import Adjustment, Resolution
from grader.results.json_codec import result_from_json, result_to_json
from grader.results.records import NotebookResult, Stored
from grader.text.messages import msg

DATABASE = "gradebook.sqlite"
LOCK = "grader.lock"
# settings beside the course's: each graded assignment's title and maximum as the batch read
# them from its spec, and what each LMS file in the output folder was made from
ASSIGNMENTS, EXPORTS_MADE = "assignments", "exports"
SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, seed INTEGER NOT NULL,
    grader_version TEXT NOT NULL, submissions_dir TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS submissions (
    student TEXT NOT NULL, assignment TEXT NOT NULL, display_name TEXT NOT NULL,
    notebook TEXT NOT NULL, content_hash TEXT NOT NULL, grader_version TEXT NOT NULL,
    reference_version TEXT NOT NULL, seed INTEGER, status TEXT NOT NULL, points REAL NOT NULL,
    max_points REAL NOT NULL, graded_at TEXT NOT NULL, run_id INTEGER, result_json TEXT NOT NULL,
    PRIMARY KEY (student, assignment)
);
CREATE TABLE IF NOT EXISTS unplaced (path TEXT PRIMARY KEY, reason TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS adjustments (
    id INTEGER PRIMARY KEY, student TEXT NOT NULL, assignment TEXT NOT NULL, task TEXT NOT NULL,
    kind TEXT NOT NULL, points REAL, automatic_points REAL, content_hash TEXT NOT NULL,
    reason TEXT NOT NULL, author TEXT NOT NULL, at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS resolutions (
    id INTEGER PRIMARY KEY, student TEXT NOT NULL, assignment TEXT NOT NULL, flag TEXT NOT NULL,
    decision TEXT NOT NULL, reason TEXT NOT NULL, author TEXT NOT NULL, at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS roster (position INTEGER PRIMARY KEY, entry TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class GradebookBusy(GraderError):
    """Another grader process is writing to the same output folder."""


@dataclass(frozen=True)
class Run:
    id: int
    seed: int
    finished: str | None


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Gradebook:
    """The SQLite gradebook of one output folder. Use ``Gradebook.open`` (a context manager)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection
        self.entries = Entries(connection)

    @classmethod
    @contextlib.contextmanager
    def open(cls, out: Path, write: bool = True) -> Iterator[Gradebook]:
        """``write``: take the batch lock (grading, re-rendering); without it, reads and the
        instructor's small entries, which SQLite serialises on its own."""
        out.mkdir(parents=True, exist_ok=True)
        with _exclusive_lock(out) if write else contextlib.nullcontext():
            connection = sqlite3.connect(out / DATABASE, timeout=30)
            try:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=FULL")
                connection.executescript(SCHEMA)
                yield cls(connection)
            finally:
                connection.close()

    def unfinished_run(self) -> Run | None:
        row = self._db.execute(
            "SELECT id, seed, finished FROM runs WHERE finished IS NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return Run(*row) if row else None

    def start_run(self, seed: int, grader_version: str, submissions_dir: Path) -> Run:
        with self._db:
            cursor = self._db.execute(
                "INSERT INTO runs (started, seed, grader_version, submissions_dir) "
                "VALUES (?, ?, ?, ?)",
                (utc_now(), seed, grader_version, str(submissions_dir)),
            )
        return Run(int(cursor.lastrowid or 0), seed, None)

    def finish_run(self, run: Run) -> None:
        with self._db:
            self._db.execute("UPDATE runs SET finished = ? WHERE id = ?", (utc_now(), run.id))

    def fingerprint(self, student: str, assignment: str) -> tuple[str, str, str, str] | None:
        """(content hash, grader version, reference version, status) of the stored grade."""
        row = self._db.execute(
            "SELECT content_hash, grader_version, reference_version, status FROM submissions "
            "WHERE student = ? AND assignment = ?",
            (student, assignment),
        ).fetchone()
        return (str(row[0]), str(row[1]), str(row[2]), str(row[3])) if row else None

    def record(self, stored: Stored) -> None:
        result = stored.result
        with self._db:  # one transaction per submission: committed, or not there at all
            self._db.execute(
                f"INSERT OR REPLACE INTO submissions VALUES ({', '.join('?' * 14)})",
                (
                    stored.student,
                    stored.assignment,
                    stored.display_name,
                    result.notebook,
                    stored.content_hash,
                    stored.grader_version,
                    stored.reference_version,
                    result.seed,
                    result.status.value,
                    result.points,
                    result.max_points,
                    stored.graded_at,
                    stored.run_id,
                    result_to_json(result),
                ),
            )

    def replace_unplaced(self, problems: list[tuple[str, str]]) -> None:
        """Files of the latest run that could not be placed: (path, reason)."""
        with self._db:
            self._db.execute("DELETE FROM unplaced")
            self._db.executemany("INSERT OR REPLACE INTO unplaced VALUES (?, ?)", problems)

    def unplaced(self) -> list[tuple[str, str]]:
        rows = self._db.execute("SELECT path, reason FROM unplaced ORDER BY path")
        return [(str(path), str(reason)) for path, reason in rows]

    def all(self) -> list[Stored]:
        rows = self._db.execute(
            "SELECT student, display_name, assignment, content_hash, grader_version, "
            "reference_version, graded_at, run_id, result_json FROM submissions "
            "ORDER BY student, assignment"
        ).fetchall()
        return [
            Stored(
                student=row[0],
                display_name=row[1],
                assignment=row[2],
                content_hash=row[3],
                grader_version=row[4],
                reference_version=row[5],
                graded_at=row[6],
                run_id=row[7],
                result=_decoded(row[8]),
            )
            for row in rows
        ]


@functools.lru_cache(maxsize=4096)
def _decoded(text: str) -> NotebookResult:
    """A stored result decoded once per process: the review page reads the whole gradebook for
    every page of a course of 200 (600 submissions), and decoding is most of that time. Results
    are frozen, so one decoded result may serve every reader; the key is the stored JSON itself,
    so a regraded submission is decoded afresh."""
    return result_from_json(text)


@contextlib.contextmanager
def _exclusive_lock(out: Path) -> Iterator[None]:
    with open(out / LOCK, "a+", encoding="utf-8") as handle:
        if fcntl is None:
            yield
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            raise GradebookBusy(msg("gradebook.busy", out=str(out), holder=holder)) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Entries:
    """The instructor's entries in one gradebook: adjustments, flag resolutions, the roster and
    the course settings. Each write is one committed transaction (synchronous=FULL)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    def adjust(self, adjustment: Adjustment) -> None:
        with self._db:
            self._db.execute(
                "INSERT INTO adjustments (student, assignment, task, kind, points, "
                "automatic_points, content_hash, reason, author, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                astuple(adjustment),
            )

    def adjustments(self) -> list[Adjustment]:
        rows = self._db.execute(
            "SELECT student, assignment, task, kind, points, automatic_points, content_hash, "
            "reason, author, at FROM adjustments ORDER BY id"
        )
        return [Adjustment(*row) for row in rows]

    def resolve(self, resolution: Resolution) -> None:
        with self._db:
            self._db.execute(
                "INSERT INTO resolutions (student, assignment, flag, decision, reason, author, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                astuple(resolution),
            )

    def resolutions(self) -> list[Resolution]:
        rows = self._db.execute(
            "SELECT student, assignment, flag, decision, reason, author, at FROM resolutions "
            "ORDER BY id"
        )
        return [Resolution(*row) for row in rows]

    def replace_roster(self, entries: list[dict[str, str]]) -> None:
        with self._db:
            self._db.execute("DELETE FROM roster")
            self._db.executemany(
                "INSERT INTO roster (position, entry) VALUES (?, ?)",
                [(i, json.dumps(e, ensure_ascii=False)) for i, e in enumerate(entries)],
            )

    def roster(self) -> list[dict[str, str]]:
        rows = self._db.execute("SELECT entry FROM roster ORDER BY position")
        return [json.loads(row[0]) for row in rows]

    def set_setting(self, key: str, value: Any) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, json.dumps(value))
            )

    def setting(self, key: str, default: Any = None) -> Any:
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default
