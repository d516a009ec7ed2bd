"""An issue's tables and tasks as one set (本期概要's side panels, ``tables --issue``,
``tasks --issue``): the store's queries, the workbook of several tables, the commands."""

from __future__ import annotations

import json

from openpyxl import load_workbook

import main
from core.importer import parse_text
from core.paths import db_path
from core.store import Library
from tests.fixtures.issue_sets import issue_text


def _import(data_dir, tmp_path, capsys, numbers=(4, 6)) -> None:
    files = []
    for n in numbers:
        p = tmp_path / f"lc{n}.txt"
        p.write_text(issue_text(n), encoding="utf-8")
        files.append(str(p))
    assert main.main(["import", *files, "--data", str(data_dir)]) == 0
    capsys.readouterr()


def run(capsys, *argv):
    code = main.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_store_gives_an_issues_tables_and_tasks_by_document(library):
    for n, sha in ((4, "a"), (6, "b")):
        library.import_issue(parse_text(issue_text(n), source_name=f"{n}.txt", sha256=sha * 64))
    four = library.find_issue("2024-4")
    docs = {d.id: d for d in library.documents(four.id)}
    tables = library.tables(issue_id=four.id)
    assert [docs[t.doc_id].doc_no.printed for t in tables] == ["临政〔2024〕2 号", "临政〔2024〕15 号"]
    assert all(t.doc_id in docs for t in tables)        # none of 第6期
    assert len(library.tables()) == 4
    # both filters: the document's tables within the issue
    six = library.find_issue("2024-6")
    other = next(d for d in library.documents(six.id) if d.title.startswith("关于下达"))
    mine = next(d for d in docs.values() if d.title.startswith("关于下达"))
    assert library.tables(other.id, issue_id=four.id) == []
    assert [t.id for t in library.tables(mine.id, issue_id=four.id)] == [tables[1].id]
    records = library.task_records(issue_id=four.id)
    assert [r.doc_no for r in records] == ["临政办〔2024〕11 号"] * 2 + ["临政办〔2024〕12 号"]
    assert {r.issue_id for r in records} == {four.id}
    assert [r.task.ordinal for r in records] == [1, 2, 1]      # by document, then in order
    assert len(library.task_records()) == 6
    assert [r.task.text for r in library.task_records(issue_id=four.id, unit="市林业局")] == \
        [records[2].task.text]


def test_tables_and_tasks_of_an_issue_on_the_command_line(data_dir, tmp_path, capsys):
    _import(data_dir, tmp_path, capsys)
    code, out, err = run(capsys, "tables", "--issue", "2024-4", "--json", "--data", str(data_dir))
    assert code == 0, err
    data = json.loads(out)
    lib = Library(db_path(data_dir))
    try:
        four = lib.find_issue("2024-4")
        expected = [t.id for t in lib.tables(issue_id=four.id)]
        tasks = [r.task.id for r in lib.task_records(issue_id=four.id)]
    finally:
        lib.close()
    assert data["count"] == 2 and [t["id"] for t in data["tables"]] == expected
    assert data["written"] == []
    code, out, _ = run(capsys, "tables", "--issue", "2024-4", "--data", str(data_dir))
    lines = out.splitlines()
    assert lines[0].startswith("临政〔2024〕2 号  关于表彰") and lines[1].startswith(f"  {expected[0]}")
    assert lines[2].startswith("临政〔2024〕15 号  关于下达") and lines[3].startswith(f"  {expected[1]}")
    assert lines[-1] == "《临城市人民政府公报》2024年第4期：共 2 张表格，来自 2 份文件。"
    # the whole library: each document's issue is named
    code, out, _ = run(capsys, "tables", "--data", str(data_dir))
    assert out.count("《临城市人民政府公报》2024年第4期  临政〔2024〕2 号") == 1
    assert out.count("《临城市人民政府公报》2024年第6期  临政〔2024〕2 号") == 1
    code, out, _ = run(capsys, "tasks", "--issue", "2024-4", "--json", "--data", str(data_dir))
    assert [t["id"] for t in json.loads(out)["tasks"]] == tasks
    assert {t["issue_label"] for t in json.loads(out)["tasks"]} == {"《临城市人民政府公报》2024年第4期"}
    code, out, _ = run(capsys, "tasks", "--issue", "2024-4", "--data", str(data_dir))
    assert out.splitlines()[-1] == "《临城市人民政府公报》2024年第4期：共 3 项任务，来自 2 份文件。"
    code, _, err = run(capsys, "tables", "--issue", "2099-1", "--data", str(data_dir))
    assert code == 1 and "2099-1" in err and "Traceback" not in err


def test_an_issues_tables_in_one_workbook(data_dir, tmp_path, capsys):
    _import(data_dir, tmp_path, capsys)
    target = tmp_path / "本期表格.xlsx"
    code, out, err = run(capsys, "tables", "--issue", "2024-4", "--xlsx", str(target), "--json",
                         "--data", str(data_dir))
    assert code == 0, err
    assert json.loads(out)["written"] == [str(target)]
    wb = load_workbook(target)
    assert wb.sheetnames == ["目录", "表1", "表2"]
    index = [[c.value for c in row] for row in wb["目录"].iter_rows(min_row=2)]
    assert index[0] == ["工作表", "文号", "文件名称", "表格", "行数", "页码"]
    assert [r[:2] for r in index[1:]] == [["表1", "临政〔2024〕2 号"], ["表2", "临政〔2024〕15 号"]]
    assert index[2][2] == "关于下达2023年度科技创新奖励资金的通知" and index[2][4] == 28
    sheet = wb["表2"]
    assert sheet["A1"].value.startswith("临政〔2024〕15 号 表1 附件 2023 年度科技创新奖励资金分配表")
    assert [c.value for c in sheet[2]] == ["类别", "序号", "企业名称", "奖励金额（万元）"]
    assert sheet["C3"].value.startswith("许昌") and isinstance(sheet["D3"].value, int)
    code, _, err = run(capsys, "tables", "--doc", "临政办〔2024〕11号", "--xlsx",
                       str(tmp_path / "none.xlsx"), "--data", str(data_dir))
    assert code == 1 and "没有可导出的表格" in err and not (tmp_path / "none.xlsx").exists()
