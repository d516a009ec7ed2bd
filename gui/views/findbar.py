"""Ctrl+F: find in the open document with the library search's exact matching."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


class FindBar(QWidget):
    """A line edit, "第 3 / 12 处", 上一处 / 下一处 and 关闭. Drives a ReaderView."""

    closed = Signal()

    def __init__(self, reader, parent=None):
        super().__init__(parent)
        self.setObjectName("findBar")
        self.reader = reader
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.addWidget(QLabel("查找："))
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("在本文件中查找（Enter 下一处，Shift+Enter 上一处）")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(80)
        lay.addWidget(self.edit, 1)
        self.count = QLabel("")
        self.count.setMinimumWidth(110)
        lay.addWidget(self.count)
        self.prev_btn = QToolButton(text="上一处")
        self.next_btn = QToolButton(text="下一处")
        self.close_btn = QToolButton(text="关闭")
        for b in (self.prev_btn, self.next_btn, self.close_btn):
            lay.addWidget(b)
        self.edit.textChanged.connect(self._search)
        self.edit.returnPressed.connect(reader.next_hit)
        self.prev_btn.clicked.connect(reader.previous_hit)
        self.next_btn.clicked.connect(reader.next_hit)
        self.close_btn.clicked.connect(self.close_bar)
        reader.hitChanged.connect(self.show_count)

    def open_bar(self, text: str = "") -> None:
        self.show()
        if text:
            self.edit.setText(text)
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        """Esc / 关闭: the bar goes and so do its marks (a highlight made later is not
        painted over by a find mark that is no longer wanted)."""
        self.hide()
        self.reader.set_terms([])
        self.count.setText("")
        self.closed.emit()
        self.reader.setFocus()

    def _search(self, text: str) -> None:
        n = self.reader.set_terms([text] if text.strip() else [])
        if n:
            self.reader.go_to_hit(0)

    def show_count(self, current: int, total: int) -> None:
        if not self.reader.hit_terms:
            self.count.setText("")
        elif total == 0:
            self.count.setText("无匹配")
        else:
            self.count.setText(f"第 {current} / {total} 处" if current else f"共 {total} 处")

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.reader.previous_hit()
            return
        super().keyPressEvent(event)
