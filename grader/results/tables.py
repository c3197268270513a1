"""The gradebook's tables for people, and the numbers of the course summary: the only pandas code.

Everything is built from ``grader.results.adjust.Graded`` views, so a table, a page and an LMS
export of the same gradebook always say the same: the automatic points with the instructor's
adjustments on top. Every number is per assignment: assignments have different maxima, so no
table adds them up across assignments.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader.course.roster import Roster
from grader.results.adjust import NO_SUBMISSION, Graded, TaskGrade
from grader.results.records import TaskStatus
from grader.rules.helpers.doctor import Diagnosis
from grader.rules.layer_sequence import LAYER_DIFFERENCES, slips
from grader.text.messages import Message, text

if TYPE_CHECKING:
    import pandas as pd


def _pandas() -> Any:
    """pandas, imported when a table is built: a batch worker, which only grades, never pays
    its import (a third of a worker's memory)."""
    import pandas

    return pandas


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LONG_COLUMNS = [
    "student",
    "name",
    "id_number",
    "email",
    "assignment",
    "task",
    "points",
    "max_points",
    "automatic_points",
    "status",
    "submission_status",
    "adjusted_by",
    "adjustment_reason",
    "second_look",
    "mistake",
    "message",
]


def _person(student: str, roster: Roster | None) -> dict[str, str]:
    """The roster's ID number (else its student id) and e-mail of a submission's student."""
    entry = roster.of_submission(student) if roster else None
    if entry is None:
        return {"id_number": "", "email": ""}
    return {"id_number": entry.id_number or entry.student_id, "email": entry.email}


def long_table(views: list[Graded], lang: str, roster: Roster | None = None) -> pd.DataFrame:
    """One row per task; a submission that was not graded gets one row with its status and
    reason. ``points`` count the adjustments and are empty wherever there is no grade (a task
    waiting for the instructor, a submission that was not graded): never a 0 for nothing.
    ``status`` follows the instructor's points; ``submission_status`` is the one vocabulary of
    ``Graded.state`` (GRADED, PENDING, NOT_GRADABLE, TIMEOUT, ...)."""
    rows: list[dict[str, Any]] = []
    for view in views:
        item, result = view.stored, view.stored.result
        base = {
            "student": item.student,
            "name": item.display_name,
            **_person(item.student, roster),
            "assignment": item.assignment,
            "submission_status": view.state,
        }
        if not result.tasks:
            rows.append(
                {
                    **base,
                    "task": "",
                    "points": view.grade,
                    "max_points": result.max_points,
                    "automatic_points": result.points if view.graded else None,
                    "status": view.state,
                    "adjusted_by": "",
                    "adjustment_reason": "",
                    "second_look": False,
                    "mistake": "",
                    "message": text(result.problem, lang),
                }
            )
        rows.extend({**base, **_task_row(view, grade, lang)} for grade in view.tasks)
    frame = _pandas().DataFrame(rows, columns=LONG_COLUMNS)
    fill = {
        c: ""
        for c in ("adjusted_by", "adjustment_reason", "mistake", "message", "id_number", "email")
    }
    return frame.fillna(fill | {"second_look": False})


def _task_row(view: Graded, grade: TaskGrade, lang: str) -> dict[str, Any]:
    task, adjustment = grade.result, grade.adjustment
    failure = task.first_failure
    outcome = failure.outcome if failure else None
    has_points = view.graded and not grade.pending
    return {
        "task": task.task,
        "points": grade.points if has_points else None,
        "max_points": task.max_points,
        "automatic_points": None if task.status == TaskStatus.PENDING else task.points,
        "status": TaskStatus.PENDING.value if grade.pending else grade.status.value,
        "adjusted_by": adjustment.author if adjustment else "",
        "adjustment_reason": adjustment.reason if adjustment else "",
        "second_look": grade.second_look,
        "mistake": text(outcome.mistake if outcome else None, lang),
        "message": text(outcome.message if outcome else (failure.error if failure else None), lang),
    }


def wide_table(views: list[Graded], roster: Roster | None = None) -> pd.DataFrame:
    """One row per student: per assignment its points (empty where there is no grade: not
    graded, or a task waiting for the instructor) and its status in the one vocabulary
    (``NO_SUBMISSION`` where nothing was handed in); what is incomplete or not graded. No grand
    total."""
    assignments = sorted({v.stored.assignment for v in views})
    rows: dict[str, dict[str, Any]] = {}
    for view in views:
        item = view.stored
        row = rows.setdefault(
            item.student,
            {
                "student": item.student,
                "name": item.display_name,
                **_person(item.student, roster),
                "incomplete": [],
                "not_graded": [],
                **{f"{a} status": NO_SUBMISSION for a in assignments},
            },
        )
        row[item.assignment] = view.grade
        row[f"{item.assignment} status"] = view.state
        if view.graded and view.pending:
            tasks = ", ".join(t.result.task for t in view.pending)
            row["incomplete"].append(f"{item.assignment}: {tasks}")
        if not view.graded:
            row["not_graded"].append(f"{item.assignment}: {view.status.value}")
    per_assignment = [c for a in assignments for c in (a, f"{a} status")]
    columns = ["student", "name", "id_number", "email", *per_assignment, "incomplete", "not_graded"]
    frame = _pandas().DataFrame(list(rows.values()), columns=columns)
    for column in ("incomplete", "not_graded"):
        frame[column] = frame[column].map(lambda items: "; ".join(items) if items else "")
    return frame


def safe_cell(value: Any) -> Any:
    """A spreadsheet must show a student's text, never evaluate it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write next to the target, then rename: a full disk leaves the previous file whole."""
    partial = path.with_name(f".{path.name}.partial")
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        with open(partial, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 with a byte-order mark: a German Excel then opens the file with its umlauts."""
    write_atomically(path, "\ufeff" + frame.map(safe_cell).to_csv(index=False))


# -- numbers of the course summary ----------------------------------------------------------------


def assignment_summaries(views: list[Graded], lang: str, bins: int = 10) -> list[dict[str, Any]]:
    """Per assignment: the distribution of the points on its own maximum, per-task average and
    pass rate, the named mistakes counted by students, open flags and pending manual tasks."""
    by_assignment: dict[str, list[Graded]] = defaultdict(list)
    for view in views:
        by_assignment[view.stored.assignment].append(view)
    return [
        _assignment_summary(name, group, lang, bins)
        for name, group in sorted(by_assignment.items())
    ]


def _assignment_summary(name: str, views: list[Graded], lang: str, bins: int) -> dict[str, Any]:
    graded = [v for v in views if v.graded]
    maximum = max((v.max_points for v in views), default=0.0)
    complete = _pandas().Series([v.points for v in graded if v.complete], dtype=float)
    return {
        "assignment": name,
        "max_points": maximum,
        "submissions": len(views),
        "graded": len(graded),
        "complete": int(complete.size),
        "mean": float(complete.mean()) if complete.size else None,
        "median": float(complete.median()) if complete.size else None,
        "histogram": _histogram(complete, maximum, bins),
        "tasks": _task_numbers(graded),
        "mistakes": _mistakes_by_students(graded, lang),
        "doctor": training_doctor(graded),
        "open_flags": [(v, f) for v in views for f in v.open_flags],
        "pending": [(v, t) for v in graded for t in v.pending],
        "second_looks": [(v, t) for v in graded for t in v.second_looks],
    }


def _task_numbers(graded: list[Graded]) -> list[dict[str, Any]]:
    """Average and pass rate per task over the graded submissions where the task has points
    (a task waiting for the instructor is left out until it has them)."""
    rows = [
        {
            "task": t.result.task,
            "title": t.result.title,
            "points": t.points,
            "max_points": t.result.max_points,
        }
        for v in graded
        for t in v.tasks
        if not t.pending
    ]
    if not rows:
        return []
    frame = _pandas().DataFrame(rows)
    frame["passed"] = frame["points"] >= frame["max_points"]
    numbers = (
        frame.groupby(["task", "title"], sort=False)
        .agg(
            average=("points", "mean"),
            max_points=("max_points", "max"),
            pass_rate=("passed", "mean"),
            n=("points", "size"),
        )
        .reset_index()
    )
    return list(numbers.to_dict("records"))


def training_doctor(graded: list[Graded]) -> dict[str, Any] | None:
    """The course view of the training doctor: per finding (over-fitting, unscaled inputs, ...,
    and healthy curves), the students whose models show it, the most frequent first; and the
    pair of classes the course's models confuse most often, summed over every confusion
    matrix the grader measured (what to discuss in the next lecture). None without curves."""
    found: dict[str, list[Graded]] = defaultdict(list)
    tables: list[tuple[tuple[int, ...], ...]] = []
    classes = None
    for view in graded:
        keys: set[str] = set()
        for grade in view.tasks:
            for check in grade.result.checks:
                outcome = check.outcome
                if outcome is None or outcome.curves is None:
                    continue
                keys |= set(Diagnosis.findings_of(outcome.mistake)) or {"healthy"}
                if outcome.curves.confusion:
                    tables.append(outcome.curves.confusion)
                    classes = outcome.curves.classes
        for key in keys - {"confusion"}:
            found[key].append(view)
    if not found:
        return None
    rows = sorted(found.items(), key=lambda item: (-len(item[1]), item[0]))
    return {
        "findings": [{"finding": key, "students": views} for key, views in rows],
        "confusion": _most_confused(tables, classes),
    }


def _most_confused(
    tables: list[tuple[tuple[int, ...], ...]], classes: str | None
) -> dict[str, Any] | None:
    sizes = {len(table) for table in tables}
    if len(sizes) != 1 or classes is None:  # nothing measured, or label sets that differ
        return None
    size = sizes.pop()
    pairs = [
        (sum(table[true][predicted] for table in tables), true, predicted)
        for true in range(size)
        for predicted in range(size)
        if true != predicted
    ]
    count, true, predicted = max(pairs)
    if not count:
        return None
    return {
        "true": f"class.{classes}.{true}",
        "predicted": f"class.{classes}.{predicted}",
        "count": count,
        "models": len(tables),
    }


def root_cause(mistake: Message) -> Message:
    """The mistake a sentence is about: "the total matches your own list; the mistake is in
    its entries: the bias was forgotten" is the forgotten bias, wherever it showed."""
    inner = mistake.params.get("mistake")
    return root_cause(inner) if isinstance(inner, Message) else mistake


def root_causes(mistake: Message) -> list[tuple[str, Message]]:
    """Each slip a named mistake stands for, with what identifies it: most mistakes are one slip,
    identified by their catalogue key (the same slip with other numbers is one); a model's
    layer list that differs from the reference's is as many slips as it has differences (relu
    instead of tanh, max instead of average pooling...), each identified by what it says
    without its layer number, so that a LeNet-5 differing in six places counts six times where
    it has six distinct slips and relu at three layers counts once."""
    cause = root_cause(mistake)
    if cause.key != LAYER_DIFFERENCES:
        return [(cause.key, cause)]
    items = cause.params.get("items", [])
    found = [slip for item in items if isinstance(item, Message) for slip in slips(item)]
    return [(f"{slip.key}:{text(slip, 'en')}", slip) for slip in found]


def _mistakes_by_students(graded: list[Graded], lang: str) -> list[dict[str, Any]]:
    """Each named mistake by its root cause (``root_causes``), with the students who made it
    (each once, however many tasks or layers show it), most frequent first; the sentence shown
    is its most common wording. The training doctor's advice has a table of its own
    (``training_doctor``)."""
    students: dict[str, dict[str, Graded]] = defaultdict(dict)
    wordings: dict[str, Counter[str]] = defaultdict(Counter)
    for view in graded:
        for grade in view.tasks:
            for check in grade.result.checks:
                mistake = check.outcome.mistake if check.outcome is not None else None
                if check.passed or mistake is None or Diagnosis.findings_of(mistake):
                    continue
                for key, cause in root_causes(mistake):
                    students[key][view.stored.student] = view
                    wordings[key][text(cause, lang)] += 1
    counted = sorted(students.items(), key=lambda item: (-len(item[1]), item[0]))
    return [
        {
            "mistake": wordings[key].most_common(1)[0][0],
            "students": len(who),
            "who": sorted(who.values(), key=lambda v: v.stored.display_name),
        }
        for key, who in counted[:10]
    ]


def _histogram(values: pd.Series, maximum: float, bins: int) -> list[dict[str, Any]]:
    """Counts in ``bins`` equal half-open bins [low, high) over [0, maximum), and full marks as
    a bar of their own (``full``): 10 of 10 is not "9 to 10"."""
    if maximum <= 0:
        return []
    step = maximum / bins
    edges = [i * step for i in range(bins + 1)]
    clipped = values.clip(0, maximum)
    below = clipped[clipped < maximum]
    counts = _pandas().cut(below, bins=edges, include_lowest=True, right=False)
    tally = counts.value_counts(sort=False).tolist() if below.size else [0] * bins
    return [
        {"low": lo, "high": hi, "count": int(n), "full": False}
        for lo, hi, n in zip(edges[:-1], edges[1:], tally, strict=True)
    ] + [{"low": maximum, "high": maximum, "count": int((clipped == maximum).sum()), "full": True}]
