"""The window loads the search index's per-document table while it is being built, so that a
query typed as soon as it shows does not wait for it (issue 12: the first search < 0.5 s after
show, measured by ``python -m tests.bench.bench_gui --first-search``)."""

from __future__ import annotations

from tests.fixtures.search_library import small_parsed


def test_index_is_warm_before_any_search_or_index_check(make_window, qtbot, library, data_dir):
    from index import open_index
    from index.search import SearchIndex

    for parsed in small_parsed():
        library.import_issue(parsed)
    idx = open_index(data_dir / "index")
    idx.rebuild(library)
    idx.close()                                  # nothing loaded: as in a fresh process
    assert idx._view is None
    warmed = []
    real = SearchIndex.warm

    def warm(self, *args, **kwargs):
        real(self, *args, **kwargs)
        warmed.append(self.dir)

    SearchIndex.warm = warm
    try:
        win = make_window()                      # shown; check_index not called
        qtbot.waitUntil(lambda: bool(warmed), timeout=60000)
    finally:
        SearchIndex.warm = real
    assert win.index_job is None
    assert open_index(data_dir / "index")._view is not None
    with qtbot.waitSignal(win.search.searched, timeout=60000) as got:
        win.search.run_search("责任单位")
    assert got.args[0].groups


def test_window_on_a_folder_without_index_opens_without_a_message(make_window, qtbot,
                                                                   monkeypatch):
    import gui.ops as ops

    reported = []
    monkeypatch.setattr(ops, "report_error", lambda *a, **k: reported.append(a))
    win = make_window()
    qtbot.waitUntil(lambda: "预热检索索引" not in win.ctx.jobs.running("reader"), timeout=60000)
    assert reported == []


def test_postings_damaged_past_an_intact_table_are_rebuilt_by_the_index_check(
        make_window, qtbot, library, data_dir, monkeypatch):
    import gui.ops as ops
    from index import open_index
    from tests.gui.conftest_gui import wait_index

    for parsed in small_parsed():
        library.import_issue(parsed)
    idx = open_index(data_dir / "index")
    idx.rebuild(library)
    idx.close()
    for part in (data_dir / "index").iterdir():     # overwritten in place: opens, reads garbage
        if part.name.endswith(".pst"):
            part.write_bytes(b"\x00" * part.stat().st_size)
    reported = []
    monkeypatch.setattr(ops, "report_error", lambda *a, **k: reported.append(a))
    win = make_window()
    qtbot.waitUntil(lambda: "预热检索索引" not in win.ctx.jobs.running("reader"), timeout=60000)
    wait_index(qtbot, win)
    assert win.index_label.text() == "检索索引已重建" and reported == []
    with qtbot.waitSignal(win.search.searched, timeout=60000) as got:
        win.search.run_search("责任单位")
    assert got.args[0].groups
