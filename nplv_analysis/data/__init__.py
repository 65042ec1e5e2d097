"""The data folder: schema, loading, the parameter tree and views.

>>> from nplv_analysis.data import funding
>>> float(funding("heerlen-noord").loc["orv", "high_eur"])
10000000.0
"""

from .loading import (
    DEFAULT_DATA_DIR,
    DataError,
    Problem,
    load_areas,
    load_dataset,
    load_figures,
    load_sources,
)
from .parameters import Parameters, load_parameters
from .views import funding, housing, national_figures, national_summary

__all__ = [
    "DEFAULT_DATA_DIR",
    "DataError",
    "Parameters",
    "Problem",
    "funding",
    "housing",
    "load_areas",
    "load_dataset",
    "load_figures",
    "load_parameters",
    "load_sources",
    "national_figures",
    "national_summary",
]
