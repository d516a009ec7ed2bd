"""The recall contract on the shared corpus: for any string, the blocks returned are exactly
the blocks whose clean text contains it (whitespace, width and Latin case ignored)."""

from __future__ import annotations

import random

import pytest

from index.search import SearchIndex
from index.textmatch import normalize

pytestmark = pytest.mark.corpus

HARD = ["人民共和国", "化发展", "市财政", "市财政局", "许昌市", "专精特新", "免申即享", "责任单位",
        "2023", "２０２３", "许政〔2023〕", "〔2023〕", "3 号", "号", "局", "，", "。", "（一）",
        "(一)", "十四五", "“十四五”", "数字经济", "5G", "5g", "GDP", "老龄事业发展", "应急预案",
        "入河排污口", "新污染物", "的", "年", "1", "9", "%", "——", "市人民政府办公室",
        "牵头单位", "各县（市、区）人民政府"]


@pytest.fixture(scope="module")
def corpus_index(corpus_library_template, tmp_path_factory):
    import shutil

    from core.store import Library

    folder = tmp_path_factory.mktemp("recall")
    shutil.copy(corpus_library_template, folder / "library.sqlite")
    lib = Library(folder / "library.sqlite")
    idx = SearchIndex(folder / "index")
    idx.rebuild(lib)
    blocks = [b for d in lib.documents() for b in lib.blocks(d.id)]
    yield lib, idx, blocks
    idx.close()
    lib.close()


def _random_strings(blocks, corpus_text: str, n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    texts = [b.text for b in blocks if len(b.text) >= 2]
    out = []
    while len(out) < n:
        t = rng.choice(texts)
        size = rng.choice((1, 2, 2, 3, 3, 4, 5, 6, 8, 12))
        start = rng.randrange(0, max(1, len(t) - size))
        out.append(t[start:start + size])
    # strings across the source's line wraps: end of one line + start of the next
    lines = [ln.strip() for ln in corpus_text.splitlines() if len(ln.strip()) >= 4]
    for _ in range(n // 4):
        k = rng.randrange(len(lines) - 1)
        out.append(lines[k][-rng.randint(1, 3):] + lines[k + 1][:rng.randint(1, 3)])
    return out


def _exact(query: str) -> str:
    """The search box form of an exact string (quotes keep OR, - and 文号: literal)."""
    return f'"{query}"'


def test_recall_matches_a_substring_scan(corpus_index, corpus_text):
    lib, idx, blocks = corpus_index
    norms = [(b.id, normalize(b.text)) for b in blocks]
    queries = HARD + _random_strings(blocks, corpus_text, 300)
    checked = 0
    misses, extras = [], []
    for q in queries:
        nq = normalize(q)
        if not nq or '"' in q:
            continue
        truth = {bid for bid, text in norms if nq in text}
        found = {h.block_id for g in idx.search(lib, _exact(q)).groups for h in g.hits}
        if truth - found:
            misses.append((q, len(truth - found)))
        if found - truth:
            extras.append((q, len(found - truth)))
        checked += 1
    assert checked > 300
    assert misses == [], misses[:20]
    assert extras == [], extras[:20]


def test_unquoted_hard_words_match_the_scan(corpus_index):
    lib, idx, blocks = corpus_index
    for q in ["人民共和国", "化发展", "市财政", "专精特新", "许昌市", "号", "局"]:
        truth = {b.id for b in blocks if normalize(q) in normalize(b.text)}
        res = idx.search(lib, q)
        assert {h.block_id for g in res.groups for h in g.hits} == truth, q
        assert res.total_hits == len(truth)


def test_doc_no_forms_on_the_corpus(corpus_index):
    lib, idx, _ = corpus_index
    target = next(d for d in lib.documents() if d.doc_no and d.doc_no.serial)
    no = target.doc_no
    forms = [f"{no.agency}〔{no.year}〕{no.serial}号", f"{no.agency}[{no.year}]{no.serial}号",
             f"{no.agency}（{no.year}）{no.serial} 号", f"{no.agency}{no.year}-{no.serial}"]
    for form in forms:
        res = idx.search(lib, form)
        assert res.groups and res.groups[0].doc_id == target.id, form
    year_list = idx.search(lib, f"{no.agency}〔{no.year}〕")
    expected = {d.id for d in lib.documents()
                if d.doc_no and d.doc_no.agency == no.agency and d.doc_no.year == no.year}
    assert {g.doc_id for g in year_list.groups if g.doc_no_match} == expected


def test_title_hits_rank_first(corpus_index):
    lib, idx, _ = corpus_index
    res = idx.search(lib, "应急预案")
    first = res.groups[0]
    assert "应急预案" in first.title
    assert any(h.kind == "title" for h in first.hits)
