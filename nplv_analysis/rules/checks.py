"""Checks of a loaded data folder against the sources' own arithmetic.

:func:`check_data` returns findings, one row each: ``severity`` (error / warning / info),
``area_id``, ``keys``, ``check`` and ``message``.

- error: our data contradicts itself where the source does not (a total that is not the sum of
  its lines, a quote not on the page cited). ``python -m nplv_analysis check`` exits non-zero.
- warning: the source contradicts itself (text against table, an odd VAT rate, an estimate that
  does not follow from the stated method). These are facts of the source: kept, reported.
- info: derived facts worth showing (implied VAT rates, the implied realisatiestimulans base,
  over-programming of the national ceilings).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..data import schema
from ..data.loading import Dataset, dataset
from ..data.parameters import load_parameters
from ..text import format_eur, format_number
from . import agreement as rules

FINDING_COLUMNS = ["severity", "area_id", "keys", "check", "message", "message_nl"]

SUMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("orv.total.excl", ("orv.cmv.excl", "orv.bor.excl")),
    ("orv.total.incl", ("orv.cmv.incl", "orv.bor.incl")),
    ("capaciteit.total.excl", ("capaciteit.extra.excl",)),
    ("capaciteit.total.incl", ("capaciteit.extra.incl",)),
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
    ("homes.startbouw.total", ("homes.accelerated", "homes.extra")),
    ("ienw.infrastructure.total", ("ienw.infrastructure.grootschalig", "ienw.infrastructure.rest")),
)
"""(total, components): a stated total must equal the sum of its stated lines."""

SAME_FIGURE: tuple[tuple[str, str, str], ...] = (
    ("summary.realisatiestimulans.low", "realisatiestimulans.estimate.low", "summary vs. text"),
    ("summary.realisatiestimulans.high", "realisatiestimulans.estimate.high", "summary vs. text"),
    ("summary.orv", "orv.total.incl", "summary vs. ORV table"),
    ("summary.capaciteit", "capaciteit.total.incl", "summary vs. capacity table"),
    ("orv.maximum", "orv.total.incl", "text vs. ORV table"),
    ("capaciteit.maximum", "capaciteit.total.incl", "text vs. capacity table"),
    ("homes.startbouw.text", "homes.startbouw.total", "text vs. housing table"),
)
"""(a, b, what): the same figure stated twice in one document; a difference is a warning."""

AT_MOST: tuple[tuple[str, str], ...] = (("homes.area_minimum", "homes.startbouw.total"),)
"""(minimum, planned): a stated minimum that the planned figure should reach."""

VAT_RATES = (0.0, 0.21)
"""Rates an excl./incl. pair may imply without a warning (0% and the general 21%)."""


def _eur(x: float, lang: str = "en") -> str:
    return f"EUR {x:,.0f}" if lang == "en" else format_eur(x, "nl", short=False)


def _n(x: float, lang: str = "en") -> str:
    return f"{x:,.0f}" if lang == "en" else format_number(x, 0, "nl")


def _fmt(key: str, x: float, lang: str = "en") -> str:
    spec = schema.KEYS.get(key)
    return _eur(x, lang) if spec is not None and spec.unit == "EUR" else _n(x, lang)


def _n4(x: float, lang: str = "en") -> str:
    return f"{x:.4f}" if lang == "en" else format_number(x, 4, "nl")


def _mln(x: float, lang: str = "en") -> str:
    return f"{x / 1e6:.1f}" if lang == "en" else format_number(x / 1e6, 1, "nl")


def _pct(x: float, decimals: int, lang: str = "en") -> str:
    return (
        f"{x * 100:.{decimals}f}%" if lang == "en" else format_number(x * 100, decimals, "nl") + "%"
    )


def _where(row: pd.Series) -> str:
    return f"p. {row['page']}" if pd.notna(row["page"]) else str(row["source"])


def _finding(
    severity: str, area_id: str, keys: list[str], check: str, message: str, message_nl: str
) -> dict:
    return {
        "severity": severity,
        "area_id": area_id,
        "keys": ", ".join(keys),
        "check": check,
        "message": message,
        "message_nl": message_nl,
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
        hint = f"; it stands on page {found[0]}" if found else "; it is not in the text at all"
        hint_nl = (
            f"; het staat op pagina {found[0]}" if found else "; het staat nergens in de tekst"
        )
        out.append(
            _finding(
                "error",
                row["area_id"],
                [row["key"]],
                "quote on page",
                f"{row['file']}: the quote of {row['key']} is not on page {page} of "
                f"{row['source']}{hint}",
                f"{row['file']}: het citaat bij {row['key']} staat niet op pagina {page} van "
                f"{row['source']}{hint_nl}",
            )
        )
    return out


def check_sums(ds: Dataset) -> list[dict]:
    out = []
    for area_id, fig in ds.figures.groupby("area_id", sort=True):
        val = fig.set_index("key")["value"]
        for total, parts in SUMS:
            if total not in val or not all(p in val for p in parts):
                continue
            summed = float(sum(val[p] for p in parts))
            if abs(summed - val[total]) >= 0.5:
                out.append(
                    _finding(
                        "error",
                        area_id,
                        [total, *parts],
                        "sum",
                        f"{total} = {_fmt(total, val[total])} but its lines add up to "
                        f"{_fmt(total, summed)} (difference {_fmt(total, val[total] - summed)})",
                        f"{total} = {_fmt(total, val[total], 'nl')} maar de regels tellen op tot "
                        f"{_fmt(total, summed, 'nl')} (verschil "
                        f"{_fmt(total, val[total] - summed, 'nl')})",
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
                qa = "circa " if ra["qualifier"] == "circa" else ""
                diff = rb["value"] - ra["value"]
                out.append(
                    _finding(
                        "warning",
                        area_id,
                        [a, b],
                        what,
                        f"{_where(ra)} states {qa}{_fmt(a, ra['value'])} ({a}), {_where(rb)} "
                        f"states {_fmt(b, rb['value'])} ({b}): difference "
                        f"{_fmt(b, diff)}; both kept as printed",
                        f"{_where(ra)} noemt {qa}{_fmt(a, ra['value'], 'nl')} ({a}), {_where(rb)} "
                        f"noemt {_fmt(b, rb['value'], 'nl')} ({b}): verschil "
                        f"{_fmt(b, diff, 'nl')}; beide blijven staan zoals gedrukt",
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
                        "minimum vs. plan",
                        f"the plan ({_n(rows.at[planned, 'value'])}) is below the stated "
                        f"minimum ({_n(rows.at[minimum, 'value'])})",
                        f"het plan ({_n(rows.at[planned, 'value'], 'nl')}) ligt onder het "
                        f"genoemde minimum ({_n(rows.at[minimum, 'value'], 'nl')})",
                    )
                )
    return out


def implied_vat_rates(ds: Dataset) -> pd.DataFrame:
    """Every excl./incl. pair with the VAT rate it implies (incl / excl - 1)."""
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
            fits = [r for r in VAT_RATES if abs(incl / (1 + r) - excl) < 1]
            recs.append(
                {
                    "area_id": area_id,
                    "item": stem,
                    "excl_eur": excl,
                    "incl_eur": incl,
                    "implied_rate": rate,
                    "standard": fits[0] if fits else None,
                }
            )
    return pd.DataFrame(
        recs, columns=["area_id", "item", "excl_eur", "incl_eur", "implied_rate", "standard"]
    )


def check_vat(ds: Dataset) -> list[dict]:
    out = []
    for _, r in implied_vat_rates(ds).iterrows():
        keys = [r["item"] + ".excl", r["item"] + ".incl"]
        text = (
            f"{r['item']}: {_eur(r['excl_eur'])} excl. against {_eur(r['incl_eur'])} incl. btw "
            f"implies a VAT rate of {_pct(r['implied_rate'], 1)}"
        )
        text_nl = (
            f"{r['item']}: {_eur(r['excl_eur'], 'nl')} excl. tegenover "
            f"{_eur(r['incl_eur'], 'nl')} incl. btw betekent een btw-tarief van "
            f"{_pct(r['implied_rate'], 1, 'nl')}"
        )
        if pd.notna(r["standard"]):
            out.append(_finding("info", r["area_id"], keys, "implied VAT rate", text, text_nl))
        else:
            out.append(
                _finding(
                    "warning",
                    r["area_id"],
                    keys,
                    "implied VAT rate",
                    text + " (not 21% or 0%); kept as printed",
                    text_nl + " (geen 21% of 0%); behouden zoals gedrukt",
                )
            )
    return out


def check_rs_base(ds: Dataset) -> list[dict]:
    """Which base of eligible affordable homes reproduces each published realisatiestimulans
    range, and whether the affordable starts of the housing table do."""
    out = []
    p = load_parameters(ds.data_dir)
    args = {"per_home": p.per_home, "correction": p.correction, "band": p.band}

    def method(lang: str) -> str:
        band = "band" if lang == "en" else "bandbreedte"
        return (
            f"x {_n4(float(p.correction), lang)} x {_eur(p.per_home, lang)}, {band} "
            f"{_pct(float(p.band[0]), 0, lang)}/+{_pct(float(p.band[1]), 0, lang)}"
        )

    for area_id, fig in ds.figures.groupby("area_id", sort=True):
        val = fig.set_index("key")["value"]
        lo_key, hi_key = "realisatiestimulans.estimate.low", "realisatiestimulans.estimate.high"
        if lo_key not in val or hi_key not in val:
            continue
        low, high = float(val[lo_key]), float(val[hi_key])
        base = rules.implied_base(low, high, **args)
        pub = f"EUR {_mln(low)}-{_mln(high)} mln"
        pub_nl = f"€ {_mln(low, 'nl')}-{_mln(high, 'nl')} mln"
        keys = [lo_key, hi_key]
        if base is None:
            out.append(
                _finding(
                    "warning",
                    area_id,
                    keys,
                    "realisatiestimulans base",
                    f"no whole number of homes {method('en')} reproduces the published {pub}",
                    f"geen geheel aantal woningen {method('nl')} geeft de gepubliceerde {pub_nl}",
                )
            )
            continue
        b0, b1 = base
        out.append(
            _finding(
                "info",
                area_id,
                keys,
                "realisatiestimulans base",
                f"the published {pub} is reproduced by a base of {_n(b0)} to {_n(b1)} eligible "
                f"affordable homes {method('en')}",
                f"de gepubliceerde {pub_nl} volgt uit een grondslag van {_n(b0, 'nl')} tot "
                f"{_n(b1, 'nl')} betaalbare woningen {method('nl')}",
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
                    "realisatiestimulans base",
                    f"{_n(val[aff])} affordable starts {method('en')} give EUR {_mln(lo_e)}-"
                    f"{_mln(hi_e)} mln, not the published {pub}; the base the ministry used "
                    f"({_n(b0)}-{_n(b1)} homes, after removing homes with other subsidies) is "
                    "not stated in the agreement",
                    f"{_n(val[aff], 'nl')} betaalbare starts {method('nl')} geven € "
                    f"{_mln(lo_e, 'nl')}-{_mln(hi_e, 'nl')} mln, niet de gepubliceerde {pub_nl}; "
                    f"de grondslag die het ministerie gebruikte ({_n(b0, 'nl')}-{_n(b1, 'nl')} "
                    "woningen, na schoning voor woningen met andere subsidies) staat niet in de "
                    "afspraak",
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
            more, ruim = ("at least ", "ruim ") if lower else ("", "")
            share = agreed / budget - 1
            out.append(
                _finding(
                    "info",
                    schema.NATIONAL,
                    [a, b],
                    "over-programming",
                    f"{inst}: agreements of {more}{_eur(agreed)} against a ceiling of "
                    f"{_eur(budget)}: over-programmed by {more}{_eur(agreed - budget)} "
                    f"({_pct(share, 0)})",
                    f"{inst}: afspraken van {ruim}{_eur(agreed, 'nl')} tegenover een plafond van "
                    f"{_eur(budget, 'nl')}: overprogrammering van {ruim}"
                    f"{_eur(agreed - budget, 'nl')} ({_pct(share, 0, 'nl')})",
                )
            )
    return out


CHECKS = (
    check_quotes,
    check_sums,
    check_same_figure,
    check_vat,
    check_rs_base,
    check_overprogramming,
)


def check_data(data_dir: str | Path | None = None) -> pd.DataFrame:
    """All findings on a data folder (see the module docstring for the severities).

    Raises :class:`~nplv_analysis.data.loading.DataError` if the folder does not load at all.
    """
    return dataset(data_dir).derived("findings", _findings).copy()


def _findings(ds: Dataset) -> pd.DataFrame:
    rows = [f for check in CHECKS for f in check(ds)]
    order = {"error": 0, "warning": 1, "info": 2}
    out = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    out = out.sort_values(
        ["severity", "area_id"],
        key=lambda s: s.map(order) if s.name == "severity" else s,
        kind="stable",
    )
    return out.reset_index(drop=True)
