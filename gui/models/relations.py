"""What the 关联 panel, the reader's citation links and the tree's status badges show,
fetched from the library in one call each (no Qt widgets here; the badge pixmaps are the
only Qt objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap

from core.refs import NO_STATUS, has_status

if TYPE_CHECKING:
    from core.store import Library

# status → (text colour, background colour)
STATUS_COLORS = {
    "现行有效": ("#1b5e20", "#e8f5e9"),
    "已修改": ("#0d47a1", "#e3f2fd"),
    "尚未施行": ("#6a1b9a", "#f3e5f5"),
    "已到期": ("#8d6e63", "#efebe9"),
    "已废止": ("#b71c1c", "#ffebee"),
    "未知": ("#616161", "#f5f5f5"),
}
GREYED = ("已废止", "已到期")
KIND_ZH = {"repeals": "废止", "replaces": "代替", "amends": "修改", "implements": "依据",
           "cites": "引用"}
KIND_ZH_PASSIVE = {"repeals": "废止了它", "replaces": "代替了它", "amends": "修改了它",
                   "implements": "依据它", "cites": "引用它"}


def status_colors(status: str | None) -> tuple[str, str]:
    return STATUS_COLORS.get(status or "未知", STATUS_COLORS["未知"])


_BADGES: dict[str, QPixmap] = {}


def status_badge(status: str) -> QPixmap:
    """A small rounded badge with the status in its colours."""
    if status not in _BADGES:
        fg, bg = status_colors(status)
        font = QFont()
        font.setPixelSize(11)
        width = 12 + 12 * len(status)
        pm = QPixmap(width, 16)
        pm.fill(QColor(0, 0, 0, 0))
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QColor(fg))
        p.setBrush(QColor(bg))
        p.drawRoundedRect(QRectF(0.5, 0.5, width - 1, 15), 4, 4)
        p.setFont(font)
        p.drawText(QRectF(0, 0, width, 16), Qt.AlignmentFlag.AlignCenter, status)
        p.end()
        _BADGES[status] = pm
    return _BADGES[status]


def doc_label(title: str | None, doc_no: str | None) -> str:
    return (f"《{title}》" if title else "") + (f"（{doc_no}）" if doc_no else "")


@dataclass
class RelationRow:
    """One line of the 关联 panel."""

    group: str                       # cites | cited_by | relations
    label: str                       # 《title》（文号）
    kinds: list[str]
    status: str | None
    status_reason: str
    doc_id: str | None               # the document to open (None: not in the library)
    block_id: str | None             # where to jump: the citing place or the sentence
    sentence: str = ""
    confidence: float = 1.0
    key: str = ""
    issuer: str | None = None
    date: str | None = None
    places: list[dict] = field(default_factory=list)

    @property
    def kind_text(self) -> str:
        shown = [k for k in self.kinds if k != "cites"] or ["cites"]
        words = KIND_ZH_PASSIVE if self.group == "cited_by" else KIND_ZH
        return "、".join(words[k] for k in shown)

    def tooltip(self) -> str:
        parts = [self.label]
        if self.issuer or self.date:
            parts.append("  ".join(x for x in (self.issuer, self.date) if x))
        if self.status:
            parts.append(f"效力：{self.status}" + (f"（{self.status_reason}）" if self.status_reason
                                                  else ""))
        if self.doc_id is None:
            parts.append(f"不在资料库中；本文引用 {len(self.places)} 处")
        if self.sentence:
            sure = "" if self.confidence >= 0.7 else "（推断，存疑）"
            parts.append(f"原句{sure}：{self.sentence}")
        return "\n".join(parts)


@dataclass
class RelationsData:
    doc_id: str
    title: str
    status: str | None                 # None: not a document (目录 …), no badge
    reason: str
    sentence: str
    sentence_block: str | None        # in this document, or in the deciding one
    sentence_doc: str | None          # the document the sentence is in
    since: str | None
    pending: str | None
    term: str                          # 施行/有效期 in one line
    cites: list[RelationRow] = field(default_factory=list)
    cited_by: list[RelationRow] = field(default_factory=list)
    relations: list[RelationRow] = field(default_factory=list)


def load_relations(library: Library, doc_id: str, today=None) -> RelationsData:
    """Everything the 关联 panel shows for one document (see ``Library.refs_view``)."""
    view = library.refs_view(doc_id, today)
    doc, s, term = view["document"], view["status"], view["term"]
    term_parts = []
    if term is not None and term.effective:
        term_parts.append(f"自 {term.effective} 起施行")
    if term is not None and term.expires:
        term_parts.append(f"有效期至 {term.expires}")
    if has_status(doc):
        data = RelationsData(doc_id, doc.title, s.status, s.reason, s.sentence,
                             s.block_id, s.by_doc_id or (doc_id if s.sentence else None), s.since,
                             s.pending, "，".join(term_parts))
    else:                   # 目录, 政务动态 …: the gazette's own pages have no status
        data = RelationsData(doc_id, doc.title, None, NO_STATUS, "", None, None, None, None, "")
    for link in view["cites"]:
        st = link.status
        first = link.places[0]["block_id"] if link.places else None
        data.cites.append(RelationRow(
            "cites", doc_label(link.title, link.doc_no), list(link.kinds),
            st.status if st else None, st.reason if st else "", link.doc_id,
            first, link.sentence, link.confidence, link.key, link.issuer, link.date,
            list(link.places)))
    for link in view["cited_by"]:
        st = link.status
        data.cited_by.append(RelationRow(
            "cited_by", doc_label(link.title, link.doc_no), list(link.kinds),
            st.status if st else None, st.reason if st else "", link.doc_id,
            link.block_id or (link.places[0]["block_id"] if link.places else None),
            link.sentence, link.confidence, link.key, link.issuer, link.date,
            list(link.places)))
    by_key = {row.key: row for row in data.cites}
    for r in view["relations"]:
        if r.kind not in ("repeals", "replaces", "amends"):
            continue
        target = by_key.get(r.target_key)
        label = target.label if target else doc_label(r.target_title, r.target_doc_no)
        data.relations.append(RelationRow(
            "relations", label, [r.kind], target.status if target else None,
            target.status_reason if target else "", doc_id, r.block_id, r.sentence,
            r.confidence, r.target_key, target.issuer if target else None,
            target.date if target else None))
    return data


def citation_tip(target: dict) -> str:
    """The hover text of a cited 文号/title in the reader."""
    parts = [doc_label(target.get("title"), target.get("doc_no")) or target.get("key", "")]
    who = "  ".join(x for x in (target.get("issuer"), target.get("date")) if x)
    if who:
        parts.append(who)
    status = target.get("status")
    if status:
        parts.append(f"效力：{status}" + (f"（{target.get('status_reason')}）"
                                          if target.get("status_reason") else ""))
    if target.get("doc_id"):
        parts.append("单击打开")
    else:
        n = target.get("cite_count") or 0
        parts.append(f"不在资料库中；资料库中有 {n} 处引用它，单击查看")
    return "\n".join(parts)
