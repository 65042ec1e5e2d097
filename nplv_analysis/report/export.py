"""Tables behind the reports, and writing them as CSV and Excel next to a report.

CSV files are byte-for-byte repeatable: fixed column order, rows in a stable order, amounts
in euros with two decimals (cents), every other number exact (as Python writes the float:
2/3 is 0.6666666666666666, never 0.67), ``\\n`` line ends. Text that a spreadsheet would
take for a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is
neutralised: prefixed with ``'`` in CSV (the OWASP rule), a string cell (never a formula cell) in
Excel; numbers stay numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..data import funding, housing, national_figures, national_summary
from ..engine import Scenario, allocation_comparison, national, run, totals, unknowns
from ..rules import check_data
from ..text import format_date, has_text, t


def area_tables(
    area_id: str,
    scenario: Scenario | None = None,
    data_dir: str | Path | None = None,
    lang: str = "nl",
) -> dict[str, pd.DataFrame]:
    """The tables of an area report: published funding, housing (the data's notes in
    ``lang``), the scenario's payments and totals, what the engine cannot compute (and why),
    and the data checks' findings (their messages in ``lang``)."""
    scenario = scenario or Scenario()
    findings = check_data(data_dir, lang)
    return {
        "funding": funding(area_id, data_dir).reset_index(),
        "housing": housing(area_id, data_dir, lang).reset_index(),
        "payments": run(scenario, [area_id], data_dir),
        "totals": totals(scenario, [area_id], data_dir),
        "unknown": unknowns([area_id], data_dir),
        "findings": findings[findings["area_id"] == area_id].reset_index(drop=True),
    }


def national_tables(
    scenario: Scenario | None = None, data_dir: str | Path | None = None, lang: str = "nl"
) -> dict[str, pd.DataFrame]:
    """The tables of the national overview (the data's notes in ``lang``)."""
    scenario = scenario or Scenario()
    alloc = (
        allocation_comparison(scenario, None, data_dir)
        .groupby(["rule", "area_id", "instrument"], as_index=False)["gross_eur"]
        .sum()
    )
    return {
        "areas": national_summary(data_dir).reset_index(),
        "national_figures": national_figures(data_dir, lang).reset_index(),
        "ceilings": national(scenario, data_dir),
        "allocation": alloc,
        "payments": run(scenario, None, data_dir),
    }


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP, CSV injection)."""


def neutralise(value):
    """A cell for a CSV file: text that a spreadsheet would run as a formula gets a leading
    ``'``; numbers and everything else are returned as they are.

    >>> neutralise("=1+1"), neutralise("Heerlen Noord"), neutralise(-1.5)
    ("'=1+1", 'Heerlen Noord', -1.5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def machine_number(value, column: str) -> str:
    """A number as a machine CSV writes it: euros (a column ending in ``_eur``) to the cent,
    anything else exact, the shortest text that reads back as the same float; empty for a
    missing value.

    >>> machine_number(2 / 3, "value"), machine_number(1 / 18, "orv_right_share_of_ceiling")
    ('0.6666666666666666', '0.05555555555555555')
    >>> machine_number(1234567.891234, "rs_expected_eur"), machine_number(float("nan"), "x")
    ('1234567.89', '')
    """
    if pd.isna(value):
        return ""
    if column.endswith("_eur"):
        return f"{value:.2f}"
    return repr(float(value))


def machine_numbers(table: pd.DataFrame) -> pd.DataFrame:
    """The float columns of ``table`` as text, written by :func:`machine_number`."""
    floats = [c for c in table.columns if pd.api.types.is_float_dtype(table[c])]
    if not floats:
        return table
    return table.assign(**{c: [machine_number(v, str(c)) for v in table[c]] for c in floats})


def _neutralised(table: pd.DataFrame) -> pd.DataFrame:
    text = [
        c
        for c in table.columns
        if pd.api.types.is_object_dtype(table[c]) or pd.api.types.is_string_dtype(table[c])
    ]
    if not text:
        return table
    return table.assign(**{c: table[c].map(neutralise) for c in text})


SHEET_SOURCES = "sources"


def workbook_sources(
    areas: list[str] | tuple[str, ...] | str = (),
    data_dir: str | Path | None = None,
    national_keys: list[str] | tuple[str, ...] | str | None = None,
    lang: str = "nl",
    monitor=None,
) -> pd.DataFrame:
    """The sources behind a workbook's figures: every source (and see-also) of the figures of
    ``areas`` (``"all"``: every area), and of the national figures ``national_keys`` (default:
    the keys of the parameter tree, which every computation uses; ``()`` for none, ``"all"`` for
    all), with its kind, title, publisher, date, the pages cited and the address; and the
    ``monitor`` file (a :class:`~nplv_analysis.monitor.Monitor`) where one is used. Columns are
    machine names (``source``, ``kind``, ``title``, ``publisher``, ``date``, ``pages``,
    ``url``)."""
    from ..data import load_figures, load_sources
    from ..data.parameters import REQUIRED_KEYS
    from ..data.schema import NATIONAL

    fig = load_figures(data_dir)
    keys = REQUIRED_KEYS if national_keys is None else national_keys
    national = fig["area_id"] == NATIONAL
    if keys != "all":
        national &= fig["key"].isin(list(keys))
    chosen = fig["area_id"] != NATIONAL if areas == "all" else fig["area_id"].isin(list(areas))
    mine = fig[chosen | national]
    pages: dict[str, set] = {}
    for src, page, also in zip(mine["source"], mine["page"], mine["see_also"], strict=True):
        pages.setdefault(src, set())
        if pd.notna(page):
            pages[src].add(int(page))
        for other in str(also).split("; ") if isinstance(also, str) else ():
            pages.setdefault(other, set())
    sources = load_sources(data_dir)
    rows = [
        {
            "source": sid,
            "kind": t(sources.at[sid, "kind"], lang),
            "title": sources.at[sid, "title"],
            "publisher": sources.at[sid, "publisher"],
            "date": sources.at[sid, "date"],
            "pages": ", ".join(str(p) for p in sorted(pages[sid])),
            "url": sources.at[sid, "url"] if pd.notna(sources.at[sid, "url"]) else "",
        }
        for sid in sorted(pages)
    ]
    return pd.DataFrame(
        rows, columns=["source", "kind", "title", "publisher", "date", "pages", "url"]
    )


# --- number formats of the Excel cells, by column name -----------------------------------------

EUR_FORMAT = "#,##0"
COUNT_FORMAT = "#,##0"
SHARE_FORMAT = "0%"
YEAR_FORMAT = "0"
COUNT_COLUMNS = (
    "startbouw_total",
    "startbouw_affordable",
    "estimated_starts_2029",
    "planned_starts_to_date",
    "realised_starts_to_date",
    "projected_starts_2029",
    "rs_registered_homes_to_date",
)


def cell_format(column: str) -> str | None:
    """The Excel number format of a column (None: as written). Excel shows it with the reader's
    own separators: "#,##0" is 7.500.000 in Dutch Excel.

    >>> cell_format("gross_eur"), cell_format("orv_ratio"), cell_format("year")
    ('#,##0', '0%', '0')
    """
    if column.endswith("_eur"):
        return EUR_FORMAT
    if column.endswith(("_ratio", "_share", "share_of_ceiling")) or column.startswith("p_"):
        return SHARE_FORMAT
    if column == "year":
        return YEAR_FORMAT
    if column in COUNT_COLUMNS:
        return COUNT_FORMAT
    return None


def col_label(name: str, lang: str = "nl") -> str:
    """A column's header for people (``col.<name>`` in the catalogue; the name if it has none)."""
    return t(f"col.{name}", lang) if has_text(f"col.{name}", lang) else name


def sheet_label(name: str, lang: str = "nl") -> str:
    """A sheet's name for people (``sheet.<name>``), at most 31 characters as Excel wants."""
    return (t(f"sheet.{name}", lang) if has_text(f"sheet.{name}", lang) else name)[:31]


def _shown_width(value) -> int:
    """About how many characters a cell shows (amounts with thousands separators)."""
    if value is None:
        return 0
    if isinstance(value, float):
        return len(f"{value:,.0f}")
    return len(str(value))


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE = re.compile(r"^[a-z][a-z0-9 _]{0,39}$")
DATE_FORMAT = "d-m-yyyy"
"""How a date cell shows in a workbook (as Dutch Excel writes a date)."""


def reader_value(value, lang: str = "nl", titles: dict[str, str] | None = None):
    """A cell of a machine table as a reader sees it in a workbook: an ISO date as a real date,
    a source id as the source's title (``titles``), a figure key as its label, a code of the
    catalogue ("within", "drawing_right", "not_stated") in words; anything else as it is.

    >>> reader_value("drawing_right"), reader_value("2025-06-24"), reader_value("Heerlen")
    ('trekkingsrecht (maximum)', datetime.date(2025, 6, 24), 'Heerlen')
    >>> reader_value("below_estimate"), reader_value("startbouw", "en")
    ('onder de inschatting', 'starts')
    """
    import datetime as dt

    from ..data.schema import LABELS, key_label

    if not isinstance(value, str):
        return value
    if _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if titles and value in titles:
        return titles[value]
    if value in LABELS:
        return key_label(value, lang)
    if _CODE.match(value):
        # a code, a kind of reference, a flag of the mid-term review, a plan list's phase
        for key in (value, f"kind.{value}", f"flag.{value}", f"plans.phase.{value}"):
            if has_text(key, lang) and t(key, lang):
                return t(key, lang)
    return value


def _is_date(value) -> bool:
    import datetime as dt

    return isinstance(value, dt.date)


ENGINE_COLUMNS = ("field", "raw")
"""Columns that name the engine's own field and value on purpose ("veld (rekenmodule)", the
workshop's scenario sheet): written as they are."""

CODE_COLUMNS = ("check_code", "code", "values", "reason_code", "reason_codes", "status_code")
"""Columns of codes for machines (the machine CSV and its codebook keep them): a workbook shows
the words they stand for (``check``, ``message``, ``reason``, ``status``) and leaves them out."""

_MONTH = re.compile(r"^\d{4}-\d{2}$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def _split(value) -> list[str]:
    return [] if not isinstance(value, str) else [v for v in value.split(", ") if v]


def _joined_words(value, lang: str, prefix: str = "", sep: str = ", "):
    """A joined list of codes (``"exact, at_least"``) as words, each from the catalogue
    (``prefix`` + code); a code that reads as nothing (``exact``) is left out."""
    if not isinstance(value, str):
        return value
    words = [t(prefix + v, lang) if has_text(prefix + v, lang) else v for v in _split(value)]
    return sep.join(dict.fromkeys(w for w in words if w))


class _Reader:
    """What a workbook needs to write a machine table for people: the sources' titles, the areas'
    names and the figures' labels, in ``lang``."""

    def __init__(self, lang: str, titles: dict[str, str] | None, data_dir=None):
        from ..data import load_areas
        from ..engine.inputs import RESIDUAL

        self.lang = lang
        self.data_dir = data_dir
        self.titles = {sid: quoted(title, lang) for sid, title in (titles or {}).items()}
        areas = load_areas(data_dir)
        self.areas = dict(zip(areas["area_id"], areas["name"], strict=True))
        self.areas[RESIDUAL] = t(RESIDUAL, lang)

    def key(self, value):
        from ..data.schema import key_label

        if value == "sum of the instruments":  # the funding view's total of three instruments
            return t("sum_of_instruments", self.lang)
        labels = []
        for key in _split(value):
            try:
                labels.append(key_label(key, self.lang))
            except KeyError:
                labels.append(key)
        return "; ".join(labels) if labels else value

    def column(self, name: str, values: pd.Series) -> pd.Series:
        lang = self.lang
        if name in ("keys", "key"):
            shown = [self.key(v) for v in values]
        elif name == "area_id":
            shown = [self.areas.get(v, v) if isinstance(v, str) else v for v in values]
        elif name == "source":
            shown = [
                "; ".join(self.titles.get(s, s) for s in _split(v)) if isinstance(v, str) else v
                for v in values
            ]
        elif name.endswith(("source_kind", "qualifier")) or name == "vat":
            shown = [_joined_words(v, lang) for v in values]
        elif name == "period":
            shown = [t("period_not_stated", lang) if v == "not_stated" else v for v in values]
        elif name == "unit":
            shown = [t(f"unit.{v}", lang) if has_text(f"unit.{v}", lang) else v for v in values]
        elif name == "rs_flag":
            shown = [_joined_words(v, lang, "flag.") for v in values]
        elif name == "last_period":
            shown = [self.period(v) for v in values]
        elif name == "date":
            shown = [format_date(v, lang) if _MONTH.match(str(v)) else v for v in values]
            shown = [reader_value(v, lang) for v in shown]
        else:
            shown = [reader_value(v, lang, self.titles) for v in values]
        return pd.Series(shown, index=values.index, dtype=object)

    def period(self, value):
        m = _QUARTER.match(str(value))
        if not m:
            return value
        return t("period_quarter", self.lang, quarter=int(m.group(2)), year=m.group(1))


def quoted(text, lang: str = "nl"):
    """A source's own title as written, between quotation marks: in either language a reader
    sees that the words are the source's, not ours."""
    return f"“{text}”" if isinstance(text, str) and text else text


def _reader_table(
    table: pd.DataFrame, lang: str, titles: dict[str, str] | None, data_dir=None
) -> pd.DataFrame:
    """A machine table as people read it: codes, keys, ids and ISO dates as words and dates
    (:class:`_Reader`), the findings' messages and statuses rendered in ``lang`` from their
    codes, the code columns left out (:data:`CODE_COLUMNS`)."""
    out = table.copy()
    columns = set(out.columns)
    if {"code", "values"} <= columns:
        from ..data.loading import dataset
        from ..rules.checks import finding_message

        ds = dataset(data_dir)
        areas = out["area_id"] if "area_id" in columns else [None] * len(out)
        out["message"] = [
            finding_message(c, v, a, lang, ds)
            for c, v, a in zip(out["code"], out["values"], areas, strict=True)
        ]
    if {"check_code", "check"} <= columns:
        out["check"] = [t(c, lang) for c in out["check_code"]]
    if {"status_code", "status"} <= columns:
        out["status"] = [t(c, lang) if isinstance(c, str) else c for c in out["status_code"]]
    out = out.drop(columns=[c for c in CODE_COLUMNS if c in columns])
    if {"area_id", "name"} <= columns:  # the area's name is there: its id says nothing more
        out = out.drop(columns=["area_id"])
    reader = _Reader(lang, titles, data_dir)
    for column in out.columns:
        if column not in ENGINE_COLUMNS and not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = reader.column(str(column), out[column])
    return out


def _write_sheet(
    writer,
    name: str,
    table: pd.DataFrame,
    lang: str,
    titles: dict[str, str] | None = None,
    data_dir=None,
) -> None:
    from openpyxl.utils import get_column_letter

    sheet_name = sheet_label(name, lang)
    table = _reader_table(table, lang, titles, data_dir)
    shown = table.rename(columns={c: col_label(str(c), lang) for c in table.columns})
    shown.to_excel(writer, sheet_name=sheet_name, index=False)
    ws = writer.sheets[sheet_name]
    ws.freeze_panes = "A2"
    if ws.max_row > 1 or ws.max_column > 1:
        ws.auto_filter.ref = ws.dimensions
    for j, column in enumerate(table.columns, start=1):
        fmt = cell_format(str(column))
        width = len(str(shown.columns[j - 1]))
        for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
            if cell.data_type == "f":  # text that openpyxl took for a formula: keep it text
                cell.data_type = "s"
            if fmt and cell.data_type == "n":
                cell.number_format = fmt
            if cell.is_date:
                cell.number_format = DATE_FORMAT
            width = max(width, _shown_width(cell.value))
        ws.column_dimensions[get_column_letter(j)].width = min(max(width, 6) + 2, 60)


def excel_workbook(
    tables: dict[str, pd.DataFrame],
    target,
    lang: str = "nl",
    sources: pd.DataFrame | None = None,
    data_dir: str | Path | None = None,
) -> None:
    """Write ``tables`` as one Excel workbook for people (``target``: a path or a binary file):
    headers and sheet names in ``lang`` from the text catalogue, every cell in words (codes,
    figure keys, source and area ids, ISO dates: :func:`_reader_table`; the data of
    ``data_dir``), Dutch-style number formats (``#,##0`` for euros and homes, ``0%`` for
    shares), a frozen header row, an autofilter, fitting column widths, formulas kept as text,
    and a sheet listing the ``sources``."""
    titles = None
    if sources is not None and {"source", "title"} <= set(sources.columns):
        titles = dict(zip(sources["source"], sources["title"], strict=True))
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        for name, table in tables.items():
            _write_sheet(writer, name, table, lang, titles, data_dir)
        if sources is not None:  # by title: a source id is the data's, not the reader's
            shown = sources.drop(columns=["source"]).assign(
                title=[quoted(v, lang) for v in sources["title"]]
            )
            _write_sheet(writer, SHEET_SOURCES, shown, lang, None, data_dir)


def write_tables(
    tables: dict[str, pd.DataFrame],
    folder: str | Path,
    book: str = "tables",
    lang: str = "nl",
    sources: pd.DataFrame | None = None,
    shown: dict[str, pd.DataFrame] | None = None,
    data_dir: str | Path | None = None,
) -> list[Path]:
    """Write each table as ``<name>.csv`` (machine CSV: comma, decimal point, UTF-8, byte-
    identical across runs, machine column names) and all of them as sheets of ``<book>.xlsx``
    for people (:func:`excel_workbook`; ``shown``: the tables as people read them, codes in
    words, if they differ). Each report has its own workbook (``tables`` for the area report
    and the overview, ``midterm-<year>`` for the mid-term review), so no report overwrites
    another's. The files are written all or nothing (:func:`..data.atomic.write_files`)."""
    import io

    from ..data.atomic import write_files

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {}
    for name, table in tables.items():
        text = machine_numbers(_neutralised(table)).to_csv(index=False, lineterminator="\n")
        files[f"{name}.csv"] = text.encode("utf-8")
    buf = io.BytesIO()
    excel_workbook(shown or tables, buf, lang, sources, data_dir)
    files[f"{book}.xlsx"] = buf.getvalue()
    files[codebook_name(book, lang)] = codebook_csv(tables, lang, data_dir)
    # all of them or none: a failure (a full disk) leaves the folder's tables as they were
    return write_files(folder, files)


FREE_TEXT = frozenset(
    {
        "note",
        "message",
        "reason",
        "quote",
        "name",
        "title",
        "publisher",
        "url",
        "description",
        "choices",
        "check",
        "values",
        "project",
    }
)
"""Columns of text in words (not codes): the codebook explains the column, not its values."""

MAX_CODES = 60
"""A column with more distinct values than this holds data, not codes: the codebook explains
the column only."""

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
"""A placeholder of a catalogue text (``{value:{unit}}`` is two, the inner one first)."""


def codebook_name(book: str, lang: str = "nl") -> str:
    """The codebook's file name beside a workbook's machine CSVs ("tables-codeboek.csv")."""
    return f"{book}-{t('codebook.file', lang)}.csv"


def codebook(
    tables: dict[str, pd.DataFrame], lang: str = "nl", data_dir: str | Path | None = None
) -> pd.DataFrame:
    """What each machine CSV of ``tables`` holds, for a reader of the CSV files, in ``lang``:
    one row per column (file, column, what it holds, its number format) and one row per code
    value a column holds (``drawing_right``: "trekkingsrecht (maximum)"; a figure key: its
    label; an area id: the area's name; a message code: the message, its values shown as
    "…"). Columns (machine names): ``file``, ``column``, ``code``, ``meaning``."""
    titles = _source_titles(data_dir)
    other = "en" if lang == "nl" else "nl"
    reader, reader_other = _Reader(lang, titles, data_dir), _Reader(other, titles, data_dir)
    rows = []
    for name, table in tables.items():
        file = f"{name}.csv"
        for column in table.columns:
            column = str(column)
            meaning = col_label(column, lang)
            kind = _column_kind(column, table[column])
            codes = []
            if kind == "codes":
                for code in sorted({v for part in table[column] for v in _codes(column, part)}):
                    words = _code_words(reader, column, code, lang)
                    # a value that reads the same in both languages is data (a page, a period)
                    same = words == code and _code_words(reader_other, column, code, other) == code
                    if words and not same:
                        codes.append(
                            {"file": file, "column": column, "code": code, "meaning": words}
                        )
                kind = "codes" if codes else None
            if kind:
                meaning = f"{meaning} ({t(f'codebook.kind.{kind}', lang)})"
            rows.append({"file": file, "column": column, "code": "", "meaning": meaning})
            rows += codes
    return pd.DataFrame(rows, columns=["file", "column", "code", "meaning"])


def _source_titles(data_dir) -> dict[str, str]:
    from ..data import load_sources

    sources = load_sources(data_dir)
    return dict(zip(sources.index, sources["title"], strict=True))


def _column_kind(column: str, values: pd.Series) -> str | None:
    """How a column's values are written: ``eur`` (euros to the cent), ``number`` (exact),
    ``bool``, ``codes`` (codes the codebook explains), or None (text in words, or other)."""
    if column.endswith("_eur"):
        return "eur"
    if pd.api.types.is_bool_dtype(values):
        return "bool"
    if pd.api.types.is_numeric_dtype(values):
        return "number"
    if column in FREE_TEXT or column in ENGINE_COLUMNS:
        return None
    distinct = {v for part in values for v in _codes(column, part)}
    return "codes" if 0 < len(distinct) <= MAX_CODES else None


def _codes(column: str, value) -> list[str]:
    """The codes in one cell (a joined list ``"a, b"`` is two)."""
    if not isinstance(value, str) or not value:
        return []
    if column in ("keys", "source", "reason_codes") or column.endswith(
        ("source_kind", "qualifier")
    ):
        return _split(value)
    return [value]


def _code_words(reader: _Reader, column: str, code: str, lang: str) -> str:
    """What one code stands for, as the workbook writes it."""
    if column in ("code", "check_code", "reason_code", "reason_codes", "status_code"):
        if not has_text(code, lang):
            return code
        text = t(code, lang)
        while _PLACEHOLDER.search(text):  # inner first: {value:{unit}}
            text = _PLACEHOLDER.sub("…", text)
        return text
    shown = reader.column(column, pd.Series([code], dtype=object)).iloc[0]
    if hasattr(shown, "isoformat"):
        return format_date(shown.isoformat(), lang)
    if shown == "" and code in ("exact", "none"):  # a code a workbook shows as an empty cell
        return t(f"codebook.{code}", lang)
    return str(shown) if shown is not None else ""


def codebook_csv(
    tables: dict[str, pd.DataFrame], lang: str = "nl", data_dir: str | Path | None = None
) -> bytes:
    """:func:`codebook` of ``tables`` as the bytes of ``<book>-codeboek.csv`` (English:
    ``-codebook``; :func:`write_tables` writes it beside the machine CSVs it explains): a
    machine CSV like them (comma, UTF-8), its header in ``lang``."""
    table = codebook(tables, lang, data_dir)
    table = table.rename(columns={c: t(f"codebook.col.{c}", lang) for c in table.columns})
    return _neutralised(table).to_csv(index=False, lineterminator="\n").encode("utf-8")


def excel_nl_csv(
    table: pd.DataFrame, lang: str = "nl", data_dir: str | Path | None = None
) -> bytes:
    """A table as CSV in the dialect Dutch Excel opens by double-click: ``;`` between fields,
    a decimal comma, UTF-8 with a byte-order mark, headers in ``lang``, every cell in words as
    in a workbook (:func:`_reader_table`: no codes, keys, ids; dates as "24 juni 2025"),
    formulas neutralised."""
    table = _reader_table(table, lang, None, data_dir)
    table = table.assign(
        **{
            str(c): [format_date(v.isoformat(), lang) if _is_date(v) else v for v in table[c]]
            for c in table.columns
            if table[c].dtype == object
        }
    )
    shown = _neutralised(table).rename(columns={c: col_label(str(c), lang) for c in table.columns})
    text = shown.to_csv(
        index=False, sep=";", decimal=",", float_format="%.2f", lineterminator="\r\n"
    )
    return ("\ufeff" + text).encode("utf-8")
