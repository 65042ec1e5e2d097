"""The scenario engine: what-if start-bouw and spending paths turned into payments per area,
instrument and year (:mod:`.scenario`, :mod:`.inputs`, :mod:`.run`), with uncertainty
(:mod:`.uncertainty`) and sensitivity (:mod:`.sensitivity`).

>>> from nplv_analysis.engine import Scenario, totals
>>> t = totals(Scenario(realisation=0.5), ["heerlen-noord"]).set_index("instrument")
>>> round(t.at["realisatiestimulans", "gross_eur"])  # half of 7,608,462
3804231
"""

from .compare import Comparison, compare, compare_figures, figures
from .files import (
    NamedScenario,
    ScenarioFileError,
    load_scenario,
    load_scenarios,
    save_scenario,
)
from .inputs import RESIDUAL, Claimant, EngineInputs, engine_inputs
from .projects import PLAN_COLUMNS, draw_plan_starts, expected_plan_starts
from .run import (
    RUN_COLUMNS,
    allocation_comparison,
    cumulative,
    national,
    resolve,
    rs_payments,
    run,
    run_many,
    totals,
    unknowns,
)
from .scenario import INSTRUMENTS, PROFILES, Resolved, Scenario, ScenarioError, profile_weights
from .sensitivity import sensitivity, sensitivity_ranges
from .uncertainty import (
    DELAY_RISK,
    NO_DELAY,
    cumulative_bands,
    draw_description_values,
    plan_risks,
    realisation_range,
    simulate,
)

__all__ = [
    "DELAY_RISK",
    "INSTRUMENTS",
    "NO_DELAY",
    "PLAN_COLUMNS",
    "PROFILES",
    "RESIDUAL",
    "RUN_COLUMNS",
    "Claimant",
    "Comparison",
    "EngineInputs",
    "NamedScenario",
    "Resolved",
    "Scenario",
    "ScenarioError",
    "ScenarioFileError",
    "allocation_comparison",
    "compare",
    "compare_figures",
    "cumulative",
    "cumulative_bands",
    "draw_description_values",
    "draw_plan_starts",
    "engine_inputs",
    "expected_plan_starts",
    "figures",
    "load_scenario",
    "load_scenarios",
    "national",
    "plan_risks",
    "profile_weights",
    "realisation_range",
    "resolve",
    "rs_payments",
    "run",
    "run_many",
    "save_scenario",
    "sensitivity",
    "sensitivity_ranges",
    "simulate",
    "totals",
    "unknowns",
]
