"""Scenario files: a named what-if as a small YAML file, to prepare, share and rerun.

A scenario file holds the :class:`~nplv_analysis.engine.Scenario` field names that differ from
the base scenario (``Scenario()``, computed), a ``name`` and an optional ``description`` (each
a plain string, shown as written in every language, or ``{nl: ..., en: ...}``)::

    name: "70% en 1 jaar later"
    description: "Zeventig procent van de ingeschatte starts, alles een jaar later."
    realisation: 0.7
    delay_years: 1

It is read with the data folder's strict YAML (numbers written one way, no anchors or tags),
and every fault of a file is reported at once with the file, the line and the engine's message.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from ..data import validation
from ..data.loading import DEFAULT_DATA_DIR, BadNumber, Problem, read_yaml
from ..text import t
from .scenario import Scenario

TEXT_FIELDS = ("name", "description")
LANGS = ("nl", "en")
MAX_CHARS = {"name": 120, "description": 2_000}
"""Longest name and description of a scenario, in characters (a name labels tables, charts and
file names; the shipped ones are below 40)."""
MAX_SCENARIOS = 25
"""Most scenarios read from a folder or list, or compared at once (the project ships 7)."""
MAX_LISTED = 100
"""Faults listed per scenario file; the rest are counted ("... and N more")."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Control characters and bidirectional overrides: refused in a name or description."""


_SCENARIO_FIELDS = {f.name for f in fields(Scenario)}
_ALLOWED = ", ".join([*TEXT_FIELDS, *sorted(_SCENARIO_FIELDS)])


def _text_schema(code: str) -> dict:
    """A name or description: one text for every language, or ``{nl: ..., en: ...}``."""
    lang = validation.text(code)
    langs = validation.mapping(LANGS, LANGS, code, nl=lang, en=lang, unknown=code, missing=code)
    return {"anyOf": [lang, langs], "message": code}


SCENARIO_SCHEMA = validation.mapping(
    (*TEXT_FIELDS, *sorted(_SCENARIO_FIELDS)),
    ("name",),
    "scenario_file.not_mapping",
    unknown="scenario_file.unknown_field",
    missing="scenario_file.needs_name",
    name=_text_schema("scenario_file.needs_name"),
    description=_text_schema("scenario_file.bad_description"),
)
"""The structure of a scenario file: its values are checked by the engine (:class:`Scenario`)."""


class TooManyScenarios(ValueError):
    """More scenarios than :data:`MAX_SCENARIOS` given (``n``); ``text(lang)`` says so."""

    def __init__(self, n: int, where: str = ""):
        self.n = n
        self.where = where
        super().__init__(self.text("en"))

    def text(self, lang: str = "nl") -> str:
        head = f"{self.where}: " if self.where else ""
        return head + t("scenario_file.too_many", lang, n=self.n, limit=MAX_SCENARIOS)


def check_count(n: int, where: str = "") -> None:
    """:class:`TooManyScenarios` if ``n`` is more than :data:`MAX_SCENARIOS`."""
    if n > MAX_SCENARIOS:
        raise TooManyScenarios(n, where)


def _text_faults(shown: str, raw: Any, key: str, text: dict[str, str]) -> list[Fault]:
    """A name or description too long, or holding a control character."""
    faults = []
    for value in dict.fromkeys(text.values()):
        if len(value) > MAX_CHARS[key]:
            faults.append(
                _fault(
                    shown, raw, key, "scenario_file.too_long", n=len(value), limit=MAX_CHARS[key]
                )
            )
        elif bad := _CONTROL.search(value):
            code = f"#x{ord(bad.group()):04x}"
            faults.append(_fault(shown, raw, key, "scenario_file.control", char=code))
    return faults


@dataclass(frozen=True)
class Fault:
    """One fault of a scenario file: where it is (``line``, ``field``) and what is wrong, as a
    catalogue id and its values (``code``, ``values``) or an engine refusal (``error``).
    ``str()`` is English; :meth:`text` is in the reader's language."""

    file: str
    code: str = ""
    values: tuple = ()
    line: int | None = None
    field: str | None = None
    error: Exception | None = None

    def where(self, lang: str = "en") -> str:
        if self.field is None:
            return t("scenario_file.line", lang, line=self.line) if self.line else ""
        field = repr(self.field)
        if self.line:
            return t("scenario_file.where", lang, line=self.line, field=field)
        return t("scenario_file.field", lang, field=field)

    def message(self, lang: str = "en") -> str:
        if self.error is not None:
            text = getattr(self.error, "text", None)
            return text(lang) if text else str(self.error)
        return t(self.code, lang, **dict(self.values))

    def text(self, lang: str = "nl") -> str:
        where = self.where(lang)
        return (
            f"{self.file}: {where}: {self.message(lang)}"
            if where
            else (f"{self.file}: {self.message(lang)}")
        )

    def __str__(self) -> str:
        return self.text("en")


class ScenarioFileError(ValueError):
    """A scenario file that cannot be used; ``problems`` lists every fault found (each
    :class:`Fault` or, for the YAML itself, a :class:`~nplv_analysis.data.loading.Problem`).
    ``str()`` is English; :meth:`text` the reader's language."""

    def __init__(self, problems: list):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def text(self, lang: str = "nl") -> str:
        return "\n".join(p.text(lang) if isinstance(p, Fault) else str(p) for p in self.problems)


@dataclass(frozen=True)
class NamedScenario:
    """A scenario with its name and description (``{lang: text}``)."""

    name: dict[str, str]
    scenario: Scenario
    description: dict[str, str] | None = None

    def title(self, lang: str = "nl") -> str:
        return self.name[lang]


def _fault(shown: str, mapping: Any, key: str, code: str = "", **values) -> Fault:
    """A fault of one field of the file, with its line where the YAML reader knows it."""
    error = values.pop("error", None)
    line = getattr(mapping, "lines", {}).get(key)
    return Fault(shown, code, tuple(values.items()), line, str(key), error)


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


class _BadNumberError(ValueError):
    def __init__(self, raw: BadNumber):
        self.values = {"raw": repr(str(raw)), "reason": raw.reason}
        super().__init__(self.text("en"))

    def text(self, lang: str = "nl") -> str:
        return t("scenario_file.bad_number", lang, **self.values)


def _value(raw: Any) -> Any:
    """A field's value as the engine takes it (lists of weights become tuples; mappings by
    year stay mappings)."""
    if isinstance(raw, BadNumber):
        raise _BadNumberError(raw)
    if isinstance(raw, list):
        return tuple(_value(v) for v in raw)
    if isinstance(raw, dict):
        return {k: _value(v) for k, v in raw.items()}
    return raw


def load_scenario(path: str | Path, shown: str | None = None) -> NamedScenario:
    """Read a scenario file; raises :class:`ScenarioFileError` naming file, line and field for
    every fault (unknown fields, a missing name, values the engine refuses). ``shown``: the
    file's name in the messages (default: the path)."""
    path = Path(path)
    shown = str(path) if shown is None else shown
    if path.is_dir():
        raise ScenarioFileError([Fault(shown, "scenario_file.folder")])
    if not path.is_file():
        raise ScenarioFileError([Fault(shown, "scenario_file.missing")])
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ScenarioFileError([Fault(shown, "scenario_file.not_utf8", line=line)]) from None
    if not data.strip():
        raise ScenarioFileError([Fault(shown, "scenario_file.empty")])
    raw, problems = read_yaml(path, shown)
    if problems:
        raise ScenarioFileError(problems)
    if not isinstance(raw, dict):
        raise ScenarioFileError([Fault(shown, "scenario_file.not_mapping")])
    values: dict[str, Any] = {}
    faults: list[Fault] = []
    for path_, code in validation.errors(raw, SCENARIO_SCHEMA):
        allowed = {"allowed": _ALLOWED} if code.endswith("unknown_field") else {}
        faults.append(_fault(shown, raw, path_[0], code, **allowed))
    for key in raw.keys() & _SCENARIO_FIELDS:
        try:
            value = _value(raw[key])
            Scenario(**{key: value})  # the engine's own check of this one field
            values[key] = value
        except (TypeError, ValueError) as exc:
            faults.append(_fault(shown, raw, key, error=exc))
    faults.sort(key=lambda f: f.line or 1 << 30)  # in the order of the file
    name = _text(raw.get("name"))
    if name is not None:
        faults += _text_faults(shown, raw, "name", name)
    description = None
    if "description" in raw:
        description = _text(raw["description"])
        if description is not None:
            faults += _text_faults(shown, raw, "description", description)
    if faults:
        if len(faults) > MAX_LISTED:
            more = Fault(shown, "sheet.more", (("n", len(faults) - MAX_LISTED),))
            faults = [*faults[:MAX_LISTED], more]
        raise ScenarioFileError(faults)
    try:
        scenario = Scenario(**values)
    except ValueError as exc:
        raise ScenarioFileError([Fault(shown, error=exc)]) from None
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
    ['basisscenario', 'vertraging', 'realisatie-70']
    """
    folder = Path(folder) if folder is not None else scenarios_folder()
    out: dict[str, NamedScenario] = {}
    problems: list[Problem] = []
    paths = sorted(folder.glob("*.yaml"))
    check_count(len(paths), str(folder))
    for path in paths:
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
    check_count(len(scenario_files))
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
    differ from the base scenario (weights as lists)."""
    out: dict[str, Any] = {"name": name}
    if description:
        out["description"] = description
    for key, value in scenario.overrides().items():
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, dict):  # by year, or by area and year: plain YAML mappings
            value = {k: dict(v) if isinstance(v, dict) else v for k, v in value.items()}
        out[key] = value
    return yaml.safe_dump(out, sort_keys=False, allow_unicode=True)


def save_scenario(
    scenario: Scenario,
    path: str | Path,
    name: str | dict[str, str],
    description: str | dict | None = None,
) -> Path:
    """Write a scenario file that :func:`load_scenario` reads back to the same scenario (all of
    it or, if the write fails, the file as it was)."""
    from ..data.atomic import write_file

    return write_file(Path(path), scenario_yaml(scenario, name, description).encode("utf-8"))
