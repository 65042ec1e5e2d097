"""Monitoring: the intake of monitor files (:mod:`.intake`), the Excel template people fill in
(:mod:`.template`) and the mid-term review 2027 held against the agreements (:mod:`.midterm`)."""

from .intake import (
    HEADERS,
    FileFormat,
    Monitor,
    MonitorError,
    ceilings,
    load_monitor,
    parse_dutch_number,
)
from .midterm import (
    STATUSES,
    illustrative_monitor,
    late_projects,
    midterm_review,
    status_of,
    trajectory,
    verdict,
    write_illustrative_monitor,
    yearly_costs,
)
from .template import build_template, write_template

__all__ = [
    "HEADERS",
    "STATUSES",
    "FileFormat",
    "Monitor",
    "MonitorError",
    "build_template",
    "ceilings",
    "illustrative_monitor",
    "late_projects",
    "load_monitor",
    "midterm_review",
    "parse_dutch_number",
    "status_of",
    "trajectory",
    "verdict",
    "write_illustrative_monitor",
    "write_template",
    "yearly_costs",
]
