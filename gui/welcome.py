"""The start page, shown while no document is open.

With an empty library it invites an import; otherwise it sums the library up (issues,
documents, the newest issue) and says how to go on: pick a document in the tree, 阅读最新一期,
or search everything with Ctrl+Shift+F.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

EMPTY_TEXT = ("资料库还是空的。导入政府公报（PDF 或 TXT）后，\n"
              "即可按年、期、文件浏览，全文检索，查看表格和责任分工，\n"
              "并导出台账。也可以把公报文件或文件夹直接拖到窗口里。")


class WelcomePage(QWidget):
    """Signals: ``importRequested``; ``searchRequested``; ``latestRequested`` (open the
    newest issue's first document)."""

    importRequested = Signal()
    searchRequested = Signal()
    latestRequested = Signal()

    def __init__(self, folder: str, parent=None):
        super().__init__(parent)
        self.setObjectName("welcome")
        self.has_library = False
        lay = QVBoxLayout(self)
        lay.addStretch(2)
        self.title = QLabel("欢迎使用公报阅读器")
        self.title.setObjectName("welcomeTitle")
        self.text = QLabel(EMPTY_TEXT)
        self.text.setObjectName("welcomeText")
        self.text.setWordWrap(True)
        for label in (self.title, self.text):    # never let the page widen the window
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            lay.addWidget(label)
        self.latest_button = self._button("阅读最新一期", "welcomeButton", self.latestRequested)
        self.search_button = self._button("检索全部公报（Ctrl+Shift+F）", "welcomeSecondary",
                                          self.searchRequested)
        self.button = self._button("导入公报…", "welcomeButton", self.importRequested)
        row = QHBoxLayout()
        row.addStretch(1)
        for b in (self.latest_button, self.search_button, self.button):
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        where = QLabel(f"资料库位置：{folder}")
        where.setObjectName("welcomeFolder")
        where.setAlignment(Qt.AlignmentFlag.AlignCenter)
        where.setWordWrap(True)
        where.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(where)
        lay.addStretch(3)
        self.show_library(None)

    def _button(self, text: str, name: str, signal) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.setCursor(Qt.CursorShape.PointingHandCursor)
        b.clicked.connect(signal)
        return b

    def show_library(self, stats, latest: str = "") -> None:
        """The empty-library invitation (``stats`` None or no issues), else the summary:
        ``stats`` is a ``core.store.LibraryStats``, ``latest`` the newest issue's label."""
        self.has_library = bool(stats and stats.issues)
        self.latest_button.setVisible(self.has_library)
        self.search_button.setVisible(self.has_library)
        self.button.setText("导入更多公报…" if self.has_library else "导入公报…")
        self.button.setObjectName("welcomeSecondary" if self.has_library else "welcomeButton")
        self.button.style().unpolish(self.button)
        self.button.style().polish(self.button)
        if not self.has_library:
            self.title.setText("欢迎使用公报阅读器")
            self.text.setText(EMPTY_TEXT)
            return
        self.title.setText("公报阅读器")
        notes = f"、批注 {stats.annotations} 条" if stats.annotations else ""
        newest = f"最新一期：{latest}。\n" if latest else ""
        self.text.setText(
            f"资料库中有公报 {stats.issues} 期、文件 {stats.documents} 份、"
            f"表格 {stats.tables} 张、责任分工 {stats.tasks} 项{notes}。\n{newest}\n"
            "在左侧“资料库”中点选一份文件开始阅读，\n"
            "或按 Ctrl+Shift+F 检索全部公报（关键词、“精确短语”、文号）。")
