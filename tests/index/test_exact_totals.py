"""``SearchIndex.exact_totals``: the exact totals of a search whose page only estimates them
(``total_exact`` false), counted in batches and cancellable — equal to a plain scan."""

from __future__ import annotations

import threading

import pytest

import index.search as search_module
from core.errors import Cancelled
from index import exact_totals_with_status
from index.search import SearchIndex
from index.textmatch import normalize
from tests.fixtures.search_library import make_issue


def scan_totals(library, terms: list[str], all_of: list[str] | None = None) -> tuple[int, int]:
    """Documents holding every string of ``all_of`` (default: ``terms``), and their blocks
    holding any of ``terms`` — by a plain substring scan of every block."""
    docs = hits = 0
    for doc in library.documents():
        texts = [normalize(b.text) for b in library.blocks(doc.id)]
        if not all(any(t in x for x in texts) for t in (terms if all_of is None else all_of)):
            continue
        holding = sum(1 for x in texts if any(t in x for t in terms))
        if holding:
            docs += 1
            hits += holding
    return docs, hits


@pytest.fixture
def estimated(monkeypatch):
    """Pages estimate their totals as soon as anything is left unverified."""
    monkeypatch.setattr(search_module, "EXACT_BUDGET", 0)


@pytest.fixture
def decoy_library(library):
    """18 documents holding 数字经济 and 9 that hold its bigrams apart (candidates of the
    index that the text refutes): a page's estimate is off, the exact count is not."""
    for k in (1, 2):
        library.import_issue(make_issue("江州市人民政府公报", 2023, k, [
            {"title": f"关于第{k}期第{d}项工作的通知",
             "blocks": [("paragraph", f"推动数字经济发展，第{d}项任务。"),
                        ("paragraph", "数字经济企业优先。" if d % 3 == 0 else "其他事项。")]}
            for d in range(1, 10)]))
    library.import_issue(make_issue("江州市人民政府公报", 2023, 3, [
        {"title": f"关于第3期第{d}项工作的通知",
         "blocks": [("paragraph", "推进数字化转型。" * 8), ("paragraph", "文字经过审定。"),
                    ("paragraph", "经济稳定增长。")]} for d in range(1, 10)]))
    return library


def test_exact_totals_replace_the_estimate(decoy_library, data_dir, estimated):
    idx = SearchIndex(data_dir / "index")
    idx.rebuild(decoy_library)
    page = idx.search(decoy_library, "数字经济", limit=2, max_hits=1)
    assert not page.total_exact
    truth = scan_totals(decoy_library, ["数字经济"])
    assert truth == (18, 24)
    assert (page.total_docs, page.total_hits) != truth        # the estimate is off here
    assert tuple(idx.exact_totals(decoy_library, "数字经济")) == truth
    # the same figures through the status-aware entry point the window and CLI use
    assert tuple(exact_totals_with_status(idx, decoy_library, "数字经济")) == truth
    idx.close()


@pytest.mark.parametrize("query, terms, all_of", [
    ("数字经济", ["数字经济"], None),
    ("数字经济 专精特新", ["数字经济", "专精特新"], None),
    ("专精特新 OR 免申即享", ["专精特新", "免申即享"], []),
    ("化发展", ["化发展"], None),
    ("局", ["局"], None),
])
def test_exact_totals_equal_a_plain_scan(small_index, small_library, query, terms, all_of,
                                         estimated):
    truth = scan_totals(small_library, terms, all_of)
    assert tuple(small_index.exact_totals(small_library, query)) == truth
    # a search that verifies everything (no limit) agrees
    whole = small_index.search(small_library, query)
    assert whole.total_exact and (whole.total_docs, whole.total_hits) == truth


def test_exact_totals_honour_filters_and_exclusions(small_index, small_library):
    for query, kwargs in [("数字经济", {"year": 2024}), ("数字经济 -规划", {}),
                          ("专精特新", {"doc_type": "意见"}), ("数字经济", {"issuer": "办公室"}),
                          ("江政[2023]14号", {}), ("不存在的词", {}), ("", {})]:
        whole = small_index.search(small_library, query, **kwargs)
        totals = small_index.exact_totals(small_library, query, **kwargs)
        assert tuple(totals) == (whole.total_docs, whole.total_hits), (query, kwargs)


def test_exact_totals_read_in_batches_and_can_be_cancelled(decoy_library, data_dir,
                                                           monkeypatch):
    idx = SearchIndex(data_dir / "index")
    idx.rebuild(decoy_library)
    monkeypatch.setattr(search_module, "COUNT_BATCH", 1)       # one document at a time
    seen: list[tuple[int, int]] = []
    totals = idx.exact_totals(decoy_library, "数字经济",
                              progress=lambda done, total, stage: seen.append((done, total)))
    assert tuple(totals) == scan_totals(decoy_library, ["数字经济"])
    assert len(seen) == seen[-1][1] > 18 and seen[-1][0] == seen[-1][1]
    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled):
        idx.exact_totals(decoy_library, "数字经济", cancel=stop)
    # cancelled between batches: after the first one
    calls = []

    def cancel_after_first(done, total, stage):
        calls.append(done)
        stop.set()

    stop.clear()
    with pytest.raises(Cancelled):
        idx.exact_totals(decoy_library, "数字经济", cancel=stop, progress=cancel_after_first)
    assert calls == [1]
    idx.close()
