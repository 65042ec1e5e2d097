"""Scenarios side by side: each scenario's totals against what the agreement says of them and
against a baseline (the base scenario ``Scenario()``, or the first of several named scenarios).

>>> from nplv_analysis.engine import Scenario
>>> f = figures(Scenario(realisation=0.5), ["heerlen-noord"]).set_index("instrument")
>>> f.at["realisatiestimulans", "position"]   # half the starts: below the estimate
'below'
>>> rs = f.loc["realisatiestimulans"]
>>> float(round(rs["difference_eur"] / rs["baseline_eur"], 6))   # half of the agreement's
-0.5

The scope of a figure is ``area`` (one area, with a ``totaal``), or, for all areas (``areas=None``),
``areas`` (the realisatiestimulans summed over the areas with an estimate) and ``national`` (ORV
and capacity paid nationally under their ceiling): sums of another scope each, never added up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .files import MAX_CHARS, NamedScenario, check_count
from .run import national, run_many, totals
from .scenario import INSTRUMENTS, Scenario, ScenarioError
from .uncertainty import simulate

NATIONAL = ("orv", "capaciteit")
"""The instruments under a national ceiling."""
FIGURE_COLUMNS = [
    "instrument",
    "scope",
    "gross_eur",
    "baseline_eur",
    "difference_eur",
    "reference",
    "low_eur",
    "high_eur",
    "position",
]
ROW_COLUMNS = ["instrument", "scope", "gross_eur", "reference", "low_eur", "high_eur", "position"]
TOLERANCE = 0.005
"""Half a cent: a total within the estimate's range up to rounding is within it."""


def figure_rows(
    tot: pd.DataFrame, nat: pd.DataFrame, pay: pd.DataFrame, one_area: bool
) -> pd.DataFrame:
    """The figures of one scenario without the baseline, from what the engine gave for it:
    its :func:`~nplv_analysis.engine.totals` (``tot``), :func:`~nplv_analysis.engine.national`
    (``nat``, for all areas) and payments (``pay``); ``one_area``: the scope is one area."""
    rows = []
    for inst in INSTRUMENTS:
        part = tot[tot["instrument"] == inst]
        if part.empty:
            continue
        if not one_area and inst in NATIONAL:
            paid = nat[nat["instrument"] == inst]
            ceiling = float(paid["ceiling_eur"].iloc[0])
            rows.append(
                (inst, "national", float(paid["paid_eur"].sum()), "ceiling", ceiling, ceiling, None)
            )
            continue
        known = part["gross_eur"].notna()
        low = part.loc[known, "reference_low_eur"].sum(min_count=1)
        high = part.loc[known, "reference_high_eur"].sum(min_count=1)
        gross = float(part.loc[known, "gross_eur"].sum()) if known.any() else np.nan
        kinds = part.loc[known, "reference"].dropna()
        kind = kinds.iloc[0] if len(kinds) else None
        # held against the estimate: only the areas that have one (starts given for an area
        # without an estimate add to the total, not to what is held against the range)
        held = float(part.loc[known & (part["reference"] == "estimate"), "gross_eur"].sum())
        position = None
        if kind == "estimate" and pd.notna(low) and held < low - TOLERANCE:
            position = "below"
        elif kind == "estimate" and pd.notna(high) and held > high + TOLERANCE:
            position = "above"
        elif kind == "estimate" and pd.notna(low):
            position = "within"
        rows.append((inst, "area" if one_area else "areas", gross, kind, low, high, position))
    if one_area and rows:  # a total only of what is known in full: an unknown part, no total
        known = all(not np.isnan(r[2]) for r in rows)
        total = float(pay["gross_eur"].sum()) if known else np.nan
        rows.append(("totaal", "area", total, None, np.nan, np.nan, None))
    return pd.DataFrame(rows, columns=ROW_COLUMNS)


def figures(
    scenario: Scenario | None = None,
    areas: list[str] | str | None = None,
    data_dir: str | Path | None = None,
    baseline: Scenario | None = None,
) -> pd.DataFrame:
    """The headline figures of a scenario against a baseline (default: the base scenario):
    per instrument (and, for one area, in total) ``gross_eur``, ``baseline_eur`` and
    ``difference_eur``, what the agreement says of it (``reference``: ``estimate``,
    ``drawing_right`` or, nationally, ``ceiling``, with ``low_eur``/``high_eur``) and the
    ``position`` of a realisatiestimulans total against its estimate (``below``, ``within``,
    ``above``; None for the other instruments)."""
    table = compare_figures([baseline or Scenario(), scenario or Scenario()], areas, data_dir)
    return table[table["scenario"] == 1].reset_index(drop=True)[FIGURE_COLUMNS]


def compare_figures(
    scenarios: list[Scenario],
    areas: list[str] | str | None = None,
    data_dir: str | Path | None = None,
    labels: list | None = None,
) -> pd.DataFrame:
    """:func:`figures` of several scenarios (long, a ``scenario`` column first: ``labels``,
    default 0, 1, ...), the first the baseline of the others."""
    if isinstance(areas, str):
        areas = [areas]
    labels = list(range(len(scenarios))) if labels is None else list(labels)
    pay = run_many(scenarios, areas, data_dir, labels)
    frames = []
    for label, scenario in zip(labels, scenarios, strict=True):
        tot = totals(scenario, areas, data_dir)
        nat = national(scenario, data_dir) if areas is None else pd.DataFrame()
        rows = figure_rows(tot, nat, pay[pay["scenario"] == label], areas is not None)
        frames.append(rows.assign(scenario=label))
    out = pd.concat(frames, ignore_index=True)
    base = out[out["scenario"] == labels[0]].set_index("instrument")["gross_eur"]
    out["baseline_eur"] = out["instrument"].map(base).astype(float)
    out["difference_eur"] = out["gross_eur"] - out["baseline_eur"]
    return out[["scenario", *FIGURE_COLUMNS]]


@dataclass(frozen=True)
class Comparison:
    """Named scenarios side by side (the first is the baseline), for one area or nationally:

    - ``names``: the scenarios' names, in order (the ``scenario`` column of every table);
    - ``figures``: :func:`compare_figures`;
    - ``payments``: :func:`~nplv_analysis.engine.run_many` summed per scenario, instrument and
      payment year (for one area: that area; nationally: the realisatiestimulans of the areas
      with an estimate and ORV and capacity of all claimants, each of its own scope);
    - ``ceilings``: ORV and capacity nationally per scenario: claims, paid and the ceiling;
    - ``bands``: per scenario and area with an estimate, P10, P50 and P90 of the
      realisatiestimulans total over the payment years (the uncertainty model of
      :func:`~nplv_analysis.engine.simulate`).
    """

    area: str | None
    names: list[str]
    scenarios: list[NamedScenario]
    figures: pd.DataFrame
    payments: pd.DataFrame
    ceilings: pd.DataFrame
    bands: pd.DataFrame


def compare(
    scenarios: list[NamedScenario],
    area: str | None = None,
    data_dir: str | Path | None = None,
    lang: str = "nl",
    n_draws: int = 2_000,
    seed: int = 0,
) -> Comparison:
    """Compare named scenarios (the first is the baseline) for one area (``area``) or
    nationally (``area=None``). Names must differ (they label the tables and charts); a
    :class:`~nplv_analysis.engine.ScenarioError` (code and values) when none is given, a name
    is too long or two are the same."""
    if not scenarios:
        raise ScenarioError("scenario.error.compare.none", "scenarios", [])
    check_count(len(scenarios))
    names = [s.title(lang) for s in scenarios]
    longest = max(names, key=len)
    if len(longest) > MAX_CHARS["name"]:  # a name labels every table and chart: refused, not cut
        raise ScenarioError(
            "scenario.error.compare.long", "name", longest, n=len(longest), limit=MAX_CHARS["name"]
        )
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ScenarioError("compare.twice", "names", twice, names=", ".join(twice))
    plain = [s.scenario for s in scenarios]
    areas = None if area is None else [area]
    fig = compare_figures(plain, areas, data_dir, names)
    pay = run_many(plain, areas, data_dir, names)
    payments = (
        pay.groupby(["scenario", "instrument", "year"], sort=False)["gross_eur"].sum().reset_index()
    )
    ceilings = pd.concat(
        [
            national(s, data_dir, areas).assign(scenario=n)
            for s, n in zip(plain, names, strict=True)
        ],
        ignore_index=True,
    )
    ceilings = (
        ceilings.groupby(["scenario", "instrument"], sort=False)
        .agg(
            claims_eur=("claims_eur", "sum"),
            paid_eur=("paid_eur", "sum"),
            ceiling_eur=("ceiling_eur", "first"),
        )
        .reset_index()
    )
    bands = []
    for scenario, name in zip(plain, names, strict=True):
        _, tot = simulate(scenario, n=n_draws, seed=seed, areas=areas, data_dir=data_dir)
        rs = tot[(tot["instrument"] == "realisatiestimulans") & tot["p50"].notna()]
        bands.append(rs[["area_id", "p10", "p50", "p90"]].assign(scenario=name))
    bands = pd.concat(bands, ignore_index=True)[["scenario", "area_id", "p10", "p50", "p90"]]
    return Comparison(area, names, list(scenarios), fig, payments, ceilings, bands)
