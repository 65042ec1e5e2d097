"""The manifest (``notebooks/reports.yaml``): the reports of a run, checked against its JSON
Schema (``manifest.schema.json``) and expanded. An entry with ``for_each: area`` becomes one
report per NPLV area with published figures (``monitor_area``: per area of its monitor file,
``plans_area``: of its plan list), ``{area_id}`` and ``{name}`` filled in."""

from __future__ import annotations

import dataclasses
import functools
import json
import operator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..resources import NOTEBOOK_DIR
from ..text import has_text, t
from . import stamps
from .stamps import RunError

DEFAULT_MANIFEST = NOTEBOOK_DIR / "reports.yaml"
DEFAULT_OUT = Path("reports")  # of the current folder
SCHEMA = json.loads(Path(__file__).with_name("manifest.schema.json").read_text(encoding="utf-8"))
SCHEMA_TEXTS = ("run.schema.top", "run.schema.reports", "run.schema.report", "run.schema.notebook",
    "run.schema.output", "run.schema.parameters", "run.schema.for_each", "run.schema.title",
    "run.schema.html", "run.schema.weight")  # fmt: skip


@dataclass(frozen=True)
class ReportJob:
    """One report: ``notebook`` run with ``parameters`` into ``<out>/<output>/``."""

    notebook: str
    output: str
    parameters: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    html: str = ""  # file name of the HTML report (default: <notebook stem>.html)
    weight: float = 1  # how long it takes against an area report: the heaviest start first

    @property
    def stem(self) -> str:  # the name of its files: <stem>.html, <stem>.ipynb
        return Path(self.html or self.notebook).stem

    @property
    def key(self) -> str:
        return f"{self.output}/{self.stem}"

    @classmethod
    def from_dict(cls, d: Any) -> ReportJob:
        """A job as :func:`dataclasses.asdict` wrote it; TypeError or ValueError if not one."""
        job = cls(**d)
        w = job.weight
        texts = all(isinstance(x, str) for x in (job.notebook, job.title, job.html))
        number = isinstance(w, int | float) and not isinstance(w, bool) and 0 < w < 1e6
        ok = texts and number and isinstance(job.parameters, dict) and _plain(job.output)
        if not ok or "/" in job.html:
            raise ValueError(f"not a report: {d!r}")
        return job


def _plain(name: Any) -> bool:  # a folder of its own: no path, not hidden, no placeholder left
    return isinstance(name, str) and name[:1] not in ("", ".") and not any(c in name for c in "/{")


def _fill(value: Any, fields: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**fields)
    if isinstance(value, dict):
        return {k: _fill(v, fields) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, fields) for v in value]
    return value


def _line(doc: yaml.Node | None, path: tuple) -> int:
    """The line of the value at ``path`` in the composed YAML document ``doc``."""
    for key in path:
        if isinstance(doc, yaml.MappingNode):
            doc = next((v for k, v in doc.value if k.value == key), doc)
        elif isinstance(doc, yaml.SequenceNode) and isinstance(key, int) and key < len(doc.value):
            doc = doc.value[key]
    return doc.start_mark.line + 1 if doc is not None else 1


def _fault(path: Path, doc: yaml.Node | None, at: tuple, code: str, **values: Any) -> RunError:
    """Fault ``code`` (or a schema's ``problem``, ``code`` "") at its file, line and report."""
    problem = RunError(code, **values) if code else values["problem"]
    where = {"file": str(path), "line": _line(doc, at), "problem": problem}
    if len(at) > 1:
        return RunError("run.manifest.report", report=at[1] + 1, **where)
    return RunError("run.manifest.line", **where)


def load_manifest(path=DEFAULT_MANIFEST, data_dir=None, monitor=None, plans=None, lang="nl"):
    """The reports of a manifest, checked (:data:`SCHEMA`, then code: a RunError naming file, line,
    report, problem; the files it names are read, a fault in ``lang``) and expanded; ``monitor``
    and ``plans`` replace the ``monitor_file`` and ``plans_file`` parameters."""
    from ..data import load_areas, load_figures, validation
    from ..data.yamlfile import show
    from ..monitor import load_monitor
    from ..plans import load_plans

    given = {"monitor_file": monitor, "plans_file": plans}
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        raw, doc = yaml.safe_load(text), yaml.compose(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:  # not there, not UTF-8, not YAML
        if mark := getattr(exc, "problem_mark", None):  # the YAML reader's words, where it stopped
            raise _fault(path, yaml.ScalarNode("", "", mark), (), "", problem=exc.problem) from None
        error = getattr(exc, "strerror", None) or exc
        raise RunError("run.manifest.unreadable", file=str(path), error=error) from None
    if found := validation.errors(raw, SCHEMA):
        at, message = min(found, key=lambda f: _line(doc, f[0]))
        if message in SCHEMA_TEXTS:  # the manifest's own (not the data layer's): with the value
            value = raw if len(at) < 2 else functools.reduce(operator.getitem, at, raw)
            message = RunError(message, field=at[-1] if at else "", value=show(value))
        raise _fault(path, doc, at, "", problem=message)
    names = load_areas(data_dir).set_index("area_id")["name"]
    fault = functools.partial(_fault, path, doc)
    load, loaded = {"monitor_file": load_monitor, "plans_file": load_plans}, {}
    jobs: list[ReportJob] = []
    for i, entry in enumerate(raw["reports"]):
        at, notebook, title = ("reports", i), entry["notebook"], entry.get("title", "")
        if not (path.parent / notebook).is_file():
            raise fault(
                at, "run.manifest.notebook", notebook=repr(notebook), folder=str(path.parent)
            )
        if title and not has_text(title):
            raise fault(at, "run.manifest.title", title=repr(title))
        params = entry.get("parameters") or {}
        files = stamps.input_files(params, given, path.parent)
        params = {**params, **{name: str(file) for name, file in files.items()}}
        for name, file in files.items():  # a faulty file stops the run before any report
            if file not in loaded:
                loaded[file] = load[name](file, data_dir, lang)
        each = entry.get("for_each")
        if each in ("monitor_area", "plans_area") and f"{each[:-5]}_file" not in files:
            raise fault(at, "run.manifest.for_each", each=each, name=f"{each[:-5]}_file")
        areas = [None]
        if each == "area":
            have = set(load_figures(data_dir)["area_id"])
            areas = [a for a in names.index if a in have]
        elif each == "monitor_area":
            areas = list(loaded[files["monitor_file"]].table["area_id"])
        elif each == "plans_area":
            areas = list(loaded[files["plans_file"]]["area_id"])
        for area in dict.fromkeys(areas):
            fields = {"area_id": area, "name": names[area]} if area else {}
            try:
                output, job_params = _fill(entry["output"], fields), _fill(params, fields)
            except (KeyError, IndexError) as exc:
                raise fault(at, "run.manifest.placeholder", name=str(exc)) from None
            if not _plain(output):
                raise fault(at, "run.manifest.output", output=repr(output))
            if (area_id := job_params.get("area_id")) not in (None, "national", *names.index):
                known = ", ".join(sorted(names.index))
                raise fault(at, "run.area", area_id=repr(area_id), known=known)
            html, weight = entry.get("html", ""), entry.get("weight", 1)
            jobs.append(ReportJob(notebook, output, job_params, title, html, weight))
    keys = [j.key for j in jobs]
    if dupes := sorted({k for k in keys if keys.count(k) > 1}):
        raise RunError("run.manifest.twice", file=str(path), keys=", ".join(dupes))
    return jobs


def refuse_data_with_errors(data_dir: str | Path | None = None, lang: str = "nl") -> None:
    """Reports are only made from data that passes its checks (warnings are fine: they are the
    sources' own inconsistencies and the reports show them); the refusal in ``lang``."""
    from ..data import load_areas
    from ..rules import check_data

    findings = check_data(data_dir, lang)
    errors = findings[findings["severity"] == "error"]
    if len(errors):
        names = load_areas(data_dir).set_index("area_id")["name"]
        lines = [f"\n  - [{names.get(a, a)}] {m}" for a, m in errors[["area_id", "message"]].values]
        raise ValueError(t("run.data_errors", lang, n=len(errors)) + "".join(lines))


def with_scenario(jobs: list[ReportJob], scenario: dict, notebook_dir: Path) -> list[ReportJob]:
    values = {k: list(v) if isinstance(v, tuple) else v for k, v in scenario.items()}
    takes = {n: stamps.notebook_parameters(notebook_dir / n) for n in {j.notebook for j in jobs}}
    mine = {n: {k: v for k, v in values.items() if k in takes[n]} for n in takes}
    return [dataclasses.replace(j, parameters={**j.parameters, **mine[j.notebook]}) for j in jobs]
