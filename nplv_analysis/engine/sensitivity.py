"""One-at-a-time sensitivity of the total payments (a tornado table)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .inputs import engine_inputs
from .run import _check_areas, run
from .scenario import Scenario

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
