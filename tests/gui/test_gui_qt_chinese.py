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


def test_the_file_dialogs_labels_are_chinese(gui_app, qtbot, tmp_path):
    """Qt's own file dialog (the one shown without a desktop's native dialog: 导入公报, 导出台账,
    导出 PDF …) said ``Look in:`` and ``Files of type:``: qtbase_zh_CN has those labels
    without the mnemonic Qt 6 gave them."""
    import re

    from PySide6.QtWidgets import QFileDialog, QLabel

    for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
        dialog = QFileDialog(None, "导入公报", str(tmp_path), "公报文件 (*.pdf *.txt)")
        qtbot.addWidget(dialog)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(mode)
        labels = [w.text() for w in dialog.findChildren(QLabel) if w.text()]
        assert len(labels) >= 3
        english = [t for t in labels if re.search("[A-Za-z]{2,}", t.replace("&", ""))]
        assert english == [], english
        assert "查找范围(&L)：" in labels and "文件类型(&T)：" in labels
