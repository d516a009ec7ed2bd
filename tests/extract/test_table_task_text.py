"""A responsibility table with a short name column and a content column: the task's text is
``name：content`` (the work a 督办台账 needs), with its units and deadline as before."""

from __future__ import annotations

import json

import main
from core.extract import extract_document
from core.extract.table_tasks import named_text
from tests.fixtures.unseen_gazette import render_issue, task_table

# invented city: 澄江市
NAME_AND_CONTENT = """
附件
澄江市优化营商环境重点任务清单
序号 重点任务 具体措施 牵头单位 配合单位 完成时限
1 政务服务提速 企业开办时间压缩至1个工作日 市政务服务和大数据管理局 市市场监督管理局 2024年6月底前
2 融资畅通 新增普惠小微贷款20亿元 市财政局 市地方金融监督管理局 2024年12月底前
3 要素保障 保障项目用地3000亩 市自然资源和规划局 市发展和改革委员会 2024年9月底前
"""

WORK_TASK_COLUMN = """
附件
澄江市城乡环境整治任务分工
序号 事项 工作任务 责任单位 完成时限
1 河道清理 完成城区12条河道清淤 市水利局 2024年5月底前
2 垃圾分类 垃圾分类示范小区新增30个 市城市管理局 2024年10月底前
"""

# one text column (政策内容); 政策依据 is a reference, not the task's content
CONTENT_ONLY = """
附件
澄江市惠企政策清单
序号 政策内容 责任单位 政策依据
1 小微企业贷款贴息 市财政局 澄政〔2024〕3号
2 首台套装备奖励 市工业和信息化局 澄政〔2024〕5号
"""


def _tasks(make_doc, text):
    doc, blocks, sections = make_doc(text)
    tables, tasks = extract_document(doc.id, blocks, sections, doc)
    assert len(tables) == 1 and tables[0].structured
    return tasks


def test_name_and_content_columns_make_the_task_text(make_doc):
    tasks = _tasks(make_doc, NAME_AND_CONTENT)
    assert [(t.text, t.lead, t.support, t.deadline) for t in tasks] == [
        ("政务服务提速：企业开办时间压缩至1个工作日", ["市政务服务和大数据管理局"],
         ["市市场监督管理局"], "2024-06-30"),
        ("融资畅通：新增普惠小微贷款20亿元", ["市财政局"], ["市地方金融监督管理局"],
         "2024-12-31"),
        ("要素保障：保障项目用地3000亩", ["市自然资源和规划局"], ["市发展和改革委员会"],
         "2024-09-30")]
    assert all(t.source == "table" and t.confidence == 1.0 for t in tasks)


def test_work_task_column_after_a_matter_column(make_doc):
    """事项 names the task, 工作任务 holds the work (a content that begins with the name
    is not prefixed with it again)."""
    tasks = _tasks(make_doc, WORK_TASK_COLUMN)
    assert [(t.text, t.units, t.deadline_text) for t in tasks] == [
        ("河道清理：完成城区12条河道清淤", ["市水利局"], "2024年5月底前"),
        ("垃圾分类示范小区新增30个", ["市城市管理局"], "2024年10月底前")]


def test_a_single_text_column_is_left_alone(make_doc):
    tasks = _tasks(make_doc, CONTENT_ONLY)
    assert [(t.text, t.units) for t in tasks] == [
        ("小微企业贷款贴息", ["市财政局"]), ("首台套装备奖励", ["市工业和信息化局"])]


def test_named_text():
    assert named_text("数据共享", "建成市级数据共享交换平台") == "数据共享：建成市级数据共享交换平台"
    # the content already begins with the name: not said twice
    assert named_text("垃圾分类", "垃圾分类示范小区新增30个") == "垃圾分类示范小区新增30个"
    assert named_text("融资畅通：", "新增贷款") == "融资畅通：新增贷款"
    assert named_text("", "新增贷款") == "新增贷款"
    assert named_text("融资畅通", "") == "融资畅通"


def test_tasks_command_and_ledger_carry_the_content(capsys, tmp_path):
    src = tmp_path / "lanzhou.txt"
    items, rows = task_table()
    src.write_text(render_issue(items), encoding="utf-8")
    data = tmp_path / "data"
    assert main.main(["--data", str(data), "import", str(src)]) == 0
    capsys.readouterr()
    assert main.main(["--data", str(data), "tasks", "--json"]) == 0
    tasks = json.loads(capsys.readouterr().out)["tasks"]
    assert [(t["text"], t["units"], t["deadline_text"]) for t in tasks] == [
        (f"{r[1]}：{r[2]}", [r[3]], r[4].replace(" ", "")) for r in rows]
    assert main.main(["--data", str(data), "tasks"]) == 0
    assert "数字化转型：规上工业企业数字化改造全覆盖" in capsys.readouterr().out
    ledger = tmp_path / "台账.xlsx"
    assert main.main(["--data", str(data), "tasks", "--xlsx", str(ledger)]) == 0
    import openpyxl
    ws = openpyxl.load_workbook(ledger).active
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "技能培训：培训产业工人 1 万人次" in cells
