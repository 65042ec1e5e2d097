"""What the agreements and the regulation say, as small pure functions citing their page
(:mod:`.agreement`), and the checks of a data folder against them (:mod:`.checks`)."""

from .agreement import (
    ALLOCATIONS,
    PUBLISHED_STEP_EUR,
    allocate,
    implied_base,
    net_of_vat,
    round_to_step,
    rs_estimate,
)
from .checks import check_data, implied_vat_rates
from .vocabulary import INSTRUMENT_KIND, KINDS, figure_kind

__all__ = [
    "ALLOCATIONS",
    "INSTRUMENT_KIND",
    "KINDS",
    "PUBLISHED_STEP_EUR",
    "allocate",
    "check_data",
    "figure_kind",
    "implied_base",
    "implied_vat_rates",
    "net_of_vat",
    "round_to_step",
    "rs_estimate",
]
