"""Qt's own texts are Chinese: the reader's standard context menu (复制, 全选) and the search
box's edit menu, not Copy / Select All."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLineEdit, QTextBrowser


def test_standard_context_menus_are_chinese(gui_app, qtbot):
    from gui.app import install_qt_chinese

    assert install_qt_chinese(QApplication.instance())       # installed once, by make_app
    view = QTextBrowser()
    qtbot.addWidget(view)
    view.setPlainText("许昌市人民政府")
    view.selectAll()
    texts = [a.text() for a in view.createStandardContextMenu().actions() if a.text()]
    assert texts and not any("Copy" in t or "Select All" in t for t in texts)
    assert any("复制" in t for t in texts)
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.setText("规划")
    texts = [a.text() for a in edit.createStandardContextMenu().actions() if a.text()]
    assert any("粘贴" in t for t in texts) and not any("Paste" in t for t in texts)
