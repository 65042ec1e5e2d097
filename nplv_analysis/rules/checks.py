"""Checks of a loaded data folder against the sources' own arithmetic.

:func:`check_data` returns findings, one row each: ``severity`` (error / warning / info),
``area_id``, ``keys``, ``check`` and ``message``.

- error: our data contradicts itself where the source does not (a total that is not the sum of
  its lines, a quote not on the page cited). ``python -m nplv_analysis check`` exits non-zero.
- warning: the sources contradict themselves or each other (text against table, an excl.-btw
  column converted from an older incl. amount, an estimate that does not follow from the stated
  method, a press release with another period than the agreement). These are facts of the
  sources: kept, reported.
- info: derived facts worth showing (VAT rates that fit, the implied realisatiestimulans base,
  over-programming of the national ceilings).
"""

from __future__ import annotations

import contextlib
import math
import re
from fractions import Fraction
from pathlib import Path

import pandas as pd

from ..data import schema
from ..data.loading import Dataset, dataset
from ..data.parameters import load_parameters
from ..text import t
from . import agreement as rules

FINDING_COLUMNS = [
    "severity",
    "area_id",
    "keys",
    "check",
    "message",
    "check_code",
    "code",
    "values",
]
"""``check`` and ``message`` in the reader's language; ``check_code``, ``code`` (the message's
id in the text catalogue) and ``values`` (what the message shows) for code."""

LINE_TOTALS = ("orv", "capaciteit")
"""Instruments whose table total (``<inst>.total.excl`` / ``.incl``) must equal the sum of the
table's line items, however many and whatever their names (``schema.line_item``)."""

SUMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "homes.startbouw.total",
        ("homes.startbouw.puur_nplv.total", "homes.startbouw.grootschalig.total"),
    ),
    (
        "homes.startbouw.affordable",
        ("homes.startbouw.puur_nplv.affordable", "homes.startbouw.grootschalig.affordable"),
    ),
    (
        "summary.total.low",
        ("summary.realisatiestimulans.low", "summary.orv", "summary.capaciteit"),
    ),
    (
        "summary.total.high",
        ("summary.realisatiestimulans.high", "summary.orv", "summary.capaciteit"),
    ),
    # national
    ("homes.programme.total", ("homes.accelerated", "homes.extra")),
    ("ienw.infrastructure.total", ("ienw.infrastructure.grootschalig", "ienw.infrastructure.rest")),
)
"""(total, components): a stated total must equal the sum of its stated lines (the ORV and
capacity tables: :data:`LINE_TOTALS`)."""


def line_sums(keys) -> list[tuple[str, tuple[str, ...]]]:
    """(table total, its line items) of the ORV and capacity tables among ``keys``, the lines in
    the order given (an area file's order), for each VAT basis with at least one line.

    >>> line_sums(["orv.total.incl", "orv.cmv.incl", "orv.bor.incl", "orv.cmv.excl"])
    [('orv.total.excl', ('orv.cmv.excl',)), ('orv.total.incl', ('orv.cmv.incl', 'orv.bor.incl'))]
    """
    out = []
    for inst in LINE_TOTALS:
        for vat in ("excl", "incl"):
            lines = tuple(
                k for k in keys if (item := schema.line_item(k)) and item[::2] == (inst, vat)
            )
            if lines:
                out.append((f"{inst}.total.{vat}", lines))
    return out


SAME_FIGURE: tuple[tuple[str, str, str], ...] = (
    (
        "summary.realisatiestimulans.low",
        "realisatiestimulans.estimate.low",
        "check.summary_vs_text",
    ),
    (
        "summary.realisatiestimulans.high",
        "realisatiestimulans.estimate.high",
        "check.summary_vs_text",
    ),
    ("summary.orv", "orv.total.incl", "check.summary_vs_orv_table"),
    ("summary.capaciteit", "capaciteit.total.incl", "check.summary_vs_capacity_table"),
    ("orv.maximum", "orv.total.incl", "check.text_vs_orv_table"),
    ("capaciteit.maximum", "capaciteit.total.incl", "check.text_vs_capacity_table"),
    ("homes.startbouw.text", "homes.startbouw.total", "check.text_vs_housing_table"),
)
"""(a, b, what): the same figure stated twice in one document; a difference is a warning."""

AT_MOST: tuple[tuple[str, str], ...] = (("homes.area_minimum", "homes.startbouw.total"),)
"""(minimum, planned): a stated minimum that the planned figure should reach."""

NO_VAT = 0.0
"""The rate of a pair with excl. = incl. (capacity as printed, page 8). The other rate a pair
may imply without a warning is the general rate of the law, read from the data
(:attr:`~nplv_analysis.data.parameters.Parameters.vat_rate_general`)."""

ROUND_EUR = 1_000
"""How round an older incl. amount must be (a multiple of this) before an excl. figure that fits
neither rate is explained as a conversion of it: an excl. figure cut or rounded to the euro
leaves a window of less than two euros for the incl. amount, so a round amount in it is no
coincidence."""

PRESS_SUFFIX = ".press"
"""``<key>.press`` is the press's version of the agreement's ``<key>`` (same area)."""


def _unit(key: str) -> str:
    """The format spec of a key's numbers in a message: euros or a count."""
    spec = schema.key_spec(key)
    return "eur" if spec is not None and spec.unit == "EUR" else "n"


def _finding(severity: str, area_id: str, keys: list[str], check: str, code: str, **values) -> dict:
    """One finding: a check and a message, each a code of the text catalogue, plus the values
    the message shows (rendered in the reader's language by :func:`check_data`)."""
    return {
        "severity": severity,
        "area_id": area_id,
        "keys": ", ".join(keys),
        "check": check,
        "code": code,
        "values": values,
    }


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _page_texts(ds: Dataset) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {}
    for sid, src in ds.sources.items():
        if not src.get("text_file") or not src.get("page_starts"):
            continue
        lines = (ds.data_dir / src["text_file"]).read_text(encoding="utf-8").splitlines()
        starts = list(src["page_starts"]) + [len(lines) + 1]
        texts[sid] = [
            _normalise("\n".join(lines[a - 1 : b - 1]))
            for a, b in zip(starts, starts[1:], strict=False)
        ]
    return texts


def check_quotes(ds: Dataset) -> list[dict]:
    """Every quote of a figure from a source whose text we hold stands on the page it cites."""
    out = []
    texts = _page_texts(ds)
    for _, row in ds.figures.iterrows():
        if row["source"] not in texts or not isinstance(row["quote"], str):
            continue
        pages = texts[row["source"]]
        quote = _normalise(row["quote"])
        page = int(row["page"])
        if quote in pages[page - 1]:
            continue
        found = [i + 1 for i, text in enumerate(pages) if quote in text]
        out.append(
            _finding(
                "error",
                row["area_id"],
                [row["key"]],
                "check.quote_on_page",
                "finding.quote_elsewhere" if found else "finding.quote_nowhere",
                file=row["file"],
                key=row["key"],
                page=page,
                source=row["source"],
                found=found[0] if found else None,
            )
        )
    return out


def check_sums(ds: Dataset) -> list[dict]:
    out = []
    for area_id, fig in ds.figures.groupby("area_id", sort=True):
        val = fig.set_index("key")["value"]
        for total, parts in (*line_sums(val.index), *SUMS):
            if total not in val or not all(p in val for p in parts):
                continue
            summed = float(sum(val[p] for p in parts))
            if abs(summed - val[total]) >= 0.5:
                out.append(
                    _finding(
                        "error",
                        area_id,
                        [total, *parts],
                        "check.sum",
                        "finding.sum",
                        total=total,
                        value=float(val[total]),
                        summed=summed,
                        difference=float(val[total] - summed),
                        unit=_unit(total),
                    )
                )
    return out


def check_same_figure(ds: Dataset) -> list[dict]:
    out = []
    for area_id, fig in ds.figures.groupby("area_id", sort=True):
        rows = fig.set_index("key")
        for a, b, what in SAME_FIGURE:
            if a in rows.index and b in rows.index and rows.at[a, "value"] != rows.at[b, "value"]:
                ra, rb = rows.loc[a], rows.loc[b]
                out.append(
                    _finding(
                        "warning",
                        area_id,
                        [a, b],
                        what,
                        "finding.same_figure_circa"
                        if ra["qualifier"] == "circa"
                        else "finding.same_figure",
                        key_a=a,
                        key_b=b,
                        page_a=_where(ra),
                        page_b=_where(rb),
                        value_a=float(ra["value"]),
                        value_b=float(rb["value"]),
                        difference=float(rb["value"] - ra["value"]),
                        unit=_unit(b),
                    )
                )
        for minimum, planned in AT_MOST:
            if (
                minimum in rows.index
                and planned in rows.index
                and rows.at[planned, "value"] < rows.at[minimum, "value"]
            ):
                out.append(
                    _finding(
                        "warning",
                        area_id,
                        [minimum, planned],
                        "check.minimum_vs_plan",
                        "finding.minimum_vs_plan",
                        planned=float(rows.at[planned, "value"]),
                        minimum=float(rows.at[minimum, "value"]),
                    )
                )
    return out


def _where(row: pd.Series) -> str:
    return f"p. {row['page']}" if pd.notna(row["page"]) else str(row["source"])


def older_incl(excl: float, rate: float, step: int = ROUND_EUR) -> int | None:
    """The round incl. amount (a multiple of ``step``) whose conversion at ``rate``, cut or
    rounded to the euro, is ``excl``; None if there is none.

    ``incl / (1 + rate)`` cut to the euro is ``excl`` when it lies in ``[excl, excl + 1)``,
    rounded when it lies in ``[excl - 1/2, excl + 1/2)``: the incl. amount lies in
    ``[(excl - 1/2) x (1 + rate), (excl + 1) x (1 + rate))``.
    """
    factor = 1 + Fraction(str(rate))
    low = (Fraction(str(excl)) - Fraction(1, 2)) * factor
    high = (Fraction(str(excl)) + 1) * factor
    first = math.ceil(low / step) * step
    return first if 0 < first < high else None


VAT_COLUMNS = [
    "area_id",
    "item",
    "excl_eur",
    "incl_eur",
    "implied_rate",
    "standard",
    "older_incl_eur",
    "excl_at_general_eur",
]


def implied_vat_rates(ds: Dataset) -> pd.DataFrame:
    """Every excl./incl. pair with the VAT rate it implies (``incl / excl - 1``); ``standard``:
    the rate that fits (no VAT, or the general rate of the law: ``incl / (1 + rate)`` within a
    euro of ``excl``), else None; ``older_incl_eur``: where no rate fits, the round incl. amount
    that the excl. figure is a conversion of at the general rate (:func:`older_incl`), else NaN;
    ``excl_at_general_eur``: ``incl / (1 + general rate)``, unrounded."""
    general = load_parameters(ds.data_dir).vat_rate_general
    recs = []
    for area_id, fig in ds.figures.groupby("area_id", sort=True):
        val = fig.set_index("key")["value"]
        for key in val.index:
            if not key.endswith(".excl"):
                continue
            stem = key[: -len(".excl")]
            if stem + ".incl" not in val:
                continue
            excl, incl = float(val[key]), float(val[stem + ".incl"])
            rate = incl / excl - 1 if excl else float("nan")
            # Whole-euro rounding of the excl. amount: a rate fits when incl / (1 + r) is
            # within one euro of excl.
            fits = [r for r in (NO_VAT, general) if abs(incl / (1 + r) - excl) < 1]
            older = None if fits else older_incl(excl, general)
            recs.append(
                {
                    "area_id": area_id,
                    "item": stem,
                    "excl_eur": excl,
                    "incl_eur": incl,
                    "implied_rate": rate,
                    "standard": fits[0] if fits else None,
                    "older_incl_eur": float(older) if older is not None else float("nan"),
                    "excl_at_general_eur": incl / (1 + general),
                }
            )
    return pd.DataFrame(recs, columns=VAT_COLUMNS)


def check_vat(ds: Dataset) -> list[dict]:
    """Each excl./incl. pair: info where a rate fits; where none does, a warning that says
    whether the excl. figure is a conversion of an older, round incl. amount (a column not
    updated) or implies an odd rate."""
    general = load_parameters(ds.data_dir).vat_rate_general
    out = []
    for _, r in implied_vat_rates(ds).iterrows():
        keys = [r["item"] + ".excl", r["item"] + ".incl"]
        shown = {"item": r["item"], "excl": r["excl_eur"], "incl": r["incl_eur"]}
        if pd.notna(r["standard"]):
            severity, code, more = "info", "finding.vat_rate", {"rate": r["implied_rate"]}
        elif pd.notna(r["older_incl_eur"]):
            severity, code = "warning", "finding.vat_stale_column"
            more = {
                "older": r["older_incl_eur"],
                "rate": general,
                "at_rate": r["excl_at_general_eur"],
            }
        else:
            severity, code = "warning", "finding.vat_rate_odd"
            more = {"rate": r["implied_rate"], "general": general}
        out.append(
            _finding(severity, r["area_id"], keys, "check.implied_vat_rate", code, **shown, **more)
        )
    return out


def check_press(ds: Dataset) -> list[dict]:
    """A press figure ``<key>.press`` against the agreement's ``<key>`` of the same area: a
    different period, or a different value, is a warning naming both."""
    out = []
    for area_id, fig in ds.figures.groupby("area_id", sort=True):
        rows = fig.set_index("key")
        for press in rows.index:
            base = press[: -len(PRESS_SUFFIX)]
            if not press.endswith(PRESS_SUFFIX) or base not in rows.index:
                continue
            a, b = rows.loc[base], rows.loc[press]
            shown = {
                "key_a": base,
                "key_b": press,
                "page_a": _where(a),
                "source_b": b["source"],
                "value_a": float(a["value"]),
                "value_b": float(b["value"]),
                "period_a": a["period"],
                "period_b": b["period"],
                "unit": _unit(base),
            }
            differences = (
                (a["period"] != b["period"], "finding.press_period", {}),
                (
                    a["value"] != b["value"],
                    "finding.press_value",
                    {"difference": float(b["value"] - a["value"])},
                ),
            )
            for differs, code, extra in differences:
                if differs:
                    out.append(
                        _finding(
                            "warning",
                            area_id,
                            [base, press],
                            "check.press_vs_agreement",
                            code,
                            **shown,
                            **extra,
                        )
                    )
    return out


def check_rs_base(ds: Dataset) -> list[dict]:
    """Which base of eligible affordable homes reproduces each published realisatiestimulans
    range, and whether the affordable starts of the housing table do."""
    out = []
    p = load_parameters(ds.data_dir)
    args = {"per_home": p.per_home, "correction": p.correction, "band": p.band}
    method = {
        "correction": float(p.correction),
        "per_home": p.per_home,
        "band_low": float(p.band[0]),
        "band_high": float(p.band[1]),
    }
    for area_id, fig in ds.figures.groupby("area_id", sort=True):
        val = fig.set_index("key")["value"]
        lo_key, hi_key = "realisatiestimulans.estimate.low", "realisatiestimulans.estimate.high"
        if lo_key not in val or hi_key not in val:
            continue
        low, high = float(val[lo_key]), float(val[hi_key])
        base = rules.implied_base(low, high, **args)
        keys = [lo_key, hi_key]
        published = {"low": low, "high": high, **method}
        if base is None:
            out.append(
                _finding(
                    "warning",
                    area_id,
                    keys,
                    "check.rs_base",
                    "finding.rs_base_none",
                    **published,
                )
            )
            continue
        b0, b1 = base
        out.append(
            _finding(
                "info",
                area_id,
                keys,
                "check.rs_base",
                "finding.rs_base",
                **published,
                base_low=b0,
                base_high=b1,
            )
        )
        aff = "homes.startbouw.affordable"
        if aff in val and not b0 <= val[aff] <= b1:
            lo_e, _, hi_e = rules.rs_estimate(float(val[aff]), **args)
            out.append(
                _finding(
                    "warning",
                    area_id,
                    [aff, *keys],
                    "check.rs_base",
                    "finding.rs_base_affordable",
                    **published,
                    affordable=float(val[aff]),
                    est_low=lo_e,
                    est_high=hi_e,
                    base_low=b0,
                    base_high=b1,
                )
            )
    return out


def check_overprogramming(ds: Dataset) -> list[dict]:
    out = []
    fig = ds.figures[ds.figures["area_id"] == schema.NATIONAL].set_index("key")
    for inst in ("orv", "capaciteit"):
        b, a = f"{inst}.budget", f"{inst}.agreed"
        if b in fig.index and a in fig.index:
            budget, agreed = fig.at[b, "value"], fig.at[a, "value"]
            lower = fig.at[a, "qualifier"] == "at_least"
            out.append(
                _finding(
                    "info",
                    schema.NATIONAL,
                    [a, b],
                    "check.over_programming",
                    "finding.over_programming_at_least" if lower else "finding.over_programming",
                    instrument=inst,
                    agreed=float(agreed),
                    budget=float(budget),
                    over=float(agreed - budget),
                    share=float(agreed / budget - 1),
                )
            )
    return out


def check_drafts(ds: Dataset) -> list[dict]:
    """An area file the intake wrote and no person has reviewed yet (``status: draft``)."""
    return [
        _finding("info", area_id, [], "check.draft", "finding.draft", area=area_id)
        for area_id, status in sorted(ds.status.items())
        if status == schema.STATUS_DRAFT
    ]


CHECKS = (
    check_drafts,
    check_quotes,
    check_sums,
    check_same_figure,
    check_vat,
    check_press,
    check_rs_base,
    check_overprogramming,
)


def check_data(data_dir: str | Path | None = None, lang: str = "en") -> pd.DataFrame:
    """All findings on a data folder (see the module docstring for the severities), the check
    and the message written in ``lang`` (``en`` or ``nl``).

    Raises :class:`~nplv_analysis.data.loading.DataError` if the folder does not load at all.
    """
    ds = dataset(data_dir)
    found = ds.derived("findings", _findings).copy()
    found["check"] = [t(c, lang) for c in found["check_code"]]
    found["message"] = [
        finding_message(c, v, area, lang, ds)
        for c, v, area in zip(found["code"], found["values"], found["area_id"], strict=True)
    ]
    return found[FINDING_COLUMNS]


KEY_VALUES = ("key", "key_a", "key_b", "total")
"""Values of a finding that are figure keys: shown by their label."""

SOURCE_VALUES = ("source", "source_b", "page_a", "page_b")
"""Values of a finding that are (or, for a figure without a page, stand for) a source id:
shown as the source's name or kind, publisher and date."""


def finding_message(
    code: str, values: dict, area_id: str | None = None, lang: str = "en", ds: Dataset | None = None
) -> str:
    """A finding's message in ``lang``: the catalogue's text ``code`` with its ``values``, the
    figure keys among them written as their labels (a line item by the name the data gives it),
    a source id as the source's words ("het persbericht van Gemeente Heerlen ... van 24 juni
    2025"), an instrument and an area by their names; a reader meets no key and no id."""
    ds = ds if ds is not None else dataset(None)
    return t(code, lang, **shown_values(values, area_id, lang, ds))


def shown_values(values: dict, area_id: str | None, lang: str, ds: Dataset) -> dict:
    """``values`` of a finding as :func:`finding_message` shows them."""
    from ..data.views import source_words

    fig = ds.figures
    names = fig[fig["area_id"] == area_id].set_index("key")["name"] if area_id else None
    out = dict(values)
    for field in KEY_VALUES:
        key = out.get(field)
        if isinstance(key, str):
            name = names.get(key) if names is not None else None
            with contextlib.suppress(KeyError):  # an unknown key is refused on load anyway
                out[field] = schema.key_label(key, lang, name if isinstance(name, str) else None)
    if isinstance(out.get("item"), str):
        item = out["item"]
        name = names.get(f"{item}.incl") if names is not None else None
        out["item"] = schema.item_label(item, lang, name if isinstance(name, str) else None)
    for field in SOURCE_VALUES:
        if out.get(field) in ds.sources:
            out[field] = source_words(out[field], lang, ds.data_dir)
    for field in ("period_a", "period_b"):
        if out.get(field) == "not_stated":
            out[field] = t("period_not_stated", lang)
    if isinstance(out.get("instrument"), str):
        out["instrument"] = t(out["instrument"], lang)
    if isinstance(out.get("area"), str):
        areas = ds.areas.set_index("area_id")["name"]
        out["area"] = areas.get(out["area"], out["area"])
    return out


def _findings(ds: Dataset) -> pd.DataFrame:
    rows = [f for check in CHECKS for f in check(ds)]
    order = {"error": 0, "warning": 1, "info": 2}
    out = pd.DataFrame(rows, columns=["severity", "area_id", "keys", "check", "code", "values"])
    out = out.rename(columns={"check": "check_code"})
    out = out.sort_values(
        ["severity", "area_id"],
        key=lambda s: s.map(order) if s.name == "severity" else s,
        kind="stable",
    )
    return out.reset_index(drop=True)
