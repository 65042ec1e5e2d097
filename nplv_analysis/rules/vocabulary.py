"""What kind of figure a number is, in the words the agreement uses for it.

One small vocabulary, used by every table, chart and app (the codes are looked up in the text
catalogue as ``kind.<code>``):

``agreed``
    what the agreement fixes (*afgesproken*): the national ceilings, the amount per home, the
    minimum numbers of homes;
``estimate``
    the agreement's estimates (*inschatting*): the realisatiestimulans range ("Inschatting
    mogelijke Realisatiestimulans", page 8) and the starts ("Inschatting start bouw aantallen",
    page 5; "voorzien", page 4);
``drawing_right``
    ORV and capacity (*trekkingsrecht, maximum*): a "maximale rijksbijdrage", paid "achteraf op
    basis van de daadwerkelijke uitgaven" (pages 7-8);
``estimate_and_rights``
    the agreement's total: the estimate plus the drawing rights (page 8);
``put_forward``
    what the municipality put forward and the agreement only records (*aangedragen*): the care
    homes of the annex, "Over deze onderwerpen kunnen nu nog geen financiële afspraken worden
    gemaakt" (page 10): never *afgesproken*;
``computed``
    what this project computes from them (*berekend*): scenario payments;
``inferred``
    what this project infers (*afgeleid*): the realisatiestimulans base, the estimate before
    the band (not the middle of the published range: the band -30%/+5% is lopsided).

A figure from a press release or the news keeps the kind of its source.
"""

from __future__ import annotations

KINDS = (
    "agreed",
    "estimate",
    "drawing_right",
    "estimate_and_rights",
    "computed",
    "inferred",
    "put_forward",
)

_BY_PREFIX: tuple[tuple[str, str], ...] = (
    ("realisatiestimulans.estimate.", "estimate"),
    ("summary.realisatiestimulans.", "estimate"),
    ("summary.total.", "estimate_and_rights"),
    ("summary.orv", "drawing_right"),
    ("summary.capaciteit", "drawing_right"),
    ("orv.budget", "agreed"),
    ("capaciteit.budget", "agreed"),
    ("orv.table.", "agreed"),  # the tables' price level (footnotes 3 and 4)
    ("capaciteit.table.", "agreed"),
    ("orv.measures_start.", "agreed"),  # the measures start in 2025-2029 (page 7)
    ("orv.", "drawing_right"),
    ("capaciteit.", "drawing_right"),
    ("homes.startbouw.", "estimate"),
    ("homes.care.", "put_forward"),  # "aangedragen", no financial agreement yet (page 10)
    ("homes.", "agreed"),
    ("realisatiestimulans.", "agreed"),
)
"""Key prefix -> kind, first match wins (the keys of data/README.md)."""

PRIMARY = ("agreement", "regulation")


def figure_kind(key: str, source_kind: str = "agreement") -> str | None:
    """The kind of a published figure: a code of :data:`KINDS` for a figure from the agreement
    or the regulation, ``None`` for one from the press or the news (its source kind says what
    it is) and for keys outside the vocabulary (residents, movers, ...).

    >>> figure_kind("realisatiestimulans.estimate.low")
    'estimate'
    >>> figure_kind("orv.total.incl"), figure_kind("orv.budget")
    ('drawing_right', 'agreed')
    >>> figure_kind("homes.startbouw.total"), figure_kind("homes.area_minimum")
    ('estimate', 'agreed')
    >>> figure_kind("homes.care.zorggeschikt")
    'put_forward'
    >>> figure_kind("rijksbijdrage.total", "news") is None
    True
    """
    if source_kind not in PRIMARY:
        return None
    for prefix, kind in _BY_PREFIX:
        if key.startswith(prefix):
            return kind
    return None


INSTRUMENT_KIND = {
    "realisatiestimulans": "estimate",
    "orv": "drawing_right",
    "capaciteit": "drawing_right",
    "totaal": "estimate_and_rights",
}
"""The kind of each instrument's figure in an agreement (see :func:`figure_kind`)."""
