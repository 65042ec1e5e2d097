"""Benchmark of reading the data folder's YAML files (issue 26), side by side as ratios.

    .venv/bin/python benchmarks/bench_loading.py [--rounds N]

- python: PyYAML's pure-Python safe loader (scanner, parser and composer in Python);
- libyaml: PyYAML's ``CSafeLoader`` (all of it in C; refuses nothing of ours);
- ours: ``DataLoader``, libyaml's scanner and parser with our own composer (every refusal made
  as the node is met) and constructor (line of every key, numbers one way);
- load_dataset: the whole folder read and checked (schemas, number rules, cross-file checks).

Measured 2026-12-06 (2 cores, load ~2, 16 files): python 126 ms, libyaml 13 ms, ours 21 ms
(6.1x the pure-Python reader), load_dataset 51 ms. With ``DataLoader`` on PyYAML's pure-Python
scanner and parser, as before, a ``load_dataset`` of the shipped data took 93 ms of CPU, now 31.
"""

from __future__ import annotations

import argparse
import statistics
import time

import yaml

from nplv_analysis.data.loading import load_dataset
from nplv_analysis.data.yamlfile import DataLoader
from nplv_analysis.resources import DATA_DIR


def texts() -> list[str]:
    files = sorted(p for p in DATA_DIR.rglob("*.yaml") if "monitor" not in p.parts)
    return [p.read_text(encoding="utf-8") for p in files]


def read_all(loader, docs: list[str]) -> None:
    for text in docs:
        ld = loader(text)
        try:
            ld.get_single_data()
        finally:
            ld.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    docs = texts()
    ways = {
        "python": lambda: read_all(yaml.SafeLoader, docs),
        "libyaml": lambda: read_all(yaml.CSafeLoader, docs),
        "ours": lambda: read_all(DataLoader, docs),
        "load_dataset": lambda: load_dataset(DATA_DIR),
    }
    times: dict[str, list[float]] = {k: [] for k in ways}
    for _ in range(rounds):  # interleaved: all see the same machine
        for name, way in ways.items():
            t0 = time.perf_counter()
            way()
            times[name].append(time.perf_counter() - t0)
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"{len(docs)} YAML files, median of {rounds} rounds")
    for name, t in med.items():
        print(f"{name:13s}: {t * 1000:6.1f} ms  ({med['python'] / t:4.1f}x the pure-Python reader)")


if __name__ == "__main__":
    main()
