"""Uncertainty: Monte Carlo over the realisation (and, as a named risk, the delay) of the
realisatiestimulans starts.

By default the realisation is drawn within the agreement's own band around the estimate
(footnote 2, page 6; ``band`` in the parameter tree): a triangular distribution from
``realisation x (1 + band low)`` to ``realisation x (1 + band high)``, most likely the
scenario's ``realisation``, and no delay beyond the scenario's. Delays are a separate risk a
caller asks for: ``simulate(delay_probs=DELAY_RISK)`` (A15).

Why triangular and not a PERT: the agreement gives a range, the band's method (-30%/+5%
around an estimate it does not print) and nothing about the shape between them; the triangle
uses exactly the band's ends and the estimate before the band (inferred, A13) as its mode,
keeps every draw inside the band, and its quantiles are closed-form, so a reader can check
them by hand (for the band of the shipped data: P10 = 80.25%, P50 = 92.9%, P90 = 100.8% of
the estimate before the band; the median lies below the mode because the band reaches further
down than up). A PERT puts more weight near the mode and so claims more certainty than the
source gives.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from .projects import draw_plan_starts
from .run import _check_areas, pays_rs, resolve, rs_payments, rs_planned, run
from .scenario import Resolved, Scenario, ScenarioError

NO_DELAY = (1.0,)
"""Chance 1 of no extra delay: the default of :func:`simulate` and :func:`cumulative_bands`."""

DELAY_RISK = (0.6, 0.3, 0.1)
"""A named delay risk (not from the agreement, an illustration; A15): chance of 0, 1 and 2
years of extra delay on top of ``Scenario.delay_years``. Pass it as
``simulate(..., delay_probs=DELAY_RISK)``."""

YEARLY_COLUMNS = ["area_id", "instrument", "year"]
TOTALS_EXTRA = [
    "mean",
    "estimate_low_eur",
    "estimate_high_eur",
    "p_below_estimate_low",
    "p_above_estimate_high",
]
"""The columns of :func:`simulate`'s ``totals`` after the quantiles."""


def realisation_range(
    scenario: Scenario | Resolved | None = None,
    data_dir: str | Path | None = None,
    realisation_band: tuple[float, float] | None = None,
) -> tuple[float, float]:
    """The lowest and highest realisation a draw can take: the scenario's ``realisation``
    times ``1 + band`` (the agreement's band from the data folder unless ``realisation_band``
    overrides it, e.g. ``(-0.5, 0.2)`` to widen it or ``(0, 0)`` for no spread).

    >>> realisation_range()  # the shipped band -30%/+5% around realisation 1
    (0.7, 1.05)
    """
    rs = scenario if isinstance(scenario, Resolved) else resolve(scenario, data_dir)[0]
    if realisation_band is None:
        band = rs.params.band
    else:
        band = realisation_band
        try:
            below, above = (float(b) for b in band)
            ok = -1.0 <= below <= 0.0 <= above <= 1.0
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise ScenarioError("scenario.error.band", "realisation_band", realisation_band)
    real = rs.realisation_share
    return real * (1 + float(band[0])), real * (1 + float(band[1]))


def _delay_probs(delay_probs) -> np.ndarray:
    try:
        probs = np.asarray(delay_probs, dtype=float)
    except (TypeError, ValueError):
        probs = np.asarray([-1.0])
    if (
        probs.ndim != 1
        or len(probs) == 0
        or not np.isfinite(probs).all()
        or (probs < 0).any()
        or abs(probs.sum() - 1) > 1e-9
    ):
        raise ScenarioError("scenario.error.delay_probs", "delay_probs", delay_probs)
    return probs


def _draws(
    rs: Resolved,
    n: int,
    seed: int,
    realisation_band: tuple[float, float] | None,
    delay_probs,
) -> tuple[np.ndarray, np.ndarray]:
    """The random realisation and delay of each draw (see :func:`simulate`). The realisation
    is drawn first, so the same seed gives the same realisations whatever the delay risk."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ScenarioError("scenario.error.draws", "n", n)
    low, high = realisation_range(rs, realisation_band=realisation_band)
    probs = _delay_probs(delay_probs)
    rng = np.random.default_rng(seed)
    if high > low:
        real = rng.triangular(low, rs.realisation_share, high, n)
    else:  # no spread (realisation 0 or a band of width 0)
        real = np.full(n, float(rs.realisation_share))
    delay = np.full(n, rs.delay_years, dtype=int)
    if len(probs) > 1:
        delay += rng.choice(len(probs), size=n, p=probs)
    return real, delay


def _labels(quantiles) -> tuple[np.ndarray, list[str]]:
    qs = np.asarray(quantiles, dtype=float)
    labels = [f"p{round(q * 100)}" for q in qs]
    if qs.ndim != 1 or len(qs) == 0 or ((qs <= 0) | (qs >= 1)).any() or len(set(labels)) < len(qs):
        raise ScenarioError("scenario.error.quantiles", "quantiles", quantiles)
    return qs, labels


def triangular_median(low: float, mode: float, high: float) -> float:
    """The median of the triangular distribution on ``[low, high]`` with mode ``mode``
    (closed form): below the mode when the triangle reaches further down than up.

    >>> round(triangular_median(0.7, 1.0, 1.05), 4)  # the shipped band: 92.9% of the estimate
    0.9291
    >>> triangular_median(0.8, 1.0, 1.2), triangular_median(1.0, 1.0, 1.0)
    (1.0, 1.0)
    """
    if high <= low:
        return float(mode)
    if mode >= (low + high) / 2:
        return float(low + math.sqrt((high - low) * (mode - low) / 2))
    return float(high - math.sqrt((high - low) * (high - mode) / 2))


def draw_description_values(
    scenario: Scenario | None = None,
    data_dir: str | Path | None = None,
    delay_probs=NO_DELAY,
    realisation_band: tuple[float, float] | None = None,
    area_id: str | None = None,
) -> dict:
    """What :func:`simulate` and :func:`cumulative_bands` draw, as the values of the fan
    chart's sentence (message ``fan_drawn``): ``low`` and ``high`` (the realisation range,
    shares of the expected starts), ``mode`` (the most likely realisation), ``p_delay`` (the
    chance of any extra delay), ``max_delay`` (the longest extra delay with a chance, years),
    ``mean_delay`` (years) and ``delay_code``, the message id of the delay part
    (``fan_drawn.no_delay`` or ``fan_drawn.delay_risk``), to be rendered with the same values;
    ``median`` (the median realisation of the draw, the P50 line's share of the estimate
    before the band) and ``median_code``, the message id that says why it differs from the
    mode (``fan_drawn.median_below``, ``fan_drawn.median_above``; ``fan_drawn.median_at_mode``
    when it does not: an empty text); ``code``: the sentence's own id, ``fan_drawn``, or
    ``fan_drawn.given`` when the scenario gives the starts of ``area_id`` (drawn without the
    band, A32).

    >>> v = draw_description_values(delay_probs=DELAY_RISK)
    >>> v["low"], v["high"], v["mode"], v["p_delay"], v["max_delay"], v["delay_code"]
    (0.7, 1.05, 1.0, 0.4, 2, 'fan_drawn.delay_risk')
    >>> round(v["median"], 4), v["median_code"]  # 0.7 + sqrt(0.35 x 0.3 / 2): below the mode
    (0.9291, 'fan_drawn.median_below')
    """
    rs, _ = resolve(scenario, data_dir)
    low, high = realisation_range(rs, realisation_band=realisation_band)
    given = area_id is not None and rs.given_starts(area_id) is not None
    if given:
        low = high = rs.realisation_share
    probs = _delay_probs(delay_probs)
    p_delay = round(float(probs[1:].sum()), 12)
    mode = float(rs.realisation_share)
    median = triangular_median(low, mode, high)
    return {
        "code": "fan_drawn.given" if given else "fan_drawn",
        "low": low,
        "high": high,
        "mode": mode,
        "median": median,
        "median_code": (
            "fan_drawn.median_below"
            if median < mode - 1e-9
            else "fan_drawn.median_above"
            if median > mode + 1e-9
            else "fan_drawn.median_at_mode"
        ),
        "p_delay": p_delay,
        "max_delay": int(np.flatnonzero(probs)[-1]),
        "mean_delay": float(np.arange(len(probs)) @ probs),
        "delay_code": "fan_drawn.delay_risk" if p_delay > 0 else "fan_drawn.no_delay",
    }


def _plan_draws(rs: Resolved, plans: pd.DataFrame, n: int, seed: int, delay, data_dir):
    """Realisatiestimulans of a plan list per draw: ``(per_year, per_project, planned)``:
    ``per_year`` an ``(n, window)`` array in EUR by start year in the window (paid the year
    after), ``per_project`` ``(n, projects)`` in EUR, ``planned`` the EUR per project as planned
    (no fall-out, no slip beyond the scenario's delay). The scenario's realisation (per planned
    year) applies to each project's homes; its delay and the drawn extra delay (``delay``, one
    per draw) add to each project's drawn slip."""
    rng = np.random.default_rng([seed, 1])  # a stream of its own: the realisations stay the same
    homes, started, year = draw_plan_starts(plans, n, rng, data_dir)
    planned_year = plans["start_year"].to_numpy(dtype=int)
    factor = rs.realisation_share * np.array(
        [rs.realisation_by_year.get(int(y), 1.0) for y in planned_year]
    )
    eur = homes * factor * rs.per_home  # per project
    window = np.asarray(rs.years)
    # the window year each draw's project starts in (0, 1, ...); before the window it wraps to
    # a large number as unsigned, so one comparison keeps the starts inside the window
    shift = (np.asarray(delay) - window[0]).astype(np.int16)[:, None]
    col = (year + shift).astype(np.int16, copy=False).view(np.uint16)
    inside = started & (col < len(window))
    per_project = np.where(inside, eur, 0.0)
    width = len(window)
    flat = (np.arange(n)[:, None] * width + np.minimum(col, width - 1)).ravel()
    per_year = np.bincount(flat, weights=per_project.ravel(), minlength=n * width)
    per_year = per_year.reshape(n, width)
    as_planned = planned_year + rs.delay_years
    planned = np.where((as_planned >= window[0]) & (as_planned <= window[-1]), eur, 0.0)
    return per_year, per_project, planned


def _plans_of(plans: pd.DataFrame | None, area_id: str) -> pd.DataFrame | None:
    if plans is None:
        return None
    mine = plans[plans["area_id"] == area_id]
    return mine if len(mine) else None


def plan_risks(
    plans: pd.DataFrame,
    scenario: Scenario | None = None,
    *,
    n: int = 10_000,
    seed: int = 0,
    delay_probs=NO_DELAY,
    data_dir: str | Path | None = None,
) -> pd.DataFrame:
    """Which projects of a plan list carry the risk: per project (in the list's order) the
    realisatiestimulans as planned (``planned_eur``), its mean over the draws of
    :func:`simulate` with the same arguments (``expected_eur``), the chance that it starts in
    the window (``p_paid``) and ``at_risk_eur`` = planned - expected."""
    rs, inputs = resolve(scenario, data_dir)
    real, delay = _draws(rs, n, seed, None, delay_probs)
    rows = []
    for area_id in dict.fromkeys(plans["area_id"]):
        mine = _plans_of(plans, area_id)
        _, per_project, planned = _plan_draws(rs, mine, n, seed, delay, data_dir)
        expected = per_project.mean(axis=0)
        p_paid = (per_project > 0).mean(axis=0)
        if not pays_rs(inputs.claimant(area_id)):  # it did not sign: nothing, no chance at all
            planned, expected, p_paid = 0 * planned, 0 * expected, np.full(len(mine), np.nan)
        for k, project in enumerate(mine["project"]):
            rows.append(
                (area_id, project, planned[k], expected[k], p_paid[k], planned[k] - expected[k])
            )
    return pd.DataFrame(
        rows,
        columns=["area_id", "project", "planned_eur", "expected_eur", "p_paid", "at_risk_eur"],
    )


def cumulative_bands(
    scenario: Scenario | None = None,
    area_id: str = "heerlen-noord",
    *,
    n: int = 10_000,
    seed: int = 0,
    delay_probs=NO_DELAY,
    realisation_band: tuple[float, float] | None = None,
    data_dir: str | Path | None = None,
    quantiles: tuple[float, ...] = (0.1, 0.5, 0.9),
    plans: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Quantiles of an area's cumulative cash flow (all computable instruments, gross) per
    payment year, over the same draws as :func:`simulate` with the same arguments: the data
    of a fan chart. Columns ``year`` and one per quantile (``p10``, ``p50``, ``p90``)."""
    rs, inputs = resolve(scenario, data_dir)
    qs, labels = _labels(quantiles)
    real, delay = _draws(rs, n, seed, realisation_band, delay_probs)
    _check_areas([area_id], inputs)
    claimant = inputs.claimant(area_id)
    years = rs.all_payment_years()
    fixed = run(rs.scenario, [area_id], data_dir)
    fixed = fixed[fixed["instrument"] != "realisatiestimulans"]
    per_year = fixed.groupby("year")["gross_eur"].sum().reindex(years, fill_value=0.0).to_numpy()
    draws = np.broadcast_to(per_year, (n, len(years))).copy()
    planned = rs_planned(rs, claimant)
    mine = _plans_of(plans, area_id) if pays_rs(claimant) else None
    rs_cols = np.searchsorted(years, rs.payment_years("realisatiestimulans"))
    if mine is not None:
        draws[:, rs_cols] += _plan_draws(rs, mine, n, seed, delay, data_dir)[0]
    elif planned is not None:
        drawn = real if rs.given_starts(area_id) is None else rs.realisation_share  # A32
        draws[:, rs_cols] += rs_payments(rs, planned, drawn, delay)
    cum = np.quantile(np.cumsum(draws, axis=1), qs, axis=0)
    out = pd.DataFrame({"year": years.astype(int)})
    for label, row in zip(labels, cum, strict=True):
        out[label] = row
    return out


def simulate(
    scenario: Scenario | None = None,
    *,
    n: int = 10_000,
    seed: int = 0,
    delay_probs=NO_DELAY,
    realisation_band: tuple[float, float] | None = None,
    areas: list[str] | str | None = None,
    data_dir: str | Path | None = None,
    quantiles: tuple[float, ...] = (0.1, 0.5, 0.9),
    plans: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Monte Carlo over the realisation (and optionally the delay) of the realisatiestimulans
    starts.

    Each draw takes a realisation from the triangular distribution on
    :func:`realisation_range` (``scenario.realisation`` x (1 + the agreement's band), most
    likely ``scenario.realisation``; ``realisation_band=(below, above)`` overrides the band)
    and an extra delay of k years with chance ``delay_probs[k]`` on top of
    ``scenario.delay_years`` (default :data:`NO_DELAY`; :data:`DELAY_RISK` is the named delay
    risk). ORV and capacity do not vary (their spend is a scenario choice).

    Returns ``(yearly, totals)``, two frames that cannot be added up by accident:

    - ``yearly``: ``area_id``, ``instrument``, ``year`` (payment year) and one column per
      quantile (``p10``, ``p50``, ``p90`` for the default ``quantiles``);
    - ``totals``: per area and instrument, the quantiles of the total over the years, its
      ``mean``, the estimate's range (``estimate_low_eur``, ``estimate_high_eur``) and the chance
      the total ends below its low end (``p_below_estimate_low``) or above its high end
      (``p_above_estimate_high``); the last four are NaN for ORV and capacity.

    With ``plans`` (a plan list, :func:`nplv_analysis.plans.load_plans`), the
    realisatiestimulans of every area in the list is drawn per project instead: each project
    starts with its phase's chance and slips by a drawn number of years (``plans/phases.yaml``,
    A31), plus the scenario's delay and the drawn extra delay; the realisation band is not drawn
    for those areas (the projects are the uncertainty). :func:`plan_risks` names the projects
    that carry the risk.

    Deterministic for a given seed.
    """
    rs, inputs = resolve(scenario, data_dir)
    qs, labels = _labels(quantiles)
    real, delay = _draws(rs, n, seed, realisation_band, delay_probs)
    wanted = _check_areas(areas, inputs, rs.scenario)
    years = rs.payment_years("realisatiestimulans").astype(int)
    base = run(rs.scenario, areas, data_dir)  # as run() shows them
    nan = float("nan")
    rows, total_rows = [], []
    for c in inputs.claimants:
        if c.area_id not in wanted:
            continue
        planned = rs_planned(rs, c)
        mine = _plans_of(plans, c.area_id) if pays_rs(c) else None
        if mine is not None or planned is not None:
            if mine is not None:
                draws = _plan_draws(rs, mine, n, seed, delay, data_dir)[0]  # (n, years)
            else:  # the starts a scenario gives are not drawn within the estimate's band: A32
                drawn = real if rs.given_starts(c.area_id) is None else rs.realisation_share
                draws = rs_payments(rs, planned, drawn, delay)
            per_year = np.quantile(draws, qs, axis=0)  # (quantiles, years)
            rows += [
                (c.area_id, "realisatiestimulans", int(year), *per_year[:, k])
                for k, year in enumerate(years)
            ]
            total = draws.sum(axis=1)
            low, high = c.rs_estimate_low, c.rs_estimate_high
            below = float((total < low - 0.5).mean()) if not math.isnan(low) else nan
            above = float((total > high + 0.5).mean()) if not math.isnan(high) else nan
            total_rows.append(
                (
                    c.area_id,
                    "realisatiestimulans",
                    *np.quantile(total, qs),
                    float(total.mean()),
                    low,
                    high,
                    below,
                    above,
                )
            )
        for inst in ("orv", "capaciteit"):
            fixed = base[(base["area_id"] == c.area_id) & (base["instrument"] == inst)]
            rows += [
                (c.area_id, inst, int(year), *([value] * len(qs)))
                for year, value in zip(fixed["year"], fixed["gross_eur"], strict=True)
            ]
            if len(fixed):
                value = float(fixed["gross_eur"].sum())
                total_rows.append((c.area_id, inst, *([value] * len(qs)), value, *[nan] * 4))
    yearly = pd.DataFrame(rows, columns=[*YEARLY_COLUMNS, *labels])
    yearly["year"] = yearly["year"].astype(int)
    totals = pd.DataFrame(total_rows, columns=["area_id", "instrument", *labels, *TOTALS_EXTRA])
    return yearly, totals
