"""Every kind of malformed data file fails loading with a message naming file, key and problem."""

from pathlib import Path

import pytest

from nplv_analysis.data import DataError, load_dataset

from .conftest import edit_yaml

HN = "agreements/heerlen-noord.yaml"


def fails(data_dir: Path, *expected: str) -> str:
    with pytest.raises(DataError) as info:
        load_dataset(data_dir)
    text = str(info.value)
    for part in expected:
        assert part in text, f"{part!r} not in:\n{text}"
    return text


def set_field(key: str, field: str, value):
    def change(obj):
        obj["figures"][key][field] = value

    return change


def drop_field(key: str, field: str):
    def change(obj):
        del obj["figures"][key][field]

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (drop_field("orv.total.incl", "unit"), "missing field 'unit'"),
        (drop_field("orv.total.incl", "source"), "missing field 'source'"),
        (set_field("orv.total.incl", "value", "7.500.000"), "'7.500.000' is not a number"),
        (set_field("orv.total.incl", "value", "€ 10 mln"), "is not a number"),
        (set_field("orv.total.incl", "value", True), "True is not a number"),
        (set_field("orv.total.incl", "value", -10_000_000), "is negative"),
        (set_field("orv.total.incl", "source", "nieuwsblad"), "unknown source id 'nieuwsblad'"),
        (set_field("orv.total.incl", "vat", "inclusive"), "unknown VAT basis 'inclusive'"),
        (set_field("orv.total.incl", "vat", "excl"), "VAT basis 'excl' does not fit this key"),
        (set_field("orv.total.incl", "unit", "homes"), "unit 'homes' does not fit this key"),
        (set_field("orv.total.incl", "unit", "euro"), "unknown unit 'euro'"),
        (set_field("orv.total.incl", "valeu", 1), "unknown field 'valeu'"),
        (set_field("orv.total.incl", "period", "2025-2024"), "ends before it starts"),
        (set_field("orv.total.incl", "period", "vijf jaar"), "period 'vijf jaar' must be"),
        (set_field("orv.total.incl", "qualifier", "ruim"), "unknown qualifier 'ruim'"),
        (set_field("orv.total.incl", "page", 13), "page 13 beyond the 12 pages"),
        (drop_field("orv.total.incl", "page"), "missing field 'page' (required for a figure"),
        (set_field("homes.startbouw.affordable", "value", 2400), "exceed all homes"),
        (set_field("orv.total.incl", "caveat", "Btw niet vermeld."), "caveat must give the text"),
        (set_field("orv.total.incl", "caveat", {"nl": "Btw niet vermeld."}), "both languages"),
        (set_field("orv.total.incl", "caveat", {"nl": "x", "en": "y", "fy": "z"}), "both"),
        (set_field("orv.total.incl", "caveat", {"nl": "x", "en": ""}), "both languages"),
    ],
)
def test_bad_figure(data_copy, change, expected):
    edit_yaml(data_copy / HN, change)
    text = fails(data_copy, expected, "heerlen-noord.yaml")
    key = "homes.startbouw.affordable" if "exceed" in expected else "orv.total.incl"
    assert f"'{key}'" in text


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (set_field("vat.rate_general", "article", None), "missing field 'page' or 'article'"),
        (set_field("vat.rate_general", "article", ""), "must be text"),
        (set_field("realisatiestimulans.first_payment_quarter", "value", 5), "not a quarter"),
        (set_field("realisatiestimulans.first_payment_quarter", "unit", "year"), "expected"),
        (set_field("orv.budget", "article", "9 lid 1"), "names its page, not an article"),
    ],
)
def test_bad_national_figure(data_copy, change, expected):
    def drop_none(obj):
        change(obj)
        for entry in obj["figures"].values():
            if entry.get("article", "") is None:
                del entry["article"]

    edit_yaml(data_copy / "national.yaml", drop_none)
    fails(data_copy, expected, "national.yaml")


def test_starts_are_not_a_national_key(data_copy):
    """The national 50,000 are homes and facilities "verbeterd en gebouwd", not starts: the
    starts key is an area key."""

    def change(obj):
        obj["figures"]["homes.startbouw.total"] = obj["figures"].pop("homes.programme.total")

    edit_yaml(data_copy / "national.yaml", change)
    fails(data_copy, "national.yaml", "'homes.startbouw.total'", "is an area figure")


def test_unknown_figure_key(data_copy):
    edit_yaml(data_copy / HN, lambda o: o["figures"].update({"orv.totaal.incl": {}}))
    fails(data_copy, "heerlen-noord.yaml", "'orv.totaal.incl'", "unknown figure key")


@pytest.mark.parametrize(
    ("file", "key", "where"),
    [
        ("national.yaml", "orv.total.incl", "belongs in agreements/<area>.yaml"),
        ("agreements/rotterdam-zuid.yaml", "orv.budget", "belongs in national.yaml"),
    ],
)
def test_key_in_the_wrong_file(data_copy, file, key, where):
    entry = {
        "value": 1,
        "unit": "EUR",
        "vat": "incl",
        "period": "2025",
        "source": "rijksoverheid-2025-06-24",
    }
    edit_yaml(data_copy / file, lambda o: o["figures"].update({key: entry}))
    fails(data_copy, Path(file).name, repr(key), where)


def test_duplicated_key_names_both_lines(data_copy):
    path = data_copy / HN
    text = path.read_text(encoding="utf-8")
    block = text[text.index("  orv.total.incl:") : text.index("  capaciteit.maximum:")]
    path.write_text(text.replace(block, block + block), encoding="utf-8")
    fails(data_copy, "heerlen-noord.yaml", "'orv.total.incl'", "duplicated key (first at line")


def test_file_name_not_an_area(data_copy):
    (data_copy / "agreements/heerlen-zuid.yaml").write_text("area_id: heerlen-zuid\n")
    fails(data_copy, "heerlen-zuid.yaml", "'heerlen-zuid' is not a known area")


def test_file_not_yaml(data_copy):
    (data_copy / "agreements/notes.txt").write_text("x")
    fails(data_copy, "notes.txt", "not a .yaml file")


def test_area_id_does_not_match_file(data_copy):
    edit_yaml(data_copy / HN, lambda o: o.update({"area_id": "heerlen"}))
    fails(data_copy, "heerlen-noord.yaml", "area_id 'heerlen' does not match the file")


def test_unknown_top_level_field(data_copy):
    edit_yaml(data_copy / HN, lambda o: o.update({"figuers": {}}))
    fails(data_copy, "heerlen-noord.yaml", "'figuers'", "unknown top-level field")


def test_unsafe_yaml_is_refused_not_run(data_copy, tmp_path):
    marker = tmp_path / "ran"
    (data_copy / "agreements/zaandam-oost.yaml").write_text(
        f"area_id: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    fails(data_copy, "zaandam-oost.yaml", "not valid YAML")
    assert not marker.exists()


def test_broken_yaml_names_the_line(data_copy):
    (data_copy / "agreements/zaandam-oost.yaml").write_text("area_id: zaandam-oost\nfigures: [\n")
    fails(data_copy, "zaandam-oost.yaml", "line ", "not valid YAML")


def test_all_problems_reported_at_once(data_copy):
    edit_yaml(data_copy / HN, set_field("orv.total.incl", "vat", "inclusive"))
    edit_yaml(
        data_copy / "agreements/rotterdam-zuid.yaml",
        set_field("rijksbijdrage.total.low", "value", "39,4"),
    )
    text = fails(data_copy, "2 problems", "heerlen-noord.yaml", "rotterdam-zuid.yaml")
    assert text.count("\n  - ") == 2


# --- areas.csv and sources.yaml -----------------------------------------------------------------


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_areas_bad_boolean(data_copy):
    _replace(data_copy / "areas.csv", "Arnhem,true,true", "Arnhem,ja,true")
    fails(
        data_copy,
        "areas.csv",
        "row 4 (area_id 'arnhem-oost'), column 'signed_2025'",
        "'ja' must be true or false",
    )


def test_areas_duplicated_id(data_copy):
    _replace(data_copy / "areas.csv", "breda-noord,", "arnhem-oost,")
    fails(data_copy, "areas.csv", "row 6 (area_id 'arnhem-oost')", "duplicated (first in row 4)")


def test_areas_unknown_source(data_copy):
    _replace(
        data_copy / "areas.csv", "Delft,true,true,gemeente-nu-2022-07", "Delft,true,true,wikipedia"
    )
    fails(data_copy, "areas.csv", "area_id 'delft-west'", "unknown source id 'wikipedia'")


def test_areas_wrong_header(data_copy):
    _replace(data_copy / "areas.csv", "area_id,name", "id,name")
    fails(data_copy, "areas.csv", "row 1 (header)", "columns must be exactly")


def test_source_unknown_kind(data_copy):
    edit_yaml(
        data_copy / "sources.yaml", lambda o: o["duic-2025-06-overvecht"].update({"kind": "blog"})
    )
    fails(data_copy, "sources.yaml", "'duic-2025-06-overvecht'", "unknown kind 'blog'")


def test_press_source_needs_url(data_copy):
    edit_yaml(data_copy / "sources.yaml", lambda o: o["duic-2025-06-overvecht"].pop("url"))
    fails(data_copy, "sources.yaml", "'duic-2025-06-overvecht'", "a news needs its url")


def test_missing_national_file(data_copy):
    (data_copy / "national.yaml").unlink()
    fails(data_copy, "national.yaml", "missing file")


def test_half_a_range_is_refused(data_copy):
    (data_copy / "agreements/arnhem-oost.yaml").write_text(
        "area_id: arnhem-oost\nfigures:\n  rijksbijdrage.total.low:\n    value: 15000000\n"
        "    unit: EUR\n    vat: not_stated\n    period: not_stated\n"
        "    source: rijksoverheid-2025-06-24\n"
    )
    fails(
        data_copy,
        "arnhem-oost.yaml",
        "'rijksbijdrage.total.low'",
        "has no 'rijksbijdrage.total.high'",
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"56000"', "value '56000' is written as text (in quotes)"),
        ("", "value is empty"),
    ],
)
def test_value_hints(data_copy, value, expected):
    path = data_copy / "agreements/zaandam-oost.yaml"
    text = path.read_text(encoding="utf-8").replace("value: 1481", f"value: {value}")
    path.write_text(text, encoding="utf-8")
    fails(data_copy, "zaandam-oost.yaml", "'homes.startbouw.affordable'", expected)


def test_misspelled_key_suggests_the_right_one(data_copy):
    path = data_copy / "agreements/zaandam-oost.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "homes.startbouw.affordable:", "homes.startbouw.afordable:"
    )
    path.write_text(text, encoding="utf-8")
    fails(data_copy, "unknown figure key", "did you mean 'homes.startbouw.affordable'?")
