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
