"""The scenario comparison report (issue 17): named scenarios side by side, for one area or
nationally, built from an :class:`~nplv_analysis.engine.Comparison`.

- :func:`run_comparison`: the scenario files (default: every file of ``data/scenarios/``, in
  order) compared for an area or ``"national"``;
- :func:`comparison_figures`: the charts (``{name: Figure}``), each scenario in the same colour
  in every chart (:func:`~nplv_analysis.report.charts.scenario_style`, by its position);
- reader tables (:func:`totals_table`, :func:`reference_table`, :func:`payments_table`,
  :func:`ceilings_table`, :func:`bands_table`) and the scenarios in words
  (:func:`scenarios_markdown`), every file-derived string escaped;
- :func:`comparison_tables` and :func:`write_comparison`: the numbers as CSV (machine CSV and
  one Excel-NL CSV of the table with all numbers) and as an Excel workbook, names neutralised.

The first scenario is the baseline: every difference is against it (the shipped files start
with the base scenario, computed: ``Scenario()``, whose allocation rule is an assumption, A22).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from ..engine import INSTRUMENTS, Comparison, compare
from ..engine.compare import FIGURE_COLUMNS, NATIONAL
from ..engine.files import named_scenarios
from ..text import format_difference, format_eur, format_range, has_text, t
from . import charts
from .export import excel_nl_csv, workbook_sources, write_tables
from .figures import CEILING_KEYS, figures_note, national_note, scenario_label
from .tables import area_name, computed_note, funding_sources_note, md_text

NATIONAL_AREA = "national"
"""The ``area_id`` of a national comparison (all areas), as the report runner spells it."""
BOOK = "comparison"
"""The Excel workbook's name (``comparison.xlsx``): no other report's workbook is overwritten."""
EXCEL_NL = "comparison-excel-nl.csv"
"""The table with all numbers as Dutch Excel opens it (``;``, decimal comma)."""


def refuse_uncomputable(area_id: str, data_dir: str | Path | None = None, lang: str = "nl"):
    """Refuse (ValueError, in ``lang``) to compare an area of which the engine can compute no
    instrument: its comparison would be a table of dashes (and no total of zeros)."""
    from ..engine import engine_inputs

    known = engine_inputs(data_dir).known_areas
    if area_id not in known:
        raise ValueError(
            t(
                "cmp.nothing_computable",
                lang,
                area=area_name(area_id, data_dir),
                known=", ".join(known),
            )
        )


def run_comparison(
    scenario_files: list[str | Path] | None = None,
    area_id: str | None = "heerlen-noord",
    lang: str = "nl",
    data_dir: str | Path | None = None,
    n_draws: int = 2_000,
    seed: int = 0,
) -> Comparison:
    """Compare the scenarios of ``scenario_files`` (see :func:`named_scenarios`; the first is
    the baseline) for the area ``area_id``, or nationally (``"national"`` or None)."""
    area = None if area_id in (None, NATIONAL_AREA) else area_id
    if area is not None:
        area_name(area, data_dir)  # an unknown area: one message naming the known ones
        refuse_uncomputable(area, data_dir, lang)
    scenarios = named_scenarios(scenario_files, data_dir)
    return compare(scenarios, area, data_dir, lang, n_draws, seed)


# --- labels ------------------------------------------------------------------------------------


def scope_label(
    comparison: Comparison, instrument: str, lang: str = "nl", data_dir: str | Path | None = None
) -> str:
    """Where a figure of ``instrument`` comes from, for a chart's title: the area's name; or,
    nationally, the areas with an estimate (realisatiestimulans) or all areas (ORV and capacity
    under the national ceiling)."""
    if comparison.area is not None:
        return area_name(comparison.area, data_dir)
    if instrument in NATIONAL:
        return t("cmp.scope.national", lang)
    return t("cmp.scope.areas", lang, names=", ".join(_band_area_names(comparison, data_dir)))


def _band_area_names(comparison: Comparison, data_dir) -> list[str]:
    return [area_name(a, data_dir) for a in dict.fromkeys(comparison.bands["area_id"])]


def report_name(comparison: Comparison, lang: str = "nl", data_dir=None) -> str:
    """The report's subject: the area's name, or "alle gebieden" (all areas)."""
    if comparison.area is not None:
        return area_name(comparison.area, data_dir)
    return t("cmp.scope.all", lang)


def _computed(comparison: Comparison, lang: str, data_dir, numbers: str | None = None) -> str:
    """The source note of a chart of computed amounts (``numbers``: the assumptions it rests
    on, "A13, A15")."""
    if comparison.area is not None:
        source = funding_sources_note(comparison.area, data_dir, lang)
    else:
        areas = list(dict.fromkeys(comparison.bands["area_id"]))
        pairs = [(a, f"realisatiestimulans.estimate.{e}") for a in areas for e in ("low", "high")]
        national = national_note(CEILING_KEYS, lang, data_dir)
        source = f"{figures_note(pairs, data_dir, lang)} · {national}"
    return computed_note(source, lang, numbers)


# --- charts ------------------------------------------------------------------------------------


def _instruments(comparison: Comparison) -> list[str]:
    present = set(comparison.figures["instrument"])
    return [i for i in (*INSTRUMENTS, "totaal") if i in present]


def comparison_figures(
    comparison: Comparison, lang: str = "nl", data_dir: str | Path | None = None
) -> dict[str, plt.Figure]:
    """The comparison's charts, one axes per instrument (nationally each of its own scope):
    ``totals`` (each scenario against the agreement and the baseline), ``payments`` (per year, a
    line per scenario), ``ceilings`` (ORV and capacity nationally: paid and claimed against the
    ceiling) and ``bands`` (P10-P90 of the realisatiestimulans per scenario, one axes per area
    with an estimate). Every chart names its area and, in its legend, the scenarios."""
    names = comparison.names
    note = _computed(comparison, lang, data_dir)
    rows = 0.45 * len(names) + 1.6  # inches per axes of bars: room for every scenario
    figs = {}

    def stacked(key, items, height, draw, note, label) -> None:
        """One figure of axes stacked per item (an instrument, an area): ``draw(item, ax,
        source_note, area_label)``; the source note under the last."""
        if not items:
            return
        fig, axes = plt.subplots(len(items), 1, figsize=(10, height * len(items)), squeeze=False)
        for k, (ax, item) in enumerate(zip(axes[:, 0], items, strict=True)):
            draw(item, ax, note if k == len(items) - 1 else None, label(item))
        figs[key] = fig

    def scope(inst):
        return scope_label(comparison, inst, lang, data_dir)

    def chart(function, table, **extra):
        def draw(inst, ax, source_note, area_label):
            function(
                table,
                inst,
                ax=ax,
                lang=lang,
                names=names,
                source_note=source_note,
                area_label=area_label,
                **extra,
            )

        return draw

    stacked(
        "comparison-totals",
        _instruments(comparison),
        rows,
        chart(
            charts.scenario_totals_chart,
            comparison.figures,
            baseline=baseline_words(comparison, lang),
        ),
        note,
        scope,
    )
    pay = [i for i in INSTRUMENTS if i in set(comparison.payments["instrument"])]
    stacked(
        "comparison-payments",
        pay,
        3.2,
        chart(charts.scenario_payments_chart, comparison.payments),
        note,
        scope,
    )
    ceil = [i for i in NATIONAL if i in set(comparison.ceilings["instrument"])]
    ceiling_note = computed_note(  # each ceiling with its own source
        national_note(CEILING_KEYS, lang, data_dir), lang
    )
    stacked(
        "comparison-ceilings",
        ceil,
        rows,
        chart(charts.scenario_ceilings_chart, comparison.ceilings),
        ceiling_note,
        lambda _inst: t("cmp.scope.national", lang),
    )

    def bands(area, ax, source_note, area_label):
        from ..data import funding

        fund = funding(area, data_dir)
        charts.scenario_bands_chart(
            comparison.bands[comparison.bands["area_id"] == area],
            ax=ax,
            lang=lang,
            names=names,
            reference_low=fund.at["realisatiestimulans", "low_eur"],
            reference_high=fund.at["realisatiestimulans", "high_eur"],
            source_note=source_note,
            area_label=area_label,
        )

    stacked(
        "comparison-bands",
        list(dict.fromkeys(comparison.bands["area_id"])),
        rows,
        bands,
        _computed(comparison, lang, data_dir, "A13, A15"),
        lambda area: area_name(area, data_dir),
    )
    for fig in figs.values():
        charts.layout(fig)
    return figs


# --- reader tables -----------------------------------------------------------------------------


def baseline_words(comparison: Comparison, lang: str = "nl") -> str:
    """What every difference is against, in words: "het basisscenario" when the first scenario
    is the base scenario (``Scenario()``: no field differs, whatever its name), else "het eerste
    scenario (<name>)". Never "de afspraak": the agreement prints a range and maxima, the base
    scenario is computed (A22, A28)."""
    if not comparison.scenarios[0].scenario.overrides():
        return t("cmp.baseline.base", lang)
    return t("cmp.baseline.first", lang, name=comparison.names[0])


def _reference(row: pd.Series, lang: str) -> str:
    kind = row["reference"]
    if not isinstance(kind, str):
        return ""
    word = t("ceiling", lang) if kind == "ceiling" else t(f"kind.{kind}", lang)
    return f"{word}: {format_range(row['low_eur'], row['high_eur'], lang, short=False)}"


def reference_table(comparison: Comparison, lang: str = "nl") -> pd.DataFrame:
    """What the agreement says of each instrument (the estimate, the drawing right or the
    national ceiling) and the scope of the figures, for display."""
    first = comparison.figures[comparison.figures["scenario"] == comparison.names[0]]
    rows = [
        {
            t("cmp.instrument", lang): t(r["instrument"], lang),
            t("cmp.scope", lang): t(f"cmp.scope_of.{r['scope']}", lang),
            t("reference", lang): _reference(r, lang) or t("cmp.no_reference", lang),
        }
        for _, r in first.iterrows()
    ]
    return pd.DataFrame(rows).set_index(t("cmp.instrument", lang)).rename_axis(None)


def totals_table(comparison: Comparison, lang: str = "nl") -> pd.DataFrame:
    """Per scenario (rows, the baseline first) and instrument (columns): the total computed, the
    difference from the baseline and, for the realisatiestimulans, its position against the
    estimate, for display (amounts in whole euros)."""
    fig = comparison.figures
    base = comparison.names[0]
    against = baseline_words(comparison, lang)
    rows = []
    for name in comparison.names:
        part = fig[fig["scenario"] == name].set_index("instrument")
        row = {}
        for inst in part.index:
            r = part.loc[inst]
            row[f"{t(inst, lang)}, {t('computed', lang)}"] = format_eur(
                r["gross_eur"], lang, short=False
            )
            row[f"{t(inst, lang)}: {t('cmp.difference', lang, baseline=against)}"] = (
                t("cmp.baseline", lang)
                if name == base
                else format_difference(r["difference_eur"], lang)
            )
            if isinstance(r["position"], str):
                row[f"{t(inst, lang)}: {t('cmp.position', lang)}"] = t(r["position"], lang)
        rows.append(row)
    return pd.DataFrame(rows, index=comparison.names).T


def payments_table(comparison: Comparison, lang: str = "nl") -> pd.DataFrame:
    """Payments per scenario and instrument (rows) and year (columns), gross, in whole euros."""
    pay = comparison.payments
    if pay.empty:
        return pd.DataFrame()
    years = sorted(pay["year"].unique())
    wide = pay.pivot_table(
        index=["scenario", "instrument"], columns="year", values="gross_eur", aggfunc="sum"
    ).reindex(columns=years)
    order = [(n, i) for n in comparison.names for i in INSTRUMENTS if (n, i) in wide.index]
    wide = wide.reindex(order).fillna(0.0)
    out = wide.map(lambda v: format_eur(v, lang, short=False))
    out[t("totaal", lang)] = wide.sum(axis=1).map(lambda v: format_eur(v, lang, short=False))
    out.columns = [str(c) for c in out.columns]
    out.index = pd.MultiIndex.from_tuples(
        [(n, t(i, lang)) for n, i in order], names=[t("scenario", lang), t("cmp.instrument", lang)]
    )
    return out


def ceilings_table(comparison: Comparison, lang: str = "nl") -> pd.DataFrame:
    """ORV and capacity nationally per scenario: claimed, paid, the ceiling and the share of it
    used, for display."""
    rows = []
    for _, r in comparison.ceilings.iterrows():
        share = r["paid_eur"] / r["ceiling_eur"] if r["ceiling_eur"] else float("nan")
        rows.append(
            {
                t("scenario", lang): r["scenario"],
                t("cmp.instrument", lang): t(r["instrument"], lang),
                t("cmp.claims", lang): format_eur(r["claims_eur"], lang, short=False),
                t("cmp.paid", lang): format_eur(r["paid_eur"], lang, short=False),
                t("ceiling", lang): format_eur(r["ceiling_eur"], lang, short=False),
                t("cmp.share_used", lang): t("cmp.pct", lang, share=share),
            }
        )
    if not rows:
        return pd.DataFrame()
    return pd.DataFrame(rows).set_index([t("scenario", lang), t("cmp.instrument", lang)])


def bands_table(
    comparison: Comparison, lang: str = "nl", data_dir: str | Path | None = None
) -> pd.DataFrame:
    """P10, P50 and P90 of the realisatiestimulans per scenario and area, for display."""
    rows = [
        {
            t("scenario", lang): r["scenario"],
            t("area", lang): area_name(r["area_id"], data_dir),
            "P10": format_eur(r["p10"], lang, short=False),
            "P50": format_eur(r["p50"], lang, short=False),
            "P90": format_eur(r["p90"], lang, short=False),
        }
        for _, r in comparison.bands.iterrows()
    ]
    if not rows:
        return pd.DataFrame()
    return pd.DataFrame(rows).set_index([t("scenario", lang), t("area", lang)])


def scenarios_markdown(comparison: Comparison, lang: str = "nl") -> str:
    """The scenarios as a Markdown list, in order: the name (the first marked as the baseline),
    the choices that differ from the base scenario, and the description. Names and
    descriptions come from files: they are text (:func:`~.tables.md_text`), never Markdown or
    HTML."""
    lines = []
    for i, (name, named) in enumerate(zip(comparison.names, comparison.scenarios, strict=True)):
        head = f"**{md_text(name)}**"
        if i == 0:
            head += f" ({t('cmp.baseline', lang)})"
        choices = md_text(scenario_label(named.scenario, lang))
        line = f"{i + 1}. {head} — {t('cmp.choices', lang)}: {choices}."
        if named.description:
            line += f" {md_text(named.description[lang])}"
        lines.append(line)
    return "\n".join(lines)


def method_notes(
    comparison: Comparison,
    lang: str = "nl",
    n_draws: int = 2_000,
    data_dir: str | Path | None = None,
) -> list[str]:
    """The modelling choices of the comparison in a few sentences (Markdown): the baseline, the
    uncertainty model (as in the area report) and the scope of the figures (one area, or
    nationally each instrument of its own scope). Values from files are text."""
    from ..engine import realisation_range
    from ..text import format_number
    from .tables import agreement_fields

    fields = {k: md_text(v) for k, v in agreement_fields(lang, data_dir).items()}
    low, high = realisation_range(None, data_dir)
    notes = [
        t("cmp.method.baseline", lang, baseline=md_text(comparison.names[0])),
        t(
            "cmp.method.bands",
            lang,
            n_draws=format_number(n_draws, 0, lang),
            low=format_number(low * 100, 0, lang) + "%",
            high=format_number(high * 100, 0, lang) + "%",
        ),
    ]
    if comparison.area is not None:
        notes.append(t("cmp.method.area", lang, **fields))
    else:
        areas = md_text(", ".join(_band_area_names(comparison, data_dir)))
        notes.append(t("cmp.method.national", lang, areas=areas, **fields))
    return notes


# --- export ------------------------------------------------------------------------------------

ALL_COLUMNS = [
    "scenario",
    *FIGURE_COLUMNS,
    "claims_eur",
    "paid_eur",
    "ceiling_eur",
    "p10_eur",
    "p50_eur",
    "p90_eur",
]
"""The table with all numbers: per scenario and instrument the total, the baseline and the
difference, what the agreement says (``reference``, ``low_eur``, ``high_eur``) and the position
of the realisatiestimulans; ORV and capacity nationally (claims, paid, ceiling); the uncertainty
band of the realisatiestimulans (one area only: percentiles of areas do not add up)."""


def all_numbers(comparison: Comparison) -> pd.DataFrame:
    """The table with all numbers (:data:`ALL_COLUMNS`), in the order of the scenarios."""
    out = comparison.figures.copy()
    ceil = comparison.ceilings.set_index(["scenario", "instrument"])
    key = list(zip(out["scenario"], out["instrument"], strict=True))
    for col in ("claims_eur", "paid_eur", "ceiling_eur"):
        out[col] = [
            float(ceil.at[k, col]) if k in ceil.index and k[1] in NATIONAL else None for k in key
        ]
    bands = comparison.bands
    one = comparison.area is not None and bands["area_id"].nunique() == 1
    per = bands.set_index("scenario") if one else pd.DataFrame()
    for q in ("p10", "p50", "p90"):
        out[f"{q}_eur"] = [
            float(per.at[s, q]) if one and i == "realisatiestimulans" and s in per.index else None
            for s, i in key
        ]
    return out[ALL_COLUMNS].astype({c: float for c in ALL_COLUMNS if c.endswith("_eur")})


def scenarios_export(comparison: Comparison, lang: str = "nl") -> pd.DataFrame:
    """The scenarios, in order: name, description and the choices that differ from the
    base scenario (in words)."""
    return pd.DataFrame(
        {
            "scenario": comparison.names,
            "description": [(s.description or {}).get(lang, "") for s in comparison.scenarios],
            "choices": [scenario_label(s.scenario, lang) for s in comparison.scenarios],
        }
    )


def comparison_tables(comparison: Comparison, lang: str = "nl") -> dict[str, pd.DataFrame]:
    """The tables of a comparison for export (machine column names): ``comparison`` (all
    numbers), ``comparison-scenarios``, ``-payments``, ``-ceilings`` and ``-bands`` (prefixed: the
    area report and the national overview write ``payments.csv``, ``ceilings.csv`` into the same
    folders)."""
    return {
        "comparison": all_numbers(comparison),
        "comparison-scenarios": scenarios_export(comparison, lang),
        "comparison-payments": comparison.payments.reset_index(drop=True),
        "comparison-ceilings": comparison.ceilings.reset_index(drop=True),
        "comparison-bands": comparison.bands.rename(
            columns={"p10": "p10_eur", "p50": "p50_eur", "p90": "p90_eur"}
        ).reset_index(drop=True),
    }


POSITIONS = {
    "below": "flag.below_estimate",
    "within": "flag.within_estimate",
    "above": "flag.above_estimate",
}
"""A total's position against its estimate, in words."""


def in_words(table: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """A comparison table as people read it (the workbook and the Dutch-Excel CSV): the codes
    of ``instrument``, ``scope``, ``reference`` and ``position`` in words ("inschatting
    (afspraak)", "onder de inschatting", "landelijk, alle gebieden"); the machine CSV keeps the
    codes."""
    words = {
        "instrument": lambda v: t(v, lang) if has_text(v, lang) else v,
        "scope": lambda v: t(f"cmp.scope_of.{v}", lang),
        "reference": lambda v: t("ceiling", lang) if v == "ceiling" else t(f"kind.{v}", lang),
        "position": lambda v: t(POSITIONS[v], lang),
    }
    out = table.copy()
    for column, word in words.items():
        if column in out:
            out[column] = [word(v) if isinstance(v, str) else v for v in out[column]]
    return out


def write_comparison(
    comparison: Comparison,
    out_dir: str | Path,
    lang: str = "nl",
    data_dir: str | Path | None = None,
) -> list[Path]:
    """Write the comparison's tables next to the report: each as machine CSV, all as sheets of
    ``comparison.xlsx`` (with the sources), and the table with all numbers once more as
    ``comparison-excel-nl.csv`` for Dutch Excel. Strings from files are neutralised."""
    tables = comparison_tables(comparison, lang)
    shown = {name: in_words(table, lang) for name, table in tables.items()}
    areas = [comparison.area] if comparison.area is not None else "all"
    sources = workbook_sources(areas, data_dir, lang=lang)
    paths = write_tables(
        tables, out_dir, book=BOOK, lang=lang, sources=sources, shown=shown, data_dir=data_dir
    )
    from ..data.atomic import write_file

    target = write_file(Path(out_dir) / EXCEL_NL, excel_nl_csv(shown["comparison"], lang, data_dir))
    return [*paths, target]
