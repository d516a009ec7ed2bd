"""Cited 文号 and 《titles》 in the reader as links.

When the reader has built a document, before it shows it (``ReaderView.before_show``: formats
set then cost no layout), every citation of the text (not those inside tables, whose cells
are laid out apart) gets an anchor format (``cite:N``): blue with a dotted underline. Hovering shows the cited document's title, issuer, date and status; a click
opens it when it is in the library, and otherwise lists the places of the library that cite
it. The formats are char formats of the reader's QTextDocument: the text and the positions
the reader maps stored offsets to are unchanged.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMenu

from .models.relations import citation_tip, doc_label

LINK_COLOR = QColor("#1565c0")
SCHEME = "cite:"


class CitationLinks(QObject):
    """Signals: ``openDocument(doc_id, block_id)``."""

    openDocument = Signal(str, str)

    def __init__(self, reader, library_getter, parent=None):
        super().__init__(parent)
        self.reader = reader
        self._library = library_getter
        self.doc_id: str | None = None
        self.links: list[dict] = []           # per anchor number: the citation target
        self.spans: list[tuple[int, int]] = []  # per anchor number: document positions
        reader.setTextInteractionFlags(reader.textInteractionFlags()
                                       | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        reader.anchorClicked.connect(self._clicked)
        reader.before_show.append(self._format)
        self._formatted = None          # (QTextDocument, doc id) the links were set in
        # the reader's hover text: an annotation's note first, else the citation under it
        note_tip = reader.tooltip_at

        def tooltip_at(pos: QPoint):
            return note_tip(pos) or self.tip_at(pos)

        reader.tooltip_at = tooltip_at

    @property
    def library(self):
        return self._library()

    def set_document(self, doc_id: str | None, force: bool = False) -> None:
        """Mark the links of ``doc_id`` in the reader, unless they are marked already;
        ``force``: again (the library changed: a cited document arrived or went, statuses
        moved, citations were read again)."""
        self.doc_id = doc_id
        doc = self.reader.document()
        if force or doc_id is None or self._formatted != (doc, doc_id):
            self.apply()

    def _format(self, doc) -> None:
        """The reader's hook: the links of the document it is about to show."""
        data = self.reader.data
        self.doc_id = data.doc.id if data is not None else None
        self._mark(doc)

    def apply(self) -> int:
        """Mark the citations of the document shown; returns the number of links."""
        n = self._mark(self.reader.document())
        if n:
            self.reader.relayout()      # Qt's lazy layout stops at a format change
        return n

    def _mark(self, doc) -> int:
        self.links, self.spans = [], []
        self._formatted = None
        data = self.reader.data
        if self.doc_id is None or data is None or data.doc.id != self.doc_id:
            return 0
        self._formatted = (doc, self.doc_id)
        lib = self.library
        targets = lib.citation_targets(self.doc_id)
        kinds = {b.id: b.kind for b in data.blocks}
        doc.setUndoRedoEnabled(False)
        cur = QTextCursor(doc)
        for c in lib.doc_citations(self.doc_id):
            if kinds.get(c.block_id) == "table_row" or kinds.get(c.end_block_id) == "table_row":
                continue
            start = self.reader.position_of(c.block_id, c.start)
            end = self.reader.position_of(c.end_block_id, c.end)
            if start is None or end is None or end <= start:
                continue
            n = len(self.links)
            target = dict(targets.get(c.key) or {"key": c.key, "title": c.title,
                                                 "doc_no": c.doc_no_norm})
            target["place"] = {"block_id": c.block_id, "start": c.start}
            self.links.append(target)
            self.spans.append((start, end))
            fmt = QTextCharFormat()
            fmt.setAnchor(True)
            fmt.setAnchorHref(f"{SCHEME}{n}")
            fmt.setForeground(LINK_COLOR)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(LINK_COLOR)
            cur.setPosition(start)
            cur.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cur.mergeCharFormat(fmt)
        return len(self.links)

    # -- hover and click ------------------------------------------------------------------
    def link_at(self, pos: QPoint) -> dict | None:
        href = self.reader.anchorAt(pos)
        return self._target(href)

    def _target(self, href: str) -> dict | None:
        if not href.startswith(SCHEME):
            return None
        try:
            return self.links[int(href[len(SCHEME):])]
        except (ValueError, IndexError):
            return None

    def tip_at(self, pos: QPoint) -> str | None:
        target = self.link_at(pos)
        from .plaintext import tip

        return tip(citation_tip(target)) if target else None

    def _clicked(self, url) -> None:
        self.activate(self._target(url.toString()))

    def activate(self, target: dict | None, menu_at: QPoint | None = None) -> QMenu | None:
        """Open the cited document, or (not in the library) list the places citing it."""
        if target is None:
            return None
        if target.get("doc_id"):
            self.openDocument.emit(target["doc_id"], "")
            return None
        menu = QMenu(self.reader)
        head = menu.addAction(doc_label(target.get("title"), target.get("doc_no"))
                              or target.get("key", ""))
        head.setEnabled(False)
        info = menu.addAction("不在资料库中" + (f" · {target['issuer']}" if target.get("issuer")
                                             else "") + (f" · 效力：{target['status']}"
                                                         if target.get("status") else ""))
        info.setEnabled(False)
        menu.addSeparator()
        for place in self.library.citing_places(target["key"])[:40]:
            label = f"引用处：{doc_label(place['doc_title'], place['doc_no_norm'])}"
            menu.addAction(label, lambda p=place: self.openDocument.emit(p["doc_id"],
                                                                         p["block_id"]))
        if menu_at is None:
            menu.popup(QCursor.pos())
        else:
            menu.popup(menu_at)
        return menu
