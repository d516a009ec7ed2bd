"""Cells from documents are text, never formulas (spreadsheet formula injection).

xlsx: a string is stored with the string data type, so a text starting with ``=`` is shown
as written and never evaluated (openpyxl would otherwise store it as a formula). CSV: a cell
starting with ``=``, ``+``, ``-``, ``@``, TAB or CR is prefixed with an apostrophe, as the
OWASP CSV-injection advice says; a cell that is just a number (``-12.5``, ``+3%``) is left as
printed, since a spreadsheet reads it as a number and nothing else. Numbers stay numbers.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")


def csv_cell(value):
    """A CSV cell value that no spreadsheet evaluates as a formula."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) \
            and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def set_cell(ws, row: int, column: int, value):
    """Set a worksheet cell; strings are stored as strings (data type ``s``), never as
    formulas. Returns the cell."""
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def append_row(ws, values) -> int:
    """Append a row of values (strings as strings); returns its row number."""
    row = ws.max_row + 1 if ws.max_row > 1 or ws.cell(1, 1).value is not None else 1
    for c, value in enumerate(values, start=1):
        set_cell(ws, row, c, value)
    return row
