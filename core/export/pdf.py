"""Exporting documents as a printable A4 PDF, with highlights and numbered notes.

Use from any thread, with a ``Library`` opened on that thread::

    from core.export.pdf import ExportScope, build_pdf, export_pdf
    result = export_pdf(lib, [ExportScope(doc_id), ExportScope(other, annotated_only=True)],
                        "摘录.pdf", progress=cb, cancel=event)

``build_pdf`` returns the bytes (for a print preview) without writing anything; ``export_pdf``
writes them atomically (temporary file, then rename). Every document starts on a new page
with a title block (发文机关, 文号, 标题, 成文日期, 来源期次, 原文页码, optional 摘录说明);
each page has the source in its header and 第 N 页 共 M 页 in its footer. Chinese text uses
an embedded subset TrueType font (``fonts.py``).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ..progress import Progress, check_cancel, report
from .atomic import write_atomic
from .fonts import cjk_font
from .pdflayout import BOTTOM_Y, LEFT, PAGE_H, PAGE_W, STYLES, TOP_Y, Layout, Page, words
from .pdfplan import DocPlan, ExportScope, GapItem, TableItem, TextItem, build_plan

if TYPE_CHECKING:
    from ..store import Library

__all__ = ["ExportScope", "PdfResult", "build_pdf", "export_pdf"]

NOTES_MODES = ("auto", "margin", "below")


@dataclass(slots=True)
class PdfResult:
    data: bytes
    pages: int
    documents: int
    annotations: int              # annotations drawn
    notes: int                    # numbered notes
    font: str                     # font file name, or STSong-Light
    font_embedded: bool
    warnings: list[str] = field(default_factory=list)
    path: Path | None = None      # set by export_pdf


def _cn_date(iso: str | None) -> str:
    if not iso:
        return "不详"
    try:
        d = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{d.year}年{d.month}月{d.day}日"


def _pages_text(pages: tuple[int | None, int | None]) -> str:
    a, b = pages
    if a is None and b is None:
        return "原文页码不详"
    if a is None or b is None or a == b:
        return f"原文第 {a if a is not None else b} 页"
    return f"原文第 {a}—{b} 页"


def _title_block(lay: Layout, plan: DocPlan, excerpt_note: bool, today: date) -> list:
    """Lay out the title block; returns the body items that remain."""
    head = {s: next((i for i in plan.items if isinstance(i, TextItem) and i.style == s), None)
            for s in ("issuer", "doc_no", "title")}
    doc = plan.doc
    issuer = head["issuer"] or (TextItem("issuer", "、".join(doc.issuers)) if doc.issuers
                                else None)
    title = head["title"] or TextItem("title", doc.title)
    lay.new_page()
    placed = []
    if issuer is not None and issuer.text.strip():
        placed += lay.text(issuer)
    if head["doc_no"] is not None:
        placed += lay.text(head["doc_no"])
    elif doc.doc_no is not None:
        lay.text(TextItem("doc_no", doc.doc_no.printed))
    lay.y -= 4
    lay.page.ops.append(("line", LEFT, lay.y, LEFT + lay.width, lay.y, "#C00000", 1.2))
    lay.y -= 8
    placed_title = lay.text(title)
    lay.y -= 4
    pages = _pages_text(plan.pages)
    if getattr(plan.doc, "pages_estimated", False) and plan.pages != (None, None):
        pages = pages.replace("原文第", "原文约第")
    lay.text(TextItem("meta", f"来源：{plan.issue.label}　　{pages}"))
    lay.text(TextItem("meta", f"成文日期：{_cn_date(doc.date)}"))
    if excerpt_note:
        count = f"，含批注 {plan.annotations} 条" if plan.annotations else ""
        lay.text(TextItem("meta", f"摘录说明：本件为{plan.scope}{count}；"
                                  f"{today.year}年{today.month}月{today.day}日由公报阅读器导出，"
                                  "以公报原文为准。"))
    lay.y -= 10
    for item, lines in ((issuer, placed), (title, placed_title)):
        if item is not None and item.notes:
            lay.place_notes(item, lines)
    used = {id(x) for x in head.values() if x is not None}
    return [i for i in plan.items if id(i) not in used]


def _layout(plans: list[DocPlan], lay: Layout, excerpt_note: bool, today: date,
            progress: Progress | None, cancel: threading.Event | None, total: int) -> None:
    done = 0
    body_leading = STYLES["paragraph"][0] * STYLES["paragraph"][1]
    for plan in plans:
        lay.plan = plan
        for item in _title_block(lay, plan, excerpt_note, today):
            check_cancel(cancel)
            if isinstance(item, GapItem):
                lay.gap(item)
            elif isinstance(item, TableItem):
                lay.table(item)
            else:
                keep = 2 * body_leading if item.style.startswith("heading") else 0.0
                if item.style.startswith("heading"):
                    lay.y -= 3
                placed = lay.text(item, keep_with_next=keep)
                if item.notes:
                    lay.place_notes(item, placed)
            done += 1
            if done % 20 == 0:
                report(progress, done, total, "排版")


def _source_line(plan: DocPlan) -> str:
    no = plan.doc.doc_no.printed if plan.doc.doc_no else ""
    if plan.issue.kind == "single":       # 单篇文件 · 国务院 · 国发〔2018〕43号 names the 文号
        return plan.issue.label
    return "　".join(x for x in (plan.issue.label, no) if x)


def _draw(lay: Layout, font: str, title: str, progress: Progress | None,
          cancel: threading.Event | None, done0: int, total: int) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(PAGE_W, PAGE_H), pageCompression=1, initialFontName=font)
    c.setTitle(title)
    c.setAuthor("公报阅读器")
    c.setCreator("公报阅读器")
    count = len(lay.pages)
    colors: dict[str, HexColor] = {}
    widths: dict[str, float] = {}

    def advance(ch: str, size: float) -> float:
        if ch not in widths:
            widths[ch] = c.stringWidth(ch, font, 1000) / 1000
        return widths[ch] * size

    def col(h: str) -> HexColor:
        if h not in colors:
            colors[h] = HexColor(h)
        return colors[h]

    for n, page in enumerate(lay.pages, 1):
        check_cancel(cancel)
        _header_footer(c, font, page, n, count, lay.width, col)
        for op in page.ops:
            kind = op[0]
            if kind == "rect":
                _, x, y, w, h, color = op
                c.setFillColor(col(color))
                c.rect(x, y, w, h, stroke=0, fill=1)
            elif kind == "box":
                _, x, y, w, h, color = op
                c.setStrokeColor(col("#666666"))
                c.setLineWidth(0.5)
                if color:
                    c.setFillColor(col(color))
                c.rect(x, y, w, h, stroke=1, fill=1 if color else 0)
            elif kind == "line":
                _, x1, y1, x2, y2, color, width = op
                c.setStrokeColor(col(color))
                c.setLineWidth(width)
                c.line(x1, y1, x2, y2)
            else:
                _, x, y, size, text, cs, color, bold = op
                c.saveState()         # render mode, colours, char spacing do not leak
                t = c.beginText(x, y)
                t.setFont(font, size)
                t.setFillColor(col(color))
                if bold:
                    c.setStrokeColor(col(color))
                    c.setLineWidth(size * 0.035)
                    t.setTextRenderMode(2)
                if cs:     # justified: each character placed (Tc, the PDF character
                    for ch in text:    # spacing, is misread by some text extractors)
                        t.textOut(ch)
                        t.moveCursor(advance(ch, size) + cs, 0)
                else:
                    t.textOut(text)
                c.drawText(t)
                c.restoreState()
        c.showPage()
        report(progress, done0 + n, total, "生成 PDF")
    c.save()
    return buf.getvalue()


def running_title(title: str, room: float, width_of, sizes=(8.5, 8, 7.5, 7)
                  ) -> tuple[str, float]:
    """The title in the page header: whole, in a smaller size if need be; else cut after
    the last whole word that fits (jieba), with …. ``width_of(text, size)``."""
    for size in sizes:
        if width_of(title, size) <= room:
            return title, size
    size = sizes[-1]
    ends = sorted({e for _s, e in words(title)} | {len(title)})
    best = ""
    for e in ends:
        if width_of(title[:e] + "…", size) <= room:
            best = title[:e] + "…"
    if not best:                       # not even one word: characters
        cut = title
        while cut and width_of(cut + "…", size) > room:
            cut = cut[:-1]
        best = cut + "…" if cut else ""
    return best, size


def _header_footer(c: Canvas, font: str, page: Page, n: int, count: int, width: float,
                   col) -> None:
    plan = page.plan
    c.setFillColor(col("#555555"))
    c.setFont(font, 8.5)
    head_y = TOP_Y + 9 * mm
    if plan is not None:
        source = _source_line(plan)
        c.drawString(LEFT, head_y, source)
        room = width - c.stringWidth(source, font, 8.5) - 12
        title, size = running_title(plan.doc.title, room,
                                    lambda t, sz: c.stringWidth(t, font, sz))
        c.setFont(font, size)
        c.drawRightString(LEFT + width, head_y, title)
    c.setStrokeColor(col("#999999"))
    c.setLineWidth(0.4)
    c.line(LEFT, head_y - 3, LEFT + width, head_y - 3)
    c.setFont(font, 9)
    c.drawCentredString(LEFT + width / 2, BOTTOM_Y - 12 * mm, f"第 {n} 页 共 {count} 页")


def build_pdf(library: Library, scopes: Sequence[ExportScope | str], *, notes: str = "auto",
              excerpt_note: bool = True, today: date | None = None,
              progress: Progress | None = None,
              cancel: threading.Event | None = None) -> PdfResult:
    """Render documents to PDF bytes. ``scopes``: ExportScope objects or document ids.

    ``notes``: ``auto``/``margin`` (numbered notes in the right margin beside the passage,
    under the paragraph when the margin is full) or ``below`` (always under the paragraph).
    Raises NotFound for an unknown document or section, Cancelled when ``cancel`` is set.
    """
    if notes not in NOTES_MODES:
        raise ValueError(f"notes must be one of {NOTES_MODES}")
    scopes = [s if isinstance(s, ExportScope) else ExportScope(s) for s in scopes]
    if not scopes:
        raise ValueError("nothing to export")
    plans = []
    for i, scope in enumerate(scopes):
        check_cancel(cancel)
        plans.append(build_plan(library, scope))
        report(progress, i + 1, len(scopes) + 1, "读取")
    font = cjk_font()
    has_notes = any(getattr(i, "notes", None) for p in plans for i in p.items)
    lay = Layout(font.name, font.ascent, font.descent, has_notes and notes != "below")
    items = sum(len(p.items) for p in plans)
    _layout(plans, lay, excerpt_note, today or date.today(), progress, cancel, items)
    total = items + len(lay.pages)
    first = plans[0]
    title = first.doc.title if len(plans) == 1 else f"{first.doc.title} 等 {len(plans)} 件"
    data = _draw(lay, font.name, title, progress, cancel, items, total)
    n_notes = sum(len(i.notes) for p in plans for i in p.items if hasattr(i, "notes"))
    return PdfResult(data, len(lay.pages), len(plans), sum(p.annotations for p in plans),
                     n_notes, font.path.name if font.path else font.name, font.embedded,
                     [font.warning] if font.warning else [])


def export_pdf(library: Library, scopes: Sequence[ExportScope | str], path: str | Path, *,
               notes: str = "auto", excerpt_note: bool = True, today: date | None = None,
               progress: Progress | None = None,
               cancel: threading.Event | None = None) -> PdfResult:
    """Render (see :func:`build_pdf`) and write the PDF atomically to ``path``.

    An unwritable path or a full disk raises ``ExportError`` (a GazetteError with a Chinese
    message) and leaves no file behind.
    """
    result = build_pdf(library, scopes, notes=notes, excerpt_note=excerpt_note, today=today,
                       progress=progress, cancel=cancel)
    check_cancel(cancel)
    result.path = write_atomic(path, result.data)
    return result
