"""The manifest (``notebooks/reports.yaml``): the reports of a run, checked against its JSON
Schema (``manifest.schema.json``) and expanded. An entry with ``for_each: area`` becomes one
report per NPLV area with published figures (``monitor_area``: per area of its monitor file,
``plans_area``: of its plan list), ``{area_id}`` and ``{name}`` filled in."""

from __future__ import annotations

import dataclasses
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..resources import NOTEBOOK_DIR
from ..text import has_text, t
from . import stamps

DEFAULT_MANIFEST = NOTEBOOK_DIR / "reports.yaml"
DEFAULT_OUT = Path("reports")
"""The output folder: ``reports/`` of the current folder."""
SCHEMA = Path(__file__).with_name("manifest.schema.json")


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

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: Any) -> ReportJob:
        """A job as :meth:`to_dict` wrote it; TypeError or ValueError if it is not one."""
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


def load_areas(data_dir: str | Path | None = None):  # pandas only when needed: not in a no-op
    from ..data import load_areas as load

    return load(data_dir)


def areas_with_data(data_dir: str | Path | None = None) -> list[str]:
    from ..data import load_figures

    have = set(load_figures(data_dir)["area_id"])
    return [a for a in load_areas(data_dir)["area_id"] if a in have]


def _line(doc: yaml.Node | None, path: tuple) -> int:
    """The line of the value at ``path`` in the composed YAML document ``doc``."""
    for key in path:
        if isinstance(doc, yaml.MappingNode):
            doc = next((v for k, v in doc.value if k.value == key), doc)
        elif isinstance(doc, yaml.SequenceNode) and isinstance(key, int) and key < len(doc.value):
            doc = doc.value[key]
    return doc.start_mark.line + 1 if doc is not None else 1


@functools.cache
def _schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def _where(path: Path, doc: yaml.Node | None, at: tuple) -> str:  # file, line, report
    return f"{path}: line {_line(doc, at)}" + (f", report {at[1] + 1}" if len(at) > 1 else "")


def load_manifest(path: str | Path = DEFAULT_MANIFEST, data_dir=None, monitor=None, plans=None):
    """The reports of a manifest, checked (:data:`SCHEMA`, then what it cannot say: ValueError
    naming file, line, report and problem) and expanded; ``monitor`` and ``plans`` replace the
    ``monitor_file`` and ``plans_file`` parameters."""
    from ..data import validation

    given = {"monitor_file": monitor, "plans_file": plans}
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    raw, doc = yaml.safe_load(text), yaml.compose(text)
    if found := validation.errors(raw, _schema()):
        at, message = min(found, key=lambda f: _line(doc, f[0]))
        raise ValueError(f"{_where(path, doc, at)}: {message}")
    names = load_areas(data_dir).set_index("area_id")["name"]
    jobs: list[ReportJob] = []
    for i, entry in enumerate(raw["reports"]):
        where = _where(path, doc, ("reports", i))
        if not (path.parent / entry["notebook"]).is_file():
            raise ValueError(f"{where}: notebook {entry['notebook']!r} not found in {path.parent}")
        title = entry.get("title", "")
        if title and not has_text(title):
            raise ValueError(f"{where}: title {title!r} is not a text id of the catalogue")
        params = entry.get("parameters") or {}
        for name in stamps.INPUT_FILES:  # a parameter left None is an optional file not given
            if name in params and (given[name] is not None or params[name] is not None):
                file = Path(given[name] or path.parent / params[name])
                params = {**params, name: str(file.resolve())}
        each = entry.get("for_each")
        if each in ("monitor_area", "plans_area") and f"{each[:-5]}_file" not in params:
            raise ValueError(f"{where}: for_each {each} needs parameters.{each[:-5]}_file")
        areas = [None]
        if each == "area":
            areas = areas_with_data(data_dir)
        elif each == "monitor_area":
            from ..monitor import load_monitor

            areas = list(load_monitor(params["monitor_file"], data_dir).table["area_id"])
        elif each == "plans_area":
            from ..plans import load_plans

            areas = list(load_plans(params["plans_file"], data_dir)["area_id"])
        for area in dict.fromkeys(areas):
            fields = {"area_id": area, "name": names[area]} if area else {}
            try:
                output, job_params = _fill(entry["output"], fields), _fill(params, fields)
            except (KeyError, IndexError) as exc:
                raise ValueError(
                    f"{where}: unknown placeholder {exc} in output/parameters"
                ) from None
            if not _plain(output):
                raise ValueError(f"{where}: output {output!r} must be a plain folder name")
            html, weight = entry.get("html", ""), entry.get("weight", 1)
            jobs.append(ReportJob(entry["notebook"], output, job_params, title, html, weight))
    keys = [j.key for j in jobs]
    if dupes := sorted({k for k in keys if keys.count(k) > 1}):
        raise ValueError(f"{path}: two reports write the same files: {', '.join(dupes)}")
    return jobs


def check_inputs(jobs: list[ReportJob], data_dir: str | Path | None, lang: str | None) -> None:
    """A faulty monitor file or plan list stops the run before any report is written."""
    from ..monitor import load_monitor
    from ..plans import load_plans

    for name, load in (("monitor_file", load_monitor), ("plans_file", load_plans)):
        for path in dict.fromkeys(j.parameters[name] for j in jobs if j.parameters.get(name)):
            load(path, data_dir, lang or "nl")


def check_params(job: ReportJob, data_dir: str | Path | None) -> None:
    area_id = job.parameters.get("area_id")
    if area_id not in (None, "national"):
        known = set(load_areas(data_dir)["area_id"])
        if area_id not in known:
            raise ValueError(
                f"report {job.output!r}: area_id={area_id!r} is not an NPLV area "
                f"(known: {', '.join(sorted(known))})"
            )


def refuse_data_with_errors(data_dir: str | Path | None = None, lang: str = "nl") -> None:
    """Reports are only made from data that passes its checks (warnings are fine: they are the
    sources' own inconsistencies and the reports show them); the refusal in ``lang``."""
    from ..rules import check_data

    findings = check_data(data_dir, lang)
    errors = findings[findings["severity"] == "error"]
    if len(errors):
        names = dict(load_areas(data_dir)[["area_id", "name"]].itertuples(index=False))
        lines = "".join(
            f"\n  - [{names.get(e.area_id, e.area_id)}] {e.message}" for e in errors.itertuples()
        )
        raise ValueError(t("run.data_errors", lang, n=len(errors)) + lines)


def with_scenario(jobs: list[ReportJob], scenario: dict, notebook_dir: Path) -> list[ReportJob]:
    values = {k: list(v) if isinstance(v, tuple) else v for k, v in scenario.items()}
    takes = {n: stamps.notebook_parameters(notebook_dir / n) for n in {j.notebook for j in jobs}}
    mine = {n: {k: v for k, v in values.items() if k in takes[n]} for n in takes}
    return [dataclasses.replace(j, parameters={**j.parameters, **mine[j.notebook]}) for j in jobs]
