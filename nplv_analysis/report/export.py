"""Tables behind the reports, and writing them as CSV and Excel next to a report.

CSV files are byte-for-byte repeatable: fixed column order, rows in a stable order, amounts
with two decimals, ``\\n`` line ends. Text that a spreadsheet would take for a formula (starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is neutralised: prefixed with ``'`` in
CSV (the OWASP rule), a string cell (never a formula cell) in Excel; numbers stay numbers.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..data import funding, housing, national_figures, national_summary
from ..engine import Scenario, allocation_comparison, national, run, totals, unknowns
from ..rules import check_data


def area_tables(
    area_id: str, scenario: Scenario | None = None, data_dir: str | Path | None = None
) -> dict[str, pd.DataFrame]:
    """The tables of an area report: published funding, housing, the scenario's payments and
    totals, what the engine cannot compute (and why), and the data checks' findings."""
    scenario = scenario or Scenario()
    findings = check_data(data_dir)
    return {
        "funding": funding(area_id, data_dir).reset_index(),
        "housing": housing(area_id, data_dir).reset_index(),
        "payments": run(scenario, [area_id], data_dir),
        "totals": totals(scenario, [area_id], data_dir),
        "unknown": unknowns([area_id], data_dir),
        "findings": findings[findings["area_id"] == area_id].reset_index(drop=True),
    }


def national_tables(
    scenario: Scenario | None = None, data_dir: str | Path | None = None
) -> dict[str, pd.DataFrame]:
    """The tables of the national overview."""
    scenario = scenario or Scenario()
    alloc = (
        allocation_comparison(scenario, None, data_dir)
        .groupby(["rule", "area_id", "instrument"], as_index=False)["gross_eur"]
        .sum()
    )
    return {
        "areas": national_summary(data_dir).reset_index(),
        "national_figures": national_figures(data_dir).reset_index(),
        "ceilings": national(scenario, data_dir),
        "allocation": alloc,
        "payments": run(scenario, None, data_dir),
    }


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP, CSV injection)."""


def neutralise(value):
    """A cell for a CSV file: text that a spreadsheet would run as a formula gets a leading
    ``'``; numbers and everything else are returned as they are.

    >>> neutralise('=HYPERLINK("http://evil.example")'), neutralise(-7000.0)
    ('\'=HYPERLINK("http://evil.example")', -7000.0)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _neutralised(table: pd.DataFrame) -> pd.DataFrame:
    text = [
        c
        for c in table.columns
        if pd.api.types.is_object_dtype(table[c]) or pd.api.types.is_string_dtype(table[c])
    ]
    if not text:
        return table
    return table.assign(**{c: table[c].map(neutralise) for c in text})


def write_tables(
    tables: dict[str, pd.DataFrame], folder: str | Path, book: str = "tables"
) -> list[Path]:
    """Write each table as ``<name>.csv`` and all of them as sheets of ``<book>.xlsx`` (each
    report its own workbook: ``tables`` for the area report and the overview,
    ``midterm-<year>`` for the mid-term review, so no report overwrites another's)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, table in tables.items():
        path = folder / f"{name}.csv"
        _neutralised(table).to_csv(path, index=False, float_format="%.2f", lineterminator="\n")
        paths.append(path)
    xlsx = folder / f"{book}.xlsx"
    with pd.ExcelWriter(xlsx, engine="openpyxl") as writer:
        for name, table in tables.items():
            table.to_excel(writer, sheet_name=name[:31], index=False)
            for row in writer.sheets[name[:31]].iter_rows():
                for cell in row:
                    if cell.data_type == "f":  # text that openpyxl took for a formula
                        cell.data_type = "s"
    paths.append(xlsx)
    return paths
