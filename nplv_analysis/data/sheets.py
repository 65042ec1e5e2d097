"""Tables as Dutch offices keep them: the reading rules shared by every intake of a CSV or Excel
file (the monitor, :mod:`nplv_analysis.monitor.intake`; the project list,
:mod:`nplv_analysis.plans.intake`).

What a file holds is described by a :class:`Layout` (its columns with their Dutch and English
header names, the required ones, the sheet of a workbook); :func:`read_table` turns a file into
numbered rows of raw cells by column, and :func:`parse_dutch_number` reads a number the way a
Dutch analyst writes it. Every fault is a :class:`Message`: a text catalogue id with its values,
rendered in the reader's language when it is shown (:meth:`Message.render`).

- CSV: the separator is ``;`` or ``,``: the one that splits the header into column names. The
  encoding is UTF-8 (with or without a byte order mark), else Windows-1252 (what Dutch Excel's
  "CSV (gescheiden door lijstscheidingsteken)" writes).
- Excel (.xlsx): the sheet named as the layout says (any case), else the first sheet whose first
  row is the header.
- The header is the first row (only ``#`` comment rows may come before it); a title row above it
  is refused with the row the header was found in. Dutch and English header names are accepted,
  in any case, "€" and "EUR" alike. Fully empty rows and columns are dropped; a value in a
  column without a header is refused, naming row and column letter.
- Rows are counted as a spreadsheet shows them: the header is row 1 (after any comment rows).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from ..text import t

SEPARATORS = (";", ",")
"""The separators of a CSV file: Dutch Excel's list separator and the plain comma."""
ENCODINGS = ("UTF-8 with BOM", "UTF-8", "Windows-1252")
"""The encodings of a CSV file, in the order they are tried."""
SUFFIXES = (".csv", ".xlsx")
"""The files read: CSV text and Excel workbooks."""

# ASCII digits only: "²" or "٣" is not a digit of a figure
_PLAIN_INT = re.compile(r"^\d+$", re.ASCII)
_NL_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$", re.ASCII)
_NL_DECIMAL = re.compile(r"^\d+,\d+$", re.ASCII)
_DOT_DECIMAL = re.compile(r"^\d+\.\d+$", re.ASCII)
_ACCOUNTING_ZERO = re.compile(r"^€\s*-$")
MAX_DIGITS = 30
"""More digits than this is no figure of a table (and would overflow a float)."""
HEADER_SEARCH = 20
"""How many rows below the first are searched for a header, to name a title row above it."""
MAX_FILE_BYTES = 20 * 2**20
"""Largest file read, 20 MiB (a monitor file or plan list of the whole programme is below 1 MiB)."""
MAX_UNPACKED_BYTES = 200 * 2**20
"""Largest content of an Excel workbook unpacked (its XML), 200 MiB."""
MAX_ROWS = 50_000
"""Most rows a table may have (the sheet's rows as it holds them, empty ones in between too)."""
MAX_CELLS = 1_000_000
"""Most cells the rows of a sheet may hold together (openpyxl gives each row up to its last
cell; a cell in column XFD makes a row of 16,384)."""
MAX_LISTED = 100
"""Faults listed per file; the rest are counted ("... and N more")."""


# --- messages -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    """A text catalogue id (:mod:`nplv_analysis.text`) and the values its text shows; a value
    that is itself a :class:`Message` is rendered in the same language.

    >>> Message("sheet.not_found").render("nl")
    'bestand niet gevonden'
    """

    code: str
    values: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: str = "en") -> str:
        values = {
            k: v.render(lang) if isinstance(v, Message) else v for k, v in self.values.items()
        }
        return t(self.code, lang, **values)

    def __str__(self) -> str:
        return self.render("en")


class NumberError(ValueError):
    """A cell that is not a number as :func:`parse_dutch_number` reads numbers; ``message`` says
    why (``str()`` is the English text)."""

    def __init__(self, code: str, **values: object):
        self.message = Message(code, values)
        super().__init__(self.message.render("en"))

    def render(self, lang: str = "en") -> str:
        return self.message.render(lang)


class SheetError(ValueError):
    """A file that cannot be read as a table: ``problems`` (each a :class:`Message` naming its
    row, and its column where there is one), ``sheet`` (the Excel sheet read, None for CSV or
    before a sheet was chosen), ``file_format`` (what was detected so far, or None)."""

    def __init__(
        self,
        problems: list[Message],
        sheet: str | None = None,
        file_format: FileFormat | None = None,
    ):
        self.problems = list(problems)
        self.sheet = sheet
        self.file_format = file_format
        super().__init__("\n".join(p.render("en") for p in self.problems))

    def read_as(self, lang: str = "en") -> str | None:
        """What was detected, in words; None when nothing was yet."""
        return self.file_format.describe(lang) if self.file_format is not None else None


def capped(problems: list, lang: str | None = None) -> list:
    """The first :data:`MAX_LISTED` of ``problems`` and, if there are more, one line saying how
    many more ("... and N more"): a :class:`Message`, or its text in ``lang`` if given."""
    if len(problems) <= MAX_LISTED:
        return list(problems)
    more = Message("sheet.more", {"n": len(problems) - MAX_LISTED})
    return [*problems[:MAX_LISTED], more if lang is None else more.render(lang)]


def show_value(raw: object) -> str:
    """A value as a message shows it: text quoted as written, a number plainly."""
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e15:
        return repr(str(int(raw)))
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return repr(f"{raw:.15g}")
    return repr(raw)


# --- numbers ------------------------------------------------------------------------------------


def parse_dutch_number(raw: object) -> float:
    """A number as a Dutch analyst writes it; :class:`NumberError` (a ValueError) saying why
    where it is not one.

    Excel's accounting zero "€ -" is 0; a lone "-" (zero, or not applicable?) is refused.
    Negative numbers are refused, written or as an Excel number.

    >>> parse_dutch_number("1.234"), parse_dutch_number("€ 7.500.000"), parse_dutch_number("7,5")
    (1234.0, 7500000.0, 7.5)
    >>> parse_dutch_number("€ -"), parse_dutch_number(376)
    (0.0, 376.0)
    >>> parse_dutch_number("1,234")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    nplv_analysis.data.sheets.NumberError: '1,234' is ambiguous: 1 point 234 (decimal comma) ...
    """
    if isinstance(raw, bool):
        raise NumberError("sheet.number.not_a_number", value=repr(raw))
    if isinstance(raw, int | float):
        if isinstance(raw, float) and not math.isfinite(raw):
            if math.isnan(raw):
                raise NumberError("sheet.number.empty")
            raise NumberError("sheet.number.not_finite", value=repr(raw))
        if raw < 0:
            raise NumberError("sheet.number.negative", value=show_value(raw))
        return float(raw) + 0.0  # -0.0 is 0
    text = str(raw).strip().replace("\u00a0", " ").strip()
    if not text:
        raise NumberError("sheet.number.empty")
    if _ACCOUNTING_ZERO.match(text):
        return 0.0
    if text == "-":
        raise NumberError("sheet.number.dash", value=repr(raw))
    text = re.sub(r"^€\s*", "", text)
    if text.startswith("-"):
        raise NumberError("sheet.number.negative", value=repr(raw))
    if sum(ch.isdigit() for ch in text) > MAX_DIGITS:
        raise NumberError("sheet.number.too_long", start=repr(text[:20]), digits=MAX_DIGITS)
    if _PLAIN_INT.match(text):
        return float(text)
    if _NL_GROUPED.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _NL_DECIMAL.match(text):
        whole, frac = text.split(",")
        if len(frac) == 3:
            raise NumberError(
                "sheet.number.ambiguous_comma", value=repr(raw), whole=whole, frac=frac
            )
        return float(f"{whole}.{frac}")
    if _DOT_DECIMAL.match(text):
        raise NumberError("sheet.number.ambiguous_point", value=repr(raw))
    raise NumberError("sheet.number.not_a_number_written", value=repr(raw))


# --- what was read ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileFormat:
    """What the intake detected in a file."""

    kind: str
    """``"csv"`` or ``"xlsx"``."""
    encoding: str | None = None
    """CSV: one of :data:`ENCODINGS`."""
    separator: str | None = None
    """CSV: one of :data:`SEPARATORS`."""
    sheet: str | None = None
    """Excel: the sheet read."""
    header: str | None = None
    """The header's names: ``"nl"``, ``"en"`` or ``"nl+en"``."""
    hidden: tuple[str, ...] = ()
    """Excel: the hidden sheets of the workbook (never read)."""

    def describe(self, lang: str = "en") -> str:
        """In words, for the check's output and the messages.

        >>> FileFormat("csv", "Windows-1252", ";", header="nl").describe()
        "CSV, separator ';', encoding Windows-1252, Dutch header"
        >>> FileFormat("xlsx", sheet="planlijst", header="en").describe("nl")
        "Excel, blad 'planlijst', Engelse kopregel"
        """
        if self.kind == "xlsx":
            parts = [t("sheet.format.xlsx", lang, sheet=repr(self.sheet))]
        else:
            encoding = self.encoding
            if encoding == "UTF-8 with BOM":
                encoding = t("sheet.encoding.utf8_bom", lang)
            parts = [t("sheet.format.csv", lang, separator=repr(self.separator), encoding=encoding)]
        if self.header:
            code = {
                "nl": "sheet.header.nl",
                "en": "sheet.header.en",
                "nl+en": "sheet.header.nl_en",
            }[self.header]
            parts.append(t(code, lang))
        if self.hidden:
            sheets = ", ".join(repr(name) for name in self.hidden)
            parts.append(t("sheet.format.hidden", lang, sheets=sheets))
        return ", ".join(parts)


@dataclass(frozen=True)
class Layout:
    """What a kind of file holds: its columns (in order) with their header names in Dutch and
    English, the columns that must be there, the sheet of a workbook that holds the rows (any
    case), and ``kind``, the catalogue id of what the file is called in messages."""

    headers: Mapping[str, Mapping[str, str]]
    required: tuple[str, ...]
    sheet: str
    kind: str
    by_header: dict[str, tuple[str, frozenset[str]]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        found: dict[str, tuple[str, set[str]]] = {}
        for col, names in self.headers.items():
            for lang, name in names.items():
                found.setdefault(header_key(name), (col, set()))[1].add(lang)
        object.__setattr__(
            self, "by_header", {k: (col, frozenset(ls)) for k, (col, ls) in found.items()}
        )

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.headers)

    def score(self, cells: list) -> int:
        """How many columns a row names: the header names them all."""
        return len(
            {self.by_header[header_key(c)][0] for c in cells if header_key(c) in self.by_header}
        )

    def is_header(self, cells: list) -> bool:
        return self.score(cells) * 2 >= len(self.columns)


@dataclass
class Table:
    """A file read as rows of raw cells: ``records`` holds (row number as a spreadsheet shows
    it, {column: cell}) for every row that is neither empty nor a comment and has no value
    outside the named columns; ``names`` the header of each column as written, ``letters`` its
    column letter; ``problems`` the rows refused while reading (a value in a column without a
    header), for the caller to report with its own checks."""

    records: list[tuple[int, dict]]
    names: dict[str, str]
    letters: dict[str, str]
    file_format: FileFormat
    problems: list[Message]
    header_row: int


# --- reading: a grid of cells, whatever the file ------------------------------------------------


def header_key(text: object) -> str:
    """A header name as compared: case, spaces and "€"/"EUR" do not matter."""
    key = " ".join(str(text).replace("\u00a0", " ").replace("\ufeff", "").split()).casefold()
    return key.replace("€", "eur")


def blank(value: object) -> bool:
    """An empty cell: None, NaN or only spaces."""
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or str(value).strip() == ""
    )


def comment_row(cells: list) -> bool:
    """A row whose first cell starts with ``#``."""
    return bool(cells) and isinstance(cells[0], str) and cells[0].startswith("#")


def first_row(rows: list[list]) -> int | None:
    """Index of the first row that is not a ``#`` comment (None: there is none)."""
    return next((i for i, r in enumerate(rows) if not comment_row(r)), None)


def column_letter(j: int) -> str:
    """The Excel column letter of the 0-based column ``j``.

    >>> column_letter(0), column_letter(25), column_letter(26)
    ('A', 'Z', 'AA')
    """
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def decode(path: Path) -> tuple[str, str]:
    """The text of a CSV file and its encoding (one of :data:`ENCODINGS`)."""
    data = path.read_bytes()
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SheetError([Message("sheet.nul_bytes", {"row": line})])
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError as exc:
            at = exc.start + len(codecs.BOM_UTF8)
            line = data[:at].count(b"\n") + 1
            raise SheetError(
                [Message("sheet.bom_not_utf8", {"row": line, "byte": f"0x{data[at]:02X}"})]
            ) from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SheetError(
            [Message("sheet.bad_byte", {"row": line, "byte": f"0x{data[exc.start]:02X}"})]
        ) from None


def read_csv(path: Path, layout: Layout) -> tuple[list[list], FileFormat]:
    """The rows of a CSV file, split by the separator that splits its header into names."""
    text, encoding = decode(path)
    grids: dict[str, list[list]] = {}
    for sep in SEPARATORS:
        try:
            grids[sep] = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
        except csv.Error as exc:
            raise SheetError([Message("sheet.not_csv", {"reason": str(exc)})]) from None

    def rank(sep: str) -> tuple[int, int]:
        rows = grids[sep]
        first = first_row(rows)
        if first is None:
            return (0, 0)
        below = rows[first + 1 : first + 1 + HEADER_SEARCH]
        return (layout.score(rows[first]), max((layout.score(r) for r in below), default=0))

    ranks = {sep: rank(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda s: ranks[s])  # a tie goes to the first, ";"
    first = first_row(grids[best])
    if ranks[best] == (0, 0) and first is not None:  # no header: the one that splits row 1 most
        best = max(SEPARATORS, key=lambda s: len(grids[s][first]) if first < len(grids[s]) else 0)
    return grids[best], FileFormat("csv", encoding=encoding, separator=best)


def _unpacked_size(path: Path) -> int:
    with zipfile.ZipFile(path) as z:
        return sum(i.file_size for i in z.infolist())


def _sheet_rows(ws, fmt: FileFormat) -> list[list]:
    """The rows of a sheet as it holds them (not as its stored ``<dimension>`` says: openpyxl's
    read-only mode would trust a stale one and drop rows, or pad to a forged one), bounded by
    :data:`MAX_ROWS` and :data:`MAX_CELLS`. A formula cell is refused, naming the cell: its
    stored result is whatever the program that saved it wrote there."""
    ws.reset_dimensions()
    rows: list[list] = []
    cells = 0
    formulas: list[Message] = []
    n_formulas = 0
    for i, row in enumerate(ws.iter_rows(), start=1):
        if i > MAX_ROWS:
            raise SheetError([Message("sheet.too_many_rows", {"limit": MAX_ROWS})], ws.title, fmt)
        cells += len(row)
        if cells > MAX_CELLS:
            raise SheetError(
                [Message("sheet.too_many_cells", {"row": i, "limit": MAX_CELLS})], ws.title, fmt
            )
        values = []
        for j, cell in enumerate(row):
            value = cell.value
            if getattr(cell, "data_type", None) == "f":
                n_formulas += 1
                if len(formulas) < MAX_LISTED:
                    shown = str(value)
                    shown = shown if len(shown) <= 60 else shown[:57] + "..."
                    formulas.append(
                        Message(
                            "sheet.formula",
                            {"row": i, "cell": f"{column_letter(j)}{i}", "formula": repr(shown)},
                        )
                    )
            values.append(value)
        rows.append(values)
    if formulas:
        if n_formulas > len(formulas):
            formulas.append(Message("sheet.more", {"n": n_formulas - len(formulas)}))
        raise SheetError(formulas, ws.title, fmt)
    return rows


def read_xlsx(path: Path, layout: Layout) -> tuple[list[list], FileFormat]:
    """The rows of the sheet that holds the table (see :attr:`Layout.sheet`): of the visible
    sheets, the one named so, else the first whose first row is the header. Hidden sheets are
    never read (:attr:`FileFormat.hidden` names them)."""
    try:
        unpacked = _unpacked_size(path)
    except Exception as exc:  # not a zip
        raise SheetError([Message("sheet.not_xlsx", {"reason": str(exc)})]) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise SheetError(
            [Message("sheet.too_large_unpacked", {"size": unpacked, "limit": MAX_UNPACKED_BYTES})]
        )
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # not a zip, not a workbook, ...
        raise SheetError([Message("sheet.not_xlsx", {"reason": str(exc)})]) from None
    try:
        every = wb.worksheets  # chart sheets hold no rows
        sheets = [ws for ws in every if getattr(ws, "sheet_state", "visible") == "visible"]
        hidden = tuple(ws.title for ws in every if ws not in sheets)
        named = [ws for ws in sheets if ws.title.strip().casefold() == layout.sheet.casefold()]
        chosen = named[0] if named else None
        if chosen is None:
            tops = {}
            for ws in sheets:
                ws.reset_dimensions()
                tops[ws.title] = [
                    list(r) for r in ws.iter_rows(max_row=HEADER_SEARCH + 1, values_only=True)
                ]
            for ws in sheets:
                first = first_row(tops[ws.title])
                if first is not None and layout.is_header(tops[ws.title][first]):
                    chosen = ws
                    break
        if chosen is None:
            for ws in sheets:  # a title row above the header: name the sheet and the rows
                header_row(
                    tops[ws.title],
                    layout,
                    ws.title,
                    FileFormat("xlsx", sheet=ws.title, hidden=hidden),
                )
            problems = [
                Message(
                    "sheet.no_sheet",
                    {
                        "sheet": repr(layout.sheet),
                        "kind": Message(layout.kind),
                        "sheets": ", ".join(repr(ws.title) for ws in sheets) or "-",
                        "nl": ", ".join(repr(d["nl"]) for d in layout.headers.values()),
                        "en": ", ".join(layout.headers),
                    },
                )
            ]
            if hidden:
                problems.append(
                    Message("sheet.hidden_not_read", {"sheets": ", ".join(map(repr, hidden))})
                )
            raise SheetError(problems)
        fmt = FileFormat("xlsx", sheet=chosen.title, hidden=hidden)
        return _sheet_rows(chosen, fmt), fmt
    finally:
        wb.close()


def header_row(rows: list[list], layout: Layout, sheet: str | None, fmt: FileFormat) -> int | None:
    """Index of the header row: the first row that is not a comment. A title row above the
    header is refused, naming the row the header is in."""
    first = first_row(rows)
    if first is None:
        return None
    if layout.is_header(rows[first]):
        return first
    for k in range(first + 1, min(len(rows), first + 1 + HEADER_SEARCH)):
        if layout.is_header(rows[k]):
            seen = next((str(c).strip() for c in rows[first] if not blank(c)), "")
            what = (
                Message("sheet.title_row.reads", {"seen": repr(seen[:60])})
                if seen
                else Message("sheet.title_row.empty")
            )
            above = (
                Message("sheet.title_row.row", {"row": first + 1})
                if k == first + 1
                else Message("sheet.title_row.rows", {"first": first + 1, "last": k})
            )
            problem = Message(
                "sheet.title_row", {"row": first + 1, "what": what, "header": k + 1, "above": above}
            )
            raise SheetError([problem], sheet, fmt)
    return first


def read_table(path: str | Path, layout: Layout) -> Table:
    """Read a CSV or Excel file into rows of raw cells by column (see the module's rules).
    :class:`SheetError` for a file that cannot be read or whose header is faulty (every fault
    of the header at once); a value in a column without a header is in ``Table.problems``."""
    path = Path(path)
    if not path.is_file():
        raise SheetError([Message("sheet.not_found")])
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise SheetError([Message("sheet.suffix", {"kind": Message(layout.kind)})])
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SheetError([Message("sheet.too_large", {"size": size, "limit": MAX_FILE_BYTES})])
    try:
        rows, fmt = read_xlsx(path, layout) if suffix == ".xlsx" else read_csv(path, layout)
    except SheetError:
        raise
    except Exception as exc:  # unreadable file
        raise SheetError([Message("sheet.unreadable", {"reason": str(exc)})]) from None
    sheet = fmt.sheet
    if len(rows) > MAX_ROWS:
        raise SheetError([Message("sheet.too_many_rows", {"limit": MAX_ROWS})], sheet, fmt)
    h = header_row(rows, layout, sheet, fmt)
    if h is None:
        raise SheetError([Message("sheet.no_header")], sheet, fmt)
    header = rows[h]
    problems: list[Message] = []
    position: dict[str, int] = {}
    names: dict[str, str] = {}
    langs: set[str] = set()
    unknown = []
    for j, cell in enumerate(header):
        if blank(cell) or re.match(r"^Unnamed: \d+$", str(cell).strip()):
            continue
        found = layout.by_header.get(header_key(cell))
        if found is None:
            unknown.append(str(cell).strip())
            continue
        col, col_langs = found
        if col in position:
            problems.append(
                Message(
                    "sheet.header.twice",
                    {
                        "row": h + 1,
                        "column": repr(str(cell).strip()),
                        "name": col,
                        "letter": column_letter(position[col]),
                        "first": repr(names[col]),
                    },
                )
            )
            continue
        position[col], names[col] = j, str(cell).strip()
        if len(col_langs) == 1:  # a name the same in both languages says neither
            langs |= col_langs
    header_lang = "nl+en" if len(langs) == 2 else next(iter(langs), None)
    fmt = FileFormat(fmt.kind, fmt.encoding, fmt.separator, fmt.sheet, header_lang, fmt.hidden)
    missing = [c for c in layout.required if c not in position]
    if missing:
        shown = ", ".join(f"{c} ({layout.headers[c]['nl']})" for c in missing)
        problems.append(Message("sheet.header.missing", {"row": h + 1, "columns": shown}))
    if unknown:
        problems.append(
            Message(
                "sheet.header.unknown",
                {
                    "row": h + 1,
                    "columns": ", ".join(unknown),
                    "en": ", ".join(layout.columns),
                    "nl": ", ".join(d["nl"] for d in layout.headers.values()),
                },
            )
        )
    if problems:
        raise SheetError(capped(problems), sheet, fmt)
    records: list[tuple[int, dict]] = []
    width = len(header)
    for i in range(h + 1, len(rows)):
        cells = rows[i]
        if comment_row(cells) or all(blank(c) for c in cells):
            continue
        n = i + 1
        stray = [j for j, c in enumerate(cells) if not blank(c) and j not in position.values()]
        if stray:
            beyond = [j for j in stray if j >= width]
            if beyond and fmt.separator == ",":
                problems.append(
                    Message(
                        "sheet.row.split_decimal",
                        {
                            "row": n,
                            "letter": column_letter(beyond[0]),
                            "cells": len(cells),
                            "width": width,
                        },
                    )
                )
            else:
                j = stray[0]
                problems.append(
                    Message(
                        "sheet.row.no_header",
                        {"row": n, "letter": column_letter(j), "value": show_value(cells[j])},
                    )
                )
            continue
        records.append((n, {c: cells[j] if j < len(cells) else None for c, j in position.items()}))
    letters = {c: column_letter(j) for c, j in position.items()}
    return Table(records, names, letters, fmt, problems, h + 1)


# --- writing: a workbook with the same bytes on every build -------------------------------------

FIXED_TIME = dt.datetime.fromisoformat("2025-06-24T00:00:00")
"""The creation and modification date of the templates (the day the agreements were signed), so
that every build gives the same bytes."""
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def template_workbook(
    instructions: list[tuple[str, str]],
    sheet: str,
    columns,
    headers: dict,
    formats: dict,
    widths: dict,
    validations: list,
    areas,
    title: str,
) -> openpyxl.Workbook:
    """A template people fill in (the monitor's, a plan list's): a sheet of ``instructions``
    (``(style, text)`` rows, style ``title``, ``head`` or plain), the data ``sheet`` with the
    Dutch ``headers`` of ``columns`` (each column's number format and width; the data
    ``validations``; the header row frozen) and a sheet of the NPLV ``areas`` to choose from."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDDDDD")
    wrap = Alignment(wrap_text=True, vertical="top")

    wb = openpyxl.Workbook()
    info = wb.active
    info.title = "instructies"
    info.column_dimensions["A"].width = 110
    for i, (style, text) in enumerate(instructions, start=1):
        cell = info.cell(row=i, column=1, value=text or None)
        cell.alignment = wrap
        if style == "title":
            cell.font = Font(bold=True, size=14)
        elif style == "head":
            cell.font = bold

    ws = wb.create_sheet(sheet)
    for j, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j, value=headers[col]["nl"])
        cell.font = bold
        cell.fill = head_fill
        cell.alignment = wrap
        letter = get_column_letter(j)
        ws.column_dimensions[letter].number_format = formats[col]  # the column's style
        ws.column_dimensions[letter].width = widths[col]
    ws.freeze_panes = "A2"
    for dv in validations:
        ws.add_data_validation(dv)

    ref = wb.create_sheet("gebieden")
    for j, (name, width) in enumerate((("gebied (id)", 26), ("naam", 28), ("gemeente", 16)), 1):
        cell = ref.cell(row=1, column=j, value=name)
        cell.font = bold
        cell.fill = head_fill
        ref.column_dimensions[get_column_letter(j)].width = width
    for i, a in enumerate(areas.itertuples(), start=2):
        ref.cell(row=i, column=1, value=a.area_id)
        ref.cell(row=i, column=2, value=a.name)
        ref.cell(row=i, column=3, value=a.municipality)
    ref.freeze_panes = "A2"

    wb.active = 0
    wb.properties.creator = "nplv_analysis"
    wb.properties.title = title
    return wb


def workbook_bytes(wb: openpyxl.Workbook, fixed_time: dt.datetime = FIXED_TIME) -> bytes:
    """A workbook as .xlsx bytes that do not depend on when it was built: the document dates
    are ``fixed_time``, every zip entry has the same time and mode."""
    wb.properties.created = fixed_time
    wb.properties.modified = fixed_time
    buf = io.BytesIO()
    wb.save(buf)  # openpyxl stamps the save time; set back below
    stamp = fixed_time.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                for tag in ("created", "modified"):
                    text = re.sub(
                        rf"(<dcterms:{tag}[^>]*>)[^<]*(</dcterms:{tag}>)", rf"\g<1>{stamp}\2", text
                    )
                data = text.encode("utf-8")
            info = zipfile.ZipInfo(item.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, data)
    return out.getvalue()


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file beside it (never half a file)."""
    from .atomic import write_file

    return write_file(path, data)


__all__ = [
    "ENCODINGS",
    "FIXED_TIME",
    "SEPARATORS",
    "FileFormat",
    "Layout",
    "Message",
    "NumberError",
    "SheetError",
    "Table",
    "blank",
    "capped",
    "column_letter",
    "parse_dutch_number",
    "read_table",
    "show_value",
    "workbook_bytes",
    "write_bytes",
]
