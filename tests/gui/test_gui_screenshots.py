"""Screenshots of the main states at 1366×768 (tests/output/screenshots/), on the real corpus."""

from __future__ import annotations

from conftest_gui import SIZE, shot, wait_index
from test_gui_search_rows import clipped


def test_screenshot_welcome(make_window, output_dir):
    """An empty library opens on the welcome page, which offers the import and is painted."""
    from PySide6.QtGui import QImage

    from gui.welcome import EMPTY_TEXT

    win = make_window()
    assert (win.width(), win.height()) == SIZE
    assert win.stack.currentWidget() is win.welcome and win.welcome.isVisible()
    assert win.welcome.title.text() == "欢迎使用公报阅读器"
    assert win.welcome.text.text() == EMPTY_TEXT and win.welcome.button.text() == "导入公报…"
    image = QImage(str(shot(win, output_dir, "01-welcome")))
    assert (image.width(), image.height()) == (win.width(), win.height())
    # not a blank grab: the page's text is painted in more than one colour
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 5


def test_screenshots_corpus(make_window, qtbot, corpus_library, output_dir):
    lib = corpus_library
    win = make_window()
    wait_index(qtbot, win)
    assert win.index_label.text() in ("检索索引已重建", "检索索引就绪")
    # document open, with its tables
    docs = lib.documents()
    with_tables = max(docs, key=lambda d: len(lib.tables(d.id)))
    win.open_document(with_tables.id)
    win.tables_dock.raise_()
    assert win.tables.picker.count() == len(lib.tables(with_tables.id))
    assert win.tables.model.rowCount() > 0
    shot(win, output_dir, "02-document-tables")
    # a table further down, shown in the reader
    win.tables.picker.setCurrentIndex(min(3, win.tables.picker.count() - 1))
    win.tables.show_btn.click()
    shot(win, output_dir, "03-table-in-reader")
    # the responsibility list of the document with most tasks, then one unit
    with_tasks = max(docs, key=lambda d: len(lib.tasks(d.id)))
    win.open_document(with_tasks.id)
    win.tasks_dock.raise_()
    assert win.tasks.model.rowCount() == len(lib.tasks(with_tasks.id))
    shot(win, output_dir, "04-tasks-document")
    unit = lib.units()[0].canonical
    win.tasks.show_unit(unit)
    assert win.tasks.model.rowCount() == len(lib.tasks_for_unit(unit))
    shot(win, output_dir, "05-tasks-unit")
    # library search, then the first hit opened
    win.search_dock.raise_()
    with qtbot.waitSignal(win.search.searched, timeout=60000) as got:
        win.search.run_search("市财政局")
    results = got.args[0]
    assert results.total_hits > 0
    qtbot.waitUntil(lambda: win.search.view.visualRect(win.search.model.index(0, 0)).height() > 0,
                    timeout=30000)
    assert clipped(win.search.view) == []
    shot(win, output_dir, "06-search-results")
    group = win.search.model.index(0, 0)
    win.search.activate(win.search.model.index(0, 0, group))
    assert win.reader.textCursor().selectedText() == "市财政局"
    shot(win, output_dir, "07-search-hit-open")
    win.find_bar.open_bar("应急")
    shot(win, output_dir, "08-find-bar")
