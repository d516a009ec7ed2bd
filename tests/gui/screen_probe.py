"""Run in a child process on a configured offscreen screen (size, scale): open the window on
a data folder as the program does, open a document, save a screenshot and print what fits.

    python tests/gui/screen_probe.py DATA_DIR SETTINGS OUT.png   (QT_QPA_PLATFORM set by caller)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main(data: str, settings: str, out: str) -> int:
    from PySide6.QtCore import QRect

    from gui.app import create_window, make_app

    app, reading = make_app()
    win = create_window(Path(data), Path(settings), reading)
    win.show()
    win.restore_state()
    docs = win.ctx.library.documents()
    doc = max(docs, key=lambda d: len(win.ctx.library.blocks(d.id)))
    win.open_document(doc.id)
    win.tasks_dock.raise_()          # 表格 comes forward for a document with tables only
    win.find_bar.open_bar("数字")
    for _ in range(5):
        app.processEvents()
    free = win.screen().availableGeometry()
    frame = win.frameGeometry()

    def inside(w) -> bool:
        r = QRect(w.mapTo(win, w.rect().topLeft()), w.size())
        return w.isVisible() and win.rect().contains(r)

    report = {
        "screen": [free.width(), free.height()], "dpr": win.devicePixelRatioF(),
        "window": [frame.x(), frame.y(), frame.width(), frame.height()],
        "fits": free.contains(frame),
        "reachable": {name: inside(w) for name, w in (
            ("status", win.statusBar()), ("reader", win.reader), ("tree", win.tree),
            ("tasks", win.tasks_dock), ("find", win.find_bar), ("tabs", win.tabs))},
        "narrow": win.state.narrow, "reader_width": win.reader.width(),
        "saved": win.grab().save(out),
    }
    # a table whose first column has a label spanning rows, in the reader and the panel
    lib = win.ctx.library
    with_spans = [t for t in lib.tables() if t.rows and len({r[0] for r in t.rows}) < len(t.rows)]
    if with_spans:
        table = with_spans[0]
        win.find_bar.close_bar()
        win.open_document(table.doc_id, block_id=table.block_ids[0])
        win.tables_dock.raise_()
        for _ in range(5):
            app.processEvents()
        report["saved_table"] = win.grab().save(out.replace(".png", "-table.png"))
    # 本期概要: the issue's tables and tasks in the side panels
    issue = lib.issues()[0]
    win.tree.clicked.emit(win.tree_model.index_of(issue.id))
    win.tasks_dock.raise_()
    for _ in range(5):
        app.processEvents()
    report["digest_tasks"] = len(win.tasks.model.records)
    report["saved_digest"] = win.grab().save(out.replace(".png", "-digest.png"))
    win.tables_dock.raise_()
    for _ in range(5):
        app.processEvents()
    report["digest_tables"] = len(win.tables.tables)
    report["saved_digest_tables"] = win.grab().save(out.replace(".png", "-digest-tables.png"))
    print(json.dumps(report))
    win.ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
