"""The review app through Flask's test client: the guards, the pages, the writes."""

from __future__ import annotations

import re
from urllib.parse import unquote_plus

import pytest

from grader.results.gradebook import Gradebook
from grader.review.app import ReviewConfig, create_app

HOST = "127.0.0.1:5123"


@pytest.fixture
def client(course):
    config = ReviewConfig(course, "de", "tok3n", "f0rm", "lee", hosts=(HOST,))
    app = create_app(config)
    return app.test_client()


def _get(client, path: str):
    return client.get(f"/tok3n{path}", headers={"Host": HOST})


def _post(client, path: str, data: dict, **headers):
    return client.post(
        f"/tok3n{path}", data={"form_token": "f0rm", **data}, headers={"Host": HOST, **headers}
    )


def test_every_page_needs_the_token_and_this_host(client):
    assert client.get("/", headers={"Host": HOST}).status_code == 404
    assert client.get("/wrong/", headers={"Host": HOST}).status_code == 404
    assert client.get("/tok3n/", headers={"Host": "evil.example:5123"}).status_code == 403
    page = _get(client, "/")
    assert page.status_code == 200 and "Durchsicht und Bewertung" in page.text
    assert "Zoe Zander" in page.text and page.headers["X-Frame-Options"] == "DENY"


def test_a_write_needs_the_form_token_and_no_foreign_origin(client, course):
    form = {
        "student": "ben",
        "assignment": "01_convolution",
        "task": "sobel",
        "points": "1",
        "reason": "ok",
    }
    assert client.post("/tok3n/adjust", data=form, headers={"Host": HOST}).status_code == 403
    assert _post(client, "/adjust", form, Origin="http://evil.example").status_code == 403
    with Gradebook.open(course, write=False) as book:
        assert len(book.entries.adjustments()) == 4  # the fixture's, nothing more


def test_an_override_through_the_form_is_stored_and_shown(client, course):
    form = {
        "student": "ben",
        "assignment": "01_convolution",
        "task": "sobel",
        "points": "1",
        "reason": "Vorzeichen nur im Kommentar falsch",
        "back": "/tok3n/s/ben/01_convolution",
    }
    answer = _post(client, "/adjust", form, Origin=f"http://{HOST}")
    assert answer.status_code == 303 and answer.headers["Location"].startswith(
        "/tok3n/s/ben/01_convolution?saved="
    )
    with Gradebook.open(course, write=False) as book:
        latest = book.entries.adjustments()[-1]
    assert (latest.task, latest.points, latest.author, latest.kind) == (
        "sobel",
        1.0,
        "lee",
        "override",
    )
    page = _get(client, "/s/ben/01_convolution").text
    assert "Angepasst durch die Lehrperson: Vorzeichen nur im Kommentar falsch" in page
    assert re.search(r'id="total">7/10<', page)
    # the static student page says it too
    student_page = next((course / "students").glob("ben-*.html")).read_text()
    assert "Vorzeichen nur im Kommentar falsch" in student_page


def test_points_out_of_range_or_an_override_without_reason_are_refused(client, course):
    base = {"student": "ben", "assignment": "01_convolution", "task": "sobel", "back": "/tok3n/"}
    answer = _post(client, "/adjust", {**base, "points": "5", "reason": "x"})
    assert "problem=" in answer.headers["Location"]
    shown = _get(client, "/?" + answer.headers["Location"].split("?", 1)[1]).text
    # in the page's language, naming the task, its assignment and the student
    assert "Titel sobel (sobel) (01_convolution, Ben Becker): 5 liegt nicht zwischen 0 und 1" in (
        shown
    )
    typed = {**base, "points": "1", "reason": "", "back": "/tok3n/s/ben/01_convolution"}
    answer = _post(client, "/adjust", {**typed, "reason": "x", "points": "zwei"})
    page = _get(client, answer.headers["Location"].removeprefix("/tok3n")).text
    assert "„zwei“ ist keine Punktzahl" in page
    form = re.search(r'<form class="grade"[^>]*data-task="sobel">.*?</form>', page, re.DOTALL)
    assert form is not None
    form = form.group(0)
    assert '<textarea name="reason">x</textarea>' in form  # the typed comment is kept
    _post(client, "/adjust", typed)
    with Gradebook.open(course, write=False) as book:
        assert len(book.entries.adjustments()) == 4


def test_the_manual_page_shows_the_answers_escaped_and_takes_points(client, course):
    page = _get(client, "/manual").text
    assert "Weil &lt;b&gt;Faltung&lt;/b&gt;" in page and "<b>Faltung</b>" not in page
    _post(
        client,
        "/adjust",
        {
            "student": "ben",
            "assignment": "00_vorabfragen",
            "task": "a",
            "points": "1,5",
            "back": "/tok3n/manual",
        },
    )
    with Gradebook.open(course, write=False) as book:
        latest = book.entries.adjustments()[-1]
    assert (latest.kind, latest.points, latest.reason) == ("manual", 1.5, "")


def _flagged(course, lang: str = "en"):
    """Dora's 04 flagged as fitted to the test images: the review page's client and the flag."""
    from made_results import gradebook, result, stored, task

    from grader.text.messages import msg
    from grader.text.numbers import Decimal

    flag = msg("accuracy.test_fitted", accuracy=Decimal(0.99), check=Decimal(0.7), n=2000)
    gradebook(
        course,
        [stored("dora", result("04_fashion_mnist_cnn", (task("x", 1.0),), warnings=(flag,)))],
    )
    client = create_app(
        ReviewConfig(course, lang, "tok3n", "f0rm", "lee", hosts=(HOST,))
    ).test_client()
    key = re.search(
        r'data-flag="([0-9a-f]+)"', _get(client, "/s/dora/04_fashion_mnist_cnn").text
    ).group(1)
    return client, key


def test_a_flag_is_resolved_with_a_reason(course):
    client, key = _flagged(course)
    page = _get(client, "/flags").text
    assert "was it trained on the test images?" in page
    _post(
        client,
        "/resolve",
        {
            "student": "dora",
            "assignment": "04_fashion_mnist_cnn",
            "flag": key,
            "decision": "accepted",
            "reason": "Augmentation erklärt es",
        },
    )
    assert "was it trained" not in _get(client, "/flags").text
    with Gradebook.open(course, write=False) as book:
        [resolution] = book.entries.resolutions()
    assert (resolution.decision, resolution.reason) == ("accepted", "Augmentation erklärt es")


@pytest.mark.parametrize(("lang", "state"), [("de", "akzeptiert"), ("en", "accepted")])
def test_the_saved_resolution_is_said_in_the_pages_language(course, lang, state):
    client, key = _flagged(course, lang)
    form = {"student": "dora", "assignment": "04_fashion_mnist_cnn", "flag": key}
    answer = _post(client, "/resolve", {**form, "decision": "accepted", "reason": "ok"})
    assert f"saved=dora 04_fashion_mnist_cnn: {state}" in unquote_plus(answer.headers["Location"])


def test_the_command_and_the_page_refuse_a_flag_resolution_without_reason_alike(course, capsys):
    from grader.cli.main import main

    client, key = _flagged(course)
    form = {"student": "dora", "assignment": "04_fashion_mnist_cnn", "flag": key}
    answer = _post(client, "/resolve", {**form, "decision": "accepted", "reason": "  "})
    assert "needs a reason" in unquote_plus(answer.headers["Location"])
    code = main(["resolve", str(course), key, "--accept", "--reason", "", "--lang", "en"])
    assert code == 2 and "Flag of Dora (04_fashion_mnist_cnn): resolving it needs a reason" in (
        capsys.readouterr().err
    )
    with Gradebook.open(course, write=False) as book:
        assert book.entries.resolutions() == []
