"""With documents in the library and none open, the window shows the library's summary and
how to go on, not an empty page (review minor 9)."""

from __future__ import annotations

from conftest_gui import SIZE, shot
from PySide6.QtCore import Qt


def test_summary_page_when_no_document_is_open(make_window, qtbot, corpus_library,
                                               output_dir):
    st = corpus_library.stats()
    win = make_window()
    assert st.documents > 0 and win.doc_id is None
    assert win.stack.currentWidget() is win.welcome
    text = win.welcome.text.text()
    assert f"公报 {st.issues} 期、文件 {st.documents} 份" in text
    assert corpus_library.issues()[0].label in text
    assert "Ctrl+Shift+F" in text and "点选一份文件" in text
    assert win.welcome.latest_button.isVisible() and win.welcome.search_button.isVisible()
    assert win.welcome.button.text() == "导入更多公报…"
    assert (win.width(), win.height()) == SIZE
    shot(win, output_dir, "09-start-summary")
    # 检索全部公报: the search dock, the query focused
    qtbot.mouseClick(win.welcome.search_button, Qt.MouseButton.LeftButton)
    assert win.search_dock.isVisible()
    qtbot.waitUntil(lambda: win.search.query.hasFocus(), timeout=30000)
    # 阅读最新一期: the newest issue's first document, in the reader
    qtbot.mouseClick(win.welcome.latest_button, Qt.MouseButton.LeftButton)
    newest = corpus_library.issues()[0]
    assert win.doc_id == corpus_library.documents(newest.id)[0].id
    assert win.stack.currentIndex() == 1 and win.reader.toPlainText()
    # the open issue removed: back to the start page, now an invitation to import
    job = win.remove_issue(newest.id)
    assert win.stack.currentWidget() is win.welcome and win.doc_id is None
    qtbot.waitUntil(lambda: job not in win.ctx.jobs._alive, timeout=30000)
    assert win.stack.currentWidget() is win.welcome
    assert win.welcome.button.text() == "导入公报…"
    assert not win.welcome.latest_button.isVisible()
    assert "资料库还是空的" in win.welcome.text.text()


def test_restart_reopens_the_last_document(make_window, qtbot, corpus_library):
    win = make_window()
    win.open_latest()
    doc_id = win.doc_id
    win.close()
    again = make_window(restore=True)
    assert again.doc_id == doc_id and again.stack.currentIndex() == 1
