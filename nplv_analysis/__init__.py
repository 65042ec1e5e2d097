"""nplv-analysis: the NPLV housing agreements (June 2025) as data, scenarios and reports."""

from .data import (
    DataError,
    check_data,
    funding,
    housing,
    load_areas,
    load_figures,
    load_sources,
    national_figures,
    national_summary,
)
from .rules import implied_base, rs_estimate

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "check_data",
    "funding",
    "housing",
    "implied_base",
    "load_areas",
    "load_figures",
    "load_sources",
    "national_figures",
    "national_summary",
    "rs_estimate",
]
