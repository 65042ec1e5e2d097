"""The agreement intake (``python -m nplv_analysis intake``): an NPLV housing agreement (a PDF or
its text) read into a draft area file of a data folder (:mod:`.agreements`).

It reads documents and writes files, so it is not the data layer's job: it sits above the rules,
beside ``monitor`` and ``plans`` (the import-linter layers in pyproject.toml), and uses the data
layer (loading, the schema, all-or-nothing writes) like any other caller.
"""

from .agreements import (
    MAX_PAGES,
    Document,
    IntakeError,
    IntakeResult,
    diff,
    escape_text,
    parse_amount,
    read_pages,
    recognise,
    run_intake,
)

__all__ = [
    "MAX_PAGES",
    "Document",
    "IntakeError",
    "IntakeResult",
    "diff",
    "escape_text",
    "parse_amount",
    "read_pages",
    "recognise",
    "run_intake",
]
