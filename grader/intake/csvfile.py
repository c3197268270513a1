"""A CSV file an LMS wrote, edited cell by cell: every byte that is not a changed cell stays.

An LMS takes its own file back only as it wrote it: Moodle looks columns up by their header
text, Canvas by its header row and its "Points Possible" row, and a spreadsheet that re-saved
the file may have changed the encoding (a German Excel writes Windows-1252 with semicolons).
So the file is not parsed and re-written, which would re-quote, re-encode and re-terminate it:
it is tokenised with the position of every field, and a change splices the new field's text in
at that position. Encoding, byte-order mark, delimiter, line endings and the quoting of every
other field stay exactly as they were; a new value is quoted the way the file quotes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from grader.boundary import StrEnum
from grader.errors import GraderError
from grader.text.messages import Message, msg, render

BOMS = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}
# what a Windows-1252 file cannot hold, written as it can (the rest becomes "?")
CP1252_FALLBACK = str.maketrans({"→": "->", "≥": ">=", "≤": "<=", "×": "x", "−": "-", "✓": "ok"})


class CsvProblem(GraderError):
    """The file is not a CSV file of the expected kind; the message names it and the problem.
    Carries a Message: the instructor reads it in the command's language; ``str()`` is the
    English text for logs."""

    def __init__(self, message: Message) -> None:
        super().__init__(render(message, "en"))
        self.message = message

    @classmethod
    def say(cls, key: str, **params: object) -> CsvProblem:
        """The problem as the catalogue's sentence ``key``: for a reader of a CSV file outside
        the layers that build messages themselves (the course's roster)."""
        return cls(msg(key, **params))


class Quoting(StrEnum):
    MINIMAL = "minimal"  # only where CSV needs it (Python, Ruby: Canvas)
    SPACES = "spaces"  # also around spaces and tabs (PHP's fputcsv: Moodle)
    ALL = "all"  # every field (PhpSpreadsheet's default: ILIAS)


@dataclass(frozen=True)
class Dialect:
    encoding: str
    bom: bool
    delimiter: str
    newline: str
    quoting: Quoting


@dataclass(frozen=True)
class Field:
    start: int  # offsets into the decoded text (without the byte-order mark)
    end: int
    value: str
    quoted: bool


class CsvText:
    """A parsed CSV file that remembers where each field is."""

    def __init__(self, text: str, dialect: Dialect, rows: list[list[Field]], name: str) -> None:
        self.text, self.dialect, self.rows, self.name = text, dialect, rows, name

    @classmethod
    def parse(cls, data: bytes, name: str) -> CsvText:
        encoding, bom = _encoding(data)
        text = data[len(BOMS[encoding]) if bom else 0 :].decode(encoding)
        if not text.strip():
            raise CsvProblem(msg("file.empty", path=name))
        delimiter = _delimiter(text)
        rows = _tokenise(text, delimiter, name)
        newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text and "\n" not in text else "\n"
        dialect = Dialect(encoding, bom, delimiter, newline, _quoting(rows, delimiter))
        return cls(text, dialect, rows, name)

    def values(self, row: int) -> list[str]:
        return [f.value for f in self.rows[row]]

    def cell(self, row: int, col: int) -> str:
        """A cell's value; a short row's missing cells are empty."""
        fields = self.rows[row]
        return fields[col].value if col < len(fields) else ""

    def columns(self, wanted: dict[str, tuple[str, ...]]) -> dict[str, int | None]:
        return {key: self.column(names) for key, names in wanted.items()}

    def require(
        self, found: dict[str, int | None], keys: tuple[str, ...], kind: Message
    ) -> dict[str, int]:
        """The columns a file of this kind (``csv.kind.…``) must have, or a message naming what
        is missing."""
        missing = [k for k in keys if found[k] is None]
        if missing:
            header = ", ".join(self.values(0))
            raise CsvProblem(
                msg(
                    "csv.not_of_kind",
                    path=self.name,
                    kind=kind,
                    missing=", ".join(missing),
                    header=header,
                )
            )
        return {k: c for k in keys if (c := found[k]) is not None}

    def column(self, names: tuple[str, ...]) -> int | None:
        """The index of the first header cell that is one of ``names`` (stripped, any case)."""
        wanted = {n.casefold() for n in names}
        header = [v.strip().casefold() for v in self.values(0)]
        return next((i for i, v in enumerate(header) if v in wanted), None)

    def edited(self, changes: dict[tuple[int, int], str]) -> tuple[bytes, int]:
        """The file's bytes with the given cells replaced; and how many characters could not be
        written in the file's encoding (replaced by the closest it has, or "?")."""
        text, lossy = self.text, 0
        for (row, col), value in sorted(changes.items(), reverse=True):
            field = self.rows[row][col]
            encoded, lost = self._fit(value)
            lossy += lost
            text = text[: field.start] + self._quote(encoded, field) + text[field.end :]
        data = text.encode(self.dialect.encoding, errors="replace")
        return (BOMS[self.dialect.encoding] if self.dialect.bom else b"") + data, lossy

    def _fit(self, value: str) -> tuple[str, int]:
        value = value.replace("\r\n", "\n").replace("\n", self.dialect.newline)
        if self.dialect.encoding != "cp1252":
            return value, 0
        value = unicodedata.normalize("NFC", value.translate(CP1252_FALLBACK))
        fitted = value.encode("cp1252", errors="replace").decode("cp1252")
        return fitted, sum(a != b for a, b in zip(value, fitted, strict=True))

    def _quote(self, value: str, field: Field) -> str:
        special = (self.dialect.delimiter, '"', "\n", "\r")
        needed = any(c in value for c in special)
        if self.dialect.quoting == Quoting.SPACES:
            needed = needed or " " in value or "\t" in value
        if needed or field.quoted or self.dialect.quoting == Quoting.ALL:
            return '"' + value.replace('"', '""') + '"'
        return value


def _encoding(data: bytes) -> tuple[str, bool]:
    for name, bom in BOMS.items():
        if data.startswith(bom):
            return name, True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252", False  # what Excel's "CSV (Trennzeichen-getrennt)" writes
    return "utf-8", False


def _delimiter(text: str) -> str:
    """The delimiter is the separator that occurs most often outside quotes in the first line."""
    counts, inside = dict.fromkeys(",;\t", 0), False
    for char in text:
        if char == '"':
            inside = not inside
        elif not inside and char in "\r\n":
            break
        elif not inside and char in counts:
            counts[char] += 1
    return max(counts, key=lambda c: counts[c])


def _tokenise(text: str, delimiter: str, name: str) -> list[list[Field]]:
    rows: list[list[Field]] = []
    row: list[Field] = []
    i, n = 0, len(text)
    while i < n:
        start = i
        if text[i] == '"':
            value, i = _quoted(text, i, name)
            row.append(Field(start, i, value, True))
        else:
            while i < n and text[i] not in (delimiter, "\r", "\n"):
                i += 1
            row.append(Field(start, i, text[start:i], False))
        if i < n and text[i] == delimiter:
            i += 1
            if i == n:  # a delimiter that ends the file: one more, empty field
                row.append(Field(i, i, "", False))
            continue
        if i < n and text[i] not in "\r\n":
            raise CsvProblem(msg("csv.text_after_quote", path=name, line=len(rows) + 1))
        i += 2 if text.startswith("\r\n", i) else 1
        rows.append(row)
        row = []
    if row:
        rows.append(row)
    return rows


def _quoted(text: str, i: int, name: str) -> tuple[str, int]:
    opened, parts, i = i, [], i + 1
    while True:
        end = text.find('"', i)
        if end < 0:
            line = text.count("\n", 0, opened) + 1
            raise CsvProblem(msg("csv.quote_not_closed", path=name, line=line))
        parts.append(text[i:end])
        if text.startswith('""', end):
            parts.append('"')
            i = end + 2
            continue
        return "".join(parts), end + 1


def _quoting(rows: list[list[Field]], delimiter: str) -> Quoting:
    """How the file quotes: judged from fields that are quoted without needing it."""
    special = (delimiter, '"', "\n", "\r")
    fields = [f for row in rows for f in row]
    if fields and all(f.quoted for f in fields if f.value):
        return Quoting.ALL
    unneeded = [f for f in fields if f.quoted and not any(c in f.value for c in special)]
    if unneeded and all(" " in f.value or "\t" in f.value for f in unneeded):
        return Quoting.SPACES
    return Quoting.MINIMAL


def number(value: float, decimal: str, decimals: int | None) -> str:
    """A grade as the LMS writes its numbers: ``7,50`` in a German Moodle, ``7.50`` elsewhere;
    with ``decimals`` None (a spreadsheet dropped them) as few as the value needs, at most 2."""
    if decimals is None:
        shown = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    else:
        shown = f"{value:.{decimals}f}"
    return shown.replace(".", decimal)


def decimal_style(samples: list[str], delimiter: str = ",") -> tuple[str, int | None]:
    """The decimal separator and the number of decimals the LMS used in ``samples`` (e.g. the
    maximum grade column). Where they show none (a spreadsheet re-saved ``10,00`` as ``10``),
    the separator follows the delimiter: a semicolon file comes from a decimal-comma locale."""
    for sample in samples:
        sample = sample.strip()
        for separator in (",", "."):
            whole, sep, fraction = sample.rpartition(separator)
            if sep and whole.lstrip("-").isdigit() and fraction.isdigit():
                return separator, len(fraction)
    return ("," if delimiter == ";" else "."), None
