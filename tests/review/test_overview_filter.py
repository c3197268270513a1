"""The overview's filter and search (status, open flags, pending, points range; name, ID or
e-mail), read from the query string, so that a plain form does it without JavaScript; the
submission pages follow it with next and previous, and keep it after a save."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from made_results import gradebook, result, stored, task

from grader.review.app import ReviewConfig, create_app
from grader.text.messages import msg
from grader.text.numbers import Decimal

HOST = "127.0.0.1:5123"


def _client(out: Path, lang: str = "de"):
    return create_app(ReviewConfig(out, lang, "tok3n", "f0rm", "lee", hosts=(HOST,))).test_client()


def _page(client, query: str) -> str:
    return client.get(f"/tok3n/?{query}", headers={"Host": HOST}).text


def _rows(client, query: str) -> list[tuple[str, str]]:
    page = _page(client, query)
    return re.findall(r'<tr data-student="([^"]+)" data-assignment="([^"]+)">', page)


@pytest.fixture
def flagged(course: Path) -> Path:
    """The LMS tests' course with Dora's 04 flagged as fitted to the test images."""
    flag = msg("accuracy.test_fitted", accuracy=Decimal(0.99), check=Decimal(0.7), n=2000)
    made = result("04_fashion_mnist_cnn", (task("x", 1.0),), warnings=(flag,))
    gradebook(course, [stored("dora", made, name="Dora Dietz")])
    return course


CONV = "01_convolution"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # 7 to 9.5 points in 01: Emil (8) and Frida (7.5); Anna (10), Ben (6) out, and Carla's
        # submission, which has no grade, is in no points range
        (f"assignment={CONV}&min=7&max=9,5", [("emil", CONV), ("40117", CONV)]),
        ("min=10", [("anna", CONV), ("zoe", CONV)]),
        ("status=PENDING", [("ben", "00_vorabfragen")]),
        ("pending=1", [("ben", "00_vorabfragen")]),
        ("status=NOT_GRADABLE", [("carla", CONV)]),
        ("flags=1", [("dora", "04_fashion_mnist_cnn")]),
        # search: the name, the submission's id, the roster's ID number or e-mail, any case
        ("q=SCHMIDT", [("anna", "00_vorabfragen"), ("anna", CONV)]),
        ("q=11140102", [("ben", "00_vorabfragen"), ("ben", CONV)]),
        ("q=emil.nowak@", [("emil", CONV)]),
        (f"q=4011&assignment={CONV}", [("40117", CONV)]),
        ("q=nobody", []),
    ],
)
def test_the_overview_shows_what_the_filter_keeps(flagged, query, expected):
    assert _rows(_client(flagged), query) == expected


def test_no_filter_shows_every_submission_and_the_form_shows_the_filter(flagged):
    client = _client(flagged)
    assert len(_rows(client, "")) == 10
    page = client.get(
        f"/tok3n/?assignment={CONV}&min=7&pending=1&q=Ben", headers={"Host": HOST}
    ).text
    assert f'<option value="{CONV}" selected>' in page
    assert 'name="pending" value="1" checked' in page and 'name="flags" value="1">' in page
    assert 'name="min" inputmode="decimal" value="7"' in page and 'value="Ben"' in page
    assert "Gezeigt: 0 von 10 Abgaben." in page  # ben's 01 has 6 points and nothing pending
    assert '<option value="PENDING">wartet auf manuelle Bewertung</option>' in page


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("de", "„viel“ ist keine Punktzahl: diese Grenze bleibt unbeachtet."),
        ("en", "'viel' is not a number of points: that bound is ignored."),
    ],
)
def test_a_bound_that_is_no_number_is_said_and_the_rest_applies(flagged, lang, said):
    client = _client(flagged, lang)
    page = client.get(f"/tok3n/?min=viel&max=7&assignment={CONV}", headers={"Host": HOST}).text
    assert said in html.unescape(page)
    assert _rows(client, f"min=viel&max=7&assignment={CONV}") == [("ben", CONV)]
    assert _rows(client, f"min=nan&assignment={CONV}") == _rows(client, f"assignment={CONV}")
    assert said.replace("viel", "nan") in html.unescape(_page(client, "min=nan"))


def _get(client, path: str) -> str:
    return html.unescape(client.get(f"/tok3n{path}", headers={"Host": HOST}).text)


def test_next_and_previous_follow_the_filter_and_a_save_keeps_it(flagged):
    client = _client(flagged)
    query = f"assignment={CONV}&min=7&max=9%2C5"
    assert f'href="/tok3n/s/emil/{CONV}?{query}"' in _get(client, f"/?{query}")
    page = _get(client, f"/s/emil/{CONV}?{query}")
    assert 'rel="prev"' not in page  # Anna, Ben and Carla are filtered out
    assert f'rel="next" href="/tok3n/s/40117/{CONV}?{query}"' in page
    back = re.search(r'name="back" value="([^"]+#task-output_size)"', page)
    assert back is not None and back.group(1) == f"/tok3n/s/emil/{CONV}?{query}#task-output_size"
    form = {"form_token": "f0rm", "student": "emil", "assignment": CONV, "task": "output_size"}
    form |= {"points": "0,5", "reason": "halb", "back": back.group(1)}
    answer = client.post("/tok3n/adjust", data=form, headers={"Host": HOST})
    location = answer.headers["Location"]
    assert location.startswith(f"/tok3n/s/emil/{CONV}?{query}&saved=")
    assert location.endswith("#task-output_size")
    # Emil has 8.5 now, still in the range: his neighbours are still the filter's
    after = _get(client, location.removeprefix("/tok3n").split("#")[0])
    assert f'rel="next" href="/tok3n/s/40117/{CONV}?{query}"' in after
    assert "Gespeichert: Emil Nowak, 01_convolution, output_size." in after
    # under a filter Emil does not match, his neighbours are the nearest ones it keeps
    top = _get(client, f"/s/emil/{CONV}?min=9")
    assert f'rel="prev" href="/tok3n/s/anna/{CONV}?min=9"' in top
    assert f'rel="next" href="/tok3n/s/zoe/{CONV}?min=9"' in top


@pytest.mark.browser
def test_the_filter_form_works_in_chromium_without_javascript(chromium, flagged):
    from playwright.sync_api import sync_playwright

    from grader.review.server import running

    with running(flagged, "de") as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(java_script_enabled=False, viewport={"width": 390, "height": 844})
        page.goto(url)
        page.select_option("select[name=assignment]", CONV)
        page.fill("input[name=min]", "7")
        page.fill("input[name=max]", "9,5")
        page.click("form.filter button[type=submit]")
        rows = page.locator("#submissions tbody tr")
        assert [rows.nth(i).get_attribute("data-student") for i in range(rows.count())] == [
            "emil",
            "40117",
        ]
        assert page.inner_text("#shown") == "Gezeigt: 2 von 10 Abgaben."
        page.click("text=Emil Nowak")
        page.click("a[rel=next]")
        assert page.url.endswith(f"s/40117/{CONV}?assignment={CONV}&min=7&max=9%2C5")
        page.goto(url)
        page.fill("input[name=q]", "becker")
        page.check("input[name=pending]")
        page.click("form.filter button[type=submit]")
        assert rows.count() == 1 and rows.first.get_attribute("data-assignment") == "00_vorabfragen"
        browser.close()
