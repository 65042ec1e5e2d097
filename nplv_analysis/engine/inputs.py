"""What the engine reads from a data folder: per area the expected eligible homes, the
published realisatiestimulans range and the drawing rights, plus the national ceilings; read
once per folder content.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from ..data.loading import Dataset, dataset
from ..data.parameters import Parameters, load_parameters
from ..rules import implied_base
from .scenario import INSTRUMENTS

RESIDUAL = "overige-nplv-gebieden"
"""The areas without published drawing rights, as one claimant holding the rest of the national
ORV and capacity claims, so that national totals stay right (A12)."""


@dataclass(frozen=True)
class Claimant:
    """What one area (or the residual) brings to the engine; NaN where nothing is published."""

    area_id: str
    rs_expected_homes: float  # eligible affordable starts expected (base x correction)
    rs_estimate_low: float
    rs_estimate_high: float
    orv_right: float  # drawing right (maximum), EUR incl. btw
    orv_printed_net_ratio: float  # excl. / incl. as printed in the table
    capaciteit_right: float
    capaciteit_printed_net_ratio: float
    reasons: tuple[tuple[str, str], ...] = ()  # (instrument, reason code: why it is unknown)


@dataclass(frozen=True)
class EngineInputs:
    params: Parameters
    claimants: tuple[Claimant, ...]
    known_areas: tuple[str, ...]

    @property
    def ceilings(self) -> dict[str, float]:
        """orv / capaciteit: the national budget (ceiling), from the parameter tree."""
        return self.params.ceilings

    def claimant(self, area_id: str) -> Claimant:
        for c in self.claimants:
            if c.area_id == area_id:
                return c
        raise KeyError(area_id)


def _inputs_from(ds: Dataset) -> EngineInputs:
    fig = ds.figures
    p = load_parameters(ds.data_dir)  # the same parameters the data checks use
    correction, per_home, band = p.correction, p.per_home, p.band
    nan = float("nan")
    claimants = []
    known_orv = known_cap = 0.0
    for _, area in ds.areas.iterrows():
        aid = area["area_id"]
        val = fig[fig["area_id"] == aid].set_index("key")["value"]
        reasons = []
        rs_homes = rs_low = rs_high = nan
        if not area["signed_2025"]:
            reasons += [(i, "reason.not_signed") for i in INSTRUMENTS]
            claimants.append(Claimant(aid, nan, nan, nan, nan, nan, nan, nan, tuple(reasons)))
            continue
        lo_k, hi_k = "realisatiestimulans.estimate.low", "realisatiestimulans.estimate.high"
        if lo_k in val and hi_k in val:
            rs_low, rs_high = float(val[lo_k]), float(val[hi_k])
            base = implied_base(rs_low, rs_high, per_home, correction, band)
            if base is None:
                reasons.append(("realisatiestimulans", "reason.rs_range_fits_no_base"))
            else:
                rs_homes = float((base[0] + base[1]) / 2 * correction)
        else:
            reasons.append(("realisatiestimulans", "reason.no_rs_estimate"))
        rights = {}
        for inst in ("orv", "capaciteit"):
            right = ratio = nan
            if not area["orv_capaciteit_eligible"]:
                reasons.append((inst, "reason.not_eligible"))
            elif f"{inst}.total.incl" in val:
                right = float(val[f"{inst}.total.incl"])
                excl = val.get(f"{inst}.total.excl")
                ratio = float(excl) / right if excl is not None and right else nan
            elif f"{inst}.total" in val:
                reasons.append((inst, "reason.press_only"))
            else:
                reasons.append((inst, "reason.no_right"))
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
    national_claims = p.national_claims
    residual = Claimant(
        RESIDUAL,
        nan,
        nan,
        nan,
        max(national_claims["orv"] - known_orv, 0.0),
        nan,
        max(national_claims["capaciteit"] - known_cap, 0.0),
        nan,
        (("realisatiestimulans", "reason.no_national_rs_estimate"),),
    )
    known = tuple(
        c.area_id
        for c in claimants
        if not (math.isnan(c.rs_expected_homes) and math.isnan(c.orv_right))
        or not math.isnan(c.capaciteit_right)
    )
    return EngineInputs(p, (*claimants, residual), known)


def engine_inputs(data_dir: str | Path | None = None) -> EngineInputs:
    """The figures the engine needs, read once per data folder (again when a file changes)."""
    return dataset(data_dir).derived("engine_inputs", _inputs_from)
