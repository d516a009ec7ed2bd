"""Unexpected errors in the window: recorded in a log, told in Chinese, and the window goes on.

An exception raised in a slot (a click, a timer, a job's result) would otherwise only print a
traceback on a terminal the clerk never sees, and nothing on screen would say why a panel
stayed empty. :func:`install` sets ``sys.excepthook`` for the window's lifetime: each error is
appended to ``errors.log`` in the user's log folder (platformdirs; the data folder may be
read-only) with its traceback, and the status bar says what happened in Chinese — a database
error in the words of :func:`core.store.describe_db_error` (the library file removed, damaged,
locked, the disk full) — at most once every few seconds, so that a burst of the same error
does not flood the bar. A job's unexpected error (``gui.jobs``) is recorded there too
(:func:`record`); the job's failure message tells it. Nothing is modal: the clerk can go on, save their work, or restart.
"""

from __future__ import annotations

import datetime as _dt
import sys
import time
import traceback
from pathlib import Path

from PySide6.QtWidgets import QMainWindow

QUIET_SECONDS = 3.0


def log_file() -> Path:
    """``errors.log`` in the user's log folder (created when first written)."""
    from platformdirs import user_log_dir

    from core.paths import APP_NAME

    return Path(user_log_dir(APP_NAME, appauthor=False)) / "errors.log"


def message_for(exc: BaseException, db_file: Path | None, log: Path) -> str:
    """What the status bar says about ``exc``."""
    described = None
    if db_file is not None:
        from core.store import describe_db_error

        described = describe_db_error(exc, db_file)
    if described is not None:
        return f"资料库出错：{described}（详情已记入 {log}）"
    return (f"出现了意外的错误（{type(exc).__name__}），窗口仍可继续使用；"
            f"详情已记入 {log}，如反复出现请重新打开公报阅读器。")


def record(text: str, log: Path | None = None) -> None:
    """Append a traceback (or any text) to ``errors.log`` with the time; also on stderr. A
    log that cannot be written is passed over (the error is told on screen anyway)."""
    log = log or log_file()
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as f:
            f.write(f"--- {_dt.datetime.now().isoformat(timespec='seconds')}\n{text}\n")
    except OSError:
        pass
    stream = sys.__stderr__
    if stream is not None:
        stream.write(text)


class ErrorReporter:
    """The hook :func:`install` sets: records, then tells (see the module doc)."""

    def __init__(self, window: QMainWindow, db_file: Path | None, log: Path | None = None):
        self.window = window
        self.db_file = db_file
        self.log = log or log_file()
        self.count = 0
        self.last_message = ""
        self._last_shown = 0.0
        self._previous = sys.excepthook

    def __call__(self, exc_type, exc, tb) -> None:
        self.count += 1
        record("".join(traceback.format_exception(exc_type, exc, tb)), self.log)
        message = message_for(exc, self.db_file, self.log)
        now = time.monotonic()
        if message != self.last_message or now - self._last_shown >= QUIET_SECONDS:
            self.last_message, self._last_shown = message, now
            try:
                self.window.statusBar().showMessage(message, 15000)
            except RuntimeError:         # the window is gone (closing): the log has it
                pass

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous


def install(window: QMainWindow, db_file: Path | None) -> ErrorReporter:
    reporter = ErrorReporter(window, db_file)
    sys.excepthook = reporter
    return reporter
