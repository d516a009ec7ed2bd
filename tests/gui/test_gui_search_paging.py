"""The search panel asks for one page of documents and loads the next when scrolled to the
end (issue 12: the cost of a search is bounded by what is shown)."""

from __future__ import annotations

from conftest_gui import wait_index

from tests.fixtures.search_library import make_issue


def test_results_come_a_page_at_a_time(make_window, qtbot, library, monkeypatch):
    import gui.panels.search as search_panel

    for k in range(1, 4):
        library.import_issue(make_issue("江州市人民政府公报", 2023, k, [
            {"title": f"关于第{k}期第{d}项工作的通知",
             "blocks": [("paragraph", f"推动数字经济发展，第{d}项任务。")]} for d in range(1, 10)]))
    monkeypatch.setattr(search_panel, "PAGE", 10)
    win = make_window()
    wait_index(qtbot, win)
    panel = win.search
    with qtbot.waitSignal(panel.searched, timeout=60000) as got:
        panel.run_search("数字经济")
    assert got.args[0].total_docs == 27
    assert len(panel.model.groups) == 10
    assert "已显示 10 份" in panel.summary.text()
    # scrolling to the end asks for the next page, until every document is listed
    while panel.has_more():
        before = len(panel.model.groups)
        bar = panel.view.verticalScrollBar()
        if bar.maximum() > 0:
            bar.setValue(bar.maximum())
        job = panel.page_job or panel.fetch_more()
        assert job is not None
        qtbot.waitUntil(lambda n=before: len(panel.model.groups) > n, timeout=60000)
    ids = [g.doc_id for g in panel.model.groups]
    assert len(ids) == len(set(ids)) == 27
    assert "已显示" not in panel.summary.text()
    assert all(g.hits and g.hit_count == len(g.hits) for g in panel.model.groups)


def test_a_result_shows_its_first_hits_and_the_rest_on_request(make_window, qtbot, library,
                                                               qtmodeltester):
    """A page builds the first HITS hits of each document (the cost of a search bounded by
    what is shown); the row 还有 N 处 builds the rest, in reading order, as a plain search
    of the whole document would."""
    from PySide6.QtCore import Qt

    import gui.panels.search as search_panel
    from gui.models import BLOCK_ROLE, KIND_ROLE

    n = search_panel.HITS + 7
    library.import_issue(make_issue("江州市人民政府公报", 2023, 1, [
        {"title": "关于推进数字经济的意见",
         "blocks": [("paragraph", f"第{i}条 推动数字经济发展。") for i in range(1, n + 1)]},
        {"title": "关于另一项工作的通知", "blocks": [("paragraph", "数字经济。")]}]))
    win = make_window()
    wait_index(qtbot, win)
    panel = win.search
    with qtbot.waitSignal(panel.searched, timeout=60000):
        panel.run_search("数字经济")
    model, view = panel.model, panel.view
    qtmodeltester.check(model)
    group = model.index(0, 0)
    assert model.groups[0].hit_count == n + 1          # the title holds it too
    n += 1
    assert model.rowCount(group) == search_panel.HITS + 1
    more = model.index(search_panel.HITS, 0, group)
    assert more.data(KIND_ROLE) == "more" and f"还有 {n - search_panel.HITS} 段" in more.data()
    assert model.rowCount(model.index(1, 0)) == 1          # all shown: no 还有 row
    # Enter on 还有 N 处 builds the rest
    view.setFocus()
    view.setCurrentIndex(more)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.rowCount(model.index(0, 0)) == n, timeout=60000)
    qtmodeltester.check(model)
    group = model.index(0, 0)
    rows = [model.index(r, 0, group) for r in range(n)]
    assert all(r.data(KIND_ROLE) == "hit" for r in rows)
    from index import open_index

    full = open_index(win.ctx.index_dir).search(library, "数字经济")
    assert [r.data(BLOCK_ROLE) for r in rows] == [h.block_id for h in full.groups[0].hits]
