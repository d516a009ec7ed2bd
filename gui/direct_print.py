"""打印 (Ctrl+P) of what is in front — the reader's document or selection, the 表格 grid, the
责任分工 list — without freezing the window.

The window's collaborator :class:`DirectPrint` takes the QTextDocument ``printing.printable``
chooses, copies it on the GUI thread (``printing.detach_document``: a copy made as
QTextDocument.clone() makes one, but owned by no one, so that the job's thread can take it;
the one piece of the print that stays on the GUI thread) and prints the copy in a job on the
reader pool (``printing.text_print_job``: laid out for the printer a step at a time, then
painted page by page). Meanwhile the status bar shows the progress (正在排版, 正在发送第 i/n
页) with a 取消 button, and tells the outcome in Chinese when the job is done: the pages sent
and where, or what 取消 left (nothing sent; a print to a file leaves no half-written file; a
printer that cannot withdraw a started job keeps the pages it has, which is said).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from core.textutil import short_title


class DirectPrint(QObject):
    """``start(printer, doc, title)`` prints a copy of ``doc`` in a job; ``job`` while it
    runs, ``outcome`` (a ``printing.PrintOutcome``) of the last one that finished."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.job = None
        self.title = ""
        self.outcome = None
        self.box = QWidget()
        row = QHBoxLayout(self.box)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setMaximumWidth(140)
        self.bar.setTextVisible(False)
        self.cancel_btn = QPushButton("取消")
        self.cancel_btn.setToolTip("取消打印")
        self.cancel_btn.clicked.connect(self.cancel)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        row.addWidget(self.cancel_btn)
        window.statusBar().addPermanentWidget(self.box)
        self.box.hide()

    def busy(self) -> bool:
        return self.job is not None

    def start(self, printer, doc, title: str):
        """Print a copy of ``doc`` on ``printer`` in a job; returns the job (None when a
        print is already running: the status bar says so)."""
        from .ops import run_op
        from .printing import detach_document, screen_dpi, text_print_job

        if self.job is not None:
            self.say_busy()
            return None
        self.title, self.outcome = title, None
        work = text_print_job(printer, detach_document(doc), title, screen_dpi())
        self.label.setText(f"正在打印“{short_title(title, 24)}”……")
        self.bar.setValue(0)
        self.cancel_btn.setEnabled(True)
        self.box.show()
        self.window.statusBar().clearMessage()
        self.job = run_op(self.window.ctx.jobs, work, "打印", pool="reader",
                          on_progress=self._progress, on_success=self._printed,
                          on_failure=self._failed, on_cancelled=self._cancelled,
                          on_done=self._done, parent=self.window)
        return self.job

    def say_busy(self) -> None:
        self.window.statusBar().showMessage(
            f"正在打印“{short_title(self.title, 24)}”：请等它完成（或取消）后再打印。", 5000)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_btn.setEnabled(False)
            self.label.setText("正在取消打印……")

    def _progress(self, done: int, total: int, stage: str) -> None:
        if self.job is None or self.job.cancel_event.is_set():
            return
        self.bar.setValue(int(done * 100 / total) if total else 0)
        self.label.setText(f"打印“{short_title(self.title, 24)}”：{stage}……")

    def _printed(self, outcome) -> None:
        self.outcome = outcome
        self.window.statusBar().showMessage(outcome.message(), 10000)

    def _failed(self, message: str) -> None:
        self.window.statusBar().showMessage(f"打印失败：{message}", 10000)

    def _cancelled(self) -> None:
        from .printing import NOTHING_SENT  # QtPrintSupport: loaded on first print

        self.window.statusBar().showMessage(NOTHING_SENT, 10000)

    def _done(self, _job) -> None:
        self.job = None
        self.box.hide()
