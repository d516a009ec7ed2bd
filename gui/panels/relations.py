"""The 关联 panel: for the open document, its status (效力) with the sentence that decides it,
what it cites (它引用的), what cites it (引用它的) and its 废止/修改 relations.

Signals: ``openDocument(doc_id, block_id)`` (a citing or cited document, at the place);
``jump(block_id)`` (a place in the open document: a citation of a document that is not in
the library, or the sentence of a relation).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ..models.relations import GREYED, RelationRow, RelationsData, load_relations, status_colors
from ..models.search_results import HTML_ROLE
from .search import HtmlDelegate

ROW_ROLE = Qt.ItemDataRole.UserRole + 21
GROUPS = (("relations", "废止 / 修改 / 代替"), ("cites", "它引用的"), ("cited_by", "引用它的"))


class ResultsTree(QTreeWidget):
    """Rows are HTML wrapped to the width: their heights are laid out again on a resize."""

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.Resize and \
                event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()
        return super().viewportEvent(event)


class RelationsPanel(QWidget):
    openDocument = Signal(str, str)
    jump = Signal(str)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.setObjectName("relationsPanel")
        self.ctx = ctx
        self.data: RelationsData | None = None
        self.today = None                   # tests set a day; None = today
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(4)
        self.status = QLabel()
        self.status.setObjectName("relationsStatus")
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.status.linkActivated.connect(self._status_link)
        lay.addWidget(self.status)
        self.tree = ResultsTree()
        self.tree.setObjectName("relationsTree")
        self.tree.setColumnCount(1)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setIndentation(12)
        self.tree.setItemDelegate(HtmlDelegate(self.tree))
        self.tree.itemActivated.connect(self._activate)
        self.tree.itemClicked.connect(self._activate)
        lay.addWidget(self.tree, 1)
        self.set_document(None)

    def sizeHint(self) -> QSize:
        return QSize(320, super().sizeHint().height())

    # -- loading --------------------------------------------------------------------------
    def set_document(self, doc_id: str | None, hint: str | None = None) -> None:
        """The relations of a document; without one, ``hint`` says why (本期概要)."""
        self.tree.clear()
        if doc_id is None:
            self.data = None
            self.status.setText("<span style='color:#777'>" + _esc(
                hint or "打开一份文件后，这里显示它的效力、它引用的文件和引用它的文件。")
                + "</span>")
            return
        self.data = load_relations(self.ctx.library, doc_id, self.today)
        self._show(self.data)

    def refresh(self) -> None:
        """Reload after the library changed (an import or a removal changes statuses)."""
        if self.data is not None:
            try:
                self.set_document(self.data.doc_id)
            except Exception:  # noqa: BLE001 - the document was removed meanwhile
                self.set_document(None)

    def _show(self, d: RelationsData) -> None:
        fg, bg = status_colors(d.status)
        html = [f"<div><span style='background:{bg};color:{fg};font-weight:bold;"
                f"padding:2px 6px;'>&nbsp;{d.status}&nbsp;</span>&nbsp; {_esc(d.reason)}</div>"
                if d.status else f"<div style='color:#555'>{_esc(d.reason)}</div>"]
        if d.term:
            html.append(f"<div style='color:#555'>{_esc(d.term)}</div>")
        if d.sentence:
            where = "本文" if d.sentence_doc == d.doc_id else "决定它的文件"
            html.append(f"<div style='margin-top:3px'>“{_esc(d.sentence)}”"
                        f" <a href='sentence'>（{where}原句）</a></div>")
        if d.pending:
            html.append(f"<div style='color:#6a1b9a'>另：{_esc(d.pending)}</div>")
        self.status.setText("".join(html))
        rows = {"relations": d.relations, "cites": d.cites, "cited_by": d.cited_by}
        for key, title in GROUPS:
            items = rows[key]
            if key == "relations" and not items:
                continue
            group = QTreeWidgetItem([f"{title}（{len(items)}）"])
            group.setData(0, HTML_ROLE, f"<b>{title}</b>（{len(items)}）")
            self.tree.addTopLevelItem(group)
            if not items:
                empty = QTreeWidgetItem(["（无）"])
                empty.setData(0, HTML_ROLE, "<span style='color:#999'>（无）</span>")
                group.addChild(empty)
            for row in items:
                group.addChild(self._item(row))
            group.setExpanded(True)

    def _item(self, row: RelationRow) -> QTreeWidgetItem:
        where = "" if row.doc_id or row.group == "relations" else "不在资料库中"
        item = QTreeWidgetItem([row.label])
        item.setData(0, ROW_ROLE, row)
        from ..plaintext import tip

        item.setToolTip(0, tip(row.tooltip()))
        grey = row.status in GREYED or (row.doc_id is None and row.group != "relations")
        strong = row.kinds and row.kinds[0] in ("repeals", "replaces", "amends") \
            and row.confidence >= 0.7
        kind_color = ("#b71c1c" if row.kinds[0] != "amends" else "#0d47a1") if strong else "#555"
        parts = [f"<span style='color:{kind_color}'>{_esc(row.kind_text)}</span>"]
        if row.status and not (where and row.status == "未知"):     # 不在资料库中 says it
            fg, bg = status_colors(row.status)
            parts.append(f"<span style='background:{bg};color:{fg}'>&nbsp;{row.status}&nbsp;</span>")
        if where:
            parts.append(f"<span style='color:#888'>{where}</span>")
        if row.group == "cites" and len(row.places) > 1:
            parts.append(f"<span style='color:#888'>{len(row.places)} 处</span>")
        if row.group == "relations" and row.sentence:
            parts.append(f"<br><span style='color:#666'>“{_esc(row.sentence[:120])}”</span>")
        label = f"<span style='color:{'#8a8a8a' if grey else '#1a1a1a'}'>{_esc(row.label)}</span>"
        item.setData(0, HTML_ROLE, label + "<br>" + " ".join(parts))
        return item

    # -- activation -----------------------------------------------------------------------
    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        row: RelationRow | None = item.data(0, ROW_ROLE)
        if row is None or self.data is None:
            return
        if row.group == "relations":
            self.jump.emit(row.block_id or "")
        elif row.group == "cited_by":
            self.openDocument.emit(row.doc_id or "", row.block_id or "")
        elif row.doc_id:
            self.openDocument.emit(row.doc_id, "")
        elif row.block_id:
            self.jump.emit(row.block_id)       # a document not in the library: its citation

    def _status_link(self, _href: str) -> None:
        d = self.data
        if d is None or not d.sentence_block:
            return
        if d.sentence_doc and d.sentence_doc != d.doc_id:
            self.openDocument.emit(d.sentence_doc, d.sentence_block)
        else:
            self.jump.emit(d.sentence_block)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
