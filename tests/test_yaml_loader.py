"""The data files' YAML reader (loading.DataLoader) and the phases of a plan list
(plans/phases.yaml, described as JSON Schema): every fault names file, line and field."""

from pathlib import Path

import pytest

from nplv_analysis.data import DataError
from nplv_analysis.data.loading import BadNumber, read_yaml
from nplv_analysis.data.phases import load_phases

PHASES = "plans/phases.yaml"


def read(tmp_path: Path, text: str):
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    return read_yaml(path, "f.yaml")


def test_duplicated_key(tmp_path):
    raw, problems = read(tmp_path, "a: 1\nb:\n  c: 2\n  d: 3\n  c: 4\n")
    assert raw is None
    assert [str(p) for p in problems] == [
        "f.yaml: line 5, key 'c': duplicated key (first at line 3)"
    ]


def test_only_decimal_digits_are_numbers(tmp_path):
    """YAML 1.2 core for decimals; yes/on, dates and '<<' stay text; octal, base-60 and digit
    separators are marked bad numbers (the number rules refuse them with the reason)."""
    raw, problems = read(
        tmp_path,
        "a: 7500000\nb: -0.30\nc: yes\nd: on\ne: 2025-06-24\n'<<': x\nf: true\ng: ~\n"
        "h: 0755\ni: 1:20:00\nj: 1_000\n",
    )
    assert problems == []
    assert [raw[k] for k in "abcdefg"] == [7500000, -0.3, "yes", "on", "2025-06-24", True, None]
    assert raw["<<"] == "x"
    assert [(type(raw[k]), raw[k]) for k in "hij"] == [(BadNumber, "0755"), (BadNumber, "1:20:00"),
                                                       (BadNumber, "1_000")]  # fmt: skip
    keys = ["a", "b", "c", "d", "e", "<<", "f", "g", "h", "i", "j"]
    assert raw.lines == {k: n for n, k in enumerate(keys, start=1)}


def phase_faults(data_copy: Path, old: str, new: str) -> list[str]:
    path = data_copy / PHASES
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_phases(data_copy)
    return [str(p) for p in info.value.problems]


def test_shipped_phases_load():
    phases = load_phases()
    assert (phases["vergunning"].start_chance, phases["vergunning"].slip) == (0.9, (0.7, 0.2, 0.1))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "start_chance: 0.9",
            "start_chance: 0755",
            "line 28, phase 'vergunning', field 'start_chance': start_chance '0755' is not a "
            "plain decimal number: a leading zero is not allowed (YAML 1.1 reads it as the "
            "octal number 493); write 755",
        ),
        (
            "start_chance: 1.0",
            "start_chance: 1:00",
            "line 32, phase 'bouw', field 'start_chance': start_chance '1:00' is not a plain "
            "decimal number: a base-60 number (YAML 1.1 reads 1:20:00 as 4800); write decimal "
            "digits",
        ),
        (
            "slip: [0.7, 0.2, 0.1]",
            "slip: [0.7, 0.2_0, 0.1]",
            "line 29, phase 'vergunning', field 'slip': slip '0.2_0' is not a plain decimal "
            "number: digit separators (_) are not allowed (YAML 1.1 reads 1_000 as 1000); write "
            "0.20",
        ),
        (
            "    slip: [0.7, 0.2, 0.1]\n",
            "",
            "line 26, phase 'vergunning': missing field 'slip'",
        ),
        (
            "start_chance: 0.9",
            "start_chance: 1.5",
            "line 28, phase 'vergunning', field 'start_chance': start_chance 1.5 must be a "
            "chance from 0 to 1",
        ),
        (
            "slip: [0.7, 0.2, 0.1]",
            "slip: [0.7, 0.2]",
            "line 29, phase 'vergunning', field 'slip': slip must be the chances of 0, 1, 2, ... "
            "years of slip (at most 10), adding up to 1",
        ),
        (
            "label: {nl: bouw, en: construction}",
            "label: {nl: bouw}",
            "line 31, phase 'bouw', field 'label': label must be {nl: ..., en: ...} (missing 'en')",
        ),
        (
            "  bouw:\n",
            "  afbouw:\n",
            "line 30, phase 'afbouw': unknown phase 'afbouw' (the phases are initiatief, "
            "planvorming, vergunning, bouw)",
        ),
        (
            "  bouw:\n    label: {nl: bouw, en: construction}\n    start_chance: 1.0\n"
            "    slip: [1.0]\n",
            "",
            "line 17, field 'phases': missing phase 'bouw' (the phases are initiatief, "
            "planvorming, vergunning, bouw)",
        ),
    ],
)
def test_a_fault_in_the_phases_names_file_line_and_field(data_copy, old, new, expected):
    assert f"{PHASES}: {expected}" in phase_faults(data_copy, old, new)
