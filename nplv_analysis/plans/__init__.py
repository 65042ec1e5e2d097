"""Project lists ("planlijsten", issue 23): the intake of a municipality's list of housing
projects (:mod:`.intake`), the affordable starts per year it gives, as planned or as expected
(:mod:`.starts`), and the Excel template people fill in (:mod:`.template`).

A layer beside :mod:`nplv_analysis.monitor`: above the engine, below the reports; it does not
import the monitor (the reading rules both use are in :mod:`nplv_analysis.data.sheets`).
"""

from .intake import (
    COLUMNS,
    FIRST_YEAR,
    HEADERS,
    LAST_YEAR,
    PHASES,
    PlanError,
    PlanFileError,
    is_illustrative,
    load_plans,
)
from .starts import area_plans, starts_from_plans, what_if
from .template import build_template, write_template

__all__ = [
    "COLUMNS",
    "FIRST_YEAR",
    "HEADERS",
    "LAST_YEAR",
    "PHASES",
    "PlanError",
    "PlanFileError",
    "area_plans",
    "build_template",
    "is_illustrative",
    "load_plans",
    "starts_from_plans",
    "what_if",
    "write_template",
]
