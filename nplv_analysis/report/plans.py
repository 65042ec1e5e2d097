"""The plan report (issue 23): a municipality's plan list turned into money, per project and
per start year, as planned and as expected, against the agreement's estimate; tables in the
reader's words and the chart of money per project (``notebooks/plans_report.ipynb``).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from ..plans.money import against_estimate, project_money, year_money
from ..text import format_eur, format_number, t
from . import charts
from .tables import area_name


def plan_money(
    plans: pd.DataFrame,
    area_id: str,
    data_dir: str | Path | None = None,
    lang: str = "nl",
) -> dict[str, pd.DataFrame]:
    """The frames of a plan report (codes and numbers): ``projects`` (per project as planned and
    expected, with the chance that it is paid in the window, ``p_paid``, and the amount at risk),
    ``years`` (per start year) and ``estimate`` (the totals against the agreement's estimate).
    All exact (the phases' chances, no draws)."""
    projects = project_money(plans, area_id, data_dir, lang)
    projects["at_risk_eur"] = projects["planned_eur"] - projects["expected_eur"]
    return {
        "projects": projects,
        "years": year_money(plans, area_id, data_dir, lang),
        "estimate": against_estimate(plans, area_id, data_dir, lang),
    }


def _eur(value: float, lang: str) -> str:
    return "–" if pd.isna(value) else format_eur(value, lang, short=False)


def _sum(values: pd.Series) -> float:
    """A total of amounts, unknown (NaN) when every amount is unknown."""
    return values.sum(min_count=1)


def project_table(projects: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """Per project, for display: phase, start, starts and realisatiestimulans as planned and as
    expected, the chance of a payment and the amount at risk; a total row."""
    out = pd.DataFrame(
        {
            t("plans.col.project", lang): projects["project"],
            t("plans.col.phase", lang): [t(f"plans.phase.{p}", lang) for p in projects["phase"]],
            t("plans.col.year", lang): projects["start_year"].astype(str),
            t("plans.col.planned_starts", lang): [
                format_number(n, 0, lang) for n in projects["planned_starts"]
            ],
            t("plans.col.planned_rs", lang): [_eur(v, lang) for v in projects["planned_eur"]],
            t("plans.col.expected_starts", lang): [
                format_number(n, 1, lang) for n in projects["expected_starts"]
            ],
            t("plans.col.expected_rs", lang): [_eur(v, lang) for v in projects["expected_eur"]],
            t("plans_report.col.p_paid", lang): [
                "–" if pd.isna(p) else format_number(p * 100, 0, lang) + "%"
                for p in projects["p_paid"]
            ],
            t("plans_report.col.at_risk", lang): [_eur(v, lang) for v in projects["at_risk_eur"]],
        }
    )
    total = {c: "" for c in out.columns}
    total.update(
        {
            t("plans.col.project", lang): t("plans.cli.total", lang),
            t("plans.col.planned_starts", lang): format_number(
                projects["planned_starts"].sum(), 0, lang
            ),
            t("plans.col.planned_rs", lang): _eur(_sum(projects["planned_eur"]), lang),
            t("plans.col.expected_starts", lang): format_number(
                projects["expected_starts"].sum(), 1, lang
            ),
            t("plans.col.expected_rs", lang): _eur(_sum(projects["expected_eur"]), lang),
            t("plans_report.col.at_risk", lang): _eur(_sum(projects["at_risk_eur"]), lang),
        }
    )
    return pd.concat([out, pd.DataFrame([total])], ignore_index=True).set_index(
        t("plans.col.project", lang)
    )


def year_table(years: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """Per start year, for display: the starts, what they earn and the payment year, as planned
    and as expected ("–": a start outside the window earns nothing)."""

    def paid(year) -> str:
        return "–" if pd.isna(year) else str(int(year))

    return pd.DataFrame(
        {
            t("plans.col.year", lang): years["start_year"].astype(str),
            t("plans.col.planned_starts", lang): [
                format_number(n, 0, lang) for n in years["planned_starts"]
            ],
            t("plans.col.planned_rs", lang): [_eur(v, lang) for v in years["planned_eur"]],
            t("plans_report.col.paid_planned", lang): [paid(y) for y in years["planned_paid_year"]],
            t("plans.col.expected_starts", lang): [
                format_number(n, 1, lang) for n in years["expected_starts"]
            ],
            t("plans.col.expected_rs", lang): [_eur(v, lang) for v in years["expected_eur"]],
            t("plans_report.col.paid_expected", lang): [
                paid(y) for y in years["expected_paid_year"]
            ],
        }
    ).set_index(t("plans.col.year", lang))


def estimate_words(estimate: pd.DataFrame, lang: str = "nl") -> dict[str, str]:
    """The report's sentence on the estimate: ``sentence``, its catalogue id (``plans_report.
    estimate``; ``.estimate_none`` where no estimate is published; ``.estimate_unknown`` with
    the ``reason`` where the engine computes nothing, e.g. the area did not sign), and its
    values: the amounts as planned and as expected, their positions, the estimate's range."""
    planned, expected = estimate.loc["planned"], estimate.loc["expected"]
    if planned["position"] == "unknown":
        sentence = "plans_report.estimate_unknown"
    elif pd.isna(planned["reference_low_eur"]):
        sentence = "plans_report.estimate_none"
    else:
        sentence = "plans_report.estimate"
    return {
        "sentence": sentence,
        "reason": planned["reason"] if isinstance(planned["reason"], str) else "",
        "planned": _eur(planned["gross_eur"], lang),
        "planned_position": t(planned["position"], lang),
        "expected": _eur(expected["gross_eur"], lang),
        "expected_position": t(expected["position"], lang),
        "low": _eur(planned["reference_low_eur"], lang),
        "high": _eur(planned["reference_high_eur"], lang),
    }


def plan_figures(
    money: dict[str, pd.DataFrame],
    area_id: str,
    lang: str = "nl",
    data_dir: str | Path | None = None,
    illustrative: bool = False,
) -> dict[str, plt.Figure]:
    """The plan report's chart: the realisatiestimulans per project, as planned and as expected
    (:func:`~nplv_analysis.report.charts.plans_chart`), marked ILLUSTRATIEF for an illustrative
    list."""
    projects = money["projects"]
    fig, ax = plt.subplots(figsize=(9, 2.4 + 0.42 * len(projects)))
    charts.plans_chart(
        projects,
        ax=ax,
        lang=lang,
        area_label=area_name(area_id, data_dir),
        source_note=t("plans_report.chart_note", lang),
    )
    if illustrative:
        charts.mark_illustrative(ax, lang)
    return {"plans": fig}
