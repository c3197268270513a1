"""The review page: a Flask app over one gradebook, for the instructor on this machine only.

Flask because it is the well-kept small framework of the Pallets projects, whose Jinja2 and
MarkupSafe the reports already use: its own server (Werkzeug) is enough for one person on
127.0.0.1, it needs no configuration, and its test client drives the app without a socket.
The pages are rendered by the reports' one Jinja2 environment, so they say only what the
catalogue says and escape all student text (answers, code, names).

Guarded three ways, enough for a local tool: every URL starts with a random token (a page of
another site cannot guess it, so it cannot post a form here); a form must also carry the
server's form token and, where the browser sends one, an Origin of this very server; and the
Host header must be this server's (no DNS rebinding). Every write is one committed gradebook
entry, as from ``grader override``; then the static reports are re-rendered.
"""

from __future__ import annotations

import contextlib
import hmac
import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import Flask, Response, abort, redirect, request
from werkzeug.wrappers import Response as WerkzeugResponse

from grader.errors import GraderError, said_in
from grader.report.environment import environment, number_format, sayer
from grader.report.pages import assignment_view, write_reports
from grader.results.adjust import OVERRIDDEN, PENDING, Graded, TaskGrade
from grader.results.decisions import Note, Override, adjustment_for, find_view, record, resolve_flag
from grader.results.gradebook import Gradebook, GradebookBusy
from grader.results.records import Status, TaskStatus
from grader.results.view import CourseView, read_course
from grader.review.code import submission_cells
from grader.text.messages import Message, msg, render
from grader.text.numbers import Count

_PAGES = environment(escape=True)


@dataclass(frozen=True)
class ReviewConfig:
    out: Path
    lang: str
    token: str  # in every URL
    form_token: str  # in every form
    author: str  # who the entries are recorded as
    hosts: tuple[str, ...] = ()  # Host headers accepted (set when the port is known)
    # re-render the static reports in a background thread (the server): a save returns at once
    background_reports: bool = False


class Reports:
    """The static reports, re-rendered after the review page's saves. With ``background``, in
    one thread, coalescing: rendering a course of 200 takes seconds, so a save returns at once,
    and one rendering takes in every save made before it, once the saves pause for QUIET_S (or
    LONGEST_S after the first). ``flush`` renders what is still due and waits until the reports
    hold every save (the server calls it when it stops)."""

    QUIET_S = 2.0  # a rendering starts once the saves pause this long...
    LONGEST_S = 30.0  # ...or this long after the first save it has not rendered yet

    def __init__(self, out: Path, lang: str, background: bool) -> None:
        self.out, self.lang, self.background = out, lang, background
        self._changed = threading.Condition()
        self._wanted = False
        self._last_save = self._first_save = 0.0
        self._flushing = False
        self._busy = False
        self._failure: BaseException | None = None
        self._thread: threading.Thread | None = None

    def saved(self) -> None:
        if not self.background:
            self._render()
            return
        with self._changed:
            now = time.monotonic()
            if not self._wanted:
                self._first_save = now
            self._wanted, self._last_save = True, now
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, daemon=True)
                self._thread.start()
            self._changed.notify_all()

    def flush(self, timeout: float = 600) -> None:
        with self._changed:
            self._flushing = True  # no more waiting for a pause
            self._changed.notify_all()
            self._changed.wait_for(lambda: not (self._wanted or self._busy), timeout)
            self._flushing = False
            failure, self._failure = self._failure, None
        if failure is not None:
            raise failure

    def _loop(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._wanted)
                # while the instructor grades answer after answer, rendering (seconds for a
                # course of 200, and holding the interpreter) would slow every page: wait for a
                # pause, at most LONGEST_S
                while not self._flushing:
                    now = time.monotonic()
                    due = min(self._last_save + self.QUIET_S, self._first_save + self.LONGEST_S)
                    if now >= due:
                        break
                    self._changed.wait(due - now)
                self._wanted, self._busy = False, True
            try:
                self._render()
            except Exception as error:  # kept for flush: nobody waits on this thread
                self._failure = error
            finally:
                with self._changed:
                    self._busy = False
                    self._changed.notify_all()

    def _render(self) -> None:
        # a batch grading into this folder holds the lock: it re-renders the reports when it ends
        with contextlib.suppress(GradebookBusy):
            write_reports(self.out, self.lang)


def create_app(config: ReviewConfig) -> Flask:
    app = Flask(__name__)
    app.config["REVIEW"] = config
    reports = Reports(config.out, config.lang, config.background_reports)
    app.config["REPORTS"] = reports
    base = f"/{config.token}"

    @app.before_request
    def guard() -> Response | None:
        if config.hosts and request.host not in config.hosts:
            abort(403)
        if request.path == "/favicon.ico":
            return Response(status=204)  # no icon, and no 404 in the browser's console
        if not request.path.startswith(base + "/"):
            abort(404)
        if request.method == "POST":
            origin = request.headers.get("Origin")
            if origin and urlsplit(origin).netloc != request.host:
                abort(403)
            sent = request.form.get("form_token", "")
            if not hmac.compare_digest(sent, config.form_token):
                abort(403)
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; style-src 'unsafe-inline'"
        )
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"  # keeps the Origin of our own forms
        response.headers["Cache-Control"] = "no-store"
        return response

    _routes(app, config, reports)
    return app


def _routes(app: Flask, config: ReviewConfig, reports: Reports) -> None:
    base = f"/{config.token}"
    page = _renderer(config)
    app.add_url_rule(
        f"{base}/",
        "overview",
        lambda: page("review/overview.html.j2", lambda course: _overview(course, config.lang)),
    )
    app.add_url_rule(f"{base}/flags", "flags", lambda: page("review/flags.html.j2", _flags))
    app.add_url_rule(f"{base}/manual", "manual", lambda: page("review/manual.html.j2", _manual))
    app.add_url_rule(
        f"{base}/s/<student>/<assignment>",
        "submission",
        lambda student, assignment: page(
            "review/submission.html.j2",
            lambda course: _submission(course, (student, assignment), config.lang),
        ),
    )
    app.add_url_rule(
        f"{base}/q/<assignment>/<task>",
        "question",
        lambda assignment, task: page(
            "review/question.html.j2", lambda course: _question(course, assignment, task)
        ),
    )
    app.add_url_rule(f"{base}/keys.js", "keys", _keys)
    app.add_url_rule(f"{base}/adjust", "adjust", lambda: _adjust(config, reports), methods=["POST"])
    app.add_url_rule(
        f"{base}/resolve", "resolve", lambda: _resolve(config, reports), methods=["POST"]
    )


def _renderer(config: ReviewConfig) -> Callable[..., str]:
    def page(template: str, data: Callable[[CourseView], dict[str, Any]]) -> str:
        course = read_course(config.out, write=False)
        return _PAGES.get_template(template).render(
            say=sayer(config.lang),
            fmt=number_format(config.lang),
            lang=config.lang,
            base=f"/{config.token}",
            form_token=config.form_token,
            saved=request.args.get("saved"),
            problem=request.args.get("problem"),
            typed=request.args.get("reason", ""),  # the comment of a form that failed, kept
            typed_points=request.args.get("points", ""),
            typed_at=request.args.get("at", ""),
            anchor=anchor,
            count=Count,  # a whole number as the page's language writes it (1.200, 1,200)
            **{
                "inline_messages": False,
                "previous": None,
                "next": None,
                "filter": Filter(),
                **data(course),
            },
        )

    return page


FILTERS = ("assignment", "status", "flags", "pending", "min", "max", "q")  # the overview's query
STATES = (Status.GRADED.value, PENDING, *(s.value for s in Status if s != Status.GRADED))


@dataclass(frozen=True)
class Filter:
    """The overview's filter and search, read from the query string (a plain GET form, so it
    works without JavaScript); carried on to the submission pages, whose next and previous
    follow it, and back to them after a save."""

    assignment: str = ""
    status: str = ""
    flags: bool = False  # only submissions with an open flag
    pending: bool = False  # only submissions with a task waiting for points
    low: float | None = None  # points range: submissions without a grade drop out
    high: float | None = None
    search: str = ""  # in the name, the submission's id, the roster's ID number and e-mail
    typed: tuple[tuple[str, str], ...] = ()  # the query as given, for the form and the links
    problems: tuple[Message, ...] = ()

    @property
    def query(self) -> str:
        return urlencode(self.typed)

    def value(self, key: str) -> str:
        return dict(self.typed).get(key, "")

    def keeps(self, view: Graded, course: CourseView) -> bool:
        item = view.stored
        if self.assignment and item.assignment != self.assignment:
            return False
        if self.status and view.state != self.status:
            return False
        if (self.flags and not view.open_flags) or (self.pending and not view.pending):
            return False
        if self.low is not None or self.high is not None:
            grade = view.grade
            if grade is None:
                return False
            if (self.low is not None and grade < self.low) or (
                self.high is not None and grade > self.high
            ):
                return False
        if self.search:
            entry = course.roster.of_submission(item.student)
            known = [item.display_name, item.student]
            if entry is not None:
                known += [entry.name, entry.id_number, entry.email, entry.student_id]
            return any(self.search in k.casefold() for k in known if k)
        return True


def read_filter(args: Any) -> Filter:
    typed = tuple((k, args.get(k, "").strip()) for k in FILTERS if args.get(k, "").strip())
    given = dict(typed)
    problems = []
    bounds: list[float | None] = []
    for key in ("min", "max"):
        bound = None
        if given.get(key):
            with contextlib.suppress(ValueError):
                bound = float(given[key].replace(",", "."))
            if bound is None or not math.isfinite(bound):  # "nan" compares with nothing
                bound = None
                problems.append(msg("review.filter_bad_number", text=given[key]))
        bounds.append(bound)
    return Filter(
        assignment=given.get("assignment", ""),
        status=given.get("status", ""),
        flags=bool(given.get("flags")),
        pending=bool(given.get("pending")),
        low=bounds[0],
        high=bounds[1],
        search=given.get("q", "").casefold(),
        typed=typed,
        problems=tuple(problems),
    )


def _overview(course: CourseView, lang: str) -> dict[str, Any]:
    views = _in_order(course.views)
    chosen = read_filter(request.args)
    shown = [v for v in views if chosen.keeps(v, course)]
    return {
        "views": shown,
        "total": len(views),
        "filter": chosen,
        "filter_problems": [render(p, lang) for p in chosen.problems],
        "assignments": sorted({v.stored.assignment for v in views}),
        "states": [s for s in STATES if any(v.state == s for v in views)],
        "open_flags": sum(len(v.open_flags) for v in views),
        "pending": sum(len(v.pending) for v in views),
    }


def _flags(course: CourseView) -> dict[str, Any]:
    return {"items": [(v, f) for v in course.views for f in v.open_flags]}


def _manual(course: CourseView) -> dict[str, Any]:
    items = []
    questions: dict[tuple[str, str], dict[str, Any]] = {}
    for view in _in_order(course.views):
        for grade in view.tasks:
            if grade.result.status == TaskStatus.PENDING:  # manual tasks, graded or not
                items.append((view, grade, _answer(grade)))
                key = (view.stored.assignment, grade.result.task)
                question = questions.setdefault(
                    key, {"title": grade.result.title, "answers": 0, "waiting": 0}
                )
                question["answers"] += 1
                question["waiting"] += grade.pending
    return {"items": items, "questions": sorted(questions.items())}


def _in_order(views: list[Graded]) -> list[Graded]:
    """The order of the overview, of next and previous: by assignment, then by name."""
    return sorted(
        views, key=lambda v: (v.stored.assignment, v.stored.display_name, v.stored.student)
    )


def anchor(student: str) -> str:
    """An element id for a student's answer that no student id can break (the page's anchor)."""
    return "a-" + re.sub(r"[^A-Za-z0-9_-]", lambda m: f".{ord(m.group()):x}", student)


def _question(course: CourseView, assignment: str, task: str) -> dict[str, Any]:
    """All answers to one question of one assignment, in the overview's order, with the
    question's text and its model answer as the batch stored them from the reference."""
    views = [v for v in _in_order(course.views) if v.stored.assignment == assignment]
    items = [(v, v.task(task), _answer(g) if (g := v.task(task)) else "") for v in views]
    graded = [(v, g, a) for v, g, a in items if g is not None]
    if not graded:
        abort(404)
    facts = course.assignments.get(assignment, {}) or {}
    asked = (facts.get("questions") or {}).get(task) or {}
    order = _manual_tasks(views)
    here = order.index(task) if task in order else -1
    first = graded[0][1]
    return {
        "assignment": assignment,
        "task": task,
        "title": first.result.title if first else task,
        "question": asked.get("question", ""),
        "model_answer": asked.get("answer", ""),
        "items": items,
        "answers": len(graded),
        "waiting": len([g for _, g, _ in graded if g is not None and g.pending]),
        "previous": order[here - 1] if here > 0 else None,
        "next": order[here + 1] if 0 <= here < len(order) - 1 else None,
        "inline_messages": True,
    }


def _manual_tasks(views: list[Graded]) -> list[str]:
    """The tasks graded by hand in these submissions, in notebook order."""
    found: dict[str, int] = {}
    for view in views:
        for position, grade in enumerate(view.tasks):
            if grade.result.status == TaskStatus.PENDING:
                found.setdefault(grade.result.task, position)
    return sorted(found, key=lambda task: found[task])


def _keys() -> Response:
    source = _PAGES.loader.get_source(_PAGES, "review/keys.js")[0]  # type: ignore[union-attr]
    return Response(source, mimetype="text/javascript")


def _answer(grade: TaskGrade) -> str:
    """The free-text answer as the grader read it from the notebook (kept with the result)."""
    for check in grade.result.checks:
        if check.outcome is not None and check.outcome.pending:
            found = check.outcome.found
            return found if isinstance(found, str) else ""
    return ""


def _submission(course: CourseView, key: tuple[str, str], lang: str) -> dict[str, Any]:
    """One submission, with its neighbours in the overview's order under the overview's filter
    (the nearest ones it keeps, also when this one no longer matches it after a save)."""
    same = [v for v in _in_order(course.views) if v.stored.assignment == key[1]]
    here = next((i for i, v in enumerate(same) if v.stored.student == key[0]), None)
    if here is None:
        abort(404)
    chosen = read_filter(request.args)
    before = [v for v in same[:here] if chosen.keeps(v, course)]
    after = [v for v in same[here + 1 :] if chosen.keeps(v, course)]
    view = same[here]
    return {
        "previous": before[-1] if before else None,
        "next": after[0] if after else None,
        "filter": chosen,
        "inline_messages": True,
        "view": view,
        "a": assignment_view(view, lang, None),
        "cells": submission_cells(Path(view.stored.result.notebook), lang),
        "answers": {g.result.task: _answer(g) for g in view.tasks},
    }


def _back(config: ReviewConfig, **message: str) -> WerkzeugResponse:
    """Back to the page the form was on, at the place it was (its anchor), under the filter it
    was reached with, with what happened."""
    target, _, place = request.form.get("back", "").partition("#")
    if not target.startswith(f"/{config.token}/"):
        target = f"/{config.token}/"
    target, _, query = target.partition("?")
    kept = [(k, v) for k, v in parse_qsl(query) if k in FILTERS]
    place = f"#{place}" if re.fullmatch(r"[A-Za-z0-9_.-]+", place) else ""
    return redirect(f"{target}?{urlencode([*kept, *message.items()])}{place}", code=303)


def _adjust(config: ReviewConfig, reports: Reports) -> WerkzeugResponse:
    form = request.form
    at = "/".join(form.get(k, "") for k in ("student", "assignment", "task"))
    try:
        view = find_view(config.out, form.get("student", ""), form.get("assignment", ""))
        note = Note(form.get("reason", ""), config.author)
        entry = adjustment_for(view, form.get("task", ""), form.get("points", ""), note)
        with Gradebook.open(config.out, write=False) as book:
            book.entries.adjust(entry)
    except GraderError as error:
        typed = {"reason": form.get("reason", ""), "points": form.get("points", "")}
        return _back(config, problem=said_in(error, config.lang), at=at, **typed)
    reports.saved()
    return _back(
        config, saved=f"{view.stored.display_name}, {entry.assignment}, {entry.task}", at=at
    )


def _resolve(config: ReviewConfig, reports: Reports) -> WerkzeugResponse:
    form = request.form
    try:
        view = find_view(config.out, form.get("student", ""), form.get("assignment", ""))
        override = None
        if form.get("decision") == OVERRIDDEN:
            override = Override(form.get("task", ""), form.get("points", ""))
        note = Note(form.get("reason", ""), config.author)
        decision = resolve_flag(view, form.get("flag", ""), note, override)
        record(config.out, decision)
    except GraderError as error:
        return _back(config, problem=said_in(error, config.lang), reason=form.get("reason", ""))
    reports.saved()
    made = decision.resolution
    state = render(msg(f"cli.flag_{made.decision}"), config.lang)  # the page's language
    return _back(config, saved=f"{made.student} {made.assignment}: {state}")
