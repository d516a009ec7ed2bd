"""The exports of the unseen gazette's lists (tests/fixtures/unseen_gazette.py): the PDF's
grid, the xlsx a clerk sums."""

from __future__ import annotations

import pdfplumber

from core.export.pdf import export_pdf
from core.importer import parse_text
from tests.fixtures.unseen_gazette import award_list, render_issue


def _award(library):
    items, truth = award_list()
    parsed = parse_text(render_issue(items), source_name="a.txt", sha256="e" * 64)
    library.import_issue(parsed)
    table = next(t for t in parsed.tables if t.header)
    return parsed, table, truth


def test_pdf_grid_starts_with_its_header_then_the_first_group(library, tmp_path):
    """The source prints the header, then 一、岚东区…: the grid does the same (the group row
    of row 0 was drawn above the header)."""
    _, table, truth = _award(library)
    out = tmp_path / "award.pdf"
    export_pdf(library, [table.doc_id], out)
    with pdfplumber.open(out) as pdf:
        words = pdf.pages[0].extract_words()
    header = next(w["top"] for w in words if w["text"] == "序号")
    group = next(w["top"] for w in words if w["text"].startswith("一、岚东区"))
    assert header < group


def test_xlsx_of_the_201_rows_sums_to_every_stated_total(tmp_path):
    from openpyxl import load_workbook

    from core.export.ledger import write_table
    from tests.fixtures.unseen_gazette import subsidy_list

    items, truth = award_list(glued=True)
    parsed = parse_text(render_issue(items), source_name="a.txt", sha256="e" * 64)
    table = next(t for t in parsed.tables if t.header)
    ws = load_workbook(write_table(table, tmp_path / "award.xlsx")).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    body = [r for r in rows if isinstance(r[0], int)]
    assert len(body) == 201 and all(isinstance(r[3], (int, float)) for r in body)
    assert sum(r[3] for r in body) == truth["total"] == 4307.5
    assert rows[-1] == ("合计", None, None, 4307.5)
    # each group's rows sum to the amount its label states
    groups, current = {}, None
    for r in rows[:-1]:
        if isinstance(r[0], str):
            current = r[0]
            assert r[1:] == (None, None, None)
        else:
            groups[current] = groups.get(current, 0) + r[3]
    for label, _ in truth["groups"]:
        stated = float(label.split("奖励资金共 ")[1].split(" ")[0])
        assert groups[label] == stated
    # several amount columns under a two-level header: one 合计 cell each
    items, rows = subsidy_list()
    parsed = parse_text(render_issue(items), source_name="b.txt", sha256="f" * 64)
    table = next(t for t in parsed.tables if t.header)
    ws = load_workbook(write_table(table, tmp_path / "subsidy.xlsx")).active
    last = list(ws.iter_rows(values_only=True))[-1]
    assert last[:6] == ("合计", None, None, 100, 65, 35)


def test_show_prints_each_row_once_and_the_header_once(library, data_dir, capsys):
    """``show``: every row on a line of its own (the glued ones cut apart), the table's
    header once although the source prints it again after each page break, every other
    line as printed."""
    import re

    import main

    parsed, table, truth = _award_glued(library)
    assert main.main(["show", table.doc_id, "--data", str(data_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines.count("序号 企业名称 奖励类别 奖励金额（万元）") == 1
    starts = [x.split(" ", 1)[0] for x in lines if re.match(r"\d+ [岚澜]", x)]
    assert starts == [r[0] for _, rows in truth["groups"] for r in rows]
    assert sum(1 for x in lines if x.startswith(("一、", "二、", "十、"))) == 3


def _award_glued(library):
    items, truth = award_list(glued=True)
    parsed = parse_text(render_issue(items), source_name="g.txt", sha256="9" * 64)
    library.import_issue(parsed)
    return parsed, next(t for t in parsed.tables if t.header), truth
