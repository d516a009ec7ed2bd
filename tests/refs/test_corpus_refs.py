"""Citations of the shared corpus, counted by hand (skips when ../shared/corpus is absent).

For four documents every cited 文号 was counted in the source text by hand: each must be
found as often as it is printed, and nothing else may be found (none invented)."""

from __future__ import annotations

from collections import Counter

import pytest

from core.extract.citations import extract_issue_refs

# document 文号 → Counter of the cited 文号 (normalised), counted by hand in the source
HAND_COUNTED = {
    "许政办〔2023〕5号": Counter({"许政〔2019〕16号": 1}),
    "许政办〔2023〕8号": Counter({"豫政办〔2022〕79号": 1, "许发〔2019〕11号": 1}),
    "许政办〔2023〕9号": Counter({"豫政办〔2023〕5号": 1}),          # printed 豫政办（2023）5 号
    "许政办〔2023〕10号": Counter({"国办函〔2022〕17号": 2, "豫政办〔2023〕9号": 2}),
    "许政办〔2023〕7号": Counter({"豫政办〔2021〕31号": 1}),
    # the 免申即享 list: a flattened table whose 政策依据 column wraps over several rows
    "许政办〔2023〕6号": Counter({
        "豫政办〔2022〕108号": 1, "许政办〔2022〕45号": 1, "国家税务总局公告2023年第1号": 1,
        "财政部税务总局发展改革委民政部商务部卫生健康委公告2019年第76号": 3,
        "财政部税务总局工业和信息化部公告2022年第27号": 1, "财政部税务总局公告2022年第10号": 1,
        "财政部税务总局公告2021年第13号": 1, "豫交文〔2022〕92号": 1, "许政〔2020〕23号": 1,
        "许发〔2017〕17号": 3, "许发〔2022〕16号": 4, "许政〔2022〕6号": 14,
        "工信部联企业〔2011〕300号": 1, "财税〔2016〕79号": 1, "发改价格规〔2016〕2559号": 1,
        "自然资源登记函〔2021〕2号": 1}),
    "许政〔2023〕8号": Counter({"国土资发〔2000〕133号": 1}),
}


@pytest.fixture(scope="module")
def corpus_refs(corpus_parsed):
    p = corpus_parsed
    refs = extract_issue_refs(p.documents, p.blocks, p.sections)
    return {d.doc_no.normalized: refs[d.id] for d in p.documents if d.doc_no}


@pytest.mark.parametrize("doc_no", sorted(HAND_COUNTED))
def test_every_cited_doc_no_found_none_invented(corpus_refs, doc_no):
    found = Counter(c.doc_no_norm for c in corpus_refs[doc_no].citations if c.doc_no_norm)
    assert found == HAND_COUNTED[doc_no]


def test_titles_cited_with_doc_no_are_one_citation(corpus_refs):
    refs = corpus_refs["许政办〔2023〕5号"]
    (c,) = [c for c in refs.citations if c.doc_no_norm]
    assert c.title == "许昌市人民政府关于改革完善应急管理体系的通知"


def test_no_document_cites_itself_or_its_enclosure(corpus_parsed, corpus_refs):
    for d in corpus_parsed.documents:
        refs = corpus_refs[d.doc_no.normalized]
        assert all(c.doc_no_norm != d.doc_no.normalized for c in refs.citations)
        enclosed = d.title.removeprefix("关于印发").removesuffix("的通知")
        assert all(c.title != enclosed for c in refs.citations)


def test_corpus_statuses(corpus_library):
    from core.refs import IN_FORCE

    corpus_library.refresh_refs("2024-01-01")
    statuses = corpus_library.status_map("2024-01-01")
    assert len(statuses) == len(corpus_library.documents())
    assert {s.status for s in statuses.values()} == {IN_FORCE}
    cited = corpus_library.cited_documents(today="2024-01-01")
    assert cited[0][0].key == "许政〔2022〕6号" and cited[0][0].cite_count == 14
