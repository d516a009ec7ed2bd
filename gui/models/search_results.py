"""Search results grouped by document: a group row per document, a child row per hit."""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from ..plaintext import tip
from . import BLOCK_ROLE, DOC_ROLE, ID_ROLE, KIND_ROLE, SPANS_ROLE

Index = QModelIndex | QPersistentModelIndex
HTML_ROLE = Qt.ItemDataRole.UserRole + 10      # the row as rich text with hits marked
_GROUP = 0xFFFFFFFF                               # internalId of group rows


def marked_html(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` as HTML with every span wrapped in a highlight."""
    out, pos = [], 0
    for s, e in sorted(spans):
        if s < pos:
            continue
        out.append(html.escape(text[pos:s]))
        out.append('<span style="background:#ffd54f;color:#000">'
                   f"{html.escape(text[s:e])}</span>")
        pos = e
    out.append(html.escape(text[pos:]))
    return "".join(out)


def issue_when(g) -> str:
    """``2023年第3期`` (or the year alone) of a result's issue; empty when unknown."""
    if not g.year:
        return ""
    return f"{g.year}年第{g.number}期" if g.number else f"{g.year}年"


def more_count(g) -> int:
    """Hits of a result not built yet (a search builds the first few of each document)."""
    return max(0, g.hit_count - len(g.hits))


class SearchResultsModel(QAbstractItemModel):
    """Holds one :class:`index.SearchResults`; hit rows carry block id and spans."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.results = None
        self.groups: list = []
        self.complete: set[str] = set()      # results whose every hit is built

    def set_results(self, results) -> None:
        self.beginResetModel()
        self.results = results
        self.groups = list(results.groups) if results is not None else []
        self.complete = set()
        self.endResetModel()

    def append_results(self, results) -> None:
        """Add the next page of the same search (its groups follow the ones shown)."""
        if not results.groups:
            return
        first = len(self.groups)
        self.beginInsertRows(QModelIndex(), first, first + len(results.groups) - 1)
        self.groups.extend(results.groups)
        self.results = results
        self.endInsertRows()

    def set_hits(self, doc_id: str, hits: list) -> bool:
        """Every hit of a result, built on request: the 还有 N 段 row goes and the hits
        after the ones shown follow them. False when the document is no longer shown."""
        for row, g in enumerate(self.groups):
            if g.doc_id != doc_id or doc_id in self.complete:
                continue
            parent = self.index(row, 0)
            shown = len(g.hits)
            if self._more(g):
                self.beginRemoveRows(parent, shown, shown)
                self.complete.add(doc_id)
                self.endRemoveRows()
            self.complete.add(doc_id)        # (no 还有 row: nothing more was promised)
            rest = list(hits[shown:])
            if rest:
                self.beginInsertRows(parent, shown, shown + len(rest) - 1)
                g.hits = list(g.hits) + rest
                self.endInsertRows()
            return True
        return False

    def _more(self, g) -> int:
        return 0 if g.doc_id in self.complete else more_count(g)

    def clear(self) -> None:
        self.set_results(None)

    # -- structure: group rows have internalId _GROUP; hit rows the group's row ----------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row < len(self.groups):
                return self.createIndex(row, 0, _GROUP)
            return QModelIndex()
        if parent.internalId() != _GROUP:
            return QModelIndex()
        group = self.groups[parent.row()]
        if row < len(group.hits) + (1 if self._more(group) else 0):
            return self.createIndex(row, 0, parent.row())
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _GROUP:
            return QModelIndex()
        return self.createIndex(int(index.internalId()), 0, _GROUP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.column() > 0:
            return 0
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == _GROUP:
            group = self.groups[parent.row()]
            return len(group.hits) + (1 if self._more(group) else 0)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 1

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:
        return self.rowCount(parent) > 0

    def flags(self, index: Index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return "检索结果"
        return None

    def group_text(self, g) -> str:
        """``许政〔2023〕5号  关于……的通知（3 段 · 2023年第3期）``: the issue it is in, so that
        the same 文号 or title in two issues (a correction, a re-publication) is told apart."""
        head = f"{g.doc_no}  {g.title}" if g.doc_no else g.title
        return f"{head}（{g.hit_count} 段{' · ' + issue_when(g) if issue_when(g) else ''}）"

    @staticmethod
    def hit_text(h) -> str:
        page = f"{'约' if h.page_estimated else ''}第{h.page}页  " if h.page else ""
        return page + h.snippet

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.internalId() == _GROUP:
            g = self.groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return self.group_text(g)
            if role == HTML_ROLE:
                return f"<b>{html.escape(self.group_text(g))}</b>"
            if role == Qt.ItemDataRole.ToolTipRole:
                return tip(f"{g.title}\n{g.doc_no}  {issue_when(g)}".strip())
            if role in (ID_ROLE, DOC_ROLE):
                return g.doc_id
            if role == KIND_ROLE:
                return "group"
            if role == BLOCK_ROLE:
                return g.hits[0].block_id if g.hits else None
            return None
        g = self.groups[int(index.internalId())]
        if index.row() >= len(g.hits):         # the last row: the hits not built yet
            text = f"还有 {self._more(g)} 段……（按 Enter 或双击显示全部）"
            if role == Qt.ItemDataRole.DisplayRole:
                return text
            if role == HTML_ROLE:
                return f'<span style="color:#1a5fb4">{html.escape(text)}</span>'
            if role == DOC_ROLE:
                return g.doc_id
            if role == KIND_ROLE:
                return "more"
            return None
        h = g.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.hit_text(h)
        if role == HTML_ROLE:
            prefix = len(self.hit_text(h)) - len(h.snippet)
            spans = [(s + prefix, e + prefix) for s, e in h.snippet_spans]
            return marked_html(self.hit_text(h), spans)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(h.snippet)
        if role == ID_ROLE or role == BLOCK_ROLE:
            return h.block_id
        if role == DOC_ROLE:
            return h.doc_id
        if role == KIND_ROLE:
            return "hit"
        if role == SPANS_ROLE:
            return [list(s) for s in h.spans]
        return None
