"""The PDF export prints a recovered table as a grid: group rows, the caption once, and rows
kept whole across the grid."""

from __future__ import annotations

import pdfplumber

from core.export.pdf import export_pdf
from core.importer import parse_text
from tests.fixtures.tables_gazette import award_text


def dense(text: str) -> str:
    return "".join(text.split())


def test_award_list_in_the_pdf(library, tmp_path):
    text, truth = award_text(counts=(6, 5, 4))
    parsed = parse_text(text, source_name="a.txt", sha256="f" * 64)
    table = next(t for t in parsed.tables if t.header)
    table.rows[3] = ["4 无法分列的一整行"]          # one row kept whole: a partial table
    table.raw_rows, table.structured = [3], False
    library.import_issue(parsed)
    out = tmp_path / "award.pdf"
    export_pdf(library, [table.doc_id], out)
    with pdfplumber.open(out) as pdf:
        shown = dense("".join(p.extract_text() for p in pdf.pages))
        rects = sum(len(p.rects) for p in pdf.pages)
    assert shown.count(dense("2023 年度工业企业奖励资金分配表")) == 1
    assert shown.count(dense("二、建安区，共 5 家企业")) == 1
    assert "无法分列的一整行" in shown
    for _, rows in truth:
        for serial, _, company, _ in rows:
            if serial != "4" and len(company) < 16:      # long names wrap in the cell
                assert dense(company) in shown
    assert rects >= 4 * 15          # a grid: one box per cell
