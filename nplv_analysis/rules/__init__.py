"""What the agreements and the regulation say, as small pure functions citing their page
(:mod:`.agreement`), and the checks of a data folder against them (:mod:`.checks`)."""

from .agreement import (
    ALLOCATIONS,
    PUBLISHED_STEP_EUR,
    allocate,
    implied_base,
    round_to_step,
    rs_estimate,
)
from .checks import check_data, implied_vat_rates

__all__ = [
    "ALLOCATIONS",
    "PUBLISHED_STEP_EUR",
    "allocate",
    "check_data",
    "implied_base",
    "implied_vat_rates",
    "round_to_step",
    "rs_estimate",
]
