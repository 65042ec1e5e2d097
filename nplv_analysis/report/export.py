"""Tables behind the reports, and writing them as CSV and Excel next to a report.

CSV files are byte-for-byte repeatable: fixed column order, rows in a stable order, amounts
with two decimals, ``\\n`` line ends.
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


def write_tables(tables: dict[str, pd.DataFrame], folder: str | Path) -> list[Path]:
    """Write each table as ``<name>.csv`` and all of them as sheets of ``tables.xlsx``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, table in tables.items():
        path = folder / f"{name}.csv"
        table.to_csv(path, index=False, float_format="%.2f", lineterminator="\n")
        paths.append(path)
    xlsx = folder / "tables.xlsx"
    with pd.ExcelWriter(xlsx, engine="openpyxl") as writer:
        for name, table in tables.items():
            table.to_excel(writer, sheet_name=name[:31], index=False)
    paths.append(xlsx)
    return paths
