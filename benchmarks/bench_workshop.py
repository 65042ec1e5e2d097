"""Benchmark of the workshop explorer, measured in the browser.

    .venv/bin/python benchmarks/bench_workshop.py [--moves 50] [--no-rebuild]

Voila serves the explorer; Debian's Chromium (driven by Playwright) moves the realisation
slider with the keyboard and measures, in the page, the time from the key press until both the
big total (with its comparison against the agreement) and the chart have changed. Two walks of
``--moves`` key presses each (one step is 5%):

- ``sweep``: 100% down to 0% and up to 150% (the walk of issues 6 and 14);
- ``around``: back and forth across the agreement, 80% to 120% (issue 23): every fourth move
  crosses 100% in one direction or the other.

Each walk's moves are also split by where the slider lands: above 100% (the scenario's bars may
rise above the agreement's) or at or below it. Side by side: the explorer as shipped (the chart
drawn once; a change redraws only the scenario's bars and the title on the saved background)
and the alternative that clears and redraws the chart on every change
(NPLV_EXPLORER_REDRAW=rebuild). Target (issue 23): every move, above or below the agreement,
median under 100 ms and p95 under 150 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics

from playwright.sync_api import sync_playwright

from nplv_analysis.apps import workshop

WATCH = """() => {
  window.__t0 = null; window.__t1 = null;
  document.addEventListener('keydown', () => {
    window.__t0 = performance.now(); window.__t1 = null;
    window.__total0 = document.querySelector('.nplv-total').dataset.eur;
    window.__img0 = document.querySelector('.nplv-chart').src;
  }, true);
  new MutationObserver(() => {
    if (window.__t0 === null || window.__t1 !== null) return;
    const total = document.querySelector('.nplv-total');
    const img = document.querySelector('.nplv-chart');
    if (total && img && total.dataset.eur !== window.__total0 && img.src !== window.__img0) {
      window.__t1 = performance.now();
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true,
                             attributes: true, attributeFilter: ['src', 'data-eur']});
}"""

STEP = 5  # the realisation slider's step, in percent
WALKS = {
    # 100 -> 0 -> 150
    "sweep": [-1] * 20 + [+1] * 30,
    # 100 -> 120, then 120 -> 80 -> 120 -> ...: across the agreement in both directions
    "around": [+1] * 4 + ([-1] * 8 + [+1] * 8) * 4,
}


def walk(name: str, moves: int) -> list[int]:
    """The walk's steps (+1, -1), repeated to ``moves`` key presses."""
    steps = WALKS[name]
    return (steps * (moves // len(steps) + 1))[:moves]


def measure(mode: str, moves: int) -> dict[str, list[tuple[int, float]]]:
    """Per walk: (the slider's value after the move in percent, milliseconds) per move."""
    os.environ["NPLV_EXPLORER_REDRAW"] = mode
    proc, url = workshop.start(quiet=True)
    out = {}
    try:
        with sync_playwright() as p:
            browser, page = workshop.open_page(p, url, proc)
            page.evaluate(WATCH)
            handle = page.locator(".nplv-realisation .noUi-handle")
            handle.focus()
            value = 100
            for name in WALKS:
                times = []
                for step in walk(name, moves):
                    page.keyboard.press("ArrowRight" if step > 0 else "ArrowLeft")
                    value += step * STEP
                    page.wait_for_function("() => window.__t1 !== null", timeout=15_000)
                    times.append((value, page.evaluate("() => window.__t1 - window.__t0")))
                out[name] = times
                while value != 100:  # back to the agreement for the next walk (not measured)
                    key, value = (
                        ("ArrowLeft", value - STEP) if value > 100 else ("ArrowRight", value + STEP)
                    )
                    page.keyboard.press(key)
                    page.wait_for_function("() => window.__t1 !== null", timeout=15_000)
            browser.close()
            return out
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        os.environ.pop("NPLV_EXPLORER_REDRAW", None)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def rows(label: str, measured: dict[str, list[tuple[int, float]]]) -> list[tuple]:
    out = []
    for name, moves in measured.items():
        parts = {
            "all": [ms for _, ms in moves],
            "above 100%": [ms for v, ms in moves if v > 100],
            "at/below 100%": [ms for v, ms in moves if v <= 100],
        }
        for part, times in parts.items():
            if times:
                out.append((label, name, part, len(times), statistics.median(times), p95(times)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--moves", type=int, default=50)
    parser.add_argument("--no-rebuild", action="store_true", help="only the explorer as shipped")
    args = parser.parse_args()
    table = rows("explorer (bars blitted)", measure("inplace", args.moves))
    if not args.no_rebuild:
        table += rows("alternative (full redraw)", measure("rebuild", args.moves))
    print(
        f"slider moves per walk: {args.moves}; key press -> total and chart updated, in the browser"
    )
    print(f"{'':28} {'walk':7} {'moves':14} {'n':>3} {'median ms':>10} {'p95 ms':>8}")
    for label, name, part, n, median, high in table:
        print(f"{label:28} {name:7} {part:14} {n:3} {median:10.1f} {high:8.1f}")
    shipped = [r for r in table if r[0].startswith("explorer")]
    met = all(median < 100 and high < 150 for *_, median, high in shipped)
    print(
        f"target (every walk and part of the explorer: median < 100 ms, p95 < 150 ms): "
        f"{'met' if met else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
