"""Building the reader's QTextDocument from a document's blocks and tables.

:class:`DocumentBuilder` writes the blocks block by block with QTextCursor and records, in
``pos``, where each stored block starts in the QTextDocument (table rows: the start of their
table). The reader (``reader.py``) maps stored offsets to positions through that map.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextLength,
    QTextTableFormat,
)

WORD_KINDS = ("issuer", "title")       # centred lines that break between words, never inside
# a 目录 line's leader before its page number (``城镇供热管理条例 ………………… 4``)
LEADER = re.compile(r"[…⋯·•．.]{2,}(?=\s*\d{1,4}\s*$)")
LEADER_SCALE = 0.4     # the leader's size: the entry and its page number stay on one line
NBSP = "\u00a0"


class DocumentBuilder:
    """Writes a DocumentData into a QTextDocument, recording block positions."""

    def __init__(self, doc: QTextDocument, data, size: int, pos: dict):
        self.doc, self.data, self.size, self.pos = doc, data, size, pos
        self.cur = QTextCursor(doc)
        self.first = True
        self.table_of = {bid: t for t in data.tables for bid in t.block_ids}
        self.em = size * 1.4
        self.recent: list[str] = []     # the last text blocks, spaces removed (see _table)
        self.word_blocks: dict[int, str] = {}   # position → text of blocks broken by words
        self.fixed_blocks: dict[int, set[int]] = {}     # position → offsets not to break at

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
            meta.append(("约" if getattr(d, "pages_estimated", False) else "") + pages)
        if d.date:
            meta.append(f"成文日期\u00a0{d.date}")
        self._block(Qt.AlignmentFlag.AlignRight, bottom=10)
        status = getattr(self.data, "status", None)
        if status is not None:
            # the 效力 badge (its reason on hover) first on the line: a line that wraps
            # breaks in the meta after it, never inside 现行有效
            from ..models.relations import status_colors
            from ..plaintext import tip

            fg, bg = status_colors(status.status)
            fmt = self._chars(0.8, True, fg)
            fmt.setBackground(QBrush(QColor(bg)))
            fmt.setToolTip(tip(status.reason))
            self.cur.insertText(f"\u00a0{status.status}\u00a0", fmt)
            self.cur.insertText("  ·  ", self._chars(0.8, color="#7a7a7a"))
        self.cur.insertText("  ·  ".join(meta), self._chars(0.8, color="#7a7a7a"))
        # the line breaks only between its parts (约第81–111页 was cut before 页)
        line = self.cur.block().text()
        self.fixed_blocks[self.cur.block().position()] = {
            i for i in range(1, len(line)) if not (line[i - 1] == " " and line[i] != " ")}
        last_page = None
        done_tables: set[str] = set()
        for b in self.data.blocks:
            if b.page and b.page != last_page and last_page is not None:
                self._block(Qt.AlignmentFlag.AlignRight, top=6, bottom=2)
                about = "约" if getattr(b, "page_estimated", False) else ""
                self.cur.insertText(f"— {about}第 {b.page} 页 —", self._chars(0.75, color="#9e9e9e"))
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
        if kind in WORD_KINDS:          # centred: broken between words (titlewrap.py)
            self.word_blocks[self.cur.position()] = b.text.replace("\n", " ")
        text = b.text.replace("\n", " ")
        toc = kind == "paragraph" and getattr(self.data.doc, "kind", "") == "gazette_section"
        leader = LEADER.search(text) if toc else None
        if leader is None:
            self.cur.insertText(text, fmt)
        else:
            # a 目录 entry: its leader in small dots, so that the page number stays on the
            # entry's line instead of wrapping, alone, to the next; the spaces around the
            # leader do not break (an entry longer than a line takes its last word along).
            # One character for one: positions and offsets stay those of the text.
            small = QTextCharFormat(fmt)
            small.setFontPointSize(fmt.fontPointSize() * LEADER_SCALE)
            head = text[:leader.start()]
            kept = len(head.rstrip(" "))
            self.cur.insertText(head[:kept] + NBSP * (len(head) - kept), fmt)
            self.cur.insertText(leader.group(), small)
            self.cur.insertText(text[leader.end():].replace(" ", NBSP), fmt)
        self.recent = (self.recent + ["".join(b.text.split())])[-3:]

    def _level(self, b) -> int:
        return self.data.levels.get(b.section_id, 1) if b.section_id else 1

    def _table(self, table) -> None:
        from core.tablegrid import table_layout

        grid = table_layout(table)
        header, rows = grid.header, grid.rows
        width = max([len(r) for r in rows] + [len(header), 1])
        dense = "".join(table.caption.split())
        shown = any(dense == "".join(self.recent[-k:]) for k in (1, 2, 3)) if dense else True
        if not shown:       # a caption the text above does not already show
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
        top = 1 if header else 0
        covered: set[int] = set()       # rows whose label the merged cell above shows
        for first, count in grid.label_spans:      # a label spanning rows: one cell
            qt_table.mergeCells(first + top, 0, count, 1)
            cell = qt_table.cellAt(first + top, 0)
            cf = cell.format()
            cf.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignMiddle)
            cell.setFormat(cf)
            covered.update(range(first + top + 1, first + top + count))
        for r, row in enumerate(all_rows):
            is_head = bool(header) and r == 0
            if len(row) == 1 and width > 1:
                qt_table.mergeCells(r, 0, 1, width)
            for c, value in enumerate(row[:width]):
                if c == 0 and r in covered:
                    continue
                cell = qt_table.cellAt(r, c)
                cc = cell.firstCursorPosition()
                # group labels in bold; a row kept whole (one raw cell) is body text
                body = r - (1 if header else 0)
                f = self._chars(0.88, is_head or body in grid.group_rows)
                if is_head:
                    cf = cell.format()
                    cf.setBackground(QBrush(QColor("#e8eef6")))
                    cell.setFormat(cf)
                cc.insertText("" if value is None else str(value), f)
        self.cur.movePosition(QTextCursor.MoveOperation.End)
