"""The phases of a plan list's projects and what each says about a start (``plans/phases.yaml``
of a data folder): the chance that a project starts, and the chances of 0, 1, 2, ... years of
slip. These are the analyst's choices, not published figures (A31): the file says so.

>>> p = load_phases()
>>> list(p)
['initiatief', 'planvorming', 'vergunning', 'bouw']
>>> p["vergunning"].start_chance, p["vergunning"].slip
(0.9, (0.7, 0.2, 0.1))
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import validation
from .loading import DataError, dataset
from .yamlfile import Msg, Problem, Where, read_yaml

PHASES = ("initiatief", "planvorming", "vergunning", "bouw")
"""The phase codes of a plan list, from the idea to the building site."""

PHASES_FILE = Path("plans") / "phases.yaml"
MAX_SLIP_YEARS = 10

_SLIP_VALUES = {"most": MAX_SLIP_YEARS}
_SLIP = Msg("phases.slip", **_SLIP_VALUES)
_CHANCE = {"type": "number", "minimum": 0, "maximum": 1}
_LABEL = {"form": validation.FORM}
_PHASE = validation.mapping(
    ("label", "start_chance", "slip"),
    ("label", "start_chance", "slip"),
    "data.phases.phase",
    label=validation.mapping(
        ("nl", "en"),
        ("nl", "en"),
        "data.phases.label",
        "data.phases.label.unknown",
        "data.phases.label.missing",
        _LABEL,
        nl=validation.text("data.phases.label") | {"values": _LABEL},
        en=validation.text("data.phases.label") | {"values": _LABEL},
    ),
    start_chance=_CHANCE | {"message": "data.phases.chance"},
    slip={"type": "array", "minItems": 1, "maxItems": MAX_SLIP_YEARS + 1,
          "message": "data.phases.slip", "values": _SLIP_VALUES,
          "items": _CHANCE | {"message": "data.phases.slip", "values": _SLIP_VALUES}},
)  # fmt: skip
_NAMES = {"phases": ", ".join(PHASES)}
SCHEMA = validation.mapping(
    ("basis", "note", "phases"),
    ("phases",),
    "data.phases.not_mapping",
    basis=validation.text(),
    note=validation.both_languages("note"),
    phases=validation.mapping(
        PHASES,
        PHASES,
        "data.phases.phases",
        "data.phases.unknown",
        "data.phases.missing",
        _NAMES,
        **dict.fromkeys(PHASES, _PHASE),
    ),
)
"""The structure of ``plans/phases.yaml``; that each slip adds up to 1 is checked in code."""


@dataclass(frozen=True)
class Phase:
    code: str
    label: dict[str, str]
    start_chance: float
    slip: tuple[float, ...]
    """Chances of 0, 1, 2, ... years of slip after the planned start year (adding up to 1)."""


def load_phases(data_dir: str | Path | None = None) -> dict[str, Phase]:
    """The phases of ``plans/phases.yaml`` in the data folder, by code in the order of
    :data:`PHASES`; a :class:`DataError` names file, line and field of every fault. Read once
    per folder content (with the data folder's cache)."""
    return dataset(data_dir).derived("plan_phases", lambda ds: _read(ds.data_dir))


def _where(raw: dict, path: tuple) -> Where | str:
    """ "line 28, phase 'vergunning', field 'start_chance'": as deep as the file has the path."""
    parts: list[tuple[str, str]] = []
    line, node = None, raw
    for i, key in enumerate(path[:3]):
        lines = getattr(node, "lines", {})
        if key not in lines:
            break
        line, node = lines[key], node[key]
        if i > 0 or len(path) == 1:  # "phases" is not named above a phase
            parts.append(("phase" if i == 1 else "field", repr(key)))
    return Where(("line", line), *(parts or [("field", repr(path[0]))])) if line else ""


def _read(folder: Path) -> dict[str, Phase]:
    path = Path(folder) / PHASES_FILE
    shown = str(PHASES_FILE)
    if not path.is_file():
        raise DataError([Problem(shown, "", Msg("phases.no_file"))])
    raw, problems = read_yaml(path, shown)
    if not problems:
        found = validation.errors(raw, SCHEMA)
        problems = [Problem(shown, _where(raw, p), message) for p, message in found]
    if not problems:
        phases = raw["phases"]
        slips = [code for code in PHASES if abs(sum(phases[code]["slip"]) - 1) > 1e-9]
        problems = [Problem(shown, _where(raw, ("phases", c, "slip")), _SLIP) for c in slips]
    if problems:
        raise DataError(problems)
    return {
        code: Phase(code, dict(p["label"]), float(p["start_chance"]), tuple(map(float, p["slip"])))
        for code, p in ((c, phases[c]) for c in PHASES)
    }
