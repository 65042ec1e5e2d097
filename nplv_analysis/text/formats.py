"""Numbers and euros written the reader's way (Dutch by default)."""

from __future__ import annotations

import math


def _group(digits: str, sep: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return sep.join(out)


def format_number(x: float, decimals: int = 0, lang: str = "nl") -> str:
    """1234567.8 -> "1.234.568" (nl) or "1,234,568" (en)."""
    if _missing(x):
        return "–"
    thousands, point = (".", ",") if lang == "nl" else (",", ".")
    sign = "-" if x < 0 else ""
    text = f"{abs(x):.{decimals}f}"
    whole, _, frac = text.partition(".")
    return sign + _group(whole, thousands) + (point + frac if frac else "")


def format_range(
    low: float, high: float, lang: str = "nl", short: bool = True, upper: str = "at_most"
) -> str:
    """A published range the reader's way: "€ 5,3 mln – € 8,0 mln", one amount where low and
    high are equal, "maximaal € 20,0 mln" where only the high end is known (an "at most"
    figure; ``upper="almost"`` for the source's "bijna": "bijna € 20,0 mln"), "minimaal ..."
    where only the low end is, "–" where neither is.

    >>> format_range(5.3e6, 8e6), format_range(float("nan"), 2e7), format_range(1e7, 1e7)
    ('€ 5,3 mln – € 8,0 mln', 'maximaal € 20,0 mln', '€ 10,0 mln')
    >>> format_range(float("nan"), 2e7, upper="almost")
    'bijna € 20,0 mln'
    """
    from . import t  # the words "maximaal"/"minimaal" are in the catalogue

    low_known, high_known = not _missing(low), not _missing(high)
    if not low_known and not high_known:
        return "–"
    if not low_known:
        return f"{t(upper, lang)} {format_eur(high, lang, short)}"
    if not high_known:
        return f"{t('at_least', lang)} {format_eur(low, lang, short)}"
    if high > low:
        return f"{format_eur(low, lang, short)} – {format_eur(high, lang, short)}"
    return format_eur(low, lang, short)


def _missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def format_eur(x: float, lang: str = "nl", short: bool = True) -> str:
    """Euros the Dutch way: 7_500_000 -> "€ 7,5 mln"; 2.5e9 -> "€ 2,5 mld"; 2500 -> "€ 2.500".

    ``short=False`` writes every euro: "€ 8.785.123". English: "€ 7.5 mln", "€ 2.5 bn".
    """
    if _missing(x):
        return "–"
    if short and abs(x) >= 1e9:
        return f"€ {format_number(x / 1e9, 1, lang)} {'mld' if lang == 'nl' else 'bn'}"
    if short and abs(x) >= 1e6:
        return f"€ {format_number(x / 1e6, 1, lang)} mln"
    return f"€ {format_number(x, 0, lang)}"


def format_mln(x: float, lang: str = "nl") -> str:
    """Euros in millions with one decimal, whatever the size: the one number format of a page
    read from the back of a room.

    >>> format_mln(2_345_678.9), format_mln(260_000), format_mln(123e6, "en")
    ('€ 2,3 mln', '€ 0,3 mln', '€ 123.0 mln')
    """
    if _missing(x):
        return "–"
    return f"€ {format_number(x / 1e6, 1, lang)} mln"


def format_difference(x: float, lang: str = "nl") -> str:
    """A difference in millions with its sign printed: "+ € 1,2 mln", "− € 3,8 mln" (a minus
    sign, not a hyphen); one that rounds to zero is "± € 0,0 mln".

    >>> format_difference(-3_804_230.77), format_difference(1_260_000), format_difference(40_000)
    ('− € 3,8 mln', '+ € 1,3 mln', '± € 0,0 mln')
    """
    if _missing(x):
        return "–"
    shown = format_mln(abs(x), lang)
    if round(abs(x) / 1e6, 1) == 0:
        return "± " + shown
    return ("+ " if x > 0 else "\u2212 ") + shown


def format_date(value, lang: str = "nl") -> str:
    """A date the reader's way, in words: "2025-06-24" -> "24 juni 2025" (en: "24 June 2025");
    a month "2025-06" -> "juni 2025"; a year stays a year; anything else is returned as it is.

    >>> format_date("2025-06-24"), format_date("2025-06", "en"), format_date("2025")
    ('24 juni 2025', 'June 2025', '2025')
    """
    import datetime as dt
    import re

    from . import t  # the month names are in the catalogue

    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return text
    month = t(f"month.{int(m.group(2))}", lang)
    if m.group(3) is None:
        return f"{month} {m.group(1)}"
    return f"{int(m.group(3))} {month} {m.group(1)}"
