"""Drag-and-drop import and 删除本期, through the window's own handlers and workers."""

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tests.gui.conftest_gui import import_and_wait


def test_dropping_files_imports_them(make_window, qtbot, lincheng_files):
    win = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in lincheng_files])
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(win.importer.finished, timeout=60000) as blocker:
        win.dropEvent(event)
    assert event.isAccepted()
    assert len(blocker.args[0]) == 2
    assert win.ctx.library.stats().issues == 2


def test_remove_issue_keeps_annotations_and_updates_the_window(make_window, qtbot,
                                                               lincheng_files, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from core.annotations import make_annotation

    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    lib = win.ctx.library
    issue = lib.issues()[0]
    doc = lib.documents(issue.id)[0]
    blocks = lib.blocks(doc.id)
    para = next(b for b in blocks if b.kind == "paragraph")
    lib.add_annotation(make_annotation(blocks, para.id, 0, para.id, 4, color="red", note="留存"))
    win.open_document(doc.id)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    job = None
    original = win.remove_issue

    def capture(issue_id):
        nonlocal job
        job = original(issue_id)
        return job

    monkeypatch.setattr(win, "remove_issue", capture)
    win.ask_remove_issue(issue.id)
    assert asked and "保留" in asked[0]
    # ``done`` is the job's last signal: when the runner forgets it, the window has handled
    # ``finished`` too.
    qtbot.waitUntil(lambda: job is not None and not win.ctx.jobs.busy(), timeout=30000)
    assert lib.stats().issues == 0
    assert win.doc_id is None
    kept = lib.annotations()
    assert [a.note for a in kept] == ["留存"]
