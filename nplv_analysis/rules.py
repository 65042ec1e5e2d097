"""What the agreements and the regulation say, as functions.

Page numbers refer to the Heerlen Noord agreement (``data/sources/``); the national passages are
the same in every area's agreement.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

PER_HOME_EUR = 7000
"""Realisatiestimulans per affordable start, EUR incl. btw ("circa € 7000,-", page 6)."""

CORRECTION = Fraction(100, 130)
"""Standard correction on the planned affordable homes (footnote 2, page 6)."""

BAND = (Fraction(-30, 100), Fraction(5, 100))
"""Band around the corrected estimate: -30% and +5% (footnote 2, page 6)."""

PUBLISHED_STEP_EUR = 100_000
"""Agreements publish the realisatiestimulans range rounded to EUR 0.1 mln ("€5,3 mln.")."""


def _exact(x: float | int | Fraction) -> Fraction:
    # Fraction(str(0.05)) is 1/20, whereas Fraction(0.05) is the binary float's expansion.
    return x if isinstance(x, Fraction) else Fraction(str(x))


def rs_estimate(
    base: float,
    per_home: float = PER_HOME_EUR,
    correction: float | Fraction = CORRECTION,
    band: tuple[float | Fraction, float | Fraction] = BAND,
) -> tuple[float, float, float]:
    """The ministry's estimate of an area's realisatiestimulans (footnote 2, page 6).

    ``central = base x correction x per_home``; ``low``/``high`` apply the band to it.
    Returns ``(low, central, high)`` in EUR incl. btw, unrounded.

    >>> [round(x) for x in rs_estimate(1775)]
    [6690385, 9557692, 10035577]
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
    per_home: float = PER_HOME_EUR,
    correction: float | Fraction = CORRECTION,
    band: tuple[float | Fraction, float | Fraction] = BAND,
    step: int = PUBLISHED_STEP_EUR,
) -> tuple[int, int] | None:
    """The whole bases (eligible affordable homes) whose estimate, rounded to ``step``, gives
    exactly the published ``low``-``high`` range; ``(first, last)`` or None if no base does.

    Heerlen Noord publishes EUR 5.3-8.0 mln (page 6):

    >>> implied_base(5_300_000, 8_000_000)
    (1407, 1419)
    """
    if low < 0 or high < low:
        raise ValueError(f"low={low!r}, high={high!r}: need 0 <= low <= high")
    unit_high = _exact(correction) * _exact(per_home) * (1 + _exact(band[1]))
    if unit_high <= 0:
        raise ValueError("the estimate per home must be positive")
    last_possible = int((Fraction(high) + step) / unit_high) + 1
    hits = []
    for b in range(last_possible + 1):
        est_low, _, est_high = rs_estimate(b, per_home, correction, band)
        if round_to_step(est_low, step) == low and round_to_step(est_high, step) == high:
            hits.append(b)
    if not hits:
        return None
    # The conditions are monotone in b, so the hits form one run.
    return hits[0], hits[-1]


# --- the window and the payment rules (pages 6-8) ----------------------------------------------

FIRST_YEAR, LAST_YEAR = 2025, 2029
"""Starts registered, and ORV/capacity measures started, in 2025 up to and including 2029."""

YEARS = tuple(range(FIRST_YEAR, LAST_YEAR + 1))

PAYMENT_LAG = 1
"""The realisatiestimulans is paid in the year after registration (page 6); ORV and capacity are
paid afterwards on costs actually made (pages 7-8; the lag is our assumption, see A10)."""

PRICE_LEVEL_YEAR = 2025
"""ORV and capacity budgets are "taakstellend en prijspeil 2025" (pages 7-8)."""

ALLOCATIONS = ("uncapped", "pro_rata", "first_come")
"""What happens when claims exceed a national ceiling: each area its claim (uncapped), every
payment scaled by ceiling / total claims (pro_rata), or payments in time order until the ceiling
is used, claims of the same year sharing pro rata (first_come)."""


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
