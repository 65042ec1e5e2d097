"""Issue 24: the engine's refusals reach a reader in the run's language (a code plus values,
shown with ``.text(lang)``), not as English ValueErrors. Texts written by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from nplv_analysis.engine.projects import expected_plan_starts
from nplv_analysis.engine.run import run, run_many
from nplv_analysis.engine.scenario import Scenario, ScenarioError
from nplv_analysis.engine.uncertainty import simulate

HN = "heerlen-noord"


def _refusal(call) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        call()
    return info.value


@pytest.mark.parametrize(
    ("call", "nl", "en"),
    [
        (
            lambda: simulate(n=0, areas=[HN]),
            "n=0: moet een geheel aantal trekkingen zijn, ten minste 1",
            "n=0: must be a whole number of draws, at least 1",
        ),
        (
            lambda: simulate(n=10, areas=[HN], delay_probs=(0.5, 0.4)),
            "delay_probs=(0.5, 0.4): moeten de kansen zijn op 0, 1, 2, ... jaar extra vertraging, "
            "samen 1",
            "delay_probs=(0.5, 0.4): must be chances of 0, 1, 2, ... years of extra delay that "
            "add up to 1",
        ),
        (
            lambda: simulate(n=10, areas=[HN], realisation_band=(0.1, 0.2)),
            "realisation_band=(0.1, 0.2): moet twee aandelen rond de realisatie zijn (onder, "
            "boven): onder -1 tot en met 0, boven 0 tot en met 1",
            "realisation_band=(0.1, 0.2): must be two shares (below, above) around the "
            "realisation, below -1 to 0 and above 0 to 1",
        ),
        (
            lambda: simulate(n=10, areas=[HN], quantiles=(0.1, 1.5)),
            "quantiles=(0.1, 1.5): moeten aandelen tussen 0 en 1 zijn waarvan de percentages "
            "(p10, p50, ...) verschillen",
            "quantiles=(0.1, 1.5): must be shares between 0 and 1 whose percentages "
            "(p10, p50, ...) differ",
        ),
        (
            lambda: run_many([Scenario(), Scenario(), Scenario()], labels=["a"]),
            "labels=['a']: er zijn 3 namen nodig, één per scenario",
            "labels=['a']: 3 names are needed, one per scenario",
        ),
    ],
)
def test_a_refused_argument_is_told_in_the_readers_language(call, nl, en):
    refusal = _refusal(call)
    assert refusal.text("nl") == nl
    assert refusal.text("en") == en
    assert str(refusal) == en


def test_an_unknown_area_is_named_with_the_allowed_ones():
    refusal = _refusal(lambda: run(Scenario(), areas=["heerlen"]))
    assert refusal.text("nl").startswith(
        "areas=['heerlen']: heerlen zijn geen NPLV-gebieden; toegestaan zijn "
    )
    assert "heerlen-noord" in refusal.text("nl")


def test_a_plan_table_without_its_columns_or_with_an_unknown_phase():
    plans = pd.DataFrame(
        {"area_id": [HN], "project": ["A"], "homes_affordable": [10], "start_year": [2026]}
    )
    refusal = _refusal(lambda: expected_plan_starts(plans))
    assert refusal.text("nl") == (
        "plans=['phase']: mist deze kolommen; nodig zijn area_id, project, homes_affordable, "
        "start_year, phase"
    )
    plans["phase"] = ["schets"]
    refusal = _refusal(lambda: expected_plan_starts(plans))
    assert refusal.text("nl") == (
        "phase=['schets']: toegestaan zijn initiatief, planvorming, vergunning, bouw"
    )
