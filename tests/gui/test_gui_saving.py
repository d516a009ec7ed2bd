"""The panels' export: ask for a path, write on a worker, report success or a Chinese error."""

import threading

from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.errors import GazetteError
from gui.panels.saving import ask_and_write


def test_ask_and_write_reports_success_failure_and_cancel(make_window, qtbot, monkeypatch,
                                                          tmp_path):
    win = make_window()
    jobs = win.ctx.jobs
    target = str(tmp_path / "台账.xlsx")
    written, warned = [], []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (target, ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))

    def write(path):
        written.append((path, threading.current_thread() is threading.main_thread()))

    job = ask_and_write(win.tasks, jobs, "导出台账", "x.xlsx", "*.xlsx", write, "已导出")
    qtbot.waitUntil(lambda: not jobs.busy(), timeout=30000)
    assert written == [(target, False)]                    # written off the GUI thread
    assert job is not None and "已导出" in win.statusBar().currentMessage()

    def fail(path):
        raise GazetteError("无法写入 台账.xlsx：磁盘已满。")

    ask_and_write(win.tasks, jobs, "导出台账", "x.xlsx", "*.xlsx", fail, "已导出")
    qtbot.waitUntil(lambda: not jobs.busy(), timeout=30000)
    assert warned == ["无法写入 台账.xlsx：磁盘已满。"]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert ask_and_write(win.tasks, jobs, "导出台账", "x.xlsx", "*.xlsx", write, "x") is None
    assert len(written) == 1


def test_ledger_export_from_the_panel_writes_the_listed_tasks(make_window, qtbot, monkeypatch,
                                                              lincheng_files, tmp_path):
    from openpyxl import load_workbook

    from tests.gui.conftest_gui import import_and_wait

    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    win.tasks.unit_mode.setChecked(True)
    win.tasks.unit_edit.setText("市财政局")
    win.tasks.unit_edit.returnPressed.emit()
    qtbot.waitUntil(lambda: len(win.tasks.model.records) > 0, timeout=30000)
    target = tmp_path / "财政局台账.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    win.tasks.ask_export()
    qtbot.waitUntil(lambda: not win.ctx.jobs.busy(), timeout=30000)
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert any("市财政局" in str(cell) for row in rows for cell in row if cell)
