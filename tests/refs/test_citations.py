"""Citation, relation and term extraction on hand-written text (no library)."""

from __future__ import annotations

from core.extract.citations import (
    add_years,
    extract_refs,
    is_document_title,
    parse_cn_date,
    title_key,
)
from core.model import Block, DocNo, Document
from tests.fixtures.refs_gazettes import CITES_FORMS
from tests.refs.conftest import parsed_issue


def _doc(title="关于做好有关工作的通知", no=None, date="2023-02-28"):
    doc_no = DocNo(no, no, no[:2], 2023, 1) if no else None
    return Document("x-d01", "x", 1, title, ["南川市人民政府"], doc_no, date=date)


def _refs(*texts, title="关于做好有关工作的通知", kinds=None):
    blocks = [Block(f"x-d01-b{i:04d}", "x-d01", i, (kinds or {}).get(i, "paragraph"), t)
              for i, t in enumerate(texts, start=1)]
    return extract_refs(_doc(title), blocks)


def test_every_printed_form_of_a_doc_no_is_found_in_order():
    parsed = parsed_issue(1)
    doc = parsed.documents[4]
    blocks = [b for b in parsed.blocks if b.doc_id == doc.id]
    refs = extract_refs(doc, blocks)
    assert [c.key for c in refs.citations] == CITES_FORMS
    # offsets point at the printed citation in the block's text
    by_id = {b.id: b for b in blocks}
    for c in refs.citations:
        assert c.block_id == c.end_block_id
        assert by_id[c.block_id].text[c.start:c.end] == c.text
    printed = [c.text for c in refs.citations]
    assert "南政[2020]5号" in printed and "南政（2021）7 号" in printed
    assert "南政〔2022〕第 9 号" in printed and "南政2021-8号" in printed
    assert not any("三国演义" in (c.title or "") for c in refs.citations)


def test_title_and_doc_no_pair_is_one_citation_with_both():
    refs = _refs("根据《南川市人民政府关于改革完善应急管理体系的通知》（南政〔2019〕16 号）规定，设立办公室。")
    (c,) = refs.citations
    assert c.title == "南川市人民政府关于改革完善应急管理体系的通知"
    assert c.doc_no_norm == "南政〔2019〕16号" and c.key == "南政〔2019〕16号"
    assert c.text.startswith("《") and c.text.endswith("号）")


def test_own_doc_no_and_enclosed_title_are_not_citations():
    parsed = parsed_issue(1)
    doc = parsed.documents[0]
    refs = extract_refs(doc, [b for b in parsed.blocks if b.doc_id == doc.id])
    assert refs.citations == []


def test_citation_wrapped_over_table_rows():
    rows = ["10 奖励 市市场监督管理局 《南川市人民政府关", "于印发南川市市长质", "量奖管理办法的通知》",
            "(南政〔2020〕23 号)"]
    refs = _refs(*rows, kinds={1: "table_row", 2: "table_row", 3: "table_row", 4: "table_row"})
    (c,) = refs.citations
    assert c.doc_no_norm == "南政〔2020〕23号"
    assert c.title == "南川市人民政府关于印发南川市市长质量奖管理办法的通知"
    assert c.block_id == "x-d01-b0001" and c.end_block_id == "x-d01-b0004"
    assert rows[0][c.start:] == "《南川市人民政府关"


def test_agency_is_cut_at_the_words_before_it():
    refs = _refs("划分标准按原国土资源部 2000 年 4 月 24 日发布国土资发〔2000〕133 号文执行。",
                 "见豫交文〔2022〕92 号、中办发〔2019〕3 号和自然资登记函〔2021〕2 号。")
    assert [c.key for c in refs.citations] == [
        "国土资发〔2000〕133号", "豫交文〔2022〕92号", "中办发〔2019〕3号", "自然资登记函〔2021〕2号"]


def test_titles_that_are_not_documents_are_skipped():
    assert is_document_title("中华人民共和国数据安全法")
    assert is_document_title("河南省突发事件总体应急预案（试行）")
    assert is_document_title("河南省许昌市土地利用总体规划（2010－2020年）（2017 年修订）")
    assert not is_document_title("三国演义")
    assert not is_document_title("许昌日报")
    refs = _refs("编制《南川市文旅规划》（以下简称《规划》）。《规划》期限为 2022－2025 年。")
    assert [c.title for c in refs.citations] == ["南川市文旅规划"]


def test_relations_with_sentence_and_confidence():
    refs = _refs(
        "本办法自 2024 年 3 月 1 日起施行，《南川市甲办法》（南政〔2020〕1 号）同时废止。",
        "自本办法施行之日起，原《南川市乙办法》停止执行。",
        "南政〔2018〕12 号文件不再执行。",
        "本办法代替《南川市丙规定》（南政〔2017〕3 号）。",
        "对《南川市丁办法》（南政〔2019〕2 号）作如下修改。",
        "根据《国务院关于戊的意见》（国发〔2023〕1 号）精神，制定本办法。",
        "各县（区）要推动修订《南川市己导则》，适时废止不适应的文件。",
        "《中华人民共和国民法典》（2020 年修正）为本办法所引。",
    )
    rels = {(r.kind, r.target_key): r for r in refs.relations}
    assert rels[("repeals", "南政〔2020〕1号")].confidence >= 0.9
    assert rels[("repeals", "南政〔2020〕1号")].date == "2024-03-01"
    assert "同时废止" in rels[("repeals", "南政〔2020〕1号")].sentence
    assert rels[("repeals", title_key("南川市乙办法"))].confidence >= 0.9
    assert rels[("repeals", "南政〔2018〕12号")].confidence >= 0.9
    assert rels[("replaces", "南政〔2017〕3号")].confidence >= 0.9
    assert rels[("amends", "南政〔2019〕2号")].confidence >= 0.9
    assert 0.4 < rels[("implements", "国发〔2023〕1号")].confidence < 0.7
    # a plan to amend or repeal is not decisive
    weak = [r for r in refs.relations if r.target_key == title_key("南川市己导则") and r.kind != "cites"]
    assert weak and all(r.confidence < 0.7 for r in weak)
    # "(2020 年修正)" after a title says the law was revised, not that this text amends it
    assert ("amends", title_key("中华人民共和国民法典")) not in rels
    # every citation has a cites relation
    assert {r.target_key for r in refs.relations if r.kind == "cites"} == {c.key for c in refs.citations}


def test_heading_of_a_repeal_list_decides_the_relation():
    parsed = parsed_issue(2)
    doc = parsed.documents[3]
    refs = extract_refs(doc, [b for b in parsed.blocks if b.doc_id == doc.id],
                        [s for s in parsed.sections if s.doc_id == doc.id])
    repealed = {r.target_key for r in refs.relations if r.kind == "repeals" and r.confidence >= 0.7}
    assert repealed == {"南政〔2015〕4号", "南政〔2014〕11号"}
    assert ("implements", "国发〔2023〕1号") in {(r.kind, r.target_key) for r in refs.relations}


def test_terms():
    t = _refs("本措施自 2023 年 3 月 1 日起施行，有效期 2 年。").term
    assert (t.effective, t.expires, t.term_years) == ("2023-03-01", "2025-02-28", 2)
    t = _refs("本规定自 2024 年 9 月 1 日起施行，有效期至 2026 年 8 月 31 日。").term
    assert (t.effective, t.expires) == ("2024-09-01", "2026-08-31")
    t = _refs("第二十条  本办法自印发之日起施行，有效期三年。").term
    assert (t.effective, t.expires) == ("2023-02-28", "2026-02-27")
    # a licence's term, or another law's date, is not the document's own
    t = _refs("营业执照有效期为 5 年。", "《南川市某条例》自 2020 年 1 月 1 日起施行。").term
    assert (t.effective, t.expires, t.term_years) == (None, None, None)


def test_dates():
    assert parse_cn_date("2023 年 5 月 1 日") == "2023-05-01"
    assert parse_cn_date("二〇二三年十二月三十一日") == "2023-12-31"
    assert parse_cn_date("2023 年 2 月 30 日") is None
    assert add_years("2024-02-29", 1) == "2025-02-27"


def test_long_and_hostile_input_is_bounded():
    junk = "《" * 5000 + "许政〔2023〕" * 3000 + "（" * 5000 + "有效期" * 3000 + "自" * 5000
    refs = _refs(junk, "a" * 100_000, "〔2023〕1号" * 2000)
    # each run is cut at MAX_RUN characters: 20000 / len("〔2023〕1号") citations at most
    assert 0 < len(refs.citations) <= 20_000 // 8 + 1
    assert refs.term.effective is None


def test_a_ling_cited_after_a_date_is_the_ling_not_the_date():
    """``2018年12月18日中华人民共和国国务院令第707号`` (a regulation's revision history) cites
    国务院令第707号: the date's 日 is not part of the agency, and 中华人民共和国国务院令 is
    国务院令 as the 令's own 文号 reads — so a 令 does not cite itself in its own history. A
    place name starting with 日 (日照市) after a date keeps its 日."""
    refs = _refs("根据2018年12月18日中华人民共和国国务院令第707号第四次修订；"
                 "1994年1月28日中华人民共和国国务院令第142号发布。",
                 "2019年1月1日日照市人民政府令第3号公布。")
    assert [(c.key, c.agency) for c in refs.citations] == [
        ("国务院令第707号", "国务院令"), ("国务院令第142号", "国务院令"),
        ("日照市人民政府令第3号", "日照市人民政府令")]
    assert refs.citations[0].text == "中华人民共和国国务院令第707号"
    own = extract_refs(
        Document("x-d01", "x", 1, "中华人民共和国个人所得税法实施条例", ["国务院"],
                 DocNo("国务院令第707号", "国务院令第707号", "国务院令", None, 707)),
        [Block("x-d01-b0001", "x-d01", 1, "paragraph",
               "（2018年12月18日中华人民共和国国务院令第707号第四次修订）")])
    assert own.citations == []
