"""Command line: ``nplv-analysis {check,summary,reports,intake,...}`` (the console script; from a
checkout also ``python -m nplv_analysis``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..pipeline.worker import CELL_TIMEOUT
from ..resources import DATA_DIR
from ..text import LANGS, format_eur, t
from .workshop import IDLE_TIMEOUT, MAX_KERNELS, PREHEAT

# pandas and the layers that use it are imported by the commands that need them: a report run
# with nothing to do finishes without them


def _print_findings(findings, lang: str, names: dict[str, str]) -> None:
    if findings.empty:
        print(t("cli.check.none", lang))
        return
    for sev in ("error", "warning", "info"):
        part = findings[findings["severity"] == sev]
        if part.empty:
            continue
        print(f"\n{t(f'cli.check.{sev}', lang)} ({len(part)})")
        for _, f in part.iterrows():
            area = names.get(f["area_id"], f["area_id"])
            print(f"  [{area}] {f['check']}: {f['message']}")


def _scenario_faults(data_dir, lang: str) -> list[str]:
    """Every fault of the data folder's named scenarios (``scenarios/``), each naming file,
    line and field, in the reader's language."""
    from ..engine.files import (
        ScenarioFileError,
        TooManyScenarios,
        load_scenarios,
        scenarios_folder,
    )

    folder = scenarios_folder(data_dir)
    if not folder.is_dir():
        return []
    try:
        load_scenarios(folder)
    except ScenarioFileError as exc:
        return [p.text(lang) if hasattr(p, "text") else str(p) for p in exc.problems]
    except TooManyScenarios as exc:
        return [exc.text(lang)]
    return []


def cmd_check(args: argparse.Namespace) -> int:
    from ..data import load_areas
    from ..rules import check_data

    lang = args.lang
    findings = check_data(args.data_dir, lang)
    names = dict(load_areas(args.data_dir)[["area_id", "name"]].itertuples(index=False))
    _print_findings(findings, lang, names)
    n_err = int((findings["severity"] == "error").sum())
    n_warn = int((findings["severity"] == "warning").sum())
    scenario_faults = _scenario_faults(args.data_dir, lang)
    if scenario_faults:
        print(f"\n{t('cli.check.error', lang)} ({len(scenario_faults)})")
        for fault in scenario_faults:
            print(f"  [{t('cli.check.scenarios', lang)}] {fault}")
        n_err += len(scenario_faults)
    n_err += _print_plan_faults(args.data_dir, lang)
    where = args.data_dir or t("cli.check.project_data", lang)
    print("\n" + t("cli.check.total", lang, errors=n_err, warnings=n_warn, where=where))
    return 1 if n_err else 0


def summary_text(data_dir: str | Path | None = None, lang: str = "nl") -> str:
    """The national summary table as plain text in the reader's language: the overview's table
    (amounts as published, '–' where unknown), under its heading."""
    import pandas as pd

    from ..report.tables import national_table

    with pd.option_context("display.width", 250, "display.max_columns", 20):
        table = national_table(lang, data_dir).to_string()
    return t("cli.summary_heading", lang) + "\n\n" + table


def cmd_summary(args: argparse.Namespace) -> int:
    print(summary_text(args.data_dir, args.lang or "nl"))
    return 0


def _starts_of_area(overrides: dict, area: str | None, lang: str) -> dict:
    """A scenario file's starts per year without an area are the starts of the one area a run
    makes reports for (``--area``); a run of several areas refuses them, saying how to write
    them per area."""
    from ..engine.scenario import ScenarioError, starts_per_area

    starts = overrides.get("starts")
    if starts is None or starts_per_area(starts):
        return overrides
    if area is None:
        error = ScenarioError("scenario.error.starts.reports", "starts", starts)
        raise ValueError(error.text(lang))
    return {**overrides, "starts": {area: starts}}


def _at_least(lang: str, *limits: tuple[str, float, float]) -> None:
    """ValueError in ``lang`` for the first (flag, value, least) whose value is below least."""
    for flag, value, least in limits:
        if value < least:
            raise ValueError(t("cli.at_least", lang, flag=flag, least=least, value=value))


def cmd_reports(args: argparse.Namespace) -> int:
    lang = args.lang or "nl"
    _at_least(
        lang,
        ("--jobs", 1 if args.jobs is None else args.jobs, 1),
        ("--cell-timeout", args.cell_timeout, 0),
    )
    from ..pipeline.manifest import DEFAULT_MANIFEST, DEFAULT_OUT
    from ..pipeline.run import run_reports

    out = Path(args.out) if args.out else DEFAULT_OUT
    scenario = None
    if args.scenario:
        from ..engine.files import load_scenario

        # a faulty file stops here, naming line and field
        scenario = load_scenario(args.scenario).scenario.overrides()
        one = args.area[0] if args.area and len(args.area) == 1 else None
        scenario = _starts_of_area(scenario, one if one != "national" else None, lang)
    summary: list[str] = []

    def on_done(job, error) -> None:
        if not summary:  # made while the workers run the other reports, not after them all
            summary.append(summary_text(args.data_dir, lang))

    result = run_reports(
        args.manifest or DEFAULT_MANIFEST,
        out,
        args.data_dir,
        args.lang,
        only=args.area,
        jobs=args.jobs,
        monitor=args.monitor,
        plans=args.plans,
        on_done=on_done,
        scenario=scenario,
        force=args.force,
        cell_timeout=args.cell_timeout or None,
    )
    if result.done or result.failed or result.rebuilt_index:  # nothing new: no table either
        print()
        print(summary[0] if summary else summary_text(args.data_dir, lang))
        print()
    n, m = len(result.up_to_date), len(result.done) + len(result.failed)
    print(t("run.up_to_date", lang, n=n, m=m))
    print(result.summary(lang))
    print(t("run.index", lang, path=str(result.index)))
    return 0 if result.ok else 1


def cmd_compare(args: argparse.Namespace) -> int:
    """Named scenarios side by side: the comparison notebook run by the report runner (a
    report of its own under ``--out``, rebuilt only when its inputs change)."""
    import tempfile

    import yaml

    from ..engine.files import ScenarioFileError, load_scenario
    from ..pipeline.manifest import DEFAULT_OUT, NOTEBOOK_DIR
    from ..pipeline.run import run_reports
    from ..report.page import COMPARISON
    from ..report.tables import area_name

    lang = args.lang or "nl"
    problems, names = [], []
    for path in args.files:  # every fault of every file, before anything runs
        try:
            names.append(load_scenario(path).title(lang))
        except ScenarioFileError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScenarioFileError(problems)
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(t("compare.twice", lang, names=", ".join(twice)))
    area = "national" if args.national else args.area
    if area != "national":
        from ..report.comparison import refuse_uncomputable

        area_name(area, args.data_dir)  # an unknown area: the known ones
        refuse_uncomputable(area, args.data_dir, lang)  # nothing to compute: the ones there are
    out = Path(args.out) if args.out else DEFAULT_OUT / "comparison"
    entry = {
        "notebook": str(NOTEBOOK_DIR / COMPARISON),
        "output": area,
        "html": "scenario-comparison.html",
        "title": f"html_title.comparison_{'national' if area == 'national' else 'area'}",
        "parameters": {
            "area_id": area,
            "scenario_files": [str(Path(p).resolve()) for p in args.files],
        },
    }
    with tempfile.TemporaryDirectory(prefix="nplv-compare-") as folder:
        manifest = Path(folder) / "compare.yaml"
        manifest.write_text(yaml.safe_dump({"reports": [entry]}), encoding="utf-8")
        result = run_reports(manifest, out, args.data_dir, args.lang, jobs=1, force=args.force)
    n, m = len(result.up_to_date), len(result.done) + len(result.failed)
    print(t("run.up_to_date", lang, n=n, m=m))
    print(result.summary(lang))
    print(t("run.report", lang, path=str(out / area / "scenario-comparison.html")))
    return 0 if result.ok else 1


def cmd_monitor_check(args: argparse.Namespace) -> int:
    from ..monitor import load_monitor
    from ..report.tables import area_name
    from ..text import format_date

    lang = args.lang or "nl"
    m = load_monitor(args.file, args.data_dir)
    print(t("monitor.check.read", lang, file=args.file, format=m.file_format.describe(lang)))
    if m.table.empty:
        print(t("monitor.check.empty", lang, file=args.file))
        return 0
    kind = t("monitor.check.illustrative" if m.illustrative else "monitor.check.observed", lang)
    areas = ", ".join(area_name(a, args.data_dir) for a in dict.fromkeys(m.table["area_id"]))
    as_of = format_date(m.as_of, lang)
    n = len(m.table)
    print(t("monitor.check.rows", lang, file=args.file, n=n, kind=kind, as_of=as_of, areas=areas))
    return 0


def cmd_monitor_template(args: argparse.Namespace) -> int:
    from ..monitor import write_template

    path = write_template(args.out, args.data_dir)
    print(t("monitor.template.written", args.lang, file=path))
    return 0


def cmd_illustrative_monitor(args: argparse.Namespace) -> int:
    from ..monitor import write_illustrative_monitor

    path = write_illustrative_monitor(args.out, name=args.name, as_of=args.as_of)
    print(t("monitor.illustrative.written", args.lang, file=path, name=args.name))
    return 0


def _print_plan_faults(data_dir, lang: str) -> int:
    """The faults of the plan lists in the data folder's ``plans/`` (issue 23), printed as the
    check's errors; how many."""
    from .plans_cli import plan_faults

    faults = plan_faults(data_dir, lang)
    if faults:
        print(f"\n{t('cli.check.error', lang)} ({len(faults)})")
        for fault in faults:
            print(f"  [{t('cli.check.plans', lang)}] {fault}")
    return len(faults)


def cmd_plans(args: argparse.Namespace) -> int:
    """A plan list checked, and per project and year what it earns (:mod:`.plans_cli`)."""
    from .plans_cli import cmd_plans as plans

    return plans(args)


def cmd_plans_template(args: argparse.Namespace) -> int:
    from .plans_cli import cmd_plans_template as template

    return template(args)


def cmd_workshop(args: argparse.Namespace) -> int:
    from .workshop import serve

    _at_least(
        args.lang,
        ("--idle-timeout", args.idle_timeout, 1),
        ("--max-kernels", args.max_kernels, 1),
        ("--preheat", args.preheat, 0),
    )
    return serve(args.port, args.lang, args.idle_timeout, args.max_kernels, args.preheat)


def cmd_intake(args: argparse.Namespace) -> int:
    """Read an agreement (PDF or form-feed text) into a draft area file, show what was read
    (figure, value, page, quote), what is missing, the differences with the file that was
    there, and the checks' findings on the area. Every message from the text catalogue."""
    import textwrap

    from ..data import schema
    from ..intake import IntakeError, diff, escape_text, run_intake
    from ..rules import check_data
    from ..text import format_number, t

    lang = args.lang

    def shown(key: str, value) -> str:
        spec = schema.key_spec(key)
        if isinstance(value, str) and "/" in value:
            return value
        if value is None:
            return "–"
        if spec is not None and spec.unit == "EUR":
            return format_eur(float(value), lang, short=False)
        if spec is not None and spec.unit == "year":
            return str(int(float(value)))
        return format_number(float(value), 0, lang)

    try:
        result = run_intake(args.document, args.area, args.data_dir, force=args.force)
    except IntakeError as exc:
        print(exc.text(lang), file=sys.stderr)
        return 2
    draft = result.draft
    signed = draft.signed or {}
    print(
        t(
            "intake.read",
            lang,
            file=escape_text(args.document),
            pages=len(draft.pages),
            title=escape_text(draft.title),
            place=signed.get("place", "?"),
            date=signed.get("date", "?"),
            page=signed.get("page", "?"),
        )
    )
    print("\n" + t("intake.found", lang, n=len(draft.figures)))
    rows = [(t("figure", lang), t("value", lang), t("page_short", lang), t("quote", lang))]
    for f in draft.figures:
        qual = t(f.qualifier, lang) + " " if f.qualifier else ""
        rows.append((f.key, qual + shown(f.key, f.value), str(f.page), escape_text(f.quote)))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for r in rows:
        quote = textwrap.shorten(r[3], 90, placeholder=" …")
        print("  " + "  ".join(c.ljust(w) for c, w in zip(r[:3], widths, strict=True)), quote)
    if draft.missing:
        print("\n" + t("intake.missing", lang, keys=", ".join(draft.missing)))
    else:
        print("\n" + t("intake.missing_none", lang))
    for code, page, words in draft.skipped:
        print(t(code, lang, page=page, words=escape_text(words)))
    for f, known in draft.national:
        code = "intake.national_same" if known == float(f.value) else "intake.national_differs"
        print(
            t(
                code,
                lang,
                key=f.key,
                value=format_eur(float(f.value), lang, short=False),
                page=f.page,
                known="–" if known is None else format_eur(float(known), lang, short=False),
            )
        )
    if result.previous is not None:
        changes = diff(result.previous, draft, result.kept)
        print("\n" + t("intake.diff_header", lang, status=result.previous_status or "-"))
        if not changes:
            print("  " + t("intake.diff_none", lang))
        for key, what, before, now in changes:
            kind = what if what in ("added", "gone") else "changed"
            if what == "value":
                before, now = shown(key, before), shown(key, now)
            print(t(f"intake.diff.{kind}", lang, key=key, what=what, before=before, now=now))
    if result.kept:
        print(t("intake.kept", lang, keys=", ".join(result.kept)))
    written = ", ".join(escape_text(str(p)) for p in result.written)
    print("\n" + t("intake.written", lang, files=written))

    findings = check_data(result.data_dir, lang)
    mine = findings[findings["area_id"] == args.area]
    print("\n" + t("intake.checks", lang, area_id=args.area))
    if mine.empty:
        print("  " + t("intake.checks_none", lang))
    for _, f in mine.iterrows():
        print(f"  {t(f['severity'], lang)}: {f['check']}: {f['message']}")
    n_err = int((mine["severity"] == "error").sum())
    n_warn = int((mine["severity"] == "warning").sum())
    print("\n" + t("intake.summary", lang, n_err=n_err, n_warn=n_warn))
    return 1 if n_err else 0


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    """The command's parser; ``prog`` names the command in its usage and help (default: the
    name it was started with, e.g. ``nplv-analysis`` for the console script)."""
    p = argparse.ArgumentParser(
        prog=prog, description="The NPLV analysis: check the data, write the reports and more."
    )
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("check", help="validate a data folder and print the checks' findings")
    c.add_argument("--data-dir", help="data folder (default: the project's data/)")
    c.add_argument("--lang", choices=LANGS, default="nl", help="language (default: nl)")
    c.set_defaults(func=cmd_check)

    s = sub.add_parser("summary", help="print the national summary table")
    s.add_argument("--data-dir", help="data folder (default: the project's data/)")
    s.add_argument("--lang", choices=LANGS, help="language of the table (default: nl)")
    s.set_defaults(func=cmd_summary)

    r = sub.add_parser("reports", help="run the report notebooks listed in the manifest")
    r.add_argument("--data-dir", help="data folder (default: the project's data/)")
    r.add_argument("--out", help="output folder (default: reports/ in the current folder)")
    r.add_argument("--manifest", help="report manifest (default: notebooks/reports.yaml)")
    r.add_argument("--lang", choices=LANGS, help="report language (default: nl)")
    r.add_argument(
        "--area",
        nargs="+",
        metavar="ID",
        help="only these reports: area ids, or 'national' for the overview (default: all)",
    )
    r.add_argument(
        "--jobs", type=int, metavar="N", help="parallel processes (default: number of CPUs)"
    )
    r.add_argument(
        "--monitor",
        metavar="FILE",
        help="monitor figures (CSV/Excel) for the mid-term reports (default: the manifest's, "
        "the illustrative file)",
    )
    r.add_argument(
        "--plans",
        metavar="FILE",
        help="a plan list (CSV/Excel, see data/plans/README.md) for the plan reports, one per "
        "area in the list (default: the manifest's, the illustrative list)",
    )
    r.add_argument(
        "--scenario",
        metavar="FILE",
        help="a scenario file (YAML: name and Scenario fields, e.g. saved in the workshop) for "
        "the area reports and the overview (default: the base scenario, computed)",
    )
    r.add_argument(
        "--force",
        action="store_true",
        help="run every report, also those made from the same inputs (default: only the "
        "reports whose notebook, parameters, data, monitor file, language or code changed, "
        "or whose files were edited or removed)",
    )
    r.add_argument(
        "--cell-timeout",
        type=float,
        metavar="S",
        default=CELL_TIMEOUT,
        help=f"seconds a notebook cell may run before its report fails (default: "
        f"{CELL_TIMEOUT}; 0: no limit)",
    )
    r.set_defaults(func=cmd_reports)

    cp = sub.add_parser(
        "compare",
        help="compare named scenarios (YAML files; the first is the baseline) for an area or "
        "for all areas",
        description="Named scenarios side by side: per scenario and instrument the total "
        "against the agreement and the difference from the FIRST file (the baseline), the "
        "payments per year, the national ceilings and the P10-P90 band. Writes "
        "<out>/<area or national>/scenario-comparison.html with its charts (PNG, SVG) and "
        "tables (CSV, comparison-excel-nl.csv for Dutch Excel, comparison.xlsx). Example: "
        "%(prog)s data/scenarios/*.yaml --area heerlen-noord",
    )
    cp.add_argument(
        "files", nargs="+", metavar="FILE", help="scenario files, e.g. data/scenarios/*.yaml"
    )
    where = cp.add_mutually_exclusive_group()
    where.add_argument(
        "--area", metavar="ID", help="one NPLV area, e.g. heerlen-noord (the ids: data/areas.csv)"
    )
    where.add_argument("--national", action="store_true", help="all areas (the default)")
    cp.add_argument(
        "--out", help="output folder (default: reports/comparison/ in the current folder)"
    )
    cp.add_argument("--lang", choices=LANGS, help="report language (default: nl)")
    cp.add_argument("--data-dir", help="data folder (default: the project's data/)")
    cp.add_argument("--force", action="store_true", help="run it even if it is up to date")
    cp.set_defaults(func=cmd_compare, area="national")

    m = sub.add_parser("monitor-check", help="validate a monitor file (CSV or Excel)")
    m.add_argument("file")
    m.add_argument("--data-dir", help="data folder (default: the project's data/)")
    m.add_argument("--lang", choices=LANGS, help="language of the output (default: nl)")
    m.set_defaults(func=cmd_monitor_check)

    mt = sub.add_parser(
        "monitor-template", help="(re)write the Excel template of the monitor (template.xlsx)"
    )
    mt.add_argument(
        "--out", help="file to write (default: the data folder's monitor/template.xlsx)"
    )
    mt.add_argument("--data-dir", help="data folder (default: the project's data/)")
    mt.add_argument("--lang", choices=LANGS, default="nl", help="language (default: nl)")
    mt.set_defaults(func=cmd_monitor_template)

    i = sub.add_parser(
        "illustrative-monitor", help="regenerate an ILLUSTRATIVE monitor file from a scenario"
    )
    i.add_argument("--name", default="vertraagd", help="named scenario (default: vertraagd)")
    i.add_argument("--as-of", default="2027-06-30", help="date of the figures (YYYY-MM-DD)")
    i.add_argument(
        "--out",
        default=str(DATA_DIR / "monitor" / "illustratief-2027.csv"),
    )
    i.add_argument("--lang", choices=LANGS, default="nl", help="language (default: nl)")
    i.set_defaults(func=cmd_illustrative_monitor)

    w = sub.add_parser("workshop", help="serve the scenario explorer with Voila (localhost only)")
    w.add_argument("--port", type=int, help="port (default: a free one)")
    w.add_argument("--lang", choices=LANGS, default="nl", help="language (default: nl)")
    w.add_argument(
        "--idle-timeout",
        type=int,
        metavar="S",
        default=IDLE_TIMEOUT,
        help=f"shut down a page's kernel after S seconds without a browser on it and without "
        f"activity (default: {IDLE_TIMEOUT})",
    )
    w.add_argument(
        "--max-kernels",
        type=int,
        metavar="N",
        default=MAX_KERNELS,
        help=f"at most N pages open at once; more are refused (default: {MAX_KERNELS})",
    )
    w.add_argument(
        "--preheat",
        type=int,
        metavar="N",
        default=PREHEAT,
        help=f"kernels kept ready with the page computed, so a page opens at once "
        f"(default: {PREHEAT}; 0: off)",
    )
    w.set_defaults(func=cmd_workshop)

    ai = sub.add_parser(
        "intake",
        help="read an agreement (PDF, or text with form-feed page breaks) into a draft "
        "agreements/AREA_ID.yaml, with page and quote per figure, and check it",
    )
    ai.add_argument("document", help="the agreement: a PDF with a text layer, or a .txt")
    ai.add_argument("--area", required=True, metavar="AREA_ID", help="the area (areas.csv)")
    ai.add_argument("--data-dir", help="data folder (default: the project's data/)")
    ai.add_argument(
        "--force", action="store_true", help="replace a reviewed area file with the draft"
    )
    ai.add_argument("--lang", choices=LANGS, default="nl", help="language (default: nl)")
    ai.set_defaults(func=cmd_intake)

    pl = sub.add_parser(
        "plans",
        help="check a plan list (CSV or Excel, one row a project) and print per project and "
        "per year the affordable starts and the realisatiestimulans they earn, as planned and "
        "as expected, against the agreement's estimate",
    )
    pl.add_argument("file", help="the plan list: .csv (';' or ',') or .xlsx")
    pl.add_argument("--area", metavar="ID", help="only this area (default: each in the list)")
    pl.add_argument("--lang", choices=LANGS, default="nl", help="language (default: nl)")
    pl.add_argument("--data-dir", help="data folder (default: the project's data/)")
    pl.set_defaults(func=cmd_plans)

    pt = sub.add_parser(
        "plans-template", help="(re)write the Excel template of a plan list (template.xlsx)"
    )
    pt.add_argument("--out", help="file to write (default: the data folder's plans/template.xlsx)")
    pt.add_argument("--lang", choices=LANGS, default="nl", help="language (default: nl)")
    pt.add_argument("--data-dir", help="data folder (default: the project's data/)")
    pt.set_defaults(func=cmd_plans_template)
    return p


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``); ``prog`` as in
    :func:`build_parser` (``python -m nplv_analysis`` passes its own)."""
    args = build_parser(prog).parse_args(argv)
    try:
        return args.func(args)
    except ValueError as exc:  # a DataError (a ValueError) is a faulty data folder: 1
        lang = getattr(args, "lang", None) or "nl"
        text = exc.text(lang) if callable(getattr(exc, "text", None)) else str(exc)
        print(t("cli.error", lang, text=text), file=sys.stderr)
        loading = sys.modules.get("nplv_analysis.data.loading")  # not imported: no DataError
        return 1 if loading is not None and isinstance(exc, loading.DataError) else 2
    except OSError as exc:  # e.g. the output folder went away or the disk is full mid-run
        lang = getattr(args, "lang", None) or "nl"
        print(t("cli.error", lang, text=str(exc)), file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
