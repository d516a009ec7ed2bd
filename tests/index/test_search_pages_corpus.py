"""The first page on the shared corpus, for words found in few blocks of a document and in
most of them (the two ways a document's hit blocks are found): every hit's spans are exactly
the occurrences in its block's text (merged where they touch), paging gives the same documents as one long list, and
the counts of the listed documents are exact."""

from __future__ import annotations

import pytest

from core.textmatch import find_all, normalize
from index.search import SearchIndex

pytestmark = pytest.mark.corpus

WORDS = ["的", "许昌市", "发展", "化发展", "专精特新", "数字经济 产业", "人民 政府 工作",
         '"公共文化服务体系"', "专精特新 OR 免申即享"]


@pytest.fixture(scope="module")
def corpus_index(corpus_library_template, tmp_path_factory):
    import shutil

    from core.store import Library

    folder = tmp_path_factory.mktemp("pages")
    shutil.copy(corpus_library_template, folder / "library.sqlite")
    lib = Library(folder / "library.sqlite")
    idx = SearchIndex(folder / "index")
    idx.rebuild(lib)
    yield lib, idx
    idx.close()
    lib.close()


@pytest.mark.parametrize("query", WORDS)
def test_spans_and_counts_of_the_page_are_exact(corpus_index, query):
    lib, idx = corpus_index
    terms = [normalize(t.strip('"')) for t in query.split() if t != "OR"]
    res = idx.search(lib, query, limit=8)
    assert res.groups
    for group in res.groups:
        blocks = lib.blocks(group.doc_id)
        holding = [b for b in blocks if any(t in normalize(b.text) for t in terms)]
        assert group.hit_count == len(holding)
        assert [h.block_id for h in group.hits] == [b.id for b in holding]
        for hit, block in zip(group.hits, holding):
            assert hit.spans == find_all(block.text, terms), (query, block.id)
            for s, e in hit.snippet_spans:      # cut where the snippet is cut
                marked = normalize(hit.snippet[s:e].strip("…"))
                assert any(marked in t or t in marked for t in terms), (query, block.id)


@pytest.mark.parametrize("query", ["许昌市", "发展", "专精特新"])
def test_pages_join_into_the_whole_list(corpus_index, query):
    lib, idx = corpus_index
    whole = [g.doc_id for g in idx.search(lib, query).groups]
    paged = []
    for offset in range(0, len(whole), 3):
        paged += [g.doc_id for g in idx.search(lib, query, limit=3, offset=offset,
                                                 max_hits=1).groups]
    assert paged == whole
