"""The one Jinja2 environment factory of the reports, and the one way templates say anything.

Every sentence a page shows comes from the message catalogue through ``say(key, **params)``: a
template holds no wording of its own, so a label cannot exist in one language only, and a key
that the catalogue lacks fails when the page is rendered (in the tests), not in a student's
hands. Undefined variables fail too (``StrictUndefined``). HTML and Markdown escape everything
they are given: student text is untrusted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from grader.report.model_pictures import confusion_svg, gallery_svg
from grader.report.pictures import curves_svg, heatmaps_svg
from grader.rules.helpers.learning_curve import Curves
from grader.text.messages import Message, render
from grader.text.numbers import rounded

TEMPLATES = Path(__file__).parent / "templates"
Say = Callable[..., str]


def format_points(points: float | None, lang: str) -> str:
    """Points as ``lang`` writes them, to two decimals as every other page does (7,5 in German,
    7.5 in English); None (a self-check's task where nothing public carries points) as a dash,
    never a 0 where there is no grade."""
    return rounded(points, 2, lang)


@jinja2.pass_context
def _points_filter(context: jinja2.runtime.Context, points: float | None) -> str:
    """``{{ x|points }}`` in the page's language: every template that shows points is rendered
    with ``lang``, and one that is not fails (a KeyError) rather than guess a language."""
    return format_points(points, context["lang"])


_BACKTICKED = re.compile(r"`([^`\n]+)`")


def inline_code(value: object) -> markupsafe.Markup:
    """A sentence for HTML: escaped, with its inline code (the catalogue marks it with backticks,
    as Markdown does) as ``<code>``. A backtick left without a partner becomes an entity, so no
    page shows the Markdown's marks."""
    escaped = str(markupsafe.escape("" if value is None else value))
    coded = _BACKTICKED.sub(r"<code>\1</code>", escaped)
    return markupsafe.Markup(coded.replace("`", "&#96;"))


def environment(escape: bool) -> jinja2.Environment:
    """``escape`` for HTML and Markdown pages, not for the terminal's plain text."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=escape,  # a fixed choice: select_autoescape would turn it off for ".j2"
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["points"] = _points_filter
    # pictures are drawn from numbers and catalogue labels only (no text of the student's, and
    # the labels escaped), so they may skip the page's escaping
    env.filters["curves_svg"] = lambda data, lang: markupsafe.Markup(
        curves_svg(Curves.from_json(data), lang)
    )
    env.filters["confusion_svg"] = lambda data, lang: markupsafe.Markup(
        confusion_svg(Curves.from_json(data), lang)
    )
    env.filters["gallery_svg"] = lambda data, lang: markupsafe.Markup(
        gallery_svg(Curves.from_json(data), lang)
    )
    env.filters["heatmaps_svg"] = lambda pair, lang: markupsafe.Markup(
        heatmaps_svg(pair[0], pair[1], lang)
    )
    env.filters["code"] = inline_code
    return env


def number_format(lang: str) -> Callable[..., str]:
    """``fmt(value, digits=1)``: a number rounded as the report language writes it (7,5 / 7.5);
    ``None`` (nothing to count yet) as a dash."""

    def fmt(value: float | None, digits: int = 1) -> str:
        return rounded(value, digits, lang)

    return fmt


def sayer(lang: str) -> Say:
    """``say(key, **params)``: the catalogue's sentence in ``lang``."""

    def say(key: str, **params: Any) -> str:
        return render(Message(key, params), lang)

    return say
