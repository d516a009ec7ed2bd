"""文件 → 备份资料库… / 检查资料库: the ``backup`` and ``check`` commands in the window.

Both run as jobs on the reader pool (they only read), so the window stays responsive; the
result is a message box (plain text). ``show`` is replaceable in tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox


class MaintenanceActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.backup_action = QAction("备份资料库…", window)
        self.backup_action.triggered.connect(lambda: self.ask_backup())
        self.check_action = QAction("检查资料库", window)
        self.check_action.triggered.connect(lambda: self.check())
        self.show = self._message            # (title, text, ok) -> None

    def add_to_menu(self, menu: QMenu) -> None:
        menu.addAction(self.backup_action)
        menu.addAction(self.check_action)

    def _message(self, title: str, text: str, ok: bool) -> None:
        box = QMessageBox(QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning,
                          title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    def ask_backup(self):
        name = f"公报资料库备份-{date.today():%Y%m%d}.sqlite"
        path, _ = QFileDialog.getSaveFileName(self.window, "备份资料库", str(Path.home() / name),
                                              "SQLite 数据库 (*.sqlite);;所有文件 (*)")
        return self.backup(path) if path else None

    def backup(self, path: str):
        """Back the library up to ``path`` (a job; returns it)."""
        from service.maintenance import backup

        def work(wctx, progress, _cancel):
            return backup(wctx.library, path, progress)

        from .ops import run_op

        self.window.statusBar().showMessage("正在备份资料库……", 3000)
        return run_op(self.window.ctx.jobs, work, "备份资料库", pool="reader",
                      on_success=lambda written: self.show(
                          "备份资料库", f"已备份资料库到 {written}。\n恢复时，把它复制到数据文件夹"
                                       "并改名为 library.sqlite。", True),
                      on_failure=lambda message: self.show("备份失败", message, False))

    def check(self):
        """Check the library and the index (a job; returns it)."""
        from service.maintenance import check

        def work(wctx, _progress, _cancel):
            return check(wctx.db_file, wctx.index_dir, library=wctx.library)

        from .ops import run_op

        self.window.statusBar().showMessage("正在检查资料库……", 3000)
        return run_op(self.window.ctx.jobs, work, "检查资料库", pool="reader",
                      on_success=lambda report: self.show(
                          "检查资料库", "\n".join(report.lines()), report.ok),
                      on_failure=lambda message: self.show("检查资料库", message, False))
