"""Uncertainty: Monte Carlo over the realisation and delay of the realisatiestimulans starts."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from .run import _check_areas, resolve, rs_payments, run
from .scenario import Resolved, Scenario, _number

DEFAULT_DELAY_PROBS = (0.6, 0.3, 0.1)
"""Chance of 0, 1 and 2 years of extra delay in :func:`simulate` (A15)."""


def _draws(
    scenario: Scenario | Resolved,
    n: int,
    seed: int,
    realisation_sd: float,
    delay_probs: tuple[float, ...],
) -> tuple[np.ndarray, np.ndarray]:
    """The random realisation and delay of each draw (see :func:`simulate`)."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n={n!r}: must be a whole number of draws, at least 1")
    _number("realisation_sd", realisation_sd, 0.0, 1.0, "0 to 1")
    probs = np.asarray(delay_probs, dtype=float)
    if probs.ndim != 1 or len(probs) == 0 or (probs < 0).any() or abs(probs.sum() - 1) > 1e-9:
        raise ValueError(f"delay_probs={delay_probs!r}: must be chances that add up to 1")
    rng = np.random.default_rng(seed)
    real = np.clip(rng.normal(scenario.realisation, realisation_sd, n), 0.0, 1.5)
    delay = scenario.delay_years + rng.choice(len(probs), size=n, p=probs)
    return real, delay


def cumulative_bands(
    scenario: Scenario | None = None,
    area_id: str = "heerlen-noord",
    n: int = 10_000,
    seed: int = 0,
    realisation_sd: float = 0.15,
    delay_probs: tuple[float, ...] = DEFAULT_DELAY_PROBS,
    data_dir: str | Path | None = None,
    quantiles: tuple[float, ...] = (0.1, 0.5, 0.9),
) -> pd.DataFrame:
    """Quantiles of an area's cumulative cash flow (all computable instruments, gross) per
    payment year, over the draws of :func:`simulate`: the data of a fan chart."""
    rs, inputs = resolve(scenario, data_dir)
    real, delay = _draws(rs, n, seed, realisation_sd, delay_probs)
    _check_areas([area_id], inputs)
    claimant = inputs.claimant(area_id)
    years = rs.all_payment_years()
    fixed = run(rs.scenario, [area_id], data_dir)
    fixed = fixed[fixed["instrument"] != "realisatiestimulans"]
    per_year = fixed.groupby("year")["gross_eur"].sum().reindex(years, fill_value=0.0).to_numpy()
    draws = np.broadcast_to(per_year, (n, len(years))).copy()
    if not math.isnan(claimant.rs_expected_homes):
        rs_cols = np.searchsorted(years, rs.payment_years("realisatiestimulans"))
        draws[:, rs_cols] += rs_payments(rs, claimant.rs_expected_homes, real, delay)
    cum = np.quantile(np.cumsum(draws, axis=1), quantiles, axis=0)
    out = pd.DataFrame({"year": years.astype(int)})
    for q, row in zip(quantiles, cum, strict=True):
        out[f"p{round(q * 100)}"] = row
    return out


def simulate(
    scenario: Scenario | None = None,
    n: int = 10_000,
    seed: int = 0,
    realisation_sd: float = 0.15,
    delay_probs: tuple[float, ...] = DEFAULT_DELAY_PROBS,
    areas: list[str] | str | None = None,
    data_dir: str | Path | None = None,
    quantiles: tuple[float, ...] = (0.1, 0.5, 0.9),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Monte Carlo over realisation and delay of the realisatiestimulans starts.

    Each draw takes realisation ~ Normal(scenario.realisation, realisation_sd) clipped to
    [0, 1.5] and an extra delay of k years with probability ``delay_probs[k]`` on top of
    ``scenario.delay_years``. ORV and capacity do not vary (their spend is a scenario choice).

    Returns ``(bands, risk)``: ``bands`` has P10/P50/P90 (columns ``p10``, ``p50``, ``p90``) per
    area, instrument and payment year, plus ``year == 0`` rows for the total over the years;
    ``risk`` has per area the probability that the realisatiestimulans total ends below the
    agreed low end. Deterministic for a given seed.
    """
    rs, inputs = resolve(scenario, data_dir)
    real, delay = _draws(rs, n, seed, realisation_sd, delay_probs)
    wanted = _check_areas(areas, inputs)
    years = rs.payment_years("realisatiestimulans")
    base = run(rs.scenario, wanted, data_dir)
    qs = np.asarray(quantiles)
    labels = [f"p{round(q * 100)}" for q in qs]
    rows, risk = [], []
    for c in inputs.claimants:
        if c.area_id not in wanted:
            continue
        if not math.isnan(c.rs_expected_homes):
            draws = rs_payments(rs, c.rs_expected_homes, real, delay)  # (n, years)
            per_year = np.quantile(draws, qs, axis=0)  # (q, years)
            total = draws.sum(axis=1)
            for k, year in enumerate(years):
                rows.append((c.area_id, "realisatiestimulans", int(year), *per_year[:, k]))
            rows.append((c.area_id, "realisatiestimulans", 0, *np.quantile(total, qs)))
            p_below = float((total < c.rs_agreed_low - 0.5).mean())
            risk.append((c.area_id, c.rs_agreed_low, float(total.mean()), p_below))
        for inst in ("orv", "capaciteit"):
            fixed = base[(base["area_id"] == c.area_id) & (base["instrument"] == inst)]
            for year, value in zip(fixed["year"], fixed["gross_eur"], strict=True):
                rows.append((c.area_id, inst, int(year), *([value] * len(qs))))
            if len(fixed):
                rows.append((c.area_id, inst, 0, *([fixed["gross_eur"].sum()] * len(qs))))
    bands = pd.DataFrame(rows, columns=["area_id", "instrument", "year", *labels])
    risk_df = pd.DataFrame(
        risk, columns=["area_id", "rs_agreed_low_eur", "rs_mean_eur", "p_below_agreed_low"]
    )
    return bands, risk_df
