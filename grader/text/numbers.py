"""Numbers as each language writes them: the one place that knows German writes 7,5 and 10.000
(and 12 %), English 7.5, 10,000 and 12%. Every sentence, page, picture and table asks here."""

from __future__ import annotations

import decimal
from dataclasses import dataclass

DECIMAL_MARK = {"de": ","}  # every other language: a point
THOUSANDS_MARK = {"de": "."}  # every other language: a comma
PERCENT_SIGN = {"de": " %"}  # German sets a space before it; every other language none


def written(shown: str, lang: str) -> str:
    """A number formatted with a decimal point (``f"{x:.2f}"``), as ``lang`` writes it."""
    return shown.replace(".", DECIMAL_MARK.get(lang, "."))


def rounded(value: float | None, digits: int, lang: str) -> str:
    """``value`` rounded half up to at most ``digits`` decimals, as people round (3.25 -> 3.3,
    trailing zeros dropped), written as ``lang`` writes it; None (nothing yet) as a dash."""
    if value is None:
        return "–"
    exact = decimal.Decimal(repr(float(value)))
    shown = f"{exact.quantize(decimal.Decimal(1).scaleb(-digits), decimal.ROUND_HALF_UP)}"
    if digits and "." in shown:
        shown = shown.rstrip("0").rstrip(".")
    return written(shown, lang)


@dataclass(frozen=True)
class Count:
    """A whole number shown as its language writes it: 10.000 (de), 10,000 (en)."""

    value: int

    def render(self, lang: str) -> str:
        return f"{self.value:,}".replace(",", THOUSANDS_MARK.get(lang, ","))


@dataclass(frozen=True)
class Decimal:
    """A measured number with fixed digits, as its language writes it: 0,9248 (de), 0.9248 (en)."""

    value: float
    digits: int = 4

    def render(self, lang: str) -> str:
        return written(f"{self.value:.{self.digits}f}", lang)


@dataclass(frozen=True)
class Percent:
    """A share shown as its language writes it: 12 % (de), 12% (en)."""

    value: float

    def render(self, lang: str) -> str:
        return f"{100 * self.value:.0f}{PERCENT_SIGN.get(lang, '%')}"


@dataclass(frozen=True)
class Number:
    """A measured number without fixed digits (4 significant ones): 0,0039 (de), 0.0039 (en)."""

    value: float

    def render(self, lang: str) -> str:
        return written(f"{self.value:.4g}", lang)
