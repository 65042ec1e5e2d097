"""A scenario: an override of the parameter tree plus the what-if choices the agreement leaves
open.

A field left at ``None`` takes the agreement's value from the data folder
(:func:`~nplv_analysis.data.parameters.load_parameters`) when the scenario is run; the other
defaults are modelling choices, each named in docs/assumptions.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

import numpy as np

from ..data.parameters import Parameters
from ..rules import ALLOCATIONS

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


def _check_weights(name: str, value) -> None:
    allowed = f"allowed are {', '.join(PROFILES)} or one weight per year of the start window"
    if isinstance(value, str):
        if value not in PROFILES:
            raise ValueError(f"{name}={value!r}: {allowed}")
        return
    try:
        weights = tuple(float(w) for w in value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={value!r}: {allowed}") from None
    if not weights:
        raise ValueError(f"{name}={value!r}: {allowed}")
    if any(not math.isfinite(w) or w < 0 for w in weights):
        raise ValueError(f"{name}={value!r}: weights must be zero or positive")
    if abs(sum(weights) - 1.0) > 1e-9:
        raise ValueError(
            f"{name}={value!r}: weights must add up to 1 (they add up to {sum(weights)})"
        )


def _weights(name: str, value, years: tuple[int, ...]) -> np.ndarray:
    if isinstance(value, str):
        return np.asarray(profile_weights(value, len(years)))
    weights = np.asarray([float(w) for w in value])
    if len(weights) != len(years):
        raise ValueError(
            f"{name}={value!r}: needs {len(years)} weights, one per year {years[0]}-{years[-1]}"
        )
    return weights


def _number(name: str, value, low: float, high: float, allowed: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name}={value!r}: must be a number, {allowed}")
    if not low <= value <= high:
        raise ValueError(f"{name}={value!r}: allowed is {allowed}")


def _whole(name: str, value, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name}={value!r}: must be a whole number of years, {low} to {high}")
    if not low <= value <= high:
        raise ValueError(f"{name}={value!r}: allowed is {low} to {high} years")


@dataclass(frozen=True)
class Scenario:
    """One what-if. ``Scenario()`` is the agreement in force: the amounts from the data folder,
    the middle of the realisatiestimulans estimate, and the ORV and capacity drawing rights paid
    under the national ceilings, first come first served (pages 7-8; A13).

    realisation
        share of the expected eligible affordable starts that happen (0 to 1.5).
    profile
        how the starts spread over the start window: ``even``, ``front``, ``back`` or one
        weight per year.
    delay_years
        whole years every start slips; starts after the window earn nothing.
    per_home
        realisatiestimulans per affordable start, EUR incl. btw; ``None``: the agreement's
        amount (``realisatiestimulans.per_home`` in the data).
    orv_spend, capacity_spend
        share of the drawing right actually spent (0 to 1); costs above the right are not paid.
    spend_profile
        how ORV and capacity costs spread over the window (as ``profile``).
    others_spend_profile
        how the *other* claimants' costs spread (those not among the areas a run reports on);
        ``None``: as ``spend_profile``. ``"front"`` is the what-if "anderen eerst": the others
        claim early and this area's later claims meet a used-up ceiling.
    allocation
        ``first_come`` (the default: payments in time order until the ceiling is used),
        ``pro_rata`` or ``uncapped`` (the drawing right itself, an upper bound).
    vat_basis
        ``rate`` (default) or ``printed``: how the net amounts are found (:data:`VAT_BASES`).
    cost_inflation
        yearly construction-cost inflation; adds ``real_eur`` (euros of the price level year)
        when not zero.
    payment_lag
        years between an ORV or capacity cost and its reimbursement (A10). The
        realisatiestimulans lag is the agreement's (page 6), from the data.
    """

    realisation: float = 1.0
    profile: str | tuple[float, ...] = "even"
    delay_years: int = 0
    per_home: float | None = None
    orv_spend: float = 1.0
    capacity_spend: float = 1.0
    spend_profile: str | tuple[float, ...] = "even"
    others_spend_profile: str | tuple[float, ...] | None = None
    allocation: str = "first_come"
    vat_basis: str = "rate"
    cost_inflation: float = 0.0
    payment_lag: int = 1

    def __post_init__(self) -> None:
        _number("realisation", self.realisation, 0.0, 1.5, "0 to 1.5")
        _whole("delay_years", self.delay_years, 0, 10)
        if self.per_home is not None:
            _number("per_home", self.per_home, 0.0, 100_000.0, "0 to 100,000 EUR")
        _number("orv_spend", self.orv_spend, 0.0, 1.0, "0 to 1")
        _number("capacity_spend", self.capacity_spend, 0.0, 1.0, "0 to 1")
        _number("cost_inflation", self.cost_inflation, -0.5, 1.0, "-0.5 to 1 (a yearly rate)")
        _whole("payment_lag", self.payment_lag, 0, 5)
        if self.allocation not in ALLOCATIONS:
            raise ValueError(
                f"allocation={self.allocation!r}: allowed are {', '.join(ALLOCATIONS)}"
            )
        if self.vat_basis not in VAT_BASES:
            raise ValueError(f"vat_basis={self.vat_basis!r}: allowed are {', '.join(VAT_BASES)}")
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
        """The fields that differ from the agreement in force (``Scenario()``), in field order.

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
    )

    def __init__(self, scenario: Scenario, params: Parameters):
        self.scenario = scenario
        self.params = params
        self.per_home = params.per_home if scenario.per_home is None else scenario.per_home
        self.years = params.years
        self.weights = _weights("profile", scenario.profile, self.years)
        self.spend_weights = _weights("spend_profile", scenario.spend_profile, self.years)
        others = scenario.others_spend_profile
        self.others_spend_weights = (
            self.spend_weights
            if others is None
            else _weights("others_spend_profile", others, self.years)
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
        w = self.weights
        d = self.scenario.delay_years
        return np.concatenate([np.zeros(min(d, len(w))), w[: max(len(w) - d, 0)]])
