"""Views on the loaded figures: funding and housing of one area, and all areas side by side.

A view never fills a gap: a figure nobody published is NaN with the status ``not published``
(or ``not signed`` / ``not eligible`` where the agreements exclude the area).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import schema
from .loading import dataset

INSTRUMENTS = ("realisatiestimulans", "orv", "capaciteit", "totaal")

FUNDING_COLUMNS = [
    "low_eur",
    "high_eur",
    "vat",
    "qualifier",
    "status",
    "source",
    "source_kind",
    "pages",
    "keys",
]

# Where each instrument's amount is read from, best first: (low key, high key). An entry with
# one key is a fixed amount (low = high).
FUNDING_KEYS: dict[str, tuple[tuple[str, ...], ...]] = {
    "realisatiestimulans": (
        ("realisatiestimulans.estimate.low", "realisatiestimulans.estimate.high"),
        ("summary.realisatiestimulans.low", "summary.realisatiestimulans.high"),
    ),
    "orv": (("orv.total.incl",), ("summary.orv",), ("orv.maximum",), ("orv.total",)),
    "capaciteit": (("capaciteit.total.incl",), ("summary.capaciteit",), ("capaciteit.maximum",)),
    "totaal": (
        ("summary.total.low", "summary.total.high"),
        ("rijksbijdrage.total.low", "rijksbijdrage.total.high"),
        ("rijksbijdrage.total",),
    ),
}

STATUS_PUBLISHED = "published"
STATUS_MISSING = "not published"
STATUS_NOT_SIGNED = "not signed"
STATUS_NOT_ELIGIBLE = "not eligible"


def _area_row(ds, area_id: str) -> pd.Series:
    areas = ds.areas.set_index("area_id")
    if area_id not in areas.index:
        raise ValueError(
            f"area_id={area_id!r} is not an NPLV area; known: {', '.join(areas.index)}"
        )
    return areas.loc[area_id]


def _join(values) -> str | None:
    seen = [str(v) for v in dict.fromkeys(values) if pd.notna(v)]
    return ", ".join(seen) if seen else None


def funding(area_id: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """An area's state funding by instrument, as published: one row each for
    ``realisatiestimulans``, ``orv``, ``capaciteit`` and ``totaal``.

    ``low_eur``/``high_eur`` hold the published range (equal where the amount is fixed; an
    "at least" figure fills only ``low_eur``, an "at most" one only ``high_eur``). ``vat`` says
    the VAT basis: ``incl`` for the agreements, ``not_stated`` for most press figures. Where the
    agreement has no summary total, ``totaal`` is the sum of the three instruments if all three
    are published, else not published.
    """
    ds = dataset(data_dir)
    area = _area_row(ds, area_id)
    fig = ds.figures[ds.figures["area_id"] == area_id].set_index("key")
    rows: dict[str, dict] = {}
    for inst in INSTRUMENTS:
        row = dict.fromkeys(FUNDING_COLUMNS)
        row["low_eur"] = row["high_eur"] = np.nan
        for keys in FUNDING_KEYS[inst]:
            if not all(k in fig.index for k in keys):
                continue
            lo, hi = fig.loc[keys[0]], fig.loc[keys[-1]]
            qual = _join(fig.loc[list(keys), "qualifier"])
            row["low_eur"] = np.nan if lo["qualifier"] in schema.HIGH_ONLY else float(lo["value"])
            row["high_eur"] = np.nan if hi["qualifier"] == "at_least" else float(hi["value"])
            row.update(
                vat=_join(fig.loc[list(keys), "vat"]),
                qualifier=qual,
                status=STATUS_PUBLISHED,
                source=_join(fig.loc[list(keys), "source"]),
                source_kind=_join(fig.loc[list(keys), "source_kind"]),
                pages=_join(fig.loc[list(keys), "page"]),
                keys=", ".join(keys),
            )
            break
        rows[inst] = row

    parts = [rows[i] for i in INSTRUMENTS[:3]]
    if rows["totaal"]["status"] is None and all(p["status"] == STATUS_PUBLISHED for p in parts):
        rows["totaal"].update(
            low_eur=sum(p["low_eur"] for p in parts),
            high_eur=sum(p["high_eur"] for p in parts),
            vat=_join(p["vat"] for p in parts),
            qualifier="sum_of_instruments",
            status=STATUS_PUBLISHED,
            source=_join(p["source"] for p in parts),
            source_kind=_join(p["source_kind"] for p in parts),
            pages=_join(p["pages"] for p in parts),
            keys="sum of the instruments",
        )
    for inst, row in rows.items():
        if row["status"] is None:
            if not area["signed_2025"]:
                row["status"] = STATUS_NOT_SIGNED
            elif inst in ("orv", "capaciteit") and not area["orv_capaciteit_eligible"]:
                row["status"] = STATUS_NOT_ELIGIBLE
            else:
                row["status"] = STATUS_MISSING
    out = pd.DataFrame.from_dict(rows, orient="index")[FUNDING_COLUMNS]
    out.index.name = "instrument"
    return out.astype({"low_eur": float, "high_eur": float})


HOUSING_COLUMNS = ["value", "qualifier", "unit", "period", "source", "source_kind", "page", "note"]


def housing(area_id: str, data_dir: str | Path | None = None, lang: str = "en") -> pd.DataFrame:
    """An area's housing figures (starts, affordable starts, minimums, care homes), indexed by
    key, each with its qualifier, period and source, and the data's note in ``lang``. Keys the
    area never published are absent."""
    ds = dataset(data_dir)
    _area_row(ds, area_id)
    fig = ds.figures
    sel = fig[(fig["area_id"] == area_id) & fig["key"].str.startswith("homes.")]
    return _with_note(sel, lang).set_index("key")[HOUSING_COLUMNS]


def _with_note(fig: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``fig`` with a ``note`` column: the data's note in ``lang`` (``nl`` or ``en``)."""
    if lang not in ("nl", "en"):
        raise ValueError(f"lang={lang!r}: allowed are nl, en")
    return fig.assign(note=fig[f"note_{lang}"])


def national_summary(data_dir: str | Path | None = None) -> pd.DataFrame:
    """All 20 areas side by side: signed, eligible, the published funding (low/high per
    instrument, each with its qualifier and kind of source), an amount a source names without an
    instrument (``rijksbijdrage_part_eur``), housing starts (with the kind of
    their source), the kinds of source of all the area's figures, and how many figures are
    published.
    Computed once per loaded data folder (a report asks for it several times); a copy each."""
    return dataset(data_dir).derived("national_summary", _national_summary).copy()


def _national_summary(ds) -> pd.DataFrame:
    data_dir = ds.data_dir
    recs = []
    for _, area in ds.areas.iterrows():
        aid = area["area_id"]
        fund = funding(aid, data_dir)
        fig = ds.figures[ds.figures["area_id"] == aid].set_index("key")["value"]
        kinds = ds.figures.loc[ds.figures["area_id"] == aid, "source_kind"]
        rec = {
            "area_id": aid,
            "name": area["name"],
            "signed_2025": area["signed_2025"],
            "orv_capaciteit_eligible": area["orv_capaciteit_eligible"],
            "figures": int(len(fig)),
            "source_kind": _join(sorted(set(kinds))) or STATUS_MISSING,
        }
        for inst in INSTRUMENTS:
            rec[f"{inst}_low_eur"] = fund.at[inst, "low_eur"]
            rec[f"{inst}_high_eur"] = fund.at[inst, "high_eur"]
            rec[f"{inst}_status"] = fund.at[inst, "status"]
            rec[f"{inst}_qualifier"] = fund.at[inst, "qualifier"]
            rec[f"{inst}_source_kind"] = fund.at[inst, "source_kind"]
        mine = ds.figures[ds.figures["area_id"] == aid].set_index("key")
        part = mine.loc["rijksbijdrage.part"] if "rijksbijdrage.part" in mine.index else None
        rec["rijksbijdrage_part_eur"] = np.nan if part is None else float(part["value"])
        rec["rijksbijdrage_part_source_kind"] = None if part is None else part["source_kind"]
        rec["startbouw_total"] = fig.get("homes.startbouw.total", np.nan)
        rec["startbouw_affordable"] = fig.get("homes.startbouw.affordable", np.nan)
        rec["startbouw_total_qualifier"] = mine["qualifier"].get("homes.startbouw.total")
        starts_key = next(
            (k for k in ("homes.startbouw.total", "homes.startbouw.affordable") if k in mine.index),
            None,
        )
        rec["startbouw_source_kind"] = (
            None if starts_key is None else mine.at[starts_key, "source_kind"]
        )
        recs.append(rec)
    return pd.DataFrame(recs).set_index("area_id")


def national_figures(data_dir: str | Path | None = None, lang: str = "en") -> pd.DataFrame:
    """The national programme and scheme figures, indexed by key, the data's note in
    ``lang``."""
    fig = dataset(data_dir).figures
    cols = ["value", "qualifier", "unit", "vat", "period", "source", "source_kind", "page", "note"]
    return _with_note(fig[fig["area_id"] == schema.NATIONAL], lang).set_index("key")[cols]


def source_words(source_id: str, lang: str = "nl", data_dir: str | Path | None = None) -> str:
    """A source as a reader names it, from the sources register: an agreement or regulation by
    its title, a press release or news item by its kind, publisher and date in words ("het
    persbericht van Gemeente Heerlen (via Heerlens Dagblad) van 24 juni 2025"); never its id.
    An id the register does not hold is returned as it is."""
    from ..text import format_date, t

    src = dataset(data_dir).sources.get(source_id)
    if src is None:
        return str(source_id)
    return t(
        f"source_words.{src['kind']}",
        lang,
        title=src["title"],
        publisher=src["publisher"] or src["title"],
        date=format_date(src["date"], lang),
    )
