"""Benchmark of the report run, side by side with a naive loop.

    .venv/bin/python benchmarks/bench_reports.py [--rounds N]

- naive: one ``papermill`` command per notebook of the manifest, one after the other (each
  starts Python, imports papermill, starts a kernel that imports the library).
- ours: ``python -m nplv_analysis reports`` (spawned workers that each keep a kernel, plus the
  HTML export, charts as PNG/SVG, tables as CSV/Excel and the index, which the naive loop skips).

Target (issue 4): ours takes at most 1/3 of the naive wall time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nplv_analysis.report.runner import DEFAULT_MANIFEST, NOTEBOOK_DIR, load_manifest

BIN = Path(sys.executable).parent


def naive(out: Path) -> None:
    for job in load_manifest(DEFAULT_MANIFEST):
        cmd = [
            str(BIN / "papermill"),
            job.notebook,
            str(out / f"{job.output}.ipynb"),
            "-k",
            "python3",
            "--no-progress-bar",
        ]
        for key, value in job.parameters.items():
            cmd += ["-p", key, str(value)]
        subprocess.run(cmd, cwd=NOTEBOOK_DIR, check=True, capture_output=True)


def ours(out: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "nplv_analysis", "reports", "--out", str(out)],
        check=True,
        capture_output=True,
    )


def timed(fn) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        fn(Path(tmp))
        return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    n = len(load_manifest(DEFAULT_MANIFEST))
    t_naive, t_ours = [], []
    for _ in range(rounds):  # interleaved, so both see the same machine
        t_naive.append(timed(naive))
        t_ours.append(timed(ours))
    a, b = statistics.median(t_naive), statistics.median(t_ours)
    print(f"{n} notebooks, median of {rounds} rounds")
    print(f"naive papermill loop : {a:6.2f} s")
    print(f"nplv_analysis reports: {b:6.2f} s")
    verdict = "met" if b / a <= 1 / 3 else "NOT met"
    print(f"ratio                : {b / a:6.3f} (target <= 0.333: {verdict})")


if __name__ == "__main__":
    main()
