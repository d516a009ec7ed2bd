"""The reader: one document as clean, styled text with hits and annotations painted on.

The document is built block by block (``render.py``); ``block_pos`` maps each stored block id
to its position in the QTextDocument, which is what jump-to-hit, scroll sync, citations and
annotation highlights use: a stored offset ``(block_id, start)`` is at ``block_pos[id] +
start`` (table rows map to the start of their table). Hits and annotations are
``QTextEdit.ExtraSelection`` layers, so painting them never changes the text.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QKeySequence,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QMenu, QTextBrowser, QTextEdit

from .marks import AnnotationMarksMixin
from .render import DocumentBuilder
from .titlewrap import wrap_by_words

HIT_COLOR = QColor("#ffe082")
CURRENT_HIT_COLOR = QColor("#ff9800")
MIN_SIZE, MAX_SIZE, DEFAULT_SIZE = 9, 28, 13
READING_CHARS = 42          # characters per line at most, whatever the window's width


@dataclass
class DocumentData:
    """Everything the reader shows for one document (fetched by the window)."""

    doc: object                 # core.model.Document
    issue: object               # core.model.Issue
    blocks: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    levels: dict = field(default_factory=dict)      # section id -> level (1 = top)
    status: object = None       # core.refs.Status (效力), shown in the title block


def citation(data: DocumentData, page: int | None, estimated: bool = False) -> str:
    """《标题》（文号），《公报名》2023年第3期第P页 (约第P页 when the page is an estimate); a
    single document's entry (单篇文件 · 国务院 · 国发〔2018〕43号) is not a source of its own:
    《标题》（文号）."""
    doc, issue = data.doc, data.issue
    no = f"（{doc.doc_no.printed}）" if doc.doc_no else ""
    if getattr(issue, "kind", "gazette") == "single":
        where = f"{'约' if estimated else ''}第{page}页" if page else ""
        return f"《{doc.title}》{no}" + (f"，{where}" if where else "")
    where = issue.label
    if page:
        where += f"{'约' if estimated else ''}第{page}页"
    return f"《{doc.title}》{no}，{where}"


class ReaderView(AnnotationMarksMixin, QTextBrowser):
    """Read-only document view. Signals: ``sectionVisible(section_id)`` when scrolling
    reaches another section; ``hitChanged(current, total)`` (current from 1, 0 = none);
    ``fontSizeChanged(size)``. ``context_menu_hook(menu, position)`` (if set) adds entries
    to the context menu for the character at ``position`` (None outside the text)."""

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
        self.setCursorWidth(0)          # read-only: no blinking text cursor
        self.family = family or self.font().family()
        self.font_size = DEFAULT_SIZE
        self.data: DocumentData | None = None
        self.block_pos: dict[str, int] = {}
        self._sorted: list[tuple[int, str]] = []      # (position, block_id), ascending
        self._blocks: dict[str, object] = {}
        self.hits: list[tuple[int, int]] = []          # document positions of occurrences
        self.current_hit = -1
        self.hit_terms: list[str] = []
        self._word_blocks: dict[int, str] = {}          # title blocks: position → text
        self._word_inside: dict[int, set[int]] | None = None
        self._fixed_inside: dict[int, set[int]] = {}    # the title block's first line
        self._wrapped_at: tuple | None = None
        # callables ``hook(qdoc)`` run on each new QTextDocument before it is shown: formats
        # set then cost no layout (a format changed on a shown document makes Qt lay the
        # text out to there at once, and stops its lazy layout: see ``relayout``)
        self.before_show: list = []
        self._init_marks()
        self.context_menu_hook = None
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
        self._spans = None
        self.current_annotation = None
        self._render()
        # a new document starts at its first line: setDocument keeps the cursor's line just
        # in view, which after a document read further down cut that line by the margin
        self.verticalScrollBar().setValue(0)
        self.set_terms([])

    def _render(self) -> None:
        doc = QTextDocument(self)
        base = QFont(self.family, self.font_size)
        doc.setDefaultFont(base)
        doc.setDocumentMargin(26)     # the left margin holds note markers
        self.block_pos, self._blocks = {}, {}
        self._word_blocks, self._word_inside, self._wrapped_at = {}, None, None
        self._fixed_inside = {}
        if self.data is not None:
            builder = DocumentBuilder(doc, self.data, self.font_size, self.block_pos)
            builder.build()
            self._word_blocks = builder.word_blocks
            self._fixed_inside = builder.fixed_blocks
            self._blocks = {b.id: b for b in self.data.blocks}
        self._sorted = sorted((p, b) for b, p in self.block_pos.items())
        old = self.document()
        if self.data is not None:
            # titles broken between words at the width the document will have (the viewport's)
            self._wrap(doc, self.viewport().width())
            for hook in self.before_show:
                hook(doc)
        self.setDocument(doc)
        self.setCursorWidth(0)          # kept by the document's layout: set for each one
        # QTextEdit deletes a replaced document only when it is its text control's child, not
        # the widget's: without this, every document ever opened stayed in memory (~0.9 MB
        # each; found by the soak in tests/bench/bench_soak.py).
        if old is not doc and shiboken6.isValid(old) and old.parent() is self:
            old.deleteLater()
        self._last_section = None
        self.wrap_titles()
        self._reapply_marks()

    def relayout(self) -> None:
        """Lay the whole document out again, lazily, as Qt does a new document. A format
        changed after the document was shown (citation links, the title's margins) stopped
        Qt's lazy layout where it had got to (about 4,000 px): a long document opened at a
        place further down showed a blank page, scrolled to the wrong place."""
        doc = self.document()
        doc.setTextWidth(doc.textWidth())

    def wrap_titles(self) -> None:
        """Break the title between words at the page's current width (``titlewrap.py``),
        once jieba's dictionary is loaded (the window loads it in the background)."""
        if self._wrap(self.document(), self.document().textWidth()):
            self.relayout()

    def _wrap(self, doc, width: float) -> bool:
        """Titles broken between words in ``doc`` at ``width``; True when a margin changed."""
        from core import words

        ready = bool(self._word_blocks) and words.ready()
        key = (width, ready)
        if key == self._wrapped_at or not (ready or self._fixed_inside):
            return False
        self._wrapped_at = key
        blocks = dict(self._fixed_inside)
        if ready:
            if self._word_inside is None:
                self._word_inside = {p: words.inside_words(t)
                                     for p, t in self._word_blocks.items()}
            blocks.update(self._word_inside)
        return wrap_by_words(doc, blocks, width)

    def set_font_size(self, size: int) -> None:
        size = max(MIN_SIZE, min(MAX_SIZE, int(size)))
        if size == self.font_size:
            return
        top = self.top_block_id()
        self.font_size = size
        self._centre_page()
        if self.data is not None:
            self._render()
            self.set_terms(self.hit_terms, keep_index=True)
            if top:
                self.scroll_to_block(top)
        self.fontSizeChanged.emit(size)

    def zoom(self, step: int) -> None:
        self.set_font_size(self.font_size + step)

    def reset_zoom(self) -> None:
        """Ctrl+0: the default size."""
        self.set_font_size(DEFAULT_SIZE)

    # -- a comfortable line length ---------------------------------------------------------
    def reading_width(self) -> int:
        """The widest the text runs: about 42 characters of the reading font, plus margins."""
        from PySide6.QtGui import QFontMetrics

        em = QFontMetrics(QFont(self.family, self.font_size)).horizontalAdvance("国")
        return em * READING_CHARS + 2 * 26

    def _centre_page(self) -> None:
        frame = 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()
        room = self.width() - frame
        side = max(0, (room - self.reading_width()) // 2)
        m = self.viewportMargins()
        if m.left() != side or m.right() != side:
            self.setViewportMargins(side, 0, side, 0)

    def resizeEvent(self, event) -> None:
        self._centre_page()
        super().resizeEvent(event)
        self.wrap_titles()

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
        pos = self.cursorForPosition(QPoint(4, 12)).position()   # below scroll_to's margin
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
        from index import find_in_text

        self.hit_terms = [t for t in terms if t and t.strip()]
        old = self.current_hit
        self.hits = []
        if self.hit_terms:
            block = self.document().begin()
            while block.isValid():
                text = block.text()
                if text:
                    base = block.position()
                    spans = sorted(s for t in self.hit_terms for s in find_in_text(text, t))
                    end = -1
                    for s, e in spans:              # overlapping occurrences: one mark
                        if s < end:
                            continue
                        self.hits.append((base + s, base + e))
                        end = e
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
        sels = self.annotation_selections()
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

    def selection_anchor(self) -> tuple[str, int, str, int, str] | None:
        """The selection as stored offsets: (block_id, start, end_block_id, end, quote)."""
        cur = self.textCursor()
        if not cur.hasSelection():
            return None
        s, e = cur.selectionStart(), cur.selectionEnd()
        if not self._sorted:
            return None
        first = self._sorted[0][1]
        b1, b2 = self.block_at(s) or first, self.block_at(e) or first
        return (b1, self._offset_in(b1, s), b2, self._offset_in(b2, e),
                cur.selectedText().replace("\u2029", "\n"))

    def _offset_in(self, block_id: str, pos: int) -> int:
        """``pos`` as an offset in a block's text, clamped to it (page marks between blocks
        belong to the end of the block before)."""
        text = getattr(self._blocks.get(block_id), "text", "")
        return max(0, min(pos - self.block_pos[block_id], len(text)))

    def selection_blocks(self) -> list:
        """The stored blocks the selection touches (to refuse table cells)."""
        cur = self.textCursor()
        ids = {b for p, b in self._sorted
               if cur.selectionStart() <= p < cur.selectionEnd()}
        ids |= {self.block_at(cur.selectionStart()), self.block_at(cur.selectionEnd())}
        return [self._blocks[b] for b in ids if b in self._blocks]

    def select_block(self, block_id: str) -> bool:
        """Select a stored block's text (a task's passage), scrolled into view."""
        pos = self.block_pos.get(block_id)
        block = self._blocks.get(block_id)
        if pos is None or block is None:
            return False
        end = pos + (len(block.text) if block.kind != "table_row" else 0)
        qblock = self.document().findBlock(pos)
        end = min(end, qblock.position() + max(0, qblock.length() - 1)) \
            if block.kind == "table_row" else end
        cur = QTextCursor(self.document())
        cur.setPosition(pos)
        cur.setPosition(max(end, pos), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cur)
        self._scroll_to_position(pos)
        return True

    def focus_range(self, start: int, annotation_id: str | None = None) -> None:
        """Put the cursor at ``start``, scroll there and underline an annotation."""
        cur = QTextCursor(self.document())
        cur.setPosition(start)
        self.setTextCursor(cur)
        self.current_annotation = annotation_id
        self._apply_selections()
        self._scroll_to_position(start)

    # -- copy -----------------------------------------------------------------------------
    def citation_for_selection(self) -> str:
        if self.data is None:
            return ""
        block_id = self.block_at(self.textCursor().selectionStart())
        block = self._blocks.get(block_id) if block_id else None
        page = getattr(block, "page", None)
        estimated = bool(getattr(block, "page_estimated", False)) if page else \
            bool(getattr(self.data.doc, "pages_estimated", False))
        return citation(self.data, page or self.data.doc.first_page, estimated)

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
        if self.context_menu_hook is not None:
            self.context_menu_hook(menu, self.position_at(event.pos()))
        menu.exec(event.globalPos())

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1 if event.angleDelta().y() > 0 else -1)
            return
        super().wheelEvent(event)
