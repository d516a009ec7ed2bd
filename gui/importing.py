"""Importing files from the window: one serial job, a progress dialog, 替换? and a summary.

The job function :func:`import_files` runs on the serial pool with its own Library; each file
is imported through the service layer (``service.LibraryService``): one transaction, then the
search index follows. 取消 sets the job's cancel event: the file being imported is rolled back and the rest
are skipped, so the library keeps exactly what was imported before.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from service import ImportOutcome as Outcome
from service import expand_paths

from .context import Change
from .ops import run_op


def import_files(paths: list[Path], replace: bool = False):
    """A job function importing ``paths`` through the service layer; returns the list of
    :class:`~service.ImportOutcome`."""

    def work(wctx, progress, cancel) -> list[Outcome]:
        return wctx.service().import_files(paths, replace=replace, progress=progress,
                                           cancel=cancel)

    return work


def summary_text(outcomes: list[Outcome]) -> str:
    ok = [o for o in outcomes if o.status == "ok"]
    failed = [o for o in outcomes if o.status == "failed"]
    same = [o for o in outcomes if o.status == "duplicate" and o.same_file]
    skipped = [o for o in outcomes if o.status == "duplicate" and not o.same_file]
    cancelled = [o for o in outcomes if o.status == "cancelled"]
    # nothing new: say so, not 成功导入 0 个文件 (above files that were all refused or known)
    lines = [f"成功导入 {len(ok)} 个文件。" if ok else "没有导入新的公报。"]
    lines += [f"  ✔ {o.label}（{o.documents} 份文件）{'，已替换旧版本' if o.replaced_id else ''}"
              for o in ok]
    if failed:
        lines.append(f"导入失败 {len(failed)} 个：")
        lines += [f"  ✘ {o.message}" for o in failed]
    if same:
        lines.append(f"已导入过、未作改动 {len(same)} 个：")
        lines += [f"  – {o.message}" for o in same]
    if skipped:
        lines.append(f"未替换、已跳过 {len(skipped)} 个（资料库中已有这一期）：")
        lines += [f"  – {o.path.name}" for o in skipped]
    if cancelled:
        lines.append(f"已取消 {len(cancelled)} 个文件的导入，资料库中没有它们的任何内容。")
    return "\n".join(lines)


def summary_icon(outcomes: list[Outcome]) -> QMessageBox.Icon:
    """The summary's icon: information when all went well, a warning when some file failed
    or was cancelled, critical when every file failed."""
    if outcomes and all(o.status == "failed" for o in outcomes):
        return QMessageBox.Icon.Critical
    if any(o.status in ("failed", "cancelled") for o in outcomes):
        return QMessageBox.Icon.Warning
    return QMessageBox.Icon.Information


class ImportController(QObject):
    """Runs imports for a window. ``ask_replace(outcomes) -> outcomes to replace`` and
    ``show_summary(text)`` default to message boxes (tests replace them).
    Signals: ``started(job)``; ``finished(outcomes)`` after 替换 rounds, once per import."""

    started = Signal(object)
    finished = Signal(list)

    def __init__(self, ctx, parent: QWidget):
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.job = None
        self.dialog: QProgressDialog | None = None
        self.ask_replace: Callable[[list[Outcome]], list[Outcome]] = self._ask_replace
        self.show_summary: Callable[[str], None] = self._show_summary
        self._done: list[Outcome] = []
        self.last_outcomes: list[Outcome] | None = None    # while the summary is shown
        self._replacing = False

    def busy(self) -> bool:
        return self.job is not None

    def start(self, paths, replace: bool = False, keep: list[Outcome] | None = None):
        """Import ``paths`` (files or folders) on the serial pool; returns the job."""
        if getattr(self.ctx.library, "read_only", False):
            from .context import READ_ONLY_NOTICE

            self.show_summary(READ_ONLY_NOTICE)
            return None
        if self.job is not None and keep is None:
            self.show_summary("正在导入其他文件，请等当前导入完成后再试。")
            return None
        files = expand_paths(paths)
        if not files:
            self.show_summary("所选位置没有可导入的公报文件（PDF 或 TXT）。")
            return None
        self._done = list(keep or [])
        self._replacing = replace
        dlg = QProgressDialog("准备导入……", "取消", 0, len(files) * 100, self.parent_widget)
        dlg.setWindowTitle("导入公报")
        # not modal: a modal QProgressDialog runs the event loop inside setValue(), which
        # would deliver the job's results re-entrantly; the window stays usable meanwhile
        dlg.setWindowModality(Qt.WindowModality.NonModal)
        dlg.setMinimumDuration(0)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.setMinimumWidth(460)
        dlg.canceled.connect(self.cancel)
        self.dialog = dlg
        dlg.show()
        job = run_op(self.ctx.jobs, import_files(files, replace), "导入公报",
                     on_progress=self._progress, on_success=self._finished,
                     on_failure=self._failed, before_start=self._starting)
        return job

    def _starting(self, job) -> None:
        """Before the job runs: a listener of ``started`` sees all its signals."""
        self.job = job
        self.started.emit(job)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            if self.dialog is not None:
                self.dialog.setLabelText("正在取消……（当前文件会整体撤销）")

    def _progress(self, done: int, total: int, stage: str) -> None:
        if self.dialog is None or (self.job and self.job.cancel_event.is_set()):
            return
        pct = int(done * 100 / total) if total else 0
        dlg = self.dialog
        dlg.setLabelText(f"正在导入：{stage}\n进度 {pct}%")
        dlg.setMaximum(max(total, 1))
        dlg.setValue(min(done, max(total, 1)))

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.blockSignals(True)       # closing must not read as 取消
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.job = None

    def _failed(self, message: str) -> None:
        self._close_dialog()
        self._finish(self._done + [Outcome(Path("?"), "failed", message)])

    def _finished(self, outcomes: list[Outcome]) -> None:
        self._close_dialog()
        # the very same file again: nothing to replace; another version: ask (once)
        dups = [o for o in outcomes if o.status == "duplicate" and not o.same_file]
        rest = self._done + [o for o in outcomes if o not in dups]
        chosen = self.ask_replace(dups) if dups and not self._replacing else []
        skipped = [o for o in dups if o not in chosen]
        if chosen:
            paths, keep = [o.path for o in chosen], rest + skipped
            QTimer.singleShot(0, self, lambda: self.start(paths, replace=True, keep=keep))
            return
        self._finish(rest + skipped)

    def _finish(self, outcomes: list[Outcome]) -> None:
        self._done = []
        self.ctx.notify(Change(issues=True))      # also when nothing changed: cheap
        self.finished.emit(outcomes)
        self.last_outcomes = outcomes
        self.show_summary(summary_text(outcomes))
        self.last_outcomes = None

    # -- default dialogs ------------------------------------------------------------------
    def _ask_replace(self, dups: list[Outcome]) -> list[Outcome]:
        chosen = []
        for o in dups:
            box = QMessageBox(QMessageBox.Icon.Question, "已在资料库中",
                              f"{o.message}\n\n要用这个文件替换资料库中的版本吗？（批注会保留）",
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                              self.parent_widget)
            box.setDefaultButton(QMessageBox.StandardButton.No)
            box.setTextFormat(Qt.TextFormat.PlainText)
            if box.exec() == QMessageBox.StandardButton.Yes:
                chosen.append(o)
        return chosen

    def _show_summary(self, text: str) -> None:
        outcomes = self.last_outcomes
        icon = summary_icon(outcomes) if outcomes is not None else QMessageBox.Icon.Warning
        box = QMessageBox(icon, "导入结果", text, QMessageBox.StandardButton.Ok,
                          self.parent_widget)
        box.setTextFormat(Qt.TextFormat.PlainText)     # file names and messages, never HTML
        box.exec()
