"""Benchmark of the scenario engine, side by side with the obvious alternative.

    .venv/bin/python benchmarks/bench_scenarios.py

- ``run`` (numpy, one DataFrame built at the end) against a row-by-row pandas version: a loop
  over areas, instruments and years that computes each payment in Python and appends a row.
- ``simulate`` with 100,000 draws (vectorised over draws) against a Python loop that draws each
  realisation (triangular on the agreement's band) and, with ``DELAY_RISK``, each delay, and
  computes that draw's realisatiestimulans payments on its own (timed on 10,000 draws; compared
  per draw); both for the default (no extra delay) and with the named delay risk. The two are
  first checked to draw the same distribution (P10/P50/P90 within 1%).

- ``run_many`` over 20 scenarios for all areas (issue 17: a comparison of up to 20 scenarios
  stays interactive) against a loop of ``run`` per scenario, and ``compare_figures`` (each
  scenario's totals against the agreement and the baseline) for the same 20.

Targets (issue 3): run for all areas < 5 ms; simulate 100,000 draws < 1 s on 2 cores; (issue
17) run_many well under 1 ms a scenario.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import pandas as pd

from nplv_analysis.engine import (
    DELAY_RISK,
    NO_DELAY,
    Scenario,
    compare_figures,
    engine_inputs,
    realisation_range,
    resolve,
    run,
    run_many,
    simulate,
)
from nplv_analysis.engine.run import net_ratio


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
                ratio = net_ratio(s, c, inst)
                rows.loc[len(rows)] = [c.area_id, inst, year + 1, gross, gross * ratio]
    return rows


def naive_simulate(
    scenario: Scenario, n: int, seed: int, delay_probs: tuple[float, ...] = NO_DELAY
) -> np.ndarray:
    """The alternative: a Python loop over draws, each drawing its realisation (triangular on
    the band around the scenario's realisation, as :func:`simulate`) and, with a delay risk,
    its extra delay, then computing its payments on its own. Returns each draw's
    realisatiestimulans total of Heerlen Noord."""
    s, _ = resolve(scenario)
    low, high = realisation_range(s)
    rng = np.random.default_rng(seed)
    expected = engine_inputs().claimant("heerlen-noord").rs_expected_homes
    totals = np.empty(n)
    for i in range(n):
        r = rng.triangular(low, s.realisation, high) if high > low else s.realisation
        d = s.delay_years
        if len(delay_probs) > 1:
            d += int(rng.choice(len(delay_probs), p=delay_probs))
        total = 0.0
        for k, _ in enumerate(s.years):
            if k + d < len(s.years):
                total += expected * r * s.weights[k] * s.per_home
        totals[i] = total
    return totals


def same_distribution(scenario: Scenario, delay_probs: tuple[float, ...]) -> None:
    """The loop and the engine draw the same distribution: their P10/P50/P90 of the total agree
    within 1% (20,000 draws each, different streams)."""
    _, tot = simulate(scenario, n=20_000, seed=2, delay_probs=delay_probs, areas=["heerlen-noord"])
    engine = tot.set_index("instrument").loc["realisatiestimulans", ["p10", "p50", "p90"]]
    loop = np.quantile(naive_simulate(scenario, 20_000, 3, delay_probs), [0.1, 0.5, 0.9])
    assert np.allclose(engine.to_numpy(dtype=float), loop, rtol=0.01), (engine, loop)


def main() -> None:
    s = Scenario(allocation="pro_rata")
    run(s)  # warm the input cache
    # the two agree on the totals
    a = run(s).groupby(["area_id", "instrument"])["gross_eur"].sum()
    b = naive_run(s).groupby(["area_id", "instrument"])["gross_eur"].sum()
    assert np.allclose(a.sort_index(), b.sort_index().astype(float))

    t_run = best_of(lambda: run(s), repeat=7, number=200)
    t_naive = best_of(lambda: naive_run(s), repeat=7, number=20)
    print(f"{'what':54} {'engine':>12} {'alternative':>14} {'ratio':>8}")
    print(
        f"{'run, all areas (ms)':54} {t_run * 1e3:12.3f} {t_naive * 1e3:14.3f} "
        f"{t_naive / t_run:7.0f}x"
    )
    t_default = None
    for name, probs in (("default (no extra delay)", NO_DELAY), ("DELAY_RISK", DELAY_RISK)):
        same_distribution(s, probs)
        t_sim = best_of(
            lambda probs=probs: simulate(s, n=100_000, seed=1, delay_probs=probs),
            repeat=5,
            number=1,
        )
        t_loop = best_of(
            lambda probs=probs: naive_simulate(s, 10_000, 1, probs), repeat=3, number=1
        )
        per_draw_vec, per_draw_loop = t_sim / 100_000, t_loop / 10_000
        print(
            f"{'simulate ' + name + ', per draw (us)':54} {per_draw_vec * 1e6:12.3f} "
            f"{per_draw_loop * 1e6:14.3f} {per_draw_loop / per_draw_vec:7.0f}x"
        )
        print(
            f"{'simulate ' + name + ', 100,000 draws (s)':54} {t_sim:12.3f} "
            f"{per_draw_loop * 100_000:14.3f}"
        )
        t_default = t_sim if t_default is None else max(t_default, t_sim)
    many = [
        Scenario(realisation=r, delay_years=d) for r in (0.5, 0.7, 0.9, 1.0, 1.1) for d in range(4)
    ]
    assert len(many) == 20
    t_many = best_of(lambda: run_many(many), repeat=7, number=20) / len(many)
    t_loop = best_of(lambda: [run(x) for x in many], repeat=7, number=5) / len(many)
    t_fig = best_of(lambda: compare_figures(many), repeat=3, number=2)
    print(
        f"{'run_many, 20 scenarios, all areas, per scenario (ms)':54} {t_many * 1e3:12.3f} "
        f"{t_loop * 1e3:14.3f} {t_loop / t_many:7.1f}x"
    )
    print(f"{'compare_figures, 20 scenarios, all areas (ms)':54} {t_fig * 1e3:12.1f}")
    print(
        f"\ntargets: run < 5 ms: {'met' if t_run < 0.005 else 'NOT met'}; "
        f"simulate 100,000 < 1 s: {'met' if t_default < 1 else 'NOT met'}; "
        f"run_many < 1 ms a scenario: {'met' if t_many < 0.001 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
