"""Static matplotlib charts for reports. Every function takes ``ax=`` and returns it."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from .labels import format_eur, t

# Okabe-Ito, safe for the common forms of colour blindness.
PALETTE = {
    "realisatiestimulans": "#0072B2",
    "orv": "#E69F00",
    "capaciteit": "#009E73",
    "totaal": "#555555",
}


def png_bytes(fig, dpi: int = 110) -> bytes:
    """The figure rendered to PNG (Agg), whatever backend is active."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    return buf.getvalue()


def show(fig, close: bool = True):
    """Show a figure in a notebook as a static PNG image and close it.

    Reports run headless with the Agg backend, where ``plt.show()`` and ``display(fig)`` give
    only the text "<Figure size ...>"; an explicit PNG always renders.
    """
    from IPython.display import Image, display

    image = Image(data=png_bytes(fig))
    if close:
        plt.close(fig)
    display(image)
    return image


def funding_chart(
    fund: pd.DataFrame,
    ax: Axes | None = None,
    lang: str = "nl",
    title: str | None = None,
    source_note: str | None = None,
) -> Axes:
    """Horizontal bars of an area's funding by instrument (a :func:`~nplv_analysis.funding`
    table): solid up to the low end, hatched from low to high. Instruments without a published
    figure are named with their status ("niet gepubliceerd"), never drawn as zero."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.8))
    labels = []
    for i, (inst, row) in enumerate(fund.iterrows()):
        y = len(fund) - 1 - i
        labels.append((y, t(inst, lang)))
        low, high = row["low_eur"], row["high_eur"]
        color = PALETTE.get(inst, "#555555")
        if np.isnan(low) and np.isnan(high):
            ax.text(0, y, "  " + t(row["status"], lang), va="center", style="italic", color="#444")
            continue
        start = 0.0 if np.isnan(low) else low / 1e6
        end = start if np.isnan(high) else high / 1e6
        ax.barh(y, start, color=color, height=0.6)
        if end > start:
            ax.barh(y, end - start, left=start, color=color, alpha=0.35, hatch="//", height=0.6)
        if np.isnan(low):
            text = f"{t('at_most', lang)} {format_eur(high, lang)}"
        elif np.isnan(high):
            text = f"{t('at_least', lang)} {format_eur(low, lang)}"
        elif high > low:
            text = f"{format_eur(low, lang)} – {format_eur(high, lang)}"
        else:
            text = format_eur(low, lang)
        if row["vat"] == "not_stated":
            text += f" ({t('not_stated', lang)})"
        ax.text(max(start, end), y, "  " + text, va="center", fontsize=9)
    ax.set_yticks([y for y, _ in labels], [name for _, name in labels])
    ax.set_xlabel(t("mln_axis", lang))
    xmax = np.nanmax(np.r_[fund["high_eur"].to_numpy(), fund["low_eur"].to_numpy(), 0]) / 1e6
    ax.set_xlim(0, max(xmax * 2.0, 1))
    ax.set_ylim(-0.6, len(fund) - 0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title or t("funding_title", lang), loc="left", fontsize=11)
    ax.legend(
        handles=[
            Patch(color="#777777", label=t("fixed", lang)),
            Patch(facecolor="#777777", alpha=0.35, hatch="//", label=t("range", lang)),
        ],
        loc="upper right",
        fontsize=8,
        frameon=False,
    )
    if source_note:
        ax.annotate(
            f"{t('source_note', lang)}: {source_note}",
            xy=(0, 0),
            xycoords="figure fraction",
            xytext=(6, 4),
            textcoords="offset points",
            fontsize=7,
            color="#444",
        )
    return ax
