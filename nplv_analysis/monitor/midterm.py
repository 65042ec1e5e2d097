"""The mid-term review 2027: monitor figures held against the agreements ("op koers?").

>>> from nplv_analysis.monitor import load_monitor, midterm_review
>>> review = midterm_review(load_monitor("data/monitor/illustratief-2027.csv"), "2027-06-30")
>>> review.loc[0, ["area_id", "status"]].tolist()
['heerlen-noord', 'niet op koers']

Planned starts to date are the agreed total times the share of the profile that has passed
(whole years, and quarters of a year reported by quarter); planned ORV and capacity to date are
what the area's default scenario pays under the national ceiling in those periods (the drawing
right, the maximum, beside it). The projection to the window's end keeps the pace so far. The
status is the worse of the starts ratio and the ORV ratio (realised / planned to date) against
two thresholds: at least ``on_course`` (0.9) is "op koers", at least ``attention`` (0.7)
"aandacht", below that "niet op koers". The thresholds are the analyst's choice, not the
agreement's (page 3: "Bij afwijking treden partijen in overleg"). Areas without estimated
starts are "onbekend", with the reason. The realisatiestimulans projected at the current pace
is flagged against the agreement's estimate (``rs_flag``: above it, "druk op het landelijke
budget", or below it); the flag does not change the status. ``verdict`` says in words why an
area has its status and what the agreement asks next. The choices are in docs/assumptions.md
(A17-A19, A34-A36).
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pandas as pd

from ..data import load_figures
from ..engine import PROFILES, Scenario, resolve, rs_payments, run
from ..text import t
from .intake import Monitor

STATUSES = ("on_course", "attention", "off_course", "unknown")
"""The status codes of the traffic light, best first."""

RS_FLAGS = ("above_estimate", "within_estimate", "below_estimate")
"""The realisatiestimulans projection against the estimate's range (shown as ``flag.<code>``)."""

REVIEW_COLUMNS = [
    "area_id",
    "as_of",
    "time_share",
    "estimated_starts_2029",
    "planned_starts_to_date",
    "realised_starts_to_date",
    "starts_ratio",
    "projected_starts_2029",
    "rs_expected_eur",
    "rs_estimate_low_eur",
    "rs_estimate_high_eur",
    "rs_registered_homes_to_date",
    "rs_projected_eur",
    "rs_flag",
    "orv_right_eur",
    "orv_base_eur",
    "orv_planned_to_date_eur",
    "orv_drawn_eur",
    "orv_ratio",
    "orv_right_share_of_ceiling",
    "orv_drawn_share_of_ceiling",
    "capaciteit_right_eur",
    "capaciteit_base_eur",
    "capaciteit_planned_to_date_eur",
    "capaciteit_drawn_eur",
    "capaciteit_ratio",
    "capaciteit_right_share_of_ceiling",
    "capaciteit_drawn_share_of_ceiling",
    "status",
    "status_code",
    "status_indicator",
    "conversation",
    "verdict",
    "reason",
    "reason_codes",
    "last_period",
    "illustrative",
]


def _as_date(as_of) -> dt.date:
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    try:
        return dt.date.fromisoformat(str(as_of))
    except ValueError:
        raise ValueError(f"as_of={as_of!r}: must be a date written YYYY-MM-DD") from None


def _period_end(year: int, quarter) -> dt.date:
    if quarter is None or pd.isna(quarter):
        return dt.date(year, 12, 31)
    month = int(quarter) * 3
    return dt.date(year, 12, 31) if month == 12 else dt.date(year, month + 1, 1) - dt.timedelta(1)


def rs_flag(projected: float, low: float, high: float) -> str | None:
    """The realisatiestimulans projected at the current pace against the agreement's estimate
    (a code of :data:`RS_FLAGS`; None where either is unknown). The money is paid per registered
    start, so "above" means pressure on the national budget, not an error.

    >>> rs_flag(12_425_000, 5_300_000, 8_000_000)  # 1,775 starts x 7,000 against p. 8
    'above_estimate'
    >>> rs_flag(5_299_000, 5_300_000, 8_000_000), rs_flag(float("nan"), 5e6, 8e6)
    ('below_estimate', None)
    """
    if any(v is None or math.isnan(v) for v in (projected, low, high)):
        return None
    if projected > high + 0.5:
        return "above_estimate"
    if projected < low - 0.5:
        return "below_estimate"
    return "within_estimate"


def last_period(monitor: Monitor) -> tuple[int, int | None]:
    """The last period the monitor reports: (year, quarter), quarter None for a whole year."""
    table = monitor.table
    ends = [_period_end(y, q) for y, q in zip(table["year"], table["quarter"], strict=True)]
    i = max(range(len(ends)), key=ends.__getitem__)
    q = table["quarter"].iloc[i]
    return int(table["year"].iloc[i]), None if pd.isna(q) else int(q)


def status_of(ratio: float, on_course: float = 0.9, attention: float = 0.7) -> str:
    """The traffic light for a realised/planned ratio, as a status code (shown in the reader's
    words by ``t(code)``: "op koers", "aandacht", "niet op koers", "onbekend").

    >>> [status_of(r) for r in (0.95, 0.9, 0.89, 0.7, 0.69, float("nan"))]
    ['on_course', 'on_course', 'attention', 'attention', 'off_course', 'unknown']
    """
    if ratio is None or math.isnan(ratio):
        return "unknown"
    if ratio >= on_course:
        return "on_course"
    if ratio >= attention:
        return "attention"
    return "off_course"


def midterm_review(
    monitor: Monitor,
    as_of,
    on_course: float = 0.9,
    attention: float = 0.7,
    profile: str | tuple[float, ...] = "even",
    spend_profile: str | tuple[float, ...] = "even",
    data_dir: str | Path | None = None,
    lang: str = "nl",
) -> pd.DataFrame:
    """One row per area in the monitor: planned and realised to date, the ratio, the projection
    to the end of the window at the current pace, the realisatiestimulans expected and at risk,
    ORV and capacity drawn against the rights and the national ceiling, and the status.

    ``status`` and ``reason`` are in ``lang``; ``status_code`` and ``reason_codes`` hold the
    codes."""
    as_of = _as_date(as_of)
    if not 0 < attention <= on_course:
        raise ValueError(
            f"thresholds on_course={on_course!r}, attention={attention!r}: need "
            "0 < attention <= on_course"
        )
    rs, inputs = resolve(Scenario(profile=profile, spend_profile=spend_profile), data_dir)
    weights, years = rs.weights, rs.years
    fig = load_figures(data_dir)
    agreement = fig[fig["source_kind"] == "agreement"].set_index(["area_id", "key"])["value"]
    table = monitor.table
    last = last_period(monitor)
    base = base_amounts(rs, inputs, list(dict.fromkeys(table["area_id"])), data_dir)
    rows = []
    for area_id, part in table.groupby("area_id", sort=False):
        ends = [_period_end(y, q) for y, q in zip(part["year"], part["quarter"], strict=True)]
        done = part[[e <= as_of for e in ends]]
        share_time = sum(1.0 if pd.isna(q) else 0.25 for q in done["quarter"]) / len(years)
        idx = [y - years[0] for y in done["year"]]
        frac = [1.0 if pd.isna(q) else 0.25 for q in done["quarter"]]
        planned_share = float(sum(weights[i] * f for i, f in zip(idx, frac, strict=True)))

        def to_date(inst: str, area_id=area_id, idx=idx, frac=frac) -> float:
            per_year = base.get((area_id, inst))
            if per_year is None:
                return math.nan
            return float(sum(per_year[i] * f for i, f in zip(idx, frac, strict=True)))

        c = inputs.claimant(area_id)
        reasons = []
        estimated = agreement.get((area_id, "homes.startbouw.total"), math.nan)
        if math.isnan(estimated):
            reasons.append(("reason.no_estimated_starts", {}))
        realised = float(done["homes_started_total"].sum())
        planned = estimated * planned_share
        starts_ratio = realised / planned if planned > 0 else math.nan
        projected = realised / share_time if share_time > 0 else math.nan
        registered = float(done["rs_registered_homes"].sum())
        rs_expected = (
            float(rs_payments(rs, c.rs_expected_homes).sum())
            if not math.isnan(c.rs_expected_homes)
            else math.nan
        )
        per_home = rs.per_home
        rs_projected = registered / share_time * per_home if share_time > 0 else math.nan
        flag = rs_flag(rs_projected, c.rs_estimate_low, c.rs_estimate_high)
        orv_drawn = float(done["orv_costs_eur"].sum())
        orv_planned = to_date("orv")
        orv_ratio = orv_drawn / orv_planned if orv_planned > 0 else math.nan
        if math.isnan(c.orv_right):
            code = dict(c.reasons).get("orv", "reason.no_right")
            reasons.append((code, {"instrument": t("orv", lang)}))
        cap_drawn = float(done["capacity_costs_eur"].sum())
        cap_planned = to_date("capaciteit")
        status, indicator = status_and_indicator(starts_ratio, orv_ratio, on_course, attention)
        if share_time == 0:
            reasons.append(("reason.no_period_before", {"as_of": as_of.isoformat()}))
        rows.append(
            {
                "area_id": area_id,
                "as_of": as_of.isoformat(),
                "time_share": share_time,
                "estimated_starts_2029": estimated,
                "planned_starts_to_date": planned,
                "realised_starts_to_date": realised,
                "starts_ratio": starts_ratio,
                "projected_starts_2029": projected,
                "rs_expected_eur": rs_expected,
                "rs_estimate_low_eur": c.rs_estimate_low,
                "rs_estimate_high_eur": c.rs_estimate_high,
                "rs_registered_homes_to_date": registered,
                "rs_projected_eur": rs_projected,
                "rs_flag": flag,
                "orv_right_eur": c.orv_right,
                "orv_base_eur": _total(base.get((area_id, "orv"))),
                "orv_planned_to_date_eur": orv_planned,
                "orv_drawn_eur": orv_drawn,
                "orv_ratio": orv_ratio,
                "orv_right_share_of_ceiling": c.orv_right / inputs.ceilings["orv"],
                "orv_drawn_share_of_ceiling": orv_drawn / inputs.ceilings["orv"],
                "capaciteit_right_eur": c.capaciteit_right,
                "capaciteit_base_eur": _total(base.get((area_id, "capaciteit"))),
                "capaciteit_planned_to_date_eur": cap_planned,
                "capaciteit_drawn_eur": cap_drawn,
                "capaciteit_ratio": cap_drawn / cap_planned if cap_planned > 0 else math.nan,
                "capaciteit_right_share_of_ceiling": c.capaciteit_right
                / inputs.ceilings["capaciteit"],
                "capaciteit_drawn_share_of_ceiling": cap_drawn / inputs.ceilings["capaciteit"],
                "status": t(status, lang),
                "status_code": status,
                "status_indicator": indicator,
                "conversation": status in CONVERSATION,
                "verdict": None,
                "reason": "; ".join(t(code, lang, **v) for code, v in reasons) or None,
                "reason_codes": ", ".join(code for code, _ in reasons) or None,
                "last_period": "{}-Q{}".format(*last) if last[1] else str(last[0]),
                "illustrative": monitor.illustrative,
            }
        )
    review = pd.DataFrame(rows, columns=REVIEW_COLUMNS)
    review["verdict"] = [verdict(r, lang, on_course, attention) for _, r in review.iterrows()]
    return review


def _total(per_year) -> float:
    return math.nan if per_year is None else float(np.sum(per_year))


def base_amounts(rs, inputs, areas: list[str], data_dir=None) -> dict[tuple[str, str], np.ndarray]:
    """ORV and capacity of the areas' default scenario (the review's profiles, every other
    choice the agreement's): the amount under the national ceiling per year of the window
    (the run's payment years less the reimbursement lag), by (area, instrument). An area
    without a drawing right has no entry. This is the basis of planned-to-date (A34)."""
    ids = {c.area_id for c in inputs.claimants}
    wanted = [a for a in areas if a in ids]
    if not wanted:
        return {}
    pay = run(rs.scenario, wanted, data_dir)
    out = {}
    for (area_id, inst), part in pay.groupby(["area_id", "instrument"], sort=False):
        if inst not in ("orv", "capaciteit"):
            continue
        by_year = part.set_index("year")["gross_eur"]
        out[(area_id, inst)] = np.array(
            [float(by_year.get(y + rs.payment_lag, 0.0)) for y in rs.years]
        )
    return out


CONVERSATION = ("off_course", "attention")
"""The statuses that call for a conversation ("Bij afwijking treden partijen in overleg",
page 3): a deviation is any share of plan below the ``on_course`` threshold."""

INDICATORS = ("startbouw", "orv")
"""The indicators that set the status, in the order a tie is decided (A35)."""


def status_and_indicator(
    starts_ratio: float, orv_ratio: float, on_course: float = 0.9, attention: float = 0.7
) -> tuple[str, str | None]:
    """The status and the indicator that sets it: the one with the lower share of plan (a tie
    goes to the starts); None when the status is on course or unknown.

    >>> status_and_indicator(0.99, 0.84)
    ('attention', 'orv')
    >>> status_and_indicator(0.5, 0.5), status_and_indicator(0.95, 0.91)
    (('off_course', 'startbouw'), ('on_course', None))
    """
    ratios = dict(zip(INDICATORS, (starts_ratio, orv_ratio), strict=True))
    if any(r is None or math.isnan(r) for r in ratios.values()):
        return "unknown", None
    worst = min(INDICATORS, key=lambda k: ratios[k])  # min keeps the first of a tie
    status = status_of(ratios[worst], on_course, attention)
    return status, (worst if status in CONVERSATION else None)


def verdict(row, lang: str = "nl", on_course: float = 0.9, attention: float = 0.7) -> str:
    """The verdict of one review row in words: the status and the indicator that sets it (its
    share of plan and the threshold it misses), the other indicator, what is above the
    agreement's estimate at the current pace, and what the agreement asks next.

    >>> row = {"status_code": "attention", "status_indicator": "orv", "starts_ratio": 0.99,
    ...        "orv_ratio": 0.84, "rs_flag": "within_estimate", "projected_starts_2029": 1,
    ...        "estimated_starts_2029": 2, "reason": None}
    >>> print(verdict(row))  # doctest: +NORMALIZE_WHITESPACE
    Aandacht: de ORV-declaraties blijven achter (84% van gepland; drempel op koers 90%); de
    startbouw ligt op koers (99% van gepland). De afspraak vraagt nu overleg: "Bij afwijking
    treden partijen in overleg".
    """
    status = row["status_code"]
    head = t(status, lang)
    head = head[:1].upper() + head[1:]
    if status == "unknown":
        reason = (
            row["reason"] if isinstance(row["reason"], str) else t("verdict.no_judgement", lang)
        )
        return t("verdict.unknown", lang, status=head, reason=reason)
    ratios = {"startbouw": row["starts_ratio"], "orv": row["orv_ratio"]}
    if status == "on_course":
        return t(
            "verdict.all_on_course",
            lang,
            status=head,
            starts=ratios["startbouw"],
            orv=ratios["orv"],
            threshold=on_course,
        ) + _above(row, lang)
    parts = []
    setter = row["status_indicator"]
    if setter:
        threshold = on_course if status == "attention" else attention
        which = "on_course" if status == "attention" else "attention"
        parts.append(
            t(
                f"verdict.lags.{setter}",
                lang,
                share=ratios[setter],
                threshold=t(f"verdict.threshold.{which}", lang, value=threshold),
            )
        )
    for k in INDICATORS:
        if k == setter:
            continue
        if ratios[k] < on_course:
            parts.append(t(f"verdict.also_lags.{k}", lang, share=ratios[k]))
        else:
            parts.append(t(f"verdict.on_course.{k}", lang, share=ratios[k]))
    text = t("verdict.sentence", lang, status=head, parts="; ".join(parts)) + _above(row, lang)
    return text + " " + t("verdict.next", lang)


def _above(row, lang: str) -> str:
    """What is above the agreement's estimate at the current pace, as a sentence ("" if none)."""
    above = []
    if row["projected_starts_2029"] > row["estimated_starts_2029"]:
        above.append(t("verdict.above.starts", lang))
    if row["rs_flag"] == "above_estimate":
        above.append(t("verdict.above.rs", lang))
    if not above:
        return ""
    return " " + t("verdict.above", lang, what=t("verdict.and", lang).join(above))


def _decimal_year(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    return day.year + ((day - start).days + 1) / (dt.date(day.year + 1, 1, 1) - start).days


def trajectory(
    monitor: Monitor,
    area_id: str,
    as_of,
    profile: str | tuple[float, ...] = "even",
    data_dir: str | Path | None = None,
) -> pd.DataFrame:
    """Cumulative starts over time, long format (``series``, ``time``, ``homes``): ``planned``
    (agreed total x profile, at each year end), ``realised`` (the monitor, at the end of each
    reported period up to ``as_of``) and ``projected`` (from ``as_of`` to the end of 2029 at the
    pace so far). ``time`` is a decimal year: 2026.0 is the end of 2025."""
    as_of = _as_date(as_of)
    review = midterm_review(monitor, as_of, profile=profile, data_dir=data_dir)
    row = review.set_index("area_id").loc[area_id]
    rs, _ = resolve(Scenario(profile=profile), data_dir)
    weights, years = rs.weights, rs.years
    start = float(years[0])
    end = float(years[-1] + 1)
    recs = [("planned", start, 0.0)]
    recs += [
        ("planned", float(y + 1), float(v))
        for y, v in zip(years, np.cumsum(weights) * row["estimated_starts_2029"], strict=True)
    ]
    part = monitor.table[monitor.table["area_id"] == area_id]
    ends = [_period_end(y, q) for y, q in zip(part["year"], part["quarter"], strict=True)]
    done = part.assign(end=ends)
    done = done[done["end"] <= as_of].sort_values("end")
    recs.append(("realised", start, 0.0))
    total = 0.0
    for day, homes in zip(done["end"], done["homes_started_total"], strict=True):
        total += homes
        recs.append(("realised", _decimal_year(day), total))
    if len(done) and row["time_share"] > 0:
        now = start + row["time_share"] * len(years)
        recs.append(("projected", now, total))
        recs.append(("projected", end, float(row["projected_starts_2029"])))
    return pd.DataFrame(recs, columns=["series", "time", "homes"])


YEARLY_COLUMNS = [
    "area_id",
    "instrument",
    "year",
    "last_quarter",
    "declared_eur",
    "planned_eur",
    "cumulative_eur",
    "base_eur",
    "right_eur",
    "base_share",
    "right_share",
]


def yearly_costs(
    monitor: Monitor,
    as_of,
    spend_profile: str | tuple[float, ...] = "even",
    data_dir: str | Path | None = None,
) -> pd.DataFrame:
    """The yearly report on ORV and capacity (page 3: "jaarlijks rapportage"): per area,
    instrument and year of the window up to ``as_of``, the costs declared in the year (the
    monitor; ``last_quarter`` the last quarter reported of a year reported by quarter, else
    None), what the area's default scenario pays under the ceiling in that (part of the) year
    (``planned_eur``), the costs declared up to and including the year, and that sum as a share
    of the amount under the ceiling (``base_eur``, the basis of planned to date, A34) and of the
    drawing right (``right_eur``, the maximum). Areas and instruments without a drawing right
    have no rows."""
    as_of = _as_date(as_of)
    rs, inputs = resolve(Scenario(spend_profile=spend_profile), data_dir)
    table = monitor.table
    areas = list(dict.fromkeys(table["area_id"]))
    base = base_amounts(rs, inputs, areas, data_dir)
    column = {"orv": "orv_costs_eur", "capaciteit": "capacity_costs_eur"}
    rows = []
    for area_id in areas:
        part = table[table["area_id"] == area_id]
        ends = [_period_end(y, q) for y, q in zip(part["year"], part["quarter"], strict=True)]
        done = part[[e <= as_of for e in ends]]
        if done.empty:
            continue
        c = inputs.claimant(area_id)
        for inst in ("orv", "capaciteit"):
            per_year = base.get((area_id, inst))
            if per_year is None:
                continue
            right = float(getattr(c, f"{inst}_right"))
            total = float(np.sum(per_year))
            cumulative = 0.0
            for k, year in enumerate(rs.years):
                rows_y = done[done["year"] == year]
                if year > as_of.year or rows_y.empty:
                    continue
                quarters = rows_y["quarter"].dropna()
                last_q = int(quarters.max()) if len(quarters) else None
                frac = 1.0 if last_q is None else 0.25 * len(quarters)
                declared = float(rows_y[column[inst]].sum())
                cumulative += declared
                rows.append(
                    {
                        "area_id": area_id,
                        "instrument": inst,
                        "year": year,
                        "last_quarter": last_q,
                        "declared_eur": declared,
                        "planned_eur": float(per_year[k]) * frac,
                        "cumulative_eur": cumulative,
                        "base_eur": total,
                        "right_eur": right,
                        "base_share": cumulative / total if total > 0 else math.nan,
                        "right_share": cumulative / right if right > 0 else math.nan,
                    }
                )
    frame = pd.DataFrame(rows, columns=YEARLY_COLUMNS)
    frame["last_quarter"] = frame["last_quarter"].astype("Int64")
    return frame


def late_projects(plans: pd.DataFrame, as_of) -> pd.DataFrame:
    """The projects of a plan list that are late at ``as_of``: planned to start in a year
    before the peildatum's year and not yet in the phase ``bouw`` (A36). ``plans`` is a plan
    list as :func:`nplv_analysis.plans.load_plans` reads it; the rows keep its order.

    >>> plans = pd.DataFrame({"area_id": ["a", "a", "a"], "project": ["x", "y", "z"],
    ...     "start_year": [2024, 2024, 2027], "phase": ["vergunning", "bouw", "initiatief"]})
    >>> late_projects(plans, "2027-06-30")["project"].tolist()
    ['x']
    """
    year = _as_date(as_of).year
    late = (plans["start_year"] < year) & (plans["phase"] != "bouw")
    return plans[late].reset_index(drop=True)


PRESET = "vertraagd"
ILLUSTRATIVE_SCENARIOS = {
    "vertraagd": Scenario(realisation=0.8, delay_years=1, orv_spend=0.7, capacity_spend=0.9),
}
"""Named scenarios the illustrative monitor files are generated from."""


def illustrative_monitor(
    name: str = PRESET,
    as_of: str = "2027-06-30",
    areas: list[str] | None = None,
    data_dir: str | Path | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """An ILLUSTRATIVE monitor table generated from a named scenario (never observed data):
    whole years before ``as_of``'s year and the quarters of that year up to ``as_of``, for the
    areas whose agreement publishes starts, ORV and capacity. Returns (table, header lines).

    Starts per year = agreed starts x realisation x the profile shifted by the delay; affordable
    starts likewise; registrations = the engine's expected eligible homes x the same; ORV and
    capacity costs = right x spend x the spend profile; counts rounded to whole homes, euros to
    whole euros."""
    if name not in ILLUSTRATIVE_SCENARIOS:
        raise ValueError(f"name={name!r}: allowed are {', '.join(ILLUSTRATIVE_SCENARIOS)}")
    s = ILLUSTRATIVE_SCENARIOS[name]
    end = _as_date(as_of)
    rs, inputs = resolve(s, data_dir)
    fig = load_figures(data_dir)
    agreement = fig[fig["source_kind"] == "agreement"].set_index(["area_id", "key"])["value"]
    wanted = areas or [
        a for a in inputs.known_areas if (a, "homes.startbouw.total") in agreement.index
    ]
    shifted = rs.start_shares()
    source = (
        f"ILLUSTRATIE: gegenereerd uit scenario '{name}' van nplv_analysis "
        f"({_describe(s)}); geen waarneming"
    )
    rows = []
    for area_id in wanted:
        c = inputs.claimant(area_id)
        total = agreement[(area_id, "homes.startbouw.total")]
        affordable = agreement.get((area_id, "homes.startbouw.affordable"), math.nan)
        for k, year in enumerate(rs.years):
            if year > end.year:
                break
            quarters = (
                [None]
                if year < end.year
                else [q for q in (1, 2, 3, 4) if _period_end(year, q) <= end]
            )
            for q in quarters:
                f = 1.0 if q is None else 0.25
                w = float(shifted[k]) * s.realisation * f
                sw = rs.spend_weights[k] * f
                rows.append(
                    {
                        "area_id": area_id,
                        "year": year,
                        "quarter": "" if q is None else q,
                        "homes_started_total": round(total * w),
                        "homes_started_affordable": round(affordable * w),
                        "rs_registered_homes": round(c.rs_expected_homes * w),
                        "orv_costs_eur": round(c.orv_right * s.orv_spend * sw),
                        "capacity_costs_eur": round(c.capaciteit_right * s.capacity_spend * sw),
                        "source": source,
                        "as_of": as_of,
                    }
                )
    header = [
        "# ILLUSTRATIE - GEEN WAARGENOMEN CIJFERS. Dit bestand is gegenereerd uit het scenario",
        f"# '{name}' ({_describe(s)})",
        "# met nplv_analysis.monitor.illustrative_monitor, om het mid-term-rapport te kunnen",
        "# tonen zolang er geen monitorcijfers zijn. Regenereren:",
        f"#   python -m nplv_analysis illustrative-monitor --name {name} --as-of {as_of}",
        "# Echte cijfers: zie data/monitor/README.md.",
    ]
    return pd.DataFrame(rows), header


def _describe(s: Scenario) -> str:
    return (
        f"realisatie {s.realisation * 100:.0f}%, {s.delay_years} jaar vertraging, "
        f"ORV {s.orv_spend * 100:.0f}% besteed, capaciteit {s.capacity_spend * 100:.0f}% besteed"
    )


def write_illustrative_monitor(path: str | Path, **kwargs) -> Path:
    """Write :func:`illustrative_monitor` as a CSV file with its header lines."""
    table, header = illustrative_monitor(**kwargs)
    path = Path(path)
    text = "\n".join(header) + "\n" + table.to_csv(index=False, lineterminator="\n")
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


__all__ = [
    "PROFILES",
    "STATUSES",
    "illustrative_monitor",
    "midterm_review",
    "status_of",
    "late_projects",
    "trajectory",
    "verdict",
    "write_illustrative_monitor",
    "yearly_costs",
]
