"""The data folder: schema, loading, checks and views.

>>> from nplv_analysis.data import funding
>>> float(funding("heerlen-noord").loc["orv", "high_eur"])
10000000.0
"""

from .checks import check_data, implied_vat_rates
from .loading import (
    DEFAULT_DATA_DIR,
    DataError,
    Problem,
    load_areas,
    load_dataset,
    load_figures,
    load_sources,
)
from .views import funding, housing, national_figures, national_summary

__all__ = [
    "DEFAULT_DATA_DIR",
    "DataError",
    "Problem",
    "check_data",
    "funding",
    "housing",
    "implied_vat_rates",
    "load_areas",
    "load_dataset",
    "load_figures",
    "load_sources",
    "national_figures",
    "national_summary",
]
