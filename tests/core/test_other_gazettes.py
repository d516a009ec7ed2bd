"""Gazettes of other governments (issue 11): documents without 文号, 令, publication notes,
paragraph ends, numbered items, PDF reading order, cleaned titles, 号-numbered issues and
estimated pages. Fixtures in tests/fixtures/other_gazettes.py; each layout must give the
same documents, paragraphs and tree."""

import hashlib
import re

import pytest

from core.importer import parse_file, parse_text
from core.segment import clean_title
from tests.fixtures.gazettes import GUOWUYUAN, L, P, R, render
from tests.fixtures.other_gazettes import (
    APPOINTMENTS,
    EXPECTED,
    FULL_HEADING,
    MEASURES_TREE,
    PROVINCE,
    PROVINCE_HEADER,
    STATE_HEADER,
    spanning,
)
from tests.fixtures.pdfmaker import cjk_font_path, make_column_pdf


def parse(text: str, name: str = "fixture.txt"):
    return parse_text(text, source_name=name, sha256=hashlib.sha256(text.encode()).hexdigest())


def span(first: str, last: str) -> list:
    """The fixture's items from the one starting with ``first`` to the one starting with
    ``last``."""
    a = next(k for k, it in enumerate(PROVINCE) if it.text.startswith(first))
    b = next(k for k, it in enumerate(PROVINCE) if k >= a and it.text.startswith(last))
    return PROVINCE[a:b + 1]


def heads(parsed):
    return [(d.kind, d.doc_no.normalized if d.doc_no else None, d.title, d.issuers, d.date,
             d.doc_type) for d in parsed.documents]


def squeezed(text: str) -> str:
    return re.sub(r"\s", "", text)


def wrong_joins(parsed, items) -> list[str]:
    """Paragraphs, signatures and dates of the fixture that are not a block of their own."""
    texts = {squeezed(b.text) for b in parsed.blocks}
    return [it.text for it in items if isinstance(it, (P, R)) and squeezed(it.text) not in texts]


def tree_of(parsed, doc):
    return [(s.level, s.numbering, s.title) for s in parsed.sections if s.doc_id == doc.id]


def assert_measures_tree(parsed):
    doc = parsed.documents[7]
    tree = tree_of(parsed, doc)
    assert [(lv, num) for lv, num, _ in tree] == [(lv, num) for lv, num, _ in MEASURES_TREE]
    for got, want in zip(tree, MEASURES_TREE):
        if want[2] is not None:
            assert got[2] == want[2]


LAYOUTS = {
    "text": dict(indent=False),
    "text-indented": dict(indent=True),
}


@pytest.fixture(scope="module", params=sorted(LAYOUTS))
def province_text(request):
    text = render(PROVINCE, header=PROVINCE_HEADER, first_page=3, page_lines=25,
                  **LAYOUTS[request.param])
    return parse(text)


PDF_LAYOUTS = {
    "one-column": dict(columns=1),
    "two-columns": dict(columns=2, stream="columns"),
    "two-columns-rows": dict(columns=2, stream="rows"),
    # Titles across both columns cut the pages into bands of two balanced columns.
    "two-columns-bands": dict(columns=2, stream="columns", spanning=spanning),
    "two-columns-bands-rows": dict(columns=2, stream="rows", spanning=spanning),
}


@pytest.fixture(scope="module", params=sorted(PDF_LAYOUTS))
def province_pdf(request, tmp_path_factory):
    if cjk_font_path() is None:
        pytest.skip("no CJK font to draw the PDF")
    path = tmp_path_factory.mktemp("pdf") / f"province-{request.param}.pdf"
    make_column_pdf(PROVINCE, path, header=PROVINCE_HEADER, first_page=3,
                    **PDF_LAYOUTS[request.param])
    return parse_file(path)


# --- documents ------------------------------------------------------------------------------

def test_every_document_of_the_issue_in_text(province_text):
    assert heads(province_text) == EXPECTED
    assert province_text.issue.label == "《云川省人民政府公报》2024年第6期"


def test_every_document_of_the_issue_in_pdf(province_pdf):
    assert heads(province_pdf) == EXPECTED
    assert province_pdf.issue.label == "《云川省人民政府公报》2024年第6期"


def test_order_is_filed_under_its_regulation_with_its_tree(province_text):
    order = province_text.documents[1]
    assert order.doc_no.normalized == "云川省人民政府令第12号"
    assert (order.doc_type, order.enclosed_type) == ("令", "办法")
    kinds = [b.kind for b in province_text.blocks if b.doc_id == order.id][:7]
    assert kinds == ["title", "doc_no", "paragraph", "signature", "date", "heading", "heading"]
    tree = [(lv, num) for lv, num, _ in tree_of(province_text, order)]
    assert tree == [(1, ""), (2, "第一章"), (3, "第一条"), (3, "第二条"), (2, "第二章"),
                    (3, "第三条"), (3, "第四条"), (4, "（一）"), (4, "（二）")]


def test_gazette_sections_are_labelled_and_not_merged(province_text):
    sections = [d for d in province_text.documents if d.kind == "gazette_section"]
    assert [d.title for d in sections] == ["目录", "领导活动", "政务动态"]
    activity = [b.text for b in province_text.blocks if b.doc_id == sections[1].id]
    assert activity[0] == "领导活动" and len(activity) == 3
    # The table of contents lists titles; none of them became a document.
    toc = [b.text for b in province_text.blocks if b.doc_id == sections[0].id]
    assert len(toc) == 4


def test_appointment_search_finds_the_appointment_not_its_neighbour(province_text):
    holder = [d for d in province_text.documents
              if any("李华" in b.text for b in province_text.blocks if b.doc_id == d.id)]
    assert [d.title for d in holder] == ["云川省人民政府任免工作人员"]


def test_numbered_announcement_and_bulletin_heads(province_text):
    notice = province_text.documents[4]
    blocks = [(b.kind, b.text) for b in province_text.blocks if b.doc_id == notice.id][:3]
    assert blocks == [("title", "云川省人民政府公告"), ("doc_no", "第 3 号"),
                      ("paragraph", span("根据《中华", "根据《中华")[0].text)]
    bulletin = province_text.documents[8]
    kinds = [(b.kind, b.text) for b in province_text.blocks if b.doc_id == bulletin.id][:3]
    assert kinds == [("title", "云川省2023年国民经济和社会发展统计公报"), ("issuer", "云川省统计局"),
                     ("date", "（2024 年 3 月 18 日）")]


def test_reply_without_doc_no_has_its_recipient(province_text):
    reply = province_text.documents[2]
    assert reply.recipients == "临港市人民政府"
    letter = province_text.documents[6]
    assert letter.recipients == "省文化和旅游厅"


# --- publication notes and enclosures -------------------------------------------------------

def test_publication_note_is_metadata_and_the_enclosure_keeps_its_title(province_text):
    notice = province_text.documents[7]
    assert notice.disclosure == "此件公开发布"
    assert province_text.documents[2].disclosure == "此件公开发布"
    blocks = [b for b in province_text.blocks if b.doc_id == notice.id]
    note = next(b for b in blocks if b.kind == "publication_note")
    assert note.text == "（此件公开发布）" and note.section_id is None
    enclosure = next(s for s in province_text.sections
                     if s.doc_id == notice.id and s.kind == "enclosure")
    assert enclosure.title == "云川省促进民营经济发展若干措施"


@pytest.mark.parametrize("marker,field,value", [
    ("（此件主动公开）", "disclosure", "此件主动公开"),
    ("（此件不公开）", "disclosure", "此件不公开"),
    ("（此件有删减）", "disclosure", "此件有删减"),
    ("（联系人：王芳；电话：0871-1234567）", "contact", "联系人：王芳；电话：0871-1234567"),
])
def test_other_publication_notes(marker, field, value):
    items = [L("云川省人民政府办公厅"), L("关于印发云川省城市更新行动方案的通知"), L("云政办〔2024〕9 号"),
             L("各市、州人民政府："), P("《云川省城市更新行动方案》已经省人民政府同意，现印发给你们。"),
             R("云川省人民政府办公厅"), R("2024 年 4 月 2 日"), L(marker),
             L("云川省城市更新行动方案"), L("一、总体要求"), P("坚持以人民为中心。")]
    parsed = parse(render(items))
    (doc,) = parsed.documents
    assert getattr(doc, field) == value
    enclosure = [s for s in parsed.sections if s.kind == "enclosure"]
    assert [s.title for s in enclosure] == ["云川省城市更新行动方案"]


# --- paragraphs and numbered items ----------------------------------------------------------

def test_no_wrong_joins_in_text(province_text):
    assert wrong_joins(province_text, PROVINCE) == []


def test_no_wrong_joins_in_pdf(province_pdf):
    assert wrong_joins(province_pdf, PROVINCE) == []


def test_every_item_of_a_numbered_run_in_text(province_text):
    assert_measures_tree(province_text)


def test_every_item_of_a_numbered_run_in_pdf(province_pdf):
    assert_measures_tree(province_pdf)


def test_items_starting_with_a_year_keep_their_tasks(province_text):
    notice = province_text.documents[7]
    tasks = [(t.section_path, t.units) for t in province_text.tasks if t.doc_id == notice.id]
    assert ("一、5．", ["省工业和信息化厅"]) in tasks
    assert ("一、8．", ["省财政厅", "省商务厅"]) in tasks


def test_heading_line_never_joins_its_body(province_text):
    texts = [b.text for b in province_text.blocks]
    assert FULL_HEADING in texts


def test_signature_after_a_full_line_ending_with_a_bracket():
    """…负责） at the right margin, then the signature: never glued."""
    parsed = parse(render(span("云川省人民政府", "2024 年 6 月 3 日")))
    texts = [b.text for b in parsed.blocks]
    assert "云川省人民政府" in texts and texts[-3].endswith("负责）")


# --- the State Council's gazette ------------------------------------------------------------

def test_state_council_issue_numbered_in_hao_with_an_order_and_appointments():
    parsed = parse(render(GUOWUYUAN + APPOINTMENTS, header=STATE_HEADER))
    assert parsed.issue.label == "《中华人民共和国国务院公报》2024年第5号"
    assert parsed.issue.number_unit == "号"
    d1, d2, d3 = parsed.documents
    assert d2.doc_no.normalized == "国务院令第777号" and d2.title == "社会保险经办条例"
    assert (d3.title, d3.issuers, d3.date, d3.doc_type) == (
        "国务院任免国家工作人员", ["国务院"], "2024-01-19", "任免")
    assert not any("王建国" in b.text for b in parsed.blocks if b.doc_id == d2.id)


def test_a_file_of_only_documents_without_doc_no_imports():
    parsed = parse(render(APPOINTMENTS))
    assert heads(parsed) == [("document", None, "国务院任免国家工作人员", ["国务院"], "2024-01-19", "任免")]
    parsed = parse(render(span("云川省人民政府公告", "2024 年 6 月 10 日")))
    assert [d.doc_type for d in parsed.documents] == ["公告"]


def test_order_with_its_number_on_the_same_line():
    items = [L("中华人民共和国生态环境部令 第 30 号"),
             P("《生态环境行政处罚办法》已于 2023 年 4 月 10 日由生态环境部部务会议审议通过，现予公布，"
               "自 2023 年 7 月 1 日起施行。"),
             R("部长  黄润秋"), R("2023 年 5 月 8 日"), L("生态环境行政处罚办法"), L("第一章  总  则"),
             P("第一条  为了规范生态环境行政处罚的实施，制定本办法。")]
    (doc,) = parse(render(items)).documents
    assert doc.doc_no.normalized == "生态环境部令第30号"     # as it is cited
    assert doc.title == "生态环境行政处罚办法"
    assert doc.issuers == ["中华人民共和国生态环境部"]


# --- titles ---------------------------------------------------------------------------------

@pytest.mark.parametrize("raw,clean", [
    ("国务院关于 2018 年度国家科学技术奖励的决定", "国务院关于2018年度国家科学技术奖励的决定"),
    ("关于印发 《云川省 “十四五” 规划》 的通知", "关于印发《云川省“十四五”规划》的通知"),
    ("关于推进 5G 网络\u00ad建设的通知", "关于推进5G网络建设的通知"),
    ("关于推进 Inter-\nnet 应用的通知", "关于推进Internet应用的通知"),
    ("关于支持 COVID-19 疫苗 研发的通知", "关于支持COVID-19疫苗研发的通知"),
    ("关于推广 open source 软件的通知", "关于推广open source软件的通知"),
])
def test_titles_are_cleaned_of_extraction_spaces_and_hyphens(raw, clean):
    assert clean_title(raw) == clean


def test_document_title_over_lines_is_closed_up():
    items = [L("云川省人民政府"), L("关于表彰 2023 年度全省"), L("安全生产先进单位的决定"),
             L("云政〔2024〕2 号"), P("经研究，决定予以表彰。"), R("云川省人民政府"), R("2024 年 1 月 18 日")]
    (doc,) = parse(render(items)).documents
    assert doc.title == "关于表彰2023年度全省安全生产先进单位的决定"


# --- estimated pages ------------------------------------------------------------------------

def test_pages_are_estimated_between_sparse_footers():
    text = render(PROVINCE, header=PROVINCE_HEADER, first_page=3, page_lines=25)
    # Keep only the footer of page 4 and of the last page: the others are estimated.
    footers = re.findall(r" - (\d+) -", text)
    keep = {footers[1], footers[-1]}
    text = re.sub(r" - (\d+) -", lambda m: m[0] if m[1] in keep else "", text)
    parsed = parse(text)
    exact = [b for b in parsed.blocks if b.page is not None and not b.page_estimated]
    estimated = [b for b in parsed.blocks if b.page_estimated]
    assert estimated and all(b.page is not None for b in parsed.blocks)
    assert {b.page for b in exact} <= {4, int(footers[-1])}
    pages = [b.page for b in parsed.blocks]
    assert pages == sorted(pages) and min(pages) >= 1
    # Estimates stay close to the truth: the page each block really is on.
    truth = parse(render(PROVINCE, header=PROVINCE_HEADER, first_page=3, page_lines=25))
    real = {b.text: b.page for b in truth.blocks if not b.page_estimated}
    off = [abs(b.page - real[b.text]) for b in estimated if b.text in real]
    assert off and max(off) <= 1
    # Tasks carry their block's estimate.
    by_id = {b.id: b for b in parsed.blocks}
    assert parsed.tasks and all(t.page_estimated == by_id[t.block_id].page_estimated
                                for t in parsed.tasks)
    assert any(t.page_estimated for t in parsed.tasks)


# --- web text (one paragraph per line, indented) ----------------------------------------------

WEB_TWO_RULES = """国务院办公厅关于印发城市更新中历史街区保护和
老旧厂区改造利用两个规定的通知
国办发〔2024〕31号

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
　　住房城乡建设部会同有关部门制定的两个规定已经国务院同意，现印发给你们，请认真贯彻执行。
国务院办公厅
2024年5月6日
　　（此件公开发布）

城市更新中历史街区
保护的规定

　　为加强历史街区保护，制定本规定。
　　一、关于保护范围
　　（一）历史街区的保护范围由城市人民政府划定。
　　二、关于资金保障
　　（二）中央财政通过现有渠道予以支持。

老旧厂区改造利用的规定

　　为推动老旧厂区改造利用，制定本规定。
　　一、关于规划管理
　　（一）改造项目应当符合国土空间规划。

附件1.

改造项目清单
"""

WEB_PLAN_WITH_CONTENTS = """国务院办公厅关于印发国家水上搜救应急预案的函
国办函〔2024〕12号

各省、自治区、直辖市人民政府：
　　《国家水上搜救应急预案》已经国务院同意，现印发给你们，请认真组织实施。
国务院办公厅
2024年3月1日

国家水上搜救应急预案

目　　录

　　1　总则
　　　　1.1　编制目的
　　2　组织体系
　　　　2.1　应急组织

　　1　总则
　　　　1.1　编制目的
　　为提高水上搜救能力，制定本预案。
　　2　组织体系
　　　　2.1　应急组织
　　国家水上搜救工作由交通运输部牵头。
"""


def test_notice_issuing_two_rules_has_two_enclosures_and_an_attachment():
    parsed = parse(WEB_TWO_RULES)
    (doc,) = parsed.documents
    assert (doc.doc_type, doc.enclosed_type, doc.disclosure) == ("通知", "规定", "此件公开发布")
    top = [(s.kind, s.numbering, s.title) for s in parsed.sections if s.level == 1]
    assert top == [("enclosure", "", "城市更新中历史街区保护的规定"),
                   ("enclosure", "", "老旧厂区改造利用的规定"),
                   ("attachment", "附件1.", "改造项目清单")]


def test_table_of_contents_inside_a_plan_does_not_double_the_tree():
    parsed = parse(WEB_PLAN_WITH_CONTENTS)
    tree = [(s.level, s.numbering) for s in parsed.sections]
    assert tree == [(1, ""), (2, "1"), (3, "1.1"), (2, "2"), (3, "2.1")]
    texts = [b.text for b in parsed.blocks]
    assert texts.count("1　总则") == 2          # the entry and the heading, both kept


def test_a_text_shifted_right_as_a_whole_is_not_all_indented():
    text = render(PROVINCE, header=PROVINCE_HEADER, first_page=3, page_lines=25, indent=True)
    shifted = "\n".join("    " + ln if ln.strip() else ln for ln in text.split("\n"))
    parsed = parse(shifted)
    assert heads(parsed) == EXPECTED
    assert wrong_joins(parsed, PROVINCE) == []


def test_personnel_list_and_soft_hyphens_in_the_body():
    items = [L("人事任免"), L("云川省人民政府决定："), P("任命周明为云川省统计局局长；"),
             P("免去吴强的云川省统计局局长职务。"),
             L("云川省人民政府办公厅"), L("关于推进 e\u00adgovernment 应用的通知"), L("云政办〔2024〕5 号"),
             P("各地要推进政务服务 on\u00adline 办理。"), R("云川省人民政府办公厅"), R("2024 年 2 月 1 日")]
    parsed = parse(render(items))
    first, second = parsed.documents
    assert (first.title, first.doc_type) == ("人事任免", "任免")
    assert any(b.text == "免去吴强的云川省统计局局长职务。" for b in parsed.blocks if b.doc_id == first.id)
    assert second.title == "关于推进egovernment应用的通知"
    assert "各地要推进政务服务 online 办理。" in [b.text for b in parsed.blocks]


def test_titled_notice_without_doc_no_right_after_a_sentence():
    items = APPOINTMENTS + [L("云川省人民政府关于禁止在城区燃放烟花爆竹的通告"),
                            P("为保障公共安全，现就有关事项通告如下：城区范围内全年禁止燃放烟花爆竹。"),
                            R("云川省人民政府"), R("2024 年 1 月 25 日")]
    parsed = parse(render(items))
    assert [(d.title, d.doc_type, d.date) for d in parsed.documents] == [
        ("国务院任免国家工作人员", "任免", "2024-01-19"),
        ("云川省人民政府关于禁止在城区燃放烟花爆竹的通告", "通告", "2024-01-25")]


def test_bulletins_with_their_issuers_above_or_several_under_the_title():
    items = APPOINTMENTS + [
        L("云川省统计局"), L("云川省 2023 年国民经济和社会发展统计公报"), L("（2024 年 3 月 18 日）"),
        P("2023 年，全省经济运行持续回升向好。"),
        L("云川省第五次全国经济普查主要数据公报"), L("云川省统计局"), L("云川省第五次全国经济普查领导小组办公室"),
        L("（2024 年 12 月 30 日）"), P("根据国家统一部署，全省开展了第五次全国经济普查。")]
    parsed = parse(render(items))
    got = [(d.title, d.issuers, d.date, d.doc_type) for d in parsed.documents[1:]]
    assert got == [
        ("云川省2023年国民经济和社会发展统计公报", ["云川省统计局"], "2024-03-18", "公报"),
        ("云川省第五次全国经济普查主要数据公报", ["云川省统计局", "云川省第五次全国经济普查领导小组办公室"],
         "2024-12-30", "公报")]


def test_cover_page_of_a_gazette_numbered_in_hao():
    items = [L("中华人民共和国国务院公报"), L("2024 年第 5 号"), L("（总号：1818）")] + APPOINTMENTS
    parsed = parse(render(items))
    assert parsed.issue.label == "《中华人民共和国国务院公报》2024年第5号"
