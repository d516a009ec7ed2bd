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
