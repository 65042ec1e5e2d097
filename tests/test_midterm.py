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
    # the default scenario under the ceiling (A34): 2.0 mln a year, 1.0 mln in the last year
    # (claims of 200 mln a year against 180 mln: the last year's are paid for half) = 9.0 mln
    assert r["orv_base_eur"] == pytest.approx(9_000_000)
    assert r["orv_planned_to_date_eur"] == pytest.approx(5_000_000)  # 2 + 2 + half of 2
    assert r["orv_ratio"] == pytest.approx(0.7)  # 3.5 of 5 mln planned to date
    # registrations 0 + 174 + 43 + 43 = 260; at this pace 520 x 7,000 = 3,640,000
    assert r["rs_projected_eur"] == pytest.approx(3_640_000)
    assert r["rs_expected_eur"] == pytest.approx(9_891_000 * 100 / 130)  # 7,608,461.54
    assert r["rs_flag"] == "below_estimate"  # 3.64 mln under the estimate of 5.3-8.0 mln
    assert r["estimated_starts_2029"] == 2352  # "Inschatting start bouw aantallen", page 5
    assert r["last_period"] == "2027-Q2"
    assert r["orv_right_share_of_ceiling"] == pytest.approx(10 / 180)
    assert r["orv_drawn_share_of_ceiling"] == pytest.approx(3.5 / 180)
    # capacity: 0.774 + 0.774 + 0.1935 + 0.1935 = 1.935 mln; the default scenario pays 0.86 mln
    # a year and in the last year 0.86 x 2/12 (claims of 12 mln a year, 2 mln left of the
    # 50 mln ceiling) = 3,583,333 in all; planned to date 0.86 + 0.86 + 0.43 = 2.15 mln
    assert r["capaciteit_drawn_eur"] == pytest.approx(1_935_000)
    assert r["capaciteit_base_eur"] == pytest.approx(3_583_333.33)
    assert r["capaciteit_planned_to_date_eur"] == pytest.approx(2_150_000)
    assert r["capaciteit_ratio"] == pytest.approx(0.9)
    assert r["capaciteit_drawn_share_of_ceiling"] == pytest.approx(1.935 / 50)
    assert r["status"] == "niet op koers"  # the worse of 0.48 (starts) and 0.70 (ORV)
    assert r["status_indicator"] == "startbouw" and r["conversation"]
    assert r["verdict"] == (
        "Niet op koers: de startbouw blijft achter (48% van gepland; drempel aandacht 70%); "
        "ook de ORV-declaraties blijven achter (70% van gepland). De afspraak vraagt nu overleg: "
        '"Bij afwijking treden partijen in overleg".'
    )
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


# --- issue 25: the verdict in words, one basis, the yearly report, late projects ----------------

HEADER = (
    "area_id,year,quarter,homes_started_total,homes_started_affordable,rs_registered_homes,"
    "orv_costs_eur,capacity_costs_eur,source,as_of\n"
)


def _monitor(tmp_path, rows, as_of="2027-06-30"):
    path = tmp_path / "m.csv"
    path.write_text(
        HEADER + "".join(f"heerlen-noord,{r},Monitor,{as_of}\n" for r in rows), encoding="utf-8"
    )
    return load_monitor(path)


@pytest.fixture
def orv_lags(tmp_path):
    """Starts at 99% of plan, ORV claims at 84%: planned to date 1,176 starts (2,352 x 0.5) and
    EUR 5.0 mln ORV (A34); realised 470 + 470 + 112 + 113 = 1,165 starts (99.1%) and 1.7 + 1.7 +
    0.4 + 0.4 = EUR 4.2 mln (84%)."""
    return _monitor(
        tmp_path,
        [
            "2025,,470,355,355,1700000,860000",
            "2026,,470,355,355,1700000,860000",
            "2027,1,112,89,89,400000,215000",
            "2027,2,113,89,89,400000,215000",
        ],
    )


def test_verdict_names_the_lagging_orv_its_share_and_the_threshold(orv_lags):
    r = midterm_review(orv_lags, "2027-06-30").iloc[0]
    assert r["starts_ratio"] == pytest.approx(1165 / 1176)
    assert r["orv_ratio"] == pytest.approx(0.84)
    assert r["status_code"] == "attention" and r["status_indicator"] == "orv"
    assert r["verdict"].startswith(
        "Aandacht: de ORV-declaraties blijven achter (84% van gepland; drempel op koers 90%); "
        "de startbouw ligt op koers (99% van gepland)."
    )
    # registered 355 + 355 + 89 + 89 = 888 in half the window: 1,776 x EUR 7,000 = 12.4 mln,
    # above the estimate of 5.3-8.0 mln; starts at this pace 2,330, under the estimate 2,352
    assert (
        "Boven de inschatting van de afspraak bij dit tempo: de realisatiestimulans"
        in (r["verdict"])
    )
    assert "de startbouw (druk" not in r["verdict"] and "tempo: de startbouw" not in r["verdict"]
    en = midterm_review(orv_lags, "2027-06-30", lang="en").iloc[0]
    assert en["verdict"].startswith(
        "Attention: ORV claims lag behind (84% of planned; on-course threshold 90%); "
        "starts are on course (99% of planned)."
    )


def test_verdict_in_the_rendered_main_table(orv_lags):
    from nplv_analysis.report.tables import midterm_table

    html = midterm_table(midterm_review(orv_lags, "2027-06-30")).to_html()
    assert "de ORV-declaraties blijven achter (84% van gepland; drempel op koers 90%)" in html
    assert "ORV-declaraties: % van gepland" in html and "Startbouw: % van gepland" in html
    assert "Tegenover de inschatting" not in html  # the details are in their own table
    assert "col_heading level0 col3" in html and "level0 col4" not in html  # 4 beside the area


@pytest.mark.parametrize(
    ("starts", "orv", "status", "indicator"),
    [
        (0.99, 0.84, "attention", "orv"),
        (0.84, 0.99, "attention", "startbouw"),
        (0.5, 0.5, "off_course", "startbouw"),  # a tie: the starts (A35)
        (0.6, 0.5, "off_course", "orv"),
        (0.95, 0.91, "on_course", None),
        (float("nan"), 0.5, "unknown", None),
    ],
)
def test_the_indicator_that_sets_the_status(starts, orv, status, indicator):
    from nplv_analysis.monitor.midterm import status_and_indicator

    assert status_and_indicator(starts, orv) == (status, indicator)


def test_on_course_verdict_names_both_and_the_threshold(tmp_path):
    """On plan (470 a year, 2.0 mln ORV a year): 100% of both."""
    m = _monitor(
        tmp_path,
        [
            "2025,,470,355,300,2000000,860000",
            "2026,,470,355,300,2000000,860000",
            "2027,1,118,89,75,500000,215000",
            "2027,2,118,89,75,500000,215000",
        ],
    )
    r = midterm_review(m, "2027-06-30").iloc[0]
    assert r["status_code"] == "on_course" and not r["conversation"]
    assert r["verdict"].startswith(
        "Op koers: de startbouw (100% van gepland) en de ORV-declaraties (100% van gepland) "
        "halen allebei de drempel op koers (90%)."
    )
    assert "overleg" not in r["verdict"]


def test_planned_to_date_is_the_amount_under_the_ceiling(tmp_path):
    """The whole window reported: the default scenario pays 9.0 mln ORV under the ceiling, not
    the right of 10 mln; 9.0 mln declared is 100% of plan (on the right it would read 90%)."""
    m = _monitor(
        tmp_path,
        [f"{y},,470,355,300,1800000,700000" for y in range(2025, 2030)],
        as_of="2029-12-31",
    )
    r = midterm_review(m, "2029-12-31").iloc[0]
    assert r["orv_planned_to_date_eur"] == pytest.approx(9_000_000)
    assert r["orv_right_eur"] == 10_000_000
    assert r["orv_ratio"] == pytest.approx(1.0)
    assert r["capaciteit_planned_to_date_eur"] == pytest.approx(3_583_333.33)


def test_details_name_the_basis_beside_the_right(review):
    from nplv_analysis.report.tables import midterm_details

    table = midterm_details(review.reset_index())
    orv = table.loc["ORV (€)"]
    assert orv["Gepland tot nu"] == "€ 5.000.000" and orv["Tot nu (monitor)"] == "€ 3.500.000"
    assert orv["% van gepland"] == "70%"
    assert orv["Ter vergelijking"] == (
        "onder het plafond, basisscenario (berekend): € 9.000.000; "
        "trekkingsrecht (maximum): € 10.000.000"
    )
    starts = table.loc["Startbouw (woningen)"]
    assert list(starts)[:3] == ["1.176", "564", "48%"]
    assert starts["Ter vergelijking"] == "projectie 2029: 1.128; inschatting (afspraak): 2.352"
    assert table.loc["Capaciteit (€)", "% van gepland"] == "90%"
    assert "onder de inschatting" in table.loc["Realisatiestimulans", "Ter vergelijking"]


def test_conversations_first_off_course_then_attention():
    import pandas as pd

    from nplv_analysis.report.tables import midterm_conversations

    review = pd.DataFrame(
        {
            "area_id": ["heerlen-noord", "groningen-noord", "rotterdam-zuid", "utrecht-noordwest"],
            "status_code": ["attention", "off_course", "on_course", "off_course"],
            "conversation": [True, True, False, True],
            "starts_ratio": [0.8, 0.6, 0.95, 0.4],
            "orv_ratio": [0.85, 0.65, 0.92, 0.9],
            "verdict": ["A", "B", "C", "D"],
        }
    )
    table = midterm_conversations(review)
    assert list(table["Reden"]) == ["D", "B", "A"]  # off course, lowest first; then attention
    assert list(table["Status"]) == ["niet op koers", "niet op koers", "aandacht"]


def test_yearly_report_by_hand():
    from nplv_analysis.monitor import yearly_costs

    y = yearly_costs(load_monitor(MONITOR), "2027-06-30").set_index(["instrument", "year"])
    orv = y.loc["orv"]
    assert list(orv["declared_eur"]) == [1_400_000, 1_400_000, 700_000]  # 2027: two quarters
    assert list(orv["planned_eur"]) == pytest.approx([2_000_000, 2_000_000, 1_000_000])
    assert list(orv["cumulative_eur"]) == [1_400_000, 2_800_000, 3_500_000]
    assert orv.loc[2027, "last_quarter"] == 2 and pd_isna(orv.loc[2026, "last_quarter"])
    assert orv.loc[2027, "base_share"] == pytest.approx(3.5 / 9)
    assert orv.loc[2027, "right_share"] == pytest.approx(0.35)
    cap = y.loc["capaciteit"]
    assert cap.loc[2027, "cumulative_eur"] == pytest.approx(1_935_000)
    assert cap.loc[2027, "right_share"] == pytest.approx(0.45)  # 1.935 of 4.3 mln


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_late_projects_of_the_illustrative_plan_list():
    """At 30 June 2027: planned to start before 2027 and not in the phase bouw: Groeve Gebieden
    fase 1 (2026, vergunning) and Centrum Hoensbroek transformatie (2026, vergunning); Poort van
    Noord deelgebied A (2025) is being built; the rest start in 2027 or later."""
    from nplv_analysis.monitor import late_projects
    from nplv_analysis.plans import load_plans

    plans = load_plans(DATA / "plans" / "illustratief-heerlen-noord.csv")
    late = late_projects(plans, "2027-06-30")
    assert list(late["project"]) == ["Groeve Gebieden fase 1", "Centrum Hoensbroek transformatie"]
    assert list(late_projects(plans, "2026-06-30")["project"]) == []  # 2025: only the one in bouw


def test_midterm_charts_years_and_titles():
    """The trajectory's time axis reads years; no chart title takes more than two lines."""
    import matplotlib

    matplotlib.use("Agg")
    from nplv_analysis.report.figures import midterm_figures

    m = load_monitor(MONITOR)
    review = midterm_review(m, "2027-06-30")
    figs = midterm_figures(review, m, "2027-06-30", ["heerlen-noord"])
    assert set(figs) == {"trajectory", "at-risk", "yearly"}
    ax = figs["trajectory"].axes[0]
    labels = [label.get_text() for label in ax.get_xticklabels()]
    assert labels == ["2025", "2026", "2027", "2028", "2029"]
    for name, fig in figs.items():
        fig.canvas.draw()
        title = fig.axes[0].get_title(loc="left")
        assert title.count("\n") <= 1, f"{name}: {title!r}"
        if name == "at-risk":  # long bar names: the title starts at the figure's edge
            from .test_charts import left_title

            assert left_title(fig.axes[0]).get_window_extent().x0 < 0.02 * fig.bbox.width, name
    yearly = figs["yearly"].axes[0]
    assert [label.get_text() for label in yearly.get_xticklabels()] == ["2025", "2026", "2027"]


def test_exports_say_codes_in_words(tmp_path):
    import openpyxl

    from nplv_analysis.report.export import write_tables

    review = midterm_review(load_monitor(MONITOR), "2027-06-30")
    write_tables({"midterm": review}, tmp_path, book="midterm")
    ws = openpyxl.load_workbook(tmp_path / "midterm.xlsx")["mid-term review"]
    rows = list(ws.iter_rows(values_only=True))
    head = [h for h in rows[0]]
    values = dict(zip(head, rows[1], strict=False))
    assert values["toelichting"].startswith("Niet op koers: de startbouw blijft achter")
    assert values["bepaalt de status"] == "startbouw"
    cells = [str(v) for v in rows[1]]
    assert "onder de inschatting" in cells and "below_estimate" not in cells


def test_yearly_tables_one_per_instrument():
    from nplv_analysis.monitor import yearly_costs
    from nplv_analysis.report.tables import midterm_yearly_tables

    yearly = yearly_costs(load_monitor(MONITOR), "2027-06-30")
    orv, cap = midterm_yearly_tables(yearly, "heerlen-noord")
    assert orv.caption == "Jaarlijkse rapportage: ORV (openbare ruimte en voorzieningen)"
    table = orv.data
    assert list(table.index) == ["2025", "2026", "2027 (t/m 2e kwartaal)"]
    assert list(table.loc["2027 (t/m 2e kwartaal)"]) == [
        "€ 700.000",
        "€ 1.000.000",
        "€ 3.500.000",
        "39%",  # 3.5 of the 9.0 mln under the ceiling
        "35%",  # 3.5 of the right of 10 mln
    ]
    assert cap.caption == "Jaarlijkse rapportage: Capaciteit"
    assert cap.data.loc["2026", "gedeclareerd tot en met het jaar"] == "€ 1.548.000"
