"""Asking for a file name and writing an export from a panel, off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFileDialog, QWidget

from ..folders import EXPORT, remember, start_path
from ..ops import run_op


def ask_and_write(parent: QWidget, jobs, title: str, name: str, filters: str,
                  write: Callable[[str], object], done: str):
    """Ask where to save (starting in the folder last exported to, with ``name``), then run
    ``write(path)`` as a job on the runner's reader pool (a big ledger takes a moment).

    ``write`` must hold its own copy of the data: it runs on a worker thread. Success is
    reported in the status bar (``done`` + path), a failure in a warning with the core's
    Chinese message. Returns the job, or None when the user cancelled the dialog.
    """
    settings = getattr(getattr(parent, "ctx", None), "settings", None)
    path, _ = QFileDialog.getSaveFileName(parent, title, start_path(settings, EXPORT, name),
                                          filters)
    if not path:
        return None
    remember(settings, EXPORT, path)

    def work(_wctx, _progress, _cancel):
        return write(path)

    return run_op(jobs, work, "导出", pool="reader", parent=parent,
                  on_success=lambda _r: parent.window().statusBar().showMessage(
                      f"{done} {path}", 5000))
