"""Grading by question on the review page (Flask's test client): every student's answer to one
question in a row, with the question and its model answer from the reference; saving comes back
to the answer just graded; an error names the task in the page's language and keeps what was
typed; next and previous submission."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from grader.course.authoring import free_text_questions
from grader.course.spec import load_assignment
from grader.results.gradebook import Gradebook
from grader.review.app import ReviewConfig, anchor, create_app
from review.warm_up import ASSIGNMENT, warm_up_course

HOST = "127.0.0.1:5123"
STUDENTS = [("zoe", "Zoe Zander"), ("ben", "Ben Becker"), ("anna", "Anna Schmidt")]


@pytest.fixture
def warm_up(tmp_path: Path) -> Path:
    return warm_up_course(tmp_path / "out", STUDENTS, not_gradable="carla")


def _client(out: Path, lang: str = "de"):
    return create_app(ReviewConfig(out, lang, "tok3n", "f0rm", "lee", hosts=(HOST,))).test_client()


def _get(client, path: str):
    return client.get(f"/tok3n{path}", headers={"Host": HOST})


def _post(client, data: dict):
    return client.post("/tok3n/adjust", data={"form_token": "f0rm", **data}, headers={"Host": HOST})


def _section(page: str, student: str) -> str:
    found = re.search(
        rf'<section class="answer-item" id="{anchor(student)}".*?</section>', page, re.DOTALL
    )
    assert found is not None, student
    return found.group(0)


def test_the_reference_gives_each_free_text_task_its_question_and_model_answer(root):
    spec = load_assignment(root, ASSIGNMENT)
    questions = free_text_questions(spec)
    assert list(questions) == [t.id for t in spec.tasks]
    reference = json.loads(spec.reference_notebook.read_text())["cells"]
    pooling = next(
        i
        for i, c in enumerate(reference)
        if c["metadata"].get("grader", {}).get("task") == "pooling"
    )
    asked = "".join(reference[pooling - 1]["source"]).strip()
    assert questions["pooling"]["question"] == asked and asked.startswith("## Frage 3")
    model = questions["pooling"]["answer"]
    assert model in "".join(reference[pooling]["source"]) and "SOLUTION" not in model
    assert free_text_questions(load_assignment(root, "01_convolution")) == {}  # no free text


def test_one_question_shows_every_answer_in_name_order_with_the_question(warm_up):
    client = _client(warm_up)
    manual = _get(client, "/manual").text
    link = f'href="/tok3n/q/{ASSIGNMENT}/pooling"'
    assert link in manual and "Was bringt Pooling? (00_vorabfragen): 3 Antworten, 3 offen" in manual
    page = _get(client, f"/q/{ASSIGNMENT}/pooling").text
    assert "## Frage 3: Was bringt Pooling?" in page
    assert "Pooling fasst jedes Fenster einer Feature Map zu einem Wert zusammen" in page
    order = [m.group(1) for m in re.finditer(r'class="answer-item" id="a-(\w+)"', page)]
    assert order == ["anna", "ben", "carla", "zoe"]  # by name, as the overview
    ben = _section(page, "ben")
    assert "Ben Becker zu Was bringt Pooling?: &lt;i&gt;Gewichte&lt;/i&gt;" in ben  # escaped
    assert "2 von 4" in ben and 'name="points"' in ben
    carla = _section(page, "carla")
    assert "Keine Antwort zu bewerten: nicht bewertbar" in carla and "<form" not in carla
    assert "3 Antworten, 3 warten auf Punkte." in page
    # its neighbours in the notebook: previous and next question
    assert f'rel="prev" href="/tok3n/q/{ASSIGNMENT}/filter_feature_map"' in page
    assert 'rel="next"' not in page
    assert _get(client, f"/q/{ASSIGNMENT}/nope").status_code == 404


def test_saving_comes_back_to_the_answer_just_graded(warm_up):
    client = _client(warm_up)
    back = f"/tok3n/q/{ASSIGNMENT}/pooling#{anchor('ben')}"
    form = {"student": "ben", "assignment": ASSIGNMENT, "task": "pooling", "back": back}
    answer = _post(client, {**form, "points": "1,5", "reason": "Kanäle fehlen"})
    location = answer.headers["Location"]
    assert answer.status_code == 303 and location.endswith("#a-ben")
    assert location.startswith(f"/tok3n/q/{ASSIGNMENT}/pooling?saved=")
    page = _get(client, location.removeprefix("/tok3n").split("#")[0]).text
    ben = _section(page, "ben")
    assert "Gespeichert: Ben Becker, 00_vorabfragen, pooling." in ben
    assert "Bewertet: 1,5/2: Kanäle fehlen" in ben
    assert "Gespeichert" not in _section(page, "anna")
    assert "2 warten auf Punkte" in page
    with Gradebook.open(warm_up, write=False) as book:
        [entry] = book.entries.adjustments()
    assert (entry.student, entry.task, entry.kind, entry.points) == (
        "ben",
        "pooling",
        "manual",
        1.5,
    )


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("de", "Nicht gespeichert: Was bringt Pooling? (pooling) (00_vorabfragen, Ben Becker): "),
        ("en", "Not saved: Was bringt Pooling? (pooling) (00_vorabfragen, Ben Becker): "),
    ],
)
def test_an_error_names_the_task_in_the_page_language_and_keeps_what_was_typed(warm_up, lang, said):
    client = _client(warm_up, lang)
    back = f"/tok3n/q/{ASSIGNMENT}/pooling#{anchor('ben')}"
    form = {"student": "ben", "assignment": ASSIGNMENT, "task": "pooling", "back": back}
    answer = _post(client, {**form, "points": "3", "reason": "Gut erklärt, aber <kurz>"})
    location = answer.headers["Location"]
    assert location.endswith("#a-ben")
    page = _get(client, location.removeprefix("/tok3n").split("#")[0]).text
    ben = _section(page, "ben")
    range_said = "3 liegt nicht zwischen 0 und 2" if lang == "de" else "3 is not between 0 and 2"
    assert said in ben and range_said in ben
    assert '<textarea name="reason">Gut erklärt, aber &lt;kurz&gt;</textarea>' in ben
    assert 'value="3"' in ben  # the points typed, to correct
    anna = _section(page, "anna")
    assert '<textarea name="reason"></textarea>' in anna
    assert 'class="problem"' not in page.split('class="answer-item"')[0]  # shown where it was
    with Gradebook.open(warm_up, write=False) as book:
        assert book.entries.adjustments() == []


def test_a_submission_links_its_neighbours_and_a_save_returns_to_the_task(course):
    client = _client(course)
    page = _get(client, "/s/ben/01_convolution").text
    assert 'rel="prev" href="/tok3n/s/anna/01_convolution"' in page
    assert 'rel="next" href="/tok3n/s/carla/01_convolution"' in page
    assert "Vorige Abgabe: Anna Schmidt" in page and "Nächste Abgabe: Carla Rossi" in page
    first = _get(client, "/s/anna/01_convolution").text
    assert 'rel="prev"' not in first and 'rel="next" href="/tok3n/s/ben/01_convolution"' in first
    last = _get(client, "/s/zoe/01_convolution").text
    assert 'rel="next"' not in last and 'rel="prev" href="/tok3n/s/40117/01_convolution"' in last
    form = {"student": "ben", "assignment": "01_convolution", "task": "sobel", "points": "1"}
    back = "/tok3n/s/ben/01_convolution#task-sobel"
    location = _post(client, {**form, "reason": "ok", "back": back}).headers["Location"]
    assert location.startswith("/tok3n/s/ben/01_convolution?saved=") and location.endswith(
        "#task-sobel"
    )
    shown = _get(client, location.removeprefix("/tok3n").split("#")[0]).text
    sobel = re.search(r'<section class="task" id="task-sobel".*?</section>', shown, re.DOTALL)
    assert sobel is not None and "Gespeichert: Ben Becker, 01_convolution, sobel." in sobel.group(0)
    # a place that is not an anchor is dropped, never written into the redirect
    evil = _post(client, {**form, "reason": "ok", "back": '/tok3n/s/ben/01_convolution#x"><b'})
    assert "#" not in evil.headers["Location"]
