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
  :mod:`nplv_analysis.data.sheets`, where the messages about the file are catalogue texts (the
  monitor shows them in English).
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
    SheetError,
    capped,
    parse_dutch_number,
    read_table,
)
from ..data.sheets import blank as _blank
from ..data.sheets import show_value as _show

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
LAYOUT = Layout(HEADERS, REQUIRED, SHEET, "sheet.kind.monitor")
"""How a monitor file is read (:mod:`nplv_analysis.data.sheets`): the separator, encoding,
sheet and header rules shared with the other intakes."""


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
        n = len(problems)
        self.problems = problems = capped(problems, "en")
        self.sheet = sheet
        head = "1 problem" if n == 1 else f"{n} problems"
        where = f"{path}, sheet {sheet!r}" if sheet is not None else str(path)
        how = f" (read as {read_as})" if read_as else ""
        super().__init__(
            f"{where}: monitor file not taken in ({head}){how}:\n"
            + "\n".join(f"  - {p}" for p in problems)
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


def load_monitor(path: str | Path, data_dir: str | Path | None = None) -> Monitor:
    """Read and validate a monitor file; :class:`MonitorError` listing every fault."""
    path = Path(path)
    try:
        table = read_table(path, LAYOUT)
    except SheetError as exc:  # the file, or its header: the monitor's messages are English
        problems = [p.render("en") for p in exc.problems]
        raise MonitorError(path, problems, exc.sheet, exc.read_as("en")) from None
    fmt = table.file_format
    problems = [p.render("en") for p in table.problems]
    rows_ok = _check_records(table.records, table.names, data_dir, problems)
    if problems:
        raise MonitorError(path, problems, fmt.sheet, fmt.describe())
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
]
