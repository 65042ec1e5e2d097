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

import math
from dataclasses import dataclass
from pathlib import Path

from .loading import BadNumber, DataError, Problem, dataset, read_yaml

PHASES = ("initiatief", "planvorming", "vergunning", "bouw")
"""The phase codes of a plan list, from the idea to the building site."""

PHASES_FILE = Path("plans") / "phases.yaml"
MAX_SLIP_YEARS = 10


@dataclass(frozen=True)
class Phase:
    code: str
    label: dict[str, str]
    start_chance: float
    slip: tuple[float, ...]
    """Chances of 0, 1, 2, ... years of slip after the planned start year (adding up to 1)."""


def _chance(raw) -> float | None:
    if isinstance(raw, bool | BadNumber) or not isinstance(raw, int | float):
        return None
    return float(raw) if math.isfinite(raw) and 0 <= raw <= 1 else None


def load_phases(data_dir: str | Path | None = None) -> dict[str, Phase]:
    """The phases of ``plans/phases.yaml`` in the data folder, by code in the order of
    :data:`PHASES`; a :class:`DataError` names file, line and field of every fault. Read once
    per folder content (with the data folder's cache)."""
    return dataset(data_dir).derived("plan_phases", lambda ds: _read(ds.data_dir))


def _read(folder: Path) -> dict[str, Phase]:
    path = Path(folder) / PHASES_FILE
    shown = str(PHASES_FILE)
    if not path.is_file():
        raise DataError([Problem(shown, "", "no such file: the plan list's phases are read here")])
    raw, problems = read_yaml(path, shown)
    if problems:
        raise DataError(problems)
    phases = raw.get("phases") if isinstance(raw, dict) else None
    if not isinstance(phases, dict) or set(phases) != set(PHASES):
        raise DataError(
            [Problem(shown, "phases", f"must give exactly the phases {', '.join(PHASES)}")]
        )
    out = {}
    for code in PHASES:
        entry = phases[code]
        line = getattr(phases, "lines", {}).get(code)
        where = f"line {line}, phase {code!r}" if line else f"phase {code!r}"
        if not isinstance(entry, dict):
            problems.append(Problem(shown, where, "must give label, start_chance and slip"))
            continue
        chance = _chance(entry.get("start_chance"))
        slip_raw = entry.get("slip")
        slip = (
            tuple(_chance(s) for s in slip_raw) if isinstance(slip_raw, list) and slip_raw else ()
        )
        label = entry.get("label")
        if chance is None:
            problems.append(Problem(shown, where, "start_chance must be a chance from 0 to 1"))
        if not slip or None in slip or len(slip) > MAX_SLIP_YEARS + 1 or abs(sum(slip) - 1) > 1e-9:
            problems.append(
                Problem(
                    shown,
                    where,
                    "slip must be the chances of 0, 1, 2, ... years of slip (at most "
                    f"{MAX_SLIP_YEARS}), adding up to 1",
                )
            )
        if not (
            isinstance(label, dict)
            and set(label) == {"nl", "en"}
            and all(isinstance(v, str) and v.strip() for v in label.values())
        ):
            problems.append(Problem(shown, where, "label must be {nl: ..., en: ...}"))
        if not problems:
            out[code] = Phase(code, dict(label), chance, slip)
    if problems:
        raise DataError(problems)
    return out
