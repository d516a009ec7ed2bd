"""The supervision ledger (督办台账) and table exports, as xlsx (openpyxl) or CSV.

The ledger has one line per task: 序号, 任务, 牵头单位, 配合单位, 时限, 文件名称, 文号, 公报期数,
页码. Units named only as 责任单位 (neither lead nor support) are listed under 牵头单位. The
xlsx sheet has a bold header row, frozen panes under it, wrapped text, column widths and an
A4 landscape page set-up that prints one page wide with the header repeated. CSV is UTF-8 with
a BOM, so Excel opens it right.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from ..errors import GazetteError
from ..model import Table

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
                    rec.doc_no or "", rec.issue_label, t.page if t.page is not None else ""])
    return out


def _fail(path: Path, exc: OSError) -> GazetteError:
    return GazetteError(f"无法写入文件 {path}：{exc.strerror or exc}。请检查路径和写入权限，"
                        "或关闭已打开该文件的程序。")


def write_csv(path: str | Path, header: Iterable[str] | None, rows: Iterable[Iterable]) -> Path:
    """Write rows as UTF-8 CSV with a BOM."""
    path = Path(path)
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            if header:
                writer.writerow(list(header))
            for row in rows:
                writer.writerow(["" if c is None else c for c in row])
    except OSError as e:
        raise _fail(path, e) from e
    return path


def write_xlsx(path: str | Path, header: list[str], rows: list[list], widths: Iterable[int],
               title: str = "", sheet: str = "台账") -> Path:
    """Write one sheet: optional title line, bold header, frozen panes, wrapped cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    first = 1
    if title:
        ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
        if len(header) > 1:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        first = 2
    for c, name in enumerate(header, start=1):
        cell = ws.cell(row=first, column=c, value=name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE5F0")
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = border
    for r, row in enumerate(rows, start=first + 1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.alignment = wrap
            cell.border = border
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = ws.cell(row=first + 1, column=1)
    ws.print_title_rows = f"{first}:{first}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    try:
        wb.save(path)
    except OSError as e:
        raise _fail(path, e) from e
    return path


def write_ledger(records: Iterable, path: str | Path, title: str = "") -> Path:
    """The ledger as .xlsx, or as CSV when the file name ends with .csv."""
    path = Path(path)
    rows = ledger_rows(records)
    if path.suffix.lower() == ".csv":
        return write_csv(path, LEDGER_HEADER, rows)
    return write_xlsx(path, list(LEDGER_HEADER), rows, LEDGER_WIDTHS, title or "督办台账")


def table_grid(table: Table) -> tuple[list[str], list[list]]:
    """Header and rows of a table for export; group labels become rows of their own."""
    width = max([len(r) for r in table.rows] + [len(h) for h in table.header] + [1])
    header = list(table.header[0]) if table.header else []
    header += [""] * (width - len(header)) if header else []
    groups: dict[int, list[str]] = {}
    for idx, label in table.groups:
        groups.setdefault(idx, []).append(label)
    rows: list[list] = []
    for i, row in enumerate(table.rows):
        rows += [[label] for label in groups.get(i, [])]
        rows.append(list(row))
    rows += [[label] for label in groups.get(len(table.rows), [])]
    return header, rows


def write_table(table: Table, path: str | Path) -> Path:
    """A table as .xlsx (caption as title) or as CSV when the name ends with .csv."""
    path = Path(path)
    header, rows = table_grid(table)
    if path.suffix.lower() == ".csv":
        return write_csv(path, header or None, rows)
    width = max([len(r) for r in rows] + [len(header), 1])
    widths = [40 if not table.structured else 18] * width
    return write_xlsx(path, header, rows, widths, table.caption, sheet="表格")
