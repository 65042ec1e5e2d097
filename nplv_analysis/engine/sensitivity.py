"""One-at-a-time sensitivity of the total payments (a tornado table)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..data.parameters import Parameters
from ..rules import ALLOCATIONS
from .inputs import engine_inputs
from .run import _check_areas, run
from .scenario import Scenario

MAX_REALISATION = 1.5
"""The highest realisation a :class:`Scenario` accepts; the realisation range stops there."""


def sensitivity_ranges(params: Parameters, scenario: Scenario | None = None) -> dict:
    """The default one-at-a-time ranges of :func:`sensitivity` (A16): only what the agreement
    leaves open. The amount per home is fixed by the regulation and does not vary.

    - ``realisation``: the scenario's realisation x (1 + the agreement's band, from
      ``params.band``), as in :func:`~nplv_analysis.engine.simulate`;
    - ``delay_years``: 0 to 2 years (as the named ``DELAY_RISK``);
    - ``orv_spend``, ``capacity_spend``: half to all of the drawing right spent;
    - ``profile``: starts front-loaded against back-loaded;
    - ``allocation``: the rules under the ceilings other than the scenario's own.

    >>> from nplv_analysis.data import load_parameters
    >>> sensitivity_ranges(load_parameters())["realisation"]
    (0.7, 1.05)
    """
    scenario = scenario or Scenario()
    others = tuple(rule for rule in ALLOCATIONS if rule != scenario.allocation)

    def scaled(share: float):
        def one(real: float) -> float:
            return min(real * (1 + share), MAX_REALISATION)

        real = scenario.realisation
        if not isinstance(real, dict):
            return one(real)
        return {y: one(real.get(y, 1.0)) for y in sorted({*params.years, *real})}

    return {
        "realisation": (scaled(float(params.band[0])), scaled(float(params.band[1]))),
        "delay_years": (0, 2),
        "orv_spend": (0.5, 1.0),
        "capacity_spend": (0.5, 1.0),
        "profile": ("front", "back"),
        "allocation": others,
    }


def sensitivity(
    scenario: Scenario | None = None,
    areas: list[str] | str | None = None,
    data_dir: str | Path | None = None,
    ranges: dict | None = None,
) -> pd.DataFrame:
    """One-at-a-time tornado table: for each parameter, the total gross payments (all
    instruments, the chosen areas; default: the areas with published figures, without the
    residual claimant) at its low and high setting, and the swing, largest first.

    ``ranges`` (``{parameter: (low, high)}``) replaces the defaults of
    :func:`sensitivity_ranges`, which depend on the data folder's parameter tree."""
    scenario = scenario or Scenario()
    inputs = engine_inputs(data_dir)
    chosen = list(inputs.known_areas) if areas is None else _check_areas(areas, inputs)
    if ranges is None:
        ranges = sensitivity_ranges(inputs.params, scenario)
    base_total = float(run(scenario, chosen, data_dir)["gross_eur"].sum())
    rows = []
    for param, (lo, hi) in ranges.items():
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
