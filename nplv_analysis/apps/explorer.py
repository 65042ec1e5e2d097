"""The scenario explorer: ipywidgets sliders and dropdowns that move the money live.

>>> from nplv_analysis.apps.explorer import Explorer
>>> ex = Explorer()
>>> ex.controls["realisation"].value = 0.7
>>> round(ex.result["gross_eur"].sum())   # Heerlen Noord: 0.7 x 7,608,462 + 9 + 3.58 mln
17909256

In a notebook, ``display(ex.widget)`` shows it; ``make workshop`` serves it with Voila, without
code. Headless (papermill, nbval) it builds and computes the same way, without a browser.

Updates are fast: the chart is one matplotlib figure whose bars are resized in place (rebuilt
only when the set of areas or instruments changes), rendered as a PNG into an Image widget
(static Agg, no widget backend needed).
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
import textwrap
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from ..engine import (
    INSTRUMENTS,
    PROFILES,
    RESIDUAL,
    NamedScenario,
    Scenario,
    engine_inputs,
    national,
    run,
    totals,
)
from ..engine.compare import NATIONAL, figure_rows
from ..engine.files import (
    ScenarioFileError,
    load_scenarios,
    read_scenario,
    scenario_yaml,
    scenarios_folder,
)
from ..engine.scenario import starts_per_area
from ..report import charts
from ..report.export import excel_nl_csv, excel_workbook, workbook_sources
from ..report.figures import scenario_label, scenario_value
from ..report.tables import funding_sources_note
from ..rules import ALLOCATIONS
from ..text import (
    format_date,
    format_difference,
    format_eur,
    format_mln,
    format_number,
    has_text,
    t,
)

ALL_AREAS = "__all__"
SAME = "same_as_own"  # the others' costs spread as this area's (others_spend_profile=None)

RESET = "basisscenario"
"""The scenario file of the base scenario, computed (``data/scenarios/0-basisscenario.yaml``:
``Scenario()``, its allocation rule an assumption, A22): its button, "terug naar het
basisscenario", sets every control back."""

CONTROLLED = (
    "realisation",
    "delay_years",
    "per_home",
    "orv_spend",
    "capacity_spend",
    "spend_delay_years",
    "starts",
    "profile",
    "others_spend_profile",
    "allocation",
)
"""The scenario fields the explorer has a control for (``realisation``: the slider, one share
for every start year, or the field "realisatie per jaar", a share per start year; ``starts``:
the field "starts per jaar", the affordable starts of the chosen area per start year)."""

LABELS = {"spend_delay_years": "explorer.spend_delay_years", "starts": "explorer.starts"}
"""Controls whose label is shorter than the field's name in the reports and exports."""

BY_YEAR = "realisation_by_year"
"""The control of a realisation per start year: a text field, empty while the slider holds."""

REALISATION_MAX = 1.5
"""The highest realisation the engine takes (a share of the expected starts): the slider's end,
the highest share per year, and how far the chart's scale reaches (:func:`chart_top`)."""

CHART_INCHES = (8.8, 3.3)
CHART_DPI = 100
"""The chart in the page: 880 x 330 pixels, below the big figures on a 1366 x 768 screen; at
100 dpi its words are a quarter larger than in the reports (read from the back of a room)."""
FLAGS = {"below": "flag.below_estimate", "above": "flag.above_estimate"}
"""Positions of a total that leave the agreement's range, and their flag."""
COLOURS = {"plus": "#1B7F3B", "minus": "#B3261E", "zero": "#555555"}
"""Text colours of a difference (each at least 4.5:1 on white)."""
PAGE_ASSETS = Path(__file__).with_name("static")
"""The page's own style and script (``explorer.css``, ``explorer.js``), shown inline with the
explorer (:meth:`Explorer.show`): names and values for screen readers, wrapping buttons, a
visible focus. Nothing is loaded from another host."""
FILE_NAME_MAX = 60
"""Characters of a scenario's name kept in the names of its exported files."""
_WINDOWS_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])", re.IGNORECASE)


NUMBERS = {"realisation": float, "delay_years": int, "per_home": float}
NUMBERS.update(orv_spend=float, capacity_spend=float, spend_delay_years=int)
WEIGHTS = ("profile", "others_spend_profile")
"""Fields a link may give as weights (``0.3,0.25,...``): read, though no control shows them."""
IGNORED = ("template", "theme")
"""Query parameters of Voila itself, not of the scenario."""
_DECIMAL = re.compile(r"[0-9]+(\.[0-9]+)?")
_WHOLE = re.compile(r"[0-9]+")
_YEAR_SHARE = re.compile(r"([0-9]{4}):([0-9]+(?:\.[0-9]+)?)")
_STARTS_NUMBER = {
    "nl": re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?"),
    "en": re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"),
}
"""A number of starts as the reader writes it: Dutch 1.200 and 12,5; English 1,200 and 12.5."""


def chart_top(top: float, reach: float) -> float:
    """The top of the chart's y axis (€ mln): ``reach`` with 10% headroom, or, when the
    scenario's bars are higher still, that times 1.5, 1.5², ... until they fit. ``reach`` is
    the highest bar of the agreement in force at the highest realisation (its
    realisatiestimulans times 1.5, ORV and capacity as they are): the scale is fixed while the
    realisation slider moves over its whole range, above or below the agreement, so that a move
    redraws only the scenario's bars (issue 23); what goes beyond (a higher amount per home,
    starts bunched in fewer years) changes it in steps. It depends on the scenario alone (a
    redraw looks the same however the sliders got there).

    >>> [round(chart_top(top, 4.0), 2) for top in (3.0, 4.0, 4.5, 7.0)]
    [4.4, 4.4, 6.6, 9.9]
    """
    base = max(reach, 0.1) * charts.HEADROOM
    while top * charts.HEADROOM > base + 1e-12:
        base *= 1.5
    return base


def message_text(exc: Exception, lang: str) -> str:
    """A refusal in the reader's language: the engine's and the scenario files' own texts
    (:class:`~nplv_analysis.engine.ScenarioError`, ``ScenarioFileError``), else its message."""
    text = getattr(exc, "text", None)
    return text(lang) if callable(text) else str(exc)


def _query_value(name: str, raw: str, lang: str):
    """One query parameter's text as the engine takes it: plain decimal numbers (a point,
    no exponent), a realisation per start year as ``year:share`` pairs separated by commas
    (``2026:0.7,2027:0.7``), weights separated by commas, names as they are."""
    if name == "starts" or (name == "realisation" and ":" in raw):
        pairs = [_YEAR_SHARE.fullmatch(p) for p in raw.split(",")]
        example = "2026:0.7,2027:0.7" if name == "realisation" else "2025:300,2026:420"
        years = [int(m.group(1)) for m in pairs if m]
        if not all(pairs) or len(set(years)) < len(years):
            raise ValueError(t("query_not_by_year", lang, name=name, value=raw, example=example))
        kind = float if name == "realisation" else _starts_number
        return {int(m.group(1)): kind(m.group(2)) for m in pairs}
    kind = NUMBERS.get(name)
    if kind is not None:
        if not (_WHOLE if kind is int else _DECIMAL).fullmatch(raw):
            raise ValueError(t("query_not_number", lang, name=name, value=raw))
        return kind(raw)
    if name in WEIGHTS and raw[:1].isdigit():
        parts = raw.split(",")
        if not all(_DECIMAL.fullmatch(p) for p in parts):
            raise ValueError(t("query_not_number", lang, name=name, value=raw))
        return tuple(float(p) for p in parts)
    return raw


def parse_query(query: str, areas=None, lang: str = "nl") -> dict:
    """A page URL's query string (``realisation=0.7&delay_years=1&area=heerlen-noord``) as
    scenario fields (and ``area``), each checked by the engine; ``areas``: the known area ids.
    Refused (ValueError, in ``lang``) with every fault at once.

    >>> parse_query("realisation=0.7&delay_years=1&area=heerlen-noord")
    {'realisation': 0.7, 'delay_years': 1, 'area': 'heerlen-noord'}
    >>> parse_query("realisation=2026:0.7,2027:0.7&spend_delay_years=1")
    {'realisation': {2026: 0.7, 2027: 0.7}, 'spend_delay_years': 1}
    """
    out: dict = {}
    problems: list[str] = []
    for name, raw in parse_qsl(query.lstrip("?"), keep_blank_values=True):
        if name in IGNORED:
            continue
        if name in out:
            problems.append(t("query_twice", lang, name=name))
        elif name == "area":
            if areas is not None and raw not in (ALL_AREAS, *areas):
                problems.append(t("query_unknown_area", lang, value=raw))
            else:
                out[name] = raw
        elif name not in CONTROLLED:
            allowed = ", ".join(("area", *CONTROLLED))
            problems.append(t("query_unknown", lang, name=name, allowed=allowed))
        else:
            try:
                value = _query_value(name, raw, lang)
                Scenario(**{name: value})  # the engine's own check of this one field
                out[name] = value
            except ValueError as exc:
                problems.append(message_text(exc, lang))
    if not problems:
        try:
            Scenario(**{k: v for k, v in out.items() if k != "area"})
        except ValueError as exc:
            problems.append(message_text(exc, lang))
    if problems:
        raise ValueError("; ".join(problems))
    return out


def _starts_number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def _query_text(value) -> str:
    if isinstance(value, dict):  # per start year: 2026:0.7,2027:0.7 or 2025:300,2026:420
        return ",".join(f"{year}:{number!r}" for year, number in value.items())
    if isinstance(value, tuple):  # weights
        return ",".join(repr(w) for w in value)
    return str(value)


def share_query(scenario: Scenario, area: str | None = None) -> str:
    """A scenario (and area) as a query string that :func:`parse_query` reads back: the fields
    that differ from the agreement in force; a realisation per start year as ``year:share``
    pairs separated by commas.

    >>> share_query(Scenario(realisation=0.7, delay_years=1), "heerlen-noord")
    'realisation=0.7&delay_years=1&area=heerlen-noord'
    >>> share_query(Scenario(realisation={2026: 0.7, 2027: 0.7}, spend_delay_years=1))
    'realisation=2026:0.7,2027:0.7&spend_delay_years=1'
    >>> share_query(Scenario(starts={2025: 300, 2026: 420}))
    'starts=2025:300,2026:420'
    """
    pairs = [(k, _query_text(v)) for k, v in scenario.overrides().items()]
    if area is not None:
        pairs.append(("area", area))
    return urlencode(pairs, safe=",:")


def agreement_values(params) -> dict:
    """What "terug naar het basisscenario" restores: the default scenario on the data's parameter
    tree (the amount per home from the data), and no realisation per year (the slider holds for
    every year)."""
    values = Scenario().filled(params).to_dict()
    out = {name: values[name] for name in CONTROLLED}
    out["per_home"] = round(out["per_home"])  # the slider counts whole euros
    if out["others_spend_profile"] is None:
        out["others_spend_profile"] = SAME
    out[BY_YEAR] = ""
    out["starts"] = ""  # from the estimate
    return out


def _can_show(control, value) -> bool:
    """Whether a control can take a value as it is (a slider: a number in its range)."""
    if isinstance(control, widgets.Dropdown):
        return value in [o[1] if isinstance(o, tuple) else o for o in control.options]
    if isinstance(control, widgets.IntSlider):
        number = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(control, widgets.FloatSlider):
        number = isinstance(value, int | float) and not isinstance(value, bool)
    else:
        return False
    return number and control.min <= value <= control.max


def _example(n: int) -> str:
    """An example of the field "realisatie per jaar" for ``n`` start years: 100 70 70 100 100."""
    return " ".join(["100"] + ["70"] * min(2, n - 1) + ["100"] * max(n - 3, 0))


def _field_parts(text: str) -> list[str]:
    """The numbers typed in a per-year field, separated by spaces or ";"."""
    return [p for p in re.split(r"[;\s]+", text.strip()) if p]


def _field_refusal(message: str, text: str, years, lang: str, reason: str, **values):
    """A per-year field refused: ``message`` naming what was typed, the ``reason`` (a catalogue
    id and its values) and the years a value is wanted for."""
    return ValueError(
        t(
            message,
            lang,
            typed=text.strip(),
            reason=t(reason, lang, **values),
            n=len(years),
            years=f"{years[0]}–{years[-1]}",
            example=_example(len(years)),
        )
    )


def parse_realisation(text: str, years, lang: str = "nl") -> dict[int, float] | None:
    """The field "realisatie per jaar" as a share per start year of the parameter tree
    (``years``), or ``None`` when it is empty (the slider holds for every year). One number per
    start year, separated by spaces or ";": percentages ("100 70 70 100 100", "70%"), or shares
    when every number is at most the highest realisation, 1.5, and none has a % sign ("1 0,7 0,7
    1 1"); a decimal comma or point. Each share 0 to 1.5. Refused (ValueError, in ``lang``) with
    what was typed.

    >>> parse_realisation("100 70 70 100 100", (2025, 2026, 2027, 2028, 2029))
    {2025: 1.0, 2026: 0.7, 2027: 0.7, 2028: 1.0, 2029: 1.0}
    >>> parse_realisation("1 0,7 0,7 1 1", (2025, 2026, 2027, 2028, 2029))[2026]
    0.7
    >>> parse_realisation(" ", (2025, 2026)) is None
    True
    """
    parts = _field_parts(text)
    if not parts:
        return None
    n = len(years)

    def refuse(reason: str, **values):
        return _field_refusal("by_year_refused", text, years, lang, reason, **values)

    percent = any(p.endswith("%") for p in parts)
    try:
        values = [float(p.rstrip("%").replace(",", ".")) for p in parts]
    except ValueError:
        raise refuse("custom_reason_words") from None
    if len(values) != n:
        raise refuse("custom_reason_count", typed_count=len(values), n=n)
    if any(not np.isfinite(v) for v in values):
        raise refuse("custom_reason_words")
    if any(v < 0 for v in values):
        raise refuse("custom_reason_negative")
    if percent or any(v > REALISATION_MAX for v in values):
        values = [v / 100 for v in values]
    if any(v > REALISATION_MAX for v in values):
        raise refuse("by_year_reason_high", high=_percent(REALISATION_MAX, lang))
    return dict(zip((int(y) for y in years), values, strict=True))


def _percent(share: float, lang: str) -> str:
    """A share as a percentage, with decimals only where it has them: "70%", "72,5%"."""
    value = round(share * 100, 6)
    digits = 0 if float(value).is_integer() else len(repr(value).split(".")[1])
    return format_number(value, min(digits, 4), lang) + "%"


def realisation_text(realisation: dict, years, lang: str = "nl") -> str:
    """A realisation per start year as the field "realisatie per jaar" shows it (years not
    named: 100%), which :func:`parse_realisation` reads back.

    >>> realisation_text({2026: 0.7, 2027: 0.7}, (2025, 2026, 2027, 2028, 2029))
    '100% 70% 70% 100% 100%'
    """
    return " ".join(_percent(realisation.get(int(y), 1.0), lang) for y in years)


def parse_starts(text: str, years, lang: str = "nl") -> dict[int, int | float] | None:
    """The field "starts per jaar" as the affordable starts per start year of the parameter tree
    (``years``), used as given (``Scenario(starts=...)``), or ``None`` when it is empty (the
    agreement's estimate). One number per start year, separated by spaces or ";", written the
    reader's way (Dutch "1.200" and "12,5"; English "1,200" and "12.5"). Refused (ValueError,
    in ``lang``) with what was typed.

    >>> parse_starts("300 420 1.200 0 12,5", (2025, 2026, 2027, 2028, 2029))
    {2025: 300, 2026: 420, 2027: 1200, 2028: 0, 2029: 12.5}
    """
    parts = _field_parts(text)
    if not parts:
        return None
    n = len(years)

    def refuse(reason: str, **values):
        return _field_refusal("starts_refused", text, years, lang, reason, **values)

    if any(p.startswith("-") for p in parts):
        raise refuse("custom_reason_negative")
    number = _STARTS_NUMBER.get(lang, _STARTS_NUMBER["en"])
    if not all(number.fullmatch(p) for p in parts):
        raise refuse("custom_reason_words")
    if len(parts) != n:
        raise refuse("custom_reason_count", typed_count=len(parts), n=n)
    thousands, decimal = (".", ",") if lang == "nl" else (",", ".")
    values = [_starts_number(p.replace(thousands, "").replace(decimal, ".")) for p in parts]
    return dict(zip((int(y) for y in years), values, strict=True))


def starts_text(starts: dict, years, lang: str = "nl") -> str:
    """Starts per year as the field "starts per jaar" shows them (years not named: 0), which
    :func:`parse_starts` reads back.

    >>> starts_text({2026: 420, 2027: 1200}, (2025, 2026, 2027, 2028, 2029))
    '0 420 1.200 0 0'
    """
    return " ".join(_count(starts.get(int(y), 0), lang) for y in years)


def _count(n, lang: str) -> str:
    """A number of starts the reader's way, with decimals only where it has them: "1.200",
    "12,5"."""
    digits = 0 if float(n).is_integer() else len(repr(float(n)).split(".")[1])
    return format_number(n, min(digits, 4), lang)


def file_stem(name: str, fallback: str = "scenario") -> str:
    """A scenario's name as the stem of a file name that every system takes: letters (also
    accented ones) and digits kept, every other run of characters one hyphen, at most
    ``FILE_NAME_MAX`` characters, never empty, never a name Windows reserves.

    >>> file_stem("Heerlen Noord 2026-12-06")
    'Heerlen-Noord-2026-12-06'
    >>> file_stem("../70% & één jaar later?"), file_stem("CON"), file_stem(" ..")
    ('70-één-jaar-later', 'scenario-CON', 'scenario')
    """
    text = unicodedata.normalize("NFC", name)
    stem = re.sub(r"[^\w]+|_+", "-", text).strip("-")[:FILE_NAME_MAX].strip("-")
    if not stem:
        return fallback
    if _WINDOWS_RESERVED.fullmatch(stem):
        return f"{fallback}-{stem}"
    return stem


def _round_step(value: float, step: float) -> float:
    """A slider's value on its step as the reader sees it: the browser's sums of steps carry
    noise (0.05 x 17 = 0.8500000000000001), which would reach links and files.

    >>> _round_step(0.8500000000000001, 0.05), _round_step(1.0, 0.05)
    (0.85, 1.0)
    """
    digits = max(0, -int(np.floor(np.log10(step)))) + 2 if step > 0 else 6
    return round(float(value), digits)


class Explorer:
    """Widgets for a :class:`~nplv_analysis.engine.Scenario`, its totals and its payments.

    ``redraw="inplace"`` (default) resizes the existing bars; ``"rebuild"`` clears and draws
    the chart anew on every change (the slower alternative, kept for the benchmark)."""

    def __init__(
        self,
        area_id: str = "heerlen-noord",
        lang: str = "nl",
        data_dir: str | Path | None = None,
        redraw: str = "inplace",
    ):
        self.lang = lang
        self.data_dir = data_dir
        self.redraw = redraw
        inputs = engine_inputs(data_dir)
        self.years = tuple(inputs.params.years)
        self.known_areas = tuple(inputs.known_areas)
        self.defaults = d = agreement_values(inputs.params)
        names = self._area_names()
        options = [(t("all_areas", lang), ALL_AREAS)] + [
            (names.get(a, a), a) for a in inputs.known_areas
        ]
        style = {"description_width": "18.5em"}  # the longest label whole
        layout = widgets.Layout(width="39.5em")

        def make(cls, name, **kw):
            """A control for ``name``, starting at the agreement's value; a slider's read-out
            is a Label in the reader's format (70%, € 7.000, 1 jaar), not the built-in one."""
            kw.setdefault("value", d.get(name))
            label = LABELS.get(name, name)
            if cls in (widgets.FloatSlider, widgets.IntSlider):
                kw["readout"] = False
            return cls(description=t(label, lang), style=style, layout=layout, **kw)

        self.controls: dict[str, widgets.Widget] = {
            "area": make(widgets.Dropdown, "area", options=options, value=area_id),
            "realisation": make(
                widgets.FloatSlider, "realisation", min=0.0, max=REALISATION_MAX, step=0.05
            ),
            BY_YEAR: make(
                widgets.Text,
                BY_YEAR,
                continuous_update=False,  # read on Enter or on leaving the field, not per key
                placeholder=t(
                    "by_year_placeholder",
                    lang,
                    years=f"{self.years[0]}–{self.years[-1]}",
                    example=_example(len(self.years)),
                ),
            ),
            "starts": make(
                widgets.Text,
                "starts",
                continuous_update=False,
                placeholder=t(
                    "starts_placeholder", lang, years=f"{self.years[0]}–{self.years[-1]}"
                ),
            ),
            "delay_years": make(widgets.IntSlider, "delay_years", min=0, max=5),
            "per_home": make(widgets.IntSlider, "per_home", min=0, max=15000, step=250),
            "orv_spend": make(widgets.FloatSlider, "orv_spend", min=0.0, max=1.0, step=0.05),
            "capacity_spend": make(
                widgets.FloatSlider, "capacity_spend", min=0.0, max=1.0, step=0.05
            ),
            "spend_delay_years": make(widgets.IntSlider, "spend_delay_years", min=0, max=5),
            "profile": make(
                widgets.Dropdown, "profile", options=[(t(p, lang), p) for p in PROFILES]
            ),
            "others_spend_profile": make(
                widgets.Dropdown,
                "others_spend_profile",
                options=[(t(SAME, lang), SAME)] + [(t(p, lang), p) for p in PROFILES],
            ),
            "allocation": make(
                widgets.Dropdown,
                "allocation",
                options=[(t(a, lang), a) for a in ALLOCATIONS],
            ),
        }
        for name, control in self.controls.items():
            control.add_class(f"nplv-{name.replace('_', '-')}")
        self.readouts: dict[str, widgets.Label] = {}
        for name, control in self.controls.items():
            if isinstance(control, (widgets.FloatSlider, widgets.IntSlider)):
                label = widgets.Label(self.readout(name, control.value))
                label.add_class(f"nplv-readout-{name.replace('_', '-')}")
                self.readouts[name] = label
                control.observe(
                    lambda change, name=name: setattr(
                        self.readouts[name], "value", self.readout(name, change["new"])
                    ),
                    names="value",
                )
        # how the field "realisatie per jaar" was read, wrapped to the controls' width
        self.year_note = widgets.HTML(layout=widgets.Layout(max_width="47.5em"))
        self.year_note.add_class("nplv-year-note")
        self.message = widgets.HTML()
        self.message.add_class("nplv-message")
        self._standing = ""  # a message that stays: the presets could not be read
        self.presets = self._load_presets()
        self.buttons = {
            key: widgets.Button(
                description=t("preset_reset", lang) if key == RESET else named.title(lang),
                tooltip=(named.description or {}).get(lang, ""),
                layout=widgets.Layout(width="auto"),
            )
            for key, named in [*self.presets.items()]
        }
        for key, button in self.buttons.items():
            button.add_class(f"nplv-preset-{key}")
            button.on_click(lambda _b, key=key: self.apply_preset(key))
        self.export_button = widgets.Button(description=t("export", lang))
        self.export_button.add_class("nplv-export")
        self.export_button.on_click(lambda _b: self.export())
        self.downloads = widgets.HTML()
        self.downloads.add_class("nplv-downloads")
        self.name = widgets.Text(
            description=t("scenario_name", lang), style=style, layout=widgets.Layout(width="28em")
        )
        self.name.add_class("nplv-scenario-name")
        self.name.observe(self.update, names="value")  # the chart names the scenario
        self.upload = widgets.FileUpload(
            description=t("open_scenario", lang), accept=".yaml,.yml", multiple=False
        )
        self.upload.add_class("nplv-open-scenario")
        self.upload.observe(self._uploaded, names="value")
        self.share = widgets.HTML()
        self.share.add_class("nplv-share")
        self.file_message = widgets.HTML()  # a scenario file's refusal, next to "Open"
        self.file_message.add_class("nplv-file-message")
        self.table = widgets.HTML()
        self.table.add_class("nplv-table")
        self.heading = widgets.HTML()
        self.heading.add_class("nplv-heading")
        self.cards = widgets.HTML()
        self.cards.add_class("nplv-figures")
        self.image = widgets.Image(
            format="png", layout=widgets.Layout(width="880px", max_width="100%")
        )
        self.image.add_class("nplv-chart")
        # the chart's text alternative, after it in reading order (hidden from view, read by
        # screen readers; explorer.js gives the image its short text, data-alt)
        self.chart_text = widgets.HTML()
        self.chart_text.add_class("nplv-chart-text")
        self.fig = Figure(figsize=CHART_INCHES, dpi=CHART_DPI)  # never shown by pyplot
        self.canvas = FigureCanvasAgg(self.fig)
        self.ax = self.fig.add_subplot()
        self._bars: dict | None = None
        self._agreement: dict = {}  # per area choice: the agreement in force, computed once
        self._figures: pd.DataFrame | None = None  # the big figures of the last update
        self.result = pd.DataFrame()
        self.totals = pd.DataFrame()
        self.national = pd.DataFrame()
        self._muted = False
        for control in self.controls.values():
            control.observe(self.update, names="value")
        controls = widgets.VBox(
            [
                widgets.HBox([control, self.readouts[name]]) if name in self.readouts else control
                for name, control in self.controls.items()
            ]
            + [self.year_note],
            layout=widgets.Layout(min_width="47.5em"),  # a wide table never squeezes the controls
        )
        # for a room: the title, the what-ifs, the big figures against the agreement and the
        # chart first (on one 1366x768 screen), then the controls, the table and the files
        presets = widgets.HBox(list(self.buttons.values()))
        presets.add_class("nplv-presets")  # they wrap, whole words (explorer.css)
        self.widget = widgets.VBox(
            [
                self.heading,
                presets,
                self.message,
                self.cards,
                self.image,
                self.chart_text,
                widgets.HBox([controls, self.table], layout=widgets.Layout(flex_flow="row wrap")),
                widgets.HBox([self.export_button, self.downloads]),
                widgets.HBox([self.name, self.upload, self.share]),
                self.file_message,
            ]
        )
        self.widget.add_class("nplv-app")
        self.update()

    # --- state ----------------------------------------------------------------------------

    def _area_names(self) -> dict[str, str]:
        from ..data import load_areas

        names = load_areas(self.data_dir).set_index("area_id")["name"].to_dict()
        names["overige-nplv-gebieden"] = t("overige-nplv-gebieden", self.lang)
        return names

    def readout(self, name: str, value) -> str:
        """A slider's value the reader's way: "70%", "€ 7.000", "1 jaar" ("1 year")."""
        if name == "per_home":
            return format_eur(value, self.lang, short=False)
        if name in ("delay_years", "spend_delay_years"):
            return t("explorer_year" if value == 1 else "explorer_years", self.lang, n=value)
        if name == "realisation" and self.controls[BY_YEAR].value.strip():
            return t("by_year_readout", self.lang)  # the field holds: a share per year
        return format_number(value * 100, 0, self.lang) + "%"

    def value_texts(self) -> dict[str, list]:
        """Every value of every slider with its read-out ("70%", "€ 7.000", "1 jaar"), per
        slider's class: what explorer.js gives a slider's handle as its ``aria-valuetext``, at
        once when it moves (a screen reader says what the page shows, not "0.7")."""
        out = {}
        for name in self.readouts:
            control = self.controls[name]
            steps = round((control.max - control.min) / control.step)
            step = control.step
            values = [_round_step(control.min + k * step, step) for k in range(steps + 1)]
            if isinstance(control, widgets.IntSlider):
                values = [int(v) for v in values]
            key = f"nplv-{name.replace('_', '-')}"
            out[key] = [[v, self.readout(name, v)] for v in values]
        return out

    def page_assets(self) -> str:
        """The page's style and script (``static/explorer.css``, ``static/explorer.js``) as
        HTML to display once before :attr:`widget`, with the sliders' value texts."""
        css = (PAGE_ASSETS / "explorer.css").read_text(encoding="utf-8")
        js = (PAGE_ASSETS / "explorer.js").read_text(encoding="utf-8")
        texts = json.dumps(self.value_texts(), ensure_ascii=False).replace("</", "<\\/")
        js = js.replace("__NPLV_VALUE_TEXTS__", texts)
        return f"<style>{css}</style><script>{js}</script>"

    def show(self) -> None:
        """Display the explorer in a notebook (and in the workshop): its style and script, then
        the widgets."""
        from IPython.display import HTML, display

        display(HTML(self.page_assets()), self.widget)

    def areas(self) -> list[str] | None:
        area = self.controls["area"].value
        return None if area == ALL_AREAS else [area]

    def scenario(self) -> Scenario:
        """The scenario the controls show (raises ValueError if the engine refuses it)."""
        c = self.controls

        def slider(name: str) -> float:
            return _round_step(c[name].value, c[name].step)

        by_year = parse_realisation(c[BY_YEAR].value, self.years, self.lang)
        realisation = slider("realisation")
        if by_year is not None and len(set(by_year.values())) == 1:
            realisation = next(iter(by_year.values()))  # the same every year: one number
        elif by_year is not None:  # the years at 100% are left out: the engine's default
            realisation = {y: r for y, r in by_year.items() if r != 1.0}
        return Scenario(
            realisation=realisation,
            delay_years=int(c["delay_years"].value),
            per_home=float(c["per_home"].value),
            orv_spend=slider("orv_spend"),
            capacity_spend=slider("capacity_spend"),
            spend_delay_years=int(c["spend_delay_years"].value),
            starts=self._starts(),
            profile=c["profile"].value,
            others_spend_profile=None
            if c["others_spend_profile"].value == SAME
            else c["others_spend_profile"].value,
            allocation=c["allocation"].value,
        )

    def _starts(self) -> dict | None:
        """The field "starts per jaar": the chosen area's starts, or None (the estimate)."""
        starts = parse_starts(self.controls["starts"].value, self.years, self.lang)
        if starts is not None and self.areas() is None:
            raise ValueError(t("starts_one_area", self.lang))
        return starts

    def scenario_name(self) -> str:
        """The name typed for the scenario, or the area and today's date as the reader writes it
        ("Heerlen Noord 6 december 2026")."""
        typed = self.name.value.strip()
        if typed:
            return typed
        area = self.controls["area"]
        return f"{area.label} {format_date(date.today(), self.lang)}"

    def _load_presets(self) -> dict:
        """The named scenarios of ``data/scenarios/`` (the data folder's own, if it has one),
        the agreement's last: the workshop's buttons. A faulty file leaves only the agreement's
        button, and the page says why."""
        folder = scenarios_folder(self.data_dir)
        try:
            presets = load_scenarios(folder if folder.is_dir() else None)
        except ScenarioFileError as exc:
            self._problem("scenario_file_refused", exc.text(self.lang))
            self._standing = self.message.value  # shown while the page is open
            presets = {}
        agreement = presets.pop(RESET, None)
        if agreement is None or agreement.scenario.overrides():
            agreement = NamedScenario({"nl": "", "en": ""}, Scenario())
        return {**presets, RESET: agreement}

    def apply_preset(self, key: str) -> None:
        """A named scenario of ``data/scenarios/`` ("1 jaar vertraging", ...): it sets only its
        own fields, so that presets combine ("70% realisatie" then "1 jaar vertraging"); the
        base scenario ("terug naar het basisscenario", key ``basisscenario``) sets all of them
        back."""
        if key == RESET:
            self._set_controls(dict(self.defaults))
        else:
            values = self._control_values(self.presets[key].scenario.overrides())
            changed = set(self.presets[key].scenario.overrides())
            changed |= {BY_YEAR} if "realisation" in changed else set()
            self._set_controls({k: v for k, v in values.items() if k in changed})

    def _set_controls(self, changes: dict) -> None:
        """Set several controls at once, then compute and draw once."""
        self._muted = True
        try:
            for name, value in changes.items():
                self.controls[name].value = value
        finally:
            self._muted = False
        self.update()

    def _portable(self, scenario: Scenario) -> Scenario:
        """The scenario to save or share: the agreement's amount per home left to the data."""
        if scenario.per_home == self.defaults["per_home"]:
            return replace(scenario, per_home=None)
        return scenario

    def _control_values(self, values: dict) -> dict:
        """The controls' values for scenario fields (those not given: the agreement's);
        refused (ValueError, in the reader's language) when a control cannot show a value."""
        out = dict(self.defaults)
        for name, value in values.items():
            if name == "area":
                out[name] = value
                continue
            control = self.controls.get(name)
            shown = value
            if name == "per_home" and value is None:
                value = self.defaults["per_home"]
            elif name == "per_home" and float(value).is_integer():
                value = int(value)
            elif name == "others_spend_profile" and value is None:
                value = SAME
            elif name == "starts":  # a field: one area's starts per start year, or empty
                per_year = value is None or not starts_per_area(value)
                if value is not None and not (per_year and set(value) <= set(self.years)):
                    raise ValueError(t("explorer_no_control", self.lang, field=name, value=shown))
                out[name] = "" if value is None else starts_text(value, self.years, self.lang)
                continue
            elif name == "realisation" and isinstance(value, dict):
                if not set(value) <= set(self.years):  # a start year the field has no place for
                    raise ValueError(t("explorer_no_control", self.lang, field=name, value=shown))
                out[BY_YEAR] = realisation_text(value, self.years, self.lang)
                value = 1.0  # the slider waits while the field holds
            if not _can_show(control, value):
                raise ValueError(t("explorer_no_control", self.lang, field=name, value=shown))
            out[name] = value
        return out

    def set_scenario(self, values: dict) -> None:
        """Show a scenario: its fields (``Scenario`` names, and ``area``) on the controls, the
        others at the agreement's values. Raises ValueError, changing nothing, when a control
        cannot show a value."""
        self._set_controls(self._control_values(values))

    def _problem(self, key: str, text: str, near=None) -> None:
        """Show a refusal at the top of the page (and ``near`` the control that caused it, a
        widget further down, so that the person who clicked sees it)."""
        self.message.value = (
            f"<div style='color:#b00020'><b>{t(key, self.lang)}:</b> "
            f"{html.escape(text).replace(chr(10), '<br>')}</div>"
        )
        if near is not None:
            near.value = self.message.value

    def open_query(self, query: str | None) -> None:
        """Open the scenario of a page URL's query string (``realisation=0.7&area=...``); a
        faulty one shows its message in the page and leaves the agreement."""
        if not query:
            return
        try:
            self.set_scenario(parse_query(query, self.known_areas, self.lang))
        except ValueError as exc:
            self._problem("query_refused", message_text(exc, self.lang))

    def open_file(self, content: bytes | str, shown: str = "scenario.yaml") -> None:
        """Open a scenario file's content (as :func:`~nplv_analysis.engine.files.load_scenario`
        reads it); a faulty file shows every fault in the page."""
        try:
            named = read_scenario(content, shown)
            self.set_scenario(named.scenario.overrides())
        except ValueError as exc:  # ScenarioFileError is a ValueError
            self._problem(
                "scenario_file_refused", message_text(exc, self.lang), near=self.file_message
            )
            return
        self.file_message.value = ""
        self.name.value = named.title(self.lang)

    def _uploaded(self, change) -> None:
        if not change["new"]:
            return
        upload = change["new"][0]
        self.open_file(bytes(upload["content"]), upload["name"])
        self.upload.value = ()  # the same file can be opened again

    # --- computing and drawing --------------------------------------------------------------

    def update(self, *_):
        """Recompute and redraw; a refused scenario shows the engine's message instead, and
        the explorer keeps working."""
        if self._muted:
            return
        self.downloads.value = ""  # the export links are of the scenario they were made for
        # while the field "realisatie per jaar" holds, the slider waits (and says so)
        slider = self.controls["realisation"]
        slider.disabled = bool(self.controls[BY_YEAR].value.strip())
        self.readouts["realisation"].value = self.readout("realisation", slider.value)
        try:
            scenario = self.scenario()
            self.result = run(scenario, self.areas(), self.data_dir)
            self.totals = totals(scenario, self.areas(), self.data_dir, lang=self.lang)
            self.national = (
                national(scenario, self.data_dir) if self.areas() is None else pd.DataFrame()
            )
            self._figures = None  # of these results: made on first use
        except ValueError as exc:
            self.message.value = (
                f"<div style='color:#b00020'><b>{t('refused', self.lang)}:</b> "
                f"{html.escape(message_text(exc, self.lang))}</div>"
            )
            self.year_note.value = ""
            self.share.value = ""
            return
        self.message.value = self._standing
        self.year_note.value = self._year_note()
        self.heading.value = (
            f"<h1 style='margin:0.2em 0;font-size:1.9em'>"
            f"{html.escape(t('workshop.heading', self.lang, area=self.controls['area'].label))}"
            "</h1>"
        )
        self.cards.value = self._cards_html()
        self.table.value = self._table_html()
        query = html.escape(share_query(self._portable(scenario), self.controls["area"].value))
        self.share.value = f"<a href='?{query}' target='_blank'>{t('share_link', self.lang)}</a>"
        self._draw(scenario)
        self.chart_text.value = self._chart_text_html()

    def _year_note(self) -> str:
        """How the fields per start year were read ("realisatie per startjaar: 2025: 100% · ...",
        "opgegeven betaalbare starts per startjaar: 2025: 300 · ..."), or nothing."""
        lang, notes = self.lang, []
        by_year = parse_realisation(self.controls[BY_YEAR].value, self.years, lang)
        if by_year is not None:
            shares = " · ".join(f"{y}: {_percent(r, lang)}" for y, r in by_year.items())
            notes.append(t("by_year_note", lang, years_shares=shares))
        starts = parse_starts(self.controls["starts"].value, self.years, lang)
        if starts is not None:
            given = " · ".join(f"{y}: {_count(n, lang)}" for y, n in starts.items())
            notes.append(t("starts_note", lang, years_starts=given))
        return "<br>".join(html.escape(note) for note in notes)

    def agreement(self) -> dict:
        """The base scenario ("terug naar het basisscenario", computed) for the chosen area(s): its
        payments, totals and national sums, computed once per choice."""
        key = self.controls["area"].value
        if key not in self._agreement:
            base = Scenario()
            areas = self.areas()
            self._agreement[key] = {
                "result": run(base, areas, self.data_dir),
                "totals": totals(base, areas, self.data_dir, lang=self.lang),
                "national": national(base, self.data_dir) if areas is None else pd.DataFrame(),
                "figures": None,  # its big figures, made on first use (figures())
                "sources": (
                    t("areas_sources", self.lang)
                    if areas is None
                    else funding_sources_note(areas[0], self.data_dir, self.lang)
                ),
            }
        return self._agreement[key]

    def figures(self) -> pd.DataFrame:
        """The big figures (:func:`~nplv_analysis.engine.compare.figure_rows`): per instrument
        (and, for one area, in total) the scenario's amount against what the agreement says of
        it, the base scenario's amount (``agreement_eur``), the difference and a ``flag``
        (a text id) when a realisatiestimulans total leaves the estimate's range. For all
        areas no total: sums of another scope each. Made once per update (the cards and the
        chart's text alternative both read them)."""
        if self._figures is not None:
            return self._figures
        base = self.agreement()
        one_area = self.areas() is not None
        out = figure_rows(self.totals, self.national, self.result, one_area)
        if base["figures"] is None:
            base["figures"] = figure_rows(
                base["totals"], base["national"], base["result"], one_area
            )
        then = base["figures"]
        out["agreement_eur"] = out["instrument"].map(then.set_index("instrument")["gross_eur"])
        out["difference_eur"] = out["gross_eur"] - out["agreement_eur"]
        out["flag"] = out["position"].map(FLAGS)
        self._figures = out.rename(
            columns={"gross_eur": "scenario_eur", "low_eur": "low", "high_eur": "high"}
        )
        return self._figures

    def _range(self, low: float, high: float) -> str:
        if pd.notna(high) and high > low:
            return f"{format_mln(low, self.lang)} – {format_mln(high, self.lang)}"
        return format_mln(low, self.lang)

    def _cards_html(self) -> str:
        """The big figures as cards, read from the back of a room."""
        lang = self.lang
        cards = []
        for _, r in self.figures().iterrows():
            inst = r["instrument"]
            diff = r["difference_eur"]
            sign = "zero" if round(abs(diff) / 1e6, 1) == 0 else ("plus" if diff > 0 else "minus")
            label = self._figure_label(r)
            value_class = "nplv-total" if inst == "totaal" else f"nplv-figure-{inst}"
            lines = [
                f"<div style='font-size:1.15em'>{html.escape(label)}</div>",
                f"<div class='{value_class}' data-eur='{r['scenario_eur']:.2f}' "
                f"title='{format_eur(r['scenario_eur'], lang, short=False)}' "
                f"style='font-size:2.3em;font-weight:bold;line-height:1.2'>"
                f"{format_mln(r['scenario_eur'], lang)}</div>",
                f"<div class='nplv-difference nplv-difference-{sign}' data-eur='{diff:.2f}' "
                f"title='{format_eur(diff, lang, short=False)}' "
                f"style='font-size:1.35em;font-weight:bold;color:{COLOURS[sign]}'>"
                f"{format_difference(diff, lang)} "
                f"<span style='font-weight:normal;font-size:0.75em'>"
                f"{t('workshop.vs_agreement', lang)}</span></div>",
                f"<div>{t('workshop.agreement_value', lang)}: "
                f"{format_mln(r['agreement_eur'], lang)}</div>",
            ]
            if isinstance(r["reference"], str) and pd.notna(r["low"]):
                kind = t("ceiling", lang) if r["reference"] == "ceiling" else None
                kind = kind or t(f"kind.{r['reference']}", lang)
                lines.append(f"<div>{kind}: {self._range(r['low'], r['high'])}</div>")
            if isinstance(r["flag"], str):
                lines.append(
                    f"<div class='nplv-flag' style='color:{COLOURS['minus']};font-weight:bold'>"
                    f"⚠ {t(r['flag'], lang)}</div>"
                )
            cards.append(
                f"<div class='nplv-card nplv-card-{inst}' style='border:2px solid #ccc;"
                f"border-radius:6px;padding:6px 12px;min-width:15em;flex:1;line-height:1.35'>"
                + "".join(lines)
                + "</div>"
            )
        return "<div style='display:flex;gap:10px;flex-wrap:wrap'>" + "".join(cards) + "</div>"

    def _figure_label(self, r) -> str:
        """A big figure's name: the instrument, with its scope for all areas."""
        label = t(r["instrument"], self.lang)
        if r["scope"] == "national":
            return t("workshop.national", self.lang, instrument=label)
        if r["scope"] == "areas":
            return t("workshop.areas", self.lang, instrument=label)
        return label

    def _chart_text_html(self) -> str:
        """The chart as text, for whoever does not see it (WCAG 1.1.1), after it in reading
        order: what it shows and over which years; per instrument the scenario's amount, the
        years it is paid in, the difference against the base scenario and what the agreement
        says of it (as on the cards); then a table of the payments per year, the scenario's and
        the base scenario's. ``data-alt`` is the image's own short text (explorer.js)."""
        lang = self.lang
        base = self.agreement()["result"]
        years = tuple(sorted(set(self.result["year"]) | set(base["year"])))
        insts = tuple(i for i in INSTRUMENTS if i in set(self.result["instrument"]))
        if not years or not insts:
            return ""
        title = " ".join(self.chart_title.split())
        now, _ = self._heights(self.result, years, insts, grouped=True)
        then, _ = self._heights(base, years, insts, grouped=True)
        alt = t("workshop.chart_alt", lang, title=title)
        shows = t("workshop.chart_shows", lang, title=title, first=years[0], last=years[-1])
        items = []
        for _, r in self.figures().iterrows():
            inst = r["instrument"]
            row = now[inst][0] if inst in now else sum(v for v, _ in now.values())
            paid = [y for y, v in zip(years, row, strict=True) if v > 0]
            when = (
                t("workshop.chart_paid_in", lang, first=paid[0], last=paid[-1])
                if paid
                else t("workshop.chart_not_paid", lang)
            )
            text = t(
                "workshop.chart_instrument",
                lang,
                instrument=self._figure_label(r),
                amount=format_mln(r["scenario_eur"], lang),
                when=when,
                difference=format_difference(r["difference_eur"], lang),
                base=format_mln(r["agreement_eur"], lang),
            )
            if isinstance(r["reference"], str) and pd.notna(r["low"]):
                kind = t("ceiling", lang) if r["reference"] == "ceiling" else None
                kind = kind or t(f"kind.{r['reference']}", lang)
                text += f"; {kind}: {self._range(r['low'], r['high'])}"
            if isinstance(r["flag"], str):
                text += f"; {t(r['flag'], lang)}"
            items.append(f"<li>{html.escape(text)}</li>")
        head = "".join(f"<th scope='col'>{html.escape(t(i, lang))}</th>" for i in insts)
        rows = []
        for k, year in enumerate(years):
            cells = "".join(
                "<td>"
                + html.escape(
                    t(
                        "workshop.chart_cell",
                        lang,
                        amount=format_mln(now[i][0][k] * 1e6, lang),
                        base=format_mln(then[i][0][k] * 1e6, lang),
                    )
                )
                + "</td>"
                for i in insts
            )
            rows.append(f"<tr><th scope='row'>{year}</th>{cells}</tr>")
        caption = html.escape(t("workshop.chart_table", lang))
        return (
            f"<div class='nplv-chart-summary' data-alt='{html.escape(alt, quote=True)}'>"
            f"<p>{html.escape(shows)}</p><ul>{''.join(items)}</ul>"
            f"<table><caption>{caption}</caption>"
            f"<tr><th scope='col'>{html.escape(t('workshop.chart_year', lang))}</th>{head}</tr>"
            f"{''.join(rows)}</table></div>"
        )

    def _national_table_html(self) -> str:
        """All areas: per instrument the areas with figures, the residual "overige
        NPLV-gebieden" and, for ORV and capacity, the national sum paid and the ceiling. No
        total over the instruments: a per-area estimate and national sums are of another
        scope."""
        lang = self.lang
        names = self._area_names()
        cell = "style='text-align:right'"
        head = f"<tr><th></th><th>{t('scenario', lang)}</th><th>{t('reference', lang)}</th></tr>"
        rows = []
        for inst in INSTRUMENTS:
            part = self.totals[self.totals["instrument"] == inst]
            if part.empty:
                continue
            rows.append(f"<tr><td colspan='3'><b>{t(inst, lang)}</b></td></tr>")
            for _, r in part.iterrows():
                agreed = self._agreed(
                    {
                        "low": r["reference_low_eur"],
                        "high": r["reference_high_eur"],
                        # the residual's rights are the national programme less the areas'
                        # ("ruim 200 mln" taken at 200, A12): inferred, not printed
                        "kind": "inferred" if r["area_id"] == RESIDUAL else r["reference"],
                    }
                )
                if pd.isna(r["gross_eur"]) and isinstance(r.get("reason"), str):
                    agreed = html.escape(r["reason"])
                rows.append(
                    f"<tr><td>{html.escape(names.get(r['area_id'], r['area_id']))}</td>"
                    f"<td {cell}>{format_mln(r['gross_eur'], lang)}</td>"
                    f"<td>{agreed}</td></tr>"
                )
            if inst in NATIONAL and not self.national.empty:
                nat = self.national[self.national["instrument"] == inst]
                key = inst.replace("_", "-")
                paid = nat["paid_eur"].sum()
                rows.append(
                    f"<tr><td><b>{t('explorer_national_paid', lang)}</b></td><td {cell}>"
                    f"<b class='nplv-national-{key}' data-eur='{paid:.2f}'>"
                    f"{format_mln(paid, lang)}</b></td>"
                    f"<td>{t('ceiling', lang)}: "
                    f"{format_mln(nat['ceiling_eur'].iloc[0], lang)}</td></tr>"
                )
        note = f"<p class='nplv-national-note'>{t('explorer_no_total', lang)}</p>"
        return f"<table class='nplv-totals nplv-national'>{head}{''.join(rows)}</table>{note}"

    def _agreed(self, r) -> str:
        """What the agreement says of a total: "inschatting (afspraak): € 5,3 mln – € 8,0 mln"."""
        if pd.isna(r["low"]):
            return "–"
        agreed = self._range(r["low"], r["high"])
        if isinstance(r["kind"], str):
            agreed = t(f"kind.{r['kind']}", self.lang) + ": " + agreed
        return agreed

    def _table_html(self) -> str:
        if self.areas() is None:
            return self._national_table_html()
        lang = self.lang
        # per instrument (in their order) the sums, NaN when nothing is known; plain Python:
        # a pandas groupby costs more than all the rest of the table on every move
        columns = ["instrument", "gross_eur", "reference_low_eur", "reference_high_eur"]
        tot: dict[str, dict] = {}
        for inst, gross, low, high, kind in self.totals[[*columns, "reference"]].itertuples(
            index=False
        ):
            r = tot.setdefault(inst, {"gross": [], "low": [], "high": [], "kind": kind})
            for key, value in (("gross", gross), ("low", low), ("high", high)):
                if pd.notna(value):
                    r[key].append(value)
        for r in tot.values():
            for key in ("gross", "low", "high"):
                r[key] = sum(r[key]) if r[key] else np.nan
        head = f"<tr><th></th><th>{t('scenario', lang)}</th><th>{t('reference', lang)}</th></tr>"
        rows = []
        for inst, r in tot.items():
            rows.append(
                f"<tr><td>{t(inst, lang)}</td><td style='text-align:right'>"
                f"{format_mln(r['gross'], lang)}</td><td>{self._agreed(r)}</td></tr>"
            )
        total = self.result["gross_eur"].sum()
        rows.append(
            f"<tr><td><b>{t('totaal', lang)}</b></td><td style='text-align:right'>"
            f"<b>{format_mln(total, lang)}</b></td><td></td></tr>"
        )
        return f"<table class='nplv-totals'>{head}{''.join(rows)}</table>"

    def chart_labels(self, scenario: Scenario) -> dict:
        """What the chart names: the area(s), the scenario (its typed name, or its choices in
        words) and the sources with the day it was computed."""
        typed = self.name.value.strip()
        computed = t("workshop.computed_on", self.lang, date=format_date(date.today(), self.lang))
        return {
            "area_label": self.controls["area"].label,
            "scenario_label": typed or scenario_label(self._portable(scenario), self.lang),
            "source_note": textwrap.fill(f"{self.agreement()['sources']}; {computed}", 150),
        }

    @staticmethod
    def _heights(table: pd.DataFrame, years, insts, grouped: bool, rs_factor: float = 1.0):
        """A run table's bars in € mln: heights and bottoms per instrument, and their top
        (``rs_factor``: the realisatiestimulans times this, for the chart's reach). With numpy:
        a pivot table costs more than the blit itself on every move."""
        row = {y: k for k, y in enumerate(years)}
        col = {inst: k for k, inst in enumerate(insts)}
        wide = np.zeros((len(years), len(insts)))
        for year, inst, eur in zip(
            table["year"].to_numpy(),
            table["instrument"].to_numpy(),
            table["gross_eur"].to_numpy(dtype=float),
            strict=True,
        ):
            if inst in col and year in row and not np.isnan(eur):
                wide[row[year], col[inst]] += eur
        wide /= 1e6
        if "realisatiestimulans" in col:
            wide[:, col["realisatiestimulans"]] *= rs_factor
        bottom = np.zeros(len(years))
        bars = {}
        for inst in insts:
            vals = wide[:, col[inst]]
            bars[inst] = (vals, bottom.copy() if not grouped else np.zeros(len(years)))
            if not grouped:
                bottom = bottom + vals
        top = float(wide.max(initial=0)) if grouped else float(bottom.max(initial=0))
        return bars, top

    def _draw(self, scenario: Scenario) -> None:
        """Draw the chart into the image. As shipped (``redraw="inplace"``) the chart is drawn
        once per area choice; a change then redraws only the scenario's bars and the title on
        the saved background (blitting), at a fixed scale (:func:`chart_top`): the agreement's
        at the highest realisation (or the scenario's when it is higher), so that the room sees
        a change as a change in height."""
        base = self.agreement()["result"]
        grouped = self.areas() is None
        years = tuple(sorted(set(self.result["year"]) | set(base["year"])))
        insts = tuple(i for i in INSTRUMENTS if i in set(self.result["instrument"]))
        labels = self.chart_labels(scenario)
        heights, top = self._heights(self.result, years, insts, grouped)
        shape = (self.controls["area"].value, insts, years)
        bars = self._bars
        title = (
            charts._title(bars["title"], self.lang, labels["area_label"], labels["scenario_label"])
            if bars is not None
            else None
        )
        blit = (
            self.redraw == "inplace"
            and bars is not None
            and bars["shape"] == shape
            and chart_top(top, bars["reach"]) == self.ax.get_ylim()[1]
            # a title of more or fewer lines needs the layout anew (else it is cut off)
            and title.count("\n") == self.ax.get_title(loc="left").count("\n")
        )
        if blit:
            for inst, (vals, bottom) in heights.items():
                for rect, v, b in zip(bars[inst], vals, bottom, strict=True):
                    rect.set_height(v)
                    rect.set_y(b)
            self._title_lines(title)
            self.canvas.restore_region(bars["background"])
            for artist in bars["animated"]:
                self.fig.draw_artist(artist)
        else:
            self.fig.clear()
            self.ax = self.fig.add_subplot()
            self._bars = None
            if len(self.result):
                charts.workshop_chart(
                    self.result, base, ax=self.ax, lang=self.lang, grouped=grouped, **labels
                )
                bars = {"shape": shape, "title": self.ax.get_title(loc="left").split("\n")[0]}
                tops = [0.0]
                animated = [self.ax.title]  # the title's lines after the first (_title_lines)
                for container in self.ax.containers:
                    role, inst = container.nplv_role
                    if role == "scenario":
                        bars[inst] = list(container)
                        animated.extend(container)
                    else:
                        tops.append(max((r.get_height() for r in container), default=0.0))
                # the agreement's bars at the highest realisation: the scale's reach
                ghosts = tuple(i for i in INSTRUMENTS if i in set(base["instrument"]))
                _, reach = self._heights(base, years, ghosts, grouped, REALISATION_MAX)
                bars["reach"] = max(*tops, reach)
                animated.append(self.ax.spines["bottom"])  # over the bars, as in a full draw
                self.ax.set_ylim(0, chart_top(top, bars["reach"]))
            charts.layout(self.fig)
            if bars is not None:
                self._title_lines(self.ax.get_title(loc="left"))
            blitting = bars is not None and self.redraw == "inplace"
            if blitting:  # the background without the scenario's bars and the title
                bars["animated"] = animated
                for artist in animated:
                    artist.set_animated(True)
            self.canvas.draw()  # laid out and drawn
            self.fig.set_layout_engine("none")  # laid out once: a live redraw only draws
            if blitting:
                bars["background"] = self.canvas.copy_from_bbox(self.fig.bbox)
                for artist in animated:
                    self.fig.draw_artist(artist)
                self._bars = bars
        self.image.value = charts.canvas_png(self.canvas)

    def _title_lines(self, title: str) -> None:
        """The chart's title (laid out as one left title) drawn as two texts at its place: the
        left title keeps the first line, which never changes, with blank lines under it, and
        the axes' centre title, moved to the left, holds a blank first line and the lines that
        name the area and the scenario. A move then draws only those (matplotlib draws a text
        glyph by glyph: the whole title cost 12 of the 44 ms of a move, its changing lines 5).
        Every drawing of the chart, blitted or not, draws the title this way: the same pixels
        (and the same as one title, but for a line with letters taller than an "l", such as
        an É, which moves a pixel)."""
        tail = self.ax.title
        head, _, rest = title.partition("\n")
        if tail.get_text() == "" or tail.get_ha() != "left":  # once per drawing from scratch
            # the left title's artist: the axes' text child that holds it (the centre is empty)
            whole = self.ax.get_title(loc="left")
            texts = (c for c in self.ax.get_children() if isinstance(c, Text) and c is not tail)
            self._left = next(c for c in texts if c.get_text() == whole)
            tail.update_from(self._left)  # font, size, colour, alignment
            tail.set_transform(self._left.get_transform())  # placed as the layout placed it
            tail.set_x(self._left.get_position()[0])
        left = self._left
        left.set_text(head + "\n " * (rest.count("\n") + 1) if rest else head)
        tail.set_text(" \n" + rest if rest else "")

    @property
    def chart_title(self) -> str:
        """The chart's title as the reader sees it (drawn as two texts, :meth:`_title_lines`)."""
        head = self.ax.get_title(loc="left").partition("\n")[0]
        rest = self.ax.get_title().partition("\n")[2]
        return f"{head}\n{rest}" if rest else head

    # --- export --------------------------------------------------------------------------------

    def scenario_sheet(self, scenario: Scenario) -> pd.DataFrame:
        """The scenario as people read it, for the export: its name, the area and the day,
        then each field with its label and value in words ("realisatie (deel van de starts)",
        "70%"), and the field's name and value as the engine takes them (``field``, ``raw``:
        numbers as numbers) for whoever rebuilds it. Those two are machine columns: written as a
        scenario file writes them (``2026: 0.7``, a decimal point) in either language, so that
        they can be typed back; the reader's words are in the first two."""
        lang = self.lang
        rows = [
            (t("scenario_name", lang), self.scenario_name(), "name", self.scenario_name()),
            (t("area", lang), self.controls["area"].label, "area", self.controls["area"].value),
            (t("export.date", lang), format_date(date.today(), lang), "date", str(date.today())),
        ]
        for name, value in scenario.to_dict().items():
            label = t(name, lang) if has_text(name, lang) else name
            if value is None and name == "others_spend_profile":
                shown, raw = t(SAME, lang), ""  # the other areas spread as this one
            elif value is None:
                shown, raw = t("export.none", lang), ""
            else:
                shown = scenario_value(name, value, lang)
                raw = value
                if isinstance(value, tuple):
                    raw = ", ".join(map(str, value))
                elif isinstance(value, dict):  # a realisation per start year: 2026: 0.7, ...
                    raw = ", ".join(f"{k}: {v}" for k, v in value.items())
            rows.append((label, shown, name, raw))
        return pd.DataFrame(rows, columns=["parameter", "value", "field", "raw"])

    def export(self) -> dict[str, bytes]:
        """The current scenario as an Excel workbook for people (the scenario, its payments and
        totals, and the sources; Dutch headers and number formats in a Dutch workshop), its
        payments as CSV that Dutch Excel opens by double-click (``;``, decimal comma), and the
        chart as PNG: shown as download links (data URIs, no server files), Excel first, and
        returned as bytes."""
        lang = self.lang
        try:
            scenario = self.scenario()
        except ValueError:  # refused: the page shows why; nothing to export
            self.downloads.value = ""
            return {}
        params = self.scenario_sheet(scenario)
        areas = list(dict.fromkeys(self.totals["area_id"]))
        buf = io.BytesIO()
        excel_workbook(
            {"scenario": params, "payments": self.result, "totals": self.totals},
            buf,
            lang,
            sources=workbook_sources(areas, self.data_dir, lang=lang),
        )
        stem = file_stem(self.scenario_name())
        files = {
            f"{stem}.xlsx": buf.getvalue(),
            # the scenario first (as in the workbook's first sheet), a blank line, then the
            # payments: one file that says what it holds when opened by double-click
            f"{stem}.csv": excel_nl_csv(params, lang)
            + b"\r\n"
            + excel_nl_csv(self.result, lang)[len("\ufeff".encode()) :],
            f"{stem}.png": charts.png_bytes(self.fig, dpi=110),  # all bars: saving draws them
            f"{stem}.yaml": scenario_yaml(self._portable(scenario), self.scenario_name()).encode(
                "utf-8"
            ),
        }
        mime = {
            "csv": "text/csv",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "png": "image/png",
            "yaml": "application/x-yaml",
        }
        links = " · ".join(
            f"<a download='{html.escape(name, quote=True)}' "
            f"href='data:{mime[name.rsplit('.', 1)[1]]};base64,"
            f"{base64.b64encode(data).decode('ascii')}'>{html.escape(name)}</a>"
            for name, data in files.items()
        )
        self.downloads.value = links
        return files
