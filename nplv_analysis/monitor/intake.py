"""Monitor data intake: starts, registrations and costs per area and year (CSV or Excel).

The template is ``data/monitor/template.csv``; its columns are documented in
``data/monitor/README.md``. Every fault stops the intake with one message naming the file,
row, column and problem (all faults of the file are listed). Numbers written the Dutch way are
read as such ("1.234" is 1234, "€ 7.500.000" is 7500000, "7,5" is 7.5); anything that could be
read two ways ("1,234", "7.5") is refused, never guessed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..data import load_areas
from ..data.parameters import load_parameters

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

# ASCII digits only: "²" or "٣" is not a digit of a figure
_PLAIN_INT = re.compile(r"^\d+$", re.ASCII)
_NL_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$", re.ASCII)
_NL_DECIMAL = re.compile(r"^\d+,\d+$", re.ASCII)
_DOT_DECIMAL = re.compile(r"^\d+\.\d+$", re.ASCII)
_MAX_DIGITS = 30
"""More digits than this is no figure of a monitor (and would overflow a float)."""


class MonitorError(ValueError):
    """A monitor file that cannot be taken in; ``problems`` lists every fault."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = path
        self.problems = problems
        n = len(problems)
        head = "1 problem" if n == 1 else f"{n} problems"
        super().__init__(
            f"{path}: monitor file not taken in ({head}):\n"
            + "\n".join(f"  - {p}" for p in problems)
        )


def parse_dutch_number(raw: object) -> float:
    """A number as a Dutch analyst writes it; ValueError saying why where it is not one.

    >>> parse_dutch_number("1.234"), parse_dutch_number("€ 7.500.000"), parse_dutch_number("7,5")
    (1234.0, 7500000.0, 7.5)
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
        return float(raw)
    text = str(raw).strip().replace("\u00a0", " ")
    if not text:
        raise ValueError("is empty")
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


@dataclass
class Monitor:
    """Monitor figures, validated: ``table`` has one row per area, year (and quarter)."""

    table: pd.DataFrame
    path: Path

    @property
    def illustrative(self) -> bool:
        """True when any row is an illustration (its source starts with ILLUSTRATIE)."""
        return bool(self.table["source"].str.upper().str.startswith(ILLUSTRATIVE_MARK).any())


def _read(path: Path) -> pd.DataFrame:
    if path.suffix.lower() == ".xlsx":
        return pd.read_excel(path, dtype=object)
    if path.suffix.lower() == ".csv":
        return pd.read_csv(
            path, dtype=str, comment="#", keep_default_na=False, skipinitialspace=True
        )
    raise ValueError(f"{path}: monitor files are .csv or .xlsx")


def load_monitor(path: str | Path, data_dir: str | Path | None = None) -> Monitor:
    """Read and validate a monitor file; :class:`MonitorError` listing every fault."""
    path = Path(path)
    if not path.is_file():
        raise MonitorError(path, ["file not found"])
    try:
        raw = _read(path)
    except MonitorError:
        raise
    except Exception as exc:  # unreadable CSV/Excel
        raise MonitorError(path, [f"cannot be read: {exc}"]) from None
    problems: list[str] = []
    cols = [str(c).strip() for c in raw.columns]
    raw.columns = cols
    missing = [c for c in REQUIRED if c not in cols]
    unknown = [c for c in cols if c not in COLUMNS]
    if missing:
        problems.append(f"header: missing column(s) {', '.join(missing)}")
    if unknown:
        problems.append(
            f"header: unknown column(s) {', '.join(unknown)} (allowed: {', '.join(COLUMNS)})"
        )
    if problems:
        raise MonitorError(path, problems)
    known_areas = set(load_areas(data_dir)["area_id"])
    params = load_parameters(data_dir)
    first_row = _first_data_row(path)
    rows = []
    seen: dict[tuple, int] = {}
    for i, rec in enumerate(raw.to_dict("records")):
        n = first_row + i
        row: dict = {}

        def bad(col: str, msg: str, n=n) -> None:
            problems.append(f"row {n}, column '{col}': {msg}")

        text = {c: ("" if _blank(rec.get(c)) else str(rec.get(c)).strip()) for c in COLUMNS}
        if not any(text.values()):
            continue
        area = text["area_id"]
        if area not in known_areas:
            bad("area_id", f"{area!r} is not an NPLV area (see data/areas.csv)")
        row["area_id"] = area
        try:
            year = parse_dutch_number(rec.get("year"))
            if year != int(year):
                raise ValueError(f"{text['year']!r} is not a whole year")
            year = int(year)
            if not params.first_year <= year <= params.last_year:
                bad("year", f"{year} is outside {params.first_year}-{params.last_year}")
        except ValueError as exc:
            bad("year", str(exc))
            year = None
        row["year"] = year
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
                    raise ValueError(f"{text[col]!r} is not a whole number of homes")
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
            bad("as_of", f"{text['as_of']!r} must be a date written YYYY-MM-DD")
        row["as_of"] = as_of
        key = (area, year, quarter)
        if key in seen:
            where = f"{area} {year}" + (f" Q{quarter}" if quarter else "")
            bad("area_id", f"duplicated: {where} is also in row {seen[key]}")
        seen.setdefault(key, n)
        rows.append(row)
    _check_mixed_periods(rows, problems)
    if problems:
        raise MonitorError(path, problems)
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    table["quarter"] = table["quarter"].astype("Int64")
    return Monitor(table, path)


def _blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or str(value).strip() == ""
    )


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = "" if _blank(value) else str(value).strip()
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _first_data_row(path: Path) -> int:
    """The line/row number of the first data row (after comments and the header)."""
    if path.suffix.lower() == ".xlsx":
        return 2
    lines = path.read_text(encoding="utf-8-sig").splitlines()  # a BOM is no part of line 1
    comments = 0
    for line in lines:
        if line.startswith("#"):
            comments += 1
        else:
            break
    return comments + 2


def _check_mixed_periods(rows: list[dict], problems: list[str]) -> None:
    """A year is reported either whole or by quarter, not both (it would count twice)."""
    whole = {(r["area_id"], r["year"]) for r in rows if r["quarter"] is None}
    quarterly = {(r["area_id"], r["year"]) for r in rows if r["quarter"] is not None}
    for area, year in sorted(whole & quarterly, key=str):
        problems.append(
            f"column 'quarter': {area} {year} is reported both as a whole year and by quarter"
        )
