"""SearchIndex on a small hand-built library: recall, filters, 文号, ranking, spans, updates."""

from __future__ import annotations

import pytest

from index.query import parse_query
from index.search import IndexUnavailable, SearchIndex, open_index
from index.textmatch import find_in_text
from tests.fixtures.search_library import make_issue

BAD = ['"', '"unbalanced', "-", "--", "OR", "OR OR", "-规划", "文号:", "年:abc", "期:",
       "a" * 5000, "😀😀", "'; DROP TABLE blocks; --", ".*[(", "\\", "\x00", "　", "",
       "*?", "文种:*", "(((", "NOT", "AND", "|", "发文机关:", '""', "“", "”"]


def blocks_of(results):
    return {h.block_id for g in results.groups for h in g.hits}


def scan(library, query):
    """The truth: blocks whose clean text contains ``query``."""
    ids = set()
    for doc in library.documents():
        ids.update(b.id for b in library.blocks(doc.id) if find_in_text(b.text, query))
    return ids


@pytest.mark.parametrize("query", ["专精特新", "市财政局", "市财政", "人民共和国", "化发展",
                                   "数字经济", "abc", "ＡＢＣ", "2023", "２０２３", "局", "。",
                                   "14号", "不存在的词"])
def test_single_strings_find_exactly_the_blocks_that_contain_them(small_index, small_library,
                                                                   query):
    res = small_index.search(small_library, query)
    assert blocks_of(res) == scan(small_library, query)
    assert res.total_hits == len(scan(small_library, query))
    assert res.total_docs == len({g.doc_id for g in res.groups})


def test_spans_are_exact_and_snippets_mark_the_hit(small_index, small_library):
    res = small_index.search(small_library, "数字经济")
    for group in res.groups:
        assert group.hit_count == len(group.hits)
        for hit in group.hits:
            text = small_library.block(hit.block_id).text
            assert hit.spans == find_in_text(text, "数字经济")
            for s, e in hit.snippet_spans:
                assert hit.snippet[s:e].replace(" ", "") == "数字经济"
    # the line-wrapped / spaced occurrence is found too
    assert any("数字 经济" in h.snippet for g in res.groups for h in g.hits)


def test_and_exclude_or(small_index, small_library):
    both = small_index.search(small_library, "数字经济 专精特新")
    assert {g.title for g in both.groups} == {"关于印发江州市数字经济发展规划的通知"}
    hits = {h.kind: h for g in both.groups for h in g.hits}
    assert set(hits) == {"title", "paragraph"}      # the title holds 数字经济
    assert len(hits["paragraph"].spans) == 2       # one block holds both words
    no_plan = small_index.search(small_library, "数字经济 -规划")
    assert "关于印发江州市数字经济发展规划的通知" not in {g.title for g in no_plan.groups}
    assert no_plan.total_docs == 2
    either = small_index.search(small_library, "免申即享 OR 预算法")
    assert either.total_docs == 2


def test_doc_no_forms_find_the_document_first(small_index, small_library):
    for form in ("江政〔2023〕14号", "江政[2023]14号", "江政（2023）14 号", "江政2023-14",
                 "江政〔２０２３〕１４号"):
        res = small_index.search(small_library, form)
        assert res.groups[0].doc_no == "江政〔2023〕14 号", form
        assert res.groups[0].doc_no_match
    # the document that cites it comes after
    cited = small_index.search(small_library, "江政〔2023〕14号")
    assert [g.doc_no for g in cited.groups] == ["江政〔2023〕14 号", "江政〔2024〕19 号"]
    # 9号 never matches 19号
    nine = small_index.search(small_library, "江政〔2023〕9号")
    assert [g.doc_no for g in nine.groups] == ["江政〔2023〕9 号"]
    year = small_index.search(small_library, "江政〔2023〕")
    assert {g.doc_no for g in year.groups if g.doc_no_match} == {"江政〔2023〕14 号",
                                                               "江政〔2023〕9 号"}


def test_filters(small_index, small_library):
    assert small_index.search(small_library, "专精特新", year=2024).total_docs == 1
    assert small_index.search(small_library, "专精特新 年:2023").total_docs == 1
    assert small_index.search(small_library, "数字经济", doc_type="决定").total_docs == 1
    assert small_index.search(small_library, "数字经济 文种:通知").total_docs == 2
    assert small_index.search(small_library, "专精特新", issuer="财政局").total_docs == 1
    assert small_index.search(small_library, "数字经济 发文机关:办公室").total_docs == 1
    issue_2024 = [i for i in small_library.issues() if i.year == 2024][0]
    assert small_index.search(small_library, "专精特新", issue_id=issue_2024.id).total_docs == 1
    assert small_index.search(small_library, "专精特新 期:2024-1").total_docs == 1
    assert small_index.search(small_library, "专精特新 期:2").total_docs == 1
    assert small_index.search(small_library, "专精特新 期:nosuch").total_docs == 0
    assert small_index.search(small_library, "文号:江财〔2024〕3号").total_docs == 1
    assert small_index.search(small_library, "文种:意见").total_docs == 1


def test_ranking_title_before_body_and_sort_by_date(small_index, small_library):
    res = small_index.search(small_library, "财政局")
    assert res.groups[0].title == "江州市财政局关于预算管理的意见"
    by_date = small_index.search(small_library, "数字经济", sort="date")
    years = [g.year for g in by_date.groups]
    assert years == sorted(years, reverse=True)


def test_limit_caps_documents_not_counts(small_index, small_library):
    res = small_index.search(small_library, "数字经济", limit=1)
    assert len(res.groups) == 1 and res.total_docs == 3
    assert res.total_hits == len(scan(small_library, "数字经济"))


def test_bad_queries_give_results_or_nothing(small_index, small_library):
    bad = BAD

    for text in bad + ["江政〔2023〕14号" * 300, "数字经济 OR", "OR 数字经济", "-数字经济"]:
        res = small_index.search(small_library, text)
        assert res.total_docs >= 0


def test_add_and_remove_issue_incrementally(small_index, small_library):
    new = make_issue("江州市人民政府公报", 2024, 2, [
        {"title": "关于低空经济的通知", "doc_no": "江政〔2024〕30 号",
         "blocks": [("paragraph", "发展低空经济。")]}])
    small_library.import_issue(new)
    assert small_index.needs_rebuild(small_library)
    small_index.add_issue(small_library, new.issue.id)
    assert not small_index.needs_rebuild(small_library)
    assert small_index.search(small_library, "低空经济").total_docs == 1
    small_library.remove_issue(new.issue.id)
    small_index.remove_issue(new.issue.id)
    assert small_index.search(small_library, "低空经济").total_docs == 0
    assert not small_index.needs_rebuild(small_library)


def test_stale_version_and_corrupt_index_trigger_rebuild(small_index, small_library, data_dir):
    assert not small_index.needs_rebuild(small_library)
    small_index.mark_stale()
    assert small_index.needs_rebuild(small_library)
    assert small_index.open_or_rebuild(small_library)
    assert not small_index.needs_rebuild(small_library)
    (data_dir / "index" / "SCHEMA_VERSION").write_text("0\n")
    fresh = SearchIndex(data_dir / "index")
    assert fresh.needs_rebuild(small_library)
    with pytest.raises(IndexUnavailable):
        fresh.search(small_library, "数字经济")
    for part in (data_dir / "index").iterdir():
        if part.name.startswith("MAIN_") and not part.name.endswith("LOCK"):
            part.write_bytes(b"garbage")      # every segment file, not the table of contents
    (data_dir / "index" / "SCHEMA_VERSION").write_text("1\n")
    broken = SearchIndex(data_dir / "index")
    assert broken.needs_rebuild(small_library)
    broken.rebuild(small_library)
    assert broken.search(small_library, "数字经济").total_docs == 3


def test_rebuild_reports_progress_and_can_be_cancelled(small_library, data_dir):
    import threading

    from core.errors import Cancelled

    seen = []
    idx = SearchIndex(data_dir / "index")
    idx.rebuild(small_library, progress=lambda d, t, s: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1] == 2
    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled):
        idx.rebuild(small_library, cancel=stop)
    assert idx.search(small_library, "数字经济").total_docs == 3   # old index intact


def test_failed_add_marks_stale(small_index, small_library, monkeypatch):
    new = make_issue("江州市人民政府公报", 2024, 3, [
        {"title": "关于测试的通知", "blocks": [("paragraph", "测试。")]}])
    small_library.import_issue(new)
    from index import build

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(build, "add_issue_documents", boom)
    with pytest.raises(IndexUnavailable):
        small_index.add_issue(small_library, new.issue.id)
    assert small_index.needs_rebuild(small_library)


def test_open_index_is_shared(data_dir):
    assert open_index(data_dir / "index") is open_index(data_dir / "index")


def test_parse_query_is_used_for_terms():
    assert parse_query("a b").terms == ["a", "b"]


def test_warm_opens_the_index_and_keeps_no_text(small_index, small_library):
    small_index.close()
    assert small_index._view is None
    small_index.warm(small_library)
    view = small_index._view
    assert len(view.docs) == 4
    # the per-document table holds titles and headings, never the body text
    assert all(len(info.title_norm) + len(info.heads) < 200 for info in view.docs.values())
