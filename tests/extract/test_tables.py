"""Tables flattened into short lines: structured grids, lists, groups, raw tables, boxes."""

from __future__ import annotations

from core.extract import extract_document

POLICY_LIST = """
附件 2
全市老旧消防站升级改造清单
序号 项目名称 建设内容 责任单位 完成时限
1 东城消防站 改造营房 市消防救援支队 2023年6月底前
2 西区消防站 新建车库 市住房和城乡建设局 2023年12月底前
3 北关消防站 更新装备 市财政局、市应急管理局 长期坚持
"""


def test_structured_table_with_responsibility_column(make_doc):
    doc, blocks, sections = make_doc(POLICY_LIST)
    tables, tasks = extract_document(doc.id, blocks, sections, doc)
    assert len(tables) == 1
    t = tables[0]
    assert t.id == f"{doc.id}-t01"
    assert t.caption == "附件 2 全市老旧消防站升级改造清单"
    assert t.header == [["序号", "项目名称", "建设内容", "责任单位", "完成时限"]]
    assert t.structured and t.row_count == 3
    assert t.rows[2] == ["3", "北关消防站", "更新装备", "市财政局、市应急管理局", "长期坚持"]
    assert [b.kind for b in blocks] == ["paragraph", "caption"] + ["table_row"] * 4
    assert [(k.text, k.units, k.deadline, k.source, k.table_id) for k in tasks] == [
        ("东城消防站：改造营房", ["市消防救援支队"], "2023-06-30", "table", t.id),
        ("西区消防站：新建车库", ["市住房和城乡建设局"], "2023-12-31", "table", t.id),
        ("北关消防站：更新装备", ["市财政局", "市应急管理局"], None, "table", t.id)]


def test_lead_and_support_columns(make_doc):
    text = """
表 1 重点任务分工
序号 主要任务 牵头单位 配合单位
1 建设智慧城市平台 市大数据局 市财政局、市公安局
2 推进数字乡村 市农业农村局 市委网信办
"""
    doc, blocks, sections = make_doc(text)
    tables, tasks = extract_document(doc.id, blocks, sections, doc)
    assert tables[0].caption == "表 1 重点任务分工"
    assert tasks[0].lead == ["市大数据局"] and tasks[0].support == ["市财政局", "市公安局"]
    assert tasks[1].lead == ["市农业农村局"] and tasks[1].support == ["市委网信办"]


def test_wrapped_cells_make_an_unstructured_table(make_doc):
    # Cells wrapped over several lines: the columns cannot be recovered with confidence.
    text = """
许昌市惠企政策清单
序
号 政策内容 享受主体 责任单位 政策依据
1
对新认定的国家级企业技术中心，
给予一次性 200 万元奖励。
首次认定的企业 财政
奖补 市发展和改革委
员会、市科学技术局
《创新发展综合
配套改革方案》
2 对新认定的省级工程研究中心，给
予一次性 20 万元奖励。
首次认定的省级工程研
究中心 市市场监督
管理局 《质量奖管理办法》
"""
    doc, blocks, sections = make_doc(text)
    tables, tasks = extract_document(doc.id, blocks, sections, doc)
    t = tables[0]
    assert t.header == [["序号", "政策内容", "享受主体", "责任单位", "政策依据"]]
    # Row 1 has a 财政 / 奖补 cell the header does not name: it is kept whole, never
    # shifted. Row 2 reads from its wraps: each cell ends where a line ends.
    assert not t.structured and t.structure == "partial" and t.raw_rows == [0]
    assert t.rows[0][0].startswith("1\n对新认定的国家级企业技术中心，\n给予一次性")
    assert t.rows[1] == ["2", "对新认定的省级工程研究中心，给予一次性 20 万元奖励。",
                         "首次认定的省级工程研究中心", "市市场监督管理局", "《质量奖管理办法》"]
    assert [k.units for k in tasks] == [["市发展和改革委员会", "市科学技术局"],
                                        ["市市场监督管理局"]]
    assert tasks[0].text == "对新认定的国家级企业技术中心，给予一次性 200 万元奖励。"
    assert tasks[0].confidence < 1


def test_name_list_with_groups(make_doc):
    text = """
附件
先进集体、先进个人名单
一、先进集体（共 3 个）
开封市图书馆
开封市文化馆
兰考县文化广电和旅游局
二、先进个人（共 2 人）
王 明 开封市图书馆馆员
李小红 兰考县文化馆副馆长
"""
    doc, blocks, sections = make_doc(text)
    tables, tasks = extract_document(doc.id, blocks, sections, doc)
    assert tasks == []
    t = tables[0]
    assert t.caption == "附件 先进集体、先进个人名单"
    assert t.groups == [(0, "一、先进集体（共 3 个）"), (3, "二、先进个人（共 2 人）")]
    # Each group has its own cells: a unit per line; a name (spaced out as printed) and a unit.
    assert t.row_count == 5 and t.structured and t.raw_rows == []
    assert t.rows[0] == ["开封市图书馆", ""]
    assert t.rows[3:] == [["王明", "开封市图书馆馆员"], ["李小红", "兰考县文化馆副馆长"]]
    assert [c["ok"] for c in t.checks] == [True, True]


def test_name_list_row_that_does_not_fit_is_kept_whole(make_doc):
    text = """
附件
先进个人名单
一、先进个人（共 4 人）
王明 开封市图书馆馆员
李小红 兰考县文化馆副馆长
赵 强 开封市 文化馆 馆员
刘芳 开封市博物馆馆员
"""
    doc, blocks, sections = make_doc(text)
    (t,), _ = extract_document(doc.id, blocks, sections, doc)
    assert not t.structured and t.structure == "partial" and t.raw_rows == [2]
    assert t.rows[2] == ["赵 强 开封市 文化馆 馆员"] and t.rows[3] == ["刘芳", "开封市博物馆馆员"]
    assert t.checks == [{"label": "先进个人", "stated": 4, "counted": 4, "unit": "人", "ok": True}]


def test_name_table_with_header(make_doc):
    text = """
评审专家名单
姓名 性别 单位 职称
张三 男 市人民医院 主任医师
李四 女 市疾病预防控制中心 副主任医师
"""
    doc, blocks, sections = make_doc(text)
    tables, _ = extract_document(doc.id, blocks, sections, doc)
    t = tables[0]
    assert t.structured and t.header == [["姓名", "性别", "单位", "职称"]]
    assert t.rows == [["张三", "男", "市人民医院", "主任医师"],
                      ["李四", "女", "市疾病预防控制中心", "副主任医师"]]


def test_column_box_is_a_list(make_doc):
    text = """
一、发展目标
专栏 3  新一代信息技术产业重大项目
新型显示：建设电子信息产业园。
5G：建设 5G 光通信生产线。
二、重点任务
推进项目建设。
"""
    doc, blocks, sections = make_doc(text)
    tables, _ = extract_document(doc.id, blocks, sections, doc)
    assert len(tables) == 1
    t = tables[0]
    assert t.caption == "专栏 3 新一代信息技术产业重大项目"
    assert t.header == [] and t.structured      # a list: one item per row
    assert t.rows == [["新型显示：建设电子信息产业园。"], ["5G：建设 5G 光通信生产线。"]]


def test_box_paragraph_holding_two_items_gives_two_rows(make_doc):
    text = """
专栏 1  主要目标完成情况
地区生产总值：年均增长7.1%。全社会固定资产投资：年均增长9.1%。
科技进步贡献率：从60%增长到62%。
二、重点任务
"""
    doc, blocks, sections = make_doc(text)
    (t,), _ = extract_document(doc.id, blocks, sections, doc)
    assert t.rows == [["地区生产总值：年均增长7.1%。"], ["全社会固定资产投资：年均增长9.1%。"],
                      ["科技进步贡献率：从60%增长到62%。"]]


def test_no_table_in_plain_text(make_doc):
    text = """
一、总体要求
坚持以人民为中心的发展思想，统筹发展和安全，推进治理体系和治理能力现代化建设。
（一）基本原则
坚持党的全面领导。
"""
    doc, blocks, sections = make_doc(text)
    assert extract_document(doc.id, blocks, sections, doc) == ([], [])


def test_numbered_plan_heading_is_not_a_list_caption(make_doc):
    text = """
三、年度工作计划
（一）第一季度
开展调研。
（二）第二季度
形成方案。
"""
    doc, blocks, sections = make_doc(text)
    assert extract_document(doc.id, blocks, sections, doc)[0] == []


WRAPPED_TASKS = """
许昌市惠企政策清单
序
号 政策内容 享受主体 责任单位 政策依据
1
对新认定的国家级企业技术中心，
给予一次性 200 万元奖励。对新认
定的省级企业技术中心，给予建设
单位一次性 20 万元奖励。
首次认定的国家级企业
技术中心。 市发展和改革委
员会 《创新发展综合
配套改革方案》
2
对新认定的高新技术企业，给予
10 万元奖励，对重新认定的高新
技术企业，给予 5 万元奖励
新认定的高新技术企业 市科学技术局
《创新发展综合配套改革方案》
"""


def test_table_task_carries_the_whole_task_cell(make_doc):
    doc, blocks, sections = make_doc(WRAPPED_TASKS)
    _, tasks = extract_document(doc.id, blocks, sections, doc)
    first, second = tasks
    # The cell goes on past the first full stop and ends at its short last line, before the
    # 享受主体 cell (which also ends with a full stop).
    assert first.text == ("对新认定的国家级企业技术中心，给予一次性 200 万元奖励。对新认定的省级"
                          "企业技术中心，给予建设单位一次性 20 万元奖励。")
    assert first.units == ["市发展和改革委员会"] and first.confidence == 0.7
    # No sentence end: the cell boundary is unknown, so the whole row (without the unit
    # cell) is kept rather than a fragment.
    assert second.text == ("对新认定的高新技术企业，给予10 万元奖励，对重新认定的高新技术企业，"
                           "给予 5 万元奖励新认定的高新技术企业 《创新发展综合配套改革方案》")
    assert second.units == ["市科学技术局"] and second.confidence == 0.5


INDICATORS = """
专栏 2 主要指标
序号 指 标
2020 年
基数
2025 年
目标值
指标属性
1 城市生活垃圾无害化处理率 98% 100% 约束性
2
每万人拥有公共文化设施面积
— 800 平方米 预期性
3 城镇污水处理率 95% ≥97% 约束性
二、主要任务
"""


def test_indicator_table_is_read_from_both_ends(make_doc):
    doc, blocks, sections = make_doc(INDICATORS)
    (table,), _ = extract_document(doc.id, blocks, sections, doc)
    assert table.structured and table.groups == []
    assert table.header == [["序号", "指标", "2020年基数", "2025年目标值", "指标属性"]]
    assert table.rows == [["1", "城市生活垃圾无害化处理率", "98%", "100%", "约束性"],
                          ["2", "每万人拥有公共文化设施面积", "—", "800 平方米", "预期性"],
                          ["3", "城镇污水处理率", "95%", "≥97%", "约束性"]]
    assert blocks[-1].kind == "heading" and blocks[-1].id not in table.block_ids


def test_indicator_row_that_does_not_read_keeps_the_table_raw(make_doc):
    text = INDICATORS.replace("3 城镇污水处理率 95% ≥97% 约束性", "3 城镇污水处理率 完成上级下达任务 约束性")
    doc, blocks, sections = make_doc(text)
    (table,), _ = extract_document(doc.id, blocks, sections, doc)
    assert not table.structured and all(len(r) == 1 for r in table.rows)
    assert table.rows[2] == ["3 城镇污水处理率 完成上级下达任务 约束性"]


def test_header_with_letter_spaced_words(make_doc):
    for header in ("序  号    主 要 内 容    责 任 单 位    完 成 时 限",
                   "序 号 主 要 内 容 责 任 单 位 完 成 时 限"):
        text = f"""
重点工作任务清单
{header}
1 建设城市大脑 市大数据局 2024年6月底前
2 推进数字乡村 市农业农村局 2024年12月底前
"""
        doc, blocks, sections = make_doc(text)
        (t,), tasks = extract_document(doc.id, blocks, sections, doc)
        assert t.header == [["序号", "主要内容", "责任单位", "完成时限"]], header
        assert t.structured and t.rows[1] == ["2", "推进数字乡村", "市农业农村局", "2024年12月底前"]
        assert [k.units for k in tasks] == [["市大数据局"], ["市农业农村局"]]


def test_list_of_several_names_to_a_line_counts_names(make_doc):
    text = """
附件
2023 年度诚信示范企业名单
一、工业企业（共 7 家）
许昌甲机械有限公司 许昌乙电气有限公司 许昌丙食品厂
许昌丁发制品有限公司 许昌戊新材料有限公司 许昌己科技有限公司
许昌庚铸造厂
二、个人（共 5 人）
王明 李小红 赵强
刘芳 欧阳明远
"""
    doc, blocks, sections = make_doc(text)
    (t,), _ = extract_document(doc.id, blocks, sections, doc)
    assert t.structured and t.rows[2] == ["许昌庚铸造厂", "", ""]
    assert [(c["label"], c["stated"], c["counted"], c["ok"]) for c in t.checks] == [
        ("工业企业", 7, 7, True), ("个人", 5, 5, True)]
