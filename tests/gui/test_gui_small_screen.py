"""The side panels on a 1280×720 screen: the 责任分工 list leaves its 任务 column room to read,
and the search panel's 发文机关 box shows its placeholder whole."""

from __future__ import annotations

from conftest_gui import wait_index

SMALL = (1280, 720)


def laid_out(view) -> bool:
    """The list's row numbers and scroll bar are placed (after a delayed layout): its
    viewport has the width they leave."""
    bar, numbers = view.verticalScrollBar(), view.verticalHeader()
    side = numbers.width() + (bar.width() if bar.isVisible() else 0)
    return (numbers.width() > 0
            and bar.isVisible() == (numbers.length() > view.viewport().height())
            and view.viewport().width() + side + 2 * view.frameWidth() == view.width())


def test_task_column_is_readable_at_1280x720(make_window, qtbot, corpus_library):
    """The 任务 column takes half of the list or more, and is its widest; 时限 is shown only
    when a listed task has one (it took a fixed width, empty, from the 任务 column, which had
    some eight characters a line, as narrow as 牵头单位: 38 % of the list)."""
    lib = corpus_library
    win = make_window()
    win.resize(*SMALL)
    wait_index(qtbot, win)
    win.tasks_dock.raise_()
    view = win.tasks.view
    docs = [d for d in lib.documents() if lib.tasks(d.id)]
    assert any(not any(t.deadline_text for t in lib.tasks(d.id)) for d in docs)
    for d in docs:
        count = len(lib.tasks(d.id))
        win.open_document(d.id)
        qtbot.waitUntil(lambda n=count: win.tasks.model.rowCount() == n)
        qtbot.waitUntil(lambda: laid_out(view))
        shown = [c for c in range(win.tasks.model.columnCount()) if not view.isColumnHidden(c)]
        widths = {c: view.columnWidth(c) for c in shown}
        assert widths[0] >= view.viewport().width() / 2, (d.id, widths)
        assert widths[0] == max(widths.values()), (d.id, widths)
        assert view.isColumnHidden(3) == (not any(t.deadline_text for t in lib.tasks(d.id)))


def test_issuer_placeholder_is_not_clipped_at_1280x720(make_window, qtbot):
    win = make_window()
    win.resize(*SMALL)
    win.search_dock.show()
    win.search_dock.raise_()
    qtbot.waitUntil(lambda: win.search.isVisible())
    edit = win.search.issuer.lineEdit()
    assert edit.placeholderText()
    # QLineEdit keeps 2 px of margin on each side of its text
    needed = edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 4
    assert needed <= edit.contentsRect().width(), (edit.placeholderText(), edit.width())
