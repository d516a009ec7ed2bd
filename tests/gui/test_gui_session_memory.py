"""A long session keeps what it needs and no more (the soak's and the clerk's day's slope).

Found with ``python -m tests.bench.bench_soak`` (it prints the growing object types, the
window's Qt objects and the live jobs every 100 rounds):

- every job ever run stayed alive: PySide makes a ``QRunnable`` given to
  ``QThreadPool.start`` a child of the pool, so each job kept its signals, event and lock
  (~4 KB a job; a search, a count, a highlight each run one);
- the undo stack kept every annotation change of the session (its annotation, two closures);
- the tree's count badges were cached per count, without end (a document's 101st, 102nd …
  highlight each drew one more, all shown as 99+).
"""

from __future__ import annotations

import gc
import weakref

import pytest
from conftest_gui import import_and_wait, settle
from PySide6.QtCore import QAbstractAnimation, QCoreApplication, QEvent, QObject
from PySide6.QtGui import QTextDocument

pytestmark = pytest.mark.gui


def _flush(qtbot, win=None) -> None:
    """What the event loop does between user actions: queued signals, deleteLater()."""
    if win is not None:
        assert win.ctx.jobs.wait(60000)
    for _ in range(3):
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def test_finished_jobs_are_freed(qapp, qtbot, tmp_path):
    from gui.jobs import Job, JobRunner
    from gui.ops import run_op

    runner = JobRunner(tmp_path / "library.sqlite", tmp_path / "index")
    got: list = []
    refs = []
    for i, pool in enumerate(("serial", "reader", "notes") * 8):
        job = run_op(runner, lambda wctx, progress, cancel, i=i: i, "测试", pool=pool,
                     on_success=got.append)
        refs.append(weakref.ref(job))
    del job
    qtbot.waitUntil(lambda: len(got) == 24 and not runner.busy(), timeout=30000)
    _flush(qtbot)
    assert sorted(got) == list(range(24))           # every result delivered, once
    assert [r for r in refs if r() is not None] == []
    assert not any(isinstance(o, Job) for o in gc.get_objects())
    runner.deleteLater()


def test_opening_and_closing_fifty_tabs_returns_to_the_baseline(make_window, qtbot,
                                                                 lincheng_files):
    """Documents opened in tabs and closed again leave no QTextDocument, no Qt object and
    no job behind."""
    from gui.jobs import Job

    win = make_window()
    import_and_wait(qtbot, win, lincheng_files)
    docs = [d.id for d in win.ctx.library.documents()]
    assert len(docs) >= 4

    def close_all() -> None:
        while win.tabs.count():
            win.close_current_tab()

    def counts() -> tuple[int, int, int]:
        _flush(qtbot, win)
        # the style's animations (a button fading) come and go with the pointer: not counted
        qt = [o for o in win.findChildren(QObject) if not isinstance(o, QAbstractAnimation)]
        return (len(win.findChildren(QTextDocument)), len(qt),
                sum(isinstance(o, Job) for o in gc.get_objects()))

    def session() -> int:
        for doc_id in docs:
            win.open_document(doc_id, query="发展")
            win.reader.zoom(1)               # renders once more
        win.search.run_search("市")          # a search job (the panel keeps its last one)
        _flush(qtbot, win)
        close_all()
        return len(docs)

    session()                              # the tree's headings, a last search: made once
    base = counts()
    opened = 0
    while opened < 50:
        opened += session()
    assert win.tabs.count() == 0 and win.doc_id is None
    assert counts() == base
    assert win._tab_pos == {}                # the places of closed tabs are forgotten


def test_undo_keeps_the_last_changes_only(make_window, qtbot, lincheng_files, monkeypatch):
    """Past the undo limit the oldest steps (and their annotations) are let go; the newest
    are still undone in order."""
    from test_gui_annotations import open_plan, select

    import gui.annotations as annotations

    monkeypatch.setattr(annotations, "UNDO_LIMIT", 4)
    win = open_plan(make_window, qtbot, lincheng_files)
    stack = win.annotator.stack
    assert stack.undoLimit() == 4
    made = []
    for k in range(6):
        select(win, "市", nth=k)
        made.append(win.annotator.highlight("green"))
        settle(qtbot, win)
    assert stack.count() == 4
    _flush(qtbot, win)
    alive = [o for o in gc.get_objects() if isinstance(o, annotations._Command)]
    assert len(alive) == 4
    lib = win.ctx.library
    doc_id = made[0].doc_id
    for _ in range(6):                      # two more than it can: nothing more happens
        win.annotator.undo_action.trigger()
        settle(qtbot, win)
    left = {a.id for a in lib.annotations(doc_id)}
    assert left == {made[0].id, made[1].id}


def test_count_badges_are_bounded(qapp):
    from gui.models import library_tree as tree

    tree._BADGES.clear()
    for n in range(1, 400):
        tree.count_badge(n)
    assert len(tree._BADGES) == 100          # 1 … 99, and one 99+ for every larger count
    assert tree.count_badge(150) is tree.count_badge(399) is tree.count_badge(100)
    assert tree.count_badge(99) is not tree.count_badge(100)
