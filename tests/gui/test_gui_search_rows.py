"""Search results are never clipped: each row is as tall as its HTML laid out at the width the
row is painted at, and the rows grow when the column narrows (review M6)."""

from __future__ import annotations

from conftest_gui import wait_index
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QStyleOptionViewItem

from gui.models.search_results import HTML_ROLE


def rows(view) -> list:
    """Every group row and the hit rows of the expanded groups (top to bottom)."""
    model, out = view.model(), []
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        out.append(group)
        if view.isExpanded(group):
            out += [model.index(h, 0, group) for h in range(model.rowCount(group))]
    return out


def text_height(view, index, width: int) -> float:
    """The height of the row's HTML laid out at ``width`` in the view's font."""
    doc = QTextDocument()
    doc.setDefaultFont(view.font())
    doc.setDocumentMargin(2)
    doc.setHtml(index.data(HTML_ROLE))
    doc.setTextWidth(width)
    return doc.size().height()


def clipped(view) -> list[str]:
    """The rows whose painted rectangle is lower than their text (what a user sees cut)."""
    out = []
    for index in rows(view):
        rect = view.visualRect(index)
        if rect.height() < text_height(view, index, rect.width()):
            out.append(f"{rect.width()}×{rect.height()} {index.data()[:30]}")
    return out


def search(qtbot, win, query: str):
    win.search_dock.raise_()
    with qtbot.waitSignal(win.search.searched, timeout=60000) as got:
        win.search.run_search(query)
    return got.args[0]


def test_rows_fit_their_text_and_grow_when_narrowed(make_window, qtbot, corpus_library):
    win = make_window()
    wait_index(qtbot, win)
    results = search(qtbot, win, "市财政局")
    assert results.total_hits > 0
    view = win.search.view
    view.expandAll()                    # only the first document's hits open by themselves
    qtbot.waitUntil(lambda: view.visualRect(view.model().index(0, 0)).height() > 0, timeout=30000)
    assert clipped(view) == []
    delegate = view.itemDelegate()
    hits = [i for i in rows(view) if i.parent().isValid()]
    hit = max(hits, key=lambda i: text_height(view, i, view.visualRect(i).width()))
    # the size hint of a multi-line snippet is its height at the width it is painted at
    width = view.visualRect(hit).width()
    assert text_height(view, hit, width) > 2 * view.fontMetrics().height()   # several lines
    option = QStyleOptionViewItem()         # as Qt asks: no usable rect, the view's font
    option.font = view.font()
    assert delegate.sizeHint(option, hit).height() >= text_height(view, hit, width)
    before = view.visualRect(hit).height()
    # narrow the 检索 dock: the rows are laid out again, taller, still not clipped
    win.resizeDocks([win.search_dock], [200], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: view.visualRect(hit).width() < width, timeout=30000)
    narrow = view.visualRect(hit).width()
    assert delegate.sizeHint(option, hit).height() >= text_height(view, hit, narrow)
    qtbot.waitUntil(lambda: view.visualRect(hit).height() > before, timeout=30000)
    assert clipped(view) == []
