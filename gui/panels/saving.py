"""Asking for a file name and writing an export from a panel, with errors in Chinese."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def ask_and_write(parent: QWidget, title: str, name: str, filters: str,
                  write: Callable[[str], object], done: str) -> str | None:
    """Ask where to save (starting in the home folder with ``name``), call ``write(path)``,
    and report in the status bar (``done`` + path) or in a warning. Returns the path."""
    from core.errors import GazetteError

    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / name), filters)
    if not path:
        return None
    try:
        write(path)
    except GazetteError as e:
        QMessageBox.warning(parent, "导出失败", str(e))
        return None
    parent.window().statusBar().showMessage(f"{done} {path}", 5000)
    return path
