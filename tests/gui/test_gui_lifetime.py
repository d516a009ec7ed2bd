"""The window's Qt objects die on the GUI thread, at a known moment.

The job runner and the settings are QObjects of the GUI thread owned by Python, held by the
window and its panels in reference cycles. Left to the cyclic garbage collector, they were
freed by whichever thread collected next, often a job's worker: a QObject deleted on another
thread while the GUI thread delivers it an event crashes the process (the GUI suite stopped
once on a segfault under load). ``AppContext.close`` deletes them itself.
"""

from __future__ import annotations

from dataclasses import fields

import shiboken6
from conftest_gui import import_and_wait
from PySide6.QtCore import QCoreApplication, QObject


def test_closing_the_context_deletes_its_qt_objects_on_this_thread(make_window, qtbot,
                                                                    lincheng_files):
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    ctx = win.ctx
    owned = [getattr(ctx, f.name) for f in fields(ctx)]
    owned = [o for o in owned if isinstance(o, QObject)]
    assert ctx.jobs in owned and ctx.settings in owned
    pools = [ctx.jobs.serial, ctx.jobs.reader]
    win.close()
    ctx.close()
    assert not any(shiboken6.isValid(o) for o in owned + pools)
    ctx.close()                                    # again (the fixture's teardown): nothing


def test_a_result_still_queued_at_close_never_reaches_the_window(make_window, qtbot):
    win = make_window()
    jobs = win.ctx.jobs
    delivered: list = []
    job = jobs.make(lambda *_a: "result", "测试")
    job.signals.finished.connect(delivered.append)
    jobs.start(job)
    assert jobs.wait(60000)                        # done; ``finished`` is queued, not delivered
    win.close()
    win.ctx.close()
    QCoreApplication.processEvents()               # the queued signal's turn: nothing comes
    assert delivered == []



def test_a_replaced_document_is_used_by_nothing(make_window, qtbot, lincheng_files):
    """The reader deletes the document it replaces (deleteLater): hits, annotation marks, the
    find bar, the text cursor and the citation links must all be on the new one by then."""
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QTextDocument
    from test_gui_annotations import open_plan, select

    win = open_plan(make_window, qtbot, lincheng_files)
    reader = win.reader
    select(win, "市财政局")
    win.annotator.highlight("yellow", note="核对")
    qtbot.waitUntil(lambda: win.annotator.pending == 0 and bool(reader.note_markers),
                    timeout=30000)
    win.find_bar.open_bar("市")
    reader.next_hit()
    others = [d.id for d in win.ctx.library.documents() if d.id != win.doc_id]
    for doc_id in [*others, win.doc_id]:
        old = reader.document()
        win.open_document(doc_id, query="市")
        reader.set_font_size(reader.font_size + 1)          # renders once more
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert not shiboken6.isValid(old) or old is reader.document()
        doc = reader.document()
        assert reader.textCursor().document() is doc
        assert all(sel.cursor.document() is doc for sel in reader.extraSelections())
        reader.next_hit()
        win.find_bar.open_bar("财政")
        reader.previous_hit()
        reader.tooltip_at(QPoint(10, 10))
        reader.viewport().repaint()
    assert reader.note_markers and reader.hits
    assert len(reader.findChildren(QTextDocument)) <= 2


def test_a_copy_left_on_the_clipboard_does_not_crash_the_exit(tmp_path):
    """Text copied with the 表格 panel (a QMimeData made in Python) and still on the clipboard
    when the process ends, the QApplication alive (as in the test session): the exit once
    ended in a segfault (Qt deleting the data after Python was gone)."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    script = tmp_path / "copy_and_exit.py"
    script.write_text(
        "from gui.app import make_app\n"
        "from PySide6.QtCore import QMimeData\n"
        "app, _ = make_app()\n"
        "mime = QMimeData()\n"
        "mime.setHtml('<table><tr><td>禹州市</td></tr></table>')\n"
        "mime.setText('禹州市')\n"
        "app.clipboard().setMimeData(mime)\n"
        "del mime\n", encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, str(script)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
