"""The PDF export draws a first-column label that spans rows (类别 高新技术企业（首次认定 12
家）, 一级指标 经济实力) once, as one merged cell beside its rows, as the reader and the 表格
panel show it; a run split by a page break gets the label again on the next page, so every page
reads alone. The xlsx keeps the label in every row (a sheet sorts and filters on it).

The PDFs are read back with pdfplumber: every cell is a ruled box, so the grid is rebuilt from
the boxes and each box's text is read inside it."""

from __future__ import annotations

import pdfplumber
import pytest

from core.export.pdf import export_pdf
from core.importer import parse_text
from tests.fixtures import tables_gazette, unseen_gazette
from tests.fixtures.gazettes import render

EPS = 0.5


def dense(text: str) -> str:
    return "".join(text.split())


def _export(library, tmp_path, text: str, sha: str, edit=None):
    parsed = parse_text(text, source_name="t.txt", sha256=sha * 64)
    table = next(t for t in parsed.tables if t.header)
    if edit is not None:
        edit(table)
    library.import_issue(parsed)
    out = tmp_path / f"{sha}.pdf"
    export_pdf(library, [table.doc_id], out)
    return table, out


def _text_in(page, box) -> str:
    return dense(page.within_bbox((box["x0"], box["top"], box["x1"], box["bottom"]))
                 .extract_text() or "")


def read_grid(path) -> list[dict]:
    """Per page: the label column's boxes below the header (``parts``: label text, top,
    bottom, and the rows beside it), every body row (top, bottom, its cells' texts, the x
    where its cells start and end), the header's bottom."""
    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            rects = page.rects
            if not rects:
                continue
            left = min(r["x0"] for r in rects)
            col0 = sorted((r for r in rects if abs(r["x0"] - left) < EPS),
                          key=lambda r: r["top"])
            head = col0[0]                       # the header, drawn again on every page
            split = head["x1"]
            bands: dict[tuple[float, float], list] = {}
            for r in rects:
                if r["x0"] >= split - EPS and r["top"] >= head["bottom"] - EPS:
                    bands.setdefault((round(r["top"], 1), round(r["bottom"], 1)), []).append(r)
            rows = []
            for (top, bottom), cells in sorted(bands.items()):
                cells.sort(key=lambda r: r["x0"])
                rows.append({"top": top, "bottom": bottom,
                             "cells": [_text_in(page, c) for c in cells],
                             "x0": cells[0]["x0"], "x1": cells[-1]["x1"],
                             "tiled": all(abs(a["x1"] - b["x0"]) < EPS
                                          for a, b in zip(cells, cells[1:]))})
            parts = []
            for r in col0[1:]:
                inside = [w for w in rows if w["top"] >= r["top"] - EPS
                          and w["bottom"] <= r["bottom"] + EPS]
                parts.append({"label": _text_in(page, r), "top": r["top"],
                              "bottom": r["bottom"], "x1": r["x1"], "rows": inside})
            pages.append({"parts": parts, "rows": rows, "head_bottom": head["bottom"],
                          "right": max(r["x1"] for r in rects)})
    return pages


def check_merged(pages, truth) -> dict[str, int]:
    """The grid of ``pages`` is ``truth`` (rows ``[label, cells…]``) with each label drawn
    once per page its run is on, a box exactly as tall as its rows there; returns the number
    of boxes drawn per label."""
    rows = [w for p in pages for w in p["rows"]]
    assert [w["cells"] for w in rows] == [[dense(c) for c in r[1:]] for r in truth]
    boxes: dict[str, int] = {}
    at = 0
    for p in pages:
        assert sum(len(part["rows"]) for part in p["parts"]) == len(p["rows"])
        for part in p["parts"]:
            inside = part["rows"]
            assert inside, part
            labels = {dense(truth[at + k][0]) for k in range(len(inside))}
            assert labels == {part["label"]}             # one label, its rows' own
            at += len(inside)
            # borders line up: the box is as tall as its rows, which tile it without a gap,
            # and their cells start at its right edge and fill the grid's width
            assert abs(part["top"] - inside[0]["top"]) < EPS
            assert abs(part["bottom"] - inside[-1]["bottom"]) < EPS
            assert all(abs(a["bottom"] - b["top"]) < EPS for a, b in zip(inside, inside[1:]))
            assert all(abs(w["x0"] - part["x1"]) < EPS and abs(w["x1"] - p["right"]) < EPS
                       and w["tiled"] for w in inside)
            boxes[part["label"]] = boxes.get(part["label"], 0) + 1
    assert at == len(truth)
    return boxes


def _pages_of(pages, label: str) -> int:
    return sum(any(part["label"] == label for part in p["parts"]) for p in pages)


def test_a_spanning_label_is_one_cell_and_comes_again_after_a_page_break(library, tmp_path):
    """28 rows under three labels (12, 9, 7 rows): the second run is split by the page
    break; its label is drawn at the foot of page 1 and again at the top of page 2."""
    items, truth = tables_gazette.spanning_list()
    table, out = _export(library, tmp_path, render(items), "a")
    assert table.rows == truth
    pages = read_grid(out)
    boxes = check_merged(pages, truth)
    labels = [dense(f"{label}（{verb}{n} 家）") for label, verb, n in tables_gazette.SPANS]
    assert boxes == {label: _pages_of(pages, label) for label in labels}
    assert sum(boxes.values()) < len(truth) / 4          # not one box per row
    split = [label for label in labels if boxes[label] > 1]
    assert split, "the fixture's table no longer splits a run across pages"
    for p in pages[1:]:           # a continued run starts the page, under the header
        assert abs(p["parts"][0]["top"] - p["head_bottom"]) < EPS
        assert p["parts"][0]["label"] in labels
    with pdfplumber.open(out) as pdf:          # the label's text: once per page it is on
        for page, p in zip(pdf.pages, pages):
            shown = dense(page.extract_text())
            for label in labels:
                assert shown.count(label) == _pages_of([p], label)


def test_a_long_list_split_over_pages_repeats_its_label_on_each(library, tmp_path):
    """147 rows in runs of 95, 40 and 12 over five pages (the unseen gazette's list)."""
    items, truth, _ = unseen_gazette.spanning_list()
    table, out = _export(library, tmp_path, unseen_gazette.render_issue(items), "b")
    assert table.rows == truth
    pages = read_grid(out)
    assert len(pages) >= 4
    boxes = check_merged(pages, truth)
    first = dense(truth[0][0])
    assert boxes[first] == _pages_of(pages, first) >= 3     # 95 rows: on three pages or more
    assert all(len(p["parts"]) <= 2 for p in pages)


def test_indicator_tables_merge_their_first_column(library, tmp_path):
    """Without serial numbers (一级指标 二级指标 …) and with a 序号 column; a wrapped 指标
    cell makes its row taller and the merged cell follows."""
    items, truth = tables_gazette.labelled_lines_table()
    _, out = _export(library, tmp_path, render(items), "c")
    assert check_merged(read_grid(out), truth) == {"经济实力": 1, "创新动能": 1,
                                                   "民生保障水平": 1, "生态环境": 1}
    items, truth = tables_gazette.labelled_indicators()
    _, out = _export(library, tmp_path, render(items), "d")
    assert set(check_merged(read_grid(out), truth).values()) == {1}


LONG = "创新动能（含高新技术产业、战略性新兴产业、数字经济核心产业及未来产业培育的发展指标）"


def test_a_label_taller_than_its_rows_stretches_them(library, tmp_path):
    """A long label over two one-line rows: the rows grow to hold it, and stay one grid."""
    items, truth = tables_gazette.labelled_lines_table()
    truth = [[LONG] + r[1:] if r[0] == "创新动能" else r for r in truth]

    def edit(table):
        for row in table.rows:
            if row[0] == "创新动能":
                row[0] = LONG

    _, out = _export(library, tmp_path, render(items), "e", edit)
    pages = read_grid(out)
    check_merged(pages, truth)
    part = next(part for p in pages for part in p["parts"] if part["label"] == dense(LONG))
    with pdfplumber.open(out) as pdf:
        words = pdf.pages[0].within_bbox((0, part["top"], part["x1"], part["bottom"])) \
            .extract_words()
    assert len({round(w["top"]) for w in words}) >= 3         # the label wraps over 3 lines
    plain = next(part for p in pages for part in p["parts"] if part["label"] == "经济实力")
    one_line = plain["rows"][1]["bottom"] - plain["rows"][1]["top"]
    assert [round(w["bottom"] - w["top"], 1) for w in part["rows"]] == \
        [round(part["bottom"] - part["top"], 1) / 2] * 2
    assert part["bottom"] - part["top"] > 2 * one_line


@pytest.mark.parametrize("start", range(0, 640, 23))
def test_at_every_height_on_the_page_the_label_fits_its_part(start):
    """The table laid out from 28 heights down the page: every part of a run is one box
    inside the page's body, holding its label's every line, once; a group row above a run
    never stays alone at a page's foot."""
    from core.export.fonts import cjk_font
    from core.export.pdflayout import BOTTOM_Y, LEFT, TABLE_SIZE, TOP_Y, Layout
    from core.export.pdfplan import TableItem

    items, _ = tables_gazette.labelled_lines_table()
    parsed = parse_text(render(items), source_name="t.txt", sha256="f" * 64)
    table = next(t for t in parsed.tables if t.header)
    for row in table.rows:
        if row[0] == "创新动能":
            row[0] = LONG
    first = next(i for i, row in enumerate(table.rows) if row[0] == LONG)
    table.groups = [(first, "二、创新发展")]
    font = cjk_font()
    lay = Layout(font.name, font.ascent, font.descent, margin_notes=False)
    lay.new_page()
    lay.y = TOP_Y - start
    lay.table(TableItem(table))
    parts = 0
    for page in lay.pages:
        group = [op for op in page.ops if op[0] == "box" and op[5] == "#F2F2F2"]
        boxes = [op for op in page.ops if op[0] == "box" and abs(op[1] - LEFT) < 0.01
                 and op[5] not in ("#E6E6E6", "#F2F2F2")]       # not the header, nor the group
        texts = [op for op in page.ops if op[0] == "text" and op[3] == TABLE_SIZE
                 and not op[7] and op[1] < LEFT + boxes[0][3]
                 and not any(g[2] < op[2] < g[2] + g[4] for g in group)] if boxes else []
        labels = []
        for _, _, y, _, h, _ in boxes:
            assert y >= BOTTOM_Y - 0.01
            inside = [op for op in texts if y < op[2] < y + h]
            labels.append("".join(op[4] for op in inside))
        assert set(labels) <= {"经济实力", LONG, "民生保障水平", "生态环境"}
        assert len(labels) == len(set(labels))              # each label once on a page
        assert all(g[2] > min(op[2] for op in page.ops if op[0] == "box") for g in group)
        parts += len(labels)
        assert sum(len(op[4]) for op in texts) == \
            sum(len(op[4]) for b in boxes for op in texts if b[2] < op[2] < b[2] + b[4])
    assert parts >= 4


def test_the_xlsx_keeps_the_label_in_every_row(tmp_path):
    from openpyxl import load_workbook

    from core.export.ledger import write_table

    items, truth = tables_gazette.spanning_list()
    parsed = parse_text(render(items), source_name="t.txt", sha256="9" * 64)
    table = next(t for t in parsed.tables if t.header)
    ws = load_workbook(write_table(table, tmp_path / "t.xlsx")).active
    rows = [r for r in ws.iter_rows(values_only=True) if r[1] is not None and r[0] != "类别"]
    assert [r[0] for r in rows if r[0] != "合计"] == [r[0] for r in truth]
