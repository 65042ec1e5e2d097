"""Scenario files: a named what-if as a small YAML file, to prepare, share and rerun.

A scenario file holds the :class:`~nplv_analysis.engine.Scenario` field names that differ from
the agreement in force, a ``name`` and an optional ``description`` (each a plain string, shown
as written in every language, or ``{nl: ..., en: ...}``)::

    name: "70% en 1 jaar later"
    description: "Zeventig procent van de ingeschatte starts, alles een jaar later."
    realisation: 0.7
    delay_years: 1

It is read with the data folder's strict YAML (numbers written one way, no anchors or tags),
and every fault of a file is reported at once with the file, the line and the engine's message.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from ..data.loading import DEFAULT_DATA_DIR, BadNumber, Problem, read_yaml
from .scenario import Scenario

TEXT_FIELDS = ("name", "description")
LANGS = ("nl", "en")


class ScenarioFileError(ValueError):
    """A scenario file that cannot be used; ``problems`` lists every fault found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class NamedScenario:
    """A scenario with its name and description (``{lang: text}``)."""

    name: dict[str, str]
    scenario: Scenario
    description: dict[str, str] | None = None

    def title(self, lang: str = "nl") -> str:
        return self.name[lang]


def _where(mapping: Any, key: str) -> str:
    line = getattr(mapping, "lines", {}).get(key)
    return f"line {line}, field {key!r}" if line else f"field {key!r}"


def _text(raw: Any) -> dict[str, str] | None:
    """A name or description: a plain string (the same in every language) or {nl, en}."""
    if isinstance(raw, str) and raw.strip():
        return dict.fromkeys(LANGS, raw.strip())
    if (
        isinstance(raw, dict)
        and set(raw) == set(LANGS)
        and all(isinstance(v, str) and v.strip() for v in raw.values())
    ):
        return {k: raw[k].strip() for k in LANGS}
    return None


def _value(raw: Any) -> Any:
    """A field's value as the engine takes it (lists of weights become tuples)."""
    if isinstance(raw, BadNumber):
        raise ValueError(f"{str(raw)!r} is not a plain decimal number: {raw.reason}")
    if isinstance(raw, list):
        return tuple(_value(v) for v in raw)
    return raw


def load_scenario(path: str | Path, shown: str | None = None) -> NamedScenario:
    """Read a scenario file; raises :class:`ScenarioFileError` naming file, line and field for
    every fault (unknown fields, a missing name, values the engine refuses). ``shown``: the
    file's name in the messages (default: the path)."""
    path = Path(path)
    shown = str(path) if shown is None else shown
    if path.is_dir():
        raise ScenarioFileError([Problem(shown, "", "is a folder, not a scenario file")])
    if not path.is_file():
        raise ScenarioFileError([Problem(shown, "", "no such file")])
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ScenarioFileError(
            [
                Problem(
                    shown,
                    f"line {line}",
                    "not UTF-8 text (saved as Windows-1252?): save it as UTF-8",
                )
            ]
        ) from None
    if not data.strip():
        raise ScenarioFileError(
            [Problem(shown, "", "empty file: a scenario needs at least a name")]
        )
    raw, problems = read_yaml(path, shown)
    if problems:
        raise ScenarioFileError(problems)
    if not isinstance(raw, dict):
        raise ScenarioFileError([Problem(shown, "", "must be a mapping of field: value")])
    known = {f.name for f in fields(Scenario)}
    values: dict[str, Any] = {}
    for key in raw:
        if not isinstance(key, str) or (key not in known and key not in TEXT_FIELDS):
            allowed = ", ".join([*TEXT_FIELDS, *sorted(known)])
            problems.append(Problem(shown, _where(raw, key), f"unknown field (allowed: {allowed})"))
            continue
        if key in TEXT_FIELDS:
            continue
        try:
            value = _value(raw[key])
            Scenario(**{key: value})  # the engine's own check of this one field
            values[key] = value
        except (TypeError, ValueError) as exc:
            problems.append(Problem(shown, _where(raw, key), str(exc)))
    name = _text(raw.get("name"))
    if name is None:
        problems.append(
            Problem(shown, _where(raw, "name"), "needs a name: a text, or {nl: ..., en: ...}")
        )
    description = None
    if "description" in raw:
        description = _text(raw["description"])
        if description is None:
            problems.append(
                Problem(shown, _where(raw, "description"), "must be a text or {nl: ..., en: ...}")
            )
    if problems:
        raise ScenarioFileError(problems)
    try:
        scenario = Scenario(**values)
    except ValueError as exc:
        raise ScenarioFileError([Problem(shown, "", str(exc))]) from None
    return NamedScenario(name, scenario, description)


def scenario_key(path: str | Path) -> str:
    """A scenario file's key: its name without the ordering number ("2-realisatie-70.yaml" ->
    "realisatie-70")."""
    stem = Path(path).stem
    head, _, rest = stem.partition("-")
    return rest if head.isdigit() and rest else stem


def scenarios_folder(data_dir: str | Path | None = None) -> Path:
    """The named scenarios of a data folder (default: the project's): ``<data_dir>/scenarios``."""
    return (Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR) / "scenarios"


def load_scenarios(folder: str | Path | None = None) -> dict[str, NamedScenario]:
    """The named scenarios of a folder (default: ``data/scenarios/``), in the order of their
    file names, keyed by :func:`scenario_key`. Every fault of every file is reported at once
    (:class:`ScenarioFileError`).

    >>> list(load_scenarios())[:3]
    ['afspraak', 'vertraging', 'realisatie-70']
    """
    folder = Path(folder) if folder is not None else scenarios_folder()
    out: dict[str, NamedScenario] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            out[scenario_key(path)] = load_scenario(path)
        except ScenarioFileError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScenarioFileError(problems)
    return out


def named_scenarios(
    scenario_files: list[str | Path] | str | Path | None = None,
    data_dir: str | Path | None = None,
) -> list[NamedScenario]:
    """The scenarios of ``scenario_files`` in the order given, or (None) every file of the data
    folder's ``scenarios/`` in the order of their names. A faulty file raises
    :class:`ScenarioFileError` naming file, line and field."""
    if scenario_files is None:
        return list(load_scenarios(scenarios_folder(data_dir)).values())
    if isinstance(scenario_files, str | Path):
        scenario_files = [scenario_files]
    return [load_scenario(p) for p in scenario_files]


def read_scenario(content: bytes | str, shown: str = "scenario") -> NamedScenario:
    """A scenario file's content (an upload in the explorer), read by the same strict rules
    as :func:`load_scenario`; ``shown`` names it in the messages."""
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scenario.yaml"
        path.write_bytes(data)
        return load_scenario(path, shown)


def scenario_yaml(
    scenario: Scenario, name: str | dict[str, str], description: str | dict | None = None
) -> str:
    """A scenario as the text of a scenario file: its name, description and the fields that
    differ from the agreement in force (weights as lists)."""
    out: dict[str, Any] = {"name": name}
    if description:
        out["description"] = description
    for key, value in scenario.overrides().items():
        out[key] = list(value) if isinstance(value, tuple) else value
    return yaml.safe_dump(out, sort_keys=False, allow_unicode=True)


def save_scenario(
    scenario: Scenario,
    path: str | Path,
    name: str | dict[str, str],
    description: str | dict | None = None,
) -> Path:
    """Write a scenario file that :func:`load_scenario` reads back to the same scenario."""
    path = Path(path)
    path.write_text(scenario_yaml(scenario, name, description), encoding="utf-8")
    return path
