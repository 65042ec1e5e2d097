"""Benchmark of the workshop explorer, measured in the browser.

    .venv/bin/python benchmarks/bench_workshop.py [--moves 50]

Voila serves the explorer; Debian's Chromium (driven by Playwright) moves the realisation
slider 50 times with the keyboard and measures, in the page, the time from the key press until
both the big total (with its comparison against the agreement) and the chart have changed.
Side by side: the explorer as shipped (the chart drawn once; a change redraws only the
scenario's bars and the title on the saved background) and the alternative that clears and
redraws the chart on every change (NPLV_EXPLORER_REDRAW=rebuild). Target (issues 6 and 14):
p95 under 150 ms.
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


def measure(mode: str, moves: int) -> list[float]:
    os.environ["NPLV_EXPLORER_REDRAW"] = mode
    proc, url = workshop.start(quiet=True)
    try:
        with sync_playwright() as p:
            browser, page = workshop.open_page(p, url, proc)
            page.evaluate(WATCH)
            handle = page.locator(".nplv-realisation .noUi-handle")
            handle.focus()
            keys = ["ArrowLeft"] * 20 + ["ArrowRight"] * 30  # 1.0 -> 0.0 -> 1.5
            times = []
            for key in (keys * (moves // len(keys) + 1))[:moves]:
                page.keyboard.press(key)
                page.wait_for_function("() => window.__t1 !== null", timeout=15_000)
                times.append(page.evaluate("() => window.__t1 - window.__t0"))
            browser.close()
            return times
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        os.environ.pop("NPLV_EXPLORER_REDRAW", None)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--moves", type=int, default=50)
    moves = parser.parse_args().moves
    shipped = measure("inplace", moves)
    rebuild = measure("rebuild", moves)
    print(f"{moves} slider moves, slider key press -> total and chart updated, in the browser")
    print(f"{'':28} {'median ms':>10} {'p95 ms':>10}")
    print(f"{'explorer (bars blitted)':28} {statistics.median(shipped):10.1f} {p95(shipped):10.1f}")
    print(
        f"{'alternative (full redraw)':28} {statistics.median(rebuild):10.1f} {p95(rebuild):10.1f}"
    )
    print(f"ratio of medians: {statistics.median(shipped) / statistics.median(rebuild):.2f}")
    verdict = "met" if p95(shipped) < 150 else "NOT met"
    print(f"target p95 < 150 ms: {verdict}")


if __name__ == "__main__":
    main()
