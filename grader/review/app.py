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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import Flask, Response, abort, redirect, request
from werkzeug.wrappers import Response as WerkzeugResponse

from grader.errors import GraderError
from grader.report.environment import environment, number_format, sayer
from grader.report.pages import assignment_view, write_reports
from grader.results.adjust import OVERRIDDEN, Graded, TaskGrade
from grader.results.decisions import Note, Override, adjustment_for, find_view, record, resolve_flag
from grader.results.gradebook import Gradebook, GradebookBusy
from grader.results.records import TaskStatus
from grader.results.view import read_course
from grader.review.code import submission_cells
from grader.text.messages import Message, render

_PAGES = environment(escape=True)


@dataclass(frozen=True)
class ReviewConfig:
    out: Path
    lang: str
    token: str  # in every URL
    form_token: str  # in every form
    author: str  # who the entries are recorded as
    hosts: tuple[str, ...] = ()  # Host headers accepted (set when the port is known)


def create_app(config: ReviewConfig) -> Flask:
    app = Flask(__name__)
    app.config["REVIEW"] = config
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

    page = _renderer(config)
    app.add_url_rule(f"{base}/", "overview", lambda: page("review/overview.html.j2", _overview))
    app.add_url_rule(f"{base}/flags", "flags", lambda: page("review/flags.html.j2", _flags))
    app.add_url_rule(f"{base}/manual", "manual", lambda: page("review/manual.html.j2", _manual))
    app.add_url_rule(
        f"{base}/s/<student>/<assignment>",
        "submission",
        lambda student, assignment: page(
            "review/submission.html.j2",
            lambda views: _submission(views, (student, assignment), config.lang),
        ),
    )
    app.add_url_rule(f"{base}/adjust", "adjust", lambda: _adjust(config), methods=["POST"])
    app.add_url_rule(f"{base}/resolve", "resolve", lambda: _resolve(config), methods=["POST"])
    return app


def _renderer(config: ReviewConfig) -> Callable[..., str]:
    def page(template: str, data: Callable[[list[Graded]], dict[str, Any]]) -> str:
        views = read_course(config.out, write=False).views
        return _PAGES.get_template(template).render(
            say=sayer(config.lang),
            fmt=number_format(config.lang),
            lang=config.lang,
            base=f"/{config.token}",
            form_token=config.form_token,
            saved=request.args.get("saved"),
            problem=request.args.get("problem"),
            typed=request.args.get("reason", ""),  # the comment of a form that failed, kept
            typed_at=request.args.get("at", ""),
            **data(views),
        )

    return page


def _overview(views: list[Graded]) -> dict[str, Any]:
    return {
        "views": sorted(views, key=lambda v: (v.stored.assignment, v.stored.display_name)),
        "open_flags": sum(len(v.open_flags) for v in views),
        "pending": sum(len(v.pending) for v in views),
    }


def _flags(views: list[Graded]) -> dict[str, Any]:
    return {"items": [(v, f) for v in views for f in v.open_flags]}


def _manual(views: list[Graded]) -> dict[str, Any]:
    items = []
    for view in views:
        for grade in view.tasks:
            if grade.result.status == TaskStatus.PENDING:  # manual tasks, graded or not
                items.append((view, grade, _answer(grade)))
    return {"items": items}


def _answer(grade: TaskGrade) -> str:
    """The free-text answer as the grader read it from the notebook (kept with the result)."""
    for check in grade.result.checks:
        if check.outcome is not None and check.outcome.pending:
            found = check.outcome.found
            return found if isinstance(found, str) else ""
    return ""


def _submission(views: list[Graded], key: tuple[str, str], lang: str) -> dict[str, Any]:
    view = next((v for v in views if (v.stored.student, v.stored.assignment) == key), None)
    if view is None:
        abort(404)
    return {
        "view": view,
        "a": assignment_view(view, lang, None),
        "cells": submission_cells(Path(view.stored.result.notebook), lang),
        "answers": {g.result.task: _answer(g) for g in view.tasks},
    }


def _back(config: ReviewConfig, **message: str) -> WerkzeugResponse:
    target = request.form.get("back", "")
    if not target.startswith(f"/{config.token}/"):
        target = f"/{config.token}/"
    target = target.split("?", 1)[0]
    return redirect(f"{target}?{urlencode(message)}", code=303)


def _adjust(config: ReviewConfig) -> WerkzeugResponse:
    form = request.form
    try:
        view = find_view(config.out, form.get("student", ""), form.get("assignment", ""))
        note = Note(form.get("reason", ""), config.author)
        entry = adjustment_for(view, form.get("task", ""), form.get("points", ""), note)
        with Gradebook.open(config.out, write=False) as book:
            book.entries.adjust(entry)
    except GraderError as error:
        at = "/".join(form.get(k, "") for k in ("student", "assignment", "task"))
        typed = form.get("reason", "")
        return _back(config, problem=_said(error, config.lang), reason=typed, at=at)
    _rerender(config)
    return _back(config, saved=f"{entry.student} {entry.assignment} {entry.task}")


def _resolve(config: ReviewConfig) -> WerkzeugResponse:
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
        return _back(config, problem=_said(error, config.lang), reason=form.get("reason", ""))
    _rerender(config)
    made = decision.resolution
    return _back(config, saved=f"{made.student} {made.assignment}: {made.decision}")


def _said(error: GraderError, lang: str) -> str:
    """An error in the page's language: the catalogue's sentence where it carries one."""
    message = getattr(error, "message", None)
    return render(message, lang) if isinstance(message, Message) else str(error)


def _rerender(config: ReviewConfig) -> None:
    # a batch grading into this folder holds the lock: it re-renders the reports when it ends
    with contextlib.suppress(GradebookBusy):
        write_reports(config.out, config.lang)
