"""The 批注 list: one row per :class:`core.annotations.AnnotationRecord`, in the order given
(reading order; those 未能定位 last)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPixmap

from core.annotations import GONE_TITLE, color_hex, color_name

from ..plaintext import tip as plain_tip
from . import BLOCK_ROLE, DOC_ROLE, ID_ROLE

Index = QModelIndex | QPersistentModelIndex
START_ROLE = Qt.ItemDataRole.UserRole + 6      # offset of the passage in its block
ORPHAN_TEXT = "未能定位"


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


class AnnotationListModel(QAbstractListModel):
    """Rows show where (page, document in 全部 mode), the quote and the note."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.records: list = []
        self.show_document = False
        self._swatches: dict[str, QPixmap] = {}

    def set_records(self, records: list, show_document: bool = False) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.show_document = show_document
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.records)

    def row_of(self, ann_id: str) -> int:
        return next((i for i, r in enumerate(self.records) if r.annotation.id == ann_id), -1)

    def _swatch(self, color: str) -> QPixmap:
        if color not in self._swatches:
            pm = QPixmap(14, 14)
            pm.fill(QColor(color_hex(color)))
            self._swatches[color] = pm
        return self._swatches[color]

    def text(self, rec) -> str:
        a = rec.annotation
        orphan = a.status == "orphan"
        where = [f"〔{ORPHAN_TEXT}〕"] if orphan else []
        if self.show_document or orphan:
            if rec.doc_title == GONE_TITLE:     # what is known of it: its 文号
                where.append(f"{rec.doc_no or ''}{GONE_TITLE}")
            else:
                where.append(f"《{_short(rec.doc_title, 22)}》"
                             + (f"（{rec.doc_no}）" if orphan and rec.doc_no else ""))
            if rec.issue_label:
                where.append(rec.issue_label)
        if rec.page and not orphan:
            where.append(rec.page_text)
        where.append(color_name(a.color))
        lines = ["  ·  ".join(where), f"“{_short(a.quote, 60)}”"]
        if a.note:
            lines.append(f"批注：{_short(a.note, 80)}")
        return "\n".join(lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.records):
            return None
        rec = self.records[index.row()]
        a = rec.annotation
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(rec)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._swatch(a.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = [f"原文：{a.quote}"]
            if a.note:
                tip.append(f"批注：{a.note}")
            src = f"{rec.issue_label} 《{rec.doc_title}》" + (f"（{rec.doc_no}）"
                                                           if rec.doc_no else "")
            tip.append(f"来源：{src}")
            tip.append(f"时间：{(a.modified or a.created).replace('T', ' ')[:16]}")
            if a.status == "orphan":
                tip.append("原文件已删除或已更正，未能找到这段原文。")
            return plain_tip("\n".join(tip))
        if role == Qt.ItemDataRole.ForegroundRole and a.status == "orphan":
            return QColor("#888888")
        if role == ID_ROLE:
            return a.id
        if role == DOC_ROLE:
            return a.doc_id if a.status != "orphan" else None
        if role == BLOCK_ROLE:
            return a.block_id
        if role == START_ROLE:
            return a.start
        return None
