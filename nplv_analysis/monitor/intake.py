"""Monitor data intake: starts, registrations and costs per area and year (CSV or Excel).

The templates are ``data/monitor/template.xlsx`` (Dutch headers, made by :mod:`.template`) and
``data/monitor/template.csv``; the columns and the rules below are documented in
``data/monitor/README.md``. Every fault stops the intake with one message naming the file (and
the sheet), row, column and problem (all faults of the file are listed). Numbers written the
Dutch way are read as such ("1.234" is 1234, "€ 7.500.000" is 7500000, "7,5" is 7.5); anything
that could be read two ways ("1,234", "7.5", a lone "-") is refused, never guessed.

Files as Dutch Excel writes them are read as they are:

- CSV: the separator is ``;`` or ``,``: the one that splits the header into column names. The
  encoding is UTF-8 (with or without a byte order mark), else Windows-1252 (what Dutch Excel's
  "CSV (gescheiden door lijstscheidingsteken)" writes). :attr:`Monitor.file_format` says what
  was detected.
- Excel (.xlsx): the sheet named "monitor" (any case), else the first sheet whose first row is
  the header.
- The header is the first row (only ``#`` comment rows may come before it); a title row above it
  is refused with the row the header was found in. Dutch and English header names are accepted
  (:data:`HEADERS`). Fully empty rows and columns (Excel's trailing separators) are dropped.
- Excel rows get exactly the checks CSV rows get: no negative figures, no figure above its
  plausibility ceiling (:func:`ceilings`), no period that ends after the row's ``as_of``, one
  ``as_of`` per file.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd

from ..data import load_areas, load_figures
from ..data.parameters import load_parameters
from ..data.schema import NATIONAL, UNIT_RANGES

COLUMNS = (
    "area_id",
    "year",
    "quarter",
    "homes_started_total",
    "homes_started_affordable",
    "rs_registered_homes",
    "orv_costs_eur",
    "capacity_costs_eur",
    "source",
    "as_of",
)
HEADERS: dict[str, dict[str, str]] = {
    "area_id": {"nl": "gebied (id)", "en": "area_id"},
    "year": {"nl": "jaar", "en": "year"},
    "quarter": {"nl": "kwartaal", "en": "quarter"},
    "homes_started_total": {"nl": "startbouw totaal", "en": "homes_started_total"},
    "homes_started_affordable": {"nl": "startbouw betaalbaar", "en": "homes_started_affordable"},
    "rs_registered_homes": {
        "nl": "aangemeld realisatiestimulans",
        "en": "rs_registered_homes",
    },
    "orv_costs_eur": {"nl": "ORV-kosten (€)", "en": "orv_costs_eur"},
    "capacity_costs_eur": {"nl": "capaciteitskosten (€)", "en": "capacity_costs_eur"},
    "source": {"nl": "bron", "en": "source"},
    "as_of": {"nl": "peildatum", "en": "as_of"},
}
"""The header of each column in a monitor file: Dutch (the Excel template's) and English (the
CSV template's). Part of the file format: either is accepted, in any case, with "€" or "EUR"."""
REQUIRED = tuple(c for c in COLUMNS if c != "quarter")
COUNTS = ("homes_started_total", "homes_started_affordable", "rs_registered_homes")
AMOUNTS = ("orv_costs_eur", "capacity_costs_eur")
NESTED = (
    ("homes_started_affordable", "homes_started_total", "affordable starts exceed all starts"),
    (
        "rs_registered_homes",
        "homes_started_affordable",
        "registered homes exceed the affordable starts",
    ),
)
"""(part, whole, message): a count that can never exceed another in the same row."""
ILLUSTRATIVE_MARK = "ILLUSTRATIE"
"""A source that starts with this word marks a row as an illustration, not an observation."""
SHEET = "monitor"
"""The sheet of an Excel file that holds the figures (any case); else the first sheet whose
first row is the header."""
SEPARATORS = (";", ",")
"""The separators of a CSV file: Dutch Excel's list separator and the plain comma."""
ENCODINGS = ("UTF-8 with BOM", "UTF-8", "Windows-1252")
"""The encodings of a CSV file, in the order they are tried."""

# ASCII digits only: "²" or "٣" is not a digit of a figure
_PLAIN_INT = re.compile(r"^\d+$", re.ASCII)
_NL_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$", re.ASCII)
_NL_DECIMAL = re.compile(r"^\d+,\d+$", re.ASCII)
_DOT_DECIMAL = re.compile(r"^\d+\.\d+$", re.ASCII)
_ACCOUNTING_ZERO = re.compile(r"^€\s*-$")
_MAX_DIGITS = 30
"""More digits than this is no figure of a monitor (and would overflow a float)."""
_HEADER_SEARCH = 20
"""How many rows below the first are searched for a header, to name a title row above it."""


class MonitorError(ValueError):
    """A monitor file that cannot be taken in; ``problems`` lists every fault (each naming its
    row and column), ``sheet`` is the Excel sheet read (None for CSV)."""

    def __init__(
        self,
        path: Path,
        problems: list[str],
        sheet: str | None = None,
        read_as: str | None = None,
    ):
        self.path = path
        self.problems = problems
        self.sheet = sheet
        n = len(problems)
        head = "1 problem" if n == 1 else f"{n} problems"
        where = f"{path}, sheet {sheet!r}" if sheet is not None else str(path)
        how = f" (read as {read_as})" if read_as else ""
        super().__init__(
            f"{where}: monitor file not taken in ({head}){how}:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )


def _show(raw: object) -> str:
    """A value as the message shows it: text quoted as written, a number plainly."""
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e15:
        return repr(str(int(raw)))
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return repr(f"{raw:.15g}")
    return repr(raw)


def parse_dutch_number(raw: object) -> float:
    """A number as a Dutch analyst writes it; ValueError saying why where it is not one.

    Excel's accounting zero "€ -" is 0; a lone "-" (zero, or not applicable?) is refused.
    Negative numbers are refused, written or as an Excel number.

    >>> parse_dutch_number("1.234"), parse_dutch_number("€ 7.500.000"), parse_dutch_number("7,5")
    (1234.0, 7500000.0, 7.5)
    >>> parse_dutch_number("€ -"), parse_dutch_number(376)
    (0.0, 376.0)
    >>> parse_dutch_number("1,234")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: '1,234' is ambiguous: 1 point 234 (decimal comma) or 1234 (English thousands)? ...
    """
    if isinstance(raw, bool):
        raise ValueError(f"{raw!r} is not a number")
    if isinstance(raw, int | float):
        if isinstance(raw, float) and not math.isfinite(raw):
            raise ValueError("is empty" if math.isnan(raw) else f"{raw!r} is not a finite number")
        if raw < 0:
            raise ValueError(f"{_show(raw)} is negative")
        return float(raw) + 0.0  # -0.0 is 0
    text = str(raw).strip().replace("\u00a0", " ").strip()
    if not text:
        raise ValueError("is empty")
    if _ACCOUNTING_ZERO.match(text):
        return 0.0
    if text == "-":
        raise ValueError(
            f"{raw!r} is refused: zero or not applicable? write 0 for none "
            "(Excel's accounting zero '€ -' is read as 0)"
        )
    text = re.sub(r"^€\s*", "", text)
    if text.startswith("-"):
        raise ValueError(f"{raw!r} is negative")
    if sum(ch.isdigit() for ch in text) > _MAX_DIGITS:
        raise ValueError(
            f"{text[:20]!r}... has more than {_MAX_DIGITS} digits; far beyond any figure"
        )
    if _PLAIN_INT.match(text):
        return float(text)
    if _NL_GROUPED.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _NL_DECIMAL.match(text):
        whole, frac = text.split(",")
        if len(frac) == 3:
            raise ValueError(
                f"{raw!r} is ambiguous: {whole} point {frac} (decimal comma) or {whole}{frac} "
                f"(English thousands)? for {whole}{frac} write {whole}{frac} or {whole}.{frac}"
            )
        return float(f"{whole}.{frac}")
    if _DOT_DECIMAL.match(text):
        raise ValueError(
            f"{raw!r} is ambiguous: a decimal point, or Dutch thousands? write whole numbers "
            "without separators (1234), Dutch thousands with dots in groups of three (1.234), "
            "decimals with a comma (7,5)"
        )
    raise ValueError(
        f"{raw!r} is not a number (write 1234, 1.234, € 7.500.000 or 7,5; no words such as mln)"
    )


def ceilings(data_dir: str | Path | None = None) -> dict[str, tuple[float, str]]:
    """The plausibility ceiling of each number column, and what it is: a figure of one row (one
    area, one period) above it is refused as a typing error. Counts: the homes of the whole
    programme (``homes.programme.total``; without it the ceiling of the unit ``homes``); costs:
    the national budget of the instrument (``orv.budget``, ``capaciteit.budget``).

    >>> ceilings()["orv_costs_eur"][1]
    'the national ORV budget (orv.budget)'
    """
    params = load_parameters(data_dir)
    fig = load_figures(data_dir)
    nat = fig[(fig["area_id"] == NATIONAL) & (fig["key"] == "homes.programme.total")]
    if len(nat):
        homes = (float(nat["value"].iloc[0]), "the homes of the whole programme")
        homes = (homes[0], f"{homes[1]} (homes.programme.total)")
    else:
        rng = UNIT_RANGES["homes"]
        homes = (float(rng.high), f"the ceiling of the unit homes ({rng.why})")
    return {
        **dict.fromkeys(COUNTS, homes),
        "orv_costs_eur": (params.ceilings["orv"], "the national ORV budget (orv.budget)"),
        "capacity_costs_eur": (
            params.ceilings["capaciteit"],
            "the national capacity budget (capaciteit.budget)",
        ),
    }


@dataclass(frozen=True)
class FileFormat:
    """What the intake detected in a monitor file."""

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

    def describe(self) -> str:
        """In words, for the check's output and the messages.

        >>> FileFormat("csv", "Windows-1252", ";", header="nl").describe()
        "CSV, separator ';', encoding Windows-1252, Dutch header"
        """
        if self.kind == "xlsx":
            parts = ["Excel", f"sheet {self.sheet!r}"]
        else:
            parts = ["CSV", f"separator {self.separator!r}", f"encoding {self.encoding}"]
        if self.header:
            names = {"nl": "Dutch", "en": "English", "nl+en": "Dutch and English"}
            parts.append(f"{names[self.header]} header")
        return ", ".join(parts)


@dataclass
class Monitor:
    """Monitor figures, validated: ``table`` has one row per area, year (and quarter)."""

    table: pd.DataFrame
    path: Path
    file_format: FileFormat | None = None
    """What was detected: separator and encoding (CSV), sheet (Excel), header language."""

    @property
    def illustrative(self) -> bool:
        """True when any row is an illustration (its source starts with ILLUSTRATIE)."""
        return bool(self.table["source"].str.upper().str.startswith(ILLUSTRATIVE_MARK).any())

    @property
    def as_of(self) -> dt.date | None:
        """The date the figures were taken (one per file); None for a file without rows."""
        return None if self.table.empty else self.table["as_of"].iloc[0]


# --- reading: a grid of cells, whatever the file ------------------------------------------------


def _header_key(text: object) -> str:
    """A header name as compared: case, spaces and "€"/"EUR" do not matter."""
    key = " ".join(str(text).replace("\u00a0", " ").replace("\ufeff", "").split()).casefold()
    return key.replace("€", "eur")


_BY_HEADER = {
    _header_key(name): (col, lang) for col, d in HEADERS.items() for lang, name in d.items()
}


def _blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or str(value).strip() == ""
    )


def _comment(cells: list) -> bool:
    return bool(cells) and isinstance(cells[0], str) and cells[0].startswith("#")


def _score(cells: list) -> int:
    """How many columns a row names: the header names them all."""
    return len({_BY_HEADER[_header_key(c)][0] for c in cells if _header_key(c) in _BY_HEADER})


def _is_header(cells: list) -> bool:
    return _score(cells) * 2 >= len(COLUMNS)


def _first_row(rows: list[list]) -> int | None:
    """Index of the first row that is not a ``#`` comment (None: there is none)."""
    return next((i for i, r in enumerate(rows) if not _comment(r)), None)


def _letter(j: int) -> str:
    """The Excel column letter of the 0-based column ``j``."""
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def _decode(path: Path) -> tuple[str, str]:
    data = path.read_bytes()
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise MonitorError(
            path,
            [
                f"row {line}: contains NUL bytes, not CSV text (saved as UTF-16 'Unicode "
                "text'?); save it as 'CSV UTF-8' or 'CSV (gescheiden door lijstscheidingsteken)'"
            ],
        )
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError as exc:
            at = exc.start + len(codecs.BOM_UTF8)
            line = data[:at].count(b"\n") + 1
            raise MonitorError(
                path,
                [
                    f"row {line}: starts with a UTF-8 byte order mark, but byte "
                    f"0x{data[at]:02X} is not UTF-8; save it again as 'CSV UTF-8'"
                ],
            ) from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise MonitorError(
            path,
            [
                f"row {line}: byte 0x{data[exc.start]:02X} is neither UTF-8 nor Windows-1252; "
                "save the file as 'CSV UTF-8'"
            ],
        ) from None


def _read_csv(path: Path) -> tuple[list[list], FileFormat]:
    """The rows of a CSV file, split by the separator that splits its header into names."""
    text, encoding = _decode(path)
    grids: dict[str, list[list]] = {}
    for sep in SEPARATORS:
        try:
            grids[sep] = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
        except csv.Error as exc:
            raise MonitorError(path, [f"cannot be read as CSV: {exc}"]) from None

    def rank(sep: str) -> tuple[int, int]:
        rows = grids[sep]
        first = _first_row(rows)
        if first is None:
            return (0, 0)
        below = rows[first + 1 : first + 1 + _HEADER_SEARCH]
        return (_score(rows[first]), max((_score(r) for r in below), default=0))

    ranks = {sep: rank(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda s: ranks[s])  # a tie goes to the first, ";"
    first = _first_row(grids[best])
    if ranks[best] == (0, 0) and first is not None:  # no header: the one that splits row 1 most
        best = max(SEPARATORS, key=lambda s: len(grids[s][first]) if first < len(grids[s]) else 0)
    return grids[best], FileFormat("csv", encoding=encoding, separator=best)


def _read_xlsx(path: Path) -> tuple[list[list], FileFormat]:
    """The rows of the sheet that holds the figures (see :data:`SHEET`)."""
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # not a zip, not a workbook, ...
        raise MonitorError(path, [f"cannot be read as an Excel workbook (.xlsx): {exc}"]) from None
    try:
        sheets = wb.worksheets  # chart sheets hold no rows
        named = [ws for ws in sheets if ws.title.strip().casefold() == SHEET]
        chosen = named[0] if named else None
        if chosen is None:
            tops = {
                ws.title: [
                    list(r) for r in ws.iter_rows(max_row=_HEADER_SEARCH + 1, values_only=True)
                ]
                for ws in sheets
            }
            for ws in sheets:
                first = _first_row(tops[ws.title])
                if first is not None and _is_header(tops[ws.title][first]):
                    chosen = ws
                    break
        if chosen is None:
            for ws in sheets:  # a title row above the header: name the sheet and the rows
                _header_row(path, tops[ws.title], ws.title, FileFormat("xlsx", sheet=ws.title))
            names = ", ".join(repr(ws.title) for ws in sheets)
            raise MonitorError(
                path,
                [
                    f"no sheet is named {SHEET!r} or has the monitor header in row 1 (sheets: "
                    f"{names}); the header names the columns "
                    + ", ".join(repr(d["nl"]) for d in HEADERS.values())
                    + " (or in English "
                    + ", ".join(HEADERS)
                    + ")"
                ],
            )
        rows = [list(r) for r in chosen.iter_rows(values_only=True)]
        return rows, FileFormat("xlsx", sheet=chosen.title)
    finally:
        wb.close()


def _header_row(path: Path, rows: list[list], sheet: str | None, fmt: FileFormat) -> int | None:
    """Index of the header row: the first row that is not a comment. A title row above the
    header is refused, naming the row the header is in."""
    first = _first_row(rows)
    if first is None:
        return None
    if _is_header(rows[first]):
        return first
    for k in range(first + 1, min(len(rows), first + 1 + _HEADER_SEARCH)):
        if _is_header(rows[k]):
            seen = next((str(c).strip() for c in rows[first] if not _blank(c)), "")
            what = f"it reads {seen[:60]!r}" if seen else "it is empty"
            above = f"row {first + 1}" if k == first + 1 else f"rows {first + 1}-{k}"
            raise MonitorError(
                path,
                [
                    f"row {first + 1}: is not the header ({what}); the header is in row {k + 1}. "
                    "The header must be in row 1 (only # comment rows may come before it): "
                    f"delete {above} (a title, merged cells)"
                ],
                sheet,
                fmt.describe(),
            )
    return first


# --- checking: the same for every kind of file --------------------------------------------------


def load_monitor(path: str | Path, data_dir: str | Path | None = None) -> Monitor:
    """Read and validate a monitor file; :class:`MonitorError` listing every fault."""
    path = Path(path)
    if not path.is_file():
        raise MonitorError(path, ["file not found"])
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise MonitorError(path, ["monitor files are .csv or .xlsx"])
    try:
        rows, fmt = _read_xlsx(path) if suffix == ".xlsx" else _read_csv(path)
    except MonitorError:
        raise
    except Exception as exc:  # unreadable file
        raise MonitorError(path, [f"cannot be read: {exc}"]) from None
    sheet = fmt.sheet
    h = _header_row(path, rows, sheet, fmt)
    if h is None:
        raise MonitorError(
            path,
            ["row 1: no header: the file holds no rows (other than # comments)"],
            sheet,
            fmt.describe(),
        )
    header = rows[h]
    problems: list[str] = []
    position: dict[str, int] = {}
    names: dict[str, str] = {}
    langs: set[str] = set()
    unknown = []
    for j, cell in enumerate(header):
        if _blank(cell) or re.match(r"^Unnamed: \d+$", str(cell).strip()):
            continue
        found = _BY_HEADER.get(_header_key(cell))
        if found is None:
            unknown.append(str(cell).strip())
            continue
        col, lang = found
        if col in position:
            problems.append(
                f"row {h + 1}, column {str(cell).strip()!r}: names {col} again "
                f"(column {_letter(position[col])} is {names[col]!r})"
            )
            continue
        position[col], names[col] = j, str(cell).strip()
        langs.add(lang)
    header_lang = "nl+en" if len(langs) == 2 else next(iter(langs), None)
    fmt = FileFormat(fmt.kind, fmt.encoding, fmt.separator, fmt.sheet, header_lang)
    missing = [c for c in REQUIRED if c not in position]
    if missing:
        shown = ", ".join(f"{c} ({HEADERS[c]['nl']})" for c in missing)
        problems.append(f"row {h + 1} (the header): missing column(s) {shown}")
    if unknown:
        problems.append(
            f"row {h + 1} (the header): unknown column(s) {', '.join(unknown)} "
            f"(allowed: {', '.join(COLUMNS)}, or in Dutch: "
            f"{', '.join(d['nl'] for d in HEADERS.values())})"
        )
    if problems:
        raise MonitorError(path, problems, sheet, fmt.describe())
    records: list[tuple[int, dict]] = []
    width = len(header)
    for i in range(h + 1, len(rows)):
        cells = rows[i]
        if _comment(cells) or all(_blank(c) for c in cells):
            continue
        n = i + 1
        stray = [j for j, c in enumerate(cells) if not _blank(c) and j not in position.values()]
        if stray:
            beyond = [j for j in stray if j >= width]
            if beyond and fmt.separator == ",":
                problems.append(
                    f"row {n}, column {_letter(beyond[0])}: the row has {len(cells)} cells, the "
                    f"header {width}: with ',' as separator a number with a decimal comma "
                    "(7.500.000,00) splits into two cells; quote it or save the file with ';'"
                )
            else:
                j = stray[0]
                problems.append(
                    f"row {n}, column {_letter(j)}: {_show(cells[j])} is in a column without a "
                    "header (a trailing separator or a shifted cell?)"
                )
            continue
        records.append((n, {c: cells[j] if j < len(cells) else None for c, j in position.items()}))
    rows_ok = _check_records(records, names, data_dir, problems)
    if problems:
        raise MonitorError(path, problems, sheet, fmt.describe())
    table = pd.DataFrame(rows_ok, columns=list(COLUMNS))
    table["quarter"] = table["quarter"].astype("Int64")
    return Monitor(table, path, fmt)


def _period_end(year: int, quarter: int | None) -> dt.date:
    if quarter is None or quarter == 4:
        return dt.date(year, 12, 31)
    return dt.date(year, quarter * 3 + 1, 1) - dt.timedelta(days=1)


def _amount(value: float) -> str:
    return f"{value:,.0f}" if value < 1e15 else f"{value:.3g}"


def _check_records(
    records: list[tuple[int, dict]],
    names: dict[str, str],
    data_dir: str | Path | None,
    problems: list[str],
) -> list[dict]:
    """The checks of every row, whatever the file: one problem per fault, with row and column."""
    known_areas = set(load_areas(data_dir)["area_id"])
    params = load_parameters(data_dir)
    limits = ceilings(data_dir)
    rows = []
    seen: dict[tuple, int] = {}
    first_as_of: tuple[dt.date, int] | None = None
    for n, rec in records:
        row: dict = {}

        def bad(col: str, msg: str, n=n) -> None:
            problems.append(f"row {n}, column {names.get(col, col)!r}: {msg}")

        text = {c: ("" if _blank(rec.get(c)) else str(rec.get(c)).strip()) for c in COLUMNS}
        area = text["area_id"]
        if area not in known_areas:
            bad("area_id", f"{area!r} is not an NPLV area (see data/areas.csv)")
        row["area_id"] = area
        try:
            year = parse_dutch_number(rec.get("year"))
            if year != int(year):
                raise ValueError(f"{_show(rec.get('year'))} is not a whole year")
            year = int(year)
            if not params.first_year <= year <= params.last_year:
                bad("year", f"{year} is outside {params.first_year}-{params.last_year}")
        except ValueError as exc:
            bad("year", str(exc))
            year = None
        row["year"] = year
        in_window = year is not None and params.first_year <= year <= params.last_year
        quarter = None
        if text["quarter"]:
            try:
                q = parse_dutch_number(rec.get("quarter"))
                if q not in (1, 2, 3, 4):
                    raise ValueError(f"{text['quarter']!r} must be 1, 2, 3 or 4 (or empty)")
                quarter = int(q)
            except ValueError as exc:
                bad("quarter", str(exc))
        row["quarter"] = quarter
        for col in (*COUNTS, *AMOUNTS):
            try:
                value = parse_dutch_number(rec.get(col))
                if col in COUNTS and value != int(value):
                    raise ValueError(f"{_show(rec.get(col))} is not a whole number of homes")
                limit, what = limits[col]
                if value > limit:
                    raise ValueError(
                        f"{_amount(value)} is above {_amount(limit)}, {what}: no area "
                        "reaches that in one period; check for a typing error"
                    )
                row[col] = value
            except ValueError as exc:
                bad(col, str(exc))
                row[col] = math.nan
        for part, whole, what in NESTED:
            if row[part] > row[whole]:  # False when either is NaN (already reported)
                bad(part, f"{row[part]:.0f} {what} ({row[whole]:.0f})")
        if not text["source"]:
            bad("source", "is empty: every row names where its figures come from")
        row["source"] = text["source"]
        as_of = _date(rec.get("as_of"))
        if as_of is None:
            shown = _show(rec.get("as_of")) if text["as_of"] else "''"
            bad("as_of", f"{shown} must be a date written YYYY-MM-DD")
        elif first_as_of is None:
            first_as_of = (as_of, n)
        elif as_of != first_as_of[0]:
            bad(
                "as_of",
                f"{as_of} differs from {first_as_of[0]} (row {first_as_of[1]}): a monitor file "
                "holds the figures of one date; put another date in a file of its own",
            )
        if as_of is not None and in_window:
            end = _period_end(year, quarter)
            if end > as_of:
                where = f"{year}" + (f" Q{quarter}" if quarter else "")
                bad(
                    "quarter" if quarter else "year",
                    f"{where} ends on {end}, after the as_of date {as_of}: a period is "
                    "reported once it has ended (report the current year by quarter)",
                )
        row["as_of"] = as_of
        key = (area, year, quarter)
        if key in seen:
            where = f"{area} {year}" + (f" Q{quarter}" if quarter else "")
            bad("area_id", f"duplicated: {where} is also in row {seen[key]}")
        seen.setdefault(key, n)
        row["_row"] = n
        rows.append(row)
    _check_mixed_periods(rows, names, problems)
    for row in rows:
        del row["_row"]
    return rows


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = "" if _blank(value) else str(value).strip()
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", text, re.ASCII):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _check_mixed_periods(rows: list[dict], names: dict[str, str], problems: list[str]) -> None:
    """A year is reported either whole or by quarter, not both (it would count twice)."""
    whole: dict[tuple, list[int]] = {}
    quarterly: dict[tuple, list[int]] = {}
    for r in rows:
        if r["year"] is None:
            continue
        target = whole if r["quarter"] is None else quarterly
        target.setdefault((r["area_id"], r["year"]), []).append(r["_row"])
    for key in sorted(whole.keys() & quarterly.keys(), key=str):
        area, year = key
        both = sorted(whole[key] + quarterly[key])
        problems.append(
            f"row {both[1]}, column {names.get('quarter', 'quarter')!r}: {area} {year} is "
            "reported both as a whole year and by quarter "
            f"(rows {', '.join(map(str, both))}); it would count twice"
        )
