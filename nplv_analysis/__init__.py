"""nplv-analysis: the NPLV housing agreements (June 2025) as data, scenarios and reports.

The package is layered, each layer importing only those below it (an import-linter contract in
pyproject.toml keeps it so)::

    apps      cli, explorer, workshop
    pipeline  the report run: manifest, stamps, workers, index
    report    tables, charts, figures, export
    monitor   intake, midterm
    engine    scenario, inputs, run, uncertainty, sensitivity
    rules     agreement (pure, page-cited), checks
    data      schema, loading, parameters, views
    text      the text catalogue (nl, en) and number formats
    resources where data/, notebooks/ and docs/ are (in the wheel or the checkout)

The public names below are loaded on first use, so ``python -m nplv_analysis`` starts quickly.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_PUBLIC = {
    "DataError": "data",
    "Parameters": "data",
    "funding": "data",
    "housing": "data",
    "load_areas": "data",
    "load_figures": "data",
    "load_parameters": "data",
    "load_sources": "data",
    "national_figures": "data",
    "national_summary": "data",
    "check_data": "rules",
    "implied_base": "rules",
    "rs_estimate": "rules",
    "Scenario": "engine",
    "national": "engine",
    "run": "engine",
    "sensitivity": "engine",
    "simulate": "engine",
    "totals": "engine",
    "unknowns": "engine",
    "load_monitor": "monitor",
    "midterm_review": "monitor",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(importlib.import_module(f".{_PUBLIC[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])
