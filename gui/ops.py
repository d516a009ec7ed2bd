"""Operations: the one way the window runs work in the background (after Anki's
``CollectionOp`` / ``QueryOp``).

:func:`run_op` takes the work (a job function ``fn(wctx, progress, cancel)``, see
:mod:`gui.jobs`), what to do on success and on failure, and the pool; it connects every
handler *before* the job starts (a queued signal emitted before a connection is lost) and
reports a failure the same way everywhere unless the caller handles it: a warning box titled
``<name>失败`` over ``parent``, or the status bar of ``parent``'s window when ``quiet``.

    run_op(ctx.jobs, work, "删除公报", on_success=..., parent=self)        # a write (serial)
    run_op(ctx.jobs, work, "检索", pool="reader", on_success=..., on_failure=...)  # a query
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from .jobs import Job, JobFn, JobRunner


def report_error(parent: QWidget | None, title: str, message: str, quiet: bool = False) -> None:
    """How a failed operation is told: a warning box, or (``quiet``) the status bar."""
    window = parent.window() if parent is not None else None
    if quiet and isinstance(window, QMainWindow):
        window.statusBar().showMessage(f"{title}：{message}", 8000)
        return
    QMessageBox.warning(parent, title, message)


def run_op(jobs: JobRunner, work: JobFn, name: str, *, pool: str = "serial",
           on_success: Callable[[Any], None] | None = None,
           on_failure: Callable[[str], None] | None = None,
           on_progress: Callable[[int, int, str], None] | None = None,
           on_cancelled: Callable[[], None] | None = None,
           on_done: Callable[[Job], None] | None = None,
           before_start: Callable[[Job], None] | None = None,
           parent: QWidget | None = None, quiet: bool = False) -> Job:
    """Run ``work`` on ``pool`` ("serial" for writes, "reader" for queries); returns the
    started job. ``jobs`` is the AppContext's runner (``ctx.jobs``); ``before_start(job)`` is
    called once everything is connected, before the job can run (to hand the job to others
    who connect to it)."""
    job = jobs.make(work, name)
    sig = job.signals
    if on_progress is not None:
        sig.progress.connect(on_progress)
    if on_success is not None:
        sig.finished.connect(on_success)
    if on_failure is not None:
        sig.failed.connect(on_failure)
    else:
        sig.failed.connect(lambda message: report_error(parent, f"{name}失败", message, quiet))
    if on_cancelled is not None:
        sig.cancelled.connect(on_cancelled)
    if on_done is not None:
        sig.done.connect(on_done)
    if before_start is not None:
        before_start(job)
    return jobs.start(job, pool=pool)
