"""The tasks / units / tables / table / reextract commands, with --data and --json."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

import main
from tests.extract.test_store_export import _parsed


@pytest.fixture
def data(library, data_dir):
    library.import_issue(_parsed())
    return data_dir


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_tasks_json_by_unit(data, capsys):
    code, out, _ = run(capsys, "tasks", "--unit", "市财政局", "--role", "support",
                       "--data", str(data), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["count"] == 2
    first = result["tasks"][0]
    assert set(first) == {"id", "doc_id", "order", "text", "section_path", "lead", "support",
                          "units", "deadline_text", "deadline", "note", "source", "confidence",
                          "block_id", "table_id", "page", "page_estimated", "doc_title", "doc_no", "issue_id",
                          "issue_label"}
    assert first["lead"] == ["市发展和改革委员会"] and first["deadline"] == "2023-06-30"
    assert first["issue_label"] == "《开封市人民政府公报》2023年第5期"


def test_tasks_of_a_document_by_doc_no_and_xlsx(data, capsys, tmp_path):
    target = tmp_path / "ledger.xlsx"
    code, out, _ = run(capsys, "tasks", "--doc", "汴政[2023]7号", "--due-before", "2023-12-31",
                       "--xlsx", str(target), "--data", str(data))
    assert code == 0
    assert "共 2 项任务。" in out and "已写入" in out
    ws = load_workbook(target).active
    assert ws["B3"].value == "加快推进重大项目建设。" and ws.max_row == 4


def test_the_document_may_be_a_word_as_in_show(data, capsys):
    """tasks DOC and tables DOC are --doc DOC; two different documents are refused."""
    code, by_option, _ = run(capsys, "tasks", "--doc", "汴政[2023]7号", "--data", str(data))
    assert code == 0 and "项任务" in by_option
    code, by_word, _ = run(capsys, "tasks", "汴政[2023]7号", "--data", str(data))
    assert code == 0 and by_word == by_option and "汴政〔2023〕7号" in by_word.replace(" ", "")
    code, tables_word, _ = run(capsys, "tables", "汴政[2023]7号", "--data", str(data), "--json")
    code2, tables_option, _ = run(capsys, "tables", "--doc", "汴政[2023]7号", "--data", str(data),
                                  "--json")
    assert code == code2 == 0 and tables_word == tables_option
    with pytest.raises(SystemExit) as stop:
        main.main(["tasks", "汴政[2023]7号", "--doc", "汴政[2023]8号", "--data", str(data)])
    assert stop.value.code == 2 and "文件只能给一个" in capsys.readouterr().err


def test_unknown_unit_and_document_are_chinese_errors(data, capsys):
    code, _, err = run(capsys, "tasks", "--unit", "市不存在局", "--data", str(data))
    assert code == 1 and "资料库中没有单位“市不存在局”" in err
    code, _, err = run(capsys, "tasks", "--due-before", "下个月", "--data", str(data))
    assert code == 1 and "无法识别日期" in err
    code, _, err = run(capsys, "table", "nope-t01", "--data", str(data))
    assert code == 1 and "没有编号为 nope-t01 的表格" in err


def test_units_json(data, capsys):
    code, out, _ = run(capsys, "units", "--data", str(data), "--json")
    assert code == 0
    units = {u["name"]: u for u in json.loads(out)["units"]}
    assert units["市财政局"] == {"name": "市财政局", "printed": ["市财政局", "开封市财政局"],
                                 "lead": 0, "support": 2, "responsible": 2, "tasks": 4}


def test_tables_and_table_export(data, capsys, tmp_path):
    code, out, _ = run(capsys, "tables", "--data", str(data), "--json")
    assert code == 0
    (table,) = json.loads(out)["tables"]
    assert table["caption"] == "附件 全市老旧消防站升级改造清单"
    assert (table["structured"], table["row_count"], table["columns"]) == (True, 2, 5)
    code, out, _ = run(capsys, "table", table["id"], "--data", str(data))
    assert "1 | 东城消防站 | 改造营房 | 市消防救援支队 | 2023年9月底前" in out
    target = tmp_path / "t.csv"
    code, out, _ = run(capsys, "table", table["id"], "--csv", str(target), "--data", str(data),
                       "--json")
    assert json.loads(out)["written"] == [str(target)]
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")


def test_reextract_json(data, capsys):
    code, out, _ = run(capsys, "reextract", "--data", str(data), "--json")
    assert code == 0 and json.loads(out) == {"issues": 1, "tables": 1, "tasks": 5}


def test_table_json_gives_structure_and_checks(library, data_dir, capsys, tmp_path):
    from core.importer import parse_text
    from tests.fixtures.tables_gazette import award_text

    text, _ = award_text(missing_in=2)
    library.import_issue(parse_text(text, source_name="award.txt", sha256="9" * 64))
    code, out, _ = run(capsys, "tables", "--data", str(data_dir), "--json")
    assert code == 0
    (listed,) = [t for t in json.loads(out)["tables"] if t["columns"] == 4]
    assert listed["structure"] == "full" and listed["raw_rows"] == []
    assert {"label": "禹州市", "stated": 35, "counted": 34, "unit": "家", "ok": False} \
        in listed["checks"]
    code, out, _ = run(capsys, "table", listed["id"], "--data", str(data_dir), "--json")
    table = json.loads(out)
    assert table["checks"] == listed["checks"] and len(table["rows"]) == 301
    code, out, _ = run(capsys, "table", listed["id"], "--data", str(data_dir))
    assert "✗ 禹州市：列出 34 家，文中称 35 家" in out and "魏都区：22 家 ✓" in out


def test_tasks_text_keeps_the_section_apart_from_the_task(data, capsys):
    """The section label (二、（一）) is set off in brackets, not run into the task's text."""
    code, out, _ = run(capsys, "tasks", "--data", str(data), "--json")
    tasks = json.loads(out)["tasks"]
    with_path = [t for t in tasks if t["section_path"]]
    assert with_path
    code, out, _ = run(capsys, "tasks", "--data", str(data))
    lines = out.splitlines()
    for t in with_path:
        first = next(ln for ln in lines if ln.startswith(t["id"] + " "))
        assert f"【{t['section_path']}】{t['text'][:10]}" in first, first
    assert not any(ln.strip().startswith("；") for ln in lines)      # no empty role before 时限


def test_task_line_cuts_long_text_with_an_ellipsis():
    from cli.extract import task_line

    line = task_line("d1-k001", "附件", "任务" * 100)
    assert line.startswith("d1-k001  【附件】任务") and line.endswith("…")
    assert len(line) == len("d1-k001  【附件】") + 80
    assert task_line("d1-k002", "", "加快推进。") == "d1-k002  加快推进。"
