"""What the agreements and the regulation say, as small pure functions.

Page numbers refer to the Heerlen Noord agreement (``data/sources/``), the only agreement text
that is public; that its national passages stand in every area's agreement is inferred. The
numbers the rules apply (amount per home, correction, band) are not written here: they come
from the parameter tree (:func:`~nplv_analysis.data.parameters.load_parameters`), read from
``data/national.yaml``.

>>> from nplv_analysis.data.parameters import load_parameters
>>> p = load_parameters()
>>> [round(x) for x in rs_estimate(1775, p.per_home, p.correction, p.band)]
[6690385, 9557692, 10035577]
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

PUBLISHED_STEP_EUR = 100_000
"""Agreements publish the realisatiestimulans range rounded to EUR 0.1 mln ("€5,3 mln.")."""


def _exact(x: float | int | Fraction) -> Fraction:
    # Fraction(str(0.05)) is 1/20, whereas Fraction(0.05) is the binary float's expansion.
    return x if isinstance(x, Fraction) else Fraction(str(x))


def rs_estimate(
    base: float,
    per_home: float,
    correction: float | Fraction,
    band: tuple[float | Fraction, float | Fraction],
) -> tuple[float, float, float]:
    """The ministry's estimate of an area's realisatiestimulans (footnote 2, page 6).

    ``central = base x correction x per_home``; ``low``/``high`` apply the band to it.
    Returns ``(low, central, high)`` in EUR incl. btw, unrounded.
    """
    if base < 0:
        raise ValueError(f"base={base!r}: the number of homes cannot be negative")
    central = _exact(base) * _exact(correction) * _exact(per_home)
    low = central * (1 + _exact(band[0]))
    high = central * (1 + _exact(band[1]))
    return float(low), float(central), float(high)


def round_to_step(amount: float | Fraction, step: int = PUBLISHED_STEP_EUR) -> int:
    """Round an amount to a multiple of ``step``, halves away from zero (as printed figures are)."""
    q = (Decimal(str(float(amount))) / Decimal(step)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(q) * step


def implied_base(
    low: float,
    high: float,
    per_home: float,
    correction: float | Fraction,
    band: tuple[float | Fraction, float | Fraction],
    step: int = PUBLISHED_STEP_EUR,
) -> tuple[int, int] | None:
    """The whole bases (eligible affordable homes) whose estimate, rounded to ``step``, gives
    exactly the published ``low``-``high`` range; ``(first, last)`` or None if no base does.

    Heerlen Noord publishes EUR 5.3-8.0 mln (page 6):

    >>> from nplv_analysis.data.parameters import load_parameters
    >>> p = load_parameters()
    >>> implied_base(5_300_000, 8_000_000, p.per_home, p.correction, p.band)
    (1407, 1419)
    """
    if low < 0 or high < low:
        raise ValueError(f"low={low!r}, high={high!r}: need 0 <= low <= high")
    unit_high = _exact(correction) * _exact(per_home) * (1 + _exact(band[1]))
    if unit_high <= 0:
        raise ValueError("the estimate per home must be positive")
    if _exact(band[0]) <= -1:
        raise ValueError(f"band={band!r}: the low end must be above -100%")
    last_possible = int((Fraction(high) + step) / unit_high) + 1

    def rounded(b: int) -> tuple[int, int]:
        est_low, _, est_high = rs_estimate(b, per_home, correction, band)
        return round_to_step(est_low, step), round_to_step(est_high, step)

    def first(pred) -> int:
        """The smallest base in 0..last_possible + 1 for which ``pred`` holds (bisection)."""
        lo, hi = 0, last_possible + 1
        while lo < hi:
            mid = (lo + hi) // 2
            if pred(rounded(mid)):
                hi = mid
            else:
                lo = mid + 1
        return lo

    # Both rounded ends rise with the base (the band's low end is above -100%), so the bases
    # that give exactly low-high form one run: from the first that reaches both ends to the
    # last before either passes them. A bisection finds it in O(log n) estimates.
    start = first(lambda r: r[0] >= low and r[1] >= high)
    end = first(lambda r: r[0] > low or r[1] > high) - 1
    return (start, end) if start <= end else None


# --- VAT (btw) --------------------------------------------------------------------------------


def net_of_vat(gross: float, rate: float) -> float:
    """The net amount of a cost incl. btw: what is left after the VAT that municipalities
    recover from the btw-compensatiefonds, at the VAT ``rate`` of the cost line. The ORV table
    on page 7 prints both columns: EUR 2,500,000 incl. is EUR 2,066,115 excl. at 21%.

    >>> round(net_of_vat(2_500_000, 0.21), 2)
    2066115.7
    >>> net_of_vat(4_300_000, 0.0)  # capacity: excl. = incl. as printed (page 8), A14
    4300000.0
    """
    if rate < 0:
        raise ValueError(f"rate={rate!r}: a VAT rate cannot be negative")
    return gross / (1 + rate)


# --- the payment rules under the national ceilings (pages 7-8) ---------------------------------

ALLOCATIONS = ("first_come", "pro_rata", "uncapped")
"""What happens when claims exceed a national ceiling: payments in time order until the ceiling
is used, claims of the same year sharing pro rata (first_come: the base scenario's rule, an
assumption, A22: the agreement names no rule, it says only that the over-programming "stimuleert
gemeenten om aan de slag te gaan", page 7); every payment scaled by ceiling /
total claims (pro_rata); or each area its whole drawing right (uncapped: an upper bound)."""


def allocate(claims, ceiling: float, rule: str):
    """Payments under a national ceiling, for a claims matrix (claimants x payment years).

    >>> import numpy as np
    >>> claims = np.array([[100.0, 100.0], [50.0, 50.0]])  # two claimants, two years, 300 in all
    >>> allocate(claims, 180.0, "pro_rata").tolist()  # 180 / 300 = 0.6
    [[60.0, 60.0], [30.0, 30.0]]
    >>> allocate(claims, 180.0, "first_come").tolist()  # year 1: 150 paid; year 2: 30 of 150
    [[100.0, 20.0], [50.0, 10.0]]
    """
    import numpy as np

    claims = np.asarray(claims, dtype=float)
    if rule == "uncapped":
        return claims.copy()
    total = claims.sum()
    if rule == "pro_rata":
        factor = 1.0 if total <= ceiling or total == 0 else ceiling / total
        return claims * factor
    if rule == "first_come":
        per_year = claims.sum(axis=0)
        before = np.concatenate(([0.0], np.cumsum(per_year)[:-1]))
        room = np.clip(ceiling - before, 0.0, None)
        over = per_year > room
        factor = np.divide(room, per_year, out=np.ones_like(per_year), where=over)
        return claims * factor
    raise ValueError(f"allocation={rule!r}: allowed are {', '.join(ALLOCATIONS)}")
