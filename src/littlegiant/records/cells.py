"""What a spreadsheet or CSV cell written from people's text may hold: formula injection neutralised.

A firm's name or a contact typed as ``=HYPERLINK(...)`` would become a live formula in an official's
Excel export (openpyxl stores every string that starts with ``=`` as a formula; Excel and WPS read a
CSV field starting with ``= + - @``, a tab or a carriage return as one). Every writer of .xlsx and
.csv (archive exports, validation reports, candidate and run workbooks, push lists, catalog and
数字化 exports, the CLI) passes its cells through ``spreadsheet_cell`` (OWASP "CSV injection",
ASVS 5.0 1.2.10): such text gets a leading apostrophe, the mark spreadsheets use for "this is text".
Readers of our own files (``io.reader``, the catalog reader) take the mark off again with
``read_spreadsheet_text``, so an export edited and imported again keeps the text exactly.

Numbers, dates and booleans are never touched (``-5`` as a number stays a number).

Examples:
    >>> spreadsheet_cell("=HYPERLINK(\\"http://x\\",\\"点我\\")")
    '\\'=HYPERLINK("http://x","点我")'
    >>> spreadsheet_cell("+86 138"), spreadsheet_cell("@SUM(A1)"), spreadsheet_cell("\\tx")
    ("'+86 138", "'@SUM(A1)", "'\\tx")
    >>> spreadsheet_cell("杭州某某科技有限公司"), spreadsheet_cell(-5), spreadsheet_cell(None)
    ('杭州某某科技有限公司', -5, None)
    >>> read_spreadsheet_text(spreadsheet_cell("=1+1")), read_spreadsheet_text("'abc")
    ('=1+1', "'abc")
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = [
    "FORMULA_PATTERN",
    "FORMULA_TRIGGERS",
    "TEXT_MARK",
    "is_formula_like",
    "read_spreadsheet_text",
    "spreadsheet_cell",
    "spreadsheet_row",
]

FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\0")
"""First characters that make a spreadsheet read a text cell as a formula (OWASP, plus \\n and \\0)."""

FORMULA_PATTERN = "^[=+\\-@\\t\\r\\n\\x00]"
"""The same first characters as a regular expression (for vectorised writers: DuckDB, Arrow)."""

TEXT_MARK = "'"
"""The apostrophe put before such text."""


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (it starts with a trigger character)."""
    return bool(text) and text[0] in FORMULA_TRIGGERS


def spreadsheet_cell(value: Any) -> Any:
    """``value`` as it may be written to a cell: formula-like text gets ``TEXT_MARK`` in front."""
    if isinstance(value, str) and is_formula_like(value):
        return TEXT_MARK + value
    return value


def spreadsheet_row(values: Iterable[Any]) -> list[Any]:
    """Every value of a row through ``spreadsheet_cell``."""
    return [spreadsheet_cell(value) for value in values]


def read_spreadsheet_text(value: Any) -> Any:
    """Undo ``spreadsheet_cell`` on a value read back from a file (other text is left as it is)."""
    if isinstance(value, str) and value.startswith(TEXT_MARK) and is_formula_like(value[1:]):
        return value[1:]
    return value
