"""The manifest (``notebooks/reports.yaml``): the reports of a run, read, checked against its
JSON Schema (``manifest.schema.json``) and expanded. An entry with ``for_each: area`` becomes one
report per NPLV area with published figures (``monitor_area``: per area of its monitor file,
``plans_area``: of its plan list); ``{area_id}`` in its ``output`` and ``parameters`` is filled in.
"""

from __future__ import annotations

import dataclasses
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
"""The output folder: ``reports/`` of the current folder (``make reports``: the repository's)."""


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
    def stem(self) -> str:
        """The name of the report's files: ``<stem>.html`` and ``<stem>.ipynb``."""
        return Path(self.html).stem if self.html else Path(self.notebook).stem

    @property
    def key(self) -> str:
        """Unique within a run: the folder and the report's name."""
        return f"{self.output}/{self.stem}"

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: Any) -> ReportJob:
        """A job as :meth:`to_dict` wrote it; ValueError if it is not one."""
        names = [f.name for f in dataclasses.fields(cls)]
        if not (
            isinstance(d, dict)
            and set(d) == set(names)
            and all(isinstance(d[k], str) for k in ("notebook", "output", "title", "html"))
            and isinstance(d["parameters"], dict)
            and d["output"]
            and not d["output"].startswith(".")
            and "/" not in d["output"] + d["html"]
            and _is_weight(d["weight"])
        ):
            raise ValueError(f"not a report: {d!r}")
        return cls(**d)


# --- the manifest -------------------------------------------------------------------------------


def _is_weight(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 1e6


def _fill(value: Any, fields: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**fields)
    if isinstance(value, dict):
        return {k: _fill(v, fields) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, fields) for v in value]
    return value


def load_areas(data_dir: str | Path | None = None):
    """The areas table (:func:`nplv_analysis.data.load_areas`, imported when first needed: a run
    with nothing to do does not import pandas)."""
    from ..data import load_areas as load

    return load(data_dir)


def areas_with_data(data_dir: str | Path | None = None) -> list[str]:
    """The areas with at least one published figure, in the order of areas.csv."""
    from ..data import load_figures

    fig = load_figures(data_dir)
    have = set(fig["area_id"])
    return [a for a in load_areas(data_dir)["area_id"] if a in have]


SCHEMA = Path(__file__).with_name("manifest.schema.json")
"""The manifest's structure as a JSON Schema; each part's ``message`` says what is wrong."""


def _line(doc: yaml.Node | None, path: list) -> int:
    """The line (from 1) of the value at ``path`` in the composed YAML document ``doc``."""
    for key in path:
        if isinstance(doc, yaml.MappingNode):
            doc = next((v for k, v in doc.value if k.value == key), doc)
        elif isinstance(doc, yaml.SequenceNode) and isinstance(key, int) and key < len(doc.value):
            doc = doc.value[key]
    return doc.start_mark.line + 1 if doc is not None else 1


def _schema_problem(path: Path, doc: yaml.Node | None, raw: Any) -> str | None:
    """The first way ``raw`` (the manifest ``path``, composed as ``doc``) breaks :data:`SCHEMA`:
    its file, line, report, field and problem; None if it fits."""
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = jsonschema.Draft202012Validator(schema).iter_errors(raw)
    error = jsonschema.exceptions.best_match(errors)
    if error is None:
        return None
    at = list(error.absolute_path)
    if len(at) < 2:
        return f"{path}: line {_line(doc, at)}: {schema['message']}"
    head = f"{path}: line {_line(doc, at)}, report {at[1] + 1}"
    if error.validator == "required":
        missing = [f for f in error.validator_value if f not in error.instance]
        return f"{head}: missing field {missing[0]!r}"
    if error.validator == "additionalProperties":
        unknown = sorted(set(error.instance) - set(error.schema["properties"]))
        return f"{head}: unknown field(s) {unknown}"
    if len(at) == 2:
        return f"{head}: {error.schema['message']}"
    return f"{head}: {at[2]} {error.instance!r} {error.schema['message']}"


def load_manifest(
    path: str | Path = DEFAULT_MANIFEST,
    data_dir: str | Path | None = None,
    monitor: str | Path | None = None,
    plans: str | Path | None = None,
) -> list[ReportJob]:
    """Read, check (:data:`SCHEMA`, then what it cannot say) and expand a report manifest;
    ValueError naming the file, line, report and problem.

    ``monitor`` replaces the ``monitor_file`` parameter of the entries that have one, ``plans``
    the ``plans_file``."""
    given = {"monitor_file": monitor, "plans_file": plans}
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    raw, doc = yaml.safe_load(text), yaml.compose(text)
    problem = _schema_problem(path, doc, raw)
    if problem:
        raise ValueError(problem)
    names = load_areas(data_dir).set_index("area_id")["name"]
    jobs: list[ReportJob] = []
    for i, entry in enumerate(raw["reports"], start=1):
        where = f"{path}: line {_line(doc, ['reports', i - 1])}, report {i}"
        if not (path.parent / entry["notebook"]).is_file():
            raise ValueError(f"{where}: notebook {entry['notebook']!r} not found in {path.parent}")
        params = entry.get("parameters") or {}
        for name in stamps.INPUT_FILES:
            if name in params and (given[name] is not None or params[name] is not None):
                file = given[name]  # a parameter left None is an optional file not given
                file = Path(file) if file is not None else path.parent / params[name]
                params = {**params, name: str(file.resolve())}
        each = entry.get("for_each")
        if each in ("monitor_area", "plans_area") and f"{each[:-5]}_file" not in params:
            raise ValueError(f"{where}: for_each {each} needs parameters.{each[:-5]}_file")
        if each == "area":
            areas = areas_with_data(data_dir)
        elif each == "monitor_area":
            from ..monitor import load_monitor

            table = load_monitor(params["monitor_file"], data_dir).table
            areas = list(dict.fromkeys(table["area_id"]))
        elif each == "plans_area":
            from ..plans import load_plans

            areas = list(dict.fromkeys(load_plans(params["plans_file"], data_dir)["area_id"]))
        title = entry.get("title", "")
        if title and not has_text(title):
            raise ValueError(f"{where}: title {title!r} is not a text id of the catalogue")
        for fields in [{"area_id": a, "name": names[a]} for a in areas] if each else [{}]:
            try:
                output = _fill(entry["output"], fields)
                job_params = _fill(dict(params), fields)
            except KeyError as exc:
                raise ValueError(
                    f"{where}: unknown placeholder {exc} in output/parameters"
                ) from None
            if "/" in output or output.startswith(".") or "{" in output:
                raise ValueError(f"{where}: output {output!r} must be a plain folder name")
            html, weight = entry.get("html", ""), entry.get("weight", 1)
            jobs.append(ReportJob(entry["notebook"], output, job_params, title, html, weight))
    keys = [j.key for j in jobs]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise ValueError(f"{path}: two reports write the same files: {', '.join(dupes)}")
    return jobs


def check_inputs(
    jobs: list[ReportJob], data_dir: str | Path | None, lang: str | None = None
) -> None:
    """A faulty monitor file or plan list stops the run before any report is written."""
    from ..monitor import load_monitor
    from ..plans import load_plans

    for name, load in (("monitor_file", load_monitor), ("plans_file", load_plans)):
        for path in dict.fromkeys(j.parameters[name] for j in jobs if j.parameters.get(name)):
            load(path, data_dir, lang or "nl")


def check_params(job: ReportJob, data_dir: str | Path | None) -> None:
    area_id = job.parameters.get("area_id")
    if area_id is not None and area_id != "national":
        known = set(load_areas(data_dir)["area_id"])
        if area_id not in known:
            raise ValueError(
                f"report {job.output!r}: area_id={area_id!r} is not an NPLV area "
                f"(known: {', '.join(sorted(known))})"
            )


def refuse_data_with_errors(data_dir: str | Path | None = None, lang: str = "nl") -> None:
    """Reports are only made from data that passes its checks (warnings are fine: they are
    the sources' own inconsistencies and the reports show them); the refusal in ``lang``."""
    from ..rules import check_data

    findings = check_data(data_dir, lang)
    errors = findings[findings["severity"] == "error"]
    if len(errors):
        names = dict(load_areas(data_dir)[["area_id", "name"]].itertuples(index=False))
        lines = "\n".join(
            f"  - [{names.get(e.area_id, e.area_id)}] {e.message}" for e in errors.itertuples()
        )
        raise ValueError(t("run.data_errors", lang, n=len(errors)) + f"\n{lines}")


def with_scenario(
    jobs: list[ReportJob], scenario: dict[str, Any], notebook_dir: Path
) -> list[ReportJob]:
    """The jobs with the scenario's fields as parameters, for the notebooks that take them (the
    area report and the overview; the mid-term review has no scenario)."""
    import dataclasses

    values = {k: list(v) if isinstance(v, tuple) else v for k, v in scenario.items()}
    takes: dict[str, set[str]] = {}
    out = []
    for job in jobs:
        if job.notebook not in takes:
            takes[job.notebook] = stamps.notebook_parameters(notebook_dir / job.notebook)
        mine = {k: v for k, v in values.items() if k in takes[job.notebook]}
        out.append(dataclasses.replace(job, parameters={**job.parameters, **mine}))
    return out
