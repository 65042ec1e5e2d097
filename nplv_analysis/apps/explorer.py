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
import re
from pathlib import Path

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..engine import PROFILES, Scenario, engine_inputs, run, totals
from ..report import charts
from ..report.export import excel_nl_csv, excel_workbook, workbook_sources
from ..rules import ALLOCATIONS
from ..text import format_eur, format_number, format_range, t

ALL_AREAS = "__all__"
CUSTOM = "custom"
SAME = "same_as_own"  # the others' costs spread as this area's (others_spend_profile=None)

PRESETS: dict[str, dict] = {
    "preset_delay": {"delay_years": 1},
    "preset_realisation": {"realisation": 0.7},
    "preset_orv_pot": {"others_spend_profile": "front"},
    "preset_uncapped": {"allocation": "uncapped"},
}
"""The common what-ifs, each a change to the agreement in force ("terug naar de afspraak"):
"anderen eerst" lets the other areas claim early, so that this area's later claims meet a
used-up ceiling; "zonder plafond" pays the drawing rights themselves (an upper bound)."""

CONTROLLED = (
    "realisation",
    "delay_years",
    "per_home",
    "orv_spend",
    "capacity_spend",
    "profile",
    "others_spend_profile",
    "allocation",
)
"""The scenario fields the explorer has a control for."""


def agreement_values(params) -> dict:
    """What "terug naar de afspraak" restores: the default scenario on the data's parameter
    tree (the amount per home from the data), and an even custom spread over its years."""
    values = Scenario().filled(params).to_dict()
    out = {name: values[name] for name in CONTROLLED}
    out["per_home"] = round(out["per_home"])  # the slider counts whole euros
    if out["others_spend_profile"] is None:
        out["others_spend_profile"] = SAME
    n = len(params.years)
    out["custom_profile"] = " ".join([format_number(1 / n, 2, "nl")] * n)
    return out


def parse_weights(text: str) -> tuple[float, ...]:
    """Five weights typed by a person: "0,1 0,2 0,3 0,2 0,2" or "10; 20; 30; 20; 20" (percent).

    >>> parse_weights("0,1 0,2 0,3 0,2 0,2")
    (0.1, 0.2, 0.3, 0.2, 0.2)
    >>> parse_weights("10; 20; 30; 20; 20")
    (0.1, 0.2, 0.3, 0.2, 0.2)
    """
    parts = [p for p in re.split(r"[;\s]+", text.strip()) if p]
    try:
        values = tuple(float(p.replace(",", ".")) for p in parts)
    except ValueError:
        raise ValueError(
            f"profile={text!r}: type five numbers for 2025-2029, such as 0,2 0,2 0,2 0,2 0,2"
        ) from None
    if values and sum(values) > 1.5:  # percentages
        values = tuple(v / 100 for v in values)
    return values


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
        self.defaults = d = agreement_values(inputs.params)
        names = self._area_names()
        options = [(t("all_areas", lang), ALL_AREAS)] + [
            (names.get(a, a), a) for a in inputs.known_areas
        ]
        style = {"description_width": "15em"}
        layout = widgets.Layout(width="36em")

        def make(cls, name, **kw):
            """A control for ``name``, starting at the agreement's value."""
            kw.setdefault("value", d.get(name))
            return cls(description=t(name, lang), style=style, layout=layout, **kw)

        self.controls: dict[str, widgets.Widget] = {
            "area": make(widgets.Dropdown, "area", options=options, value=area_id),
            "realisation": make(widgets.FloatSlider, "realisation", min=0.0, max=1.5, step=0.05),
            "delay_years": make(widgets.IntSlider, "delay_years", min=0, max=5),
            "per_home": make(widgets.IntSlider, "per_home", min=0, max=15000, step=250),
            "orv_spend": make(widgets.FloatSlider, "orv_spend", min=0.0, max=1.0, step=0.05),
            "capacity_spend": make(
                widgets.FloatSlider, "capacity_spend", min=0.0, max=1.0, step=0.05
            ),
            "profile": make(
                widgets.Dropdown,
                "profile",
                options=[(t(p, lang), p) for p in PROFILES] + [(t(CUSTOM, lang), CUSTOM)],
            ),
            "custom_profile": make(widgets.Text, "custom_profile"),
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
        self.buttons = {
            key: widgets.Button(description=t(key, lang), layout=widgets.Layout(width="auto"))
            for key in (*PRESETS, "preset_reset")
        }
        for key, button in self.buttons.items():
            button.add_class(f"nplv-{key.replace('_', '-')}")
            button.on_click(lambda _b, key=key: self.apply_preset(key))
        self.export_button = widgets.Button(description=t("export", lang))
        self.export_button.add_class("nplv-export")
        self.export_button.on_click(lambda _b: self.export())
        self.downloads = widgets.HTML()
        self.message = widgets.HTML()
        self.message.add_class("nplv-message")
        self.table = widgets.HTML()
        self.table.add_class("nplv-table")
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="560px"))
        self.image.add_class("nplv-chart")
        self.fig, self.ax = plt.subplots(figsize=(7, 3.6))
        plt.close(self.fig)  # drawn into the Image widget, never shown by pyplot
        self._bars: dict | None = None
        self.result = pd.DataFrame()
        self.totals = pd.DataFrame()
        self._muted = False
        for control in self.controls.values():
            control.observe(self.update, names="value")
        self.widget = widgets.VBox(
            [
                widgets.HBox(list(self.buttons.values())),
                widgets.HBox(
                    [
                        widgets.VBox(list(self.controls.values())),
                        widgets.VBox([self.table, self.message]),
                    ]
                ),
                self.image,
                widgets.HBox([self.export_button, self.downloads]),
            ]
        )
        self.update()

    # --- state ----------------------------------------------------------------------------

    def _area_names(self) -> dict[str, str]:
        from ..data import load_areas

        names = load_areas(self.data_dir).set_index("area_id")["name"].to_dict()
        names["overige-nplv-gebieden"] = t("overige-nplv-gebieden", self.lang)
        return names

    def areas(self) -> list[str] | None:
        area = self.controls["area"].value
        return None if area == ALL_AREAS else [area]

    def scenario(self) -> Scenario:
        """The scenario the controls show (raises ValueError if the engine refuses it)."""
        c = self.controls
        profile = c["profile"].value
        if profile == CUSTOM:
            profile = parse_weights(c["custom_profile"].value)
        return Scenario(
            realisation=float(c["realisation"].value),
            delay_years=int(c["delay_years"].value),
            per_home=float(c["per_home"].value),
            orv_spend=float(c["orv_spend"].value),
            capacity_spend=float(c["capacity_spend"].value),
            profile=profile,
            others_spend_profile=None
            if c["others_spend_profile"].value == SAME
            else c["others_spend_profile"].value,
            allocation=c["allocation"].value,
        )

    def apply_preset(self, key: str) -> None:
        """A common what-if ("1 jaar vertraging", ...) from the agreement, or back to it."""
        changes = {**self.defaults, **PRESETS.get(key, {})}
        self._muted = True
        try:
            for name, value in changes.items():
                self.controls[name].value = value
        finally:
            self._muted = False
        self.update()

    # --- computing and drawing --------------------------------------------------------------

    def update(self, *_):
        """Recompute and redraw; a refused scenario shows the engine's message instead, and
        the explorer keeps working."""
        if self._muted:
            return
        try:
            scenario = self.scenario()
            self.result = run(scenario, self.areas(), self.data_dir)
            self.totals = totals(scenario, self.areas(), self.data_dir)
        except ValueError as exc:
            self.message.value = (
                f"<div style='color:#b00020'><b>{t('refused', self.lang)}:</b> "
                f"{html.escape(str(exc))}</div>"
            )
            return
        self.message.value = ""
        self.table.value = self._table_html()
        self._draw()

    def _table_html(self) -> str:
        lang = self.lang
        tot = self.totals.groupby("instrument", sort=False).agg(
            gross=("gross_eur", lambda s: s.sum(min_count=1)),
            low=("reference_low_eur", lambda s: s.sum(min_count=1)),
            high=("reference_high_eur", lambda s: s.sum(min_count=1)),
            kind=("reference", "first"),
        )
        head = f"<tr><th></th><th>{t('scenario', lang)}</th><th>{t('reference', lang)}</th></tr>"
        rows = []
        for inst, r in tot.iterrows():
            agreed = format_range(r["low"], r["high"], lang)
            if isinstance(r["kind"], str) and pd.notna(r["low"]):
                agreed = t(f"kind.{r['kind']}", lang) + ": " + agreed
            rows.append(
                f"<tr><td>{t(inst, lang)}</td><td style='text-align:right'>"
                f"{format_eur(r['gross'], lang, short=False)}</td><td>{agreed}</td></tr>"
            )
        total = self.result["gross_eur"].sum()
        rows.append(
            f"<tr><td><b>{t('totaal', lang)}</b></td><td style='text-align:right'>"
            f"<b class='nplv-total'>{format_eur(total, lang, short=False)}</b></td><td></td></tr>"
        )
        return f"<table class='nplv-totals'>{head}{''.join(rows)}</table>"

    def _draw(self) -> None:
        wide = self.result.pivot_table(
            index="year", columns="instrument", values="gross_eur", aggfunc="sum"
        )
        order = [i for i in ("realisatiestimulans", "orv", "capaciteit") if i in wide.columns]
        shape = (tuple(order), tuple(wide.index))
        if self.redraw == "inplace" and self._bars is not None and self._bars["shape"] == shape:
            bottom = np.zeros(len(wide))
            for inst in order:
                vals = wide[inst].fillna(0.0).to_numpy() / 1e6
                for rect, v, b in zip(self._bars[inst], vals, bottom, strict=True):
                    rect.set_height(v)
                    rect.set_y(b)
                bottom += vals
            self.ax.set_ylim(0, max(float(bottom.max()), 0.1) * 1.5)
        else:
            self.ax.clear()
            self._bars = None
            if len(self.result):
                charts.payments_chart(self.result, ax=self.ax, lang=self.lang)
                self._bars = {"shape": shape}
                for container, inst in zip(self.ax.containers, order, strict=True):
                    self._bars[inst] = list(container)
            self.fig.tight_layout()
        self.image.value = charts.png_bytes(self.fig, dpi=80, tight=False)

    # --- export --------------------------------------------------------------------------------

    def export(self) -> dict[str, bytes]:
        """The current scenario as an Excel workbook for people (the scenario, its payments and
        totals, and the sources; Dutch headers and number formats in a Dutch workshop), its
        payments as CSV that Dutch Excel opens by double-click (``;``, decimal comma), and the
        chart as PNG: shown as download links (data URIs, no server files), Excel first, and
        returned as bytes."""
        lang = self.lang
        params = pd.DataFrame(
            [{"parameter": k, "value": str(v)} for k, v in self.scenario().to_dict().items()]
            + [{"parameter": "area", "value": self.controls["area"].value}]
        )
        areas = list(dict.fromkeys(self.totals["area_id"]))
        buf = io.BytesIO()
        excel_workbook(
            {"scenario": params, "payments": self.result, "totals": self.totals},
            buf,
            lang,
            sources=workbook_sources(areas, self.data_dir, lang=lang),
        )
        files = {
            "nplv-scenario.xlsx": buf.getvalue(),
            "nplv-scenario.csv": excel_nl_csv(self.result, lang),
            "nplv-scenario.png": charts.png_bytes(self.fig, dpi=110),
        }
        mime = {
            "csv": "text/csv",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "png": "image/png",
        }
        links = " · ".join(
            f"<a download='{name}' href='data:{mime[name.rsplit('.', 1)[1]]};base64,"
            f"{base64.b64encode(data).decode('ascii')}'>{name}</a>"
            for name, data in files.items()
        )
        self.downloads.value = links
        return files
