"""The search panel shows an estimated total (约 N) for a page it did not verify whole, then
counts the totals exactly in the background and shows the exact figures (issue 12)."""

from __future__ import annotations

from conftest_gui import wait_index

from index.textmatch import normalize
from tests.fixtures.search_library import make_issue


def test_estimate_is_replaced_by_the_exact_count(make_window, qtbot, library, monkeypatch):
    import gui.panels.search as search_panel
    import index.search as search_module

    for k in (1, 2):
        library.import_issue(make_issue("江州市人民政府公报", 2023, k, [
            {"title": f"关于第{k}期第{d}项工作的通知",
             "blocks": [("paragraph", f"推动数字经济发展，第{d}项任务。"),
                        ("paragraph", "数字经济企业优先。" if d % 3 == 0 else "其他事项。")]}
            for d in range(1, 10)]))
    # documents holding the bigrams of 数字经济 apart: candidates the text refutes
    library.import_issue(make_issue("江州市人民政府公报", 2023, 3, [
        {"title": f"关于第3期第{d}项工作的通知",
         "blocks": [("paragraph", "推进数字化转型。" * 8), ("paragraph", "文字经过审定。"),
                    ("paragraph", "经济稳定增长。")]} for d in range(1, 10)]))
    truth_docs, truth_hits = 0, 0        # a plain scan of every block
    for doc in library.documents():
        holding = sum(1 for b in library.blocks(doc.id) if "数字经济" in normalize(b.text))
        truth_docs += bool(holding)
        truth_hits += holding
    monkeypatch.setattr(search_panel, "PAGE", 4)
    monkeypatch.setattr(search_module, "EXACT_BUDGET", 0)     # the page estimates its totals
    win = make_window()
    wait_index(qtbot, win)
    panel = win.search
    with qtbot.waitSignal(panel.searched, timeout=60000) as got:
        panel.run_search("数字经济")
    first = got.args[0]
    assert not first.total_exact
    assert f"约 {first.total_docs} 份文件" in panel.summary.text()
    assert (first.total_docs, first.total_hits) != (truth_docs, truth_hits)
    assert panel.count_job is not None
    qtbot.waitUntil(lambda: panel.count_job is None, timeout=60000)
    text = panel.summary.text()
    assert "约" not in text and "正在精确计数" not in text
    assert f"{truth_docs} 份文件，{truth_hits} 段" in text
    # the next page keeps the exact figures; paging runs to the exact end
    job = panel.fetch_more()
    assert job is not None
    qtbot.waitUntil(lambda: panel.page_job is None, timeout=60000)
    assert len(panel.model.groups) == 8
    assert f"{truth_docs} 份文件，{truth_hits} 段" in panel.summary.text()
    # a new search cancels a count still running and starts its own
    with qtbot.waitSignal(panel.searched, timeout=60000):
        panel.run_search("数字经济 优先")
    qtbot.waitUntil(lambda: panel.count_job is None, timeout=60000)
    assert "约" not in panel.summary.text()
