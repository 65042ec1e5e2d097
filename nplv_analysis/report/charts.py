"""Static matplotlib charts for reports. Every function takes ``ax=`` and returns it."""

from __future__ import annotations

import io
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from ..text import format_eur, format_number, format_range, t

# Okabe-Ito, safe for the common forms of colour blindness.
PALETTE = {
    "realisatiestimulans": "#0072B2",
    "orv": "#E69F00",
    "capaciteit": "#009E73",
    "totaal": "#555555",
}


def png_bytes(fig, dpi: int = 110, tight: bool = True) -> bytes:
    """The figure rendered to PNG (Agg), whatever backend is active. ``tight=False`` skips
    the extra layout pass of a tight bounding box (faster, for live redraws)."""
    buf = io.BytesIO()
    fig.savefig(
        buf,
        format="png",
        dpi=dpi,
        bbox_inches="tight" if tight else None,
        metadata={"Software": None},
    )
    return buf.getvalue()


def show(fig, close: bool = True) -> None:
    """Show a figure in a notebook as a static PNG image and close it.

    Reports run headless with the Agg backend, where ``plt.show()`` and ``display(fig)`` give
    only the text "<Figure size ...>"; an explicit PNG always renders.
    """
    import base64
    import html

    from IPython.display import HTML, display

    data = png_bytes(fig)
    fig._nplv_png = (data, fig.get_size_inches().tolist())  # reused by save_figure
    alt = "; ".join(a.get_title(loc="left") for a in fig.axes if a.get_title(loc="left"))
    if close:
        plt.close(fig)
    encoded = base64.b64encode(data).decode("ascii")
    display(HTML(f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{encoded}">'))


def _range_bar(ax: Axes, y: float, low: float, high: float, color: str, press: bool) -> float:
    """Draw one published range; returns where its label goes (in EUR mln).

    Solid up to the low end, hatched from low to high. Press figures are drawn open (white
    with dots) so they never look like agreement figures; an "at most" figure is a dotted
    outline from zero (its true value lies somewhere below)."""
    face = "white" if press else color
    hatch = "...." if press else None
    if np.isnan(low):  # at most
        ax.barh(y, high / 1e6, height=0.6, fill=False, edgecolor=color, linestyle=":", lw=1.5)
        return high / 1e6
    ax.barh(y, low / 1e6, color=face, edgecolor=color, hatch=hatch, height=0.6)
    end = low / 1e6 if np.isnan(high) else high / 1e6
    if end > low / 1e6:
        ax.barh(y, end - low / 1e6, left=low / 1e6, color=color, alpha=0.35, hatch="//", height=0.6)
    return end


def _legend(
    ax: Axes, lang: str, press: bool, upper: bool, extra=(), loc: str = "upper right"
) -> None:
    grey = "#777777"
    handles = [
        Patch(color=grey, label=t("fixed", lang)),
        Patch(facecolor=grey, alpha=0.35, hatch="//", label=t("range", lang)),
    ]
    if press:
        handles.append(
            Patch(facecolor="white", edgecolor=grey, hatch="....", label=t("press_bar", lang))
        )
    if upper:
        handles.append(
            Patch(fill=False, edgecolor=grey, linestyle=":", label=t("upper_bound", lang))
        )
    ax.legend(handles=[*handles, *extra], loc=loc, fontsize=8, frameon=False)


def funding_chart(
    fund: pd.DataFrame,
    ax: Axes | None = None,
    lang: str = "nl",
    title: str | None = None,
    source_note: str | None = None,
    extra_legend=(),
) -> Axes:
    """Horizontal bars of an area's funding by instrument (a :func:`~nplv_analysis.funding`
    table). Instruments without a published figure are named with their status ("niet
    gepubliceerd"), never drawn as zero; press figures are drawn open, unlike agreement
    figures."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.8))
    labels = []
    press_any = upper_any = False
    for i, (inst, row) in enumerate(fund.iterrows()):
        y = len(fund) - 1 - i
        labels.append((y, t(inst, lang)))
        low, high = row["low_eur"], row["high_eur"]
        if np.isnan(low) and np.isnan(high):
            ax.text(0, y, "  " + t(row["status"], lang), va="center", style="italic", color="#444")
            continue
        press = "agreement" not in str(row["source_kind"])
        press_any |= press
        upper_any |= bool(np.isnan(low))
        end = _range_bar(ax, y, low, high, PALETTE.get(inst, "#555555"), press)
        text = format_range(low, high, lang)
        if row["vat"] == "not_stated":
            text += f" ({t('not_stated', lang)})"
        ax.text(end, y, "  " + text, va="center", fontsize=9)
    ax.set_yticks([y for y, _ in labels], [name for _, name in labels])
    ax.set_xlabel(t("mln_axis", lang))
    xmax = np.nanmax(np.r_[fund["high_eur"].to_numpy(), fund["low_eur"].to_numpy(), 0]) / 1e6
    ax.set_xlim(0, max(xmax * 2.0, 1))
    ax.set_ylim(-0.6, len(fund) - 0.3)
    eur_axis(ax, lang, "x", scale=1e6)
    _style(ax, title or t("funding_title", lang))
    _legend(ax, lang, press_any, upper_any, extra_legend)
    if source_note:
        source_footnote(ax, source_note, lang)
    return ax


# --- shared helpers ----------------------------------------------------------------------------


def eur_axis(ax: Axes, lang: str = "nl", axis: str = "y", scale: float = 1.0) -> Axes:
    """Number ticks the reader's way: "2,5" and "1.000" in Dutch (values in ``scale`` units,
    e.g. 1e6 for an axis in EUR mln)."""
    from matplotlib.ticker import FuncFormatter

    def fmt(v: float, _pos) -> str:
        decimals = next((d for d in (0, 1, 2) if abs(v * 10**d - round(v * 10**d)) < 1e-9), 2)
        return format_number(v, decimals, lang)

    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(FuncFormatter(fmt))
    return ax


def source_footnote(ax: Axes, text: str, lang: str = "nl") -> Axes:
    """A source line at the bottom left of the figure (a figure text, so that
    :func:`tight_layout` leaves the axes alone; it keeps room for it at the bottom)."""
    fig = ax.figure
    fig.text(
        0.005,
        0.005,
        f"{t('source_note', lang)}: {text}",
        fontsize=7,
        color="#444",
        ha="left",
        va="bottom",
    )
    fig._nplv_footnote = True
    return ax


def tight_layout(fig) -> None:
    """``fig.tight_layout()`` with room for a source footnote."""
    bottom = 0.06 if getattr(fig, "_nplv_footnote", False) else 0.0
    fig.tight_layout(rect=(0, bottom, 1, 1))


def save_figure(fig, folder, name: str, dpi: int = 110) -> list:
    """Save a figure as ``name.png`` and ``name.svg`` in ``folder``; returns the paths.
    The SVG is byte-for-byte repeatable (no date, fixed hash salt)."""
    from pathlib import Path

    import matplotlib as mpl

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    shown = getattr(fig, "_nplv_png", None)
    if shown is not None and dpi == 110 and shown[1] == fig.get_size_inches().tolist():
        paths[0].write_bytes(shown[0])  # the PNG the notebook showed: the same bytes
    else:
        paths[0].write_bytes(png_bytes(fig, dpi))
    with mpl.rc_context({"svg.hashsalt": "nplv-analysis"}):
        fig.savefig(paths[1], bbox_inches="tight", metadata={"Date": None, "Creator": None})
    return paths


def _style(ax: Axes, title: str) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title, loc="left", fontsize=11)


# --- area charts -------------------------------------------------------------------------------


def funding_vs_scenario_chart(
    fund: pd.DataFrame,
    scenario_totals: pd.Series,
    ax: Axes | None = None,
    lang: str = "nl",
    source_note: str | None = None,
) -> Axes:
    """The agreed low-high range per instrument (bars) with the scenario's total (a black
    diamond). ``scenario_totals``: gross EUR per instrument; missing = not computable."""
    marker = plt.Line2D(
        [],
        [],
        marker="D",
        color="black",
        linestyle="",
        label=f"{t('scenario', lang)} ({t('computed', lang)})",
    )
    ax = funding_chart(fund, ax=ax, lang=lang, source_note=source_note, extra_legend=[marker])
    n = len(fund)
    for i, inst in enumerate(fund.index):
        value = scenario_totals.get(inst, np.nan) if inst != "totaal" else scenario_totals.sum()
        if inst == "totaal" and scenario_totals.isna().any():
            value = np.nan
        if pd.notna(value):
            ax.plot(value / 1e6, n - 1 - i, marker="D", color="black", markersize=7, zorder=5)
    return ax


def payments_chart(
    payments: pd.DataFrame,
    ax: Axes | None = None,
    lang: str = "nl",
    value: str = "gross_eur",
    title: str | None = None,
    source_note: str | None = None,
) -> Axes:
    """Payments per year stacked by instrument (a :func:`~nplv_analysis.engine.run` table,
    one or more areas summed). The title says the amounts are computed."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.6))
    wide = payments.pivot_table(index="year", columns="instrument", values=value, aggfunc="sum")
    order = [i for i in ("realisatiestimulans", "orv", "capaciteit") if i in wide.columns]
    bottom = np.zeros(len(wide))
    for inst in order:
        vals = wide[inst].fillna(0.0).to_numpy() / 1e6
        ax.bar(wide.index, vals, bottom=bottom, color=PALETTE[inst], label=t(inst, lang), width=0.7)
        bottom += vals
    ax.set_xticks(list(wide.index))
    ax.set_ylabel(t("mln_axis", lang))
    kind = t("gross" if value == "gross_eur" else "net", lang)
    _style(ax, title or f"{t('payments_title', lang)} ({t('computed', lang)}),\n{kind}")
    eur_axis(ax, lang)
    ax.set_ylim(0, max(float(bottom.max()), 0.1) * 1.5)  # room for the legend above the bars
    ax.legend(fontsize=7, frameon=False, loc="upper left")
    if source_note:
        source_footnote(ax, source_note, lang)
    return ax


def fan_chart(
    bands: pd.DataFrame,
    ax: Axes | None = None,
    lang: str = "nl",
    reference_low: float | None = None,
    reference_high: float | None = None,
    source_note: str | None = None,
    drawn: str | None = None,
) -> Axes:
    """Cumulative cash flow: the P10-P90 band and the median (a
    :func:`~nplv_analysis.engine.cumulative_bands` table), with the agreement's total (the
    realisatiestimulans estimate plus the drawing rights). ``drawn``: one plain sentence saying
    what the simulation draws, written under the axis."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.6))
    years = bands["year"].to_numpy()
    ax.fill_between(
        years,
        bands["p10"] / 1e6,
        bands["p90"] / 1e6,
        color="#0072B2",
        alpha=0.25,
        label=t("p10_p90", lang),
    )
    ax.plot(years, bands["p50"] / 1e6, color="#0072B2", marker="o", label=t("p50", lang))
    if reference_low is not None and pd.notna(reference_low):
        high = (
            reference_high
            if reference_high is not None and pd.notna(reference_high)
            else reference_low
        )
        ax.axhspan(
            reference_low / 1e6,
            high / 1e6,
            color="#999999",
            alpha=0.25,
            label=t("estimate_band", lang),
        )
    ax.set_xticks(list(years))
    ax.set_ylabel(t("mln_axis", lang))
    ax.set_ylim(bottom=0)
    _style(ax, f"{t('fan_title', lang)} ({t('computed', lang)})")
    eur_axis(ax, lang)
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    if drawn:
        ax.text(
            0,
            -0.13,
            textwrap.fill(drawn, 110),
            transform=ax.transAxes,
            fontsize=7,
            color="#444",
            ha="left",
            va="top",
        )
    if source_note:
        source_footnote(ax, source_note, lang)
    return ax


# --- national charts ---------------------------------------------------------------------------


def ceilings_chart(
    claims: dict[str, float],
    ceilings: dict[str, float],
    ax: Axes | None = None,
    lang: str = "nl",
    at_least: dict[str, bool] | None = None,
    source_note: str | None = None,
) -> Axes:
    """Agreed drawing rights against the national ceiling, per instrument (ORV, capaciteit)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.4))
    insts = list(claims)
    x = np.arange(len(insts))
    for i, inst in enumerate(insts):
        ax.bar(x[i] - 0.2, claims[inst] / 1e6, width=0.4, color=PALETTE[inst])
        ax.bar(x[i] + 0.2, ceilings[inst] / 1e6, width=0.4, color="#BBBBBB")
        more = t("more_than", lang) + " " if (at_least or {}).get(inst) else ""
        ax.text(
            x[i] - 0.2,
            claims[inst] / 1e6,
            f"{more}{format_eur(claims[inst], lang)}",
            ha="center",
            va="bottom",
            fontsize=8,
        )
        ax.text(
            x[i] + 0.2,
            ceilings[inst] / 1e6,
            format_eur(ceilings[inst], lang),
            ha="center",
            va="bottom",
            fontsize=8,
        )
    ax.set_xticks(x, [t(i, lang) for i in insts])
    ax.set_ylabel(t("mln_axis", lang))
    ax.legend(
        handles=[
            Patch(color="#777777", label=t("claims", lang)),
            Patch(color="#BBBBBB", label=t("ceiling", lang)),
        ],
        fontsize=8,
        frameon=False,
    )
    _style(ax, t("ceilings_title", lang))
    if source_note:
        source_footnote(ax, source_note, lang)
    return ax


def allocation_chart(
    comparison: pd.DataFrame,
    instrument: str = "orv",
    ax: Axes | None = None,
    lang: str = "nl",
    source_note: str | None = None,
    areas_label: str | None = None,
) -> Axes:
    """Payments per year under each allocation rule (an
    :func:`~nplv_analysis.engine.allocation_comparison` table, areas summed; name them in
    ``areas_label``)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.4))
    sel = comparison[comparison["instrument"] == instrument]
    wide = sel.pivot_table(index="year", columns="rule", values="gross_eur", aggfunc="sum")
    styles = {
        "uncapped": ("#555555", "o", "-"),
        "pro_rata": ("#0072B2", "s", "--"),
        "first_come": ("#D55E00", "^", ":"),
    }
    for rule in ("uncapped", "pro_rata", "first_come"):
        if rule in wide.columns:
            color, marker, ls = styles[rule]
            ax.plot(
                wide.index,
                wide[rule] / 1e6,
                color=color,
                marker=marker,
                linestyle=ls,
                label=t(rule, lang),
            )
    ax.set_xticks(list(wide.index))
    ax.set_ylabel(t("mln_axis", lang))
    ax.set_ylim(bottom=0)
    who = f", {areas_label}" if areas_label else ""
    _style(
        ax, f"{t('allocation_title', lang)} ({t('computed', lang)}):\n{t(instrument, lang)}{who}"
    )
    eur_axis(ax, lang)
    ax.legend(fontsize=8, frameon=False)
    if source_note:
        source_footnote(ax, source_note, lang)
    return ax


def homes_chart(
    accelerated: float,
    extra: float,
    per_area: pd.Series,
    ax: Axes | None = None,
    lang: str = "nl",
    source_note: str | None = None,
) -> Axes:
    """The national target (accelerated + extra) against the starts the areas published
    (``per_area``: area name -> homes); the other areas are named as not published, and no
    number is made up for them."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 2.8))
    ax.barh(1, accelerated, color="#0072B2", label=t("accelerated", lang))
    ax.barh(1, extra, left=accelerated, color="#56B4E9", label=t("extra", lang))
    left = 0.0
    colors = ["#E69F00", "#009E73", "#CC79A7", "#D55E00", "#F0E442"]
    for i, (name, homes) in enumerate(per_area.items()):
        ax.barh(0, homes, left=left, color=colors[i % len(colors)], label=str(name))
        left += homes
    ax.text(
        left,
        0,
        f"  {t('other_areas_not_published', lang)}",
        va="center",
        fontsize=8,
        style="italic",
    )
    ax.set_yticks([0, 1], [t("published_areas", lang), t("target", lang)])
    ax.set_xlabel(t("homes_axis", lang))
    eur_axis(ax, lang, "x")
    _style(ax, t("homes_title", lang))
    ax.legend(fontsize=7, frameon=False, loc="lower right", ncol=2)
    if source_note:
        source_footnote(ax, source_note, lang)
    return ax


def areas_chart(
    summary: pd.DataFrame,
    ax: Axes | None = None,
    lang: str = "nl",
    source_note: str | None = None,
) -> Axes:
    """Every area's total state contribution as published (a
    :func:`~nplv_analysis.national_summary` table): range bars where known (press figures
    drawn open), the status ("niet gepubliceerd", "niet getekend") where not."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 6))
    rows = summary.iloc[::-1]
    press_any = upper_any = False
    for y, (_, r) in enumerate(rows.iterrows()):
        low, high, status = r["totaal_low_eur"], r["totaal_high_eur"], r["totaal_status"]
        if status != "published":
            ax.text(
                0, y, "  " + t(status, lang), va="center", fontsize=8, style="italic", color="#444"
            )
            continue
        press = "agreement" not in str(r["source_kind"])
        press_any |= press
        upper_any |= bool(pd.isna(low))
        end = _range_bar(ax, y, low, high, PALETTE["totaal"], press)
        kinds = ", ".join(t(k, lang) for k in str(r["source_kind"]).split(", "))
        ax.text(end, y, f"  {format_range(low, high, lang)} ({kinds})", va="center", fontsize=7)
    ax.set_yticks(range(len(rows)), rows["name"])
    ax.set_ylim(-0.8, len(rows) - 0.2)
    ax.set_xlabel(t("mln_axis", lang))
    eur_axis(ax, lang, "x")
    known = summary[["totaal_low_eur", "totaal_high_eur"]].to_numpy(dtype=float)
    top = np.nanmax(np.r_[known.ravel(), 1e6]) / 1e6
    ax.set_xlim(0, top * 1.45)
    _style(ax, t("areas_title", lang))
    _legend(ax, lang, press_any, upper_any, loc="lower right")
    if source_note:
        source_footnote(ax, source_note, lang)
    return ax


# --- mid-term review ---------------------------------------------------------------------------


def mark_illustrative(ax: Axes, lang: str = "nl") -> Axes:
    """Label a chart of illustrative (not observed) data: a title prefix and a watermark."""
    word = t("illustrative", lang)
    ax.set_title(f"{word}: {ax.get_title(loc='left')}", loc="left", fontsize=11, color="#b00020")
    ax.text(
        0.5,
        0.5,
        word,
        transform=ax.transAxes,
        fontsize=38,
        color="#b00020",
        alpha=0.12,
        ha="center",
        va="center",
        rotation=20,
        zorder=0,
    )
    return ax


def trajectory_chart(
    traj: pd.DataFrame,
    ax: Axes | None = None,
    lang: str = "nl",
    illustrative: bool = False,
    source_note: str | None = None,
) -> Axes:
    """Cumulative starts: planned, realised and projected (a
    :func:`~nplv_analysis.monitor.trajectory` table)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.8))
    styles = {
        "planned": ("#555555", "--", "o"),
        "realised": ("#0072B2", "-", "s"),
        "projected": ("#D55E00", ":", None),
    }
    for series, (color, ls, marker) in styles.items():
        part = traj[traj["series"] == series]
        if len(part):
            ax.plot(
                part["time"],
                part["homes"],
                color=color,
                linestyle=ls,
                marker=marker,
                label=t(f"traj_{series}", lang),
            )
    ticks = list(range(int(traj["time"].min()), int(np.ceil(traj["time"].max())) + 1))
    ax.set_xticks(ticks, [t("first_of_january", lang, year=y) for y in ticks], fontsize=8)
    ax.set_ylabel(t("homes_axis", lang))
    ax.set_ylim(bottom=0)
    eur_axis(ax, lang)
    _style(ax, t("trajectory_title", lang))
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    if illustrative:
        mark_illustrative(ax, lang)
    if source_note:
        source_footnote(ax, source_note, lang)
    return ax


def projection_chart(
    review_row: pd.Series,
    ax: Axes | None = None,
    lang: str = "nl",
    illustrative: bool = False,
    source_note: str | None = None,
) -> Axes:
    """The realisatiestimulans expected (the inferred middle of the estimate) against its
    projection at the current pace, and ORV and capacity drawn against planned-to-date and the
    drawing right (maximum)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.8))
    r = review_row
    groups = [
        (
            t("realisatiestimulans", lang),
            [
                (t("expected_2029", lang), r["rs_expected_eur"], "#999999"),
                (t("projected_2029", lang), r["rs_projected_eur"], PALETTE["realisatiestimulans"]),
            ],
        ),
        (
            t("orv", lang),
            [
                (t("right", lang), r["orv_right_eur"], "#999999"),
                (t("planned_to_date", lang), r["orv_planned_to_date_eur"], "#CCCCCC"),
                (t("drawn_to_date", lang), r["orv_drawn_eur"], PALETTE["orv"]),
            ],
        ),
        (
            t("capaciteit", lang),
            [
                (t("right", lang), r["capaciteit_right_eur"], "#999999"),
                (t("drawn_to_date", lang), r["capaciteit_drawn_eur"], PALETTE["capaciteit"]),
            ],
        ),
    ]
    y = 0
    ticks = []
    for name, bars in groups:
        for label, value, color in bars:
            if pd.notna(value):
                ax.barh(y, value / 1e6, color=color, height=0.7)
                ax.text(value / 1e6, y, f"  {format_eur(value, lang)}", va="center", fontsize=8)
            else:
                ax.text(
                    0, y, "  " + t("not published", lang), va="center", fontsize=8, style="italic"
                )
            ticks.append((y, f"{name}: {label}"))
            y -= 1
        y -= 0.5
    ax.set_yticks([p for p, _ in ticks], [s for _, s in ticks], fontsize=8)
    ax.set_xlabel(t("mln_axis", lang))
    xmax = max([v for _, bars in groups for _, v, _ in bars if pd.notna(v)] + [1e6]) / 1e6
    ax.set_xlim(0, xmax * 1.35)
    _style(ax, t("at_risk_title", lang))
    if illustrative:
        mark_illustrative(ax, lang)
    if source_note:
        source_footnote(ax, source_note, lang)
    return ax
