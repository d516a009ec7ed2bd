"""The welcome page shown while the library is empty."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


class WelcomePage(QWidget):
    importRequested = Signal()

    def __init__(self, folder: str, parent=None):
        super().__init__(parent)
        self.setObjectName("welcome")
        lay = QVBoxLayout(self)
        lay.addStretch(2)
        title = QLabel("欢迎使用公报阅读器")
        title.setObjectName("welcomeTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(title)
        text = QLabel("资料库还是空的。导入政府公报（PDF 或 TXT）后，\n"
                      "即可按年、期、文件浏览，全文检索，查看表格和责任分工，\n"
                      "并导出台账。也可以把公报文件或文件夹直接拖到窗口里。")
        text.setObjectName("welcomeText")
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for label in (title, text):     # never let the welcome page widen the window
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        lay.addWidget(text)
        self.button = QPushButton("导入公报…")
        self.button.setObjectName("welcomeButton")
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.clicked.connect(self.importRequested)
        row = QVBoxLayout()
        row.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addLayout(row)
        where = QLabel(f"资料库位置：{folder}")
        where.setObjectName("welcomeFolder")
        where.setAlignment(Qt.AlignmentFlag.AlignCenter)
        where.setWordWrap(True)
        where.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(where)
        lay.addStretch(3)
