"""本期概要: what one issue brings — its documents by 文种, what they repeal or amend, the new
tasks per unit, the new tables — as data (``build_digest``) and as one A4 page
(``digest_pdf``, for a morning briefing).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .refs import as_date, has_status

if TYPE_CHECKING:
    from .store import Library

KIND_ZH = {"repeals": "废止", "replaces": "代替", "amends": "修改", "implements": "贯彻",
           "cites": "引用"}


@dataclass(slots=True)
class Digest:
    issue: dict                                   # id, label, gazette, year, number, pages
    today: str
    by_type: list[dict] = field(default_factory=list)     # [{type, documents: [...]}]
    changes: list[dict] = field(default_factory=list)     # repeals / amends / replaces
    units: list[dict] = field(default_factory=list)       # [{unit, lead, support, total}]
    tables: list[dict] = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"issue": self.issue, "today": self.today, "by_type": self.by_type,
                "changes": self.changes, "units": self.units, "tables": self.tables,
                "counts": self.counts}


SECTIONS = "本期栏目"      # the group of the gazette's own pages in by_type


def build_digest(library: Library, issue_id: str, today: _dt.date | str | None = None) -> Digest:
    day = as_date(today)
    issue = library.issue(issue_id)
    docs = library.documents(issue_id)
    statuses = library.status_map(day)
    groups: dict[str, list[dict]] = {}
    for d in docs:
        # the gazette's own pages (目录, 政务动态 …) under 本期栏目, listed last; not 其他
        kind = (d.enclosed_type or d.doc_type or "其他") if has_status(d) else SECTIONS
        s = statuses.get(d.id) if has_status(d) else None      # 目录 …: no status
        groups.setdefault(kind, []).append({
            "id": d.id, "title": d.title, "doc_no": d.doc_no.normalized if d.doc_no else None,
            "doc_type": d.doc_type, "date": d.date, "status": s.status if s else None,
            "pages": [d.first_page, d.last_page]})
    by_type = [{"type": k, "documents": v}
               for k, v in sorted(groups.items(),
                                  key=lambda kv: (kv[0] == SECTIONS, -len(kv[1]), kv[0]))]
    changes = []
    for r in library.issue_relations(issue_id):
        in_lib = r["target_doc_id"] is not None
        target_status = statuses.get(r["target_doc_id"]) if in_lib else library.status(
            r["subject"] or r["target_key"], day)
        changes.append({
            "doc_id": r["doc_id"], "doc_title": r["source_title"], "doc_no": r["source_doc_no"],
            "kind": r["kind"], "kind_zh": KIND_ZH[r["kind"]],
            "target_key": r["target_key"], "target_doc_id": r["target_doc_id"],
            "target_title": r["target_doc_title"] if in_lib else r["target_title"],
            "target_doc_no": r["target_doc_no_norm"] if in_lib else r["target_doc_no"],
            "in_library": in_lib, "date": r["date"], "sentence": r["sentence"],
            "block_id": r["block_id"], "confidence": r["confidence"],
            "target_status": target_status.status if target_status else None})
    counts = {"documents": len(docs), **library.issue_counts(issue_id)}
    info = {"id": issue.id, "label": issue.label, "gazette": issue.gazette, "year": issue.year,
            "number": issue.number, "pages": issue.page_count}
    return Digest(info, day.isoformat(), by_type, changes, library.issue_unit_counts(issue_id),
                  library.issue_tables(issue_id), counts)


def unit_roles(u: dict) -> str:
    """``牵头 1，配合 4，责任 24``: a unit's roles in the issue's tasks (``issue_unit_counts``),
    only those it has; 责任 counts the tasks naming it as 责任单位 (neither lead nor support)."""
    return "，".join(f"{role} {n}" for role, n in (("牵头", u["lead"]), ("配合", u["support"]),
                                                  ("责任", u["responsible"])) if n > 0)


# -- the one-page PDF ----------------------------------------------------------------------
def _lines(d: Digest) -> list[tuple[str, str]]:
    """(style, text) lines of the page: h = heading, t = title, p = text, s = small."""
    out: list[tuple[str, str]] = [("t", f"{d.issue['label']} 本期概要")]
    c = d.counts
    out.append(("s", f"文件 {c.get('documents', 0)} 件 · 任务 {c.get('tasks', 0)} 项 · "
                     f"表格 {c.get('tables', 0)} 张 · 引用 {c.get('citations', 0)} 处 · "
                     f"状态截至 {d.today}"))
    out.append(("h", "一、本期文件（按文种）"))
    for group in d.by_type:
        out.append(("p", f"{group['type']}（{len(group['documents'])} 件）"))
        for doc in group["documents"]:
            no = f"（{doc['doc_no']}）" if doc["doc_no"] else ""
            status = f"  [{doc['status']}]" if doc["status"] and doc["status"] != "现行有效" else ""
            out.append(("s", f"    {doc['title']}{no}{status}"))
    out.append(("h", "二、废止、修改的文件"))
    if not d.changes:
        out.append(("s", "    本期文件未废止或修改其他文件。"))
    for ch in d.changes:
        target = (f"《{ch['target_title']}》" if ch["target_title"] else "") + (
            f"（{ch['target_doc_no']}）" if ch["target_doc_no"] else "")
        where = "" if ch["in_library"] else "（不在资料库中）"
        when = f"，自 {ch['date']} 起" if ch["date"] else ""
        out.append(("s", f"    {ch['doc_no'] or ch['doc_title']} {ch['kind_zh']} {target}{where}{when}"))
    out.append(("h", "三、新增任务（按单位）"))
    if not d.units:
        out.append(("s", "    本期没有分工任务。"))
    units = d.units[:24]
    row = []
    for u in units:
        row.append(f"{u['unit']} {u['total']}（{unit_roles(u)}）")
        if len(row) == 3:
            out.append(("s", "    " + "；".join(row)))
            row = []
    if row:
        out.append(("s", "    " + "；".join(row)))
    if len(d.units) > len(units):
        out.append(("s", f"    ……另有 {len(d.units) - len(units)} 个单位"))
    out.append(("h", "四、新增表格"))
    if not d.tables:
        out.append(("s", "    本期没有表格。"))
    by_doc: dict[str, list[dict]] = {}
    for t in d.tables:
        by_doc.setdefault(t["doc_title"], []).append(t)
    for title, tables in by_doc.items():           # one line per document, captions after
        names = "；".join(f"{t['caption'] or '（无标题表格）'}（{t['row_count']} 行）"
                         for t in tables[:6])
        more = f"；……共 {len(tables)} 张" if len(tables) > 6 else ""
        out.append(("s", f"    《{title}》：{names}{more}"))
    return out


def digest_pdf_bytes(d: Digest) -> tuple[bytes, list[str]]:
    """The digest on one A4 page (long lists are shortened to fit). Returns (pdf, warnings)."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    from .export.fonts import cjk_font

    font = cjk_font()
    width, height = A4
    margin = 48
    sizes = {"t": 16, "h": 11.5, "p": 10, "s": 9}
    gaps = {"t": 10, "h": 7, "p": 3, "s": 2}
    lines = _lines(d)

    def wrapped(style: str, text: str) -> list[str]:
        size, limit, out, cur = sizes[style], width - 2 * margin, [], ""
        for ch in text:
            if stringWidth(cur + ch, font.name, size) > limit:
                out.append(cur)
                cur = "      " if style == "s" else ""
            cur += ch
        out.append(cur)
        return out

    layout = [(style, part) for style, text in lines for part in wrapped(style, text)]
    total = sum(sizes[s] + gaps[s] for s, _ in layout)
    available = height - 2 * margin - 20
    scale = min(1.0, available / total) if total else 1.0
    scale = max(scale, 0.55)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setTitle(f"{d.issue['label']} 本期概要")
    y = height - margin
    dropped = 0
    for style, text in layout:
        size = sizes[style] * scale
        step = size + gaps[style] * scale
        if y - step < margin + 14:
            dropped += 1
            continue
        y -= step
        c.setFont(font.name, size)
        if style == "t":
            c.drawCentredString(width / 2, y, text)
            y -= 4
        else:
            c.drawString(margin, y, text)
    if dropped:
        c.setFont(font.name, 8)
        c.drawString(margin, margin + 4, f"（版面所限，另有 {dropped} 行未列出，完整内容见 digest --json）")
    c.setFont(font.name, 7.5)
    c.drawRightString(width - margin, margin - 14, f"公报阅读器 · {d.issue['label']} · 生成于 {d.today}")
    c.showPage()
    c.save()
    warnings = [font.warning] if font.warning else []
    return buf.getvalue(), warnings


def digest_pdf(d: Digest, path: str | Path) -> tuple[Path, list[str]]:
    """Write the one-page digest atomically to ``path``."""
    from .export.atomic import write_atomic

    data, warnings = digest_pdf_bytes(d)
    return write_atomic(path, data), warnings
