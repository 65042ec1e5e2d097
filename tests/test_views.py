"""Views never fill a gap: what nobody published stays missing, with the reason."""

import math

import pytest

from nplv_analysis import funding, housing, load_figures, national_figures, national_summary
from nplv_analysis.data.loading import FIGURE_COLUMNS

from .conftest import edit_yaml


def test_press_range_fills_only_totaal():
    f = funding("groningen-noord")
    assert f.loc["totaal", ["low_eur", "high_eur"]].tolist() == [22_500_000, 27_000_000]
    assert f.loc["totaal", "vat"] == "not_stated"
    assert f.loc["totaal", "source_kind"] == "news"
    for inst in ("realisatiestimulans", "orv", "capaciteit"):
        assert math.isnan(f.at[inst, "low_eur"]) and math.isnan(f.at[inst, "high_eur"])
        assert f.at[inst, "status"] == "not published"


def test_almost_fills_only_the_high_end():
    f = funding("utrecht-overvecht")  # "bijna 20 miljoen": almost, not "maximaal" (issue 24)
    assert math.isnan(f.at["totaal", "low_eur"])
    assert f.at["totaal", "high_eur"] == 20_000_000
    assert f.at["totaal", "qualifier"] == "almost"


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
    # 34 figures of pages 1-10, the press's 1,500 for 2025-2030, the price level of the ORV and
    # capacity tables (footnotes 3 and 4) and the start window of the ORV measures (page 7): 39
    assert s.at["heerlen-noord", "figures"] == 39
    assert s.at["arnhem-oost", "source_kind"] == "not published"
    assert s.at["zaandam-oost", "startbouw_affordable"] == 1481
    assert math.isnan(s.at["zaandam-oost", "startbouw_total"])


def test_loader_accepts_its_own_data_dir(data_copy):
    fig = load_figures(data_copy)
    assert len(fig) == len(load_figures())


# --- every view reads the folder it is given ------------------------------------------------------
# The copy below is changed by hand so that its answers differ from the shipped data: a view that
# read the default folder instead would return the shipped figures and fail.


def _raise_orv_by_one_million(d):
    """Heerlen Noord with a BOR line of EUR 3.5 mln instead of 2.5 mln (page 7), every figure
    that depends on it moved with it: ORV 10.0 -> 11.0 mln, total 19.6-22.3 -> 20.6-23.3 mln."""

    def change(obj):
        f = obj["figures"]
        f["orv.bor.incl"]["value"] = 3_500_000
        f["orv.total.incl"]["value"] = 11_000_000  # 7,500,000 + 3,500,000
        f["orv.maximum"]["value"] = 11_000_000
        f["summary.orv"]["value"] = 11_000_000
        f["summary.total.low"]["value"] = 20_600_000  # 5,300,000 + 11,000,000 + 4,300,000
        f["summary.total.high"]["value"] = 23_300_000  # 8,000,000 + 11,000,000 + 4,300,000
        f["homes.startbouw.puur_nplv.total"]["value"] = 2400
        f["homes.startbouw.total"]["value"] = 2400

    edit_yaml(d / "agreements" / "heerlen-noord.yaml", change)


def test_load_figures_reads_the_given_folder(data_copy):
    _raise_orv_by_one_million(data_copy)
    changed = load_figures(data_copy)
    hn = changed[changed["area_id"] == "heerlen-noord"].set_index("key")["value"]
    assert hn["orv.bor.incl"] == 3_500_000
    assert hn["orv.total.incl"] == 11_000_000
    assert hn["homes.startbouw.total"] == 2400
    assert hn["orv.cmv.incl"] == 7_500_000  # untouched lines stay as printed
    shipped = load_figures()
    hn = shipped[shipped["area_id"] == "heerlen-noord"].set_index("key")["value"]
    assert hn["orv.bor.incl"] == 2_500_000
    assert hn["orv.total.incl"] == 10_000_000
    assert hn["homes.startbouw.total"] == 2352


def test_funding_reads_the_given_folder(data_copy):
    _raise_orv_by_one_million(data_copy)
    f = funding("heerlen-noord", data_copy)
    assert f.loc["orv", ["low_eur", "high_eur"]].tolist() == [11_000_000, 11_000_000]
    assert f.loc["totaal", ["low_eur", "high_eur"]].tolist() == [20_600_000, 23_300_000]
    assert f.loc["capaciteit", ["low_eur", "high_eur"]].tolist() == [4_300_000, 4_300_000]
    shipped = funding("heerlen-noord")
    assert shipped.loc["orv", ["low_eur", "high_eur"]].tolist() == [10_000_000, 10_000_000]
    assert shipped.loc["totaal", ["low_eur", "high_eur"]].tolist() == [19_600_000, 22_300_000]


def test_housing_reads_the_given_folder(data_copy):
    _raise_orv_by_one_million(data_copy)
    assert housing("heerlen-noord", data_copy).at["homes.startbouw.total", "value"] == 2400
    assert housing("heerlen-noord").at["homes.startbouw.total", "value"] == 2352


def test_national_summary_reads_the_given_folder(data_copy):
    _raise_orv_by_one_million(data_copy)
    s = national_summary(data_copy)
    assert s.at["heerlen-noord", "orv_low_eur"] == 11_000_000
    assert s.at["heerlen-noord", "totaal_low_eur"] == 20_600_000
    assert s.at["heerlen-noord", "totaal_high_eur"] == 23_300_000
    assert s.at["heerlen-noord", "startbouw_total"] == 2400
    shipped = national_summary()
    assert shipped.at["heerlen-noord", "orv_low_eur"] == 10_000_000
    assert shipped.at["heerlen-noord", "totaal_low_eur"] == 19_600_000
    assert shipped.at["heerlen-noord", "startbouw_total"] == 2352


def test_a_figure_removed_from_the_copy_is_not_published_there(data_copy):
    """Heerlen Noord without its six capacity figures (pages 7-8): the copy says "not
    published", never the shipped EUR 4.3 mln; 39 - 6 = 33 figures are left."""
    gone = [
        "capaciteit.maximum",
        "capaciteit.extra.excl",
        "capaciteit.extra.incl",
        "capaciteit.total.excl",
        "capaciteit.total.incl",
        "summary.capaciteit",
    ]

    def change(obj):
        for key in gone:
            del obj["figures"][key]

    edit_yaml(data_copy / "agreements" / "heerlen-noord.yaml", change)
    f = funding("heerlen-noord", data_copy)
    assert f.at["capaciteit", "status"] == "not published"
    assert math.isnan(f.at["capaciteit", "low_eur"]) and math.isnan(f.at["capaciteit", "high_eur"])
    s = national_summary(data_copy)
    assert s.at["heerlen-noord", "figures"] == 33
    assert s.at["heerlen-noord", "capaciteit_status"] == "not published"
    assert funding("heerlen-noord").at["capaciteit", "high_eur"] == 4_300_000
    assert national_summary().at["heerlen-noord", "figures"] == 39


def test_national_figures_read_the_given_folder(data_copy):
    """The ORV ceiling of EUR 180 mln (page 7) raised to 190 mln in the copy only."""

    def change(obj):
        obj["figures"]["orv.budget"]["value"] = 190_000_000

    edit_yaml(data_copy / "national.yaml", change)
    assert national_figures(data_copy).at["orv.budget", "value"] == 190_000_000
    assert national_figures().at["orv.budget", "value"] == 180_000_000
    fig = load_figures(data_copy)
    national = fig[fig["area_id"] == "national"].set_index("key")["value"]
    assert national["orv.budget"] == 190_000_000


def test_national_summary_is_computed_once_and_handed_out_as_copies():
    from nplv_analysis.data import national_summary
    from nplv_analysis.data.loading import dataset

    first = national_summary()
    first.loc["heerlen-noord", "name"] = "changed by a caller"
    second = national_summary()
    assert second.loc["heerlen-noord", "name"] == "Heerlen Noord"
    assert "national_summary" in dataset(None).memo
