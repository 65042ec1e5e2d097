"""The structure of the data files as JSON Schema: every message names file, line and field."""

import subprocess
import sys

import pytest

from nplv_analysis.data import DataError, load_dataset, validation


def problems(data_dir) -> list[str]:
    with pytest.raises(DataError) as info:
        load_dataset(data_dir)
    return [str(p) for p in info.value.problems]


def replace_in(path, *pairs: tuple[str, str]) -> None:
    """Replace, in the file, the first ``old`` of each pair by its ``new``."""
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


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
    replace_in(path, ("  kind: agreement\n", "  kind: blog\n  sha256: ABC\n"))
    # lines 12 and 13 of ba-heerlen-noord-2025
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


def test_a_page_written_another_way_gives_the_number_rule(data_copy):
    path = data_copy / "agreements/heerlen-noord.yaml"
    replace_in(path, ("  page: 9\n", "  page: 09\n"))
    assert problems(data_copy) == [
        f"{path}: line 14, key 'signed', field 'page': page '09' is not a plain decimal number: "
        "a leading zero is not allowed; write 9"
    ]


def test_signed_without_a_place_and_with_a_bad_date(data_copy):
    """The schema's missing field and the code's date rule, reported together."""
    path = data_copy / "agreements/heerlen-noord.yaml"
    replace_in(path, ("  place: Utrecht\n", ""), ("date: 2025-06-24", "date: 2025-06"))
    assert problems(data_copy) == [
        f"{path}: line 10, field 'signed': missing field 'place' (signed needs a date, a place, "
        "a source and its page)",
        f"{path}: line 11, key 'signed', field 'date': date '2025-06' must be the day of signing, "
        "YYYY-MM-DD",
    ]


def test_a_note_in_an_unknown_language(data_copy):
    path = data_copy / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("\n    en: ")  # in the note of stcrt-2025-36777, on line 26
    path.write_text(text[:at] + "\n    fr: Bonjour" + text[at:], encoding="utf-8")
    assert problems(data_copy) == [
        f"{path}: line 26, source 'stcrt-2025-36777': note must give the text in both "
        "languages: {nl: ..., en: ...} (unknown language: fr)"
    ]


def test_every_fault_of_an_area_row_names_row_and_column(data_copy):
    path = data_copy / "areas.csv"
    old = "leeuwarden-oost,Leeuwarden-Oost,Leeuwarden,true,true,gemeente-nu-2022-07,"
    new = "Leeuwarden Oost, ,Leeuwarden,ja,TRUE,gemeente-nu-2022-07,"
    replace_in(path, (old, new), ("-2025,1\n", "-2025,01\n"))
    found = [p for p in problems(data_copy) if p.startswith(f"{path}:")]
    where = f"{path}: row 2 (area_id 'Leeuwarden Oost'), column"
    assert found == [
        f"{where} 'area_id': must be a lower-case slug like heerlen-noord",
        f"{where} 'name': is empty",
        f"{where} 'signed_2025': 'ja' must be true or false",
        f"{where} 'status_page': '01' must be a page number (digits 0-9, no leading zero)",
    ]
