"""Monitoring: the intake of monitor files (:mod:`.intake`) and the mid-term review 2027 held
against the agreements (:mod:`.midterm`)."""

from .intake import Monitor, MonitorError, load_monitor, parse_dutch_number
from .midterm import (
    STATUSES,
    illustrative_monitor,
    midterm_review,
    status_of,
    trajectory,
    write_illustrative_monitor,
)

__all__ = [
    "STATUSES",
    "Monitor",
    "MonitorError",
    "illustrative_monitor",
    "load_monitor",
    "midterm_review",
    "parse_dutch_number",
    "status_of",
    "trajectory",
    "write_illustrative_monitor",
]
