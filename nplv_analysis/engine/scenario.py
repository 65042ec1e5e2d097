"""A scenario: an override of the parameter tree plus the what-if choices the agreement leaves
open.

A field left at ``None`` takes the agreement's value from the data folder
(:func:`~nplv_analysis.data.parameters.load_parameters`) when the scenario is run; the other
defaults are modelling choices, each named in docs/assumptions.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd

from ..data.parameters import Parameters
from ..rules import ALLOCATIONS
from ..text import has_text, t

INSTRUMENTS = ("realisatiestimulans", "orv", "capaciteit")

VAT_BASES = ("rate", "printed")
"""How the net ORV and capacity amounts (after the btw-compensatiefonds) are found (A22):
``rate`` takes off the VAT at the rate of each line (the general rate for ORV, none for staff
capacity); ``printed`` uses the excl.-btw column as printed in the agreement's tables."""

PROFILES = ("even", "front", "back")
"""Named spreads of the starts (or costs) over the start window (A11): ``even`` the same share
every year; ``front`` a linear ramp down (for five years 30, 25, 20, 15, 10%); ``back`` its
mirror."""


def profile_weights(name: str, n: int) -> tuple[float, ...]:
    """The shares per year of a named profile over ``n`` years.

    >>> profile_weights("front", 5)
    (0.3, 0.25, 0.2, 0.15, 0.1)
    """
    if name == "even":
        return tuple(1 / n for _ in range(n))
    ramp = [n + 1 - k for k in range(n)]  # n+1, n, ..., 2
    shares = tuple(r / sum(ramp) for r in ramp)
    return shares if name == "front" else shares[::-1]


YEARS_ALLOWED = (2000, 2050)
"""The years a scenario may name in ``realisation`` or ``starts`` mappings: wide enough for a
plan list's starts (2020-2035) and the years they may slip into; starts before the window may
be pushed into it by a delay; starts outside it after the delay earn nothing."""

MAX_STARTS = 1_000_000
"""The most affordable starts a scenario may name for one area and year."""


class ScenarioError(ValueError):
    """A scenario value the engine refuses: a message code of the text catalogue plus its
    values (``name``, ``value`` and what the message needs), shown in the reader's language with
    :meth:`text`; ``str()`` is the English text."""

    def __init__(self, code: str, name: str, value, **values):
        self.code = code
        self.values = {"name": name, "value": _shown(value), **values}
        super().__init__(self.text("en"))

    def text(self, lang: str = "nl") -> str:
        return t("scenario.error.prefix", lang, **self.values) + t(self.code, lang, **self.values)


def _shown(value) -> str:
    """A refused value as it is named in a message (its repr, cut at 60 characters)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_weights(name: str, value) -> None:
    if isinstance(value, str):
        if value not in PROFILES:
            raise ScenarioError("scenario.error.profile", name, value)
        return
    try:
        weights = tuple(float(w) for w in value)
    except (TypeError, ValueError):
        raise ScenarioError("scenario.error.profile", name, value) from None
    if not weights:
        raise ScenarioError("scenario.error.profile", name, value)
    if any(not math.isfinite(w) or w < 0 for w in weights):
        raise ScenarioError("scenario.error.weights_sign", name, value)
    if abs(sum(weights) - 1.0) > 1e-9:
        raise ScenarioError("scenario.error.weights_sum", name, value, total=sum(weights))


def _weights(name: str, value, years: tuple[int, ...]) -> np.ndarray:
    if isinstance(value, str):
        return np.asarray(profile_weights(value, len(years)))
    weights = np.asarray([float(w) for w in value])
    if len(weights) != len(years):
        raise ScenarioError(
            "scenario.error.weights_count",
            name,
            value,
            n=len(years),
            first=years[0],
            last=years[-1],
        )
    return weights


def _number(name: str, value, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ScenarioError(f"scenario.error.{name}.type", name, value)
    if not low <= value <= high:
        raise ScenarioError(f"scenario.error.{name}.range", name, value)


def _whole(name: str, value, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ScenarioError("scenario.error.years.type", name, value, low=low, high=high)
    if not low <= value <= high:
        raise ScenarioError("scenario.error.years.range", name, value, low=low, high=high)


def _year(name: str, key, whole) -> int:
    """A year key of a mapping: a whole number, or digits as text ("2026", as papermill passes
    the keys of a mapping), within :data:`YEARS_ALLOWED`."""
    year = None
    if isinstance(key, int | np.integer) and not isinstance(key, bool):
        year = int(key)
    elif isinstance(key, str) and key.strip().isascii() and key.strip().isdigit():
        year = int(key.strip())
    low, high = YEARS_ALLOWED
    if year is None or not low <= year <= high:
        raise ScenarioError(
            "scenario.error.year_key", name, whole, key=_shown(key), low=low, high=high
        )
    return year


def _by_year(name: str, value, low: float, high: float) -> dict[int, float]:
    """A mapping year -> number, checked and with whole-number years as keys, in year order."""
    out: dict[int, float] = {}
    for key, number in value.items():
        year = _year(name, key, value)
        if year in out:
            raise ScenarioError("scenario.error.year_twice", name, value, year=year)
        if (
            isinstance(number, bool)
            or not isinstance(number, int | float | np.integer | np.floating)
            or not math.isfinite(number)
            or not low <= number <= high
        ):
            raise ScenarioError(f"scenario.error.{name}.year_value", name, value, year=year)
        out[year] = int(number) if float(number).is_integer() else float(number)
    if not out:
        raise ScenarioError(f"scenario.error.{name}.empty", name, value)
    return dict(sorted(out.items()))


def _is_year_key(key) -> bool:
    return (isinstance(key, int | np.integer) and not isinstance(key, bool)) or (
        isinstance(key, str) and key.strip().isascii() and key.strip().isdigit()
    )


def _realisation(value) -> float | dict[int, float]:
    if isinstance(value, Mapping):
        return _by_year("realisation", value, 0.0, 1.5)
    _number("realisation", value, 0.0, 1.5)
    return value


def _starts(value) -> dict | None:
    """``starts``: ``None``, ``{year: n}`` (one area) or ``{area_id: {year: n}}``."""
    if value is None:
        return None
    if isinstance(value, pd.Series):
        value = value.to_dict()
    if not isinstance(value, Mapping) or not value:
        raise ScenarioError("scenario.error.starts.type", "starts", value)
    years = [_is_year_key(k) for k in value]
    if all(years):
        return _by_year("starts", value, 0, MAX_STARTS)
    if any(years):
        raise ScenarioError("scenario.error.starts.mixed", "starts", value)
    out = {}
    for area, per_year in value.items():
        if _is_year_key(area) or not isinstance(area, str) or not area.strip():
            raise ScenarioError("scenario.error.starts.mixed", "starts", value)
        if isinstance(per_year, pd.Series):
            per_year = per_year.to_dict()
        if not isinstance(per_year, Mapping):
            raise ScenarioError("scenario.error.starts.area", "starts", value, area=area)
        out[area.strip()] = _by_year("starts", per_year, 0, MAX_STARTS)
    return out


def starts_per_area(starts: dict | None) -> bool:
    """Whether a checked ``starts`` value is keyed by area (``{area_id: {year: n}}``)."""
    return bool(starts) and isinstance(next(iter(starts)), str)


@dataclass(frozen=True)
class Scenario:
    """One what-if. ``Scenario()`` is the computed default (*basisscenario, berekend*): the
    amounts from the data folder, the estimate of the realisatiestimulans before its band, and
    the ORV and capacity drawing rights paid under the national ceilings, first come first
    served: an assumption, the agreement names no rule (pages 7-8; A13, A22).

    realisation
        share of the expected eligible affordable starts that happen: one number (0 to 1.5)
        for every start year, or a share per planned start year (``{2026: 0.7, 2027: 0.7}``;
        years not named keep 1.0).
    profile
        how the starts spread over the start window: ``even``, ``front``, ``back`` or one
        weight per year (shares of the plan that add up to 1; never rescaled).
    delay_years
        whole years every start slips; starts after the window earn nothing.
    starts
        the affordable starts expected to be registered per year, used as given instead of the
        agreement's estimate and ``profile`` (no standard correction, no bound: a total above the
        estimate is flagged, never capped): ``{year: n}`` for a run on one area, or
        ``{area_id: {year: n}}`` (areas not named keep the estimate). ``realisation`` (per
        planned year) and ``delay_years`` still apply. Year keys may be text ("2026").
    per_home
        realisatiestimulans per affordable start, EUR incl. btw; ``None``: the agreement's
        amount (``realisatiestimulans.per_home`` in the data).
    orv_spend, capacity_spend
        share of the drawing right actually spent (0 to 1); costs above the right are not paid.
    spend_profile
        how ORV and capacity costs spread over the window (as ``profile``).
    spend_delay_years
        whole years that every claimant's ORV and capacity costs slip; costs pushed past the
        window are not reimbursed (A30).
    others_spend_profile
        how the *other* claimants' costs spread (those not among the areas a run reports on);
        ``None``: as ``spend_profile``. ``"front"`` is the what-if "anderen eerst": the others
        claim early and this area's later claims meet a used-up ceiling.
    allocation
        ``first_come`` (the default, an assumption: payments in time order until the ceiling is
        used), ``pro_rata`` or ``uncapped`` (the drawing right itself, an upper bound).
    vat_basis
        ``rate`` (default) or ``printed``: how the net amounts are found (:data:`VAT_BASES`).
    cost_inflation
        yearly construction-cost inflation; adds ``real_eur`` (euros of the price level year)
        when not zero.
    payment_lag
        years between an ORV or capacity cost and its reimbursement (A10). The
        realisatiestimulans lag is the agreement's (page 6), from the data.
    """

    realisation: float | Mapping[int, float] = 1.0
    profile: str | tuple[float, ...] = "even"
    delay_years: int = 0
    starts: Mapping | None = None
    per_home: float | None = None
    orv_spend: float = 1.0
    capacity_spend: float = 1.0
    spend_profile: str | tuple[float, ...] = "even"
    spend_delay_years: int = 0
    others_spend_profile: str | tuple[float, ...] | None = None
    allocation: str = "first_come"
    vat_basis: str = "rate"
    cost_inflation: float = 0.0
    payment_lag: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "realisation", _realisation(self.realisation))
        _whole("delay_years", self.delay_years, 0, 10)
        object.__setattr__(self, "starts", _starts(self.starts))
        if self.per_home is not None:
            _number("per_home", self.per_home, 0.0, 100_000.0)
        _number("orv_spend", self.orv_spend, 0.0, 1.0)
        _number("capacity_spend", self.capacity_spend, 0.0, 1.0)
        _whole("spend_delay_years", self.spend_delay_years, 0, 10)
        _number("cost_inflation", self.cost_inflation, -0.5, 1.0)
        _whole("payment_lag", self.payment_lag, 0, 5)
        if self.allocation not in ALLOCATIONS:
            raise ScenarioError(
                "scenario.error.choice",
                "allocation",
                self.allocation,
                allowed=", ".join(ALLOCATIONS),
            )
        if self.vat_basis not in VAT_BASES:
            raise ScenarioError(
                "scenario.error.choice", "vat_basis", self.vat_basis, allowed=", ".join(VAT_BASES)
            )
        _check_weights("profile", self.profile)
        _check_weights("spend_profile", self.spend_profile)
        if self.others_spend_profile is not None:
            _check_weights("others_spend_profile", self.others_spend_profile)

    @classmethod
    def from_parameters(cls, params: dict) -> Scenario:
        """The scenario in a notebook's parameters (``Scenario.from_parameters(globals())``):
        the known fields are taken (``None`` keeps the default), lists of weights become
        tuples, the rest is ignored."""
        known = {f.name for f in fields(cls)}
        kwargs = {
            k: tuple(v) if isinstance(v, list) else v
            for k, v in params.items()
            if k in known and v is not None
        }
        return cls(**kwargs)

    def with_(self, **changes) -> Scenario:
        """A copy with some parameters changed (validated again)."""
        return replace(self, **changes)

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def overrides(self) -> dict:
        """The fields that differ from the base scenario (``Scenario()``), in field order.

        >>> Scenario(delay_years=1, realisation=0.7).overrides()
        {'realisation': 0.7, 'delay_years': 1}
        """
        default = Scenario().to_dict()
        return {k: v for k, v in self.to_dict().items() if v != default[k]}

    def resolve(self, params: Parameters) -> Resolved:
        """This scenario on a parameter tree: every ``None`` filled from the data, the
        profiles turned into weights for the start window."""
        return Resolved(self, params)

    def filled(self, params: Parameters) -> Scenario:
        """A copy with the agreement's values written in (for showing the scenario)."""
        return replace(self, per_home=self.resolve(params).per_home)


FIELD_LABELS = {"starts": "starts_given"}
"""Catalogue ids of the fields whose label is not their own name (``starts`` names the starts
column of the housing tables)."""


def field_label(name: str, lang: str = "nl") -> str:
    """A scenario field's name the reader's way ("realisatie (deel van de starts)")."""
    return t(FIELD_LABELS.get(name, name), lang)


def field_text(name: str, value, lang: str = "nl") -> str:
    """A scenario field's value the reader's way: "70%", "€ 7.000", "2026: 70%, 2027: 70%
    (andere jaren 100%)", "2025: 300, 2026: 420 starts".

    >>> field_text("realisation", {2026: 0.7, "2027": 0.7}, "en")
    '2026: 70%, 2027: 70% (other years 100%)'
    """
    from ..text import format_eur, format_number

    def typed(x: float) -> int:
        """The decimals a number has as typed (22.5: 1; 70.00000000000001: 0), at most 4."""
        x = round(float(x), 6)
        return 0 if x.is_integer() else min(len(repr(x).split(".")[1]), 4)

    def pct(x, digits: int | None = None) -> str:
        value = float(x) * 100
        return format_number(value, typed(value) if digits is None else digits, lang) + "%"

    if name == "per_home":
        return format_eur(float(value), lang, short=False)
    if name == "realisation" and isinstance(value, Mapping):
        years = ", ".join(f"{int(y)}: {pct(r)}" for y, r in value.items())
        return t("scenario.per_year", lang, years=years)
    if name == "starts" and isinstance(value, Mapping):
        checked = _starts(value)

        def years(per_year):
            return ", ".join(
                f"{y}: {format_number(n, typed(n), lang)}" for y, n in per_year.items()
            )

        if starts_per_area(checked):
            return "; ".join(f"{a}: {years(v)}" for a, v in checked.items())
        return t("scenario.starts_given", lang, years=years(checked))
    if name in ("realisation", "orv_spend", "capacity_spend"):
        return pct(value)
    if name == "cost_inflation":
        return pct(value, 1)
    if name == "others_spend_profile" and value is None:
        return t("same_as_own", lang)
    if isinstance(value, list | tuple):
        return " / ".join(pct(w) for w in value)
    if isinstance(value, str):
        return t(value, lang) if has_text(value, lang) else value
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int | float | np.integer | np.floating):
        return format_number(float(value), 0 if float(value).is_integer() else 2, lang)
    return str(value)


def shift(weights: np.ndarray, years: int) -> np.ndarray:
    """Weights over the window moved ``years`` later; what passes the window's end drops out.

    >>> shift(np.array([0.1, 0.2, 0.3, 0.4]), 1).tolist()
    [0.0, 0.1, 0.2, 0.3]
    """
    n = len(weights)
    return np.concatenate([np.zeros(min(years, n)), weights[: max(n - years, 0)]])


class Resolved:
    """A :class:`Scenario` with its parameter tree: what the engine computes with."""

    __slots__ = (
        "scenario",
        "params",
        "per_home",
        "weights",
        "spend_weights",
        "others_spend_weights",
        "years",
        "realisation_share",
        "realisation_by_year",
    )

    def __init__(self, scenario: Scenario, params: Parameters):
        self.scenario = scenario
        self.params = params
        self.per_home = params.per_home if scenario.per_home is None else scenario.per_home
        self.years = params.years
        self.weights = _weights("profile", scenario.profile, self.years)
        real = scenario.realisation
        by_year = isinstance(real, Mapping)
        self.realisation_share = 1.0 if by_year else float(real)
        """The one realisation of every start year (1.0 when it is given per year): the centre
        of the Monte Carlo draws."""
        self.realisation_by_year = dict(real) if by_year else {}
        d = scenario.spend_delay_years
        self.spend_weights = shift(_weights("spend_profile", scenario.spend_profile, self.years), d)
        others = scenario.others_spend_profile
        self.others_spend_weights = (
            self.spend_weights
            if others is None
            else shift(_weights("others_spend_profile", others, self.years), d)
        )

    def __getattr__(self, name):  # the scenario's own choices
        return getattr(self.scenario, name)

    def payment_years(self, instrument: str = "orv") -> np.ndarray:
        """The payment years of an instrument: each year of the window plus its lag. The
        realisatiestimulans is paid the year after the start (page 6), whatever
        ``payment_lag``; ``payment_lag`` is the ORV and capacity reimbursement lag (A10)."""
        lag = (
            self.params.rs_payment_lag
            if instrument == "realisatiestimulans"
            else self.scenario.payment_lag
        )
        return np.array(self.years) + lag

    def all_payment_years(self) -> np.ndarray:
        """Every year in which any instrument pays, in order."""
        return np.union1d(self.payment_years("realisatiestimulans"), self.payment_years())

    def start_shares(self) -> np.ndarray:
        """The share of the planned starts that happens in each year of the window after the
        delay (starts pushed past the window drop out)."""
        return shift(self.weights, self.scenario.delay_years)

    def given_starts(self, area_id: str | None) -> dict[int, float] | None:
        """The starts the scenario gives for an area (``starts``), or ``None``: the estimate."""
        starts = self.scenario.starts
        if starts is None:
            return None
        if starts_per_area(starts):
            return starts.get(area_id)
        return starts

    def planned_starts(self, expected_homes: float, area_id: str | None = None):
        """The planned affordable starts of an area per planned start year, after the
        realisation of each year: ``(first_year, starts)`` with ``starts`` a numpy array of the
        years from ``first_year`` to the window's end. From the scenario's ``starts`` for the
        area if it gives them (years after the window left out: no delay brings them back), else
        ``expected_homes`` spread by ``profile`` over the window; ``None`` when neither is
        known."""
        given = self.given_starts(area_id)
        first, last = self.years[0], self.years[-1]
        if given is None:
            if math.isnan(expected_homes):
                return None
            planned = expected_homes * self.weights
        else:
            first = min(min(given), first)
            planned = np.zeros(last - first + 1)
            for year, n in given.items():
                if year <= last:
                    planned[year - first] = n
        if self.realisation_by_year:
            planned = planned * np.array(
                [self.realisation_by_year.get(first + k, 1.0) for k in range(len(planned))]
            )
        return first, planned
