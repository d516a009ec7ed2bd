"""A label printed once across many rows (类别 高新技术企业（首次认定 12 家）, 一级指标 经济实力)
is one merged cell in the reader and in the 表格 panel, never the label repeated in each row;
the grid knows such spans (``core.tablegrid.label_spans``)."""

from __future__ import annotations

from core.importer import parse_text
from core.tablegrid import table_layout
from tests.fixtures.gazettes import render
from tests.fixtures.tables_gazette import SPANS, award_text, labelled_lines_table, spanning_list


def _parsed(text: str, sha: str):
    return parse_text(text, source_name="t.txt", sha256=sha * 64)


def _table(parsed):
    return next(t for t in parsed.tables if t.header)


def test_the_grid_knows_the_labels_that_span_rows():
    items, truth = spanning_list()
    table = _table(_parsed(render(items), "a"))
    assert table.rows == truth                      # stored in every row it spans
    grid = table_layout(table)
    assert grid.label_spans == [(0, 12), (12, 9), (21, 7)]
    assert [grid.rows[a][0] for a, _ in grid.label_spans] == \
        [f"{label}（{verb}{n} 家）" for label, verb, n in SPANS]
    # without a label column (序号 first) or with group rows between: no span
    text, _ = award_text()
    assert table_layout(_table(_parsed(text, "b"))).label_spans == []
    # an empty first cell (a row no label was given to) never spans, nor crosses a group row
    table.rows[3][0] = ""
    table.groups = [(6, "二、另一组")]
    assert table_layout(table).label_spans == [(0, 3), (4, 2), (7, 6), (13, 9), (22, 7)]


def _reader_grid(parsed, table):
    from PySide6.QtGui import QTextDocument, QTextTable

    from gui.views.reader import DocumentData
    from gui.views.render import DocumentBuilder

    doc = next(d for d in parsed.documents if d.id == table.doc_id)
    data = DocumentData(doc=doc, issue=parsed.issue,
                        blocks=[b for b in parsed.blocks if b.doc_id == doc.id],
                        tables=[t for t in parsed.tables if t.doc_id == doc.id])
    qdoc = QTextDocument()
    DocumentBuilder(qdoc, data, 13, {}).build()
    grid = next(f for f in qdoc.rootFrame().childFrames() if isinstance(f, QTextTable))
    return qdoc, grid


def _cell_text(cell) -> str:
    cur = cell.firstCursorPosition()
    cur.setPosition(cell.lastCursorPosition().position(), cur.MoveMode.KeepAnchor)
    return cur.selectedText()


def test_the_reader_shows_a_spanning_label_as_one_merged_cell(gui_app):
    items, truth = spanning_list()
    parsed = _parsed(render(items), "c")
    table = _table(parsed)
    qdoc, grid = _reader_grid(parsed, table)
    assert grid.rows() == 1 + len(truth) and grid.columns() == 4
    for (label, verb, n), first in zip(SPANS, (1, 13, 22)):
        cell = grid.cellAt(first, 0)
        assert (cell.row(), cell.rowSpan(), cell.columnSpan()) == (first, n, 1)
        assert _cell_text(cell) == f"{label}（{verb}{n} 家）"
        # the rows under it: the same merged cell, their own serial and company beside it
        assert grid.cellAt(first + n - 1, 0).row() == first
        assert _cell_text(grid.cellAt(first + n - 1, 1)) == truth[first + n - 2][1]
    shown = qdoc.toPlainText()
    assert all(shown.count(f"{label}（{verb}{n} 家）") == 1 for label, verb, n in SPANS)
    assert all(shown.count(row[2]) >= 1 for row in truth)


def test_an_indicator_table_without_serials_merges_its_first_column(gui_app):
    items, truth = labelled_lines_table()
    parsed = _parsed(render(items), "d")
    table = _table(parsed)
    assert table.rows == truth
    _, grid = _reader_grid(parsed, table)
    spans = [(r, grid.cellAt(r, 0).rowSpan()) for r in range(1, grid.rows())
             if grid.cellAt(r, 0).row() == r]
    assert spans == [(1, 3), (4, 2), (6, 3), (9, 2)]
    assert [_cell_text(grid.cellAt(r, 0)) for r, _ in spans] == \
        ["经济实力", "创新动能", "民生保障水平", "生态环境"]


def test_the_tables_panel_and_its_copy_merge_the_label_too(gui_app, qtbot):
    from PySide6.QtGui import QGuiApplication

    from gui.panels.tables import TablesPanel

    items, truth = spanning_list()
    table = _table(_parsed(render(items), "e"))
    panel = TablesPanel(ctx=None)
    qtbot.addWidget(panel)
    panel.set_tables([table])
    view = panel.view
    assert [(view.rowSpan(r, 0), view.columnSpan(r, 0)) for r in (0, 12, 21)] == \
        [(12, 1), (9, 1), (7, 1)]
    assert view.rowSpan(0, 1) == 1
    panel.copy()
    mime = QGuiApplication.clipboard().mimeData()
    html = mime.html()
    assert html.count('rowspan="12"') == 1 and html.count('rowspan="9"') == 1
    assert html.count(SPANS[0][0]) == 1
    # tab-separated text keeps the label in every row (a sheet can sort and filter it)
    lines = mime.text().split("\n")
    assert all(line.split("\t")[0] == row[0] for line, row in zip(lines[1:], truth))
