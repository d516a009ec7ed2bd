"""The reader: one document as clean, styled text with hits and (later) highlights painted on.

The document is built block by block with QTextCursor; ``block_pos`` maps each stored block id
to its position in the QTextDocument, which is what jump-to-hit, scroll sync, citations and
annotation highlights use: a stored offset ``(block_id, start)`` is at ``block_pos[id] +
start`` (table rows map to the start of their table). Hits and annotations are
``QTextEdit.ExtraSelection`` layers, so painting them never changes the text.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QKeySequence,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextLength,
    QTextTableFormat,
)
from PySide6.QtWidgets import QMenu, QTextBrowser, QTextEdit

HIT_COLOR = QColor("#ffe082")
CURRENT_HIT_COLOR = QColor("#ff9800")
ANNOTATION_COLORS = {"yellow": "#fff176", "green": "#a5d6a7", "red": "#ef9a9a",
                     "blue": "#90caf9"}
MIN_SIZE, MAX_SIZE, DEFAULT_SIZE = 9, 28, 13


@dataclass
class DocumentData:
    """Everything the reader shows for one document (fetched by the window)."""

    doc: object                 # core.model.Document
    issue: object               # core.model.Issue
    blocks: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    levels: dict = field(default_factory=dict)      # section id -> level (1 = top)


def citation(data: DocumentData, page: int | None) -> str:
    """《标题》（文号），《公报名》2023年第3期第P页."""
    doc, issue = data.doc, data.issue
    no = f"（{doc.doc_no.printed}）" if doc.doc_no else ""
    where = issue.label
    if page:
        where += f"第{page}页"
    return f"《{doc.title}》{no}，{where}"


class ReaderView(QTextBrowser):
    """Read-only document view. Signals: ``sectionVisible(section_id)`` when scrolling
    reaches another section; ``hitChanged(current, total)`` (current from 1, 0 = none);
    ``fontSizeChanged(size)``."""

    sectionVisible = Signal(str)
    hitChanged = Signal(int, int)
    fontSizeChanged = Signal(int)

    def __init__(self, family: str = "", parent=None):
        super().__init__(parent)
        self.setObjectName("reader")
        self.setOpenLinks(False)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.family = family or self.font().family()
        self.font_size = DEFAULT_SIZE
        self.data: DocumentData | None = None
        self.block_pos: dict[str, int] = {}
        self._sorted: list[tuple[int, str]] = []      # (position, block_id), ascending
        self._blocks: dict[str, object] = {}
        self.hits: list[tuple[int, int]] = []          # document positions of occurrences
        self.current_hit = -1
        self.hit_terms: list[str] = []
        self.annotation_selections: list[QTextEdit.ExtraSelection] = []
        self._last_section: str | None = None
        self.context_actions: list[QAction] = []       # extra entries (annotations hook)
        self.verticalScrollBar().valueChanged.connect(self._on_scroll)
        self.copy_cite_action = QAction("复制并注明出处", self)
        self.copy_cite_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_cite_action.triggered.connect(self.copy_with_citation)
        self.addAction(self.copy_cite_action)

    # -- rendering ------------------------------------------------------------------------
    def show_document(self, data: DocumentData | None) -> None:
        self.data = data
        self._render()
        self.set_terms([])

    def _render(self) -> None:
        doc = QTextDocument(self)
        base = QFont(self.family, self.font_size)
        doc.setDefaultFont(base)
        doc.setDocumentMargin(24)
        self.block_pos, self._blocks = {}, {}
        if self.data is not None:
            _Builder(doc, self.data, self.font_size, self.block_pos).build()
            self._blocks = {b.id: b for b in self.data.blocks}
        self._sorted = sorted((p, b) for b, p in self.block_pos.items())
        self.setDocument(doc)
        self._last_section = None

    def set_font_size(self, size: int) -> None:
        size = max(MIN_SIZE, min(MAX_SIZE, int(size)))
        if size == self.font_size:
            return
        top = self.top_block_id()
        self.font_size = size
        if self.data is not None:
            self._render()
            self.set_terms(self.hit_terms, keep_index=True)
            if top:
                self.scroll_to_block(top)
        self.fontSizeChanged.emit(size)

    def zoom(self, step: int) -> None:
        self.set_font_size(self.font_size + step)

    # -- positions ------------------------------------------------------------------------
    def block_at(self, position: int) -> str | None:
        """The stored block id shown at a document position (the last one starting before)."""
        i = bisect.bisect_right(self._sorted, (position, "\uffff")) - 1
        return self._sorted[i][1] if i >= 0 else None

    def position_of(self, block_id: str, offset: int = 0) -> int | None:
        pos = self.block_pos.get(block_id)
        if pos is None:
            return None
        block = self._blocks.get(block_id)
        if block is not None and block.kind == "table_row":
            return pos
        return pos + offset

    def top_block_id(self) -> str | None:
        if self.data is None:
            return None
        pos = self.cursorForPosition(QPoint(4, 4)).position()
        return self.block_at(pos)

    def scroll_to_block(self, block_id: str) -> None:
        pos = self.block_pos.get(block_id)
        if pos is None:
            return
        self._scroll_to_position(pos, top=True)

    def _scroll_to_position(self, pos: int, top: bool = False) -> None:
        cur = QTextCursor(self.document())
        cur.setPosition(pos)
        rect = self.cursorRect(cur)
        bar = self.verticalScrollBar()
        margin = 8 if top else self.viewport().height() // 3
        bar.setValue(bar.value() + rect.top() - margin)

    def _on_scroll(self, _value: int) -> None:
        block_id = self.top_block_id()
        block = self._blocks.get(block_id) if block_id else None
        section = getattr(block, "section_id", None)
        if section and section != self._last_section:
            self._last_section = section
            self.sectionVisible.emit(section)

    # -- hits -----------------------------------------------------------------------------
    def set_terms(self, terms: list[str], keep_index: bool = False) -> int:
        """Mark every occurrence of any of ``terms`` (the index's exact matching); returns
        the number of occurrences."""
        from index.textmatch import find_all

        self.hit_terms = [t for t in terms if t and t.strip()]
        old = self.current_hit
        self.hits = []
        if self.hit_terms:
            block = self.document().begin()
            while block.isValid():
                text = block.text()
                if text:
                    base = block.position()
                    self.hits.extend((base + s, base + e) for s, e in find_all(text, terms))
                block = block.next()
        self.current_hit = min(old, len(self.hits) - 1) if keep_index and self.hits else -1
        self._apply_selections()
        self.hitChanged.emit(self.current_hit + 1, len(self.hits))
        return len(self.hits)

    def go_to_hit(self, i: int) -> None:
        if not self.hits:
            self.hitChanged.emit(0, 0)
            return
        self.current_hit = i % len(self.hits)
        start, end = self.hits[self.current_hit]
        cur = QTextCursor(self.document())
        cur.setPosition(start)
        cur.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cur)
        self._apply_selections()
        self._scroll_to_position(start)
        self.hitChanged.emit(self.current_hit + 1, len(self.hits))

    def next_hit(self) -> None:
        self.go_to_hit(self.current_hit + 1)

    def previous_hit(self) -> None:
        self.go_to_hit(self.current_hit - 1 if self.current_hit >= 0 else -1)

    def jump_to(self, block_id: str, offset: int = 0) -> bool:
        """Put the cursor on ``(block_id, offset)``: on the occurrence starting there when
        one does, else at the block. Returns False for an unknown block."""
        pos = self.position_of(block_id, offset)
        if pos is None:
            return False
        i = bisect.bisect_left(self.hits, (pos, -1))
        if i < len(self.hits):
            qblock = self.document().findBlock(pos)
            in_table = getattr(self._blocks.get(block_id), "kind", "") == "table_row"
            if in_table or self.hits[i][0] < qblock.position() + qblock.length():
                self.go_to_hit(i)
                return True
        cur = QTextCursor(self.document())
        cur.setPosition(pos)
        self.setTextCursor(cur)
        self._scroll_to_position(pos)
        return True

    # -- selections (hits + annotation layer) ---------------------------------------------
    def _apply_selections(self) -> None:
        sels = list(self.annotation_selections)
        doc = self.document()
        for i, (s, e) in enumerate(self.hits):
            sel = QTextEdit.ExtraSelection()
            cur = QTextCursor(doc)
            cur.setPosition(s)
            cur.setPosition(e, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cur
            fmt = QTextCharFormat()
            fmt.setBackground(QBrush(CURRENT_HIT_COLOR if i == self.current_hit else HIT_COLOR))
            sel.format = fmt
            sels.append(sel)
        self.setExtraSelections(sels)

    def set_highlights(self, ranges: list[tuple[int, int, str]]) -> None:
        """Issue-6 hook: paint annotation highlights, each ``(start_pos, end_pos, color)``
        in document positions (see :meth:`position_of`); hits stay painted above them."""
        doc = self.document()
        self.annotation_selections = []
        for s, e, color in ranges:
            sel = QTextEdit.ExtraSelection()
            cur = QTextCursor(doc)
            cur.setPosition(s)
            cur.setPosition(e, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cur
            fmt = QTextCharFormat()
            fmt.setBackground(QBrush(QColor(ANNOTATION_COLORS.get(color, color))))
            sel.format = fmt
            self.annotation_selections.append(sel)
        self._apply_selections()

    def selection_anchor(self) -> tuple[str, int, str, int, str] | None:
        """The selection as stored offsets: (block_id, start, end_block_id, end, quote)."""
        cur = self.textCursor()
        if not cur.hasSelection():
            return None
        s, e = cur.selectionStart(), cur.selectionEnd()
        b1, b2 = self.block_at(s), self.block_at(e)
        if not b1 or not b2:
            return None
        return (b1, s - self.block_pos[b1], b2, e - self.block_pos[b2],
                cur.selectedText().replace("\u2029", "\n"))

    # -- copy -----------------------------------------------------------------------------
    def citation_for_selection(self) -> str:
        if self.data is None:
            return ""
        block_id = self.block_at(self.textCursor().selectionStart())
        block = self._blocks.get(block_id) if block_id else None
        page = getattr(block, "page", None) or self.data.doc.first_page
        return citation(self.data, page)

    def copy_with_citation(self) -> str:
        """Copy the selection (or nothing) followed by its source; returns the copied text."""
        text = self.textCursor().selectedText().replace("\u2029", "\n")
        if self.data is None:
            return ""
        out = f"{text}\n——{self.citation_for_selection()}" if text else \
            self.citation_for_selection()
        QGuiApplication.clipboard().setText(out)
        return out

    def contextMenuEvent(self, event) -> None:
        menu: QMenu = self.createStandardContextMenu(event.pos())
        menu.addSeparator()
        menu.addAction(self.copy_cite_action)
        if self.context_actions:
            menu.addSeparator()
            for a in self.context_actions:
                menu.addAction(a)
        menu.exec(event.globalPos())

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1 if event.angleDelta().y() > 0 else -1)
            return
        super().wheelEvent(event)


class _Builder:
    """Writes a DocumentData into a QTextDocument, recording block positions."""

    def __init__(self, doc: QTextDocument, data: DocumentData, size: int, pos: dict):
        self.doc, self.data, self.size, self.pos = doc, data, size, pos
        self.cur = QTextCursor(doc)
        self.first = True
        self.table_of = {bid: t for t in data.tables for bid in t.block_ids}
        self.em = size * 1.4

    def _block(self, align=Qt.AlignmentFlag.AlignLeft, indent: float = 0.0, top: float = 4,
               bottom: float = 4, left: float = 0.0) -> None:
        fmt = QTextBlockFormat()
        fmt.setAlignment(align)
        fmt.setTextIndent(indent)
        fmt.setTopMargin(top)
        fmt.setBottomMargin(bottom)
        fmt.setLeftMargin(left)
        fmt.setLineHeight(150, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        if self.first:
            self.cur.setBlockFormat(fmt)
            self.first = False
        else:
            self.cur.insertBlock(fmt)

    def _chars(self, scale: float = 1.0, bold: bool = False, color: str | None = None
               ) -> QTextCharFormat:
        f = QTextCharFormat()
        f.setFontPointSize(self.size * scale)
        f.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        if color:
            f.setForeground(QBrush(QColor(color)))
        return f

    def build(self) -> None:
        d, issue = self.data.doc, self.data.issue
        meta = [issue.label]
        if d.first_page:
            pages = f"第{d.first_page}页" if d.last_page in (None, d.first_page) else \
                f"第{d.first_page}–{d.last_page}页"
            meta.append(pages)
        if d.date:
            meta.append(f"成文日期 {d.date}")
        self._block(Qt.AlignmentFlag.AlignRight, bottom=10)
        self.cur.insertText("  ·  ".join(meta), self._chars(0.8, color="#7a7a7a"))
        last_page = None
        done_tables: set[str] = set()
        for b in self.data.blocks:
            if b.page and b.page != last_page and last_page is not None:
                self._block(Qt.AlignmentFlag.AlignRight, top=6, bottom=2)
                self.cur.insertText(f"— 第 {b.page} 页 —", self._chars(0.75, color="#9e9e9e"))
            if b.page:
                last_page = b.page
            table = self.table_of.get(b.id) if b.kind == "table_row" else None
            if table is not None:
                if table.id not in done_tables:
                    done_tables.add(table.id)
                    self._block(top=6, bottom=0)
                    start = self.cur.position()
                    self._table(table)
                    for bid in table.block_ids:
                        self.pos[bid] = start
                continue
            self._text_block(b)
        self._block()

    def _text_block(self, b) -> None:
        kind, em = b.kind, self.em
        center, right = Qt.AlignmentFlag.AlignHCenter, Qt.AlignmentFlag.AlignRight
        if kind == "issuer":
            self._block(center, top=8, bottom=2)
            fmt = self._chars(1.5, True, "#c62828")
        elif kind == "title":
            self._block(center, top=6, bottom=6)
            fmt = self._chars(1.45, True, "#1a1a1a")
        elif kind == "doc_no":
            self._block(center, bottom=12)
            fmt = self._chars(1.0, color="#333333")
        elif kind == "heading":
            level = self._level(b)
            scale = {1: 1.2, 2: 1.1}.get(level, 1.0)
            self._block(top=14 if level == 1 else 8, bottom=4, indent=0 if level == 1 else 2 * em)
            fmt = self._chars(scale, True, "#1f3a5f" if level <= 2 else "#222222")
        elif kind in ("signature", "date"):
            self._block(right, top=2 if kind == "date" else 12, bottom=2)
            fmt = self._chars()
        elif kind == "caption":
            self._block(center, top=10, bottom=4)
            fmt = self._chars(1.0, True)
        elif kind == "recipients":
            self._block(top=8)
            fmt = self._chars()
        elif kind == "table_row":
            self._block(left=em)
            fmt = self._chars(0.9, color="#333333")
        else:          # paragraph, list_item, attachment_note
            self._block(indent=2 * em)
            fmt = self._chars()
        self.pos[b.id] = self.cur.position()
        self.cur.insertText(b.text.replace("\n", " "), fmt)

    def _level(self, b) -> int:
        return self.data.levels.get(b.section_id, 1) if b.section_id else 1

    def _table(self, table) -> None:
        from core.export.ledger import table_grid

        header, rows = table_grid(table)
        width = max([len(r) for r in rows] + [len(header), 1])
        if table.caption:
            self.cur.insertText(table.caption, self._chars(0.95, True))
            self._block(top=2, bottom=0)
        n_rows = len(rows) + (1 if header else 0)
        fmt = QTextTableFormat()
        fmt.setBorder(0.6)
        fmt.setBorderBrush(QBrush(QColor("#9e9e9e")))
        fmt.setCellPadding(4)
        fmt.setCellSpacing(0)
        fmt.setBorderCollapse(True)
        fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        if header:
            fmt.setHeaderRowCount(1)
        qt_table = self.cur.insertTable(max(n_rows, 1), width, fmt)
        all_rows = ([header] if header else []) + rows
        for r, row in enumerate(all_rows):
            is_head = bool(header) and r == 0
            if len(row) == 1 and width > 1:
                qt_table.mergeCells(r, 0, 1, width)
            for c, value in enumerate(row[:width]):
                cell = qt_table.cellAt(r, c)
                cc = cell.firstCursorPosition()
                f = self._chars(0.88, is_head or (len(row) == 1 and width > 1))
                if is_head:
                    cf = cell.format()
                    cf.setBackground(QBrush(QColor("#e8eef6")))
                    cell.setFormat(cf)
                cc.insertText("" if value is None else str(value), f)
        self.cur.movePosition(QTextCursor.MoveOperation.End)
