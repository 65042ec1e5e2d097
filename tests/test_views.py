"""Views never fill a gap: what nobody published stays missing, with the reason."""

import math

import pytest

from nplv_analysis import funding, housing, load_figures, national_summary
from nplv_analysis.data.loading import FIGURE_COLUMNS


def test_press_range_fills_only_totaal():
    f = funding("groningen-noord")
    assert f.loc["totaal", ["low_eur", "high_eur"]].tolist() == [22_500_000, 27_000_000]
    assert f.loc["totaal", "vat"] == "not_stated"
    assert f.loc["totaal", "source_kind"] == "news"
    for inst in ("realisatiestimulans", "orv", "capaciteit"):
        assert math.isnan(f.at[inst, "low_eur"]) and math.isnan(f.at[inst, "high_eur"])
        assert f.at[inst, "status"] == "not published"


def test_at_most_fills_only_the_high_end():
    f = funding("utrecht-overvecht")  # "bijna 20 miljoen"
    assert math.isnan(f.at["totaal", "low_eur"])
    assert f.at["totaal", "high_eur"] == 20_000_000
    assert f.at["totaal", "qualifier"] == "at_most"


def test_statuses_for_excluded_areas():
    assert set(funding("lelystad-oost")["status"]) == {"not signed"}
    e = funding("eindhoven-woensel-zuid")["status"]
    assert e["orv"] == e["capaciteit"] == "not eligible"
    assert e["realisatiestimulans"] == "not published"


def test_area_without_figures_is_all_missing():
    f = funding("arnhem-oost")
    assert f[["low_eur", "high_eur"]].isna().all().all()
    assert housing("arnhem-oost").empty


def test_unknown_area_is_refused():
    with pytest.raises(ValueError, match="area_id='heerlen' is not an NPLV area"):
        funding("heerlen")


def test_load_figures_is_long_format():
    fig = load_figures()
    assert list(fig.columns) == FIGURE_COLUMNS
    assert not fig.duplicated(["area_id", "key"]).any()
    assert fig["value"].dtype == float
    assert fig.loc[fig["key"] == "residents.share_of_municipality", "value"].item() == 2 / 3


def test_national_summary_has_all_areas():
    s = national_summary()
    assert len(s) == 20
    assert s.at["heerlen-noord", "totaal_low_eur"] == 19_600_000
    assert s.at["heerlen-noord", "figures"] == 34
    assert s.at["arnhem-oost", "source_kind"] == "not published"
    assert s.at["zaandam-oost", "startbouw_affordable"] == 1481
    assert math.isnan(s.at["zaandam-oost", "startbouw_total"])


def test_loader_accepts_its_own_data_dir(data_copy):
    fig = load_figures(data_copy)
    assert len(fig) == len(load_figures())
