"""One click on a search hit opens its document at the hit, as one click on a tree row does
(with Fusion's style a list only activates on a double click)."""

from __future__ import annotations

from conftest_gui import import_and_wait, wait_index
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.models import DOC_ROLE


def test_one_click_on_a_hit_opens_its_document(make_window, qtbot, lincheng_files):
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    wait_index(qtbot, win)
    win.search_dock.raise_()
    with qtbot.waitSignal(win.search.searched, timeout=60000):
        win.search.run_search("数字经济")
    view, model = win.search.view, win.search.view.model()
    group = model.index(0, 0)
    view.expand(group)
    hit = model.index(0, 0, group)
    assert hit.isValid()
    qtbot.waitUntil(lambda: view.visualRect(hit).height() > 0)
    assert win.doc_id != hit.data(DOC_ROLE)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(hit).center())
    qtbot.waitUntil(lambda: win.doc_id == hit.data(DOC_ROLE), timeout=30000)


def test_the_panel_and_the_reader_count_in_their_own_units(make_window, qtbot, library):
    """The panel counts the paragraphs that hold the query, the reader (F3) every occurrence:
    both said 处, so a clerk read “151 处” in the list and “第 7 / 596 处” in the same document.
    The panel says 段 now; 处 is the reader's."""
    import re

    from tests.fixtures.search_library import make_issue

    library.import_issue(make_issue("江州市人民政府公报", 2023, 1, [
        {"title": "关于推动数字经济发展的通知",
         "blocks": [("paragraph", "数字经济是重点，数字经济企业优先，数字经济人才引进。"),
                    ("paragraph", "其他事项。"),
                    ("paragraph", "发展数字经济。")]}]))
    win = make_window()
    wait_index(qtbot, win)
    with qtbot.waitSignal(win.search.searched, timeout=60000) as got:
        win.search.run_search("数字经济")
    (group,) = got.args[0].groups
    row = win.search.view.model().index(0, 0)
    texts = [win.search.summary.text(), row.data()]
    hit = win.search.view.model().index(0, 0, row)
    win.search.activate(hit)
    qtbot.waitUntil(lambda: win.doc_id == group.doc_id)
    occurrences = len(win.reader.hits)
    assert occurrences > group.hit_count           # the two counts differ here
    assert f"（{group.hit_count} 段" in row.data()
    for text in texts:                              # no 处 in the panel but the reader's
        assert all(int(n) == occurrences for n in re.findall(r"(\d+) 处", text)), text
    win.next_hit()
    assert win.statusBar().currentMessage().endswith(f" / {occurrences} 处")


def test_the_results_follow_f3_into_the_next_document(make_window, qtbot, library):
    """F3 past a document's last hit opens the next document of the results (the status bar
    says so); the results list stayed on the first document, so the clerk lost their place
    in it. The row of the document F3 reached is now the current one (back with Shift+F3)."""
    from tests.fixtures.search_library import make_issue

    library.import_issue(make_issue("江州市人民政府公报", 2023, 1, [
        {"title": f"关于第{d}项营商环境工作的通知",
         "blocks": [("paragraph", f"优化营商环境第{d}项。"), ("paragraph", "其他事项。")]}
        for d in range(1, 4)]))
    win = make_window()
    wait_index(qtbot, win)
    with qtbot.waitSignal(win.search.searched, timeout=60000) as got:
        win.search.run_search("营商环境")
    groups = got.args[0].groups
    assert len(groups) == 3
    view = win.search.view
    win.search.activate(view.model().index(0, 0))
    qtbot.waitUntil(lambda: win.doc_id == groups[0].doc_id)
    while win.doc_id == groups[0].doc_id:
        win.next_hit()
    assert win.doc_id == groups[1].doc_id
    assert view.currentIndex().data(DOC_ROLE) == groups[1].doc_id
    assert view.currentIndex().parent().isValid() is False        # the document's row
    win.previous_hit()
    assert win.doc_id == groups[0].doc_id
    assert view.currentIndex().data(DOC_ROLE) == groups[0].doc_id
