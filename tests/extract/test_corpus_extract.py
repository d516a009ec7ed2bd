"""Extraction on the real sample issue (../shared/corpus), checked by hand against the text."""

from __future__ import annotations

import pytest

MIANSHEN_UNITS = (["市税务局"] * 8 + ["市交通运输局"] + ["市市场监督管理局"] * 2
                  + [["市发展和改革委员会", "市科学技术局"]] * 3 + ["市工业和信息化局"] * 16
                  + ["市科学技术局", "市自然资源和规划局"])
DUTY_UNITS = [
    "市委宣传部", "市委统战部", "市委网信办", "市委外办", "市发展和改革委员会", "市教育局",
    "市科学技术局", "市工业和信息化局", "市民族宗教事务局", "市公安局", "市民政局", "市财政局",
    "市人力资源和社会保障局", "市生态环境局", "市住房和城乡建设局", "市交通运输局", "市农业农村局",
    "市商务局", "市文化广电和旅游局", "市卫生健康委员会", "市退役军人事务局", "市应急管理局",
    "市市场监督管理局", "市医疗保障局", "市政务服务和大数据管理局", "市自然资源和规划局",
    "许昌火车站", "许昌海关", "市红十字会", "许昌军分区保障处"]


@pytest.fixture
def parsed(corpus_parsed):
    """The corpus parse, when the parser finds the 11 documents its README describes."""
    if len(corpus_parsed.documents) != 11:
        pytest.skip(f"the parser found {len(corpus_parsed.documents)} documents, not 11")
    return corpus_parsed


def _doc(parsed, words: str):
    found = [d for d in parsed.documents if words in d.title]
    assert len(found) == 1, words
    return found[0]


def _tables(parsed, doc):
    return [t for t in parsed.tables if t.doc_id == doc.id]


def _tasks(parsed, doc, source=None):
    return [t for t in parsed.tasks if t.doc_id == doc.id and source in (None, t.source)]


def test_tables_per_document(parsed):
    counts = [len(_tables(parsed, d)) for d in parsed.documents]
    # 名单, 指标, 专栏 1–10, 专栏 1–9, 表 1–2 + 专栏 1–17, none, 清单, 立法计划, 专栏 1–6,
    # none, 附件 1–2.
    assert counts == [1, 1, 10, 9, 19, 0, 1, 1, 6, 0, 2]
    assert all(t.id == f"{t.doc_id}-t{t.ordinal:02d}" for t in parsed.tables)


def test_column_boxes(parsed):
    doc = _doc(parsed, "文化旅游融合")
    boxes = _tables(parsed, doc)
    assert [t.caption.split()[1] for t in boxes] == [str(n) for n in range(1, 10)]
    # 专栏 1 lists one county per line and ends where the body text resumes.
    assert [r[0][:4] for r in boxes[0].rows] == ["魏都区：", "建安区：", "禹州市：", "长葛市：",
                                                 "鄢陵县：", "襄城县："]
    # A box is a list: one item per row, so its structure is known.
    assert boxes[0].structured and boxes[0].header == [] and boxes[0].raw_rows == []


def test_mianshen_policy_list(parsed):
    doc = _doc(parsed, "免申即享")
    (table,) = _tables(parsed, doc)
    assert table.caption == "附件 许昌市市级“免申即享”惠企政策清单（第一批）"
    assert table.header == [["序号", "政策内容", "享受主体", "类别", "责任单位", "政策依据",
                             "咨询电话"]]
    assert table.row_count == 32 and table.structured
    tasks = _tasks(parsed, doc)
    assert len(tasks) == 32
    assert all(t.source == "table" and t.table_id == table.id for t in tasks)
    expected = [u if isinstance(u, list) else [u] for u in MIANSHEN_UNITS]
    assert [t.units for t in tasks] == expected
    assert tasks[1].text == "社区养老服务免征增值税优惠"
    assert tasks[31].text == "小微企业免收不动产登记费"
    assert tasks[12].text == "对新认定的省级产业创新中心，给予建设单位一次性 100 万元奖励。"


def test_emergency_plan_member_duties(parsed):
    doc = _doc(parsed, "突发公共卫生事件应急预案")
    duties = _tasks(parsed, doc, "duty")
    assert [t.units[0] for t in duties] == DUTY_UNITS
    assert all(len(t.units) == 1 and t.lead == [] for t in duties)
    assert duties[0].text.startswith("负责组织指导媒体对较大以上突发公共卫生事件的宣传报道")
    assert duties[11].section_path.endswith("12．")
    # The working groups (X牵头，A、B……等单位组成) are read from sentences.
    groups = _tasks(parsed, doc, "sentence")
    assert [t.lead for t in groups][:3] == [["市政府办公室"], ["市卫生健康委员会"],
                                            ["市卫生健康委员会"]]
    assert groups[2].support[:3] == ["市工业和信息化局", "市财政局", "市医疗保障局"]
    assert "市政府研究室" in groups[0].support      # 室 ends a unit's name too
    assert all(t.confidence < 1 for t in groups)


def test_legislative_plan_table(parsed):
    doc = _doc(parsed, "立法计划")
    (table,) = _tables(parsed, doc)
    assert table.caption == "附件 许昌市人民政府 2023 年度立法计划"
    assert table.structured
    assert table.header == [["序号", "规章名称", "类别", "议案起草单位", "审查单位", "完成时间",
                             "备注"]]
    assert table.rows == [["1", "《许昌市人民政府规章制定程序规定》", "制定", "市司法局", "市司法局",
                           "2023年9月1日", ""]]
    (task,) = _tasks(parsed, doc)
    assert (task.text, task.units, task.deadline) == (
        "《许昌市人民政府规章制定程序规定》", ["市司法局"], "2023-09-01")


def test_ageing_indicator_table(parsed):
    """An indicator table under a 类别 label printed once for its rows, two characters a line,
    in the middle of them: pieces alone between rows (养老 / 服务), before a row's serial (保障 2
    …) or glued on the value of the row above (— 稳定增长社会). Every cell read by hand."""
    doc = _doc(parsed, "老龄事业")
    (table,) = _tables(parsed, doc)
    assert table.caption == "附件 许昌市“十四五”期间老龄事业发展主要指标"
    assert table.header == [["类别", "序号", "指标", "“十三五”基数", "“十四五”市级预期目标"]]
    assert table.structure == "full" and table.raw_rows == [] and table.groups == []
    assert table.rows == [
        ["社会保障", "1", "城镇职工养老保险退休人员基本养老金和城乡居民养老保险基础养老金", "—",
         "稳定增长"],
        ["社会保障", "2", "基本医疗保险参保率（%）", "96", "≥97"],
        ["养老服务", "3", "养老服务床位总量（万张）", "2.49", "3.38"],
        ["养老服务", "4", "养老机构护理型床位占比（%）", "37.3", "55"],
        ["养老服务", "5", "特殊困难老年人月探访率（%）", "—", "100"],
        ["健康支持", "6", "二级以上综合性医院设立老年医学科比例（%）", "—", "≥90"],
        ["健康支持", "7", "65 岁及以上老年人城乡社区规范健康管理服务率（%）", "—", "65"],
        ["健康支持", "8", "65 岁以上老年人中医药健康管理率（%）", "68.2", "75"],
        ["精神文化生活", "9", "示范性老年大学（学校）个", "1", "6"],
        ["精神文化生活", "10", "经常性参与教育活动的老年人口比例（%）", "—", "≥25"],
        ["精神文化生活", "11", "经常性参与体育活动的老年人口比例（%）", "—", "≥25"],
        ["社会参与", "12", "依法登记的老年社会团体数（个）", "—", "逐步增加"],
        ["社会参与", "13", "城乡基层老年协会覆盖率（%）", "—", "≥90"],
        # 社会 / 参与 printed a second time, between rows 14 and 15: a label of its own
        ["社会参与", "14", "每千名老年人配备社会工作者人数", "0.36 人", "1 人"],
        ["社会参与", "15", "为符合受理条件的老年人提供法律援助", "—", "应援尽援"],
        ["友好环境", "16", "每年开展“敬老月”活动的县（市、区）覆盖率（%）", "100", "100"],
        ["友好环境", "17", "新建住宅小区规划、配建、移交养老服务设施达标率（%）", "—", "100"],
        ["友好环境", "18", "公共服务类移动互联网应用适老化和信息无障碍改造率（%）", "—", "100"]]
    assert table.last_page == 19
    # the label pieces on lines of their own are lines of the table, not paragraphs
    alone = [b for b in parsed.blocks if b.doc_id == doc.id and b.text.strip() in ("养老", "友好")]
    assert alone and all(b.id in table.block_ids and b.kind == "table_row" for b in alone)


def test_award_list_groups(parsed):
    doc = parsed.documents[0]
    (table,) = _tables(parsed, doc)
    assert [label for _, label in table.groups] == ["一、先进集体（共 50 个）",
                                                    "二、先进个人（共 145 人）"]
    assert table.groups[1][0] == 50 and table.row_count == 195


def test_blocks_relabelled_only_as_table_rows_or_captions(parsed):
    table_blocks = {b for t in parsed.tables for b in t.block_ids}
    headings = {s.block_id for s in parsed.sections}
    kinds = {b.kind for b in parsed.blocks if b.id in table_blocks and b.id not in headings}
    assert kinds <= {"table_row", "caption"}
    assert not any(b.kind == "table_row" for b in parsed.blocks
                   if b.id not in table_blocks)


def test_inline_brackets_of_the_new_pollutants_plan(parsed):
    doc = _doc(parsed, "新污染物")
    tasks = _tasks(parsed, doc)
    assert len(tasks) == 19 and {t.source for t in tasks} == {"inline"}
    first = tasks[0]
    assert first.section_path == "三、（一）1．"
    assert first.text.startswith("建立健全新污染物治理管理机制。")
    assert first.lead == ["市生态环境局"]
    assert first.support[:3] == ["市发展和改革委员会", "市科学技术局", "市工业和信息化局"]
    assert first.support[-2:] == ["许昌海关", "各县〔市、区〕人民政府〔管委会〕"]
    # "以下均需……落实，不再列出" inside the first bracket applies to the tasks after it.
    note = "以下均需各县〔市、区〕人民政府〔管委会〕落实，不再列出"
    assert first.note == "" and all(t.note == note for t in tasks[1:])
    assert all(not any("以下" in u for u in t.units) for t in tasks)
    # and the counties it names carry out each of them (support where a unit leads)
    county = "各县〔市、区〕人民政府〔管委会〕"
    assert all(t.units[-1] == county for t in tasks)
    assert [t.support[-1:] for t in tasks if t.lead] == [[county]] * 3
    third = tasks[2]
    assert (third.units, third.deadline_text, third.deadline) == (
        ["市生态环境局", county], "2023 年年底前", "2023-12-31")
    assert tasks[3].units == ["市生态环境局", "市水利局", "市卫生健康委员会", county]
    assert tasks[15].deadline is None           # 每年 1 月底前 recurs: no single date
    assert tasks[17].units == ["市财政局", "市生态环境局", "市税务局", "许昌银保监分局", county]


def test_inline_brackets_of_the_outfall_plan(parsed):
    doc = _doc(parsed, "入河排污口")
    tasks = _tasks(parsed, doc)
    # （一）排查溯源's （……等按职责分工负责，各县（市、区）人民政府〔管委会〕落实。……）: the
    # counties are named by 落实, and its note (以下均需各县（市、区）人民政府〔管委会〕落实，
    # 不再列出) names them for every later task
    county = "各县（市、区）人民政府〔管委会〕"
    assert [t.units for t in tasks] == (
        [["市生态环境局", "市水利局", "市农业农村局", county]] * 4
        + [["市生态环境局", "市水利局", county]] * 3
        + [["市生态环境局", "市水利局", "市农业农村局", county], ["市生态环境局", "市水利局", county]])
    assert [t.section_path for t in tasks[:2]] == ["二、（一）", "二、（二）1．"]


MIANSHEN_FULL_TEXTS = {
    1: "对月销售额 10 万元以下（含本数）的增值税小规模纳税人，免征增值税。增值税小规模纳税人"
       "适用 3%征收率的应税销售收入，减按 1%征收率征收增值税；适用 3%预征率的预缴增值税项目，"
       "减按 1%预征率预缴增值税。",
    6: "自 2022 年 1 月 1 日起至 2024 年12 月 31 日，对河南省增值税小规模纳税人、小型微利企业和"
       "个体工商户按 50%的税额幅度减征资源税（不含水资源税）、城市维护建设税、房产税、城镇土地"
       "使用税、印花税(不含证券交易印花税)、耕地占用税和教育费附加、地方教育附加。",
    7: "制造业企业开展研发活动中实际发生的研发费用，未形成无形资产计入当期损益的，在按规定据实"
       "扣除的基础上，自 2021 年 1 月 1 日起，再按照实际发生额的 100%在税前加计扣除；形成无形"
       "资产的，自 2021 年 1 月 1 日起，按照无形资产成本的 200%在税前摊销。本条所称制造业企业，"
       "是指以制造业业务为主营业务，享受优惠当年主营业务收入占收入总额的比例达到 50%以上的企业。"
       "制造业的范围按照《国民经济行业分类》（GB/T 4754-2017）确定，如国家有关部门更新《国民经济"
       "行业分类》，从其规定。收入总额按照企业所得税法第六条规定执行。",
    11: "对新认定的国家级、省级知识产权优势（示范、领军）企业，分别给予 20 万元、10 万元奖励。"
        "被新认定的省级以上专利导航试验区，一次性给予 50 万元奖励。对获得国家级、省级专利奖的"
        "单位（个人），分别给予 20 万元、10 万元奖励。",
    12: "对新认定的国家级企业技术中心，给予建设单位一次性 200 万元奖励；对新认定的省级企业技术"
        "中心，给予建设单位一次性 20 万元奖励；对新认定的市级企业技术中心，给予建设单位一次性 "
        "5 万元奖励。",
}


def test_mianshen_tasks_carry_the_whole_policy_cell(parsed):
    """Each task holds its whole 政策内容 cell, not the text up to the first full stop."""
    doc = _doc(parsed, "免申即享")
    tasks = _tasks(parsed, doc)
    for n, text in MIANSHEN_FULL_TEXTS.items():
        assert tasks[n - 1].text == text, n
    assert tasks[2].text == "社区托育服务免征增值税优惠"
    # 31 has no sentence end to close its 政策内容 cell: the width of its lines (as wide as
    # the column, the 享受主体's first line would run past its own) tells where it ends.
    assert tasks[30].text == ("对新认定的高新技术企业，给予10 万元奖励，对重新认定的高新"
                              "技术企业，给予 5 万元奖励")
    assert tasks[30].units == ["市科学技术局"]
    # Every row is read from its cells.
    assert all(t.confidence == 1.0 for t in tasks)


def test_community_indicator_table_is_structured(parsed):
    """专栏 1 of the 社区服务 plan: 序号 指标 基础值 目标值 属性, read from both ends of each row."""
    doc = _doc(parsed, "城乡社区服务体系")
    table = _tables(parsed, doc)[0]
    assert table.caption == "专栏 1 “十四五”城乡社区服务体系建设主要指标"
    assert table.structured and table.groups == []
    assert table.header == [["序号", "指标", "2020年基础值", "2025年目标值", "指标属性"]]
    assert table.rows == [
        ["1", "农村社区综合服务设施覆盖率", "100%", "100%", "预期性"],
        ["2", "城市社区综合服务设施覆盖率", "100%", "100%", "预期性"],
        ["3", "社区商业和综合服务设施面积占社区总建筑面积比例", "—", "≥10%", "预期性"],
        ["4", "每百户居民拥有社区综合服务设施面积", "30 平方米", "＞30 平方米", "预期性"],
        ["5", "居民活动区域面积占社区综合服务设施总面积比例", "—", "≥60%", "预期性"],
        ["6", "城市社区政务通用自助服务一体机覆盖率", "—", "100%", "预期性"],
        ["7", "社会工作者总量占常住人口总数比例", "0.4‰", "1‰", "预期性"],
        ["8", "市辖区社区平均拥有社会工作者数量", "—", "≥3 名／社区", "预期性"],
        ["9", "县（市、区）社区平均拥有社会工作者数量", "—", "≥1 名／社区", "预期性"]]
    # The headings after the table are not group rows of it.
    heading = next(b for b in parsed.blocks if b.doc_id == doc.id and b.text == "二、主要任务")
    assert heading.kind == "heading" and heading.id not in table.block_ids


def test_structured_corpus_tables(parsed):
    # 专栏 boxes are lists (one item per row); the grids that are not fully structured keep
    # every row, whole.
    rest = [t for t in parsed.tables if not t.structured]
    assert {t.caption for t in rest} == {"表 1 “十四五”时期自然资源保护和利用主要指标"}
    assert len(parsed.tables) - len(rest) == 49
    for t in rest:
        assert len(t.raw_rows) == len(t.rows) or t.structure == "partial"


def test_table_2_ends_before_its_note_and_the_body_text(parsed):
    doc = _doc(parsed, "自然资源")
    table = next(t for t in _tables(parsed, doc) if t.caption.startswith("表2"))
    # A two-level header (最低开采规模 over 大型 中型 小型) over 4 lines, then 11 rows.
    assert table.structured and table.row_count == 11
    assert table.header == [["序号", "矿产名称", "矿山生产能力（单位/年）", "最低开采规模（大型）",
                             "最低开采规模（中型）", "最低开采规模（小型）"]]
    assert table.rows == [
        ["1", "铝土矿（露天）", "矿石万吨/年", "100", "30", "10"],
        ["2", "铝土矿（地下）", "矿石万吨/年", "100", "30", "30"],
        ["3", "煤炭（地下）", "原煤万吨/年", "120", "60/90", "60/90"],
        ["4", "铁矿（地下）", "矿石万吨/年", "100", "30", "10"],
        ["5", "耐火粘土", "矿石万吨/年", "100", "30", "10"],
        ["6", "水泥用石灰岩", "矿石万吨/年", "100", "50", "30"],
        ["7", "冶金用石英岩", "矿石万吨/年", "60", "20", "10"],
        ["8", "地热（热水）", "万立方米", "20", "10", "10"],
        ["9", "砖瓦用页岩", "矿石万立方米/年", "2000", "200", "200"],
        ["10", "建筑石料", "矿石万吨/年", "300", "100", "/"],
        ["11", "建筑用砂", "矿石万吨/年", "300", "100", "/"]]
    note = next(b for b in parsed.blocks if b.doc_id == doc.id
                and b.text.startswith("1、大型、中型及小型为矿山占用资源储量规模"))
    assert note.kind != "table_row" and note.id not in table.block_ids


def test_reextraction_reads_the_same_tables(parsed):
    import copy

    from core.extract import extract_issue

    again = copy.deepcopy(parsed)
    extract_issue(again)
    assert [(t.caption, t.header, t.rows, t.groups, t.block_ids) for t in again.tables] == \
        [(t.caption, t.header, t.rows, t.groups, t.block_ids) for t in parsed.tables]
