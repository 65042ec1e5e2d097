"""The Excel template people fill in: ``data/monitor/template.xlsx``, built by code.

A sheet "instructies" (in Dutch: what each column holds, how numbers are written, the ILLUSTRATIE
rule), a sheet "monitor" with the Dutch header of :data:`.intake.HEADERS` (frozen), a number
format per column, drop-downs of the area ids, years and quarters, checks of the counts and amounts
against :func:`.intake.ceilings`, and a sheet "gebieden" with the area ids of
``data/areas.csv``. The build is reproducible: the same data folder gives the same bytes
(fixed document dates and zip entry times). Rewrite it with
``python -m nplv_analysis monitor-template``.

>>> from nplv_analysis.monitor.template import build_template
>>> build_template() == build_template()
True
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..data import DEFAULT_DATA_DIR, load_areas
from ..data.parameters import load_parameters
from ..data.sheets import FIXED_TIME, template_workbook, workbook_bytes, write_bytes
from .intake import AMOUNTS, COLUMNS, COUNTS, HEADERS, ILLUSTRATIVE_MARK, SHEET, ceilings

LAST_ROW = 1_048_576
"""The checks hold for the whole column below the header (Excel's last row)."""

FORMATS = {
    "area_id": "@",
    "year": "0",
    "quarter": "0",
    **dict.fromkeys(COUNTS, "#,##0"),
    **dict.fromkeys(AMOUNTS, '"€" #,##0'),
    "source": "@",
    "as_of": "d-m-yyyy",
}
"""The number format of each column (Dutch Excel shows #,##0 as 1.234; a peildatum as 30-6-2027,
and writes it so in a CSV file, which the intake reads)."""
DATE_ROWS = 1000
"""The peildatum cells of rows 2 to this one carry the date format themselves (a column's style
alone is not what every spreadsheet program applies to a new cell)."""
WIDTHS = {
    "area_id": 26,
    "year": 8,
    "quarter": 10,
    **dict.fromkeys(COUNTS, 16),
    "rs_registered_homes": 30,
    **dict.fromkeys(AMOUNTS, 20),
    "source": 50,
    "as_of": 12,
}
EXPLAIN = {
    "area_id": (
        "het gebied, met zijn code uit de lijst (blad 'gebieden')",
        "heerlen-noord",
    ),
    "year": ("het jaar, {first}-{last}", "2026"),
    "quarter": (
        "1-4, of leeg voor het hele jaar; een jaar vult u in als geheel of per kwartaal, "
        "niet allebei",
        "2",
    ),
    "homes_started_total": (
        "woningen waarvan de bouw is gestart (Landelijke Monitor Voortgang Woningbouw)",
        "376",
    ),
    "homes_started_affordable": ("waarvan betaalbaar; nooit meer dan het totaal", "284"),
    "rs_registered_homes": (
        "betaalbare starts aangemeld voor de realisatiestimulans; nooit meer dan de "
        "betaalbare starts",
        "174",
    ),
    "orv_costs_eur": ("vergoede ORV-kosten in euro, incl. btw (de jaarlijkse ORV-rapportage)", ""),
    "capacity_costs_eur": ("vergoede capaciteitskosten in euro, incl. btw", ""),
    "source": (
        "waar de cijfers van de rij vandaan komen (rapport, datum)",
        "Monitor Voortgang Woningbouw, export 2027-07-01",
    ),
    "as_of": (
        "de peildatum: de datum waarop de cijfers zijn opgevraagd, als datum (d-m-jjjj of "
        "jjjj-mm-dd; geen schuine strepen); één peildatum per bestand",
        "30-6-2027",
    ),
}
"""Per column: what it holds and an example (the amounts' examples are written as Dutch Excel
shows them)."""
_AMOUNT_EXAMPLES = {"orv_costs_eur": "€ 1.400.000", "capacity_costs_eur": "€ 774.000"}


def _instructions(first: int, last: int) -> list[tuple[str, str]]:
    """The lines of the instructions sheet: (style, text)."""
    lines = [
        ("title", "Monitor NPLV-woningbouwafspraken: invulblad voor de tussentijdse evaluatie"),
        ("", ""),
        (
            "",
            f"Vul op het blad '{SHEET}' één rij in per gebied en jaar (of kwartaal). Laat de "
            "kopregel (rij 1) staan zoals hij is en zet er geen titel boven: de kopregel moet "
            "in rij 1 staan.",
        ),
        ("", ""),
        ("head", "De kolommen"),
    ]
    for col in COLUMNS:
        what, example = EXPLAIN[col]
        example = _AMOUNT_EXAMPLES.get(col, example)
        text = f"{HEADERS[col]['nl']}: {what.format(first=first, last=last)}"
        lines.append(("", text + (f" (bijvoorbeeld {example})" if example else "")))
    lines += [
        ("", "Alle kolommen zijn verplicht, behalve 'kwartaal'."),
        ("", ""),
        ("head", "Getallen"),
        (
            "",
            "Typ getallen als getal: 1400000 of 1.400.000; decimalen met een komma (7,5). "
            "Niet: '7,5 mln', negatieve getallen, of een streepje '-' (nul of niet van "
            "toepassing? schrijf 0 voor geen). Een nul die Excel als '€ -' toont, telt als 0.",
        ),
        (
            "",
            "Wat op twee manieren te lezen is, wordt geweigerd en niet geraden: '1,234' "
            "(1,234 of 1234?) en '7.5' (decimaalpunt of duizendtal?).",
        ),
        (
            "",
            "Een getal dat niet kan kloppen, wordt geweigerd als tikfout: meer woningen in één "
            "rij dan het hele programma, of meer kosten dan het landelijke budget van het "
            "instrument.",
        ),
        ("", ""),
        ("head", "Peildatum"),
        (
            "",
            "Eén peildatum per bestand. Een periode die na de peildatum eindigt, wordt "
            "geweigerd: vul het lopende jaar per kwartaal in, tot en met het laatste kwartaal "
            "dat voor de peildatum is afgelopen.",
        ),
        ("", ""),
        ("head", f"{ILLUSTRATIVE_MARK}: verzonnen cijfers"),
        (
            "",
            f"Begint de bron van een rij met het woord {ILLUSTRATIVE_MARK}, dan is die rij een "
            "illustratie en geen waarneming. Een rapport uit een bestand met zo'n rij heet "
            "ILLUSTRATIEF in de titel en op elke grafiek.",
        ),
        (
            "",
            f"Gebruik {ILLUSTRATIVE_MARK} alleen voor cijfers die niet zijn waargenomen (zoals "
            "het voorbeeldbestand illustratief-2027.csv, gegenereerd uit een scenario). Echte "
            "cijfers krijgen hun echte bron.",
        ),
        ("", ""),
        ("head", "Opslaan en controleren"),
        (
            "",
            "Sla het bestand op als Excel-werkmap (.xlsx), of als 'CSV (gescheiden door "
            "lijstscheidingsteken)' of 'CSV UTF-8': beide worden gelezen (scheidingsteken ; of "
            ",; tekenset UTF-8 of Windows-1252). Bij een werkmap wordt het blad "
            f"'{SHEET}' gelezen.",
        ),
        ("", "Controleren: python -m nplv_analysis monitor-check mijn-monitor.xlsx"),
        ("", "Rapporten maken: python -m nplv_analysis reports --monitor mijn-monitor.xlsx"),
        ("", "Meer uitleg: data/monitor/README.md."),
    ]
    return lines


def _validations(first: int, last: int, n_areas: int, limits: dict) -> list[DataValidation]:
    def letter(col: str) -> str:
        return get_column_letter(COLUMNS.index(col) + 1)

    def cells(col: str) -> str:
        return f"{letter(col)}2:{letter(col)}{LAST_ROW}"

    out = []

    def add(col: str, prompt: str, error: str, **kw) -> None:
        dv = DataValidation(
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            promptTitle=HEADERS[col]["nl"][:32],
            prompt=prompt[:255],
            errorTitle=HEADERS[col]["nl"][:32],
            error=error[:255],
            **kw,
        )
        dv.add(cells(col))
        out.append(dv)

    add(
        "area_id",
        "Kies het gebied uit de lijst.",
        "Kies een gebied uit de lijst (blad 'gebieden').",
        type="list",
        formula1=f"gebieden!$A$2:$A${n_areas + 1}",
    )
    years = ",".join(str(y) for y in range(first, last + 1))
    add(
        "year",
        f"Het jaar, {first}-{last}.",
        f"Een jaar van {first} tot en met {last}.",
        type="list",
        formula1=f'"{years}"',
    )
    add(
        "quarter",
        "1-4, of leeg voor het hele jaar.",
        "Een kwartaal is 1, 2, 3 of 4 (of leeg voor het hele jaar).",
        type="list",
        formula1='"1,2,3,4"',
    )
    for col in COUNTS:
        high = int(limits[col][0])
        add(
            col,
            "Een aantal woningen (heel getal, 0 of meer).",
            f"Een heel aantal woningen van 0 tot {high:,}".replace(",", ".") + ".",
            type="whole",
            operator="between",
            formula1="0",
            formula2=str(high),
        )
    for col in AMOUNTS:
        high = int(limits[col][0])
        add(
            col,
            "Een bedrag in euro, incl. btw (0 of meer).",
            f"Een bedrag van € 0 tot € {high:,}".replace(",", ".")
            + " (het landelijke budget van het instrument).",
            type="decimal",
            operator="between",
            formula1="0",
            formula2=str(high),
        )
    add(
        "as_of",
        "De peildatum als datum, bijvoorbeeld 30-6-2027; één per bestand.",
        f"Een datum vanaf 1-1-{first}, bijvoorbeeld 30-6-2027.",
        type="date",
        operator="greaterThanOrEqual",
        formula1=f"DATE({first},1,1)",
    )
    return out


def _workbook(data_dir: str | Path | None) -> openpyxl.Workbook:
    params = load_parameters(data_dir)
    first, last = params.first_year, params.last_year
    areas = load_areas(data_dir)
    wb = template_workbook(
        _instructions(first, last),
        SHEET,
        COLUMNS,
        HEADERS,
        FORMATS,
        WIDTHS,
        _validations(first, last, len(areas), ceilings(data_dir)),
        areas,
        "Monitor NPLV-woningbouwafspraken (invulblad)",
    )
    ws = wb[SHEET]
    column = COLUMNS.index("as_of") + 1
    for row in range(2, DATE_ROWS + 1):
        ws.cell(row=row, column=column).number_format = FORMATS["as_of"]
    return wb


def build_template(data_dir: str | Path | None = None) -> bytes:
    """The template workbook as bytes: the same data folder gives the same bytes."""
    return workbook_bytes(_workbook(data_dir), FIXED_TIME)


def template_path(data_dir: str | Path | None = None) -> Path:
    """Where the template of a data folder lives: ``<data>/monitor/template.xlsx``."""
    return (
        Path(data_dir if data_dir is not None else DEFAULT_DATA_DIR) / "monitor" / "template.xlsx"
    )


def write_template(path: str | Path | None = None, data_dir: str | Path | None = None) -> Path:
    """Write :func:`build_template` to ``path`` (default: the data folder's template.xlsx)."""
    path = Path(path) if path is not None else template_path(data_dir)
    return write_bytes(path, build_template(data_dir))


__all__ = ["build_template", "template_path", "write_template"]
