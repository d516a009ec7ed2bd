"""The command line: annotate, annotations (--json, --md, --xlsx), export."""

from __future__ import annotations

import json

import openpyxl
import pdfplumber

from main import main

from .conftest import write_gazette


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_annotate_list_export(data_dir, tmp_path, capsys):
    src = write_gazette(tmp_path)
    assert run(capsys, "import", str(src))[0] == 0
    code, out, _ = run(capsys, "annotate", "临政办〔2024〕11号", "--quote", "新建5G基站2000个",
                       "--note", "我局牵头，6月底前报送", "--color", "green", "--json")
    assert code == 0
    ann = json.loads(out)
    assert ann["quote"] == "新建 5G 基站 2000 个" and ann["color"] == "green"
    assert ann["doc_no"] == "临政办〔2024〕11 号" and ann["status"] == "ok"
    code, _, err = run(capsys, "annotate", "临政办〔2024〕11号", "--quote", "数字经济")
    assert code == 1 and "--occurrence" in err
    assert run(capsys, "annotate", "临政〔2024〕2号", "--quote", "珍惜荣誉")[0] == 0

    code, out, _ = run(capsys, "annotations", "--json", "--color", "green")
    listed = json.loads(out)
    assert listed["count"] == 1 and listed["annotations"][0]["id"] == ann["id"]
    code, out, _ = run(capsys, "annotations", "--text", "6月底")
    assert code == 0 and "我局牵头" in out

    md, xlsx = tmp_path / "批注.md", tmp_path / "批注.xlsx"
    assert run(capsys, "annotations", "--md", str(md))[0] == 0
    text = md.read_text(encoding="utf-8")
    assert "> 新建 5G 基站 2000 个" in text and "批注：我局牵头" in text and "临政办〔2024〕11 号" in text
    assert run(capsys, "annotations", "--xlsx", str(xlsx))[0] == 0
    ws = openpyxl.load_workbook(xlsx).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:7] == ("文件", "文号", "页码", "原文", "批注", "颜色", "时间")
    assert {r[3] for r in rows[1:]} == {"新建 5G 基站 2000 个", "珍惜荣誉"}

    pdf_path = tmp_path / "out.pdf"
    code, out, _ = run(capsys, "export", "临政办〔2024〕11号", "临政〔2024〕2号",
                       "--annotated-only", "-o", str(pdf_path), "--json")
    result = json.loads(out)
    assert code == 0 and result["documents"] == 2 and result["annotations"] == 2
    assert result["font_embedded"] is True
    with pdfplumber.open(pdf_path) as pdf:
        assert len(pdf.pages) == result["pages"]
    code, _, err = run(capsys, "export", "临政办〔2024〕11号", "--sections", "九、",
                       "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "九、" in err and not (tmp_path / "x.pdf").exists()
    code, _, err = run(capsys, "export", "临政办〔2024〕11号", "-o",
                       str(tmp_path / "missing" / "x.pdf"))
    assert code == 1 and "无法保存文件" in err
