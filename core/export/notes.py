"""Lists of annotations (批注) as Markdown or as an xlsx workbook.

Columns: 文件, 文号, 页码, 原文, 批注, 颜色, 时间 (then 来源, 状态). Both are written
atomically; an unwritable path or a full disk raises ``ExportError``.
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from ..annotations import AnnotationRecord, color_hex, color_name
from .atomic import write_atomic
from .cells import append_row

COLUMNS = ("文件", "文号", "页码", "原文", "批注", "颜色", "时间", "来源", "状态")


def _time(iso: str) -> str:
    return iso.replace("T", " ")[:16]


def record_cells(rec: AnnotationRecord) -> list:
    a = rec.annotation
    page = f"约{rec.page}" if rec.page and rec.page_estimated else rec.page
    return [rec.doc_title, rec.doc_no or "", page, a.quote, a.note, color_name(a.color),
            _time(a.modified or a.created), rec.issue_label,
            "未能定位" if a.status == "orphan" else "正常"]


def _md(text: str) -> str:
    """Document text in Markdown: HTML is escaped, so markup in a gazette shows as written."""
    return html.escape(text or "", quote=False)


def annotations_markdown(records: Sequence[AnnotationRecord], *,
                         title: str = "批注摘录", now: datetime | None = None) -> str:
    """Markdown grouped by document, in the order given; orphans under 未能定位的批注.
    Text from documents and notes has its HTML escaped (``<`` ``>`` ``&``)."""
    now = now or datetime.now()
    out = [f"# {_md(title)}", "", f"导出时间：{now:%Y-%m-%d %H:%M}　共 {len(records)} 条", ""]
    current = None
    for rec in records:
        a = rec.annotation
        group = ("未能定位的批注（原文件已删除或已更正，未找到原文）" if a.status == "orphan" else
                 _md(f"{rec.doc_title}" + (f"（{rec.doc_no}）" if rec.doc_no else "")
                     + f" — {rec.issue_label}"))
        if group != current:
            out += [f"## {group}", ""]
            current = group
        where = rec.page_text
        if a.status == "orphan":
            where = f"{rec.issue_label} {rec.doc_title}"
        out.append(f"- {_md(where)} · {color_name(a.color)} · {_time(a.modified or a.created)}")
        out += ["", *(f"  > {_md(line)}" for line in a.quote.splitlines() or [""]), ""]
        if a.note:
            out += [f"  批注：{_md(a.note)}", ""]
    return "\n".join(out).rstrip() + "\n"


def write_annotations_markdown(records: Sequence[AnnotationRecord], path: str | Path) -> Path:
    return write_atomic(path, annotations_markdown(records).encode("utf-8"))


def write_annotations_xlsx(records: Sequence[AnnotationRecord], path: str | Path) -> Path:
    """One sheet 批注 with a header row, wrapped text and the colour as the cell fill."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "批注"
    append_row(ws, list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for rec in records:
        append_row(ws, record_cells(rec))
        fill = PatternFill("solid", fgColor=color_hex(rec.annotation.color).lstrip("#"))
        ws.cell(row=ws.max_row, column=6).fill = fill
    for col, width in zip("ABCDEFGHI", (30, 18, 6, 50, 40, 6, 16, 28, 8)):
        ws.column_dimensions[col].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return write_atomic(path, buf.getvalue())
