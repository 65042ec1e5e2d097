"""The Excel template of a plan list: ``data/plans/template.xlsx``, built by code.

A sheet "instructies" (in Dutch: what each column holds, the phases, how numbers are written,
the ILLUSTRATIEF rule), a sheet "planlijst" with the Dutch header of :data:`.intake.HEADERS`
(frozen), a number format per column, drop-downs of the area ids, the phases and the quarters,
checks of the homes (whole, 0 or more, affordable never above the total) and of the start year
(:data:`.intake.FIRST_YEAR`-:data:`.intake.LAST_YEAR`), and a sheet "gebieden" with the area ids
of ``data/areas.csv``. The same data folder gives the same bytes. Rewrite it with
``python -m nplv_analysis plans-template``.

>>> build_template() == build_template()
True
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..data import DEFAULT_DATA_DIR, load_areas
from ..data.sheets import FIXED_TIME, template_workbook, workbook_bytes, write_bytes
from ..text import t
from .intake import FIRST_YEAR, HEADERS, ILLUSTRATIVE_MARK, LAST_YEAR, PHASES, SHEET

FIELDS = tuple(HEADERS)
"""The template's columns, in order: the frame's columns and the source."""
LAST_ROW = 1_048_576
"""The checks hold for the whole column below the header (Excel's last row)."""
FORMATS = {
    "area_id": "@",
    "project": "@",
    "homes_total": "#,##0",
    "homes_affordable": "#,##0",
    "start_year": "0",
    "start_quarter": "0",
    "phase": "@",
    "source": "@",
}
"""The number format of each column (Dutch Excel shows #,##0 as 1.234)."""
WIDTHS = {
    "area_id": 24,
    "project": 36,
    "homes_total": 16,
    "homes_affordable": 20,
    "start_year": 16,
    "start_quarter": 10,
    "phase": 14,
    "source": 50,
}
EXPLAIN = {
    "area_id": ("het NPLV-gebied, met zijn code uit de lijst (blad 'gebieden')", "heerlen-noord"),
    "project": (
        "de naam van het project; een project staat één keer in de lijst per gebied",
        "Groeve Gebieden fase 1",
    ),
    "homes_total": ("alle nieuwbouwwoningen van het project", "420"),
    "homes_affordable": ("waarvan betaalbaar; nooit meer dan het totaal", "315"),
    "start_year": (
        "het jaar waarin de bouw volgens de planning start, {first}-{last}",
        "2027",
    ),
    "start_quarter": ("het kwartaal van de start, 1-4; mag leeg blijven", "2"),
    "phase": ("de fase van het project nu: {phases}", "vergunning"),
    "source": (
        "waar de rij vandaan komt (planlijst, versie, datum); mag leeg blijven",
        "Planlijst gemeente, versie maart 2026",
    ),
}
"""Per column: what it holds and an example."""
PHASE_TEXT = {
    "initiatief": "er is een idee of verkenning; nog geen plan",
    "planvorming": "het plan wordt uitgewerkt (stedenbouwkundig plan, omgevingsplan)",
    "vergunning": "de omgevingsvergunning is aangevraagd of verleend",
    "bouw": "de bouw is gestart of het project is klaar om te starten",
}
"""The phases in words, for the instructions sheet."""


def _instructions() -> list[tuple[str, str]]:
    """The lines of the instructions sheet: (style, text)."""
    lines = [
        ("title", "Planlijst NPLV-woningbouwafspraken: de projecten van een gebied"),
        ("", ""),
        (
            "",
            f"Vul op het blad '{SHEET}' één rij in per project. Laat de kopregel (rij 1) staan "
            "zoals hij is en zet er geen titel boven: de kopregel moet in rij 1 staan.",
        ),
        ("", ""),
        ("head", "De kolommen"),
    ]
    for col in FIELDS:
        what, example = EXPLAIN[col]
        what = what.format(first=FIRST_YEAR, last=LAST_YEAR, phases=", ".join(PHASES))
        lines.append(("", f"{HEADERS[col]['nl']}: {what} (bijvoorbeeld {example})"))
    lines += [
        ("", "Alle kolommen zijn verplicht, behalve 'kwartaal' en 'bron'."),
        ("", ""),
        ("head", "De fasen"),
    ]
    for code in PHASES:
        lines.append(("", f"{t(f'plans.phase.{code}', 'nl')}: {PHASE_TEXT[code]}"))
    lines += [
        ("", ""),
        ("head", "Getallen"),
        (
            "",
            "Typ aantallen als heel getal: 1234 of 1.234. Niet: negatieve getallen, decimalen, "
            "woorden of een streepje '-'. Wat op twee manieren te lezen is ('1,234'), wordt "
            "geweigerd en niet geraden.",
        ),
        ("", ""),
        ("head", f"{ILLUSTRATIVE_MARK}: verzonnen projecten"),
        (
            "",
            f"Begint de bron van een rij met het woord {ILLUSTRATIVE_MARK}, dan is die rij "
            "verzonnen en geen plan van de gemeente (zoals het voorbeeldbestand "
            "illustratief-heerlen-noord.csv). Echte plannen krijgen hun echte bron.",
        ),
        ("", ""),
        ("head", "Opslaan en controleren"),
        (
            "",
            "Sla het bestand op als Excel-werkmap (.xlsx), of als 'CSV (gescheiden door "
            "lijstscheidingsteken)' of 'CSV UTF-8': beide worden gelezen. Bij een werkmap wordt "
            f"het blad '{SHEET}' gelezen.",
        ),
        (
            "",
            "Controleren en doorrekenen: python -m nplv_analysis plans mijn-planlijst.xlsx "
            "(per project en per jaar de betaalbare starts en de realisatiestimulans, tegenover "
            "de inschatting van de afspraak).",
        ),
        ("", "Meer uitleg: data/plans/README.md."),
    ]
    return lines


def _validations(n_areas: int) -> list[DataValidation]:
    def letter(col: str) -> str:
        return get_column_letter(FIELDS.index(col) + 1)

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
        dv.add(f"{letter(col)}2:{letter(col)}{LAST_ROW}")
        out.append(dv)

    add(
        "area_id",
        "Kies het gebied uit de lijst.",
        "Kies een gebied uit de lijst (blad 'gebieden').",
        type="list",
        formula1=f"gebieden!$A$2:$A${n_areas + 1}",
    )
    add(
        "homes_total",
        "Alle nieuwbouwwoningen van het project (heel getal, 0 of meer).",
        "Een heel aantal woningen, 0 of meer.",
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
    )
    total, affordable = letter("homes_total"), letter("homes_affordable")
    add(
        "homes_affordable",
        "Waarvan betaalbaar (heel getal, 0 of meer, nooit meer dan het totaal).",
        "Een heel aantal woningen, 0 of meer en niet meer dan 'woningen totaal'.",
        type="custom",
        formula1=f"AND(ISNUMBER({affordable}2),{affordable}2>=0,"
        f"{affordable}2=INT({affordable}2),{affordable}2<={total}2)",
    )
    add(
        "start_year",
        f"Het jaar van de start bouw, {FIRST_YEAR}-{LAST_YEAR}.",
        f"Een jaar van {FIRST_YEAR} tot en met {LAST_YEAR}.",
        type="whole",
        operator="between",
        formula1=str(FIRST_YEAR),
        formula2=str(LAST_YEAR),
    )
    add(
        "start_quarter",
        "1-4, of leeg.",
        "Een kwartaal is 1, 2, 3 of 4 (of leeg).",
        type="list",
        formula1='"1,2,3,4"',
    )
    add(
        "phase",
        "Kies de fase: " + ", ".join(PHASES) + ".",
        "Kies een fase uit de lijst: " + ", ".join(PHASES) + ".",
        type="list",
        formula1='"' + ",".join(PHASES) + '"',
    )
    return out


def _workbook(data_dir: str | Path | None) -> openpyxl.Workbook:
    areas = load_areas(data_dir)
    return template_workbook(
        _instructions(),
        SHEET,
        FIELDS,
        HEADERS,
        FORMATS,
        WIDTHS,
        _validations(len(areas)),
        areas,
        "Planlijst NPLV-woningbouwafspraken (invulblad)",
    )


def build_template(data_dir: str | Path | None = None) -> bytes:
    """The template workbook as bytes: the same data folder gives the same bytes."""
    return workbook_bytes(_workbook(data_dir), FIXED_TIME)


def template_path(data_dir: str | Path | None = None) -> Path:
    """Where the template of a data folder lives: ``<data>/plans/template.xlsx``."""
    return Path(data_dir if data_dir is not None else DEFAULT_DATA_DIR) / "plans" / "template.xlsx"


def write_template(path: str | Path | None = None, data_dir: str | Path | None = None) -> Path:
    """Write :func:`build_template` to ``path`` (default: the data folder's plans/template.xlsx,
    its folder made if need be)."""
    path = Path(path) if path is not None else template_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_bytes(path, build_template(data_dir))


__all__ = ["build_template", "template_path", "write_template"]
