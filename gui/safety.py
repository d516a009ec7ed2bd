"""Start-up guard against a Qt binding that corrupts Python's memory.

PySide6 6.12.0 on Python 3.11 drops one reference to ``None`` in every call of setters such as
``QTextBlockFormat.setTextIndent``; rendering a document makes thousands of such calls, and
after about twenty documents the interpreter aborts (``Fatal Python error: none_dealloc``) with
the user's work open. :func:`binding_fault` calls the setters the reader, the delegates and the
marks use in quantity a few dozen times each and watches ``sys.getrefcount(None)``; the window
refuses to open, with a Chinese message naming the package to install, when any call changes
it. (Python 3.12+ makes None immortal, so the count cannot fall there.)
"""

from __future__ import annotations

import sys
from collections.abc import Callable

PACKAGE = "PySide6-Essentials"
SAFE_VERSION = "6.11.0"
CALLS = 40


def setter_probes() -> dict[str, Callable[[], object]]:
    """One callable per setter used in quantity by gui/views (render, marks, reader)."""
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
    from PySide6.QtWidgets import QTextEdit

    block, char, table = QTextBlockFormat(), QTextCharFormat(), QTextTableFormat()
    doc = QTextDocument()
    cursor = QTextCursor(doc)
    brush = QBrush(QColor("#ffe082"))
    sel = QTextEdit.ExtraSelection()
    proportional = QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
    return {
        "QTextBlockFormat.setAlignment": lambda: block.setAlignment(Qt.AlignmentFlag.AlignLeft),
        "QTextBlockFormat.setTextIndent": lambda: block.setTextIndent(0.0),
        "QTextBlockFormat.setTopMargin": lambda: block.setTopMargin(4.0),
        "QTextBlockFormat.setBottomMargin": lambda: block.setBottomMargin(4.0),
        "QTextBlockFormat.setLeftMargin": lambda: block.setLeftMargin(0.0),
        "QTextBlockFormat.setLineHeight": lambda: block.setLineHeight(150, proportional),
        "QTextCharFormat.setFontPointSize": lambda: char.setFontPointSize(13.0),
        "QTextCharFormat.setFontWeight": lambda: char.setFontWeight(QFont.Weight.Bold),
        "QTextCharFormat.setForeground": lambda: char.setForeground(brush),
        "QTextCharFormat.setBackground": lambda: char.setBackground(brush),
        "QTextTableFormat.setBorder": lambda: table.setBorder(0.6),
        "QTextTableFormat.setCellPadding": lambda: table.setCellPadding(4.0),
        "QTextTableFormat.setWidth": lambda: table.setWidth(
            QTextLength(QTextLength.Type.PercentageLength, 100)),
        "QTextCursor.setBlockFormat": lambda: cursor.setBlockFormat(block),
        "QTextCursor.setPosition": lambda: cursor.setPosition(0),
        "ExtraSelection.format": lambda: setattr(sel, "format", char),
    }


def binding_fault(probes: dict[str, Callable[[], object]] | None = None,
                  calls: int = CALLS) -> list[str]:
    """Names of the probes whose calls change None's reference count (empty = sound)."""
    probes = setter_probes() if probes is None else probes
    faulty = []
    for name, probe in probes.items():
        probe()                                    # first call may cache, not counted
        before = sys.getrefcount(None)
        for _ in range(calls):
            probe()
        if abs(sys.getrefcount(None) - before) >= calls // 2:
            faulty.append(name)
    return faulty


def fault_message(faulty: list[str]) -> str:
    """The Chinese message shown instead of the window."""
    try:
        from PySide6 import __version__ as installed
    except ImportError:                            # pragma: no cover - no Qt, no window
        installed = "?"
    return (f"当前安装的 Qt 组件 {PACKAGE} {installed} 存在内存缺陷"
            f"（{'、'.join(faulty[:3])} 等调用会破坏 Python 的内存计数），"
            f"继续运行会在打开约 20 份文件后崩溃。\n\n"
            f"请安装已验证的版本后再启动：\n"
            f"    pip install {PACKAGE}=={SAFE_VERSION}\n"
            f"（或在程序文件夹中运行 make run，它会安装正确的版本。）\n\n"
            f"资料库与批注不受影响。")


def check_binding() -> str | None:
    """None when the binding is sound, else the message to show."""
    faulty = binding_fault()
    return fault_message(faulty) if faulty else None
