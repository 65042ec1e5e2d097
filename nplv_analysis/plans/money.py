"""What a plan list earns: per project and per start year the affordable starts and the
realisatiestimulans they earn, as planned and as expected (each project's chance of falling out
and of slipping per phase: ``plans/phases.yaml``, A31), computed by the engine; and the list's
total against the agreement's estimate. Frames with codes and numbers; the ``plans`` command and
the plan report write them the reader's way.

>>> from nplv_analysis.data import DEFAULT_DATA_DIR
>>> from nplv_analysis.plans import load_plans
>>> plans = load_plans(DEFAULT_DATA_DIR / "plans" / "illustratief-heerlen-noord.csv")
>>> money = project_money(plans, "heerlen-noord")
>>> float(money["planned_eur"].sum())  # 1,775 affordable starts x EUR 7,000
12425000.0
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..data import load_parameters
from ..data.phases import load_phases
from ..engine import Scenario, expected_plan_starts, run, totals
from .starts import area_plans

RS = "realisatiestimulans"

PROJECT_COLUMNS = [
    "project",
    "phase",
    "start_year",
    "start_quarter",
    "planned_starts",
    "planned_eur",
    "expected_starts",
    "expected_eur",
    "p_paid",
]
YEAR_COLUMNS = [
    "start_year",
    "planned_starts",
    "planned_eur",
    "planned_paid_year",
    "expected_starts",
    "expected_eur",
    "expected_paid_year",
]


def _starts(rows: pd.DataFrame, as_planned: bool, data_dir) -> pd.Series:
    if as_planned:
        return rows.groupby("start_year")["homes_affordable"].sum().astype(float)
    return expected_plan_starts(rows, data_dir=data_dir).astype(float)


def money_by_year(starts: pd.Series, area_id: str, data_dir=None) -> pd.Series | None:
    """The realisatiestimulans that starts per year earn, by payment year (the engine's
    ``run(Scenario(starts=...))``); None where the engine computes none for the area (it did not
    sign: ``totals`` says why)."""
    if float(starts.sum()) <= 0:
        return pd.Series(dtype=float)
    scenario = Scenario(starts={int(y): float(n) for y, n in starts.items()})
    pay = run(scenario, [area_id], data_dir)
    pay = pay[pay["instrument"] == RS]
    if pay.empty:
        return None
    return pay.set_index("year")["gross_eur"].astype(float)


def _total(money: pd.Series | None) -> float:
    return float("nan") if money is None else float(money.sum())


def project_money(
    plans: pd.DataFrame, area_id: str, data_dir: str | Path | None = None, lang: str = "nl"
) -> pd.DataFrame:
    """Per project of the area, in the list's order: its phase and planned start, the affordable
    starts and the realisatiestimulans they earn as planned and as expected (each project run
    through the engine on its own: the money is paid per start, so the projects add up to the
    list's total)."""
    rows = area_plans(plans, area_id, lang)
    phases = load_phases(data_dir)
    params = load_parameters(data_dir)
    out = []
    for index in rows.index:
        one = rows.loc[[index]]
        planned, expected = _starts(one, True, data_dir), _starts(one, False, data_dir)
        project = rows.loc[index]
        planned_money = money_by_year(planned, area_id, data_dir)
        phase = phases[project["phase"]]
        year = int(project["start_year"])
        inside = sum(
            chance
            for k, chance in enumerate(phase.slip)
            if params.first_year <= year + k <= params.last_year
        )
        out.append(
            (
                project["project"],
                project["phase"],
                year,
                project["start_quarter"],
                float(planned.sum()),
                _total(planned_money),
                float(expected.sum()),
                _total(money_by_year(expected, area_id, data_dir)),
                # the chance that it starts inside the window (and so is paid); none at all
                # for an area the realisatiestimulans cannot reach (it did not sign)
                phase.start_chance * inside if planned_money is not None else float("nan"),
            )
        )
    return pd.DataFrame(out, columns=PROJECT_COLUMNS)


def year_money(
    plans: pd.DataFrame, area_id: str, data_dir: str | Path | None = None, lang: str = "nl"
) -> pd.DataFrame:
    """Per start year of the area's list (as planned, and the years the expected starts slip
    into): the affordable starts, the realisatiestimulans they earn and the year it is paid
    (None for starts outside the window, which earn nothing)."""
    rows = area_plans(plans, area_id, lang)
    planned, expected = _starts(rows, True, data_dir), _starts(rows, False, data_dir)
    out = []
    for year in sorted(set(planned.index) | set(expected.index)):
        cells: list = [int(year)]
        for series in (planned, expected):
            n = float(series.get(year, 0.0))
            money = money_by_year(pd.Series({int(year): n}), area_id, data_dir)
            paid = [int(y) for y, v in (money if money is not None else {}).items() if v > 0.005]
            cells += [n, _total(money), paid[0] if paid else None]
        out.append(tuple(cells))
    return pd.DataFrame(out, columns=YEAR_COLUMNS)


def against_estimate(
    plans: pd.DataFrame, area_id: str, data_dir: str | Path | None = None, lang: str = "nl"
) -> pd.DataFrame:
    """The list's realisatiestimulans as planned and as expected against the agreement's
    estimate: ``totals`` of ``Scenario(starts=...)`` for the area, one row each (index
    ``planned``, ``expected``), with the estimate's range and the position (below / within /
    above, or why it is unknown)."""
    rows = area_plans(plans, area_id, lang)
    found = {}
    for key, as_planned in (("planned", True), ("expected", False)):
        starts = {int(y): float(n) for y, n in _starts(rows, as_planned, data_dir).items()}
        scenario = (
            Scenario(starts=starts)
            if starts
            else Scenario(starts={int(rows.iloc[0]["start_year"]): 0})
        )
        tot = totals(scenario, [area_id], data_dir, lang).set_index("instrument")
        found[key] = tot.loc[RS]
    return pd.DataFrame(found).T
