"""What-if scenarios: start-bouw and spending paths turned into payments per area, instrument and
year.

>>> from nplv_analysis.scenarios import Scenario, run
>>> pay = run(Scenario(), areas=["heerlen-noord"])
>>> pay.groupby("instrument")["gross_eur"].sum().round(0).to_dict()
{'capaciteit': 4300000.0, 'orv': 10000000.0, 'realisatiestimulans': 7608462.0}

The engine reads the agreements' figures once (:func:`engine_inputs`) and computes with numpy.
It computes only what the published figures allow: an area without a published figure for an
instrument gets no payments for it, and :func:`unknowns` says why. Modelling choices the
agreements leave open are listed in docs/assumptions.md (A10-A16).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import rules
from .data import schema
from .data.checks import estimate_method
from .data.loading import DEFAULT_DATA_DIR, dataset

INSTRUMENTS = ("realisatiestimulans", "orv", "capaciteit")
RESIDUAL = "overige-nplv-gebieden"
"""The areas without published drawing rights, as one claimant holding the rest of the national
ORV and capacity claims, so that national totals stay right (A12)."""

PROFILES: dict[str, tuple[float, ...]] = {
    "even": (0.2, 0.2, 0.2, 0.2, 0.2),
    "front": (0.3, 0.25, 0.2, 0.15, 0.1),
    "back": (0.1, 0.15, 0.2, 0.25, 0.3),
}
"""Shares of the 2025-2029 starts (or costs) per year (A11)."""

RUN_COLUMNS = ["area_id", "instrument", "year", "gross_eur", "net_eur"]


# --- the scenario -------------------------------------------------------------------------------


def _weights(name: str, value) -> tuple[float, ...]:
    if isinstance(value, str):
        if value not in PROFILES:
            raise ValueError(
                f"{name}={value!r}: allowed are {', '.join(PROFILES)} or five weights for 2025-2029"
            )
        return PROFILES[value]
    try:
        weights = tuple(float(w) for w in value)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name}={value!r}: allowed are {', '.join(PROFILES)} or five weights for 2025-2029"
        ) from None
    if len(weights) != len(rules.YEARS):
        raise ValueError(f"{name}={value!r}: needs five weights, one per year 2025-2029")
    if any(not math.isfinite(w) or w < 0 for w in weights):
        raise ValueError(f"{name}={value!r}: weights must be zero or positive")
    if abs(sum(weights) - 1.0) > 1e-9:
        raise ValueError(
            f"{name}={value!r}: weights must add up to 1 (they add up to {sum(weights)})"
        )
    return weights


def _number(name: str, value, low: float, high: float, allowed: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name}={value!r}: must be a number, {allowed}")
    if not low <= value <= high:
        raise ValueError(f"{name}={value!r}: allowed is {allowed}")


def _whole(name: str, value, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name}={value!r}: must be a whole number of years, {low} to {high}")
    if not low <= value <= high:
        raise ValueError(f"{name}={value!r}: allowed is {low} to {high} years")


@dataclass(frozen=True)
class Scenario:
    """One what-if. The defaults reproduce the agreements (the central realisatiestimulans
    estimate, the full ORV and capacity drawing rights, no ceiling applied).

    realisation
        share of the expected eligible affordable starts that happen (0 to 1.5).
    profile
        how the starts spread over 2025-2029: ``even``, ``front``, ``back`` or five weights.
    delay_years
        whole years every start slips; starts after 2029 earn nothing.
    per_home
        realisatiestimulans per affordable start, EUR incl. btw.
    orv_spend, capacity_spend
        share of the drawing right actually spent (0 to 1); costs above the right are not paid.
    spend_profile
        how ORV and capacity costs spread over 2025-2029 (as ``profile``).
    allocation
        ``uncapped``, ``pro_rata`` or ``first_come`` under the national ceilings.
    cost_inflation
        yearly construction-cost inflation; adds ``real_eur`` (2025 euros) when not zero.
    payment_lag
        years between a start (or a cost) and its payment.
    """

    realisation: float = 1.0
    profile: str | tuple[float, ...] = "even"
    delay_years: int = 0
    per_home: float = rules.PER_HOME_EUR
    orv_spend: float = 1.0
    capacity_spend: float = 1.0
    spend_profile: str | tuple[float, ...] = "even"
    allocation: str = "uncapped"
    cost_inflation: float = 0.0
    payment_lag: int = rules.PAYMENT_LAG
    weights: tuple[float, ...] = field(init=False, repr=False, compare=False)
    spend_weights: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _number("realisation", self.realisation, 0.0, 1.5, "0 to 1.5")
        _whole("delay_years", self.delay_years, 0, 10)
        _number("per_home", self.per_home, 0.0, 100_000.0, "0 to 100,000 EUR")
        _number("orv_spend", self.orv_spend, 0.0, 1.0, "0 to 1")
        _number("capacity_spend", self.capacity_spend, 0.0, 1.0, "0 to 1")
        _number("cost_inflation", self.cost_inflation, -0.5, 1.0, "-0.5 to 1 (a yearly rate)")
        _whole("payment_lag", self.payment_lag, 0, 5)
        if self.allocation not in rules.ALLOCATIONS:
            raise ValueError(
                f"allocation={self.allocation!r}: allowed are {', '.join(rules.ALLOCATIONS)}"
            )
        object.__setattr__(self, "weights", _weights("profile", self.profile))
        object.__setattr__(self, "spend_weights", _weights("spend_profile", self.spend_profile))

    @classmethod
    def from_parameters(cls, params: dict) -> Scenario:
        """The scenario in a notebook's parameters (``Scenario.from_parameters(globals())``):
        the known fields are taken, lists of weights become tuples, the rest is ignored."""
        known = {f.name for f in fields(cls) if f.init}
        kwargs = {
            k: tuple(v) if isinstance(v, list) else v for k, v in params.items() if k in known
        }
        return cls(**kwargs)

    def with_(self, **changes) -> Scenario:
        """A copy with some parameters changed (validated again)."""
        return replace(self, **changes)

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.init}


# --- what the engine reads from the data ---------------------------------------------------------


@dataclass(frozen=True)
class Claimant:
    """What one area (or the residual) brings to the engine; NaN where nothing is published."""

    area_id: str
    rs_expected_homes: float  # eligible affordable starts expected (base x correction)
    rs_agreed_low: float
    rs_agreed_high: float
    orv_right: float  # drawing right, EUR incl. btw
    orv_net_ratio: float  # excl. / incl.
    capaciteit_right: float
    capaciteit_net_ratio: float
    reasons: tuple[tuple[str, str], ...] = ()  # (instrument, why it is unknown)


@dataclass(frozen=True)
class EngineInputs:
    claimants: tuple[Claimant, ...]
    ceilings: dict[str, float]  # orv / capaciteit: national budget (ceiling)
    national_claims: dict[str, float]  # orv / capaciteit: sum of all agreed drawing rights
    known_areas: tuple[str, ...]

    def claimant(self, area_id: str) -> Claimant:
        for c in self.claimants:
            if c.area_id == area_id:
                return c
        raise KeyError(area_id)


def _inputs_from(data_dir: Path) -> EngineInputs:
    ds = dataset(data_dir)
    fig = ds.figures
    nat = fig[fig["area_id"] == schema.NATIONAL].set_index("key")["value"]
    method = estimate_method(ds)  # the same method the data checks use
    correction, per_home = method["correction"], method["per_home"]
    band = (method["band_low"], method["band_high"])
    claimants = []
    known_orv = known_cap = 0.0
    for _, area in ds.areas.iterrows():
        aid = area["area_id"]
        val = fig[fig["area_id"] == aid].set_index("key")["value"]
        reasons = []
        nan = float("nan")
        rs_homes = rs_low = rs_high = nan
        if not area["signed_2025"]:
            reasons += [(i, "did not sign the 2025 housing agreements") for i in INSTRUMENTS]
            claimants.append(Claimant(aid, nan, nan, nan, nan, nan, nan, nan, tuple(reasons)))
            continue
        lo_k, hi_k = "realisatiestimulans.estimate.low", "realisatiestimulans.estimate.high"
        if lo_k in val and hi_k in val:
            rs_low, rs_high = float(val[lo_k]), float(val[hi_k])
            base = rules.implied_base(rs_low, rs_high, per_home, correction, band)
            if base is None:
                reasons.append(("realisatiestimulans", "published range fits no whole base"))
            else:
                rs_homes = (base[0] + base[1]) / 2 * correction
        else:
            reasons.append(("realisatiestimulans", "no published realisatiestimulans estimate"))
        rights = {}
        for inst in ("orv", "capaciteit"):
            right = ratio = nan
            if not area["orv_capaciteit_eligible"]:
                reasons.append((inst, "may not claim ORV and capacity money (page 1, footnote 1)"))
            elif f"{inst}.total.incl" in val:
                right = float(val[f"{inst}.total.incl"])
                excl = val.get(f"{inst}.total.excl")
                ratio = float(excl) / right if excl is not None and right else nan
            elif f"{inst}.total" in val:
                reasons.append(
                    (inst, "press figure only, VAT basis not stated: not a drawing right")
                )
            else:
                reasons.append((inst, f"no published {inst} drawing right"))
            rights[inst] = (right, ratio)
        if not math.isnan(rights["orv"][0]):
            known_orv += rights["orv"][0]
        if not math.isnan(rights["capaciteit"][0]):
            known_cap += rights["capaciteit"][0]
        claimants.append(
            Claimant(
                aid,
                rs_homes,
                rs_low,
                rs_high,
                *rights["orv"],
                *rights["capaciteit"],
                tuple(reasons),
            )
        )
    national_claims = {
        "orv": float(nat.get("orv.agreed", nan)),
        "capaciteit": float(nat.get("capaciteit.agreed", nan)),
    }
    ceilings = {
        "orv": float(nat.get("orv.budget", nan)),
        "capaciteit": float(nat.get("capaciteit.budget", nan)),
    }
    residual = Claimant(
        RESIDUAL,
        nan,
        nan,
        nan,
        max(national_claims["orv"] - known_orv, 0.0),
        nan,
        max(national_claims["capaciteit"] - known_cap, 0.0),
        nan,
        (("realisatiestimulans", "no national realisatiestimulans estimate is published"),),
    )
    known = tuple(
        c.area_id
        for c in claimants
        if not (math.isnan(c.rs_expected_homes) and math.isnan(c.orv_right))
        or not math.isnan(c.capaciteit_right)
    )
    return EngineInputs((*claimants, residual), ceilings, national_claims, known)


@lru_cache(maxsize=8)
def _cached_inputs(data_dir: Path, signature: tuple) -> EngineInputs:
    return _inputs_from(data_dir)


def engine_inputs(data_dir: str | Path | None = None) -> EngineInputs:
    """The figures the engine needs, read once per data folder (re-read when a file changes)."""
    from .data.loading import _signature

    path = (Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR).resolve()
    return _cached_inputs(path, _signature(path))


# --- the engine ----------------------------------------------------------------------------------


def payment_years(scenario: Scenario, instrument: str = "orv") -> np.ndarray:
    """The payment years of an instrument: each year of 2025-2029 plus its lag. The
    realisatiestimulans is paid the year after the start (page 6), whatever ``payment_lag``;
    ``payment_lag`` is the ORV and capacity reimbursement lag (A10)."""
    lag = rules.PAYMENT_LAG if instrument == "realisatiestimulans" else scenario.payment_lag
    return np.array(rules.YEARS) + lag


def all_payment_years(scenario: Scenario) -> np.ndarray:
    """Every year in which any instrument pays, in order."""
    return np.union1d(payment_years(scenario, "realisatiestimulans"), payment_years(scenario))


def start_shares(scenario: Scenario) -> np.ndarray:
    """The share of the planned starts that happens in each year 2025-2029 after the delay
    (starts pushed past 2029 drop out)."""
    w = np.asarray(scenario.weights)
    d = scenario.delay_years
    return np.concatenate([np.zeros(min(d, len(w))), w[: max(len(w) - d, 0)]])


def rs_payments(scenario: Scenario, expected_homes: float, realisation=None, delay=None):
    """Realisatiestimulans payments per payment year (vectorised over draws if ``realisation``
    and ``delay`` are arrays): starts = expected x realisation x profile, shifted by the delay;
    starts after 2029 earn nothing; each start pays ``per_home`` ``payment_lag`` years later."""
    w = np.asarray(scenario.weights)
    r = np.asarray(scenario.realisation if realisation is None else realisation, dtype=float)
    d = np.asarray(scenario.delay_years if delay is None else delay, dtype=int)
    n = len(w)
    # shifted[k] = w[k - d] for k >= d: a start planned in year k - d happens in year k
    idx = np.arange(n) - d[..., None]
    shifted = np.where(idx >= 0, w[np.clip(idx, 0, n - 1)], 0.0)
    return (r[..., None] * expected_homes * scenario.per_home) * shifted


def _claims(scenario: Scenario, inputs: EngineInputs, inst: str) -> tuple[np.ndarray, np.ndarray]:
    spend = scenario.orv_spend if inst == "orv" else scenario.capacity_spend
    rights = np.array([getattr(c, f"{inst}_right") for c in inputs.claimants])
    known = ~np.isnan(rights)
    w = np.asarray(scenario.spend_weights)
    claims = np.where(known[:, None], np.nan_to_num(rights)[:, None] * spend * w, 0.0)
    return claims, known


def _paid(scenario: Scenario, inputs: EngineInputs, inst: str) -> tuple[np.ndarray, np.ndarray]:
    claims, known = _claims(scenario, inputs, inst)
    paid = rules.allocate(claims, inputs.ceilings[inst], scenario.allocation)
    return paid, known


def _check_areas(areas, inputs: EngineInputs) -> list[str]:
    ids = [c.area_id for c in inputs.claimants]
    if areas is None:
        return [a for a in ids if a in inputs.known_areas or a == RESIDUAL]
    if isinstance(areas, str):
        areas = [areas]
    unknown = [a for a in areas if a not in ids]
    if unknown:
        raise ValueError(f"areas={unknown!r}: not NPLV areas; allowed are {', '.join(ids)}")
    return list(areas)


def run(
    scenario: Scenario | None = None,
    areas: list[str] | str | None = None,
    data_dir: str | Path | None = None,
) -> pd.DataFrame:
    """Payments of a scenario: one row per area, instrument and payment year, with
    ``gross_eur`` (incl. btw) and ``net_eur`` (after the btw-compensatiefonds deduction; NaN where
    the excl. amount is not published), and ``real_eur`` (2025 euros) when ``cost_inflation``
    is set.

    ``areas=None`` takes every area with computable figures plus the residual claimant
    ``overige-nplv-gebieden``. Ceilings always apply to the national claims, whatever subset is
    shown. What cannot be computed has no rows; see :func:`unknowns`.
    """
    scenario = scenario or Scenario()
    inputs = engine_inputs(data_dir)
    wanted = _check_areas(areas, inputs)
    paid = {inst: _paid(scenario, inputs, inst) for inst in ("orv", "capaciteit")}
    blocks = []
    for i, c in enumerate(inputs.claimants):
        if c.area_id not in wanted:
            continue
        if not math.isnan(c.rs_expected_homes):
            gross = rs_payments(scenario, c.rs_expected_homes)
            blocks.append((c.area_id, "realisatiestimulans", gross, gross))
        for inst in ("orv", "capaciteit"):
            amounts, known = paid[inst]
            if known[i]:
                ratio = getattr(c, f"{inst}_net_ratio")
                blocks.append((c.area_id, inst, amounts[i], amounts[i] * ratio))
    n = len(rules.YEARS)
    out = pd.DataFrame(
        {
            "area_id": np.repeat([b[0] for b in blocks], n),
            "instrument": np.repeat([b[1] for b in blocks], n),
            "year": np.concatenate([payment_years(scenario, b[1]) for b in blocks])
            if blocks
            else [],
            "gross_eur": np.concatenate([b[2] for b in blocks]) if blocks else [],
            "net_eur": np.concatenate([b[3] for b in blocks]) if blocks else [],
        },
        columns=RUN_COLUMNS,
    )
    out["year"] = out["year"].astype(int)
    if scenario.cost_inflation:
        deflator = (1 + scenario.cost_inflation) ** (out["year"] - rules.PRICE_LEVEL_YEAR)
        out["real_eur"] = out["gross_eur"] / deflator
    return out


def unknowns(areas: list[str] | str | None = None, data_dir: str | Path | None = None):
    """Why an area/instrument has no payments in :func:`run`: one row each, with the reason."""
    inputs = engine_inputs(data_dir)
    wanted = (
        _check_areas(areas, inputs) if areas is not None else [c.area_id for c in inputs.claimants]
    )
    rows = [
        (c.area_id, inst, why)
        for c in inputs.claimants
        if c.area_id in wanted
        for inst, why in c.reasons
    ]
    return pd.DataFrame(rows, columns=["area_id", "instrument", "reason"])


# --- helpers on top of run ----------------------------------------------------------------------


def totals(
    scenario: Scenario | None = None,
    areas: list[str] | str | None = None,
    data_dir: str | Path | None = None,
) -> pd.DataFrame:
    """Per area and instrument: the scenario's total against the agreed range.

    ``position`` is ``below`` / ``within`` / ``above`` the agreed low-high range (gross, incl.
    btw), or ``unknown`` with the ``reason`` where the engine cannot compute the instrument.
    """
    scenario = scenario or Scenario()
    inputs = engine_inputs(data_dir)
    wanted = _check_areas(areas, inputs)
    pay = run(scenario, wanted, data_dir)
    sums = pay.groupby(["area_id", "instrument"], sort=False)[["gross_eur", "net_eur"]].sum(
        min_count=1
    )
    rows = []
    for c in inputs.claimants:
        if c.area_id not in wanted:
            continue
        reasons = dict(c.reasons)
        agreed = {
            "realisatiestimulans": (c.rs_agreed_low, c.rs_agreed_high),
            "orv": (c.orv_right, c.orv_right),
            "capaciteit": (c.capaciteit_right, c.capaciteit_right),
        }
        for inst in INSTRUMENTS:
            low, high = agreed[inst]
            if (c.area_id, inst) in sums.index:
                gross, net = sums.loc[(c.area_id, inst)]
                if math.isnan(low):
                    pos = "no agreed range"
                elif gross < low - 0.5:
                    pos = "below"
                elif gross > high + 0.5:
                    pos = "above"
                else:
                    pos = "within"
                reason = None
            else:
                gross = net = float("nan")
                pos, reason = "unknown", reasons.get(inst, "not computed")
            rows.append((c.area_id, inst, gross, net, low, high, pos, reason))
    return pd.DataFrame(
        rows,
        columns=[
            "area_id",
            "instrument",
            "gross_eur",
            "net_eur",
            "agreed_low_eur",
            "agreed_high_eur",
            "position",
            "reason",
        ],
    )


def cumulative(payments: pd.DataFrame, value: str = "gross_eur") -> pd.DataFrame:
    """Cumulative cash flow per area and instrument over the payment years (wide: one column
    per area/instrument, indexed by year)."""
    wide = payments.pivot_table(
        index="year", columns=["area_id", "instrument"], values=value, aggfunc="sum"
    )
    return wide.sort_index().cumsum()


def national(scenario: Scenario | None = None, data_dir: str | Path | None = None) -> pd.DataFrame:
    """ORV and capacity nationally per payment year: all claims (known areas and the residual),
    the ceiling, what the allocation rule pays, and what stays unpaid."""
    scenario = scenario or Scenario()
    inputs = engine_inputs(data_dir)
    years = payment_years(scenario)
    rows = []
    for inst in ("orv", "capaciteit"):
        claims, _ = _claims(scenario, inputs, inst)
        paid = rules.allocate(claims, inputs.ceilings[inst], scenario.allocation)
        cum = np.cumsum(paid.sum(axis=0))
        for k, year in enumerate(years):
            rows.append(
                (
                    inst,
                    int(year),
                    claims[:, k].sum(),
                    paid[:, k].sum(),
                    claims[:, k].sum() - paid[:, k].sum(),
                    cum[k],
                    inputs.ceilings[inst],
                )
            )
    return pd.DataFrame(
        rows,
        columns=[
            "instrument",
            "year",
            "claims_eur",
            "paid_eur",
            "unpaid_eur",
            "paid_cumulative_eur",
            "ceiling_eur",
        ],
    )


# --- uncertainty ---------------------------------------------------------------------------------

DEFAULT_DELAY_PROBS = (0.6, 0.3, 0.1)
"""Chance of 0, 1 and 2 years of extra delay in :func:`simulate` (A15)."""


def _draws(
    scenario: Scenario, n: int, seed: int, realisation_sd: float, delay_probs: tuple[float, ...]
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
    scenario = scenario or Scenario()
    real, delay = _draws(scenario, n, seed, realisation_sd, delay_probs)
    inputs = engine_inputs(data_dir)
    _check_areas([area_id], inputs)
    claimant = inputs.claimant(area_id)
    years = all_payment_years(scenario)
    fixed = run(scenario, [area_id], data_dir)
    fixed = fixed[fixed["instrument"] != "realisatiestimulans"]
    per_year = fixed.groupby("year")["gross_eur"].sum().reindex(years, fill_value=0.0).to_numpy()
    draws = np.broadcast_to(per_year, (n, len(years))).copy()
    if not math.isnan(claimant.rs_expected_homes):
        rs_cols = np.searchsorted(years, payment_years(scenario, "realisatiestimulans"))
        draws[:, rs_cols] += rs_payments(scenario, claimant.rs_expected_homes, real, delay)
    cum = np.quantile(np.cumsum(draws, axis=1), quantiles, axis=0)
    out = pd.DataFrame({"year": years.astype(int)})
    for q, row in zip(quantiles, cum, strict=True):
        out[f"p{round(q * 100)}"] = row
    return out


def allocation_comparison(
    scenario: Scenario | None = None,
    areas: list[str] | str | None = None,
    data_dir: str | Path | None = None,
) -> pd.DataFrame:
    """ORV and capacity paid under each allocation rule, per area and payment year (long):
    columns ``rule``, ``area_id``, ``instrument``, ``year``, ``gross_eur``."""
    scenario = scenario or Scenario()
    frames = []
    for rule in rules.ALLOCATIONS:
        pay = run(scenario.with_(allocation=rule), areas, data_dir)
        pay = pay[pay["instrument"] != "realisatiestimulans"]
        frames.append(pay.assign(rule=rule)[["rule", "area_id", "instrument", "year", "gross_eur"]])
    return pd.concat(frames, ignore_index=True)


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
    scenario = scenario or Scenario()
    real, delay = _draws(scenario, n, seed, realisation_sd, delay_probs)
    inputs = engine_inputs(data_dir)
    wanted = _check_areas(areas, inputs)
    years = payment_years(scenario, "realisatiestimulans")
    base = run(scenario, wanted, data_dir)
    qs = np.asarray(quantiles)
    labels = [f"p{round(q * 100)}" for q in qs]
    rows, risk = [], []
    for c in inputs.claimants:
        if c.area_id not in wanted:
            continue
        if not math.isnan(c.rs_expected_homes):
            draws = rs_payments(scenario, c.rs_expected_homes, real, delay)  # (n, years)
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


SENSITIVITY = {
    "realisation": (0.7, 1.2),
    "delay_years": (0, 2),
    "per_home": (6000.0, 8000.0),
    "orv_spend": (0.5, 1.0),
    "capacity_spend": (0.5, 1.0),
    "profile": ("front", "back"),
    "allocation": ("pro_rata", "first_come"),
}
"""The one-at-a-time ranges of :func:`sensitivity` (A16)."""


def sensitivity(
    scenario: Scenario | None = None,
    areas: list[str] | str | None = None,
    data_dir: str | Path | None = None,
    ranges: dict | None = None,
) -> pd.DataFrame:
    """One-at-a-time tornado table: for each parameter, the total gross payments (all
    instruments, the chosen areas; default: the areas with published figures, without the
    residual claimant) at its low and high setting, and the swing, largest first."""
    scenario = scenario or Scenario()
    inputs = engine_inputs(data_dir)
    chosen = list(inputs.known_areas) if areas is None else _check_areas(areas, inputs)
    base_total = float(run(scenario, chosen, data_dir)["gross_eur"].sum())
    rows = []
    for param, (lo, hi) in (ranges or SENSITIVITY).items():
        lo_total = float(run(scenario.with_(**{param: lo}), chosen, data_dir)["gross_eur"].sum())
        hi_total = float(run(scenario.with_(**{param: hi}), chosen, data_dir)["gross_eur"].sum())
        rows.append((param, lo, hi, lo_total, hi_total, base_total, abs(hi_total - lo_total)))
    out = pd.DataFrame(
        rows,
        columns=[
            "parameter",
            "low",
            "high",
            "total_low_eur",
            "total_high_eur",
            "base_eur",
            "swing_eur",
        ],
    )
    return out.sort_values("swing_eur", ascending=False, kind="stable").reset_index(drop=True)
