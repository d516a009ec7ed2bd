"""The supervision ledger (督办台账) and table exports, as xlsx (openpyxl) or CSV.

The ledger has one line per task: 序号, 任务, 牵头单位, 配合单位, 时限, 文件名称, 文号, 公报期数,
页码. Units named only as 责任单位 (neither lead nor support) are listed under 牵头单位. The
xlsx sheet has a bold header row, frozen panes under it, wrapped text, column widths and an
A4 landscape page set-up that prints one page wide with the header repeated. CSV is UTF-8 with
a BOM, so Excel opens it right.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from ..model import Table
from ..tablegrid import table_layout
from .atomic import write_atomic
from .cells import csv_cell, set_cell

LEDGER_HEADER = ("序号", "任务", "牵头单位", "配合单位", "时限", "文件名称", "文号", "公报期数",
                 "页码")
LEDGER_WIDTHS = (6, 60, 22, 30, 14, 36, 18, 26, 6)


def ledger_rows(records: Iterable) -> list[list]:
    """Ledger lines from :class:`core.store.extracted.TaskRecord` objects."""
    out = []
    for n, rec in enumerate(records, start=1):
        t = rec.task
        others = [u for u in t.units if u not in t.lead and u not in t.support]
        lead = t.lead + others
        deadline = t.deadline_text or ""
        out.append([n, t.text, "、".join(lead), "、".join(t.support), deadline, rec.doc_title,
                    rec.doc_no or "", rec.issue_label,
                    "" if t.page is None else f"约{t.page}" if t.page_estimated else t.page])
    return out


def write_csv(path: str | Path, header: Iterable[str] | None, rows: Iterable[Iterable]) -> Path:
    """Write rows as UTF-8 CSV with a BOM, atomically; cells that a spreadsheet would take
    for a formula are prefixed with an apostrophe (see :mod:`core.export.cells`)."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    if header:
        writer.writerow([csv_cell(c) for c in header])
    for row in rows:
        writer.writerow([csv_cell(c) for c in row])
    return write_atomic(path, buf.getvalue().encode("utf-8-sig"))


def write_xlsx(path: str | Path, header: list[str], rows: list[list], widths: Iterable[int],
               title: str = "", sheet: str = "台账", bold_rows: Iterable[int] = ()) -> Path:
    """Write one sheet: optional title line, bold header, frozen panes, wrapped cells.

    ``bold_rows`` (indices into ``rows``): rows in bold (group labels, 合计); a bold row of
    one cell spans the whole width."""
    from openpyxl import Workbook

    wb = Workbook()
    fill_sheet(wb.active, header, rows, widths, title, sheet, bold_rows)
    return _save(wb, path)


def _save(wb, path: str | Path) -> Path:
    buf = io.BytesIO()
    wb.save(buf)
    return write_atomic(path, buf.getvalue())


def fill_sheet(ws, header: list[str], rows: list[list], widths: Iterable[int],
               title: str = "", sheet: str = "台账", bold_rows: Iterable[int] = ()) -> None:
    """One sheet of :func:`write_xlsx` (named ``sheet``) in a workbook being written."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    ws.title = sheet[:31]
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    first = 1
    if title:
        set_cell(ws, 1, 1, title).font = Font(bold=True, size=14)
        if len(header) > 1:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        first = 2
    for c, name in enumerate(header, start=1):
        cell = set_cell(ws, first, c, name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE5F0")
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = border
    bold = {first + 1 + i for i in bold_rows}
    for r, row in enumerate(rows, start=first + 1):
        for c, value in enumerate(row, start=1):
            cell = set_cell(ws, r, c, value)
            cell.alignment = wrap
            cell.border = border
            if r in bold:
                cell.font = Font(bold=True)
        if r in bold and len(row) == 1 and len(header) > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(header))
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = ws.cell(row=first + 1, column=1)
    ws.print_title_rows = f"{first}:{first}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def write_ledger(records: Iterable, path: str | Path, title: str = "") -> Path:
    """The ledger as .xlsx, or as CSV when the file name ends with .csv."""
    path = Path(path)
    rows = ledger_rows(records)
    if path.suffix.lower() == ".csv":
        return write_csv(path, LEDGER_HEADER, rows)
    return write_xlsx(path, list(LEDGER_HEADER), rows, LEDGER_WIDTHS, title or "督办台账")


def table_grid(table: Table) -> tuple[list[str], list[list]]:
    """Header and rows of a table for export; group labels become rows of their own."""
    grid = table_layout(table)
    return grid.header, grid.rows


def typed_grid(table: Table) -> tuple[list[str], list[list], list[int]]:
    """Header, rows and the bold rows of a table for xlsx: amounts and counts as numbers (a
    column whose header names an amount, or whose every cell is a plain number; codes, phone
    numbers and numbers with a leading zero stay text), group labels as bold rows of one cell,
    printed 小计 / 合计 rows in bold, and a bold 合计 row under a table with amount columns that
    has none."""
    from ..extract.checks import is_total
    from ..extract.grid import CODE, NUMBER, PHONE, column_kinds, to_number

    grid = table_layout(table)
    header, rows = grid.header, grid.rows
    kinds = column_kinds(header) if header else []
    cell_rows = [i for i in grid.body_of if i not in grid.raw_rows]
    totals = [i for i in cell_rows if is_total([str(v) for v in rows[i]])]   # 小计, 合计
    items = [i for i in cell_rows if i not in totals]
    bold = sorted(set(grid.group_rows) | set(totals))
    numeric = []
    for c in range(len(header)):
        values = [rows[i][c] for i in items if c < len(rows[i]) and str(rows[i][c]).strip()]
        if kinds[c] in (PHONE, CODE) or not values:
            numeric.append(False)
            continue
        parsed = [to_number(str(v)) for v in values]
        numeric.append(kinds[c] == NUMBER or all(p is not None for p in parsed))
    out = [list(r) for r in rows]
    for i in cell_rows:
        for c, value in enumerate(out[i]):
            if c < len(numeric) and numeric[c]:
                number = to_number(str(value))
                if number is not None:
                    out[i][c] = number
    amounts = [c for c in range(len(header)) if numeric[c] and kinds[c] == NUMBER]
    has_total = any(str(rows[i][0]).replace(" ", "")[:2] in ("合计", "总计") for i in totals)
    if amounts and items and not has_total:
        total: list = ["合计"] + [""] * (len(header) - 1)
        for c in amounts:
            s = sum(out[i][c] for i in items
                    if c < len(out[i]) and isinstance(out[i][c], (int, float)))
            total[c] = round(s, 6) if isinstance(s, float) else s
        bold.append(len(out))
        out.append(total)
    return header, out, bold


TABLES_INDEX_HEADER = ("工作表", "文号", "文件名称", "表格", "行数", "页码")


def write_tables(tables: list[Table], path: str | Path, documents: dict | None = None,
                 title: str = "") -> Path:
    """Several tables (an issue's) in one .xlsx: a 目录 sheet first (each table's sheet, its
    document's 文号 and title, caption, rows, pages), then one sheet per table as
    :func:`write_table` writes it, named 表1, 表2 … in the order given, its title line
    naming the document. ``documents``: doc id → :class:`core.model.Document`."""
    from openpyxl import Workbook

    documents = documents or {}
    wb = Workbook()
    index = []
    for n, table in enumerate(tables, start=1):
        doc = documents.get(table.doc_id)
        doc_no = doc.doc_no.printed if doc is not None and doc.doc_no else ""
        doc_title = doc.title if doc is not None else ""
        pages = "" if not table.first_page else str(table.first_page) if \
            table.last_page in (None, table.first_page) else \
            f"{table.first_page}–{table.last_page}"
        if pages and table.pages_estimated:
            pages = "约" + pages
        index.append([f"表{n}", doc_no, doc_title, table.caption or "未命名表格",
                      table.row_count, pages])
        header, rows, bold = typed_grid(table)
        width = max([len(r) for r in rows] + [len(header), 1])
        source = doc_no or doc_title
        caption = f"{source} 表{table.ordinal} {table.caption or ''}".strip()
        fill_sheet(wb.create_sheet(), header, rows,
                   [40 if not table.structured else 18] * width, caption, sheet=f"表{n}",
                   bold_rows=bold)
    fill_sheet(wb.worksheets[0], list(TABLES_INDEX_HEADER), index, (8, 20, 44, 44, 6, 8),
               title or "表格目录", sheet="目录")
    return _save(wb, path)


def write_table(table: Table, path: str | Path) -> Path:
    """A table as .xlsx (caption as title; amounts as numbers, group rows bold across the
    width, a 合计 row) or as CSV when the name ends with .csv (cells as printed)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        header, rows = table_grid(table)
        return write_csv(path, header or None, rows)
    header, rows, bold = typed_grid(table)
    width = max([len(r) for r in rows] + [len(header), 1])
    widths = [40 if not table.structured else 18] * width
    return write_xlsx(path, header, rows, widths, table.caption, sheet="表格", bold_rows=bold)
