"""Golden tests: the figures of the Heerlen Noord agreement, reproduced from the data files.

Expected numbers are copied from the agreement text (data/sources/, pages as cited) and the
sums are worked out by hand here.
"""

import csv

import pandas as pd
import pytest

from nplv_analysis import funding, housing, load_figures

from .conftest import DATA


@pytest.fixture(scope="module")
def hn() -> pd.Series:
    fig = load_figures()
    return fig[fig["area_id"] == "heerlen-noord"].set_index("key")["value"]


def test_orv_table_page_7(hn):
    assert hn["orv.cmv.excl"] == 6_719_008
    assert hn["orv.cmv.incl"] == 7_500_000
    assert hn["orv.bor.excl"] == 2_066_115
    assert hn["orv.bor.incl"] == 2_500_000
    assert hn["orv.total.excl"] == 8_785_123
    assert hn["orv.total.incl"] == 10_000_000
    # the lines add up to the printed totals: 6,719,008 + 2,066,115 = 8,785,123
    assert hn["orv.cmv.excl"] + hn["orv.bor.excl"] == 8_785_123
    assert hn["orv.cmv.incl"] + hn["orv.bor.incl"] == 10_000_000


def test_capaciteit_page_8(hn):
    assert hn["capaciteit.total.incl"] == 4_300_000
    assert hn["capaciteit.total.excl"] == 4_300_000
    assert hn["capaciteit.maximum"] == 4_300_000


def test_summary_total_is_sum_of_instruments(hn):
    # page 8: 5,300,000 + 10,000,000 + 4,300,000 = 19,600,000
    #         8,000,000 + 10,000,000 + 4,300,000 = 22,300,000
    assert hn["summary.total.low"] == 19_600_000
    assert hn["summary.total.high"] == 22_300_000
    assert (
        hn["realisatiestimulans.estimate.low"] + hn["orv.total.incl"] + hn["capaciteit.total.incl"]
        == 19_600_000
    )
    assert (
        hn["realisatiestimulans.estimate.high"] + hn["orv.total.incl"] + hn["capaciteit.total.incl"]
        == 22_300_000
    )


def test_funding_view_heerlen_noord():
    f = funding("heerlen-noord")
    assert list(f.index) == ["realisatiestimulans", "orv", "capaciteit", "totaal"]
    assert f.loc["realisatiestimulans", ["low_eur", "high_eur"]].tolist() == [5_300_000, 8_000_000]
    assert f.loc["orv", ["low_eur", "high_eur"]].tolist() == [10_000_000, 10_000_000]
    assert f.loc["capaciteit", ["low_eur", "high_eur"]].tolist() == [4_300_000, 4_300_000]
    assert f.loc["totaal", ["low_eur", "high_eur"]].tolist() == [19_600_000, 22_300_000]
    assert set(f["vat"]) == {"incl"}
    assert f.loc["realisatiestimulans", "pages"] == "6"
    assert f.loc["orv", "pages"] == "7"
    assert f.loc["totaal", "pages"] == "8"
    assert set(f["source"]) == {"ba-heerlen-noord-2025"}


def test_housing_pages_4_5_10(hn):
    assert hn["homes.startbouw.total"] == 2352
    assert hn["homes.startbouw.affordable"] == 1775
    assert hn["homes.startbouw.puur_nplv.total"] == 2352
    assert hn["homes.startbouw.text"] == 2250
    assert hn["homes.area_minimum"] == 1500
    assert hn["homes.region_minimum"] == 5000
    assert hn["homes.care.zorggeschikt"] == 384
    assert hn["homes.care.zorggeclusterd"] == 104
    assert hn["residents"] == 56_000
    h = housing("heerlen-noord")
    assert h.loc["homes.startbouw.text", "qualifier"] == "circa"
    assert h.loc["homes.area_minimum", "qualifier"] == "at_least"
    assert h.loc["homes.startbouw.total", "page"] == 5


def test_national_figures():
    fig = load_figures()
    nat = fig[fig["area_id"] == "national"].set_index("key")
    assert nat.at["orv.budget", "value"] == 180_000_000
    assert nat.at["orv.agreed", "value"] == 200_000_000
    assert nat.at["orv.agreed", "qualifier"] == "at_least"  # "ruim € 200 mln"
    assert nat.at["capaciteit.budget", "value"] == 50_000_000
    assert nat.at["capaciteit.agreed", "value"] == 60_000_000
    assert nat.at["homes.accelerated", "value"] == 40_000
    assert nat.at["homes.extra", "value"] == 10_000
    assert nat.at["homes.programme.total", "value"] == 50_000  # 40,000 + 10,000
    assert nat.at["realisatiestimulans.per_home", "value"] == 7000
    assert nat.at["realisatiestimulans.estimate_method.correction", "value"] == pytest.approx(
        100 / 130
    )
    assert nat.at["realisatiestimulans.estimate_method.band_low", "value"] == -0.30
    assert nat.at["realisatiestimulans.estimate_method.band_high", "value"] == 0.05
    assert nat.at["ienw.infrastructure.total", "value"] == 2_500_000_000
    assert nat.at["ienw.infrastructure.grootschalig", "value"] == 1_500_000_000
    assert nat.at["ienw.infrastructure.rest", "value"] == 1_000_000_000


def test_every_figure_names_its_source():
    fig = load_figures()
    assert fig["source"].notna().all()
    agreement = fig[fig["source_kind"] == "agreement"]
    assert agreement["page"].notna().all()
    regulation = fig[fig["source_kind"] == "regulation"]
    assert (regulation["page"].notna() | regulation["article"].notna()).all()
    secondary = fig[~fig["source_kind"].isin(["agreement", "regulation"])]
    assert secondary["url"].str.startswith("https://").all()
    assert secondary["source_date"].notna().all()


def test_every_public_figure_is_in_the_data():
    """Each row of public-figures-nplv.csv is a figure in data/ (or, for the regulation, a
    source), with the same value."""
    fig = load_figures()
    values = {(a, v) for a, v in zip(fig["area_id"], fig["value"], strict=True)}
    with (DATA / "sources" / "public-figures-nplv.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 20
    for row in rows:
        if row["field"] == "regulation":
            continue  # the regulation is in sources.yaml as stcrt-2025-36777
        area = row["area_id"]
        if area in ("nplv-national", "realisatiestimulans"):
            area = "national"
        if area == "heerlen-noord":  # the press "at least 1,500", for 2025-2030 (not 2025-2029)
            hn = fig[
                (fig["area_id"] == "heerlen-noord") & (fig["key"] == "homes.area_minimum.press")
            ]
            assert hn["value"].item() == 1500
            assert hn["source"].item() == "heerlen-2025-06-24"
            assert hn["period"].item() == "2025-2030"
            continue
        assert (area, float(row["value"])) in values, row


def test_areas_list():
    from nplv_analysis import load_areas

    areas = load_areas().set_index("area_id")
    assert len(areas) == 20
    assert areas["municipality"].nunique() == 19  # Amsterdam has two areas
    assert int(areas["signed_2025"].sum()) == 19
    assert not areas.at["lelystad-oost", "signed_2025"]
    assert not areas.at["eindhoven-woensel-zuid", "orv_capaciteit_eligible"]
    assert int(areas["orv_capaciteit_eligible"].sum()) == 18
