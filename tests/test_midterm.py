"""The mid-term review. Expected values worked out by hand from the illustrative monitor file
(scenario 'vertraagd': 80% realisation, 1 year delay, ORV 70%, capacity 90% spent) and the
agreement (its estimate of 2,352 starts, ORV 10 mln, capacity 4.3 mln)."""

import pytest

from nplv_analysis.monitor import (
    illustrative_monitor,
    load_monitor,
    midterm_review,
    status_of,
    trajectory,
)

from .conftest import DATA

MONITOR = DATA / "monitor" / "illustratief-2027.csv"


@pytest.fixture(scope="module")
def review():
    return midterm_review(load_monitor(MONITOR), "2027-06-30").set_index("area_id")


def test_illustrative_rows_by_hand():
    table, _ = illustrative_monitor()
    rows = table.set_index(["year", "quarter"])
    # 2,352 x 0.8 x 0.2 = 376.3 -> 376 starts in 2026 (the 2025 starts slipped a year)
    assert rows.loc[(2025, ""), "homes_started_total"] == 0
    assert rows.loc[(2026, ""), "homes_started_total"] == 376
    assert rows.loc[(2027, 1), "homes_started_total"] == 94  # a quarter: 376.3 / 4 = 94.1
    assert rows.loc[(2026, ""), "orv_costs_eur"] == 1_400_000  # 10 mln x 0.7 x 0.2
    assert rows.loc[(2026, ""), "capacity_costs_eur"] == 774_000  # 4.3 mln x 0.9 x 0.2


def test_review_heerlen_noord(review):
    r = review.loc["heerlen-noord"]
    assert r["time_share"] == 0.5  # 2025, 2026 and two quarters of 2027: 2.5 of 5 years
    assert r["planned_starts_to_date"] == pytest.approx(1176)  # 2,352 x 0.5
    assert r["realised_starts_to_date"] == 564  # 0 + 376 + 94 + 94
    assert r["starts_ratio"] == pytest.approx(564 / 1176)  # 0.48
    assert r["projected_starts_2029"] == pytest.approx(1128)  # 564 / 0.5
    assert r["orv_drawn_eur"] == 3_500_000  # 1.4 + 1.4 + 0.35 + 0.35 mln
    assert r["orv_ratio"] == pytest.approx(0.7)  # of 5 mln planned to date
    # registrations 0 + 174 + 43 + 43 = 260; at this pace 520 x 7,000 = 3,640,000
    assert r["rs_projected_eur"] == pytest.approx(3_640_000)
    assert r["rs_expected_eur"] == pytest.approx(9_891_000 * 100 / 130)  # 7,608,461.54
    assert r["rs_flag"] == "below_estimate"  # 3.64 mln under the estimate of 5.3-8.0 mln
    assert r["estimated_starts_2029"] == 2352  # "Inschatting start bouw aantallen", page 5
    assert r["last_period"] == "2027-Q2"
    assert r["orv_right_share_of_ceiling"] == pytest.approx(10 / 180)
    assert r["orv_drawn_share_of_ceiling"] == pytest.approx(3.5 / 180)
    # capacity: 0.774 + 0.774 + 0.1935 + 0.1935 = 1.935 mln of 4.3 x 0.5 planned, ceiling 50 mln
    assert r["capaciteit_drawn_eur"] == pytest.approx(1_935_000)
    assert r["capaciteit_ratio"] == pytest.approx(0.9)
    assert r["capaciteit_drawn_share_of_ceiling"] == pytest.approx(1.935 / 50)
    assert r["status"] == "niet op koers"  # the worse of 0.48 (starts) and 0.70 (ORV)
    assert r["illustrative"]


@pytest.mark.parametrize(
    ("ratio", "status"),
    [
        (1.2, "on_course"),
        (0.9, "on_course"),
        (0.8999, "attention"),
        (0.7, "attention"),
        (0.6999, "off_course"),
        (0.0, "off_course"),
        (float("nan"), "unknown"),
    ],
)
def test_status_boundaries(ratio, status):
    assert status_of(ratio) == status


def test_thresholds_are_parameters(review):
    m = load_monitor(MONITOR)
    loose = midterm_review(m, "2027-06-30", on_course=0.45, attention=0.3)
    assert loose.loc[0, "status"] == "op koers"  # min(0.48, 0.70) >= 0.45
    with pytest.raises(ValueError, match="need 0 < attention <= on_course"):
        midterm_review(m, "2027-06-30", on_course=0.5, attention=0.7)


def test_as_of_limits_the_periods():
    m = load_monitor(MONITOR)
    r = midterm_review(m, "2026-12-31").iloc[0]
    assert r["time_share"] == 0.4 and r["realised_starts_to_date"] == 376
    with pytest.raises(ValueError, match="as_of='30-6-2027'"):
        midterm_review(m, "30-6-2027")


def test_area_without_agreement_is_unknown(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(
        "area_id,year,quarter,homes_started_total,homes_started_affordable,rs_registered_homes,"
        "orv_costs_eur,capacity_costs_eur,source,as_of\n"
        "groningen-noord,2026,,500,400,300,0,0,Monitor,2027-06-30\n"
    )
    r = midterm_review(load_monitor(path), "2027-06-30").iloc[0]
    assert r["status"] == "onbekend" and r["status_code"] == "unknown"
    assert "geen ingeschatte startbouw gepubliceerd" in r["reason"]
    assert r["reason_codes"].startswith("reason.no_estimated_starts")
    assert r["rs_flag"] is None  # no estimate to hold the projection against
    en = midterm_review(load_monitor(path), "2027-06-30", lang="en").iloc[0]
    assert en["status"] == "unknown" and "no estimated starts published" in en["reason"]
    assert not r["illustrative"]


def test_trajectory():
    traj = trajectory(load_monitor(MONITOR), "heerlen-noord", "2027-06-30")
    planned = traj[traj["series"] == "planned"].set_index("time")["homes"]
    assert planned[2030.0] == 2352 and planned[2026.0] == pytest.approx(470.4)
    realised = traj[traj["series"] == "realised"]["homes"].tolist()
    assert realised == [0, 0, 376, 470, 564]
    projected = traj[traj["series"] == "projected"].set_index("time")["homes"]
    assert projected[2027.5] == 564 and projected[2030.0] == pytest.approx(1128)


def test_monitor_on_plan_is_flagged_above_the_estimate(tmp_path):
    """On plan: 2,352 / 5 = 470 starts a year, of which 1,775 / 5 = 355 registered for the
    realisatiestimulans (89 a quarter in 2027). Registered 355 + 355 + 89 + 89 = 888 in half the
    window: at this pace 1,776 x EUR 7,000 = EUR 12,432,000, above the estimate of EUR 5.3-8.0
    mln (page 8: the estimate corrects the plan by 100/130, the payment per start does not)."""
    path = tmp_path / "op-plan.csv"
    path.write_text(
        "area_id,year,quarter,homes_started_total,homes_started_affordable,rs_registered_homes,"
        "orv_costs_eur,capacity_costs_eur,source,as_of\n"
        "heerlen-noord,2025,,470,355,355,2000000,860000,Monitor,2027-06-30\n"
        "heerlen-noord,2026,,470,355,355,2000000,860000,Monitor,2027-06-30\n"
        "heerlen-noord,2027,1,118,89,89,500000,215000,Monitor,2027-06-30\n"
        "heerlen-noord,2027,2,118,89,89,500000,215000,Monitor,2027-06-30\n"
    )
    r = midterm_review(load_monitor(path), "2027-06-30").iloc[0]
    assert r["rs_projected_eur"] == pytest.approx(12_432_000)
    assert r["rs_flag"] == "above_estimate"
    assert r["status_code"] == "on_course"  # the flag does not change the status
    assert r["last_period"] == "2027-Q2"


def test_national_totals_of_the_review(review):
    """Starts 564 realised of 1,176 planned and of the estimate 2,352 (24%); ORV 3.5 mln drawn of
    the national ceiling of 180 mln (1,9%); capacity 1.935 mln of 50 mln (3,9%)."""
    from nplv_analysis.report.tables import midterm_national_table

    table = midterm_national_table(review.reset_index())
    starts = table.loc["Startbouw (gebieden met een inschatting: 1)"]
    assert list(starts) == ["564", "1.176", "2.352", "24%"]
    orv = table.loc["ORV (openbare ruimte en voorzieningen)"]
    assert orv["Tot nu (monitor)"] == "€ 3.500.000" and orv["Aandeel"] == "1,9%"
    assert orv["Inschatting of plafond"] == "plafond: € 180.000.000"
    assert table.loc["Capaciteit", "Aandeel"] == "3,9%"
