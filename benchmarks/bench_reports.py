"""Benchmark of the report run, side by side with a naive loop (issues 4 and 15).

    .venv/bin/python benchmarks/bench_reports.py [--rounds N]

Four ways, interleaved in each round so that all see the same machine:

- naive: one ``papermill`` command per report of the manifest, one after the other (each
  starts Python, imports papermill, starts a kernel that imports the library), with the
  parameters the report run gives: its own folder for the charts (PNG/SVG) and tables
  (CSV/Excel), the language and the monitor file. Until issue 26 the loop gave no folder and so
  saved no chart or table: it did less work than a cold run and made the ratio look worse.
- cold: ``python -m nplv_analysis reports`` into an empty folder (spawned workers that each keep
  a kernel; plus the HTML export, the stamps and the index, which the naive loop skips).
- no-op: the same command again, nothing changed (it hashes the inputs and stops).
- monitor: the same command after one figure of the monitor file changed: only the mid-term
  reports are made again.

The runs use a copy of the shipped monitor file (``--monitor``), so the project's data folder
is never written. Targets (issue 15): cold >= 5x faster than naive; the no-op under 1 s wall,
interpreter start included; the monitor change rebuilds only the mid-term reports.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nplv_analysis.pipeline.manifest import DEFAULT_MANIFEST, NOTEBOOK_DIR, load_manifest

BIN = Path(sys.executable).parent
MONITOR = Path(__file__).resolve().parents[1] / "data" / "monitor" / "illustratief-2027.csv"
ROW = "heerlen-noord,2026,,{},284,"  # homes started in 2026 (376 in the shipped file)
ENV = {**os.environ, "MPLBACKEND": "Agg"}


def naive(out: Path, monitor: Path) -> None:
    """Each report of the manifest by papermill's command, one after the other, with the
    parameters the report run gives it (its own folder for its charts and tables, the language,
    the monitor file): the same work as a cold run but for the HTML pages and the stamps."""
    for job in load_manifest(DEFAULT_MANIFEST, monitor=str(monitor)):
        folder = out / job.output / job.stem
        folder.mkdir(parents=True)
        params = {**job.parameters, "out_dir": str(folder), "lang": "en"}
        cmd = [str(BIN / "papermill"), job.notebook, str(folder / f"{job.stem}.ipynb")]
        cmd += ["-k", "python3", "--no-progress-bar", "-y", json.dumps(params)]
        subprocess.run(cmd, cwd=NOTEBOOK_DIR, check=True, capture_output=True, env=ENV)


def ours(out: Path, monitor: Path) -> str:
    """The report run; its message on what was up to date and what was rebuilt."""
    done = subprocess.run(
        [sys.executable, "-m", "nplv_analysis", "reports", "--out", str(out)]
        + ["--monitor", str(monitor), "--lang", "en"],
        check=True,
        capture_output=True,
        text=True,
        env=ENV,
    )
    return re.search(r"\d+ report\(s\) up to date, \d+ rebuilt", done.stdout)[0]


def timed(fn, *args) -> tuple[float, object]:
    t0 = time.perf_counter()
    value = fn(*args)
    return time.perf_counter() - t0, value


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    n = len(load_manifest(DEFAULT_MANIFEST))
    times: dict[str, list[float]] = {"naive": [], "cold": [], "no-op": [], "monitor": []}
    for r in range(rounds):  # interleaved, so all see the same machine
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            monitor = tmp / "monitor.csv"
            shutil.copy(MONITOR, monitor)
            (tmp / "naive").mkdir()
            t_naive, _ = timed(naive, tmp / "naive", monitor)
            t_cold, said_cold = timed(ours, tmp / "out", monitor)
            t_noop, said_noop = timed(ours, tmp / "out", monitor)
            text = monitor.read_text(encoding="utf-8")
            assert ROW.format(376) in text
            monitor.write_text(text.replace(ROW.format(376), ROW.format(380)), encoding="utf-8")
            t_mon, said_mon = timed(ours, tmp / "out", monitor)
        assert said_cold == f"0 report(s) up to date, {n} rebuilt", said_cold
        assert said_noop == f"{n} report(s) up to date, 0 rebuilt", said_noop
        assert said_mon == f"{n - 2} report(s) up to date, 2 rebuilt", said_mon
        for name, t in zip(times, (t_naive, t_cold, t_noop, t_mon), strict=True):
            times[name].append(t)
        print(
            f"round {r + 1}: naive {t_naive:5.2f} s, cold {t_cold:5.2f} s, no-op {t_noop:5.2f} s, "
            f"monitor {t_mon:5.2f} s ({said_mon}); load {load()}",
            flush=True,
        )
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"\n{n} notebooks, median of {rounds} rounds (2 mid-term reports after the change)")
    for name, label in (
        ("naive", "naive papermill loop"),
        ("cold", "cold report run"),
        ("no-op", "no-op run"),
        ("monitor", "after a monitor change"),
    ):
        ratio = med["naive"] / med[name]
        print(f"{label:24s}: {med[name]:6.2f} s  ({ratio:5.1f}x faster than naive)")
    cold = "met" if med["naive"] / med["cold"] >= 5 else "NOT met"
    noop = "met" if med["no-op"] < 1 else "NOT met"
    print(f"targets: cold >= 5x naive: {cold}; no-op under 1 s: {noop}")


if __name__ == "__main__":
    main()
