"""``python -m nplv_analysis plans FILE``: a plan list checked and turned into money.

Per area of the list (or the one of ``--area``): per project and per start year the affordable
starts and the realisatiestimulans they earn, as planned and as expected (each project's chance
of falling out and of slipping by its phase, ``plans/phases.yaml``), computed by the engine
(``run(Scenario(starts=...), [area])``); and the list's total against the agreement's estimate
(``totals``): the range, and whether the list lands below, within or above it. Every word from
the text catalogue, numbers the reader's way; a faulty list prints its faults and exits 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from ..data import load_areas, load_parameters
from ..engine import engine_inputs
from ..plans import PlanError, PlanFileError, area_plans, load_plans
from ..plans.money import against_estimate, project_money, year_money
from ..text import format_eur, format_number, format_range, t


def _table(rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for r in rows:
        cells = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ]
        out.append("  " + "  ".join(cells).rstrip())
    return out


def area_report(plans: pd.DataFrame, area: str, lang: str = "nl", data_dir=None) -> list[str]:
    """The lines printed for one area of a plan list (the frames of :mod:`nplv_analysis.plans.
    money`, written the reader's way)."""
    rows = area_plans(plans, area, lang)
    areas = load_areas(data_dir).set_index("area_id")
    params = load_parameters(data_dir)
    n_ = lambda x, d=0: format_number(x, d, lang)  # noqa: E731
    eur = lambda x: "–" if pd.isna(x) else format_eur(x, lang, short=False)  # noqa: E731
    out = [
        t(
            "plans.cli.area",
            lang,
            name=areas.at[area, "name"],
            area=area,
            n=len(rows),
            total=float(rows["homes_total"].sum()),
            affordable=float(rows["homes_affordable"].sum()),
        ),
        "",
    ]

    # per project
    projects = project_money(plans, area, data_dir, lang)
    head = [
        t("plans.col.project", lang),
        t("plans.col.phase", lang),
        t("plans.col.start", lang),
        t("plans.col.planned_starts", lang),
        t("plans.col.planned_rs", lang),
        t("plans.col.expected_starts", lang),
        t("plans.col.expected_rs", lang),
    ]
    table = [head]
    for p in projects.itertuples():
        start = (
            str(p.start_year)
            if pd.isna(p.start_quarter)
            else t("plans.cli.quarter", lang, year=str(p.start_year), quarter=int(p.start_quarter))
        )
        table.append(
            [
                str(p.project),
                t(f"plans.phase.{p.phase}", lang),
                start,
                n_(p.planned_starts),
                eur(p.planned_eur),
                n_(p.expected_starts, 1),
                eur(p.expected_eur),
            ]
        )
    sums = projects[["planned_starts", "planned_eur", "expected_starts", "expected_eur"]].sum(
        min_count=1
    )
    table.append(
        [
            t("plans.cli.total", lang),
            "",
            "",
            n_(sums["planned_starts"]),
            eur(sums["planned_eur"]),
            n_(sums["expected_starts"], 1),
            eur(sums["expected_eur"]),
        ]
    )
    out.append(t("plans.cli.per_project", lang))
    out += _table(table, {3, 4, 5, 6})

    # per start year: the starts of the year and what they earn (paid the year after)
    years = year_money(plans, area, data_dir, lang)
    head = [
        t("plans.col.year", lang),
        t("plans.col.planned_starts", lang),
        t("plans.col.planned_rs", lang),
        t("plans.col.paid", lang),
        t("plans.col.expected_starts", lang),
        t("plans.col.expected_rs", lang),
        t("plans.col.paid", lang),
    ]
    table = [head]
    for y in years.itertuples():
        table.append(
            [str(y.start_year)]
            + [
                n_(y.planned_starts),
                eur(y.planned_eur),
                "–" if pd.isna(y.planned_paid_year) else str(int(y.planned_paid_year)),
                n_(y.expected_starts, 1),
                eur(y.expected_eur),
                "–" if pd.isna(y.expected_paid_year) else str(int(y.expected_paid_year)),
            ]
        )
    out += ["", t("plans.cli.per_year", lang)]
    out += _table(table, {1, 2, 4, 5})
    outside = [
        str(y) for y in years["start_year"] if not params.first_year <= y <= params.last_year
    ]
    if outside:
        out.append(
            t(
                "plans.cli.outside",
                lang,
                years=", ".join(outside),
                first=params.first_year,
                last=params.last_year,
            )
        )

    # the list's total against the agreement's estimate
    out.append("")
    found = against_estimate(plans, area, data_dir, lang)
    ref = found.loc["planned"]
    if pd.isna(ref["reference_low_eur"]) and pd.isna(ref["reference_high_eur"]):
        out.append(t("plans.cli.against_none", lang))
    else:
        shown_range = format_range(ref["reference_low_eur"], ref["reference_high_eur"], lang)
        out.append(t("plans.cli.against", lang, range=shown_range))
    for key in ("planned", "expected"):
        row = found.loc[key]
        position = t(row["position"], lang)
        if row["position"] == "unknown" and row["reason"]:
            position = f"{position}: {row['reason']}"
        out.append(
            "  "
            + t(f"plans.cli.total_{key}", lang, amount=eur(row["gross_eur"]), position=position)
        )

    # the expectation against the agreement's own correction on the municipality's plans
    claimant = next((c for c in engine_inputs(data_dir).claimants if c.area_id == area), None)
    window = years["start_year"].between(params.first_year, params.last_year)
    inside = float(years.loc[window, "expected_starts"].sum())
    expected = float(years["expected_starts"].sum())
    total = float(years["planned_starts"].sum())
    out += [
        "",
        t(
            "plans.cli.expectation",
            lang,
            expected=expected,
            planned=total,
            share=expected / total if total > 0 else float("nan"),
            inside=inside,
            inside_share=inside / total if total > 0 else float("nan"),
            first=params.first_year,
            last=params.last_year,
            correction=float(params.correction),
        ),
    ]
    if claimant is not None and pd.notna(claimant.rs_expected_homes):
        out.append(
            t(
                "plans.cli.estimate_homes",
                lang,
                homes=float(claimant.rs_expected_homes),
                base=float(claimant.rs_expected_homes / params.correction),
                correction=float(params.correction),
            )
        )
    return out


def cmd_plans(args) -> int:
    """Check a plan list and print what it earns, per area of the list (or ``--area``)."""
    lang = args.lang or "nl"
    try:
        plans = load_plans(args.file, args.data_dir, lang)
    except PlanFileError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    fmt = plans.attrs["file_format"]
    print(t("plans.cli.read", lang, file=args.file, what=fmt.describe(lang), n=len(plans)))
    if plans.attrs.get("illustrative"):
        print(t("plans.cli.illustrative", lang))
    areas = [args.area] if args.area else list(dict.fromkeys(plans["area_id"]))
    if not areas:
        print(t("plans.cli.empty", lang))
        return 0
    try:
        for area in areas:
            print()
            print("\n".join(area_report(plans, area, lang, args.data_dir)))
    except PlanError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0


def cmd_plans_template(args) -> int:
    from ..plans import write_template

    path = write_template(args.out, args.data_dir)
    print(t("plans.cli.template_written", args.lang or "nl", path=str(path)))
    return 0


def plan_faults(data_dir: str | Path | None, lang: str = "nl") -> list[str]:
    """Every fault of the plan lists in the data folder's ``plans/`` (.csv and .xlsx), for the
    data check, in the reader's language."""
    from ..data import DEFAULT_DATA_DIR

    folder = Path(data_dir if data_dir is not None else DEFAULT_DATA_DIR) / "plans"
    if not folder.is_dir():
        return []
    faults = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".csv", ".xlsx") or path.name.startswith((".", "~$")):
            continue
        try:
            load_plans(path, data_dir, lang)
        except PlanFileError as exc:
            faults += [f"{path.name}: {p}" for p in exc.problems]
    return faults
