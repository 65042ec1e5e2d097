"""The scenario explorer: ipywidgets sliders and dropdowns that move the money live.

>>> from nplv_analysis.explorer import Explorer
>>> ex = Explorer()
>>> ex.controls["realisation"].value = 0.7
>>> round(ex.result["gross_eur"].sum())   # Heerlen Noord: 0.7 x 7,608,462 + 10 mln + 4.3 mln
19625923

In a notebook, ``display(ex.widget)`` shows it. Headless (papermill, nbval) it builds and
computes the same way, without a browser. The chart is one matplotlib figure that is redrawn
in place and shown as a PNG in an Image widget (static Agg, no widget backend needed).
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd

from . import charts
from .labels import format_eur, t
from .scenarios import PROFILES, Scenario, engine_inputs, run, totals

ALL_AREAS = "__all__"


class Explorer:
    """Widgets for a :class:`~nplv_analysis.scenarios.Scenario`, its totals and its payments."""

    def __init__(
        self,
        area_id: str = "heerlen-noord",
        lang: str = "nl",
        data_dir: str | Path | None = None,
    ):
        self.lang = lang
        self.data_dir = data_dir
        inputs = engine_inputs(data_dir)
        names = self._area_names()
        options = [(t("all_areas", lang), ALL_AREAS)] + [
            (names.get(a, a), a) for a in inputs.known_areas
        ]
        style = {"description_width": "14em"}
        layout = widgets.Layout(width="34em")

        def slider(cls, name, **kw):
            return cls(description=t(name, lang), style=style, layout=layout, **kw)

        self.controls: dict[str, widgets.Widget] = {
            "area": widgets.Dropdown(
                options=options,
                value=area_id,
                description=t("area", lang),
                style=style,
                layout=layout,
            ),
            "realisation": slider(
                widgets.FloatSlider, "realisation", value=1.0, min=0.0, max=1.5, step=0.05
            ),
            "delay_years": slider(widgets.IntSlider, "delay_years", value=0, min=0, max=5),
            "per_home": slider(
                widgets.IntSlider, "per_home", value=7000, min=0, max=15000, step=250
            ),
            "orv_spend": slider(
                widgets.FloatSlider, "orv_spend", value=1.0, min=0.0, max=1.0, step=0.05
            ),
            "capacity_spend": slider(
                widgets.FloatSlider, "capacity_spend", value=1.0, min=0.0, max=1.0, step=0.05
            ),
            "profile": slider(
                widgets.Dropdown,
                "profile",
                options=[(t(p, lang), p) for p in PROFILES],
                value="even",
            ),
            "allocation": slider(
                widgets.Dropdown,
                "allocation",
                options=[(t(a, lang), a) for a in ("uncapped", "pro_rata", "first_come")],
                value="uncapped",
            ),
        }
        self.message = widgets.HTML()
        self.table = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.fig, self.ax = plt.subplots(figsize=(7, 3.6))
        plt.close(self.fig)  # drawn into the Image widget, never shown by pyplot
        self.result = pd.DataFrame()
        self.totals = pd.DataFrame()
        for control in self.controls.values():
            control.observe(self.update, names="value")
        self.widget = widgets.VBox(
            [
                widgets.HBox(
                    [
                        widgets.VBox(list(self.controls.values())),
                        widgets.VBox([self.table, self.message]),
                    ]
                ),
                self.image,
            ]
        )
        self.update()

    def _area_names(self) -> dict[str, str]:
        from .data import load_areas

        names = load_areas(self.data_dir).set_index("area_id")["name"].to_dict()
        names["overige-nplv-gebieden"] = t("overige-nplv-gebieden", self.lang)
        return names

    def areas(self) -> list[str] | None:
        area = self.controls["area"].value
        return None if area == ALL_AREAS else [area]

    def scenario(self) -> Scenario:
        """The scenario the controls show (raises ValueError if the engine refuses it)."""
        c = self.controls
        return Scenario(
            realisation=float(c["realisation"].value),
            delay_years=int(c["delay_years"].value),
            per_home=float(c["per_home"].value),
            orv_spend=float(c["orv_spend"].value),
            capacity_spend=float(c["capacity_spend"].value),
            profile=c["profile"].value,
            allocation=c["allocation"].value,
        )

    def update(self, *_):
        """Recompute and redraw; a refused scenario shows the engine's message instead."""
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
        tot = self.totals.groupby("instrument", sort=False)[["gross_eur"]].sum(min_count=1)
        rows = "".join(
            f"<tr><td>{t(inst, lang)}</td><td style='text-align:right'>"
            f"{format_eur(v, lang, short=False)}</td></tr>"
            for inst, v in tot["gross_eur"].items()
        )
        total = self.result["gross_eur"].sum()
        rows += (
            f"<tr><td><b>{t('totaal', lang)}</b></td><td style='text-align:right' "
            f"class='nplv-total'><b>{format_eur(total, lang, short=False)}</b></td></tr>"
        )
        return f"<table>{rows}</table>"

    def _draw(self) -> None:
        self.ax.clear()
        if len(self.result):
            charts.payments_chart(self.result, ax=self.ax, lang=self.lang)
        self.fig.tight_layout()
        self.image.value = charts.png_bytes(self.fig, dpi=90)
