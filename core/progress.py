"""Progress reporting and cancellation for long work, without Qt.

Long functions take ``progress: Progress | None`` and ``cancel: threading.Event | None``.
The GUI passes a callback that emits a signal; the command line passes a printer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from .errors import Cancelled

# progress(done, total, stage): stage is a short Chinese label such as "解析" or "写入资料库".
Progress = Callable[[int, int, str], None]


def report(progress: Progress | None, done: int, total: int, stage: str) -> None:
    if progress is not None:
        progress(done, total, stage)


def check_cancel(cancel: threading.Event | None) -> None:
    """Raise :class:`Cancelled` when the user asked to stop."""
    if cancel is not None and cancel.is_set():
        raise Cancelled()
