"""The Qt binding must not corrupt Python's memory (issue 9).

PySide6 6.12.0 on Python 3.11 lowers ``sys.getrefcount(None)`` by one in every call of setters
such as ``QTextBlockFormat.setTextIndent``; after about twenty rendered documents the
interpreter aborts with ``none_dealloc``. These tests would have caught it: a direct check of
the setters the reader uses in quantity, and a soak that opens documents hundreds of times in
one process with search hits, annotation marks and the find bar, then checks None's count.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

from tests.conftest import corpus_files

pytestmark = pytest.mark.gui

OPENS = 300


def test_setters_used_in_quantity_leave_none_alone(qapp):
    from gui.safety import binding_fault, setter_probes

    probes = setter_probes()
    assert len(probes) >= 10
    assert binding_fault(probes, calls=1000) == []


def test_the_probe_sees_a_change_of_nones_count():
    from gui.safety import binding_fault, fault_message

    kept: list = []
    faulty = binding_fault({"leaky": lambda: kept.append(None), "sound": lambda: None})
    assert faulty == ["leaky"]
    message = fault_message(faulty)
    assert "PySide6-Essentials==6.11.0" in message and "崩溃" in message


def test_a_faulty_binding_refuses_to_open_the_window(gui_app, monkeypatch, data_dir):
    import gui.app as app_module
    import gui.safety as safety

    shown: list[str] = []
    monkeypatch.setattr(safety, "binding_fault", lambda probes=None, calls=40: ["X.setY"])
    monkeypatch.setattr(app_module, "refuse_to_start", shown.append)
    monkeypatch.setattr(app_module, "create_window",
                        lambda *a, **k: pytest.fail("the window must not be created"))
    assert app_module.run_app(str(data_dir)) == 1
    assert len(shown) == 1 and "X.setY" in shown[0] and "6.11.0" in shown[0]


def _fill(data_dir: Path, tmp_path: Path) -> None:
    from core.annotations import make_annotation
    from core.importer import import_file
    from core.paths import db_path
    from core.store import Library
    from tests.fixtures.gazettes import LINCHENG, render

    fixture = tmp_path / "lincheng-2024-4.txt"
    fixture.write_text(render(LINCHENG, header="临城市人民政府公报（2024 年第 4 期）"),
                       encoding="utf-8")
    with Library(db_path(data_dir)) as lib:
        for path in [fixture, *corpus_files()]:
            import_file(lib, path)
        for doc in lib.documents():          # one highlight and one note per document
            body = [b for b in lib.blocks(doc.id) if b.kind == "paragraph" and len(b.text) > 12]
            for i, b in enumerate(body[:2]):
                lib.add_annotation(make_annotation(lib.blocks(doc.id), b.id, 2, b.id, 10,
                                                   color="yellow", note="核对" if i else ""))


def test_soak_hundreds_of_opens_keep_the_process_and_none_alive(make_window, data_dir,
                                                                 tmp_path, qtbot):
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtGui import QTextDocument

    _fill(data_dir, tmp_path)
    win = make_window()
    docs = [d.id for d in win.ctx.library.documents()]
    assert docs
    terms = ("发展", "工作", "单位", "市")
    # what earlier tests left (widgets waiting for deleteLater, cyclic garbage) is freed now,
    # not during the loop, where it would lower None's count for a reason of its own
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    before = sys.getrefcount(None)
    opened = 0
    while opened < OPENS:
        for doc_id in docs:
            win.doc_id = None                     # force a fresh render every time
            assert win.open_document(doc_id, query=terms[opened % len(terms)])
            win.reader.go_to_hit(opened)
            assert win.reader.marks, "annotation marks painted"
            win.find_bar.open_bar(terms[(opened + 1) % len(terms)])
            win.reader.next_hit()
            win.find_bar.close_bar()
            win.reader.viewport().repaint()       # paint hits, highlights and note markers
            opened += 1
            if opened >= OPENS:
                break
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert opened >= OPENS
    # the documents replaced in the reader are freed (they once piled up: ~0.9 MB each)
    assert len(win.reader.findChildren(QTextDocument)) <= 2
    # None's count may grow (caches) but must never fall: 6.12.0 loses thousands per open.
    assert sys.getrefcount(None) >= before - 50
