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
- These reading rules are shared with the other intakes (the plan list):
  :mod:`nplv_analysis.data.sheets`. Every message is a catalogue text, shown in the run's
  language (``load_monitor(lang=)``; English by default, a report run's language in a run).
- A peildatum is an Excel date, ``jjjj-mm-dd``, or ``d-m-jjjj`` / ``dd-mm-jjjj`` as Dutch Excel
  writes a date in a CSV file; a date with slashes is refused, never guessed (:func:`read_date`).
- Excel rows get exactly the checks CSV rows get: no negative figures, no figure above its
  plausibility ceiling (:func:`ceilings`), no period that ends after the row's ``as_of``, one
  ``as_of`` per file.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..data import load_areas, load_figures
from ..data.parameters import load_parameters
from ..data.schema import NATIONAL, UNIT_RANGES
from ..data.sheets import (
    ENCODINGS,
    SEPARATORS,
    FileFormat,
    Layout,
    Message,
    NumberError,
    SheetError,
    capped,
    parse_dutch_number,
    read_table,
)
from ..data.sheets import blank as _blank
from ..data.sheets import show_value as _show
from ..text import t

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
    ("homes_started_affordable", "homes_started_total", "monitor.nested.affordable"),
    ("rs_registered_homes", "homes_started_affordable", "monitor.nested.registered"),
)
"""(part, whole, message id): a count that can never exceed another in the same row."""
ILLUSTRATIVE_MARK = "ILLUSTRATIE"
"""A source that starts with this word marks a row as an illustration, not an observation."""
SHEET = "monitor"
"""The sheet of an Excel file that holds the figures (any case); else the first sheet whose
first row is the header."""
LAYOUT = Layout(HEADERS, REQUIRED, SHEET, "sheet.kind.monitor")
"""How a monitor file is read (:mod:`nplv_analysis.data.sheets`): the separator, encoding,
sheet and header rules shared with the other intakes."""


class MonitorError(ValueError):
    """A monitor file that cannot be taken in; ``problems`` lists every fault in ``lang`` (each
    naming its row and column), ``messages`` the same as catalogue messages, ``sheet`` is the
    Excel sheet read (None for CSV); ``text(lang)`` is the whole message in another language."""

    def __init__(
        self,
        path: Path,
        messages: list[Message],
        sheet: str | None = None,
        file_format: FileFormat | None = None,
        lang: str = "en",
    ):
        self.path = path
        self.messages = list(messages)
        self.problems = [m.render(lang) for m in capped(self.messages)]
        self.sheet = sheet
        self.file_format = file_format
        self.lang = lang
        super().__init__(self.text(lang))

    def text(self, lang: str = "en") -> str:
        """The file (and sheet), how it was read, and every fault (the first
        :data:`~nplv_analysis.data.sheets.MAX_LISTED`, then how many more), in ``lang``."""
        n = len(self.messages)
        head = t("monitor.problems.one", lang) if n == 1 else t("monitor.problems.many", lang, n=n)
        where = str(self.path)
        if self.sheet is not None:
            where = t("monitor.where_sheet", lang, file=where, sheet=repr(self.sheet))
        how = ""
        if self.file_format is not None:
            how = " " + t("monitor.read_as", lang, what=self.file_format.describe(lang))
        return t("monitor.refused", lang, where=where, count=head, how=how) + "".join(
            f"\n  - {m.render(lang)}" for m in capped(self.messages)
        )


def ceilings(data_dir: str | Path | None = None) -> dict[str, tuple[float, str]]:
    """The plausibility ceiling of each number column, and what it is: a figure of one row (one
    area, one period) above it is refused as a typing error. Counts: the homes of the whole
    programme (``homes.programme.total``; without it the ceiling of the unit ``homes``); costs:
    the national budget of the instrument (``orv.budget``, ``capaciteit.budget``).

    >>> str(ceilings()["orv_costs_eur"][1])
    'the national ORV budget'
    """
    params = load_parameters(data_dir)
    fig = load_figures(data_dir)
    nat = fig[(fig["area_id"] == NATIONAL) & (fig["key"] == "homes.programme.total")]
    if len(nat):
        homes = (float(nat["value"].iloc[0]), Message("monitor.ceiling.programme"))
    else:
        rng = UNIT_RANGES["homes"]
        homes = (float(rng.high), Message("monitor.ceiling.unit", {"why": rng.why}))
    return {
        **dict.fromkeys(COUNTS, homes),
        "orv_costs_eur": (params.ceilings["orv"], Message("monitor.ceiling.orv")),
        "capacity_costs_eur": (params.ceilings["capaciteit"], Message("monitor.ceiling.capacity")),
    }


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


# --- checking: the same for every kind of file --------------------------------------------------


def load_monitor(path: str | Path, data_dir: str | Path | None = None, lang: str = "en") -> Monitor:
    """Read and validate a monitor file; :class:`MonitorError` listing every fault, in
    ``lang`` (the run's language; English by default)."""
    path = Path(path)
    try:
        table = read_table(path, LAYOUT)
    except SheetError as exc:  # the file, or its header
        raise MonitorError(path, exc.problems, exc.sheet, exc.file_format, lang) from None
    fmt = table.file_format
    problems = list(table.problems)
    rows_ok = _check_records(table.records, table.names, data_dir, problems)
    if problems:
        raise MonitorError(path, problems, fmt.sheet, fmt, lang)
    frame = pd.DataFrame(rows_ok, columns=list(COLUMNS))
    frame["quarter"] = frame["quarter"].astype("Int64")
    return Monitor(frame, path, fmt)


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
    problems: list[Message],
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

        def bad(col: str, code, n=n, **values) -> None:
            """A fault of cell (row n, col): a message id and its values, or a Message."""
            msg = code if isinstance(code, Message | NumberError) else Message(code, values)
            if isinstance(msg, NumberError):
                msg = msg.message
            problems.append(
                Message(
                    "monitor.at", {"row": n, "column": repr(names.get(col, col)), "problem": msg}
                )
            )

        text = {c: ("" if _blank(rec.get(c)) else str(rec.get(c)).strip()) for c in COLUMNS}
        area = text["area_id"]
        if area not in known_areas:
            bad("area_id", "monitor.not_area", value=repr(area))
        row["area_id"] = area
        try:
            year = parse_dutch_number(rec.get("year"))
            if year != int(year):
                bad("year", "monitor.not_whole_year", value=_show(rec.get("year")))
                year = None
            else:
                year = int(year)
            if year is not None and not params.first_year <= year <= params.last_year:
                bad(
                    "year",
                    "monitor.year_outside",
                    year=year,
                    first=params.first_year,
                    last=params.last_year,
                )
        except NumberError as exc:
            bad("year", exc)
            year = None
        row["year"] = year
        in_window = year is not None and params.first_year <= year <= params.last_year
        quarter = None
        if text["quarter"]:
            try:
                q = parse_dutch_number(rec.get("quarter"))
            except NumberError:
                q = None
            if q in (1, 2, 3, 4):
                quarter = int(q)
            else:
                bad("quarter", "monitor.quarter", value=repr(text["quarter"]))
        row["quarter"] = quarter
        for col in (*COUNTS, *AMOUNTS):
            row[col] = math.nan
            try:
                value = parse_dutch_number(rec.get(col))
            except NumberError as exc:
                bad(col, exc)
                continue
            limit, what = limits[col]
            if col in COUNTS and value != int(value):
                bad(col, "monitor.not_whole_homes", value=_show(rec.get(col)))
            elif value > limit:
                bad(
                    col,
                    "monitor.above_ceiling",
                    value=_amount(value),
                    limit=_amount(limit),
                    what=what,
                )
            else:
                row[col] = value
        for part, whole, code in NESTED:
            if row[part] > row[whole]:  # False when either is NaN (already reported)
                bad(part, code, part=f"{row[part]:.0f}", whole=f"{row[whole]:.0f}")
        if not text["source"]:
            bad("source", "monitor.source_empty")
        row["source"] = text["source"]
        as_of, problem = read_date(rec.get("as_of"))
        if problem is not None:
            bad("as_of", problem)
        elif first_as_of is None:
            first_as_of = (as_of, n)
        elif as_of != first_as_of[0]:
            bad(
                "as_of",
                "monitor.as_of_differs",
                value=as_of.isoformat(),
                first=first_as_of[0].isoformat(),
                row=first_as_of[1],
            )
        if as_of is not None and in_window:
            end = _period_end(year, quarter)
            if end > as_of:
                bad(
                    "quarter" if quarter else "year",
                    "monitor.period_after",
                    period=f"{year}" + (f" Q{quarter}" if quarter else ""),
                    end=end.isoformat(),
                    as_of=as_of.isoformat(),
                )
        row["as_of"] = as_of
        key = (area, year, quarter)
        if key in seen:
            where = f"{area} {year}" + (f" Q{quarter}" if quarter else "")
            bad("area_id", "monitor.duplicated", where=where, row=seen[key])
        seen.setdefault(key, n)
        row["_row"] = n
        rows.append(row)
    _check_mixed_periods(rows, names, problems)
    for row in rows:
        del row["_row"]
    return rows


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
_DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$", re.ASCII)


def read_date(value: object) -> tuple[dt.date | None, Message | None]:
    """A peildatum cell as a date, or the problem: an Excel date, ``jjjj-mm-dd`` (ISO), or
    ``d-m-jjjj`` / ``dd-mm-jjjj`` as Dutch Excel writes a date in a CSV file. A date with
    slashes (``06/07/2027``: the 6th of July or June the 7th?) is refused, never guessed.

    >>> read_date("30-6-2027")[0], read_date("30-06-2027")[0], read_date("2027-06-30")[0]
    (datetime.date(2027, 6, 30), datetime.date(2027, 6, 30), datetime.date(2027, 6, 30))
    >>> read_date("06/07/2027")[1].code, read_date("31-6-2027")[1].code
    ('monitor.date_slash', 'monitor.date_bad')
    """
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    text = "" if _blank(value) else str(value).strip()
    shown = _show(value) if text else "''"
    iso, dutch = _ISO_DATE.match(text), _DUTCH_DATE.match(text)
    try:
        if iso:
            return dt.date(*map(int, iso.groups())), None
        if dutch:
            day, month, year = map(int, dutch.groups())
            return dt.date(year, month, day), None
    except ValueError:
        pass
    code = "monitor.date_slash" if "/" in text else "monitor.date_bad"
    return None, Message(code, {"value": shown})


def _check_mixed_periods(rows: list[dict], names: dict[str, str], problems: list[Message]) -> None:
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
        problem = Message(
            "monitor.mixed", {"where": f"{area} {year}", "rows": ", ".join(map(str, both))}
        )
        column = repr(names.get("quarter", "quarter"))
        problems.append(
            Message("monitor.at", {"row": both[1], "column": column, "problem": problem})
        )


__all__ = [
    "AMOUNTS",
    "COLUMNS",
    "COUNTS",
    "ENCODINGS",
    "HEADERS",
    "ILLUSTRATIVE_MARK",
    "LAYOUT",
    "NESTED",
    "REQUIRED",
    "SEPARATORS",
    "SHEET",
    "FileFormat",
    "Monitor",
    "MonitorError",
    "ceilings",
    "load_monitor",
    "parse_dutch_number",
    "read_date",
]
