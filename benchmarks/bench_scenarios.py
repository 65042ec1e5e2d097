"""Benchmark of the scenario engine, side by side with the obvious alternative.

    .venv/bin/python benchmarks/bench_scenarios.py

- ``run`` (numpy, one DataFrame built at the end) against a row-by-row pandas version: a loop
  over areas, instruments and years that computes each payment in Python and appends a row.
- ``simulate`` with 100,000 draws (vectorised over draws) against a Python loop that computes
  each draw's realisatiestimulans payments on its own (timed on 10,000 draws; compared per draw).

Targets (issue 3): run for all areas < 5 ms; simulate 100,000 draws < 1 s on 2 cores.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import pandas as pd

from nplv_analysis.engine import Scenario, engine_inputs, resolve, run, simulate


def best_of(fn, repeat: int, number: int) -> float:
    """Median over ``repeat`` rounds of the mean time of ``number`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - t0) / number)
    return statistics.median(times)


def naive_run(scenario: Scenario) -> pd.DataFrame:
    """The alternative: one Python iteration and one appended row per payment."""
    s, inputs = resolve(scenario)
    rows = pd.DataFrame(columns=["area_id", "instrument", "year", "gross_eur", "net_eur"])
    claims_total = {}
    for inst, spend in (("orv", s.orv_spend), ("capaciteit", s.capacity_spend)):
        claims_total[inst] = sum(
            getattr(c, f"{inst}_right") * spend
            for c in inputs.claimants
            if not np.isnan(getattr(c, f"{inst}_right"))
        )
    for c in inputs.claimants:
        if not np.isnan(c.rs_expected_homes):
            for k, year in enumerate(s.years):
                start = year + s.delay_years
                w = s.weights[k]
                amount = c.rs_expected_homes * s.realisation * w * s.per_home
                if start <= s.years[-1]:
                    rows.loc[len(rows)] = [
                        c.area_id,
                        "realisatiestimulans",
                        start + 1,
                        amount,
                        amount,
                    ]
        for inst, spend in (("orv", s.orv_spend), ("capaciteit", s.capacity_spend)):
            right = getattr(c, f"{inst}_right")
            if np.isnan(right):
                continue
            factor = 1.0
            if s.allocation == "pro_rata":
                factor = min(1.0, inputs.ceilings[inst] / claims_total[inst])
            for k, year in enumerate(s.years):
                gross = right * spend * s.spend_weights[k] * factor
                ratio = getattr(c, f"{inst}_net_ratio")
                rows.loc[len(rows)] = [c.area_id, inst, year + 1, gross, gross * ratio]
    return rows


def naive_simulate(scenario: Scenario, n: int, seed: int) -> np.ndarray:
    """The alternative: a Python loop over draws, each computing its payments on its own."""
    s, _ = resolve(scenario)
    rng = np.random.default_rng(seed)
    expected = engine_inputs().claimant("heerlen-noord").rs_expected_homes
    totals = np.empty(n)
    for i in range(n):
        r = min(max(rng.normal(s.realisation, 0.15), 0.0), 1.5)
        d = s.delay_years + int(rng.choice(3, p=[0.6, 0.3, 0.1]))
        total = 0.0
        for k, _ in enumerate(s.years):
            if k + d < len(s.years):
                total += expected * r * s.weights[k] * s.per_home
        totals[i] = total
    return totals


def main() -> None:
    s = Scenario(allocation="pro_rata")
    run(s)  # warm the input cache
    # the two agree on the totals
    a = run(s).groupby(["area_id", "instrument"])["gross_eur"].sum()
    b = naive_run(s).groupby(["area_id", "instrument"])["gross_eur"].sum()
    assert np.allclose(a.sort_index(), b.sort_index().astype(float))

    t_run = best_of(lambda: run(s), repeat=7, number=200)
    t_naive = best_of(lambda: naive_run(s), repeat=7, number=20)
    t_sim = best_of(lambda: simulate(s, n=100_000, seed=1), repeat=5, number=1)
    t_loop = best_of(lambda: naive_simulate(s, n=10_000, seed=1), repeat=3, number=1)
    per_draw_vec, per_draw_loop = t_sim / 100_000, t_loop / 10_000

    print(f"{'what':42} {'engine':>12} {'alternative':>14} {'ratio':>8}")
    print(
        f"{'run, all areas (ms)':42} {t_run * 1e3:12.3f} {t_naive * 1e3:14.3f} "
        f"{t_naive / t_run:7.0f}x"
    )
    print(
        f"{'simulate, per draw (us)':42} {per_draw_vec * 1e6:12.3f} {per_draw_loop * 1e6:14.3f} "
        f"{per_draw_loop / per_draw_vec:7.0f}x"
    )
    print(f"{'simulate, 100,000 draws (s)':42} {t_sim:12.3f} {per_draw_loop * 100_000:14.3f}")
    print(
        f"\ntargets: run < 5 ms: {'met' if t_run < 0.005 else 'NOT met'}; "
        f"simulate 100,000 < 1 s: {'met' if t_sim < 1 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
