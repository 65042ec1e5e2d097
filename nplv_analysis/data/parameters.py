"""The parameter tree: the agreement's numbers that the rules and the engine compute with, read
from ``national.yaml`` of a data folder, each traceable to its figure key (and so to its page).

No module, widget or notebook repeats one of these numbers: they take them from
:func:`load_parameters`. A scenario overrides some of them, the way an OpenFisca reform updates
parameters (:class:`~nplv_analysis.engine.Scenario`).

>>> p = load_parameters()
>>> p.correction, p.band, len(p.years)
(Fraction(10, 13), (Fraction(-3, 10), Fraction(1, 20)), 5)
>>> p.source_of("per_home")
'realisatiestimulans.per_home'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import pandas as pd

from . import schema
from .loading import DataError, Dataset, Problem, dataset
from .yamlfile import Msg, Where

SOURCES: dict[str, str | tuple[str, ...]] = {
    "per_home": "realisatiestimulans.per_home",
    "correction": "realisatiestimulans.estimate_method.correction",
    "band": (
        "realisatiestimulans.estimate_method.band_low",
        "realisatiestimulans.estimate_method.band_high",
    ),
    "first_year": "realisatiestimulans.per_home",  # the period of the per-home amount
    "last_year": "realisatiestimulans.per_home",
    "first_payment_year": "realisatiestimulans.first_payment_year",
    "last_payment_year": "realisatiestimulans.last_payment_year",
    "rs_payment_lag": (
        "realisatiestimulans.first_payment_year",
        "realisatiestimulans.last_payment_year",
    ),
    "price_level_year": ("orv.price_level_year", "capaciteit.price_level_year"),
    "ceilings": ("orv.budget", "capaciteit.budget"),
    "national_claims": ("orv.agreed", "capaciteit.agreed"),
    "midterm_year": "midterm_review.year",
    "vat_rate_general": "vat.rate_general",
}
"""Each parameter and the figure key(s) in ``national.yaml`` it is read from."""

REQUIRED_KEYS = tuple(
    dict.fromkeys(k for v in SOURCES.values() for k in ((v,) if isinstance(v, str) else v))
)


def _share(value: float) -> Fraction:
    """A share as an exact fraction (the data writes 10/13, 0.05, -0.30)."""
    return Fraction(str(value)).limit_denominator(10_000)


@dataclass(frozen=True)
class Parameters:
    """The agreement's numbers the rules and the engine use (see :data:`SOURCES`)."""

    per_home: float
    """Realisatiestimulans per affordable start, EUR incl. btw (page 6)."""
    correction: Fraction
    """Standard correction on the planned affordable homes (footnote 2, page 6)."""
    band: tuple[Fraction, Fraction]
    """Band around the corrected estimate (footnote 2, page 6)."""
    first_year: int
    last_year: int
    """Starts registered in ``first_year`` up to and including ``last_year`` (page 6)."""
    first_payment_year: int
    last_payment_year: int
    rs_payment_lag: int
    """Years between a start and its realisatiestimulans payment (page 6: starts of 2025 paid
    in 2026, starts of 2029 in 2030)."""
    price_level_year: int
    """ORV and capacity budgets are "prijspeil 2025" (pages 7-8)."""
    ceilings: dict[str, float] = field(hash=False)
    """National budget (ceiling) per instrument: ``orv``, ``capaciteit``."""
    national_claims: dict[str, float] = field(hash=False)
    """Sum of the drawing rights agreed with all areas, per instrument."""
    at_least: dict[str, bool] = field(hash=False)
    """Whether ``national_claims`` is a lower bound ("ruim EUR 200 mln")."""
    midterm_year: int
    """The year of the mid-term review (page 3)."""
    vat_rate_general: float
    """The general VAT rate (Wet op de omzetbelasting 1968, art. 9 lid 1): the rate of the ORV
    lines, whose VAT goes to the btw-compensatiefonds (footnote 3, page 7). Capacity is incl.
    btw too (footnote 4); its table prints excl. = incl. (page 8), so its deduction is taken as
    nil (inferred, A14)."""

    @property
    def years(self) -> tuple[int, ...]:
        """The start window, year by year."""
        return tuple(range(self.first_year, self.last_year + 1))

    @staticmethod
    def source_of(name: str) -> str | tuple[str, ...]:
        """The figure key(s) a parameter is read from."""
        return SOURCES[name]


def _from_dataset(ds: Dataset) -> Parameters:
    nat = ds.figures[ds.figures["area_id"] == schema.NATIONAL].set_index("key")
    path = str(ds.data_dir / "national.yaml")
    missing = [k for k in REQUIRED_KEYS if k not in nat.index]
    if missing:
        raise DataError(
            [Problem(path, Where(("key", repr(k))), Msg("parameters.missing")) for k in missing]
        )
    val = nat["value"]

    def year(key: str) -> int:
        return int(val[key])

    def at(key: str) -> Where:
        line = nat.at[key, "line"]
        return Where(("line", line), ("key", repr(key))) if pd.notna(line) else key_of(key)

    def key_of(key: str) -> Where:
        return Where(("key", repr(key)))

    period = str(nat.at["realisatiestimulans.per_home", "period"])
    m = schema.PERIOD_RE.match(period)
    if not m:
        raise DataError(
            [
                Problem(
                    path,
                    key_of("realisatiestimulans.per_home"),
                    Msg("parameters.window", period=repr(period)),
                )
            ]
        )
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    lag = year("realisatiestimulans.first_payment_year") - first
    problems = []
    if year("realisatiestimulans.last_payment_year") - last != lag or lag < 0:
        problems.append(
            Problem(
                path,
                key_of("realisatiestimulans.last_payment_year"),
                Msg("parameters.lag", lag=lag),
            )
        )
    if year("orv.price_level_year") != year("capaciteit.price_level_year"):
        problems.append(
            Problem(path, key_of("capaciteit.price_level_year"), Msg("parameters.price_level"))
        )
    if not 0 <= val["vat.rate_general"] < 1:
        problems.append(
            Problem(
                path,
                at("vat.rate_general"),
                Msg("parameters.vat", value=float(val["vat.rate_general"])),
            )
        )
    for key in ("realisatiestimulans.per_home", "realisatiestimulans.estimate_method.correction"):
        if not val[key] > 0:
            problems.append(
                Problem(
                    path,
                    at(key),
                    Msg("parameters.positive", value=f"{float(val[key]):g}"),
                )
            )
    band_low, band_high = (
        val["realisatiestimulans.estimate_method.band_low"],
        val["realisatiestimulans.estimate_method.band_high"],
    )
    if not -1 < band_low <= band_high:
        problems.append(
            Problem(
                path,
                at("realisatiestimulans.estimate_method.band_low"),
                Msg("parameters.band", low=f"{float(band_low):g}", high=f"{float(band_high):g}"),
            )
        )
    if problems:
        raise DataError(problems)
    insts = ("orv", "capaciteit")
    return Parameters(
        per_home=float(val["realisatiestimulans.per_home"]),
        correction=_share(val["realisatiestimulans.estimate_method.correction"]),
        band=(
            _share(val["realisatiestimulans.estimate_method.band_low"]),
            _share(val["realisatiestimulans.estimate_method.band_high"]),
        ),
        first_year=first,
        last_year=last,
        first_payment_year=year("realisatiestimulans.first_payment_year"),
        last_payment_year=year("realisatiestimulans.last_payment_year"),
        rs_payment_lag=lag,
        price_level_year=year("orv.price_level_year"),
        ceilings={i: float(val[f"{i}.budget"]) for i in insts},
        national_claims={i: float(val[f"{i}.agreed"]) for i in insts},
        at_least={i: nat.at[f"{i}.agreed", "qualifier"] == "at_least" for i in insts},
        midterm_year=year("midterm_review.year"),
        vat_rate_general=float(val["vat.rate_general"]),
    )


def load_parameters(data_dir: str | Path | None = None) -> Parameters:
    """The parameter tree of a data folder (computed once per folder content)."""
    return dataset(data_dir).derived("parameters", _from_dataset)
