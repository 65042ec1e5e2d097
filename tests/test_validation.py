"""The structure of the data files as JSON Schema: every message names file, line and field."""

import subprocess
import sys

import pytest

from nplv_analysis.data import DataError, load_dataset, validation


def problems(data_dir) -> list[str]:
    with pytest.raises(DataError) as info:
        load_dataset(data_dir)
    return [str(p) for p in info.value.problems]


def insert_after(path, line_text: str, new: str) -> int:
    """Insert ``new`` as a line after the first line equal to ``line_text``; its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index(line_text) + 1
    lines.insert(at, new)
    path.write_text("\n".join(lines), encoding="utf-8")
    return at + 1


def test_unknown_field_in_signed_names_its_own_line(data_copy):
    path = data_copy / "agreements/heerlen-noord.yaml"
    line = insert_after(path, "  place: Utrecht", "  plaats: Heerlen")  # line 13
    assert line == 13
    assert problems(data_copy) == [
        f"{path}: line 13, key 'signed', field 'plaats': unknown field 'plaats' "
        "(allowed: date, place, source, page)"
    ]


def test_several_faults_of_one_source_each_on_its_line(data_copy):
    path = data_copy / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  kind: agreement\n", "  kind: blog\n  sha256: ABC\n", 1)
    path.write_text(text, encoding="utf-8")  # lines 12 and 13 of ba-heerlen-noord-2025
    found = problems(data_copy)
    assert (
        f"{path}: line 12, source 'ba-heerlen-noord-2025': unknown kind 'blog' (allowed: "
        in (found[0])
    )
    assert found[1] == (
        f"{path}: line 13, source 'ba-heerlen-noord-2025': sha256 'ABC' must be 64 lower-case "
        "hexadecimal digits"
    )


def test_errors_give_path_and_message():
    found = validation.errors(
        {"value": 1, "unit": "euro", "vat": "incl", "period": "2025", "sourse": "x"},
        validation.FIGURE,
    )
    assert found == [
        (("unit",), "unknown unit 'euro' (allowed: " + ", ".join(validation.schema.UNITS) + ")"),
        (("source",), "missing field 'source'"),
        (
            ("sourse",),
            "unknown field 'sourse' (allowed: " + ", ".join(validation.schema.FIGURE_FIELDS) + ")",
        ),
    ]


def test_format_checkers_stay_out_of_the_import():
    """jsonschema's optional format modules (seconds to import) are not loaded by the loader."""
    code = (
        "import sys; import nplv_analysis.data.loading; "
        "print(sorted(m for m in ('rfc3987_syntax', 'isoduration', 'idna') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
