"""Opening a document does only what the first screen needs; the rest comes later, and comes.

The 表格 panel fits its grid (column widths, then row heights a few rows at a time) in later
slices of the event loop, and only while it is shown; citation links and the title's
word breaks are set on the new QTextDocument before the reader shows it, so that opening
far down needs no second layout. (Speed: ``python -m tests.bench.bench_open``.)
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor


def _long_table_doc(lib):
    tables = [t for t in lib.tables() if len(t.rows) > 20]
    assert tables, "the corpus has a long table"
    return max(tables, key=lambda t: len(t.rows))


def test_table_grid_fitted_after_the_open(make_window, qtbot, corpus_library):
    win = make_window()
    lib = win.ctx.library
    table = _long_table_doc(lib)
    win.open_document(table.doc_id)
    win.tables_dock.show()
    win.tables_dock.raise_()
    panel, view = win.tables, win.tables.view
    qtbot.waitUntil(lambda: panel.isVisible())
    pick = next(k for k in range(panel.picker.count())
                if panel.picker.itemData(k) is not None
                and panel.tables[panel.picker.itemData(k)].id == table.id)
    panel.picker.setCurrentIndex(pick)
    assert panel.current_table().id == table.id
    assert panel.fitting()                       # not done inside the call that shows it
    qtbot.waitUntil(lambda: not panel.fitting(), timeout=10000)
    rows = panel.model.rowCount()
    assert rows > 20
    heights = [view.rowHeight(r) for r in range(rows)]
    widths = [view.columnWidth(c) for c in range(panel.model.columnCount())]
    assert sum(widths) <= view.viewport().width()
    # the same as fitting the whole grid at once
    panel.fit_columns()
    assert [view.rowHeight(r) for r in range(rows)] == heights
    assert [view.columnWidth(c) for c in range(panel.model.columnCount())] == widths
    assert any(h > view.verticalHeader().defaultSectionSize() for h in heights)  # cells wrap


def test_closed_table_panel_fits_when_shown(make_window, qtbot, corpus_library):
    win = make_window()
    lib = win.ctx.library
    table = _long_table_doc(lib)
    win.tables_dock.hide()                       # the user closed the 表格 panel
    win.open_document(table.doc_id)
    panel = win.tables
    assert not panel.isVisible() and panel.current_table() is not None
    for _ in range(20):
        qtbot.wait(5)
    assert panel.fitting()                       # nothing done for a panel out of view
    win.tables_dock.show()
    win.tables_dock.raise_()
    qtbot.waitUntil(lambda: not panel.fitting(), timeout=10000)
    view = panel.view
    n = panel.model.columnCount()
    assert sum(view.columnWidth(c) for c in range(n)) <= view.viewport().width()


def test_links_set_before_the_document_is_shown(make_window, qtbot, corpus_library):
    """The links are in the document the reader shows as soon as the open returns, with no
    relayout; a document opened at its last block is laid out and scrolled to it."""
    from core import words
    from gui.views.reader import ReaderView

    words.words("公报")                  # jieba's dictionary: titles break between words
    win = make_window()
    lib = win.ctx.library
    doc = max((d for d in lib.documents() if lib.doc_citations(d.id)),
              key=lambda d: len(lib.blocks(d.id)))
    other = max((d for d in lib.documents() if d.id != doc.id),
                key=lambda d: len(lib.blocks(d.id)))
    win.open_document(other.id)         # a long document open: the scroll bar is shown
    relayouts = []
    original = ReaderView.relayout

    def counting(self):
        relayouts.append(1)
        original(self)

    ReaderView.relayout = counting
    try:
        last = [b for b in lib.blocks(doc.id) if b.kind == "paragraph"][-1]
        win.open_document(doc.id, block_id=last.id)
    finally:
        ReaderView.relayout = original
    links = win.refs.links
    assert links.links and not relayouts
    start, end = links.spans[0]
    cur = QTextCursor(win.reader.document())
    cur.setPosition(start + 1)
    assert cur.charFormat().isAnchor() and cur.charFormat().anchorHref() == "cite:0"
    # the view is at the block: its text is on screen
    reader = win.reader
    pos = reader.position_of(last.id)
    cur.setPosition(pos)
    rect = reader.cursorRect(cur)
    assert 0 <= rect.top() < reader.viewport().height()
    qdoc = reader.document()
    whole = qdoc.clone()
    whole.setTextWidth(qdoc.textWidth())
    assert abs(qdoc.size().height() - whole.size().height()) < 50
    # a font size change builds the document again, its links with it
    n = len(links.links)
    reader.zoom(1)
    assert len(links.links) == n and links._formatted[0] is reader.document()


def test_window_takes_the_gil_back_sooner(gui_app):
    """A job's Python thread hands the GIL back to the GUI thread within 1 ms, not Python's
    default 5 ms (the wait followed each Qt call while a job ran)."""
    import sys

    from gui.app import SWITCH_INTERVAL, make_app

    sys.setswitchinterval(0.005)
    make_app()
    assert sys.getswitchinterval() == SWITCH_INTERVAL < 0.005
