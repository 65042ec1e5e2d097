"""The engine: a scenario's payments per area, instrument and payment year, and the views on
top of them (totals against the agreement, the national ceilings, cumulative cash flow).

>>> from nplv_analysis.engine import Scenario, run
>>> pay = run(Scenario(), areas=["heerlen-noord"])
>>> pay.groupby("instrument")["gross_eur"].sum().round(0).to_dict()  # under the ceilings
{'capaciteit': 3583333.0, 'orv': 9000000.0, 'realisatiestimulans': 7608462.0}

It computes only what the published figures allow: an area without a published figure for an
instrument gets no payments for it, and :func:`unknowns` says why. Modelling choices the
agreements leave open are listed in docs/assumptions.md (A10-A16).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from ..rules import ALLOCATIONS, allocate, net_of_vat
from ..text import t
from .inputs import RESIDUAL, EngineInputs, engine_inputs
from .scenario import INSTRUMENTS, Resolved, Scenario, ScenarioError, starts_per_area

RUN_COLUMNS = ["area_id", "instrument", "year", "gross_eur", "net_eur"]


def resolve(
    scenario: Scenario | None, data_dir: str | Path | None = None
) -> tuple[Resolved, EngineInputs]:
    """The scenario (default: the agreement) on the data folder's parameter tree, and the
    folder's engine inputs."""
    inputs = engine_inputs(data_dir)
    return (scenario or Scenario()).resolve(inputs.params), inputs


def rs_payments(rs: Resolved, planned, realisation=None, delay=None):
    """Realisatiestimulans payments per payment year (vectorised over draws if ``realisation``
    and ``delay`` are arrays). ``planned`` is :meth:`Resolved.planned_starts` (``(first_year,
    starts)``) or a number of expected homes that the scenario's profile spreads over the
    window. Starts = planned x realisation, shifted by the delay; starts that do not fall in the
    window earn nothing; each start pays ``per_home`` the year after (page 6).
    """
    if not isinstance(planned, tuple):
        planned = rs.planned_starts(planned)
    first, starts = planned
    r = np.asarray(rs.realisation_share if realisation is None else realisation, dtype=float)
    d = np.asarray(rs.delay_years if delay is None else delay, dtype=int)
    # a start planned in year y - d happens in window year y
    idx = np.asarray(rs.years) - first - d[..., None]
    inside = (idx >= 0) & (idx < len(starts))
    shifted = np.where(inside, starts[np.clip(idx, 0, len(starts) - 1)], 0.0)
    return (r[..., None] * rs.per_home) * shifted


def pays_rs(claimant) -> bool:
    """Whether the realisatiestimulans can reach an area at all: it signed (page 1), and it is
    not the residual claimant of the others' ORV and capacity."""
    return claimant.area_id != RESIDUAL and not any(
        code == "reason.not_signed" for _, code in claimant.reasons
    )


def rs_planned(rs: Resolved, claimant):
    """An area's planned starts (:meth:`Resolved.planned_starts`): the scenario's ``starts`` for
    it, else its expected starts from the estimate; ``None`` for an area that did not sign or
    has neither."""
    if not pays_rs(claimant):
        return None
    return rs.planned_starts(claimant.rs_expected_homes, claimant.area_id)


VAT_LINE_RATE = {"orv": "general", "capaciteit": "none"}
"""The VAT rate of each instrument's costs (A22): the ORV lines are priced at the general rate
(both printed lines of page 7 that agree with each other are a 21% conversion); capacity is
incl. btw with the compensation-fund VAT deducted (footnote 4), and its table prints excl. =
incl. (page 8): the deduction is taken as nil (inferred from the table, A14)."""


def net_ratio(rs: Resolved, claimant, inst: str) -> float:
    """Net / gross of an instrument's payments: at the VAT rate of its lines (``vat_basis``
    ``rate``), or the excl./incl. columns as printed (``printed``; NaN where not printed)."""
    if rs.vat_basis == "printed":
        return getattr(claimant, f"{inst}_printed_net_ratio")
    rate = rs.params.vat_rate_general if VAT_LINE_RATE[inst] == "general" else 0.0
    return net_of_vat(1.0, rate)


def _claims(
    rs: Resolved, inputs: EngineInputs, inst: str, own: list[str] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Claims per claimant and year: drawing right x spend x spread. With ``own`` (the areas a
    run reports on), the other claimants spread as ``others_spend_profile``."""
    spend = rs.orv_spend if inst == "orv" else rs.capacity_spend
    rights = np.array([getattr(c, f"{inst}_right") for c in inputs.claimants])
    known = ~np.isnan(rights)
    if own is None or rs.others_spend_profile is None:
        w = np.broadcast_to(rs.spend_weights, (len(rights), len(rs.spend_weights)))
    else:
        mine = np.array([c.area_id in own for c in inputs.claimants])
        w = np.where(mine[:, None], rs.spend_weights, rs.others_spend_weights)
    claims = np.where(known[:, None], np.nan_to_num(rights)[:, None] * spend * w, 0.0)
    return claims, known


def _paid(
    rs: Resolved, inputs: EngineInputs, inst: str, own: list[str] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    claims, known = _claims(rs, inputs, inst, own)
    paid = allocate(claims, inputs.ceilings[inst], rs.allocation)
    return paid, known


def _check_areas(areas, inputs: EngineInputs, scenario: Scenario | None = None) -> list[str]:
    """The areas of a run: those named, or (``None``) every area with computable figures, the
    areas whose starts the scenario gives, and the residual claimant."""
    ids = [c.area_id for c in inputs.claimants]
    if areas is None:
        starts = scenario.starts if scenario is not None else None
        given = set(starts) if starts_per_area(starts) else set()
        return [a for a in ids if a in inputs.known_areas or a in given or a == RESIDUAL]
    if isinstance(areas, str):
        areas = [areas]
    unknown = [a for a in areas if a not in ids]
    if unknown:
        raise _not_areas("areas", unknown, unknown, ids)
    return list(areas)


def _not_areas(name: str, value, unknown: list[str], ids: list[str]) -> ScenarioError:
    """The refusal of ``value`` (argument ``name``) that names ``unknown``, not NPLV areas."""
    return ScenarioError(
        "scenario.error.starts.unknown_area",
        name,
        value,
        areas=", ".join(unknown),
        allowed=", ".join(ids),
    )


def check_starts(rs: Resolved, inputs: EngineInputs, wanted: list[str]) -> None:
    """The scenario's ``starts`` fit the run: starts per year without an area only on a run of
    one area; starts per area only for NPLV areas."""
    starts = rs.scenario.starts
    if starts is None:
        return
    if not starts_per_area(starts):
        if len(wanted) != 1:
            raise ScenarioError("scenario.error.starts.bare", "starts", starts)
        return
    ids = [c.area_id for c in inputs.claimants if c.area_id != RESIDUAL]
    unknown = [a for a in starts if a not in ids]
    if unknown:
        raise _not_areas("starts", starts, unknown, ids)
    unsigned = [c.area_id for c in inputs.claimants if c.area_id in starts and not pays_rs(c)]
    if unsigned:
        raise ScenarioError(
            "scenario.error.starts.not_signed", "starts", starts, areas=", ".join(unsigned)
        )


def run(
    scenario: Scenario | None = None,
    areas: list[str] | str | None = None,
    data_dir: str | Path | None = None,
) -> pd.DataFrame:
    """Payments of a scenario: one row per area, instrument and payment year, with
    ``gross_eur`` (incl. btw) and ``net_eur`` (after the btw-compensatiefonds deduction; NaN where
    the excl. amount is not published), and ``real_eur`` (euros of the price level year, 2025)
    when ``cost_inflation`` is set. Without a scenario, the agreement in ``data_dir``.

    ``areas=None`` takes every area with computable figures plus the residual claimant
    ``overige-nplv-gebieden``. Ceilings always apply to the national claims, whatever subset is
    shown; ``others_spend_profile`` spreads the claims of every claimant not in ``areas``. What
    cannot be computed has no rows; see :func:`unknowns`.
    """
    rs, inputs = resolve(scenario, data_dir)
    wanted = _check_areas(areas, inputs, rs.scenario)
    return _frame([(rs, _blocks(rs, inputs, wanted, wanted if areas is not None else None))])


def _blocks(rs: Resolved, inputs: EngineInputs, wanted: list[str], own) -> list[tuple]:
    """A scenario's payments as blocks (area, instrument, years, gross, net): numpy only."""
    check_starts(rs, inputs, wanted)
    paid = {inst: _paid(rs, inputs, inst, own) for inst in ("orv", "capaciteit")}
    blocks = []
    for i, c in enumerate(inputs.claimants):
        if c.area_id not in wanted:
            continue
        planned = rs_planned(rs, c)
        if planned is not None:
            gross = rs_payments(rs, planned)
            blocks.append(
                (c.area_id, "realisatiestimulans", rs.payment_years("realisatiestimulans"))
                + (gross, gross)
            )
        for inst in ("orv", "capaciteit"):
            amounts, known = paid[inst]
            if known[i]:
                ratio = net_ratio(rs, c, inst)
                blocks.append(
                    (c.area_id, inst, rs.payment_years(inst), amounts[i], amounts[i] * ratio)
                )
    return blocks


def _frame(runs: list[tuple[Resolved, list[tuple]]], labels=None) -> pd.DataFrame:
    """One long table of the blocks of one or more scenarios (``labels``: a ``scenario`` column
    first, one label per run); ``real_eur`` where a scenario sets ``cost_inflation``."""
    blocks = [b for _, bs in runs for b in bs]
    sizes = [len(b[2]) for b in blocks]
    data = {
        "area_id": np.repeat([b[0] for b in blocks], sizes),
        "instrument": np.repeat([b[1] for b in blocks], sizes),
        "year": np.concatenate([b[2] for b in blocks]).astype(int) if blocks else [],
        "gross_eur": np.concatenate([b[3] for b in blocks]) if blocks else [],
        "net_eur": np.concatenate([b[4] for b in blocks]) if blocks else [],
    }
    columns = list(RUN_COLUMNS)
    if labels is not None:
        counts = [sum(len(b[2]) for b in bs) for _, bs in runs]
        data["scenario"] = np.repeat(np.asarray(labels, dtype=object), counts)
        columns = ["scenario", *columns]
    out = pd.DataFrame(data, columns=columns)
    out["year"] = out["year"].astype(int)
    if any(rs.cost_inflation for rs, _ in runs):
        rates = [rs.cost_inflation or 0.0 for rs, bs in runs for b in bs]
        rate = np.repeat(rates, sizes) if blocks else np.zeros(0)
        level = runs[0][0].params.price_level_year
        out["real_eur"] = out["gross_eur"] / (1 + rate) ** (out["year"] - level)
    return out


def run_many(
    scenarios: list[Scenario],
    areas: list[str] | str | None = None,
    data_dir: str | Path | None = None,
    labels: list | None = None,
) -> pd.DataFrame:
    """:func:`run` for several scenarios at once: one long table with a ``scenario`` column
    first (``labels``, default 0, 1, ...), the rows of each scenario as :func:`run` gives them.
    The payments are computed in numpy per scenario and the table is built once, so that a
    comparison of many scenarios costs a fraction of as many runs (benchmarks/bench_scenarios.py).

    >>> pay = run_many([Scenario(), Scenario(realisation=0.5)], ["heerlen-noord"])
    >>> rs = pay[pay["instrument"] == "realisatiestimulans"].groupby("scenario")["gross_eur"]
    >>> float(round(rs.sum()[1] / rs.sum()[0], 6))  # half the starts, half the stimulans
    0.5
    """
    inputs = engine_inputs(data_dir)
    wanted = _check_areas(areas, inputs)
    if areas is None:  # and the areas whose starts a scenario gives
        given = {a for s in scenarios for a in _check_areas(None, inputs, s)}
        wanted = [c.area_id for c in inputs.claimants if c.area_id in given | set(wanted)]
    own = wanted if areas is not None else None
    labels = list(range(len(scenarios))) if labels is None else list(labels)
    if len(labels) != len(scenarios):
        raise ScenarioError("scenario.error.labels", "labels", labels, n=len(scenarios))
    runs = []
    for scenario in scenarios:
        rs = (scenario or Scenario()).resolve(inputs.params)
        runs.append((rs, _blocks(rs, inputs, wanted, own)))
    return _frame(runs, labels)


def reason_text(code: str, instrument: str, lang: str = "en") -> str:
    """A reason code (why the engine cannot compute an instrument) in the reader's words."""
    return t(code, lang, instrument=t(instrument, lang))


def unknowns(
    areas: list[str] | str | None = None, data_dir: str | Path | None = None, lang: str = "en"
):
    """Why an area/instrument has no payments in :func:`run`: one row each, with the
    ``reason`` in ``lang`` and its ``reason_code``."""
    inputs = engine_inputs(data_dir)
    wanted = (
        _check_areas(areas, inputs) if areas is not None else [c.area_id for c in inputs.claimants]
    )
    rows = [
        (c.area_id, inst, reason_text(code, inst, lang), code)
        for c in inputs.claimants
        if c.area_id in wanted
        for inst, code in c.reasons
    ]
    return pd.DataFrame(rows, columns=["area_id", "instrument", "reason", "reason_code"])


# --- helpers on top of run ----------------------------------------------------------------------


TOTALS_COLUMNS = [
    "area_id",
    "instrument",
    "gross_eur",
    "net_eur",
    "reference",
    "reference_low_eur",
    "reference_high_eur",
    "position",
    "rules_low_eur",
    "rules_high_eur",
    "reason",
    "reason_code",
]


def totals(
    scenario: Scenario | None = None,
    areas: list[str] | str | None = None,
    data_dir: str | Path | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Per area and instrument: the scenario's total against what the agreement says of it.

    ``reference`` is what the total is held against: ``estimate`` (the realisatiestimulans
    range, an *inschatting*, page 8) or ``drawing_right`` (ORV and capacity: a maximum, paid
    afterwards on real costs, pages 7-8), with ``reference_low_eur``/``reference_high_eur``.
    ``position`` is ``below`` / ``within`` / ``above`` the estimate, ``at_right`` /
    ``below_right`` for a drawing right, ``no_estimate`` where no range is published, or
    ``unknown`` with the ``reason`` (in ``lang``; its code in ``reason_code``) where the engine
    cannot compute the instrument. ``rules_low_eur``/``rules_high_eur`` is the range of the gross
    total over the allocation rules under the ceilings (the other choices of the scenario kept).
    """
    scenario = scenario or Scenario()
    inputs = engine_inputs(data_dir)
    wanted = _check_areas(areas, inputs, scenario)
    pay = run(scenario, wanted, data_dir)
    sums = pay.groupby(["area_id", "instrument"], sort=False)[["gross_eur", "net_eur"]].sum(
        min_count=1
    )
    by_rule = pd.concat(
        [
            run(scenario.with_(allocation=rule), wanted, data_dir)
            .groupby(["area_id", "instrument"], sort=False)["gross_eur"]
            .sum()
            .rename(rule)
            for rule in ALLOCATIONS
        ],
        axis=1,
    )
    rows = []
    for c in inputs.claimants:
        if c.area_id not in wanted:
            continue
        reasons = dict(c.reasons)
        reference = {
            "realisatiestimulans": ("estimate", c.rs_estimate_low, c.rs_estimate_high),
            "orv": ("drawing_right", c.orv_right, c.orv_right),
            "capaciteit": ("drawing_right", c.capaciteit_right, c.capaciteit_right),
        }
        for inst in INSTRUMENTS:
            kind, low, high = reference[inst]
            if (c.area_id, inst) in sums.index:
                gross, net = sums.loc[(c.area_id, inst)]
                rules = by_rule.loc[(c.area_id, inst)]
                rules_low, rules_high = float(rules.min()), float(rules.max())
                if math.isnan(low):
                    pos, kind = "no_estimate", None
                elif kind == "drawing_right":
                    pos = "below_right" if gross < low - 0.5 else "at_right"
                elif gross < low - 0.5:
                    pos = "below"
                elif gross > high + 0.5:
                    pos = "above"
                else:
                    pos = "within"
                code = None
            else:
                gross = net = rules_low = rules_high = float("nan")
                pos, code = "unknown", reasons.get(inst, "reason.not_computed")
                kind = kind if not math.isnan(low) else None
            reason = reason_text(code, inst, lang) if code else None
            rows.append(
                (c.area_id, inst, gross, net, kind, low, high, pos, rules_low, rules_high)
                + (reason, code)
            )
    return pd.DataFrame(rows, columns=TOTALS_COLUMNS)


def cumulative(payments: pd.DataFrame, value: str = "gross_eur") -> pd.DataFrame:
    """Cumulative cash flow per area and instrument over the payment years (wide: one column
    per area/instrument, indexed by year)."""
    wide = payments.pivot_table(
        index="year", columns=["area_id", "instrument"], values=value, aggfunc="sum"
    )
    return wide.sort_index().cumsum()


def national(
    scenario: Scenario | None = None,
    data_dir: str | Path | None = None,
    areas: list[str] | str | None = None,
) -> pd.DataFrame:
    """ORV and capacity nationally per payment year: all claims (known areas and the residual),
    the ceiling, what the allocation rule pays, and what stays unpaid. ``areas``: the areas
    whose claims keep ``spend_profile`` when the scenario spreads the others' claims
    differently (``others_spend_profile``); the national sums are always over all claimants."""
    rs, inputs = resolve(scenario, data_dir)
    own = None if areas is None else _check_areas(areas, inputs)
    years = rs.payment_years()
    rows = []
    for inst in ("orv", "capaciteit"):
        claims, _ = _claims(rs, inputs, inst, own)
        paid = allocate(claims, inputs.ceilings[inst], rs.allocation)
        cum = np.cumsum(paid.sum(axis=0))
        for k, year in enumerate(years):
            rows.append(
                (
                    inst,
                    int(year),
                    claims[:, k].sum(),
                    paid[:, k].sum(),
                    claims[:, k].sum() - paid[:, k].sum(),
                    cum[k],
                    inputs.ceilings[inst],
                )
            )
    return pd.DataFrame(
        rows,
        columns=[
            "instrument",
            "year",
            "claims_eur",
            "paid_eur",
            "unpaid_eur",
            "paid_cumulative_eur",
            "ceiling_eur",
        ],
    )


def allocation_comparison(
    scenario: Scenario | None = None,
    areas: list[str] | str | None = None,
    data_dir: str | Path | None = None,
) -> pd.DataFrame:
    """ORV and capacity paid under each allocation rule, per area and payment year (long):
    columns ``rule``, ``area_id``, ``instrument``, ``year``, ``gross_eur``."""
    scenario = scenario or Scenario()
    frames = []
    for rule in ALLOCATIONS:
        pay = run(scenario.with_(allocation=rule), areas, data_dir)
        pay = pay[pay["instrument"] != "realisatiestimulans"]
        frames.append(pay.assign(rule=rule)[["rule", "area_id", "instrument", "year", "gross_eur"]])
    return pd.concat(frames, ignore_index=True)
