"""Benchmark of the draws per project of a plan list (issue 23: 10,000 futures of a 200-project
list in under 0.5 s), side by side with a loop over projects.

    .venv/bin/python benchmarks/bench_plans.py

- ``simulate(..., plans=...)``: the engine's vectorised draws (every draw and project at once:
  does it start, how many years does it slip, where do its euros land).
- the alternative: a Python loop over the projects that draws each project's futures (vectorised
  over draws, as anyone would write it with numpy) and adds them up, then the same quantiles.

The two are first checked to draw the same distribution (P10/P50/P90 of the total within 1%).
The list is made here: 200 projects of 1-29 affordable homes, planned 2025-2029, phases at
random (seed 1); Heerlen Noord's per-home amount from the data.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import pandas as pd

from nplv_analysis.data.phases import PHASES, load_phases
from nplv_analysis.engine import Scenario, resolve, simulate

N_DRAWS = 10_000
N_PROJECTS = 200
AREA = "heerlen-noord"


def plan_list(m: int = N_PROJECTS) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    return pd.DataFrame(
        {
            "area_id": [AREA] * m,
            "project": [f"project {i}" for i in range(m)],
            "homes_affordable": rng.integers(1, 30, m),
            "start_year": rng.integers(2025, 2030, m),
            "phase": rng.choice(list(PHASES), m),
        }
    )


def loop_totals(plans: pd.DataFrame, n: int, seed: int = 7) -> np.ndarray:
    """The alternative: one project at a time, its n futures drawn, its euros added."""
    rs, _ = resolve(Scenario())
    phases = load_phases()
    rng = np.random.default_rng(seed)
    first, last = rs.years[0], rs.years[-1]
    total = np.zeros(n)
    for row in plans.itertuples():
        phase = phases[row.phase]
        starts = rng.random(n) < phase.start_chance
        slip = rng.choice(len(phase.slip), size=n, p=phase.slip)
        year = row.start_year + slip
        inside = starts & (year >= first) & (year <= last)
        total += np.where(inside, row.homes_affordable * rs.per_home, 0.0)
    return total


def timed(fn, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    plans = plan_list()
    _, tot = simulate(n=N_DRAWS, areas=AREA, plans=plans)
    engine = tot.set_index("instrument").loc["realisatiestimulans", ["p10", "p50", "p90"]]
    loop = np.quantile(loop_totals(plans, N_DRAWS), [0.1, 0.5, 0.9])
    for a, b in zip(engine.to_numpy(), loop, strict=True):
        assert abs(a - b) / b < 0.01, (engine.to_dict(), loop)
    fast = timed(lambda: simulate(n=N_DRAWS, areas=AREA, plans=plans))
    slow = timed(lambda: loop_totals(plans, N_DRAWS), repeat=3)
    print(f"{N_DRAWS:,} futures of {N_PROJECTS} projects (median of rounds):")
    print(f"  simulate(plans=...)  {fast * 1000:8.1f} ms   (target < 500 ms)")
    print(f"  loop over projects   {slow * 1000:8.1f} ms   ({slow / fast:.1f}x the engine)")


if __name__ == "__main__":
    main()
