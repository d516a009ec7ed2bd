"""The panels' export: ask for a path, write, report success or a Chinese error."""

from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.errors import GazetteError
from gui.panels.saving import ask_and_write


def test_ask_and_write_reports_success_failure_and_cancel(make_window, monkeypatch, tmp_path):
    win = make_window()
    target = str(tmp_path / "台账.xlsx")
    written, warned = [], []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (target, ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    assert ask_and_write(win.tasks, "导出台账", "x.xlsx", "*.xlsx", written.append, "已导出") == target
    assert written == [target] and "已导出" in win.statusBar().currentMessage()

    def fail(path):
        raise GazetteError("无法写入 台账.xlsx：磁盘已满。")

    assert ask_and_write(win.tasks, "导出台账", "x.xlsx", "*.xlsx", fail, "已导出") is None
    assert warned == ["无法写入 台账.xlsx：磁盘已满。"]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert ask_and_write(win.tasks, "导出台账", "x.xlsx", "*.xlsx", written.append, "x") is None
    assert written == [target]
