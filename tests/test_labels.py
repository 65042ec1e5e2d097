import math

import pytest

from nplv_analysis.text import format_eur, format_number, t


@pytest.mark.parametrize(
    ("amount", "lang", "short", "expected"),
    [
        (7_500_000, "nl", True, "€ 7,5 mln"),
        (19_600_000, "nl", True, "€ 19,6 mln"),
        (8_785_123, "nl", False, "€ 8.785.123"),
        (7000, "nl", True, "€ 7.000"),
        (2_500_000_000, "nl", True, "€ 2,5 mld"),
        (7_500_000, "en", True, "€ 7.5 mln"),
        (2_500_000_000, "en", True, "€ 2.5 bn"),
        (8_785_123, "en", False, "€ 8,785,123"),
        (math.nan, "nl", True, "–"),
    ],
)
def test_format_eur(amount, lang, short, expected):
    assert format_eur(amount, lang, short) == expected


def test_format_number():
    assert format_number(2352) == "2.352"
    assert format_number(-1234.5, 1) == "-1.234,5"
    assert format_number(2352, lang="en") == "2,352"


def test_translation_and_unknown_language():
    assert t("not published") == "niet gepubliceerd"
    assert t("not published", "en") == "not published"
    with pytest.raises(ValueError, match="lang='de'"):
        t("orv", "de")
