"""Table exports a clerk can use: typed xlsx cells that sum, group rows, a 合计 row; CSV as
printed."""

from __future__ import annotations

import csv

from openpyxl import load_workbook

from core.export.ledger import write_table
from core.importer import parse_text
from tests.fixtures.gazettes import render
from tests.fixtures.tables_gazette import award_text, heritage_list


def _table(text: str):
    parsed = parse_text(text, source_name="t.txt", sha256="b" * 64)
    return next(t for t in parsed.tables if t.header)


def test_xlsx_amounts_are_numbers_that_sum_to_the_stated_total(tmp_path):
    text, truth = award_text()
    table = _table(text)
    ws = load_workbook(write_table(table, tmp_path / "t.xlsx")).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    body = [r for r in rows if isinstance(r[0], int)]
    assert len(body) == 302
    assert all(isinstance(r[3], int) for r in body)
    assert [r[2] for r in body] == [c for _, rs in truth for _, _, c, _ in rs]
    total = sum(a for _, rs in truth for *_, a in rs)
    assert sum(r[3] for r in body) == total
    assert rows[-1] == ("合计", None, None, total)
    # Group labels: bold rows across the whole width.
    assert rows[0][0].startswith("一、魏都区，共 22 家企业") and rows[0][1:] == (None,) * 3
    assert ws.cell(row=3, column=1).font.b
    assert any(str(m) == "A3:D3" for m in ws.merged_cells.ranges)
    assert ws.cell(row=3 + len(rows) - 1, column=1).font.b


def test_codes_and_text_stay_text_and_no_total_without_amounts(tmp_path):
    table = _table(render(heritage_list()))
    ws = load_workbook(write_table(table, tmp_path / "m.xlsx")).active
    rows = [r for r in ws.iter_rows(min_row=3, values_only=True) if r[1]]
    assert rows[0] == (1, "Ⅰ－26", "大禹治水传说", "禹州市")
    assert all(r[0] != "合计" for r in ws.iter_rows(min_row=3, values_only=True))


def test_csv_keeps_the_cells_as_printed(tmp_path):
    text, truth = award_text()
    table = _table(text)
    path = write_table(table, tmp_path / "t.csv")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["序号", "奖励项目", "企业名称", "奖励金额（万元）"]
    assert rows[1] == ["一、魏都区，共 22 家企业，奖励资金共 610 万元。"]
    assert rows[2][0] == "1" and rows[-1][0] == "302"


def test_xlsx_keeps_the_printed_totals_and_adds_none(tmp_path):
    text, truth = award_text(subtotals=True)
    table = _table(text)
    ws = load_workbook(write_table(table, tmp_path / "s.xlsx")).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    total = sum(a for _, rs in truth for *_, a in rs)
    assert [r for r in rows if r[0] == "合计"] == [("合计", None, None, total)]
    assert rows[23] == ("小计", None, None, 610)
    assert ws.cell(row=3 + 23, column=1).font.b
    body = [r for r in rows if isinstance(r[0], int)]
    assert sum(r[3] for r in body) == total
