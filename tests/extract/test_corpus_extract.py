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
    assert not boxes[0].structured and boxes[0].header == []


def test_mianshen_policy_list(parsed):
    doc = _doc(parsed, "免申即享")
    (table,) = _tables(parsed, doc)
    assert table.caption == "附件 许昌市市级“免申即享”惠企政策清单（第一批）"
    assert table.header == [["序号", "政策内容", "享受主体", "类别", "责任单位", "政策依据",
                             "咨询电话"]]
    assert table.row_count == 32 and not table.structured
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
    doc = _doc(parsed, "老龄事业")
    (table,) = _tables(parsed, doc)
    assert table.caption == "附件 许昌市“十四五”期间老龄事业发展主要指标"
    assert table.header == [["类别", "序号", "指标", "“十三五”基数", "“十四五”市级预期目标"]]
    # The 类别 cells sit between rows: the columns cannot be told apart, rows stay raw text.
    assert not table.structured and table.row_count == 18
    assert table.rows[2] == ["3 养老服务床位总量（万张） 2.49 3.38"]
    assert table.rows[17] == ["18\n公共服务类移动互联网应用适老化和\n信息无障碍改造率（%） — 100"]
    assert table.last_page == 19


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
    third = tasks[2]
    assert (third.units, third.deadline_text, third.deadline) == (
        ["市生态环境局"], "2023 年年底前", "2023-12-31")
    assert tasks[3].units == ["市生态环境局", "市水利局", "市卫生健康委员会"]
    assert tasks[15].deadline is None           # 每年 1 月底前 recurs: no single date
    assert tasks[17].units == ["市财政局", "市生态环境局", "市税务局", "许昌银保监分局"]


def test_inline_brackets_of_the_outfall_plan(parsed):
    doc = _doc(parsed, "入河排污口")
    tasks = _tasks(parsed, doc)
    assert [t.units for t in tasks] == (
        [["市生态环境局", "市水利局", "市农业农村局"]] * 3 + [["市生态环境局", "市水利局"]] * 3
        + [["市生态环境局", "市水利局", "市农业农村局"], ["市生态环境局", "市水利局"]])
    assert tasks[0].section_path == "二、（二）1．"
