"""The figures of the report notebooks, built from the library (the notebooks only show them).

Each function returns ``{name: matplotlib Figure}``; the notebooks show them with
:func:`~nplv_analysis.report.charts.show` and save them as PNG and SVG next to the report with
:func:`save_all`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd

from ..data import funding, national_summary
from ..data.loading import dataset
from ..data.schema import NATIONAL
from ..engine import (
    Scenario,
    allocation_comparison,
    cumulative_bands,
    draw_description_values,
    engine_inputs,
    run,
    totals,
)
from ..text import format_number, t
from . import charts
from .tables import (
    area_name,
    assumptions_note,
    computed_note,
    draft_mark,
    figure_value,
    figures_ref_note,
    funding_sources_note,
    homes_cell,
    monitor_source,
    source_label,
)


def figures_note(pairs, data_dir=None, lang: str = "nl") -> str:
    """The sources of the figures a chart draws, for its footnote: ``pairs`` of (area_id, key);
    each source once, with the pages of the drawn figures ("title (24 juni 2025), p. 7, 8")."""
    fig = dataset(data_dir).figures.set_index(["area_id", "key"])
    pages: dict[str, set[int]] = {}
    for pair in pairs:
        if pair in fig.index:
            row = fig.loc[pair]
            found = pages.setdefault(row["source"], set())
            if pd.notna(row["page"]):
                found.add(int(row["page"]))
    return "; ".join(
        source_label(sid, ", ".join(str(p) for p in sorted(ps)) or None, data_dir, lang)
        for sid, ps in pages.items()
    )


def area_figures(
    area_id: str,
    scenario: Scenario | None = None,
    lang: str = "nl",
    data_dir: str | Path | None = None,
    n_draws: int = 10_000,
    seed: int = 0,
) -> dict[str, plt.Figure]:
    """Funding (agreed range against the scenario), payments by year (gross and net) and the
    fan chart of the cumulative cash flow; the last two only where the engine can compute
    anything for the area."""
    scenario = scenario or Scenario()
    figs = {}
    labels = {
        "area_label": area_name(area_id, data_dir) + draft_mark(area_id, lang, data_dir),
        "scenario_label": scenario_label(scenario, lang),
    }
    note = funding_sources_note(area_id, data_dir, lang)
    computed = computed_note(note, lang)
    fund = funding(area_id, data_dir)
    tot = totals(scenario, [area_id], data_dir).set_index("instrument")["gross_eur"]
    if (fund["status"] == "published").any():  # no empty chart for an area without figures
        fig, ax = plt.subplots(figsize=(9, 3.8))
        charts.funding_vs_scenario_chart(
            fund,
            tot,
            ax=ax,
            lang=lang,
            source_note=note,
            title=funding_title(area_id, lang, data_dir),
            **labels,
        )
        figs["funding"] = fig

    pay = run(scenario, [area_id], data_dir)
    if len(pay):
        fig, axes = plt.subplots(1, 2, figsize=(10, 4.4), sharey=True)
        charts.payments_chart(pay, ax=axes[0], lang=lang, value="gross_eur", **labels)
        charts.payments_chart(
            pay, ax=axes[1], lang=lang, value="net_eur", source_note=computed, **labels
        )
        figs["payments"] = fig
        bands = cumulative_bands(scenario, area_id, n=n_draws, seed=seed, data_dir=data_dir)
        v = draw_description_values(scenario, data_dir, area_id=area_id)
        drawn = t(
            v["code"],
            lang,
            **v,
            delay=t(v["delay_code"], lang, **v),
            median_note=t(v["median_code"], lang, **v),
        )
        fig, ax = plt.subplots(figsize=(7, 3.8))
        charts.fan_chart(
            bands,
            ax=ax,
            lang=lang,
            reference_low=fund.at["totaal", "low_eur"],
            reference_high=fund.at["totaal", "high_eur"],
            source_note=computed_note(note, lang, "A13, A15"),
            drawn=drawn,
            **labels,
        )
        figs["fan"] = fig
    for fig in figs.values():
        charts.layout(fig)
    return figs


def funding_title(area_id: str, lang: str = "nl", data_dir: str | Path | None = None) -> str:
    """The funding chart's title, with the period only where the sources state it: "Rijksbijdrage
    2025-2029 per instrument" where every drawn figure is of 2025-2029, "(periode niet vermeld)"
    where none states a period (the press's "de komende jaren"), no period where they differ."""
    fund = funding(area_id, data_dir)
    keys = [k for cell in fund.loc[fund["status"] == "published", "keys"] for k in cell.split(", ")]
    fig = dataset(data_dir).figures
    periods = set(fig.loc[(fig["area_id"] == area_id) & fig["key"].isin(keys), "period"])
    if periods == {"not_stated"}:
        return t("funding_title.no_period", lang)
    if len(periods) == 1:
        return t("funding_title.period", lang, period=periods.pop())
    return t("funding_title", lang)


def scenario_value(name: str, value: Any, lang: str) -> str:
    """A scenario field's value the reader's way: "70%", "€ 7.000", "wie het eerst komt"."""
    from ..engine.scenario import field_text

    return field_text(name, value, lang)


def scenario_words(parameters: dict[str, Any], lang: str = "nl") -> str:
    """The scenario of a report's parameters in words: "basisscenario (berekend)" when no
    scenario parameter is set, else the overrides ("realisatie 70%, 1 jaar vertraging")."""
    import dataclasses

    names = [f.name for f in dataclasses.fields(Scenario)]
    given = [(n, parameters[n]) for n in names if parameters.get(n) is not None]
    if not given:
        return t("stamp.agreement", lang)
    words = []
    for n, v in given:
        value = scenario_value(n, v, lang)
        words.append(t(f"stamp.{n}", lang, value=value))
    return ", ".join(words)


def scenario_label(scenario: Scenario | None, lang: str = "nl") -> str:
    """The scenario in words, as in the report's stamp: "basisscenario (berekend)", or the
    choices that differ from it ("realisatie 70%, 1 jaar vertraging")."""
    return scenario_words((scenario or Scenario()).overrides(), lang)


def national_overview_figures(
    scenario: Scenario | None = None, lang: str = "nl", data_dir: str | Path | None = None
) -> dict[str, plt.Figure]:
    """All areas side by side, the drawing rights against the national ceilings, what each
    allocation rule pays the areas with published rights, and the homes against 40,000 + 10,000."""
    scenario = scenario or Scenario()
    ds = dataset(data_dir)
    nat = ds.figures[ds.figures["area_id"] == NATIONAL].set_index("key")
    summary = national_summary(data_dir).copy()
    summary["name"] = [
        name + draft_mark(str(a), lang, data_dir) for a, name in summary["name"].items()
    ]
    note = national_note(CEILING_KEYS, lang, data_dir)
    figs = {}
    everyone = {"area_label": t("all_areas", lang)}

    fig, ax = plt.subplots(figsize=(9, 6.5))
    charts.areas_chart(
        summary, ax=ax, lang=lang, source_note=areas_note(summary, lang, data_dir), **everyone
    )
    figs["areas"] = fig

    fig, ax = plt.subplots(figsize=(7, 3.8))
    charts.ceilings_chart(
        {"orv": nat.at["orv.agreed", "value"], "capaciteit": nat.at["capaciteit.agreed", "value"]},
        {"orv": nat.at["orv.budget", "value"], "capaciteit": nat.at["capaciteit.budget", "value"]},
        ax=ax,
        lang=lang,
        at_least={"orv": nat.at["orv.agreed", "qualifier"] == "at_least", "capaciteit": False},
        source_note=note,
        **everyone,
    )
    figs["ceilings"] = fig

    known = [a for a in engine_inputs(data_dir).known_areas]
    comparison = allocation_comparison(scenario, known, data_dir)
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
    names = national_summary(data_dir)["name"]
    who = ", ".join(names.get(a, a) for a in known)
    rules = {"area_label": who, "scenario_label": scenario_label(scenario, lang)}
    charts.allocation_chart(comparison, "orv", ax=axes[0], lang=lang, **rules)
    charts.allocation_chart(
        comparison,
        "capaciteit",
        ax=axes[1],
        lang=lang,
        source_note=computed_note(note, lang),
        **rules,
    )
    figs["allocation"] = fig

    # one truth per figure: only the agreements' estimates of all starts are added up; figures of
    # another kind (press, affordable starts only) are named, never summed with them
    fig_all = ds.figures
    starts_keys = ("homes.startbouw.total", "homes.startbouw.affordable")
    published = fig_all[fig_all["key"].isin(starts_keys) & (fig_all["area_id"] != NATIONAL)]
    names = summary["name"]
    summed = published[
        (published["key"] == "homes.startbouw.total") & (published["source_kind"] == "agreement")
    ]
    per_area = pd.Series(
        summed["value"].to_numpy(), index=[names.get(a, a) for a in summed["area_id"]]
    )
    drawn = [(a, "homes.startbouw.total") for a in summed["area_id"]]  # the notes' figures
    others = []
    for area, part in published[~published["area_id"].isin(summed["area_id"])].groupby(
        "area_id", sort=False
    ):
        row = part.sort_values("key", ascending=False).iloc[0]  # all starts before affordable
        drawn.append((area, row["key"]))
        value = format_number(row["value"], 0, lang)
        if row["qualifier"] == "circa":
            value = f"{t('circa', lang)} {value}"
        what = "starts_all" if row["key"].endswith(".total") else "starts_affordable"
        if row["source_kind"] not in ("agreement", "regulation"):  # the press speaks of homes
            what = "homes_press_all" if row["key"].endswith(".total") else "homes_press_affordable"
        others.append(
            t(
                "homes_item",
                lang,
                name=names.get(area, area),
                value=value,
                what=t(what, lang),
                kind=t(row["source_kind"], lang),
            )
        )
    fig, ax = plt.subplots(figsize=(9, 3.2))
    charts.homes_chart(
        nat.at["homes.accelerated", "value"],
        nat.at["homes.extra", "value"],
        per_area,
        ax=ax,
        lang=lang,
        source_note=national_note(
            ("homes.accelerated", "homes.extra", "homes.programme.total"), lang, data_dir
        )
        + " · "
        + figures_ref_note(
            [(f"{names.get(a, a)} {homes_cell(summary.loc[a], lang)}", (a, k)) for a, k in drawn],
            lang,
            data_dir,
        ),
        others=t("homes_others", lang, items="; ".join(others)) if others else None,
        **everyone,
    )
    figs["homes"] = fig
    for fig in figs.values():
        charts.layout(fig)
    return figs


CEILING_KEYS = ("orv.budget", "orv.agreed", "capaciteit.budget", "capaciteit.agreed")
"""The national figures of the ceilings charts: the budgets (ceilings) and the drawing rights."""


def national_note(keys, lang: str = "nl", data_dir: str | Path | None = None) -> str:
    """A chart's source note for national figures, each with its own source: the Rijksoverheid's
    press release where it states the figure ("ORV: landelijk budget (plafond) € 180,0 mln:
    Rijksoverheid, 24 juni 2025; ook: ..."), else the national passage of the one public
    agreement text, with its page."""
    nat = dataset(data_dir).figures
    nat = nat[nat["area_id"] == NATIONAL].set_index("key")
    items = [
        (f"{t(f'national_label.{k}', lang)} {figure_value(nat.loc[k], lang)}", (NATIONAL, k))
        for k in keys
    ]
    return figures_ref_note(items, lang, data_dir)


def areas_note(summary: pd.DataFrame, lang: str = "nl", data_dir: str | Path | None = None) -> str:
    """The areas chart's sources: each area's drawn total (or the amount a source names without
    an instrument) with its own source and page, or publisher and date."""
    items = []
    for area_id, r in summary.iterrows():
        fund = funding(str(area_id), data_dir)
        if fund.at["totaal", "status"] == "published":
            key = str(fund.at["totaal", "keys"]).split(", ")[0]
            if key != "sum of the instruments":
                items.append((r["name"], (str(area_id), key)))
        if pd.notna(r["rijksbijdrage_part_eur"]):
            items.append((r["name"], (str(area_id), "rijksbijdrage.part")))
    return figures_ref_note(items, lang, data_dir)


def save_all(figs: dict[str, plt.Figure], folder: str | Path | None) -> list[Path]:
    """Save every figure as PNG and SVG in ``folder`` (nothing when ``folder`` is None)."""
    if folder is None:
        return []
    paths = []
    for name, fig in figs.items():
        paths += charts.save_figure(fig, folder, name)
    return paths


def midterm_figures(
    review: pd.DataFrame,
    monitor,
    as_of,
    area_ids: list[str],
    lang: str = "nl",
    data_dir: str | Path | None = None,
) -> dict[str, plt.Figure]:
    """The trajectory (planned, realised, projected starts), the realisatiestimulans
    projection and the yearly report on ORV and capacity of each area, its name in the title,
    marked ILLUSTRATIEF in title and watermark when the monitor figures are illustrative."""
    from ..monitor import trajectory, yearly_costs

    illustrative = bool(monitor.illustrative)
    source = monitor_source(monitor, as_of, lang)
    yearly = yearly_costs(monitor, as_of, data_dir=data_dir)
    figs = {}
    rows = review.set_index("area_id")
    money = ("realisatiestimulans.estimate.low", "orv.total.incl", "capaciteit.total.incl")
    for area_id in area_ids:
        suffix = "" if len(area_ids) == 1 else f"-{area_id}"
        drawn = [(area_id, k) for k in ("homes.startbouw.total", *money)]
        note = f"{source}; {figures_note(drawn, data_dir, lang)}"
        common = {
            "lang": lang,
            "illustrative": illustrative,
            "area_label": area_name(area_id, data_dir),
        }
        fig, ax = plt.subplots(figsize=(7, 3.8))
        charts.trajectory_chart(
            trajectory(monitor, area_id, as_of, data_dir=data_dir),
            ax=ax,
            source_note=note,
            **common,
        )
        figs[f"trajectory{suffix}"] = fig
        fig, ax = plt.subplots(figsize=(7, 3.8))
        charts.projection_chart(
            rows.loc[area_id],
            ax=ax,
            source_note=f"{note}; {assumptions_note(lang, 'A17-A19, A34')}",
            **common,
        )
        figs[f"at-risk{suffix}"] = fig
        part = yearly[yearly["area_id"] == area_id]
        if len(part):
            fig, ax = plt.subplots(figsize=(7, 4.2))  # room for the legend
            charts.yearly_costs_chart(
                part,
                ax,
                source_note=f"{note}; {assumptions_note(lang, 'A34')}",
                **common,
            )
            figs[f"yearly{suffix}"] = fig
    for fig in figs.values():
        charts.layout(fig)
    return figs
