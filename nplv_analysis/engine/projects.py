"""Plan lists in the engine: the expected starts of a list of projects, and draws per project.

A plan list (:func:`nplv_analysis.plans.load_plans`) has one row a project with ``area_id``,
``project``, ``homes_affordable``, ``start_year`` and ``phase``. Each phase gives a chance that
the project starts and the chances of 0, 1, 2, ... years of slip after its planned year
(``plans/phases.yaml`` of the data folder: the analyst's choice, A31). The realisatiestimulans is
then paid on the affordable homes of every project that starts inside the window, the year after.

>>> import pandas as pd
>>> plans = pd.DataFrame({"area_id": ["x", "x"], "project": ["a", "b"],
...     "homes_affordable": [100, 40], "start_year": [2026, 2027],
...     "phase": ["bouw", "vergunning"]})
>>> expected_plan_starts(plans).round(2).to_dict()  # b: 40 x 0.9 x (0.7, 0.2, 0.1)
{2026: 100.0, 2027: 25.2, 2028: 7.2, 2029: 3.6}
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..data.phases import PHASES, load_phases
from .scenario import ScenarioError

PLAN_COLUMNS = ("area_id", "project", "homes_affordable", "start_year", "phase")
"""The columns of a plan list the engine reads."""


def _arrays(plans: pd.DataFrame, data_dir: str | Path | None):
    """Per project: affordable homes, planned start year, start chance, and the slip chances
    (a matrix, one row a project, one column a year of slip)."""
    missing = [c for c in PLAN_COLUMNS if c not in plans.columns]
    if missing:
        raise ScenarioError(
            "scenario.error.plans.columns", "plans", missing, needed=", ".join(PLAN_COLUMNS)
        )
    phases = load_phases(data_dir)
    unknown = sorted(set(plans["phase"]) - set(PHASES))
    if unknown:
        raise ScenarioError("scenario.error.choice", "phase", unknown, allowed=", ".join(PHASES))
    width = max(len(p.slip) for p in phases.values())
    slip_by_phase = {
        code: np.pad(np.asarray(p.slip, dtype=float), (0, width - len(p.slip)))
        for code, p in phases.items()
    }
    homes = plans["homes_affordable"].to_numpy(dtype=float)
    years = plans["start_year"].to_numpy(dtype=int)
    chance = np.array([phases[p].start_chance for p in plans["phase"]], dtype=float)
    slip = np.array([slip_by_phase[p] for p in plans["phase"]], dtype=float).reshape(-1, width)
    return homes, years, chance, slip


def expected_plan_starts(plans: pd.DataFrame, data_dir: str | Path | None = None) -> pd.Series:
    """The expected affordable starts per year of the projects in ``plans`` (all rows given):
    homes x the phase's start chance, spread over the planned year and the years of slip by the
    phase's slip chances. A Series indexed by year (whole years, in order), named ``starts``."""
    homes, years, chance, slip = _arrays(plans, data_dir)
    if len(homes) == 0:
        return pd.Series(dtype=float, name="starts")
    per = (homes * chance)[:, None] * slip  # (projects, years of slip)
    all_years = (years[:, None] + np.arange(slip.shape[1])).ravel()
    first = int(all_years.min())
    sums = np.bincount(all_years - first, weights=per.ravel())
    out = pd.Series(sums, index=np.arange(first, first + len(sums)), name="starts")
    return out[out > 0]


def draw_plan_starts(
    plans: pd.DataFrame,
    n: int,
    rng: np.random.Generator,
    data_dir: str | Path | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` futures of a plan list: for each draw and project whether it starts and the year it
    starts (planned year + a slip drawn from its phase). Returns ``(homes, started, year)``:
    homes per project, and two ``(n, projects)`` arrays. Vectorised over draws and projects."""
    homes, years, chance, slip = _arrays(plans, data_dir)
    # one uniform per draw and project: below the start chance it starts, and then u / chance
    # is again uniform on [0, 1) and picks the years of slip from the phase's cdf
    u = rng.random((n, len(homes)))
    started = u < chance
    u /= np.where(chance > 0, chance, 1.0)
    cdf = np.cumsum(slip, axis=1)
    year = np.broadcast_to(years.astype(np.int16), u.shape).copy()  # small: fast to add up
    for k in range(cdf.shape[1] - 1):  # one more year of slip past each step of the cdf
        year += u >= cdf[:, k]
    return homes, started, year
