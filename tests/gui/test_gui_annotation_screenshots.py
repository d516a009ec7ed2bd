"""Screenshots of annotations and export at 1366×768 (tests/output/screenshots/10-…12-), on
the real corpus: the reader with highlights and note markers, the 批注 panel in 全部 mode,
the export dialog and the print preview over the window."""

from __future__ import annotations

from conftest_gui import SIZE, settle, shot
from PySide6.QtCore import QPoint
from PySide6.QtGui import QPainter, QTextCursor

NOTES = ["我局牵头，6月底前报送", "需与市财政局会商后报分管领导", ""]
COLORS = ["yellow", "green", "red", "blue"]


def composite(win, dialog, output_dir, name: str):
    """The window with a dialog drawn over its centre (dialogs are top-level widgets)."""
    image = win.grab()
    pix = dialog.grab()
    painter = QPainter(image)
    painter.drawPixmap(QPoint((image.width() - pix.width()) // 2,
                              (image.height() - pix.height()) // 2), pix)
    painter.end()
    folder = output_dir / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    assert image.save(str(path))
    return path


def select_range(reader, start: int, end: int) -> None:
    cur = QTextCursor(reader.document())
    cur.setPosition(start)
    cur.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cur)


def test_screenshots_annotations(make_window, qtbot, corpus_library, output_dir):
    lib = corpus_library
    win = make_window()
    docs = lib.documents()
    doc = max(docs, key=lambda d: sum(1 for b in lib.blocks(d.id) if b.kind == "paragraph"))
    win.open_document(doc.id)
    reader = win.reader
    paras = [b for b in reader.data.blocks if b.kind == "paragraph" and len(b.text) > 60][:4]
    made = []
    for i, b in enumerate(paras):
        s = reader.position_of(b.id, 6 + 3 * i)
        select_range(reader, s, s + 18 + 4 * i)
        made.append(win.annotator.highlight(COLORS[i], note=NOTES[i % len(NOTES)]))
    settle(qtbot, win)
    assert all(made) and len(lib.annotations(doc.id)) == 4
    win.annotations_dock.raise_()
    win.open_annotation(made[0].id)
    reader.verticalScrollBar().setValue(max(0, reader.verticalScrollBar().value() - 120))
    assert [m.number for m in reader.note_markers] == [1, 2, 3]
    assert win.annotations.model.rowCount() == 4
    assert (win.width(), win.height()) == SIZE
    shot(win, output_dir, "10-reader-annotations")
    # another document annotated, then 全部 mode with a filter
    other = next(d for d in docs if d.id != doc.id and len(lib.blocks(d.id)) > 5)
    win.open_document(other.id)
    b = next(b for b in reader.data.blocks if b.kind == "paragraph" and len(b.text) > 30)
    s = reader.position_of(b.id, 2)
    select_range(reader, s, s + 20)
    win.annotator.highlight("yellow", note="转发各县区参照执行")
    settle(qtbot, win)
    win.open_document(doc.id)
    win.annotations.show_all()
    assert win.annotations.model.rowCount() == 5
    shot(win, output_dir, "11-annotations-all")
    # the export dialog over the window, then the print preview of the same PDF
    dlg = win.export_pdf([doc.id, other.id])
    dlg.annotated_only.setChecked(True)
    qtbot.waitUntil(lambda: dlg.windowHandle() is not None and dlg.windowHandle().isExposed(),
                    timeout=30000)
    composite(win, dlg, output_dir, "12-export-dialog")
    got = []
    dlg.open_preview = got.append
    with qtbot.waitSignal(dlg.previewReady, timeout=60000):
        dlg.preview()
    from gui.printing import make_preview

    preview = make_preview(win, got[0], doc.title)
    preview.resize(1000, 700)
    preview.show()
    qtbot.waitUntil(lambda: preview.painted > 0, timeout=30000)
    composite(win, preview, output_dir, "12-print-preview")
    preview.close()
