"""Hostile and broken data folders (issue 11): every case is refused with one message naming the
file, the line (row for CSV) and the key, never a traceback, never a silently changed figure, and
with bounded work (reading stops at the limits of loading.py). Speed is measured in benchmarks, not
here: a timed assertion fails on a loaded machine; the timeouts below only stop a hang."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from nplv_analysis.data import DataError, load_areas, load_dataset, load_figures, load_parameters

from .conftest import DATA, PROJECT, edit_yaml

ZO = "agreements/zaandam-oost.yaml"
HN = "agreements/heerlen-noord.yaml"
ZO_KEY = "'homes.startbouw.affordable'"


def replace(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in the raw text of ``path``; the line it starts on (1-based)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return text.count("\n", 0, at) + 1


def fails(data_dir: Path, file: str, line: int | None, *expected: str, load=load_dataset) -> str:
    """Loading fails; the message names ``file`` at ``line`` (any line if None) and ``expected``."""
    with pytest.raises(DataError) as info:
        load(data_dir)
    text = str(info.value)
    name = re.escape(Path(file).name)
    where = rf"{name}: line {line}\b" if line else rf"{name}: line \d+"
    assert re.search(where, text), f"{where!r} not in:\n{text}"
    for part in expected:
        assert part in text, f"{part!r} not in:\n{text}"
    assert len(text) < 2000, f"message of {len(text)} characters:\n{text[:2000]}"
    return text


def check_cli(data_dir: Path, *expected: str) -> str:
    """``python -m nplv_analysis check --data-dir --lang en`` ends non-zero, without a traceback
    (the timeout only stops a hang: a start takes seconds on a loaded machine); the Dutch run's
    words are tested in test_data_messages."""
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "nplv_analysis",
            "check",
            "--data-dir",
            str(data_dir),
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT,
    )
    out = run.stdout + run.stderr
    assert run.returncode != 0, out
    assert "Traceback" not in out, out
    for part in expected:
        assert part in out, f"{part!r} not in:\n{out}"
    return out


# --- numbers are written one way ------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (
            "07200000",
            "leading zero is not allowed (YAML 1.1 reads it as the octal number 1,900,544)",
        ),
        ("01481", "a leading zero is not allowed; write 1481"),
        ("0x10", "a hexadecimal number"),
        ("0o17", "an octal number"),
        ("0b101", "a binary number"),
        ("1:20:00", "a base-60 number"),
        (
            "1_481",
            "digit separators (_) are not allowed (YAML 1.1 reads 1_000 as 1000); write 1481",
        ),
        ("1.0e+308", "exponent notation is not allowed"),
        ("1e3", "exponent notation is not allowed"),
        ("+1481", "a plus sign is not allowed"),
        (".5", "write a digit before the point: 0.5"),
        ("1481.", "write no point, or a digit after it: 1481"),
        (".inf", "infinity and NaN are not figures"),
        ("-.inf", "infinity and NaN are not figures"),
        (".nan", "infinity and NaN are not figures"),
        ("1" * 40, "more than 30 digits"),
        ("yes", "value 'yes' is not a number"),
        ("on", "value 'on' is not a number"),
        ("2025-06-24", "value '2025-06-24' is not a number"),
        ('"1481"', "value '1481' is written as text (in quotes)"),
        ("01/3", "write the fraction with plain numbers"),
        ("9" * 400 + "/1", "write the fraction with plain numbers"),
    ],
)
def test_number_written_another_way_is_refused(data_copy, written, expected):
    line = replace(data_copy / ZO, "value: 1481", f"value: {written}")
    fails(data_copy, ZO, line, ZO_KEY, expected)


@pytest.mark.slow  # a process: `check` in one of its own
def test_octal_via_the_cli(data_copy):
    replace(data_copy / ZO, "value: 1481", "value: 07200000")
    check_cli(data_copy, "zaandam-oost.yaml: line 7, key 'homes.startbouw.affordable'", "octal")


def test_plain_decimals_still_load(data_copy):
    """The one way: digits, a minus sign, a decimal point; the value is read exactly."""
    replace(data_copy / ZO, "value: 1481", "value: 1481.0")
    fig = load_figures(data_copy)
    assert fig.loc[fig["area_id"] == "zaandam-oost", "value"].tolist() == [1481.0]


@pytest.mark.parametrize(
    ("file", "old", "new", "key", "expected"),
    [
        (HN, "value: 10000000\n", "value: 100000000001\n", "'orv.maximum'", "above the ceiling"),
        (HN, "value: 10000000\n", "value: 12345678901234567890123\n", "'orv.maximum'", "EUR"),
        (
            ZO,
            "value: 1481",
            "value: 1000001",
            ZO_KEY,
            "above the ceiling of 1,000,000 for unit homes",
        ),
        (ZO, "value: 1481", "value: 1481.5", ZO_KEY, "not a whole number (unit homes)"),
        (
            "national.yaml",
            "value: 1000000",
            "value: 100000001",
            "'residents.nplv_areas'",
            "above the ceiling of 100,000,000 for unit persons",
        ),
        (HN, "value: 2/3", "value: 3/2", "'residents.share_of_municipality'", "must be a share"),
        ("national.yaml", "value: 2027", "value: 2101", "'midterm_review.year'", "for unit year"),
        ("national.yaml", "value: 2027", "value: 1066", "'midterm_review.year'", "below 1,900"),
        (
            "national.yaml",
            "value: -0.30",
            "value: -1.5",
            "'realisatiestimulans.estimate_method.band_low'",
            "must be a share from -1 to 1",
        ),
    ],
)
def test_implausible_value_is_refused(data_copy, file, old, new, key, expected):
    line = replace(data_copy / file, old, new)
    fails(data_copy, file, line, key, expected)


def test_range_low_above_high_is_refused(data_copy):
    line = replace(data_copy / HN, "value: 5300000", "value: 9300000")
    fails(data_copy, HN, line, "'realisatiestimulans.estimate.low'", "is above the high end")


@pytest.mark.parametrize(
    ("old", "new", "key", "expected"),
    [
        ("value: 100/130", "value: 0", "correction", "must be above 0"),
        ("value: 7000\n", "value: 0\n", "per_home", "must be above 0"),
        ("value: -0.30", "value: 0.5", "band_low", "not above the high end"),
    ],
)
def test_parameters_the_rules_divide_by(data_copy, old, new, key, expected):
    line = replace(data_copy / "national.yaml", old, new)
    fails(data_copy, "national.yaml", line, key, expected, load=load_parameters)


# --- YAML that would run away ---------------------------------------------------------------

BOMB = "".join(
    ["a0: &a0 [x, x, x, x, x, x, x, x, x]\n"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)]
)
"""Nine levels of nine aliases: 9^10 (3.5 billion) strings once expanded."""


def test_alias_bomb_is_refused_before_expansion(data_copy):
    path = data_copy / ZO
    line = replace(path, "area_id: zaandam-oost\n", BOMB + "area_id: zaandam-oost\n")
    replace(path, "value: 1481", "value: *a9")
    text = fails(data_copy, ZO, line, "'a0'", "an anchor (&a0) is not allowed")
    assert "x, x" not in text and "['x'" not in text


@pytest.mark.slow  # a process: `check` in one of its own
def test_alias_bomb_via_the_cli(data_copy):
    path = data_copy / ZO
    replace(path, "area_id: zaandam-oost\n", BOMB + "area_id: zaandam-oost\n")
    replace(path, "value: 1481", "value: *a9")
    out = check_cli(data_copy, "zaandam-oost.yaml: line 3, key 'a0'", "anchor")
    assert len(out) < 1000


def test_alias_is_refused(data_copy):
    """An alias defined elsewhere in the file (here in a note) is refused where it is used."""
    path = data_copy / ZO
    original = path.read_text(encoding="utf-8")
    line = replace(path, "    unit: homes", "    unit: &u homes")
    fails(data_copy, ZO, line, f"{ZO_KEY}, field 'unit'", "an anchor (&u) is not allowed")
    path.write_text(original, encoding="utf-8")
    line = replace(path, "    unit: homes", "    unit: *u")
    fails(data_copy, ZO, line, f"{ZO_KEY}, field 'unit'", "an alias (*u) is not allowed")


@pytest.mark.parametrize(
    ("nested", "key"),
    [("[" * 300 + "]" * 300, f"{ZO_KEY}, field 'value'"), ("{a: " * 300 + "1" + "}" * 300, "")],
)
def test_deep_nesting_is_refused(data_copy, nested, key):
    line = replace(data_copy / ZO, "value: 1481", f"value: {nested}")
    fails(data_copy, ZO, line, key, "nested deeper than 10 levels")


@pytest.mark.slow  # a process: `check` in one of its own
def test_deep_nesting_via_the_cli(data_copy):
    replace(data_copy / ZO, "value: 1481", "value: " + "[" * 300 + "]" * 300)
    check_cli(data_copy, "zaandam-oost.yaml: line 7", "nested deeper than 10 levels")


@pytest.mark.parametrize("tag", ["!!int 0x10", "!!float 1e3", "!!binary aGVsbG8=", "!!set {a, b}"])
def test_tags_are_refused(data_copy, tag):
    line = replace(data_copy / ZO, "value: 1481", f"value: {tag}")
    fails(data_copy, ZO, line, ZO_KEY, f"a tag ({tag.split()[0]}) is not allowed")


def test_merge_key_is_a_plain_unknown_field(data_copy):
    line = replace(data_copy / ZO, "    unit: homes\n", "    <<: {unit: homes}\n")
    fails(data_copy, ZO, line - 2, ZO_KEY, "unknown field '<<'")


def test_control_character_names_the_line(data_copy):
    replace(data_copy / ZO, "area_id: zaandam-oost", "area_id: zaandam-oost\x07")
    fails(data_copy, ZO, 3, "character #x0007 is not allowed")


def test_a_long_list_is_not_echoed(data_copy):
    line = replace(data_copy / ZO, "value: 1481", "value: [" + "1234567, " * 5000 + "]")
    fails(data_copy, ZO, line, ZO_KEY, "a list of 5000 items is not a number")


def test_too_many_values_are_refused_quickly(data_copy, monkeypatch):
    """Reading stops at the limit: the work is counted (values PyYAML builds), not timed."""
    built = 0
    compose = yaml.composer.Composer.compose_node

    def counted(self, parent, index):
        nonlocal built
        built += 1
        return compose(self, parent, index)

    monkeypatch.setattr(yaml.composer.Composer, "compose_node", counted)
    line = replace(data_copy / ZO, "value: 1481", "value: [" + "1," * 60_000 + "]")
    fails(data_copy, ZO, line, "more than 50,000 values")
    # reading stopped at the limit; read to the end, the list alone would be 60,000 values
    assert built <= 50_000


def test_oversized_files_are_refused_before_reading(data_copy):
    path = data_copy / ZO
    path.write_text(path.read_text(encoding="utf-8") + "#" * 300_000 + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"zaandam-oost.yaml: is 30\d,\d{3} bytes; a data file"):
        load_dataset(data_copy)


def test_oversized_folder_is_refused_before_reading(data_copy):
    for i in range(5):
        (data_copy / f"agreements/x{i}.yaml").write_text("#" * 250_000 + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"data: its data files hold 1,2\d\d,\d{3} bytes together"):
        load_dataset(data_copy)


def test_many_problems_are_counted_not_all_listed(data_copy):
    extra = "".join(f"  k{i}: 1\n" for i in range(500))
    path = data_copy / ZO
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    assert len(info.value.problems) == 101
    assert "and 400 more problems, not listed" in str(info.value)


# --- dates and types checked before use -----------------------------------------------------


def test_impossible_date_in_sources(data_copy):
    line = replace(data_copy / "sources.yaml", "date: 2025-06-24", "date: 2025-02-30")
    text = fails(
        data_copy,
        "sources.yaml",
        line,
        "source 'ba-heerlen-noord-2025'",
        "date '2025-02-30' is not a date of the calendar",
    )
    assert "1 problem" in text  # figures citing the faulty source are not reported again


def test_impossible_signing_date(data_copy):
    line = replace(data_copy / HN, "date: 2025-06-24", "date: 2025-02-30")
    fails(data_copy, HN, line, "key 'signed', field 'date'", "not a date of the calendar")


@pytest.mark.slow  # a process: `check` in one of its own
def test_impossible_date_via_the_cli(data_copy):
    replace(data_copy / "sources.yaml", "date: 2025-06-24", "date: 2025-02-30")
    check_cli(data_copy, "sources.yaml: line 15", "not a date of the calendar")


def test_month_thirteen(data_copy):
    line = replace(data_copy / "sources.yaml", "date: 2022-07", "date: 2022-13")
    fails(data_copy, "sources.yaml", line, "there is no month 13")


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "national.yaml",
            "see_also: [gemeente-nu-2022-07]",
            "see_also: [[a, b]]",
            "see_also [['a', 'b']] must list known source ids",
        ),
        ("sources.yaml", "  kind: agreement", "  kind: [agreement]", "unknown kind ['agreement']"),
        (ZO, "vat: none", "vat: [none]", "unknown VAT basis ['none']"),
        (ZO, "unit: homes", "unit: {a: 1}", "unknown unit {'a': 1}"),
        (ZO, "    vat: none", "    qualifier: [circa]\n    vat: none", "qualifier ['circa']"),
        (ZO, "source: rijksoverheid-2025-06-24", "source: [x]", "unknown source id ['x']"),
        (
            HN,
            "  source: ba-heerlen-noord-2025\n  page: 9",
            "  source: [x]\n  page: 9",
            "'signed', field 'source'",
        ),
        (HN, "  place: Utrecht", "  place: [Utrecht]", "place ['Utrecht'] must be text"),
        ("sources.yaml", "title: Bestuurlijke", "title: [x]\n  note: Bestuurlijke", "title ["),
        ("sources.yaml", "url: https://zoek", "url: javascript:alert(1)//", "an http(s) address"),
        (
            "sources.yaml",
            "text_file: sources/",
            "text_file: ../../../../etc/passwd\n  note: sources/",
            "must be a path inside the data folder",
        ),
        ("sources.yaml", "text_file: sources/", "text_file: [x]\n  note: sources/", "text_file ["),
        (
            ZO,
            "  homes.startbouw.affordable:",
            "  ? [a]\n  : 1\n  homes.startbouw.affordable:",
            "key",
        ),
    ],
)
def test_wrong_type_is_a_message(data_copy, file, old, new, expected):
    line = replace(data_copy / file, old, new)
    fails(data_copy, file, line, expected)


@pytest.mark.slow  # a process: `check` in one of its own
@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("national.yaml", "see_also: [gemeente-nu-2022-07]", "see_also: [[a, b]]"),
        ("sources.yaml", "  kind: agreement", "  kind: [agreement]"),
    ],
)
def test_wrong_type_via_the_cli(data_copy, file, old, new):
    line = replace(data_copy / file, old, new)
    check_cli(data_copy, f"{Path(file).name}: line {line}")


def test_binary_text_file(data_copy):
    (data_copy / "sources/bestuurlijke-afspraken-heerlen-noord-2025.txt").write_bytes(b"\xff\xfe")
    fails(data_copy, "sources.yaml", None, "cannot be read as UTF-8 text")


def test_wrong_type_via_edit_yaml(data_copy):
    """The same through a YAML round trip: a list of lists where source ids belong."""
    edit_yaml(data_copy / HN, lambda o: o["figures"]["orv.total.incl"].update(see_also=[["a"]]))
    fails(data_copy, HN, None, "'orv.total.incl'", "must list known source ids")


# --- areas.csv --------------------------------------------------------------------------------


def test_superscript_page_number(data_copy):
    text = (data_copy / "areas.csv").read_text(encoding="utf-8")
    (data_copy / "areas.csv").write_text(
        text.replace("ba-heerlen-noord-2025,1\n", "ba-heerlen-noord-2025,²\n", 1), encoding="utf-8"
    )
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    text = str(info.value)
    assert "areas.csv: row 2 (area_id 'leeuwarden-oost'), column 'status_page'" in text
    assert "'²' must be a page number" in text
    assert "1 problem" in text  # its agreement file is not "an unknown area" as well


@pytest.mark.slow  # a process: `check` in one of its own
def test_superscript_page_number_via_the_cli(data_copy):
    replace(data_copy / "areas.csv", "ba-heerlen-noord-2025,1\n", "ba-heerlen-noord-2025,²\n")
    check_cli(data_copy, "areas.csv: row 2", "column 'status_page'")


def test_byte_order_mark_in_areas_is_read(data_copy):
    path = data_copy / "areas.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_areas(data_copy).equals(load_areas(DATA))


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        ("Leeu\0warden", "row 2 (area_id 'leeuwarden-oost'), column 'name': holds a control"),
        ("L" * 200_000, "row 2 (line 2): is not valid CSV: field larger than field limit"),
    ],
)
def test_areas_text_faults(data_copy, new, expected):
    replace(data_copy / "areas.csv", "Leeuwarden-Oost", new)
    with pytest.raises(DataError, match=re.escape(expected)):
        load_dataset(data_copy)


def test_areas_not_utf8(data_copy):
    path = data_copy / "areas.csv"
    path.write_bytes(path.read_bytes().replace(b"Leeuwarden,", b"Leeuw\xe4rden,", 1))
    with pytest.raises(DataError, match=r"areas.csv: line 2: is not UTF-8 text") as info:
        load_dataset(data_copy)
    assert "1 problem" in str(info.value)


# --- the shipped data ---------------------------------------------------------------------------


def test_shipped_data_loads_unchanged():
    fig = load_figures(DATA)
    assert len(fig) > 50
    assert fig["value"].notna().all()
    check = subprocess.run(
        [sys.executable, "-m", "nplv_analysis", "check"],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=PROJECT,
    )
    assert check.returncode == 0
    assert "0 fout(en), 5 waarschuwing(en)" in check.stdout
