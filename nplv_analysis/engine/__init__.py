"""The scenario engine: what-if start-bouw and spending paths turned into payments per area,
instrument and year (:mod:`.scenario`, :mod:`.inputs`, :mod:`.run`), with uncertainty
(:mod:`.uncertainty`) and sensitivity (:mod:`.sensitivity`).

>>> from nplv_analysis.engine import Scenario, totals
>>> t = totals(Scenario(realisation=0.5), ["heerlen-noord"]).set_index("instrument")
>>> round(t.at["realisatiestimulans", "gross_eur"])  # half of 7,608,462
3804231
"""

from .inputs import RESIDUAL, Claimant, EngineInputs, engine_inputs
from .run import (
    RUN_COLUMNS,
    allocation_comparison,
    cumulative,
    national,
    resolve,
    rs_payments,
    run,
    totals,
    unknowns,
)
from .scenario import INSTRUMENTS, PROFILES, Resolved, Scenario, profile_weights
from .sensitivity import SENSITIVITY, sensitivity
from .uncertainty import DEFAULT_DELAY_PROBS, cumulative_bands, simulate

__all__ = [
    "DEFAULT_DELAY_PROBS",
    "INSTRUMENTS",
    "PROFILES",
    "RESIDUAL",
    "RUN_COLUMNS",
    "SENSITIVITY",
    "Claimant",
    "EngineInputs",
    "Resolved",
    "Scenario",
    "allocation_comparison",
    "cumulative",
    "cumulative_bands",
    "engine_inputs",
    "national",
    "profile_weights",
    "resolve",
    "rs_payments",
    "run",
    "sensitivity",
    "simulate",
    "totals",
    "unknowns",
]
