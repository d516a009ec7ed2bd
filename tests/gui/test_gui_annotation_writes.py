"""Annotation writes run on their own pool (review minor 13, hardening item 6): while an
import runs they are stored at once; while another job holds SQLite's write lock, highlighting
neither blocks the GUI thread nor loses the annotation, and undo / redo keep their order."""

from __future__ import annotations

import threading

from conftest_gui import settle, wait_index
from PySide6.QtCore import Qt, QTimer
from test_gui_annotations import CTRL, SHIFT, open_plan, painted, select

from core.annotations import color_hex


def hold_write_lock(win, qtbot):
    """A job on the serial pool that holds the database's write lock until ``release`` is
    set (as a long import does); returns (job, release)."""
    taken, release = threading.Event(), threading.Event()

    def work(wctx, progress, cancel):
        with wctx.library.db.atomic():
            wctx.library.set_meta("test/held", "1")        # the write lock is taken here
            taken.set()
            assert release.wait(60), "the test never released the lock"
        return True

    job = win.ctx.jobs.submit(work, "导入公报")
    qtbot.waitUntil(taken.is_set, timeout=30000)
    return job, release


def test_highlight_while_the_write_lock_is_held(make_window, qtbot, lincheng_files):
    win = open_plan(make_window, qtbot, lincheng_files)
    wait_index(qtbot, win)
    reader, lib, doc_id = win.reader, win.ctx.library, win.doc_id
    job, release = hold_write_lock(win, qtbot)
    # the event loop keeps running: a timer fires while the change waits for the lock
    ticks = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    s, e = select(win, "市财政局")
    qtbot.keyClick(reader, Qt.Key.Key_2, CTRL)             # returns at once: queued
    assert job in win.ctx.jobs._alive and not release.is_set()
    assert win.annotator.pending == 1
    assert lib.annotations(doc_id) == []                   # not stored yet (reads still work)
    qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=30000)
    # undo and redo while the lock is still held: queued behind the add, in order
    qtbot.keyClick(reader, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(reader, Qt.Key.Key_Z, CTRL | SHIFT)
    assert win.annotator.pending == 3 and lib.annotations(doc_id) == []
    release.set()
    settle(qtbot, win)
    timer.stop()
    anns = lib.annotations(doc_id)
    assert [(a.quote, a.color) for a in anns] == [("市财政局", "green")]
    assert painted(reader) == [(s, e, color_hex("green").upper())]
    assert win.annotations.model.rowCount() == 1
    assert lib.get_meta("test/held") == "1"                # the other job committed too
    # the undo stack still works afterwards
    win.annotator.undo_action.trigger()
    settle(qtbot, win)
    assert lib.annotations(doc_id) == [] and painted(reader) == []
    win.annotator.redo_action.trigger()
    settle(qtbot, win)
    assert [a.id for a in lib.annotations(doc_id)] == [anns[0].id]


def test_edit_and_delete_wait_for_the_lock_too(make_window, qtbot, lincheng_files):
    win = open_plan(make_window, qtbot, lincheng_files)
    wait_index(qtbot, win)
    lib, doc_id = win.ctx.library, win.doc_id
    select(win, "市财政局")
    ann = win.annotator.highlight("yellow", note="原批注")
    settle(qtbot, win)
    job, release = hold_write_lock(win, qtbot)
    assert win.annotator.edit_note(ann.id, note="新批注").note == "新批注"
    assert win.annotator.delete(ann.id).id == ann.id
    assert lib.annotation(ann.id).note == "原批注"          # both wait for the lock
    release.set()
    settle(qtbot, win)
    assert lib.annotations(doc_id) == []
    win.annotator.undo_action.trigger()                     # undo the delete
    win.annotator.undo_action.trigger()                     # undo the edit
    settle(qtbot, win)
    assert lib.annotation(ann.id).note == "原批注"
    assert job not in win.ctx.jobs._alive


def test_annotation_is_durable_at_once_while_an_import_runs(make_window, qtbot, lincheng_files):
    """An import spends nearly all its time reading and parsing, outside any transaction: an
    annotation made meanwhile is in the database before the import ends (a crash then loses
    nothing), not queued behind it."""
    win = open_plan(make_window, qtbot, lincheng_files)
    wait_index(qtbot, win)
    lib, doc_id = win.ctx.library, win.doc_id
    started, release = threading.Event(), threading.Event()

    def parsing(wctx, progress, cancel):           # an import's parse phase: no lock held
        started.set()
        assert release.wait(60), "the test never released the import"
        return True

    job = win.ctx.jobs.submit(parsing, "导入公报")
    qtbot.waitUntil(started.is_set, timeout=30000)
    try:
        select(win, "市财政局")
        ann = win.annotator.highlight("red", note="导入时写的批注")
        settle(qtbot, win)
        assert job in win.ctx.jobs._alive and not release.is_set()
        # another connection (another process after a crash) sees it committed
        import sqlite3 as _sqlite  # the test reads the file directly
        conn = _sqlite.connect(win.ctx.db_file)
        try:
            assert conn.execute("SELECT note FROM annotations WHERE id = ?",
                                [ann.id]).fetchone() == ("导入时写的批注",)
        finally:
            conn.close()
        assert [a.id for a in lib.annotations(doc_id)] == [ann.id]
    finally:
        release.set()
    qtbot.waitUntil(lambda: job not in win.ctx.jobs._alive, timeout=30000)
