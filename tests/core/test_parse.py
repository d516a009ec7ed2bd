"""Parsing on hand-written gazettes of other cities and of the State Council."""

import hashlib

import pytest

from core.importer import parse_text
from tests.fixtures.gazettes import GUOWUYUAN, LINCHENG, P, render


def parse(items, **kw):
    text = render(items, **kw)
    return parse_text(text, source_name="fixture.txt",
                      sha256=hashlib.sha256(text.encode()).hexdigest())


@pytest.fixture(scope="module")
def lincheng():
    return parse(LINCHENG, header="临城市人民政府公报（2024 年第 4 期）", first_page=3, page_lines=12)


def blocks_of(parsed, doc):
    return [b for b in parsed.blocks if b.doc_id == doc.id]


def test_issue_metadata_comes_from_the_running_header(lincheng):
    i = lincheng.issue
    assert (i.gazette, i.year, i.number) == ("临城市人民政府公报", 2024, 4)
    assert i.label == "《临城市人民政府公报》2024年第4期"


def test_documents_and_their_heads(lincheng):
    d1, d2 = lincheng.documents
    assert d1.title == "关于表彰2023年度全市安全生产工作先进单位的决定"
    assert d1.issuers == ["临城市人民政府"]
    assert d1.doc_no.normalized == "临政〔2024〕2号"
    assert d1.doc_type == "决定"
    assert d1.date == "2024-01-18"
    assert d1.recipients == "各县（区）人民政府，市人民政府各部门"
    assert d1.attachments == ["2023 年度全市安全生产工作先进单位名单"]
    assert d2.issuers == ["临城市人民政府办公室"]
    assert (d2.doc_type, d2.enclosed_type) == ("通知", "方案")
    assert d2.doc_no.printed == "临政办〔2024〕11 号"
    assert d2.date == "2024-03-01"


def test_wrapped_paragraphs_are_rejoined_across_page_breaks(lincheng):
    texts = [b.text for b in lincheng.blocks]
    for item in LINCHENG:
        if isinstance(item, P):
            assert item.text in texts, item.text[:20]
    assert not any("公报（" in t or t.strip().startswith("- ") for t in texts)


def test_section_tree(lincheng):
    d2 = lincheng.documents[1]
    secs = [s for s in lincheng.sections if s.doc_id == d2.id]
    tree = [(s.level, s.numbering, s.title) for s in secs]
    assert tree == [
        (1, "", "临城市数字经济发展行动方案"),
        (2, "一、", "总体目标"),
        (2, "二、", "重点任务"),
        (3, "（一）", "加快数字基础设施建设"),
        (4, "1．", "推进 5G 网络建设"),
        (4, "2．", "建设城市大数据中心"),
        (3, "（二）", "推动产业数字化转型"),
        (4, "1．", "实施智能制造工程"),
        (5, "（1）", "加大财政支持"),
        (5, "（2）", "强化人才支撑"),
        (2, "三、", "保障措施"),
    ]
    by_id = {s.id: s for s in secs}
    child = secs[7]
    assert by_id[child.parent_id].numbering == "（二）"


def test_attachment_section_takes_its_title_from_the_notice(lincheng):
    d1 = lincheng.documents[0]
    att = [s for s in lincheng.sections if s.doc_id == d1.id and s.kind == "attachment"]
    assert len(att) == 1
    assert att[0].title == "2023 年度全市安全生产工作先进单位名单"
    names = [b.text for b in blocks_of(lincheng, d1)][-3:]
    assert names == ["临城市应急管理局", "临城市交通运输局", "东山县人民政府"]


def test_block_kinds_and_signature(lincheng):
    d1 = lincheng.documents[0]
    kinds = [b.kind for b in blocks_of(lincheng, d1)][:9]
    assert kinds == ["issuer", "title", "doc_no", "recipients", "paragraph", "paragraph",
                     "attachment_note", "signature", "date"]


def test_pages_are_exact_where_footers_tell_and_unknown_elsewhere(lincheng):
    pages = [b.page for b in lincheng.blocks]
    assert set(pages) - {None} <= {3, 4, 5, 6, 7}
    # The first footer is 3, with no footer before it: the lines before it are not known
    # to be on page 3, except the last one; they are estimated from the lines per page.
    assert lincheng.blocks[0].page == 3 and lincheng.blocks[0].page_estimated
    assert None not in pages and pages == sorted(pages)
    exact = [b.page for b in lincheng.blocks if not b.page_estimated]
    # pages 3, 4 and 5 end with a footer; the lines after the last footer are estimated (6)
    assert set(exact) == {3, 4, 5} and set(pages) == {3, 4, 5, 6}


def test_state_council_style():
    parsed = parse(GUOWUYUAN, header="中华人民共和国国务院公报 2024 年第 5 号")
    d1, d2 = parsed.documents
    assert d1.issuers == ["国务院"]
    assert d1.title == "国务院关于进一步优化政务服务提升行政效能推动“高效办成一件事”的指导意见"
    assert d1.doc_type == "意见"
    assert d1.doc_no.normalized == "国发〔2024〕3号"
    assert d1.date == "2024-01-16"
    # A 令 is filed under the regulation it promulgates, numbered 国务院令第777号.
    assert d2.title == "社会保险经办条例"
    assert d2.doc_no.normalized == "国务院令第777号"
    assert (d2.doc_type, d2.enclosed_type) == ("令", "条例")
    assert d2.issuers == ["国务院"]
    # （此件公开发布） is the first document's publication note, not the next one's title.
    assert d1.disclosure == "此件公开发布"
    assert parsed.issue.label == "《中华人民共和国国务院公报》2024年第5号"
    secs = [s for s in parsed.sections if s.doc_id == d2.id]
    assert (secs[0].kind, secs[0].title) == ("enclosure", "社会保险经办条例")
    assert [(s.kind, s.numbering, s.level) for s in secs[1:4]] == [
        ("chapter", "第一章", 2), ("article", "第一条", 3), ("article", "第二条", 3)]
    assert ("chapter", "第二章") in [(s.kind, s.numbering) for s in secs]
    kinds = [b.kind for b in parsed.blocks if b.doc_id == d2.id]
    assert "signature" in kinds          # 总理  李强 above the date


def test_every_character_of_the_source_is_kept(lincheng):
    src = render(LINCHENG)
    parsed = parse(LINCHENG)
    kept = "".join(b.text for b in parsed.blocks)

    def han(s):
        return [c for c in s if "\u4e00" <= c <= "\u9fff"]

    assert han(kept) == han(src)


def test_text_before_the_first_document_is_kept_as_its_own_document():
    items = [P("本期目录"), P("临城市人民政府公报编辑部编印")] + LINCHENG
    parsed = parse(items)
    assert parsed.documents[0].title in ("目录", "卷首")
    assert len(parsed.documents) == 3


def test_red_header_layout_joint_issuers_and_bracketed_doc_no():
    from tests.fixtures.gazettes import L

    items = [
        L("南川市人民政府文件"),
        L("南政〔2024〕21 号"),
        L("南川市人民政府关于加强城市供水安全保障的通知"),
        L("各区人民政府，市人民政府各部门："),
        P("为保障城市供水安全，现将有关事项通知如下。"),
        L("南川市人民政府"),
        L("2024 年 6 月 3 日"),
        L("中共南川市委办公室  南川市人民政府办公室"),
        L("关于做好 2024 年防汛工作的通知"),
        L("（南办〔2024〕9 号）"),
        P("各地要压实防汛责任，确保安全度汛。"),
        L("中共南川市委办公室"),
        L("南川市人民政府办公室"),
        L("2024 年 6 月 5 日"),
    ]
    parsed = parse(items)
    d1, d2 = parsed.documents
    assert d1.title == "南川市人民政府关于加强城市供水安全保障的通知"
    assert d1.issuers == ["南川市人民政府"]
    assert d1.doc_no.normalized == "南政〔2024〕21号"
    assert d1.recipients == "各区人民政府，市人民政府各部门"
    assert d2.issuers == ["中共南川市委办公室", "南川市人民政府办公室"]
    assert d2.title == "关于做好2024年防汛工作的通知"
    assert d2.doc_no.normalized == "南办〔2024〕9号"
    assert d2.date == "2024-06-05"


def test_title_with_book_marks_and_a_cited_document_in_a_table():
    from tests.fixtures.gazettes import L

    items = [
        L("东湖市人民政府办公室"),
        L("关于印发《东湖市政府投资项目管理办法》的通知"),
        L("东政办〔2024〕4 号"),
        L("各县（区）人民政府："),
        P("现将《东湖市政府投资项目管理办法》印发给你们，请遵照执行。"),
        L("东湖市人民政府办公室"),
        L("2024 年 2 月 1 日"),
        L("东湖市政府投资项目管理办法"),
        L("第一条  为规范政府投资行为，制定本办法。"),
        L("序号 政策名称 依据"),
        L("1 创业补贴 《东湖市人民政府关于促进创业的通知》"),
        L("（东政〔2021〕3 号）"),
    ]
    parsed = parse(items)
    assert len(parsed.documents) == 1
    d = parsed.documents[0]
    assert d.title == "关于印发《东湖市政府投资项目管理办法》的通知"
    assert (d.doc_type, d.enclosed_type) == ("通知", "办法")
    secs = [s for s in parsed.sections if s.doc_id == d.id]
    assert secs[0].kind == "enclosure" and secs[0].title == "东湖市政府投资项目管理办法"


UNWRAPPED = """洛水市人民政府关于加快推进数字经济发展的通知

（洛水政〔2024〕12 号）

各县（市、区）人民政府，市人民政府各部门：

为加快推进数字经济高质量发展，现就有关事项通知如下：

一、加强数字基础设施建设

１．加快 5G 网络建设。到 2024 年底，全市新建 5G 基站 3000 个。（责任单位：市工业和信息化局、市通信发展管理办公室；完成时限：2024 年 12 月底前）

２．推进千兆光网覆盖。（牵头单位：市工业和信息化局；配合单位：市住房和城乡建设局、市自然资源和规划局）

三、保障措施

各县（市、区）要高度重视，认真抓好落实，确保各项任务按期完成，并及时报送工作进展情况。

洛水市人民政府

2024 年 2 月 20 日

洛水市人民政府办公室关于印发洛水市公共数据管理办法的通知和有关事项的补充说明的通知

洛水政办〔2024〕3 号

各县（市、区）人民政府，市人民政府各部门：

《洛水市公共数据管理办法》已经市政府同意，现印发给你们，请认真贯彻执行。

洛水市人民政府办公室

2024 年 2 月 22 日

洛水市公共数据管理办法

第一条  为了规范公共数据管理，促进公共数据共享开放，根据有关法律法规，结合本市实际，制定本办法。

第二条  本办法适用于本市行政区域内公共数据的收集、共享、开放和安全管理等活动。
"""


def test_one_paragraph_per_line_sources_and_long_one_line_titles():
    """Text copied from a web page: no running header, paragraphs not wrapped at all."""
    parsed = parse_text(UNWRAPPED, source_name="web.txt", sha256="e" * 64)
    d1, d2 = parsed.documents
    assert d1.issuers == ["洛水市人民政府"] and d1.doc_no.normalized == "洛水政〔2024〕12号"
    assert d2.doc_no.normalized == "洛水政办〔2024〕3号"
    assert d2.title.endswith("补充说明的通知") and d2.issuers == ["洛水市人民政府办公室"]
    assert parsed.issue.year == 2024          # from the documents' dates
    texts = [b.text for b in parsed.blocks if b.doc_id == d1.id]
    assert any(t.startswith("１．加快 5G") and t.endswith("底前）") for t in texts)
    assert any(t.startswith("２．推进千兆光网覆盖") for t in texts)
    secs = [(s.numbering, s.level) for s in parsed.sections if s.doc_id == d1.id]
    assert secs == [("一、", 1), ("１．", 2), ("２．", 2), ("三、", 1)]
    enc = [s for s in parsed.sections if s.doc_id == d2.id][0]
    assert (enc.kind, enc.title) == ("enclosure", "洛水市公共数据管理办法")


def test_spaced_out_title_reads_closed_up():
    from tests.fixtures.gazettes import L

    parsed = parse([L("临城市人民政府"), L("关于表彰先进单位的"), L("决  定"), L("临政〔2024〕2 号"),
                    P("经研究，决定予以表彰。"), L("临城市人民政府"), L("2024 年 1 月 18 日")])
    title = next(b for b in parsed.blocks if b.kind == "title")
    assert title.text == "关于表彰先进单位的决定"


def test_an_article_or_an_item_ending_in_a_semicolon_is_never_a_heading():
    """第三条 ……。 short enough to look like a heading is an article of the regulation (a
    list item, not a bold heading), and so are items （一）……； and the one-sentence items
    printed among them; a heading printed with a full stop and its body after it stays a
    heading, chapters too, and every article and item keeps its section in the tree."""
    from tests.fixtures.gazettes import L

    items = GUOWUYUAN + [
        P("第四条  下列所得，应当缴纳个人所得税："),
        P("（一）因任职、受雇、履约等在中国境内提供劳务取得的所得；"),
        P("（二）将财产出租给承租人在中国境内使用而取得的所得；"),
        P("（三）稿酬所得，以每次出版取得的收入为一次。"),
        P("（四）劳务报酬所得，属于一次性收入的，以取得该项收入为一次；属于同一项目连续性收入的，"
          "以一个月内取得的收入为一次。"),
        P("第五条  有关部门应当做好下列工作。"),
        P("（一）加强组织领导。"),
        P("各地区要把这项工作摆上重要位置。"),
        P("（二）强化督导检查。"),
        P("各部门要定期调度工作进展。"),
        L("第三章  附  则"),
        P("第六条  本条例自公布之日起施行。"),
    ]
    parsed = parse(items, header="中华人民共和国国务院公报 2024 年第 5 号")
    d2 = parsed.documents[1]
    blocks = [b for b in parsed.blocks if b.doc_id == d2.id]
    kind = {b.text.split()[0][:4]: b.kind for b in blocks if b.text[:1] in "第（"}
    assert kind["第三条"] == kind["第六条"] == kind["第一条"] == "list_item"
    assert kind["（一）因"] == kind["（二）将"] == "list_item"
    # one short sentence among items printed one after another is an item too
    assert kind["（三）稿"] == kind["（四）劳"] == "list_item"
    # a heading printed with a full stop, its body after it, stays a heading
    assert kind["（一）加"] == kind["（二）强"] == "heading"
    assert kind["第一章"] == kind["第三章"] == "heading"
    numbered = [s.numbering for s in parsed.sections if s.doc_id == d2.id]
    assert {"第三条", "第六条", "（一）", "（二）", "（三）", "第三章"} <= set(numbered)
