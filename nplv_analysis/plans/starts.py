"""From a plan list to the affordable starts per year that ``Scenario(starts=...)`` takes:
as planned (the projects' planned start years) or as expected (each project's chance of falling
out and of slipping, per phase, computed by the engine from the data folder's
``plans/phases.yaml``: :func:`nplv_analysis.engine.expected_plan_starts`).

>>> from nplv_analysis.plans import load_plans
>>> from nplv_analysis.data import DEFAULT_DATA_DIR
>>> plans = load_plans(DEFAULT_DATA_DIR / "plans" / "illustratief-heerlen-noord.csv")
>>> float(starts_from_plans(plans, "heerlen-noord").sum())
1775.0
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .intake import COLUMNS, PlanError


def _check_frame(plans: object, lang: str) -> pd.DataFrame:
    if not isinstance(plans, pd.DataFrame) or not set(COLUMNS) <= set(plans.columns):
        raise PlanError("plans.not_a_list", lang, columns=", ".join(COLUMNS))
    return plans


def area_plans(plans: pd.DataFrame, area_id: str, lang: str = "nl") -> pd.DataFrame:
    """The projects of one area; :class:`PlanError` (a ValueError) for an area without any,
    naming the areas the list has."""
    plans = _check_frame(plans, lang)
    rows = plans[plans["area_id"] == area_id]
    if rows.empty:
        areas = ", ".join(dict.fromkeys(plans["area_id"])) or "–"
        raise PlanError("plans.no_rows", lang, area=area_id, areas=areas)
    return rows


def as_starts(values: pd.Series) -> pd.Series:
    """Starts per year as :func:`starts_from_plans` returns them: indexed by the year (int),
    floats, named ``starts``, years in order."""
    out = pd.Series(
        [float(v) for v in values.to_numpy()],
        index=pd.Index([int(y) for y in values.index], name="year"),
        name="starts",
        dtype=float,
    )
    return out.groupby(level="year").sum().rename("starts")


def starts_from_plans(
    plans: pd.DataFrame,
    area_id: str,
    *,
    as_planned: bool = True,
    data_dir: str | Path | None = None,
    lang: str = "nl",
) -> pd.Series:
    """The affordable starts per year of one area's projects, for ``Scenario(starts=...)``:
    a Series indexed by year (int), float values, named ``starts``.

    ``as_planned=True``: the affordable homes of the area's projects summed by planned start
    year. ``as_planned=False``: the expected starts, each project's affordable homes spread
    over the years it may start in and thinned by its chance of falling out, by its phase
    (:func:`nplv_analysis.engine.expected_plan_starts`, parameters from the data folder).
    :class:`PlanError` (a ValueError) for an area without projects in the list.
    """
    rows = area_plans(plans, area_id, lang)
    if as_planned:
        return as_starts(rows.groupby("start_year")["homes_affordable"].sum())
    from ..engine import expected_plan_starts

    return as_starts(expected_plan_starts(rows, data_dir=data_dir))


def what_if(
    plans: pd.DataFrame,
    *,
    later: dict[str, int] | None = None,
    drop: list[str] | tuple[str, ...] = (),
    area_id: str | None = None,
    lang: str = "nl",
) -> pd.DataFrame:
    """A per-project what-if in one line: a copy of the list with some projects starting
    ``later`` (``{project: years}``) and some dropped; the list itself is not changed. A name
    found in several areas: ``area_id`` says which one's project is meant.

    >>> from nplv_analysis.data import DEFAULT_DATA_DIR
    >>> from nplv_analysis.plans import load_plans
    >>> plans = load_plans(DEFAULT_DATA_DIR / "plans" / "illustratief-heerlen-noord.csv")
    >>> gone = ["Herstructureringsproject 2"]
    >>> late = what_if(plans, later={"Groeve Gebieden fase 1": 1}, drop=gone)
    >>> starts_from_plans(late, "heerlen-noord").to_dict()  # 315 from 2026 to 2027, 160 gone
    {2025: 270.0, 2026: 190.0, 2027: 735.0, 2028: 420.0}
    """
    later = dict(later or {})
    mine = plans["area_id"] == area_id if area_id is not None else plans["area_id"].notna()
    names = set(plans.loc[mine, "project"])
    unknown = [p for p in [*later, *drop] if p not in names]
    if unknown:
        raise PlanError("plans.unknown_project", lang, projects=", ".join(unknown))
    out = plans[~(mine & plans["project"].isin(drop))].copy()
    for project, years in later.items():
        if isinstance(years, bool) or not isinstance(years, int):
            raise PlanError("plans.later_years", lang, project=project, value=repr(years))
        out.loc[mine.reindex(out.index) & (out["project"] == project), "start_year"] += years
    out.attrs = dict(plans.attrs)
    return out


__all__ = ["area_plans", "as_starts", "starts_from_plans", "what_if"]
