"""The reader's annotation layer: highlights, note markers, hover text (a mixin of ReaderView).

Annotations are painted as ``QTextEdit.ExtraSelection`` backgrounds (so the text never
changes); an annotation with a note also gets a dotted underline and a small numbered marker
painted in the left margin beside the line where the passage ends. Hovering over a highlight or a marker shows the note.
Positions are QTextDocument positions; the reader maps stored ``(block_id, offset)`` to them
with ``position_of``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit, QToolTip

from core.annotations import color_hex, color_name

from ..plaintext import tip

MARKER_SIZE = 15


@dataclass
class Mark:
    """One painted range: document positions, colour (#RRGGBB) and the annotation."""

    start: int
    end: int
    color: str
    annotation: object


@dataclass
class NoteMarker:
    position: int          # after this document position
    number: int            # 1, 2, … in reading order
    annotation: object


def _hex(color: str) -> str:
    return color if color.startswith("#") else color_hex(color)


class AnnotationMarksMixin:
    """Adds to a QTextEdit: :meth:`set_annotations`, :meth:`annotation_at`, :meth:`tooltip_at`, note markers and the current annotation."""

    def _init_marks(self) -> None:
        self.marks: list[Mark] = []
        self.note_markers: list[NoteMarker] = []
        self.current_annotation: str | None = None      # id, drawn underlined
        self._spans: dict | None = None                 # last set_annotations() input

    # -- input ----------------------------------------------------------------------------
    def set_annotations(self, spans: dict) -> None:
        """Paint annotations given as ``core.annotations.block_spans`` output: block id →
        [(start, end, Annotation)]. Table rows are not painted (their text is a grid)."""
        self._spans = spans
        marks: list[Mark] = []
        last_end: dict[str, tuple[int, object]] = {}
        for block_id, ranges in spans.items():
            block = self._blocks.get(block_id)
            if block is None or block.kind == "table_row" or block_id not in self.block_pos:
                continue
            base = self.block_pos[block_id]
            for s, e, ann in ranges:
                marks.append(Mark(base + s, base + e, _hex(ann.color), ann))
                if ann.note and (ann.id not in last_end or last_end[ann.id][0] < base + e):
                    last_end[ann.id] = (base + e, ann)
        marks.sort(key=lambda m: (m.start, m.end))
        ends = sorted(last_end.values(), key=lambda t: t[0])
        self.note_markers = [NoteMarker(pos, i, ann) for i, (pos, ann) in enumerate(ends, 1)]
        self.marks = marks
        self._apply_selections()
        self.viewport().update()

    def _reapply_marks(self) -> None:
        """After the document was rebuilt (font size): positions changed."""
        if self._spans is not None:
            self.set_annotations(self._spans)
        else:
            self.marks, self.note_markers = [], []

    def annotation_selections(self) -> list[QTextEdit.ExtraSelection]:
        doc = self.document()
        out = []
        for m in self.marks:
            sel = QTextEdit.ExtraSelection()
            cur = QTextCursor(doc)
            cur.setPosition(m.start)
            cur.setPosition(m.end, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cur
            fmt = QTextCharFormat()
            fmt.setBackground(QBrush(QColor(m.color)))
            ann = m.annotation
            if ann is not None and (ann.note or ann.id == self.current_annotation):
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline
                                      if ann.id == self.current_annotation else
                                      QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setUnderlineColor(QColor(m.color).darker(170))
            sel.format = fmt
            out.append(sel)
        return out

    # -- lookups --------------------------------------------------------------------------
    def annotation_at(self, position: int):
        """The annotation painted over the character at ``position`` (the innermost)."""
        found = [m for m in self.marks if m.annotation is not None
                 and m.start <= position < m.end]
        return min(found, key=lambda m: m.end - m.start).annotation if found else None

    def annotations_in(self, start: int, end: int) -> list:
        """Annotations overlapping the positions ``[start, end)``, each once."""
        seen: dict[str, object] = {}
        for m in self.marks:
            if m.annotation is not None and m.start < end and m.end > start:
                seen.setdefault(m.annotation.id, m.annotation)
        return list(seen.values())

    def position_at(self, point: QPoint) -> int | None:
        """The document position of the character under a viewport point, or None."""
        offset = QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        pos = self.document().documentLayout().hitTest(point + offset,
                                                       Qt.HitTestAccuracy.ExactHit)
        return pos if pos >= 0 else None

    def marker_rect(self, marker: NoteMarker) -> QRect:
        """Where a note marker is drawn (viewport coordinates): in the left margin, beside
        the line holding the passage's last character; markers of one line side by side."""
        doc = self.document()
        last = max(0, marker.position - 1)
        block = doc.findBlock(last)
        layout = block.layout()
        line = layout.lineForTextPosition(last - block.position()) if layout else None
        if line is None or not line.isValid():
            cur = QTextCursor(doc)
            cur.setPosition(marker.position)
            r = self.cursorRect(cur)
            return QRect(2, r.center().y() - MARKER_SIZE // 2, MARKER_SIZE, MARKER_SIZE)
        top = doc.documentLayout().blockBoundingRect(block).top() + line.y()
        y = int(top + line.ascent() / 2 + 2) - MARKER_SIZE // 2 - self.verticalScrollBar().value()
        same_line = [m for m in self.note_markers if m is not marker
                     and m.number < marker.number and self._line_key(m) == self._line_key(marker)]
        x = 3 + len(same_line) * (MARKER_SIZE - 4) - self.horizontalScrollBar().value()
        return QRect(x, y, MARKER_SIZE, MARKER_SIZE)

    def _line_key(self, marker: NoteMarker) -> tuple[int, int]:
        last = max(0, marker.position - 1)
        block = self.document().findBlock(last)
        layout = block.layout()
        line = layout.lineForTextPosition(last - block.position()) if layout else None
        return block.blockNumber(), line.lineNumber() if line is not None else -1

    def marker_at(self, point: QPoint) -> NoteMarker | None:
        return next((m for m in self.note_markers if self.marker_rect(m).contains(point)), None)

    def tooltip_at(self, point: QPoint) -> str:
        """The hover text at a viewport point: the note (or the colour of a highlight), as a
        tooltip that shows the note as written (see :func:`gui.plaintext.tip`)."""
        marker = self.marker_at(point)
        ann = marker.annotation if marker else None
        if ann is None:
            pos = self.position_at(point)
            ann = self.annotation_at(pos) if pos is not None else None
        if ann is None:
            return ""
        when = (ann.modified or ann.created).replace("T", " ")[:16]
        head = f"批注：{ann.note}" if ann.note else f"{color_name(ann.color)}高亮"
        return tip(f"{head}\n（{color_name(ann.color)} · {when}；右键可编辑或删除）")

    # -- Qt events ------------------------------------------------------------------------
    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self.note_markers:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setPixelSize(10)
        font.setBold(True)
        painter.setFont(font)
        visible = self.viewport().rect()
        for marker in self.note_markers:
            rect = self.marker_rect(marker)
            if not rect.intersects(visible):
                continue
            color = QColor(_hex(marker.annotation.color)).darker(190)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawEllipse(rect)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(marker.number))
        painter.end()
