"""Readers and writers of the index together (issue 12): a search during an import, a merge
or a rebuild returns results from the last committed index, and imports never rebuild."""

from __future__ import annotations

import threading

from core.store import Library
from index import build
from index.search import IndexUnavailable, SearchIndex
from tests.fixtures.search_library import make_issue, search_snapshot


def _issue(k: int):
    return make_issue("江州市人民政府公报", 2022, k, [
        {"title": f"关于第{k}批数字经济项目的通知", "doc_no": f"江政〔2022〕{k} 号",
         "blocks": [("paragraph", f"第{k}批项目推动数字经济发展。"),
                    ("heading", "一、工作要求"),
                    ("paragraph", "各单位落实专精特新政策。")]},
        {"title": f"关于第{k}次会议的决定", "blocks": [("paragraph", "会议研究城市化发展。")]}])


def _snapshot(idx: SearchIndex, lib) -> dict:
    return search_snapshot(idx, lib, ("数字经济", "专精特新", "城市化发展", "江政〔2022〕7号",
                                      "工作要求 项目"))


def test_searches_while_importing_merging_and_rebuilding(small_index, small_library, data_dir):
    errors: list[str] = []
    counts: list[tuple[str, int]] = []
    at_least = {"数字经济": 3, "江政〔2023〕14号": 2, "专精特新 -规划": 0}
    done = threading.Event()

    def searcher():
        with Library(small_library.path) as lib:
            idx = SearchIndex(data_dir / "index")      # as another process would
            while not done.is_set():
                for q in at_least:
                    try:
                        res = small_index.search(lib, q, limit=5)
                        other = idx.search(lib, q, limit=5)
                        counts.append((q, min(res.total_docs, other.total_docs)))
                    except Exception as e:  # noqa: BLE001 - the test reports it
                        errors.append(repr(e))

    thread = threading.Thread(target=searcher)
    thread.start()
    try:
        with Library(small_library.path) as lib:
            for k in range(1, 13):
                lib.import_issue(_issue(k))
                small_index.add_issue(lib, _issue(k).issue.id)
                if k == 6:
                    small_index.rebuild(lib)
                if k == 9:
                    lib.remove_issue(_issue(3).issue.id)
                    small_index.remove_issue(_issue(3).issue.id)
            small_index.merge()
            small_index.rebuild(lib)
            lib.import_issue(_issue(20))
            small_index.add_issue(lib, _issue(20).issue.id)
    finally:
        done.set()
        thread.join()
    assert errors == []
    assert counts and all(n >= at_least[q] for q, n in counts)   # the documents were found
    incremental = _snapshot(small_index, small_library)
    fresh = SearchIndex(data_dir / "fresh")
    fresh.rebuild(small_library)
    assert _snapshot(fresh, small_library) == incremental
    assert incremental["数字经济"][0] == 3 + 12            # 3 + issues 1-12 without 3, + 20


def test_importing_25_issues_one_by_one_never_rebuilds(small_index, small_library, data_dir,
                                                        monkeypatch):
    def no_rebuild(*a, **k):
        raise AssertionError("a full rebuild ran")

    monkeypatch.setattr(build, "build_fresh", no_rebuild)
    for k in range(1, 26):
        small_library.import_issue(_issue(k))
        small_index.add_issue(small_library, _issue(k).issue.id)
        small_index.open_or_rebuild(small_library)       # what a search or the window does
        assert small_index.search(small_library, f"第{k}批").total_docs == 1
    # segments were merged in tiers as they accumulated (never the whole index)
    sizes = small_index.segment_sizes()
    assert len(sizes) < 10
    assert small_index.search(small_library, "数字经济").total_docs == 3 + 25
    assert not small_index.needs_rebuild(small_library)


def test_a_search_catches_up_with_issues_added_by_another_process(small_index, small_library,
                                                                   monkeypatch):
    """An issue in the library but not yet in the index is added, never a full rebuild."""
    monkeypatch.setattr(build, "build_fresh", lambda *a, **k: (_ for _ in ()).throw(
        AssertionError("a full rebuild ran")))
    small_library.import_issue(_issue(1))
    assert small_index.needs_rebuild(small_library)
    assert small_index.open_or_rebuild(small_library) is False
    assert small_index.search(small_library, "第1批").total_docs == 1


def test_merge_plan_merges_one_tier_at_a_time():
    assert build.merge_plan([11] * 5) == []
    assert build.merge_plan([11] * 6) == [0, 1, 2, 3, 4, 5]
    assert build.merge_plan([66, 66, 11, 66, 66]) == []
    assert build.merge_plan([66] * 5 + [11]) == [0, 1, 2, 3, 4, 5]
    assert build.merge_plan([400, 11, 11]) == []


def test_a_search_in_the_instant_of_the_swap_waits_and_reads_the_new_index(
        small_index, small_library, data_dir, monkeypatch):
    """A rebuild moves the old folder aside, then moves the new one in; a search (of another
    process's SearchIndex) that looks in between finds no folder. It waits for the writer's
    lock and reads the new index instead of failing."""
    small_library.import_issue(_issue(1))
    small_index.add_issue(small_library, _issue(1).issue.id)
    index_dir = data_dir / "index"
    fresh = data_dir / "index.new-test"
    build.build_fresh(small_library, fresh)           # the next index, ready to swap in
    waiting, swapped = threading.Event(), threading.Event()
    real_wait = build.wait_for_swap

    def observed_wait(path):
        waiting.set()                                 # the search saw the missing folder
        real_wait(path)

    monkeypatch.setattr(build, "wait_for_swap", observed_wait)

    def writer():
        with build.index_lock(index_dir):
            index_dir.rename(data_dir / "index.old-test")
            swapped.set()
            assert waiting.wait(60)                   # hold the swap open until then
            fresh.rename(index_dir)
            build.remove_tree(data_dir / "index.old-test")

    thread = threading.Thread(target=writer)
    thread.start()
    assert swapped.wait(60)
    try:
        res = SearchIndex(index_dir).search(small_library, "数字经济")
    finally:
        waiting.set()
        thread.join()
    assert res.total_docs == 3 + 1
    assert {g.doc_id for g in res.groups} >= {d.id for d in _issue(1).documents[:1]}


def test_a_missing_index_without_a_swap_still_says_so(small_index, small_library, data_dir):
    build.remove_tree(data_dir / "index")
    try:
        SearchIndex(data_dir / "index").search(small_library, "数字经济")
    except IndexUnavailable as e:
        assert "reindex" in str(e)
    else:
        raise AssertionError("a search without an index must say the index is missing")
