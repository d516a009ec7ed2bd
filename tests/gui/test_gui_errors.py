"""An error raised in a slot is recorded in a log with its traceback and told in Chinese in
the status bar; the window goes on (a working day must survive what unit tests miss)."""

from __future__ import annotations

import sqlite3

import pytest
from conftest_gui import import_and_wait


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_and_told_and_the_window_goes_on(
        make_window, qtbot, lincheng_files, tmp_path):
    from PySide6.QtCore import QTimer

    from gui import errors

    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    garbage = tmp_path / "gone" / "library.sqlite"
    garbage.parent.mkdir()
    garbage.write_bytes(b"not a library " * 100)
    log = tmp_path / "logs" / "errors.log"
    reporter = errors.ErrorReporter(win, garbage, log)
    import sys

    sys.excepthook = reporter
    try:
        def read_the_vanished_library() -> None:     # as a panel would, its file replaced
            sqlite3.connect(str(garbage)).execute("SELECT * FROM sqlite_master").fetchall()

        for _ in range(3):
            QTimer.singleShot(0, read_the_vanished_library)
        qtbot.waitUntil(lambda: reporter.count == 3, timeout=10000)
        assert sys.excepthook is reporter
    finally:
        reporter.uninstall()
    assert sys.excepthook is not reporter
    text = log.read_text(encoding="utf-8")
    assert text.count("Traceback") == 3 and "DatabaseError" in text
    shown = win.statusBar().currentMessage()
    assert shown.startswith("资料库出错：") and "已损坏" in shown and str(log) in shown
    assert "Traceback" not in shown and "DatabaseError" not in shown
    # the window goes on: a document opens and is shown
    doc = win.ctx.library.documents()[0]
    assert win.open_document(doc.id) and win.doc_id == doc.id


def test_an_error_that_is_not_the_library_s_says_the_window_goes_on(tmp_path):
    from gui.errors import message_for

    log = tmp_path / "errors.log"
    text = message_for(KeyError("x"), tmp_path / "library.sqlite", log)
    assert "意外的错误（KeyError）" in text and "仍可继续使用" in text and str(log) in text


def test_an_unexpected_error_in_a_job_is_logged_with_its_traceback(make_window, qtbot, tmp_path,
                                                                    monkeypatch):
    from gui import errors

    log = tmp_path / "logs" / "errors.log"
    monkeypatch.setattr(errors, "log_file", lambda: log)
    win = make_window()

    def broken(ctx, progress, cancel):
        raise ValueError("坏的数据")

    job = win.ctx.jobs.submit(broken, "整理")
    with qtbot.waitSignal(job.signals.failed, timeout=10000) as got:
        pass
    assert "整理" in got.args[0] and "Traceback" not in got.args[0]
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "in broken" in text and "ValueError: 坏的数据" in text
