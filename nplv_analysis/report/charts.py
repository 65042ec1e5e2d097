"""Static matplotlib charts for reports. Every function takes ``ax=`` and returns it."""

from __future__ import annotations

import io
import re
import struct
import textwrap
import weakref
import zlib

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import Formatter, MaxNLocator
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from ..engine.scenario import INSTRUMENTS
from ..text import format_difference, format_eur, format_mln, format_number, format_range, t

# Okabe-Ito hues (safe for the common forms of colour blindness), darkened where needed so that
# every colour of a data mark has at least 3:1 contrast on white (WCAG 2.1, 1.4.11): blue 5.2:1,
# orange 4.2:1 (Okabe-Ito's #E69F00 is 2.3:1), bluish green 3.9:1, grey 7.5:1.
PALETTE = {
    "realisatiestimulans": "#0072B2",
    "orv": "#B36B00",
    "capaciteit": "#00936B",
    "totaal": "#555555",
}
NEUTRAL = "#767676"
"""Grey of the reference marks (drawing right, ceiling, expected amount): 4.5:1 on white."""
VERMILLION = "#C75000"
PURPLE = "#AD5A8A"
AREA_STYLES = [
    (PALETTE["orv"], None),
    (PALETTE["capaciteit"], None),
    (PURPLE, None),
    (VERMILLION, "///"),  # orange and vermillion look alike to red-green colour blindness
    (PALETTE["orv"], "xxx"),
    (PALETTE["capaciteit"], "xxx"),
    (PURPLE, "xxx"),
    (VERMILLION, "..."),
]
"""Colour and (white) hatch of the areas in the homes chart, in turn."""
DATA_COLOURS = {
    **PALETTE,
    "neutral": NEUTRAL,
    "vermillion": VERMILLION,
    "purple": PURPLE,
    "marker": "#000000",
}
"""Every colour this module gives a data mark (bar, line, marker, outline, hatch)."""
SEPARATOR = "white"
"""Edges between touching bars, so that each bar is set off against white."""


DPI = 110
"""The dpi of the report's PNG images (shown in the notebook and saved next to it)."""


def png_bytes(fig, dpi: int = DPI) -> bytes:
    """The figure rendered to PNG (Agg), whatever backend is active: the figure's own size
    (``figsize`` times ``dpi``), laid out by its layout engine."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


_DRAWN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""The PNG of each report figure as :func:`report_png` last drew it. A notebook shows a figure
and then saves it; while the figure is unchanged (matplotlib's ``stale`` flag: any change to an
artist sets it, a draw clears it) both get the same image, drawn once."""


def report_png(fig) -> bytes:
    """A report figure as PNG at :data:`DPI`: drawn on its Agg canvas (laid out by its layout
    engine in the same draw), once while it is unchanged. The figure's dpi becomes :data:`DPI`."""
    kept = _DRAWN.get(fig)
    if kept is not None and not fig.stale and fig.dpi == DPI:
        return kept
    fig.set_dpi(DPI)
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    _DRAWN[fig] = data = canvas_png(canvas)
    return data


def canvas_png(canvas) -> bytes:
    """What an Agg canvas holds now (after ``draw`` or blitting) as PNG, quickly compressed:
    for live redraws, where ``savefig`` would draw the whole figure again. An opaque figure
    (every figure of the workshop) is written as 8-bit RGB rows without PNG filters, deflated
    at level 1: 4 ms for the workshop's chart where Pillow takes 8 (RGB) or 13 (RGBA), and
    the file is as small (a chart is mostly flat colour); any other as RGBA by Pillow."""
    width, height = canvas.get_width_height()
    if canvas.figure.get_facecolor()[3] != 1:
        from PIL import Image

        image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buf = io.BytesIO()
        image.save(buf, format="png", compress_level=1)
        return buf.getvalue()
    rows = np.empty((height, 1 + 3 * width), np.uint8)
    rows[:, 0] = 0  # filter type of each row: none
    rows[:, 1:] = np.asarray(canvas.buffer_rgba())[:, :, :3].reshape(height, 3 * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _png_chunk(b"IHDR", header),
            _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)),
            _png_chunk(b"IEND", b""),
        )
    )


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def show(fig, close: bool = True) -> None:
    """Show a figure in a notebook as a static PNG image and close it.

    Reports run headless with the Agg backend, where ``plt.show()`` and ``display(fig)`` give
    only the text "<Figure size ...>"; an explicit PNG always renders.
    """
    import base64
    import html

    from IPython.display import HTML, display

    data = report_png(fig)
    alt = "; ".join(a.get_title(loc="left") for a in fig.axes if a.get_title(loc="left"))
    if close:
        plt.close(fig)
    encoded = base64.b64encode(data).decode("ascii")
    display(HTML(f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{encoded}">'))


# --- shared helpers ----------------------------------------------------------------------------


def _tint(color: str, share: float = 0.25) -> tuple[float, float, float]:
    """``color`` mixed with white: the face of a hatched part, whose hatch and outline carry
    the full colour."""
    return tuple(share * c + (1 - share) for c in to_rgb(color))


def _label(ax: Axes, x: float, y: float, text: str, points: float = 4, **kw) -> Text:
    """A value label at (x, y) in data units, set ``points`` to the right: the gap stays the
    same whatever the scale of the axis."""
    shift = ScaledTranslation(points / 72, 0, ax.figure.dpi_scale_trans)
    kw.setdefault("va", "center")
    return ax.text(x, y, text, transform=ax.transData + shift, **kw)


def _x_from_zero(ax: Axes, data_max: float, labels=(), share: float = 0.6) -> None:
    """The x axis from 0 to the largest value drawn and a 3% margin. The labels written right
    of the marks may run on past it, where the constrained layout keeps room for them; given
    ``labels``, the axis also takes in the room the longest needs (counted in characters, the
    axes taken as ``share`` of the figure's width), for a chart with its legend at the side."""
    data_max = max(float(data_max), 1e-9)
    room = 0.0
    if labels:
        widest = max(len(x.get_text()) * x.get_fontsize() for x in labels)
        room = min((widest * CHAR_EM + 6) / 72 / (ax.figure.get_figwidth() * share), 0.6)
    ax.set_xlim(0, data_max * 1.03 / (1 - room))


class NumberFormatter(Formatter):
    """Ticks the reader's way ("2,5" and "1.000" in Dutch) with one number of decimals for the
    whole axis: the fewest (0-2) that write every tick exactly, so never "1,75" next to "1,5"."""

    def __init__(self, lang: str = "nl"):
        self.lang = lang
        self.decimals: int | None = None

    @staticmethod
    def needed(values) -> int:
        def one(v: float) -> int:
            return next((d for d in (0, 1) if abs(v * 10**d - round(v * 10**d)) < 1e-9), 2)

        return max((one(float(v)) for v in values), default=0)

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        self.decimals = self.needed(locs) if len(locs) else None

    def __call__(self, x: float, pos=None) -> str:
        decimals = self.decimals if self.decimals is not None else self.needed([x])
        return format_number(x, decimals, self.lang)


def eur_axis(ax: Axes, lang: str = "nl", axis: str = "y", scale: float = 1.0) -> Axes:
    """Number ticks the reader's way: "2,5" and "1.000" in Dutch, at steps of 1, 2 or 5 (times
    a power of ten), every tick of the axis with the same number of decimals. (``scale`` is
    kept for callers; the values are drawn in the axis unit, e.g. EUR mln.)"""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10], min_n_ticks=3))
    target.set_major_formatter(NumberFormatter(lang))
    return ax


FOOTNOTE_X = 0.005
"""Where the source note starts (figure fraction); it keeps the same margin on the right."""
NOTE_GID = "nplv-source-note"
"""The ``gid`` of a figure's source note (:func:`source_note`)."""
NOTE_SIZE = 7
TITLE_SIZE = 11
CHAR_EM = 0.58
"""The width of an average character of the charts' font (DejaVu Sans) in em, a little
above its true mean (0.55-0.6), so that a line wrapped to the characters that fit rarely
runs over."""


def unbroken_quotes(text: str) -> str:
    """No-break spaces inside every “...” quotation of ``text``.

    >>> unbroken_quotes("uit “Bestuurlijke afspraken” (24 June 2025)")
    'uit “Bestuurlijke\xa0afspraken” (24 June 2025)'
    """
    return re.sub(r"“[^”]*”", lambda m: m.group(0).replace(" ", "\u00a0"), text)


def source_footnote(ax: Axes, text: str, lang: str = "nl") -> Axes:
    """A source note at the bottom left of the figure, a figure text under the axes (its
    lines are broken to the figure's width and given room by :func:`layout`). A title in
    quotation marks stays on one line: a quotation of the source is never cut in two."""
    ax.figure.text(
        FOOTNOTE_X,
        0.005,
        f"{t('source_note', lang)}: {unbroken_quotes(text)}",
        fontsize=NOTE_SIZE,
        color="#444",
        ha="left",
        va="bottom",
        gid=NOTE_GID,
    )
    return ax


def source_note(fig) -> Text | None:
    """The figure's source note, None without one."""
    return next((x for x in fig.texts if x.get_gid() == NOTE_GID), None)


def _characters(width_in: float, fontsize: float) -> int:
    """How many characters of ``fontsize`` points fit ``width_in`` inches."""
    return max(int(width_in * 72 / (CHAR_EM * fontsize)), 10)


def _wrap(text: str, width: int) -> str:
    """Each line of ``text`` broken at spaces into lines of at most ``width`` characters; a
    word longer than a line (a long URL) is broken where the line is full. Wrapping the
    result again changes nothing."""
    return "\n".join(
        textwrap.fill(line, width, break_on_hyphens=False) if len(line) > width else line
        for line in text.split("\n")
    )


def layout(fig) -> None:
    """Lay the figure out with matplotlib's constrained layout, at its own size: the source
    note broken to the figure's width with room kept for its lines at the bottom; the left
    titles of a figure of one column start at the figure's edge (where the note starts: long
    bar names push the axes to the right, and a title squeezed into what is left would wrap
    to three or four lines) and are broken to its width, those of several columns to the
    width of their column."""
    width, height = fig.get_size_inches()
    bottom = 0.0
    note = source_note(fig)
    if note is not None:
        lines = _wrap(note.get_text(), _characters(width * (1 - 2 * FOOTNOTE_X), NOTE_SIZE))
        note.set_text(lines)
        bottom = ((lines.count("\n") + 1) * NOTE_SIZE * 1.25 + 4) / 72 / height
    for ax in fig.axes:
        text = ax.get_title(loc="left")
        spec = ax.get_subplotspec()
        columns = spec.get_gridspec().ncols if spec is not None else 1
        if not text:
            continue
        # its Text, as it was; from the figure's edge, clear of the top tick label under it
        title = ax.set_title(text, loc="left", fontsize=TITLE_SIZE, pad=12 if columns == 1 else 6)
        if columns == 1:
            title.set_transform(
                blended_transform_factory(fig.transFigure, ax.transAxes) + ax.titleOffsetTrans
            )
            title.set_x(FOOTNOTE_X)
        share = (1 - 2 * FOOTNOTE_X) / columns
        title.set_text(_wrap(text, _characters(width * share, TITLE_SIZE)))
    fig.set_layout_engine("constrained", rect=(0, bottom, 1, 1 - bottom), w_pad=0.06, h_pad=0.06)


def save_figure(fig, folder, name: str, dpi: int = DPI) -> list:
    """Save a figure as ``name.png`` and ``name.svg`` in ``folder``; returns the paths.
    Both are the figure's own size (no cutting to a tight box: every image of a chart is as
    large as the last), each drawn once. The SVG is byte-for-byte repeatable (no date, fixed
    hash salt) and keeps its words as text (``svg.fonttype: none``: searchable and editable
    where the chart is reused, a third of the file and 30% faster to write than glyph
    outlines)."""
    from pathlib import Path

    import matplotlib as mpl

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    paths[0].write_bytes(report_png(fig) if dpi == DPI else png_bytes(fig, dpi))
    # laid out as drawn just now: the SVG is drawn without a layout pass of its own
    engine = fig.get_layout_engine() if not fig.stale else None
    if engine is not None:
        fig.set_layout_engine(None)  # (None, unlike "none", spares savefig its layout pass)
    svg = {"svg.hashsalt": "nplv-analysis", "svg.fonttype": "none"}
    try:
        with mpl.rc_context(svg):
            fig.savefig(paths[1], metadata={"Date": None, "Creator": None})
    finally:
        if engine is not None:
            fig.set_layout_engine(engine)
    return paths


def _style(
    ax: Axes,
    title: str,
    lang: str = "nl",
    area_label: str | None = None,
    scenario_label: str | None = None,
) -> None:
    """The title at the left, with a second line naming the area(s) and the scenario."""
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(_title(title, lang, area_label, scenario_label), loc="left", fontsize=TITLE_SIZE)


def _title(
    title: str, lang: str, area_label: str | None = None, scenario_label: str | None = None
) -> str:
    parts = []
    if area_label:
        parts.append(area_label)
    if scenario_label:
        parts.append(f"{t('scenario', lang)}: {scenario_label}")
    if not parts:
        return title
    return title + "\n" + textwrap.fill(" · ".join(parts), 70)


def _bar_legend(ax: Axes, entries: dict, extra=(), below: bool = True, **kw) -> None:
    """A legend whose swatches are the marks: ``entries`` maps a label to the patches it
    stands for (one swatch per colour, side by side). ``below``: under the x axis, clear of
    the bars and their labels."""
    handles, labels = [], []
    for label, patches in entries.items():
        for patch in patches:  # the swatches drawn in the legend carry the label too
            patch.set_label(label)
        if patches:
            handles.append(tuple(patches) if len(patches) > 1 else patches[0])
            labels.append(label)
    for h in extra:
        handles.append(h)
        labels.append(h.get_label())
    if not handles:
        return
    if below:  # from the figure's left edge, under the x axis and its label
        shift = ScaledTranslation(0, -34 / 72, ax.figure.dpi_scale_trans)
        where = blended_transform_factory(ax.figure.transFigure, ax.transAxes)
        kw.setdefault("loc", "upper left")
        kw.setdefault("bbox_to_anchor", (0.005, 0))
        kw.setdefault("bbox_transform", where + shift)
        kw.setdefault("ncol", _legend_columns(ax.figure, handles, labels))
    ax.legend(
        handles,
        labels,
        handler_map={tuple: HandlerTuple(ndivide=None, pad=0)},
        handlelength=max(2.0, 0.9 * max(len(h) if isinstance(h, tuple) else 1 for h in handles)),
        fontsize=8,
        frameon=False,
        **kw,
    )


def _legend_columns(fig, handles: list, labels: list[str], most: int = 4) -> int:
    """As many legend columns (at most ``most``) as fit the figure's width in one go: a legend
    whose entries name their kind of source at length ("bereik volgens nieuwsbericht van de
    gemeente") takes two rows rather than running off the figure. Widths are reckoned in
    characters of the 8-point legend font (about 4.4 points each), a swatch as 3 characters."""
    room = fig.get_figwidth() * 72 / 4.4
    widths = [
        len(label) + 3 * (len(h) if isinstance(h, tuple) else 1) + 4
        for h, label in zip(handles, labels, strict=True)
    ]
    for ncol in range(min(len(widths), most), 1, -1):
        rows = -(-len(widths) // ncol)  # matplotlib fills the columns top to bottom
        columns = [widths[i : i + rows] for i in range(0, len(widths), rows)]
        if sum(max(c) for c in columns) <= room:
            return ncol
    return 1


# --- funding -----------------------------------------------------------------------------------


def _range_bar(ax: Axes, y: float, low: float, high: float, color: str, press: bool) -> float:
    """Draw one published range; returns where its label goes (in EUR mln).

    Solid up to the low end, hatched from low to high (a light tint with the hatch and outline
    in the full colour). Press figures are drawn open (white with dots) so they never look like
    agreement figures; an "at most" figure is a dotted outline from zero (its true value lies
    somewhere below)."""
    if np.isnan(low):  # at most
        ax.barh(y, high / 1e6, height=0.6, fill=False, edgecolor=color, linestyle=":", lw=1.5)
        return high / 1e6
    if press:
        ax.barh(y, low / 1e6, color="white", edgecolor=color, hatch="....", height=0.6)
    else:
        ax.barh(y, low / 1e6, color=color, edgecolor=SEPARATOR, lw=0.8, height=0.6)
    end = low / 1e6 if np.isnan(high) else high / 1e6
    if end > low / 1e6:
        ax.barh(
            y,
            end - low / 1e6,
            left=low / 1e6,
            facecolor=_tint(color),
            edgecolor=color,
            hatch="//",
            lw=0.8,
            height=0.6,
        )
    return end


def _swatches(lang: str, rows: list[tuple[str, str, str]]) -> dict:
    """Legend entries of range bars: ``rows`` (entry, part, colour) as :func:`_row_kinds`
    gives them; per entry a swatch for each colour drawn that way, as the bars are drawn (an
    agreement's range: solid, then hatched; a press range: the open bar, then hatched)."""
    solid = {"edgecolor": SEPARATOR, "lw": 0.8}
    parts = {
        "solid": lambda c: Patch(facecolor=c, **solid),
        "press": lambda c: Patch(facecolor="white", edgecolor=c, hatch="...."),
        "hatched": lambda c: Patch(facecolor=_tint(c), edgecolor=c, hatch="//", lw=0.8),
        "upper": lambda c: Patch(fill=False, edgecolor=c, linestyle=":", lw=1.5),
    }
    entries: dict[str, dict] = {}
    for entry, part, colour in rows:
        entries.setdefault(entry, {}).setdefault((part, colour), None)
    colours = list(dict.fromkeys(c for _, _, c in rows))
    rank = list(parts)  # per colour as a bar reads: solid (or open), then hatched

    def order(key):
        return colours.index(key[1]), rank.index(key[0])

    return {
        entry: [parts[p](c) for p, c in sorted(found, key=order)]
        for entry, found in entries.items()
    }


def _row_kinds(
    low: float,
    high: float,
    press: bool,
    lang: str = "nl",
    source_kind: str = "",
    qualifier: object = None,
    range_label: str | None = None,
) -> list[tuple[str, str]]:
    """How a row of :func:`_range_bar` is drawn, for the legend: (entry, part) pairs. A press
    figure has an entry of its own that names its kind of source ("bereik volgens
    nieuwsbericht"), never the agreement's "bandbreedte: inschatting (afspraak)"; the press's
    "bijna" is named as such, not as an upper bound the source does not give. ``range_label``:
    the entry of an agreement's range (default "bandbreedte: inschatting (afspraak)"; the
    agreement's total is the estimate plus the drawing rights)."""
    words = " / ".join(
        dict.fromkeys(t(f"according.{k}", lang) for k in str(source_kind).split(", ") if k)
    )
    if np.isnan(low):
        if "almost" in str(qualifier):
            return [(t("press_almost_of", lang, source=words), "upper")]
        if press:
            return [(t("press_at_most_of", lang, source=words), "upper")]
        return [(t("upper_bound", lang), "upper")]
    ranged = not np.isnan(high) and high > low
    if press:
        entry = t("press_range_of" if ranged else "press_bar", lang, source=words)
        return [(entry, "press"), (entry, "hatched")] if ranged else [(entry, "press")]
    if ranged:
        entry = range_label or t("range", lang)
        return [(entry, "solid"), (entry, "hatched")]
    return [(t("fixed", lang), "solid")]


def _funding(
    fund: pd.DataFrame,
    ax: Axes | None,
    lang: str,
    title: str | None,
    source_note: str | None,
    extra_legend=(),
    marks: pd.Series | None = None,
    area_label: str | None = None,
    scenario_label: str | None = None,
) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.8))
    labels, rows, texts = [], [], []
    marks = marks if marks is not None else pd.Series(dtype=float)
    right = 0.0
    for i, (inst, row) in enumerate(fund.iterrows()):
        y = len(fund) - 1 - i
        labels.append((y, t(inst, lang)))
        low, high = row["low_eur"], row["high_eur"]
        if np.isnan(low) and np.isnan(high):
            ax.text(0, y, "  " + t(row["status"], lang), va="center", style="italic", color="#444")
            continue
        press = "agreement" not in str(row["source_kind"])
        color = PALETTE.get(inst, PALETTE["totaal"])
        total = t("estimate_band", lang) if inst == "totaal" else None  # estimate + rights
        kinds = _row_kinds(low, high, press, lang, row["source_kind"], row["qualifier"], total)
        rows += [(entry, part, color) for entry, part in kinds]
        end = _range_bar(ax, y, low, high, color, press)
        upper = "almost" if "almost" in str(row["qualifier"]) else "at_most"
        text = format_range(low, high, lang, upper=upper)
        if row["vat"] == "not_stated":
            text += f" ({t('not_stated', lang)})"
        mark = marks.get(inst, np.nan) / 1e6
        if pd.notna(mark):  # clear of the marker: half its width and a gap
            texts.append(_label(ax, max(end, mark), y, text, points=9, fontsize=9))
        else:
            texts.append(_label(ax, end, y, text, fontsize=9))
        right = max(right, end, mark if pd.notna(mark) else 0)
    ax.set_yticks([y for y, _ in labels], [name for _, name in labels])
    ax.set_xlabel(t("mln_axis", lang))
    ax.set_ylim(-0.6, len(fund) - 0.3)
    eur_axis(ax, lang, "x")
    _style(ax, title or t("funding_title", lang), lang, area_label, scenario_label)
    _x_from_zero(ax, max(right, 1.0))
    _bar_legend(ax, _swatches(lang, rows), extra_legend)
    if source_note:
        source_footnote(ax, source_note, lang)
    return ax


def funding_chart(
    fund: pd.DataFrame,
    ax: Axes | None = None,
    lang: str = "nl",
    title: str | None = None,
    source_note: str | None = None,
    extra_legend=(),
    area_label: str | None = None,
    scenario_label: str | None = None,
) -> Axes:
    """Horizontal bars of an area's funding by instrument (a :func:`~nplv_analysis.funding`
    table). Instruments without a published figure are named with their status ("niet
    gepubliceerd"), never drawn as zero; press figures are drawn open, unlike agreement
    figures, under a legend entry naming their kind of source ("bereik volgens nieuwsbericht").
    The x axis runs to the largest figure plus the room of its label; the legend,
    under the axis, shows each pattern in the colours it is drawn in. ``area_label`` and
    ``scenario_label`` are written on a second title line."""
    return _funding(
        fund, ax, lang, title, source_note, extra_legend, None, area_label, scenario_label
    )


# --- area charts -------------------------------------------------------------------------------


def funding_vs_scenario_chart(
    fund: pd.DataFrame,
    scenario_totals: pd.Series,
    ax: Axes | None = None,
    lang: str = "nl",
    source_note: str | None = None,
    area_label: str | None = None,
    scenario_label: str | None = None,
    title: str | None = None,
) -> Axes:
    """The agreed low-high range per instrument (bars) with the scenario's total (a black
    diamond, the amount written beyond it). ``scenario_totals``: gross EUR per instrument;
    missing = not computable. ``title``: by default "Rijksbijdrage per instrument"."""
    marker = Line2D(
        [],
        [],
        marker="D",
        color="black",
        markeredgecolor="white",
        linestyle="",
        label=f"{t('scenario', lang)} ({t('computed', lang)})",
    )
    values = {}
    for inst in fund.index:
        value = scenario_totals.get(inst, np.nan) if inst != "totaal" else scenario_totals.sum()
        if inst == "totaal" and scenario_totals.isna().any():
            value = np.nan
        values[inst] = value
    values = pd.Series(values, dtype=float)
    ax = _funding(
        fund,
        ax,
        lang,
        title,
        source_note,
        [marker],
        values,
        area_label,
        scenario_label,
    )
    n = len(fund)
    for i, inst in enumerate(fund.index):
        if pd.notna(values[inst]):
            ax.plot(
                values[inst] / 1e6,
                n - 1 - i,
                marker="D",
                color="black",
                markeredgecolor="white",
                markersize=7,
                zorder=5,
            )
    return ax


def payments_chart(
    payments: pd.DataFrame,
    ax: Axes | None = None,
    lang: str = "nl",
    value: str = "gross_eur",
    title: str | None = None,
    source_note: str | None = None,
    area_label: str | None = None,
    scenario_label: str | None = None,
) -> Axes:
    """Payments per year stacked by instrument (a :func:`~nplv_analysis.engine.run` table,
    one or more areas summed: name them in ``area_label``). The title says the amounts are
    computed; the legend lists the instruments in the order of the stack."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.6))
    wide = payments.pivot_table(index="year", columns="instrument", values=value, aggfunc="sum")
    order = [i for i in ("realisatiestimulans", "orv", "capaciteit") if i in wide.columns]
    bottom = np.zeros(len(wide))
    for inst in order:
        vals = wide[inst].fillna(0.0).to_numpy() / 1e6
        ax.bar(
            wide.index,
            vals,
            bottom=bottom,
            color=PALETTE[inst],
            edgecolor=SEPARATOR,
            lw=0.8,
            label=t(inst, lang),
            width=0.7,
        )
        bottom += vals
    ax.set_xticks(list(wide.index))
    ax.set_ylabel(t("mln_axis", lang))
    kind = t("gross" if value == "gross_eur" else "net", lang)
    heading = title or f"{t('payments_title', lang)} ({t('computed', lang)}),\n{kind}"
    _style(ax, heading, lang, area_label, scenario_label)
    eur_axis(ax, lang)
    ax.set_ylim(0, max(float(bottom.max()), 0.1) * 1.5)  # room for the legend above the bars
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], fontsize=7, frameon=False, loc="upper left")
    if source_note:
        source_footnote(ax, source_note, lang)
    return ax


HEADROOM = 1.1
"""The workshop chart's y axis reaches 10% above its highest bar."""


def workshop_chart(
    payments: pd.DataFrame,
    agreement: pd.DataFrame,
    ax: Axes | None = None,
    lang: str = "nl",
    grouped: bool = False,
    source_note: str | None = None,
    area_label: str | None = None,
    scenario_label: str | None = None,
) -> Axes:
    """Payments per year of a scenario against those of the agreement in force, for a room:
    the scenario's bars in front of the agreement's as grey ghost bars (one outline per year,
    the agreement's total). ``grouped``: the instruments side by side instead of stacked, for
    sums of another scope each (all areas: the realisatiestimulans of the areas with an
    estimate, ORV and capacity nationally); their ghosts are per instrument. Both tables are
    :func:`~nplv_analysis.engine.run` tables; the bars of each instrument are a container
    marked ``nplv_role = ("scenario" | "agreement", instrument or "totaal")``, so that a caller
    can resize them in place.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4.2))
    years = sorted(set(payments["year"]) | set(agreement["year"]))

    def wide(table: pd.DataFrame) -> pd.DataFrame:
        out = table.pivot_table(
            index="year", columns="instrument", values="gross_eur", aggfunc="sum"
        )
        return out.reindex(index=years, columns=list(INSTRUMENTS)).fillna(0.0) / 1e6

    now, then = wide(payments), wide(agreement)
    order = [
        i for i in INSTRUMENTS if i in set(payments["instrument"]) | set(agreement["instrument"])
    ]
    x = np.asarray(years, dtype=float)
    ghost = {"facecolor": "#EDEDED", "edgecolor": NEUTRAL, "linestyle": "--", "lw": 1.2}
    ghost_label = t("workshop_chart.agreement", lang)
    if grouped:
        width = 0.8 / max(len(order), 1)
        for k, inst in enumerate(order):
            dx = (k - (len(order) - 1) / 2) * width
            bars = ax.bar(
                x + dx, then[inst], width=width, label=ghost_label if k == 0 else None, **ghost
            )
            bars.nplv_role = ("agreement", inst)
        for k, inst in enumerate(order):
            dx = (k - (len(order) - 1) / 2) * width
            scope = "workshop.areas" if inst == "realisatiestimulans" else "workshop.national"
            bars = ax.bar(
                x + dx,
                now[inst],
                width=width * 0.7,
                color=PALETTE[inst],
                label=t(scope, lang, instrument=t(inst, lang)),
            )
            bars.nplv_role = ("scenario", inst)
        top = max(
            float(now[order].to_numpy().max(initial=0)),
            float(then[order].to_numpy().max(initial=0)),
        )
    else:
        bars = ax.bar(x, then[order].sum(axis=1), width=0.8, label=ghost_label, **ghost)
        bars.nplv_role = ("agreement", "totaal")
        bottom = np.zeros(len(x))
        for inst in order:
            bars = ax.bar(
                x,
                now[inst],
                bottom=bottom,
                width=0.56,
                color=PALETTE[inst],
                edgecolor=SEPARATOR,
                lw=0.8,
                label=t(inst, lang),
            )
            bars.nplv_role = ("scenario", inst)
            bottom = bottom + now[inst].to_numpy()
        top = max(
            float(bottom.max(initial=0)), float(then[order].sum(axis=1).to_numpy().max(initial=0))
        )
    ax.set_xticks(x, [str(y) for y in years])
    ax.set_ylabel(t("mln_axis", lang))
    kind = t("gross", lang)
    _style(
        ax,
        f"{t('payments_title', lang)} ({t('computed', lang)}), {kind}",
        lang,
        area_label,
        scenario_label,
    )
    eur_axis(ax, lang)
    ax.set_ylim(0, max(top, 0.1) * HEADROOM)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(  # beside the bars, at the right: the bars keep the whole height
        handles,
        [textwrap.fill(label, 24) for label in labels],
        fontsize=9,
        frameon=False,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
    )
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
    area_label: str | None = None,
    scenario_label: str | None = None,
) -> Axes:
    """Cumulative cash flow: the P10-P90 band and the median (a
    :func:`~nplv_analysis.engine.cumulative_bands` table), with the agreement's total (the
    realisatiestimulans estimate plus the drawing rights) as a short bar at the last year, the
    only year the cumulative flow can be held against it. Under the axis one sentence says what
    the band is, followed by ``drawn``: one plain sentence saying what the simulation draws."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.6))
    blue = PALETTE["realisatiestimulans"]
    years = bands["year"].to_numpy()
    ax.fill_between(
        years,
        bands["p10"] / 1e6,
        bands["p90"] / 1e6,
        facecolor=(*_tint(blue, 1.0), 0.25),
        edgecolor=blue,
        linewidth=0.8,
        label=t("p10_p90", lang),
    )
    ax.plot(years, bands["p50"] / 1e6, color=blue, marker="o", label=t("p50", lang))
    note = t("fan_band_note", lang)
    last = float(years.max()) if len(years) else 0.0
    right = last + 0.3
    if reference_low is not None and pd.notna(reference_low):
        high = (
            reference_high
            if reference_high is not None and pd.notna(reference_high)
            else reference_low
        )
        x = last + 0.35
        ax.bar(
            x,
            (high - reference_low) / 1e6,
            bottom=reference_low / 1e6,
            width=0.16,
            color=PALETTE["totaal"],
            edgecolor=PALETTE["totaal"],
            lw=1.5,
            label=t("estimate_band", lang),
        )
        right = x + 0.25
        note = t(
            "fan_band_note.reference",
            lang,
            year=int(last),
            range=format_range(reference_low, high, lang),
        )
    ax.set_xticks(list(years))
    ax.set_xlim(float(years.min()) - 0.3 if len(years) else -0.3, right)
    ax.set_ylabel(t("mln_axis", lang))
    ax.set_ylim(bottom=0)
    _style(ax, f"{t('fan_title', lang)} ({t('computed', lang)})", lang, area_label, scenario_label)
    eur_axis(ax, lang)
    top = ax.get_ylim()[1]
    ax.set_ylim(0, top * 1.25)  # room for the legend above the band
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    text = note + (" " + drawn if drawn else "")
    ax.annotate(
        textwrap.fill(text, 110),
        xy=(0, 0),
        xycoords="axes fraction",
        xytext=(0, -24),
        textcoords="offset points",
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
    area_label: str | None = None,
    scenario_label: str | None = None,
) -> Axes:
    """Agreed drawing rights against the national ceiling, per instrument (ORV, capaciteit):
    the rights in the instrument's colour, the ceiling in grey; the legend shows both."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.4))
    insts = list(claims)
    x = np.arange(len(insts))
    for i, inst in enumerate(insts):
        ax.bar(
            x[i] - 0.2,
            claims[inst] / 1e6,
            width=0.4,
            color=PALETTE[inst],
            edgecolor=SEPARATOR,
            lw=1,
        )
        ax.bar(
            x[i] + 0.2, ceilings[inst] / 1e6, width=0.4, color=NEUTRAL, edgecolor=SEPARATOR, lw=1
        )
        more = t("more_than", lang) + " " if (at_least or {}).get(inst) else ""
        for pos, amount, text in (
            (x[i] - 0.2, claims[inst], f"{more}{format_eur(claims[inst], lang)}"),
            (x[i] + 0.2, ceilings[inst], format_eur(ceilings[inst], lang)),
        ):
            ax.annotate(
                text,
                xy=(pos, amount / 1e6),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
            )
    ax.set_xticks(x, [t(i, lang) for i in insts])
    ax.set_ylabel(t("mln_axis", lang))
    eur_axis(ax, lang)
    top = max([*claims.values(), *ceilings.values(), 1e6]) / 1e6
    ax.set_ylim(0, top * 1.35)  # room for the amounts and the legend above the bars
    ax.legend(
        handles=[
            tuple(
                Patch(facecolor=PALETTE[i], edgecolor=SEPARATOR, label=t("claims", lang))
                for i in insts
            ),
            Patch(facecolor=NEUTRAL, edgecolor=SEPARATOR, label=t("ceiling", lang)),
        ],
        labels=[t("claims", lang), t("ceiling", lang)],
        handler_map={tuple: HandlerTuple(ndivide=None, pad=0)},
        handlelength=max(2.0, 1.2 * len(insts)),
        fontsize=8,
        frameon=False,
        loc="upper right",
    )
    _style(ax, t("ceilings_title", lang), lang, area_label, scenario_label)
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
    area_label: str | None = None,
    scenario_label: str | None = None,
) -> Axes:
    """Payments per year under each allocation rule (an
    :func:`~nplv_analysis.engine.allocation_comparison` table, areas summed; name them in
    ``area_label``, or ``areas_label`` as before)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.4))
    sel = comparison[comparison["instrument"] == instrument]
    wide = sel.pivot_table(index="year", columns="rule", values="gross_eur", aggfunc="sum")
    styles = {
        "uncapped": (PALETTE["totaal"], "o", "-"),
        "pro_rata": (PALETTE["realisatiestimulans"], "s", "--"),
        "first_come": (VERMILLION, "^", ":"),
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
    top = np.nanmax(np.r_[wide.to_numpy(dtype=float).ravel(), 0.1]) / 1e6
    ax.set_ylim(0, top * 1.1)  # the markers of the highest line clear of the top
    _style(
        ax,
        f"{t('allocation_title', lang)} ({t('computed', lang)}):\n{t(instrument, lang)}",
        lang,
        area_label or areas_label,
        scenario_label,
    )
    eur_axis(ax, lang)
    ax.legend(fontsize=8, frameon=False, loc="lower left")
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
    others: str | None = None,
    area_label: str | None = None,
    scenario_label: str | None = None,
) -> Axes:
    """The national target (accelerated + extra) against the starts the areas published
    (``per_area``: area name -> homes, figures of one kind that may be added up); ``others``
    says in words what else is published (figures of another kind, never added) and that the
    rest is not published (default: "overige gebieden: niet gepubliceerd"); no
    number is made up for them. Areas whose colours are alike get a white hatch; the legend
    stands to the right of the axes."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 2.8))
    blue = PALETTE["realisatiestimulans"]
    ax.barh(1, accelerated, color=blue, edgecolor=SEPARATOR, lw=0.8, label=t("accelerated", lang))
    ax.barh(
        1,
        extra,
        left=accelerated,
        facecolor=_tint(blue),
        edgecolor=blue,
        hatch="//",
        lw=0.8,
        label=t("extra", lang),
    )
    left = 0.0
    for i, (name, homes) in enumerate(per_area.items()):
        color, hatch = AREA_STYLES[i % len(AREA_STYLES)]
        ax.barh(
            0,
            homes,
            left=left,
            color=color,
            edgecolor=SEPARATOR,
            hatch=hatch,
            lw=0.8,
            label=str(name),
        )
        left += homes
    ax.text(left, 0, f"  {t('other_areas_not_published', lang)}", va="center", fontsize=8)
    if others:  # figures of another kind: named under the chart, never drawn into the sum
        ax.annotate(  # under the x axis and its label, whatever the height of the axes
            textwrap.fill(others, 120),
            xy=(0, 0),
            xycoords="axes fraction",
            xytext=(0, -34),
            textcoords="offset points",
            fontsize=7,
            style="italic",
            color="#444",
            ha="left",
            va="top",
        )
    ax.set_yticks([0, 1], [t("published_areas", lang), t("target", lang)])
    ax.set_xlabel(t("homes_axis", lang))
    eur_axis(ax, lang, "x")
    _style(ax, t("homes_title", lang), lang, area_label, scenario_label)
    ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    if source_note:
        source_footnote(ax, source_note, lang)
    return ax


def areas_chart(
    summary: pd.DataFrame,
    ax: Axes | None = None,
    lang: str = "nl",
    source_note: str | None = None,
    area_label: str | None = None,
    scenario_label: str | None = None,
) -> Axes:
    """Every area's total state contribution as published (a
    :func:`~nplv_analysis.national_summary` table): range bars where known (press figures
    drawn open, under a legend entry that names their kind of source), the status ("niet
    gepubliceerd", "niet getekend") where not; an instrument published without a total, and an
    amount a source names without an instrument, are named in words (the overview's table of
    sources quotes the source)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 6))
    rows = summary.iloc[::-1]
    kinds, texts = [], []
    color = PALETTE["totaal"]
    right = 1.0
    for y, (_, r) in enumerate(rows.iterrows()):
        low, high, status = r["totaal_low_eur"], r["totaal_high_eur"], r["totaal_status"]
        if status != "published":
            # no total, but an instrument may be published (the table shows it): say so
            parts, kinds_of = [], []
            for inst in ("realisatiestimulans", "orv", "capaciteit"):
                if r.get(f"{inst}_status") == "published":
                    amount = format_range(r[f"{inst}_low_eur"], r[f"{inst}_high_eur"], lang)
                    parts.append(f"{t(inst, lang)} {amount}")
                    kinds_of += str(r[f"{inst}_source_kind"]).split(", ")
            if pd.notna(r.get("rijksbijdrage_part_eur", np.nan)):  # as the source says it
                amount = format_eur(r["rijksbijdrage_part_eur"], lang)
                parts.append(t("part_named", lang, amount=amount))
                kinds_of.append(r["rijksbijdrage_part_source_kind"])
            shown = t(status, lang)
            if parts:
                words = ", ".join(t(k, lang) for k in dict.fromkeys(kinds_of))
                shown = f"{t('total_not_published', lang)}; {'; '.join(parts)} ({words})"
            ax.text(0, y, "  " + shown, va="center", fontsize=8, style="italic", color="#444")
            continue
        kind = r.get("totaal_source_kind", r["source_kind"])  # the kind of this figure's source
        press = "agreement" not in str(kind)
        qualifier = r.get("totaal_qualifier")
        total = t("estimate_band", lang)  # every bar here is a total: estimate + drawing rights
        kinds += [
            (e, p, color) for e, p in _row_kinds(low, high, press, lang, kind, qualifier, total)
        ]
        end = _range_bar(ax, y, low, high, color, press)
        right = max(right, end)
        src = ", ".join(t(k, lang) for k in str(kind).split(", "))
        upper = "almost" if "almost" in str(qualifier) else "at_most"
        shown = format_range(low, high, lang, upper=upper)
        texts.append(_label(ax, end, y, f"{shown} ({src})", fontsize=7))
    ax.set_yticks(range(len(rows)), rows["name"])
    ax.set_ylim(-0.8, len(rows) - 0.2)
    ax.set_xlabel(t("mln_axis", lang))
    eur_axis(ax, lang, "x")
    _style(ax, t("areas_title", lang), lang, area_label, scenario_label)
    _x_from_zero(ax, right)
    _bar_legend(ax, _swatches(lang, kinds))
    if source_note:
        source_footnote(ax, source_note, lang)
    return ax


# --- mid-term review ---------------------------------------------------------------------------


def mark_illustrative(ax: Axes, lang: str = "nl") -> Axes:
    """Label a chart of illustrative (not observed) data: a title prefix and a watermark."""
    word = t("illustrative", lang)
    ax.set_title(
        f"{word}: {ax.get_title(loc='left')}", loc="left", fontsize=TITLE_SIZE, color="#b00020"
    )
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


def plans_chart(
    risks: pd.DataFrame,
    ax: Axes | None = None,
    lang: str = "nl",
    area_label: str | None = None,
    source_note: str | None = None,
) -> Axes:
    """The realisatiestimulans per project of a plan list: as planned (light bar) and as
    expected under the phases' chances (dark bar), one row a project in the list's order, in €
    mln (``risks``: :func:`~nplv_analysis.engine.plan_risks` of one area). The amount at risk
    (planned - expected) is written after the bars."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.5 + 0.42 * max(len(risks), 1)))
    y = np.arange(len(risks))
    colour = PALETTE["realisatiestimulans"]
    ax.barh(y, risks["planned_eur"] / 1e6, height=0.7, color=_tint(colour), edgecolor=colour)
    ax.barh(y, risks["expected_eur"] / 1e6, height=0.35, color=colour)
    for k, (planned, risk) in enumerate(
        zip(risks["planned_eur"], risks["at_risk_eur"], strict=True)
    ):
        ax.annotate(
            t("plans_report.at_risk", lang, amount=format_eur(risk, lang)),
            xy=(planned / 1e6, k),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    ax.set_yticks(y, list(risks["project"]), fontsize=8)
    ax.invert_yaxis()  # the list's first project on top
    ax.set_xlabel(t("mln_axis", lang))
    eur_axis(ax, lang, axis="x")
    top = float(risks["planned_eur"].max()) / 1e6 if len(risks) else 1.0
    ax.set_xlim(0, max(top, 0.1) * 1.35)  # room for the amount at risk
    ax.legend(
        handles=[
            Patch(facecolor=_tint(colour), edgecolor=colour, label=t("plans_report.planned", lang)),
            Patch(facecolor=colour, label=t("plans_report.expected", lang)),
        ],
        fontsize=8,
        frameon=False,
        loc="lower right",
    )
    _style(ax, f"{t('plans_report.chart_title', lang)} ({t('computed', lang)})", lang, area_label)
    if source_note:
        source_footnote(ax, source_note, lang)
    return ax


def trajectory_chart(
    traj: pd.DataFrame,
    ax: Axes | None = None,
    lang: str = "nl",
    illustrative: bool = False,
    source_note: str | None = None,
    area_label: str | None = None,
    scenario_label: str | None = None,
) -> Axes:
    """Cumulative starts: planned, realised and projected (a
    :func:`~nplv_analysis.monitor.trajectory` table)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.8))
    styles = {
        "planned": (PALETTE["totaal"], "--", "o"),
        "realised": (PALETTE["realisatiestimulans"], "-", "s"),
        "projected": (VERMILLION, ":", None),
    }
    for series, (color, ls, marker) in styles.items():
        part = traj[traj["series"] == series]
        label = t(f"traj_{series}", lang)
        if illustrative and series != "planned":  # the monitor's lines, in the legend too
            label = t("illustrative_label", lang, label=label)
        if len(part):
            ax.plot(
                part["time"],
                part["homes"],
                color=color,
                linestyle=ls,
                marker=marker,
                label=label,
            )
    _year_axis(ax, int(traj["time"].min()), int(np.ceil(traj["time"].max())))
    ax.set_ylabel(t("homes_axis", lang))
    ax.set_ylim(bottom=0)
    eur_axis(ax, lang)
    ax.set_ylim(0, ax.get_ylim()[1] * 1.1)
    _style(ax, t("trajectory_title", lang), lang, area_label, scenario_label)
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    if illustrative:
        mark_illustrative(ax, lang)
    if source_note:
        source_footnote(ax, source_note, lang)
    return ax


def _year_axis(ax: Axes, first: int, end: int) -> None:
    """A time axis in decimal years (2026.0 = the start of that year) read as years: each year's
    number in the middle of its span, thin marks at the year boundaries."""
    ax.set_xticks([y + 0.5 for y in range(first, end)], [str(y) for y in range(first, end)])
    ax.set_xticks(list(range(first, end + 1)), minor=True)
    ax.tick_params(axis="x", which="major", length=0, labelsize=8)
    ax.tick_params(axis="x", which="minor", length=4)
    ax.set_xlim(first, end)


def projection_chart(
    review_row: pd.Series,
    ax: Axes | None = None,
    lang: str = "nl",
    illustrative: bool = False,
    source_note: str | None = None,
    area_label: str | None = None,
    scenario_label: str | None = None,
) -> Axes:
    """The realisatiestimulans expected (the estimate before the band, inferred) against its
    projection at the current pace, and ORV and capacity drawn against planned-to-date and the
    drawing right (maximum). References in grey (planned to date as an outline), what is
    projected or drawn in the instrument's colour; every bar is named on the axis."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.8))
    r = review_row
    solid = {"edgecolor": SEPARATOR, "lw": 0.8}
    outline = {"facecolor": "white", "edgecolor": NEUTRAL, "lw": 1.2}
    groups = [
        (
            t("realisatiestimulans", lang),
            [
                (t("expected_2029", lang), r["rs_expected_eur"], {"color": NEUTRAL, **solid}),
                (
                    t("projected_2029", lang),
                    r["rs_projected_eur"],
                    {"color": PALETTE["realisatiestimulans"], **solid},
                ),
            ],
        ),
    ]
    for inst in ("orv", "capaciteit"):
        groups.append(
            (
                t(inst, lang),
                [
                    (t("right", lang), r[f"{inst}_right_eur"], {"color": NEUTRAL, **solid}),
                    (t("yearly.base", lang), r[f"{inst}_base_eur"], {"color": NEUTRAL, **solid}),
                    (t("planned_to_date", lang), r[f"{inst}_planned_to_date_eur"], outline),
                    (
                        t("drawn_to_date", lang),
                        r[f"{inst}_drawn_eur"],
                        {"color": PALETTE[inst], **solid},
                    ),
                ],
            )
        )
    y = 0
    ticks, texts, heads = [], [], []
    for name, bars in groups:  # the instrument as a heading row, its bars named below it
        heads.append(len(ticks))
        ticks.append((y, name))
        y -= 0.8
        for label, value, style in bars:
            if pd.notna(value):
                ax.barh(y, value / 1e6, height=0.7, **style)
                texts.append(_label(ax, value / 1e6, y, format_eur(value, lang), fontsize=8))
            else:
                ax.text(
                    0, y, "  " + t("not published", lang), va="center", fontsize=8, style="italic"
                )
            ticks.append((y, label))
            y -= 1
        y -= 0.3
    ax.set_yticks([p for p, _ in ticks], [s for _, s in ticks], fontsize=8)
    for i, label in enumerate(ax.get_yticklabels()):
        if i in heads:
            label.set_fontweight("bold")
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel(t("mln_axis", lang))
    eur_axis(ax, lang, "x")
    xmax = max([v for _, bars in groups for _, v, _ in bars if pd.notna(v)] + [1e6]) / 1e6
    _style(ax, t("at_risk_title", lang), lang, area_label, scenario_label)
    _x_from_zero(ax, xmax)
    if illustrative:
        mark_illustrative(ax, lang)
    if source_note:
        source_footnote(ax, source_note, lang)
    return ax


def yearly_costs_chart(
    yearly: pd.DataFrame,
    ax: Axes | None = None,
    lang: str = "nl",
    illustrative: bool = False,
    source_note: str | None = None,
    area_label: str | None = None,
) -> Axes:
    """The yearly report on ORV and capacity of one area (a :func:`~nplv_analysis.monitor.
    yearly_costs` table): per year and instrument the costs declared up to and including the
    year (bars in the instrument's colour, the monitor) and what the default scenario pays under
    the ceiling by then (grey outline); per instrument the amount under the ceiling for the
    whole window (dashed) and the drawing right (dotted, the maximum), both lines in the
    instrument's colour, in EUR mln."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4.2))
    insts = [i for i in ("orv", "capaciteit") if (yearly["instrument"] == i).any()]
    years = sorted(set(yearly["year"]))
    width = 0.8 / max(len(insts), 1)
    entries: dict = {}
    lines = []
    top = 1e6
    for k, inst in enumerate(insts):
        part = yearly[yearly["instrument"] == inst].set_index("year")
        x = np.array([y + (k - (len(insts) - 1) / 2) * width for y in part.index])
        colour = PALETTE[inst]
        bars = ax.bar(x, part["cumulative_eur"] / 1e6, width=width * 0.7, color=colour)
        ax.bar(
            x,
            part["planned_eur"].cumsum() / 1e6,
            width=width * 0.9,
            facecolor="none",
            edgecolor=NEUTRAL,
            lw=1.2,
        )
        entries[t(f"yearly.drawn.{inst}", lang)] = [bars.patches[0]]
        base, right = float(part["base_eur"].iloc[0]), float(part["right_eur"].iloc[0])
        for value, style in ((base, "--"), (right, ":")):  # in the instrument's colour
            ax.axhline(value / 1e6, color=colour, ls=style, lw=1.2)
        top = max(top, right, float(part["cumulative_eur"].max()))
    entries[t("planned_to_date", lang)] = [Patch(facecolor="none", edgecolor=NEUTRAL, lw=1.2)]
    for style, what in (("--", "yearly.base"), (":", "right")):  # the legend: the line's kind
        lines.append(Line2D([], [], color=NEUTRAL, ls=style, lw=1.2, label=t(what, lang)))
    ax.set_xticks(years, [str(y) for y in years], fontsize=8)
    ax.tick_params(axis="x", length=0)
    ax.set_xlim(min(years) - 0.6, max(years) + 0.6) if years else None
    ax.set_ylabel(t("mln_axis", lang))
    eur_axis(ax, lang)
    ax.set_ylim(0, top / 1e6 * 1.1)
    _bar_legend(ax, entries, extra=lines, ncol=2)
    _style(ax, t("yearly.title", lang), lang, area_label)
    if illustrative:
        mark_illustrative(ax, lang)
    if source_note:
        source_footnote(ax, source_note, lang)
    return ax


# --- scenario comparison (issue 17) ------------------------------------------------------------

SCENARIO_STYLES = [
    (PALETTE["totaal"], "o", "-", None),  # the baseline: dark grey
    (PALETTE["realisatiestimulans"], "s", "--", None),
    (PALETTE["orv"], "^", "-.", None),
    (PALETTE["capaciteit"], "D", ":", None),
    (PURPLE, "v", "--", None),
    (VERMILLION, "P", "-.", "///"),  # vermillion looks like orange to red-green colour blindness
]
"""Colour, marker, line style and (white) hatch of the scenarios of a comparison, in turn: the
first scenario (the baseline) dark grey, then Okabe-Ito hues, each with 3:1 on white. From the
seventh scenario on the colours come round again with a hatch and another marker."""
_MORE_MARKERS = ("X", "*", "h", "p", "<", ">")
_MORE_HATCHES = ("xxx", "...", "\\\\\\")


def scenario_style(i: int) -> dict:
    """The style of the ``i``-th scenario of a comparison (0: the baseline): ``color``,
    ``marker``, ``linestyle`` and ``hatch`` (None: a plain bar). The same ``i`` always gets the
    same style, in every chart.

    >>> scenario_style(0)["color"], scenario_style(6)["color"] == scenario_style(0)["color"]
    ('#555555', True)
    """
    n = len(SCENARIO_STYLES)
    color, marker, linestyle, hatch = SCENARIO_STYLES[i % n]
    turn = i // n
    if turn:
        marker = _MORE_MARKERS[(i + turn) % len(_MORE_MARKERS)]
        hatch = _MORE_HATCHES[(turn - 1) % len(_MORE_HATCHES)]
    return {"color": color, "marker": marker, "linestyle": linestyle, "hatch": hatch}


def _scenario_order(table: pd.DataFrame, names: list[str] | None) -> list[str]:
    """The scenarios in order: ``names`` (the comparison's, so that colours hold across
    charts), or as they first appear in ``table``."""
    return list(names) if names is not None else list(dict.fromkeys(table["scenario"]))


def _scenario_bar(ax: Axes, y: float, width: float, i: int, left: float = 0.0, **kw):
    style = scenario_style(i)
    if style["hatch"]:
        kw = {"facecolor": _tint(style["color"]), "edgecolor": style["color"], **kw}
        return ax.barh(y, width, left=left, hatch=style["hatch"], lw=0.8, **kw)
    kw = {"color": style["color"], "edgecolor": SEPARATOR, **kw}
    return ax.barh(y, width, left=left, lw=0.8, **kw)


def _scenario_patch(i: int, label: str) -> Patch:
    style = scenario_style(i)
    if style["hatch"]:
        return Patch(
            facecolor=_tint(style["color"]),
            edgecolor=style["color"],
            hatch=style["hatch"],
            lw=0.8,
            label=label,
        )
    return Patch(facecolor=style["color"], edgecolor=SEPARATOR, lw=0.8, label=label)


def _side_legend(ax: Axes, handles: list) -> None:
    """A legend to the right of the axes (the scenarios' names wrapped), clear of the data."""
    ax.legend(
        handles=handles,
        labels=[textwrap.fill(_nobreak(h.get_label()), 30) for h in handles],
        fontsize=8,
        frameon=False,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
    )


def _finish_scenario_chart(
    ax: Axes,
    title: str,
    handles: list,
    lang: str,
    area_label: str | None,
    scenario_label: str | None,
    source_note: str | None,
    fit: tuple[float, list] | None = None,
) -> Axes:
    """The comparison charts' common end: the title, the x axis fitted to the largest value
    and the labels written right of the marks (``fit``), the scenarios' legend at the side and
    the source note."""
    _style(ax, title, lang, area_label, scenario_label)
    if fit is not None:
        right, texts = fit
        _x_from_zero(ax, max(right, 0.1), texts)
    _side_legend(ax, handles)
    if source_note:
        source_footnote(ax, source_note, lang)
    return ax


def _nobreak(text: str) -> str:
    """An amount kept on one line when a label is wrapped ("€ 5,3 mln" never split)."""
    text = text.replace("€ ", "€\u00a0")
    return text.replace(" mln", "\u00a0mln").replace(" mld", "\u00a0mld")


def _scenario_rows(ax: Axes, order: list[str]) -> None:
    """Scenario names on the y axis, the first (the baseline) at the top."""
    n = len(order)
    ax.set_yticks([n - 1 - i for i in range(n)], [textwrap.fill(s, 28) for s in order])
    ax.set_ylim(-0.6, n - 0.4)


def scenario_totals_chart(
    figures: pd.DataFrame,
    instrument: str,
    ax: Axes | None = None,
    lang: str = "nl",
    names: list[str] | None = None,
    source_note: str | None = None,
    area_label: str | None = None,
    scenario_label: str | None = None,
    baseline: str | None = None,
) -> Axes:
    """One instrument's total per scenario (a :attr:`Comparison.figures
    <nplv_analysis.engine.Comparison>` table): a bar per scenario in its colour (the first, the
    baseline, at the top), the amount and the difference from the baseline written beyond it,
    and what the agreement says of it behind the bars: the estimate's range as a grey band, a
    drawing right (maximum) or a national ceiling as a dashed grey line. A total nobody can
    compute is named, never drawn as zero. The title says what the differences are against:
    ``baseline`` in words (:func:`~nplv_analysis.report.comparison.baseline_words`, e.g. "het
    basisscenario"), by default "het eerste scenario (<name>)"."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.4))
    order = _scenario_order(figures, names)
    part = figures[figures["instrument"] == instrument].set_index("scenario")
    n = len(order)
    handles, texts = [], []
    right = 0.0
    known = part.dropna(subset=["reference"]) if "reference" in part else part.iloc[:0]
    if len(known):
        ref = known.iloc[0]
        low, high = float(ref["low_eur"]) / 1e6, float(ref["high_eur"]) / 1e6
        label = t("ceiling", lang) if ref["reference"] == "ceiling" else None
        label = label or t(f"kind.{ref['reference']}", lang)
        label = f"{label}: {format_range(ref['low_eur'], ref['high_eur'], lang)}"
        if high > low:
            handles.append(
                ax.axvspan(
                    low, high, facecolor="#EDEDED", edgecolor=NEUTRAL, lw=1.0, zorder=0, label=label
                )
            )
        else:
            handles.append(ax.axvline(low, color=NEUTRAL, linestyle="--", lw=1.5, label=label))
        right = high
    for i, name in enumerate(order):
        y = n - 1 - i
        handles.append(_scenario_patch(i, name))
        value = part["gross_eur"].get(name, np.nan)
        if pd.isna(value):
            ax.text(0, y, "  " + t("unknown", lang), va="center", style="italic", color="#444")
            continue
        _scenario_bar(ax, y, value / 1e6, i, height=0.6, zorder=2)
        text = format_mln(value, lang)
        if i == 0:
            text += f" ({t('cmp.baseline', lang)})"
        else:
            text += f" ({format_difference(part['difference_eur'].get(name, np.nan), lang)})"
        texts.append(_label(ax, value / 1e6, y, text, fontsize=8))
        right = max(right, value / 1e6)
    _scenario_rows(ax, order)
    ax.set_xlabel(t("mln_axis", lang))
    eur_axis(ax, lang, "x")
    if baseline is None:
        baseline = t("cmp.baseline.first", lang, name=order[0]) if order else ""
    title = t("cmp.totals_title", lang, instrument=t(instrument, lang), baseline=baseline)
    labels = (area_label, scenario_label, source_note)
    return _finish_scenario_chart(ax, title, handles, lang, *labels, fit=(right, texts))


def scenario_payments_chart(
    payments: pd.DataFrame,
    instrument: str,
    ax: Axes | None = None,
    lang: str = "nl",
    names: list[str] | None = None,
    source_note: str | None = None,
    area_label: str | None = None,
    scenario_label: str | None = None,
) -> Axes:
    """One instrument's payments per year, a line per scenario in its colour, marker and line
    style (a :attr:`Comparison.payments <nplv_analysis.engine.Comparison>` table); a year in
    which a scenario pays nothing is drawn at zero."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.4))
    order = _scenario_order(payments, names)
    part = payments[payments["instrument"] == instrument]
    years = sorted(part["year"].unique())
    wide = part.pivot_table(index="year", columns="scenario", values="gross_eur", aggfunc="sum")
    wide = wide.reindex(index=years, columns=order).fillna(0.0) / 1e6
    for i, name in enumerate(order):
        style = scenario_style(i)
        ax.plot(
            years,
            wide[name].to_numpy(),
            color=style["color"],
            marker=style["marker"],
            linestyle=style["linestyle"],
            markersize=6,
            lw=1.6,
            label=name,
        )
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_ylabel(t("mln_axis", lang))
    eur_axis(ax, lang)
    top = float(np.nanmax(np.r_[wide.to_numpy(dtype=float).ravel(), 0.1]))
    ax.set_ylim(0, top * 1.12)
    title = t("cmp.payments_title", lang, instrument=t(instrument, lang))
    labels = (area_label, scenario_label, source_note)
    return _finish_scenario_chart(ax, title, list(ax.lines), lang, *labels)


def scenario_ceilings_chart(
    ceilings: pd.DataFrame,
    instrument: str,
    ax: Axes | None = None,
    lang: str = "nl",
    names: list[str] | None = None,
    source_note: str | None = None,
    area_label: str | None = None,
    scenario_label: str | None = None,
) -> Axes:
    """A national ceiling used per scenario (a :attr:`Comparison.ceilings
    <nplv_analysis.engine.Comparison>` table): what is paid as a bar in the scenario's colour,
    what is claimed as an open outline of the same colour behind it, the ceiling as a dashed
    grey line; "uitbetaald of gedeclareerd" written beyond the bar."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.4))
    order = _scenario_order(ceilings, names)
    part = ceilings[ceilings["instrument"] == instrument].set_index("scenario")
    n = len(order)
    texts, handles = [], []
    right = 0.0
    ceiling = part["ceiling_eur"].dropna()
    if len(ceiling):
        value = float(ceiling.iloc[0])
        label = f"{t('ceiling', lang)}: {format_mln(value, lang)}"
        handles.append(ax.axvline(value / 1e6, color=NEUTRAL, linestyle="--", lw=1.5, label=label))
        right = value / 1e6
    claims_drawn = False
    for i, name in enumerate(order):
        y = n - 1 - i
        handles.append(_scenario_patch(i, name))
        if name not in part.index:
            continue
        paid, claims = float(part.at[name, "paid_eur"]), float(part.at[name, "claims_eur"])
        color = scenario_style(i)["color"]
        ax.barh(y, claims / 1e6, height=0.6, fill=False, edgecolor=color, linestyle=":", lw=1.5)
        claims_drawn = True
        _scenario_bar(ax, y, paid / 1e6, i, height=0.6, zorder=2)
        text = t(
            "cmp.paid_of_claims", lang, paid=format_mln(paid, lang), claims=format_mln(claims, lang)
        )
        texts.append(_label(ax, max(paid, claims) / 1e6, y, text, fontsize=8))
        right = max(right, paid / 1e6, claims / 1e6)
    if claims_drawn:
        handles.insert(
            1 if len(ceiling) else 0,
            Patch(
                fill=False, edgecolor="black", linestyle=":", lw=1.5, label=t("cmp.claims", lang)
            ),
        )
    _scenario_rows(ax, order)
    ax.set_xlabel(t("mln_axis", lang))
    eur_axis(ax, lang, "x")
    title = t("cmp.ceilings_title", lang, instrument=t(instrument, lang))
    labels = (area_label, scenario_label, source_note)
    return _finish_scenario_chart(ax, title, handles, lang, *labels, fit=(right, texts))


def scenario_bands_chart(
    bands: pd.DataFrame,
    ax: Axes | None = None,
    lang: str = "nl",
    names: list[str] | None = None,
    reference_low: float | None = None,
    reference_high: float | None = None,
    source_note: str | None = None,
    area_label: str | None = None,
    scenario_label: str | None = None,
) -> Axes:
    """The realisatiestimulans' uncertainty per scenario for one area (rows of a
    :attr:`Comparison.bands <nplv_analysis.engine.Comparison>` table): P10 to P90 as a thick
    line in the scenario's colour, the median (P50) as a white-edged dot on it, and the
    agreement's estimate (``reference_low``-``reference_high``) as a grey band behind them."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.4))
    order = _scenario_order(bands, names)
    part = bands.set_index("scenario")
    n = len(order)
    handles, texts = [], []
    right = 0.0
    if reference_low is not None and pd.notna(reference_low):
        high = reference_high if reference_high is not None and pd.notna(reference_high) else None
        high = reference_low if high is None else high
        label = f"{t('kind.estimate', lang)}: {format_range(reference_low, high, lang)}"
        handles.append(
            ax.axvspan(
                reference_low / 1e6,
                high / 1e6,
                facecolor="#EDEDED",
                edgecolor=NEUTRAL,
                lw=1.0,
                zorder=0,
                label=label,
            )
        )
        right = high / 1e6
    handles.append(
        Line2D([], [], color="black", lw=5, solid_capstyle="butt", label=t("p10_p90", lang))
    )
    handles.append(
        Line2D(
            [], [], color="black", marker="o", markeredgecolor="white", ls="", label=t("p50", lang)
        )
    )
    for i, name in enumerate(order):
        y = n - 1 - i
        style = scenario_style(i)
        handles.append(
            Line2D([], [], color=style["color"], lw=6, solid_capstyle="butt", label=name)
        )
        if name not in part.index:
            continue
        p10, p50, p90 = (float(part.at[name, k]) / 1e6 for k in ("p10", "p50", "p90"))
        ax.plot(
            [p10, p90],
            [y, y],
            color=style["color"],
            lw=6,
            solid_capstyle="butt",
            zorder=2,
            label=f"_{name}",
        )
        ax.plot(
            [p50],
            [y],
            color=style["color"],
            marker="o",
            markersize=7,
            markeredgecolor="white",
            ls="",
            zorder=3,
            label=f"_{name} P50",
        )
        text = f"{format_mln(p10 * 1e6, lang)} – {format_mln(p90 * 1e6, lang)}"
        texts.append(_label(ax, p90, y, text, points=9, fontsize=8))
        right = max(right, p90)
    _scenario_rows(ax, order)
    ax.set_xlabel(t("mln_axis", lang))
    eur_axis(ax, lang, "x")
    labels = (area_label, scenario_label, source_note)
    title = t("cmp.bands_title", lang)
    return _finish_scenario_chart(ax, title, handles, lang, *labels, fit=(right, texts))
