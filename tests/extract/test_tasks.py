"""Responsibility lists in running text: inline brackets, duty lists, sentences, notes."""

from __future__ import annotations

from core.extract import extract_document
from core.model import Block, Section

INLINE = """
一、重点任务
（一）扩大有效投资
1．加快推进重大项目建设，完善项目储备库。（责任单位：市商务局、市财政局）
2．推进产业集群发展。（牵头单位：市发展和改革委员会；配合单位：市财政局、市自然资源和规划局）
3．实施中小企业数字化转型行动。（市工业和信息化局牵头，市财政局配合）
4．开展老旧小区改造。（责任单位：市住房和城乡建设局，各县（市、区）政府按职责抓好落实）
5．培育外贸新业态。（责任单位：市商务局；完成时限：2023 年 12 月底前）
6．优化营商环境。（责任单位：市人力资源和社会保障局、市文化广电和旅游局；完成时限：长期坚持）
"""


def test_inline_forms(make_doc):
    doc, blocks, sections = make_doc(INLINE)
    tables, tasks = extract_document(doc.id, blocks, sections, doc)
    assert tables == []
    assert [t.id for t in tasks] == [f"{doc.id}-k{n:03d}" for n in range(1, 7)]
    t1, t2, t3, t4, t5, t6 = tasks
    assert t1.text == "加快推进重大项目建设，完善项目储备库。"
    assert t1.section_path == "一、（一）1．"
    assert t1.units == ["市商务局", "市财政局"] and t1.lead == [] and t1.support == []
    assert t1.source == "inline" and t1.page == 1 and t1.block_id == blocks[2].id
    assert t2.lead == ["市发展和改革委员会"]
    assert t2.support == ["市财政局", "市自然资源和规划局"]
    assert t3.lead == ["市工业和信息化局"] and t3.support == ["市财政局"]
    assert t4.units == ["市住房和城乡建设局", "各县（市、区）政府"]
    assert t4.text == "开展老旧小区改造。"
    assert (t5.deadline_text, t5.deadline) == ("2023 年 12 月底前", "2023-12-31")
    assert t6.units == ["市人力资源和社会保障局", "市文化广电和旅游局"]
    assert (t6.deadline_text, t6.deadline) == ("长期坚持", None)


def test_several_tasks_in_one_paragraph_and_other_city(make_doc):
    text = ("（三）完善物流体系。建设郑州国际陆港。（责任单位：郑州市商务局、国家税务总局郑州市"
            "税务局）推进多式联运发展，2024 年 6 月底前建成示范线路。（责任单位：郑州市交通运输局）")
    doc, blocks, sections = make_doc(text, doc_id="i111111111111-d02")
    _, tasks = extract_document(doc.id, blocks, sections, doc)
    assert [t.units for t in tasks] == [["郑州市商务局", "国家税务总局郑州市税务局"],
                                        ["郑州市交通运输局"]]
    assert tasks[0].text == "完善物流体系。建设郑州国际陆港。"
    assert tasks[1].text == "推进多式联运发展，2024 年 6 月底前建成示范线路。"
    assert tasks[1].deadline == "2024-06-30"


def test_bracket_wrapped_over_a_page_break(make_doc):
    text = """
一、工作任务
1．全面排查入河排污口，建立台账。（责任单位：市生态环境局、
<<page 8>>
市水利局；完成时限：2023 年 6 月底前）
2．下一项任务没有分工。
"""
    doc, blocks, sections = make_doc(text)
    _, tasks = extract_document(doc.id, blocks, sections, doc)
    assert len(tasks) == 1
    task = tasks[0]
    assert task.units == ["市生态环境局", "市水利局"]
    assert task.deadline == "2023-06-30"
    assert task.page == 1 and task.section_path == "一、1．"


def test_duty_list(make_doc):
    text = """
市突发公共卫生事件应急指挥机构成员单位及职责分工
1．市委宣传部：负责组织指导媒体的宣传报道及新闻发布工作。
2．市发展和改革委员会：负责监测重要民生商品价格信息。
3．国家税务总局开封市税务局：负责落实税收优惠政策。
4．工作要求：各成员单位要加强协作。
"""
    doc, blocks, sections = make_doc(text)
    _, tasks = extract_document(doc.id, blocks, sections, doc)
    assert [(t.units, t.source) for t in tasks] == [
        (["市委宣传部"], "duty"), (["市发展和改革委员会"], "duty"),
        (["国家税务总局开封市税务局"], "duty")]
    assert tasks[0].text == "负责组织指导媒体的宣传报道及新闻发布工作。"
    assert tasks[0].section_path == "1．"


def test_sentence_form_is_lower_confidence(make_doc):
    text = ("（二）壮大循环经济。市发展和改革委员会牵头推进再生金属产业集群建设，"
            "打造绿色循环产业基地。")
    doc, blocks, sections = make_doc(text)
    _, tasks = extract_document(doc.id, blocks, sections, doc)
    assert len(tasks) == 1
    task = tasks[0]
    assert task.source == "sentence" and task.confidence < 1
    assert task.lead == ["市发展和改革委员会"]
    assert task.text.startswith("市发展和改革委员会牵头推进再生金属产业集群建设")


def test_general_note_applies_to_later_tasks_and_names_their_units(make_doc):
    """The note's sentence is no unit, but the units it names (各县（市、区）政府) are
    responsible for every later task too."""
    text = """
一、工作安排
1．制定实施方案。（责任单位：市财政局）
以下各项任务各县（市、区）政府均负有落实责任，不再逐项列明。
2．加强资金监管。（责任单位：市审计局）
"""
    doc, blocks, sections = make_doc(text)
    _, tasks = extract_document(doc.id, blocks, sections, doc)
    assert [t.units for t in tasks] == [["市财政局"], ["市审计局", "各县（市、区）政府"]]
    assert tasks[0].note == ""
    assert tasks[1].note == "以下各项任务各县（市、区）政府均负有落实责任，不再逐项列明。"


def test_plain_brackets_are_not_tasks(make_doc):
    text = "（一）加强监测。开展水质监测（见附件 1），按季度（每季度末）报送结果。"
    doc, blocks, sections = make_doc(text)
    assert extract_document(doc.id, blocks, sections, doc)[1] == []


def test_unlabelled_unit_brackets_and_labels_without_separator(make_doc):
    text = """
一、主要任务
1．推进政务数据共享。（市政务服务和大数据管理局、市委网信办按职责分工负责）
2．加强耕地保护。（长沙市自然资源和规划局、长沙市农业农村局）
3．开展营商环境评价。（责任单位：市发展改革委 完成时限：2024 年 3 月底前）
4．健全监测网络（详见附件），定期发布监测报告。
"""
    doc, blocks, sections = make_doc(text)
    _, tasks = extract_document(doc.id, blocks, sections, doc)
    assert [t.units for t in tasks] == [
        ["市政务服务和大数据管理局", "市委网信办"],
        ["长沙市自然资源和规划局", "长沙市农业农村局"],
        ["市发展改革委"]]
    assert tasks[2].deadline == "2024-03-31"
    assert tasks[1].text == "加强耕地保护。"


def test_bracket_on_its_own_line_takes_the_line_above(make_doc):
    text = """
（一）完善城市更新机制，建立项目储备库。
（责任单位：市住房和城乡建设局）
"""
    doc, blocks, sections = make_doc(text)
    _, tasks = extract_document(doc.id, blocks, sections, doc)
    assert [(t.text, t.units) for t in tasks] == [
        ("完善城市更新机制，建立项目储备库。", ["市住房和城乡建设局"])]


def test_state_council_style_and_trailing_deadline(make_doc):
    text = """
一、重点任务
1．优化审批流程。（责任单位：市行政审批局）（2023 年 6 月底前完成）
2．扩大开放合作。（商务部、海关总署、市场监管总局等按职责分工负责）
3．加强师资建设。（教育部牵头，财政部、人力资源社会保障部等按职责分工负责）
4．推进示范创建。（责任单位：市农业农村局 责任人：张三）
"""
    doc, blocks, sections = make_doc(text)
    _, tasks = extract_document(doc.id, blocks, sections, doc)
    assert tasks[0].deadline == "2023-06-30"
    assert tasks[1].units == ["商务部", "海关总署", "市场监管总局"]
    assert tasks[2].lead == ["教育部"] and tasks[2].support == ["财政部", "人力资源社会保障部"]
    assert tasks[3].units == ["市农业农村局"]


def test_deadline_after_a_comma(make_doc):
    text = """
一、工作任务
（一）目标任务。到 2025 年，城市管理水平明显提升。（责任单位：市城市管理局，完成时限：2025 年底）
（二）完善设施。（牵头单位：市城市管理局, 配合单位：市财政局、市住房和城乡建设局，时限：2024 年 6 月底前）
"""
    doc, blocks, sections = make_doc(text)
    _, tasks = extract_document(doc.id, blocks, sections, doc)
    first, second = tasks
    assert first.units == ["市城市管理局"]
    assert (first.deadline_text, first.deadline) == ("2025 年底", "2025-12-31")
    assert second.lead == ["市城市管理局"]
    assert second.support == ["市财政局", "市住房和城乡建设局"]
    assert (second.deadline_text, second.deadline) == ("2024 年 6 月底前", "2024-06-30")


def test_article_number_is_said_once():
    """An article (第二条 ……) is its own section: its number is the path, not the text."""
    doc_id = "i000000000000-d01"
    texts = ["第一条 为提高惠企资金拨付效率，制定本办法。",
             "第二条 市财政局负责资金拨付。（牵头单位：市财政局；配合单位：市市场监督管理局）",
             "第三条　市审计局负责监督。（责任单位：市审计局）"]
    blocks = [Block(id=f"{doc_id}-b{n:04d}", doc_id=doc_id, ordinal=n, kind="paragraph",
                    text=t, section_id=f"{doc_id}-s{n:03d}", page=1)
              for n, t in enumerate(texts, start=1)]
    sections = [Section(id=b.section_id, doc_id=doc_id, ordinal=b.ordinal, parent_id=None,
                        level=1, kind="article", numbering=b.text[:3], title=b.text[4:],
                        block_id=b.id, page=1) for b in blocks]
    _, tasks = extract_document(doc_id, blocks, sections)
    assert [(t.section_path, t.text) for t in tasks] == [
        ("第二条", "市财政局负责资金拨付。"), ("第三条", "市审计局负责监督。")]
    assert tasks[0].lead == ["市财政局"] and tasks[0].support == ["市市场监督管理局"]
