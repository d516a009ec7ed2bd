"""The 表格 panel: grids with group rows and rows kept whole, checks against stated totals,
copy as HTML and tab-separated text."""

from __future__ import annotations

from core.importer import parse_text
from tests.fixtures.tables_gazette import award_text


def _award_table(**kw):
    text, truth = award_text(**kw)
    parsed = parse_text(text, source_name="t.txt", sha256="c" * 64)
    return next(t for t in parsed.tables if t.header), truth


def test_panel_shows_checks_and_copies_html_and_tsv(gui_app, qtbot, qtmodeltester):
    from PySide6.QtGui import QGuiApplication

    from gui.panels.tables import TablesPanel

    table, truth = _award_table(missing_in=2)
    panel = TablesPanel(ctx=None)
    qtbot.addWidget(panel)
    panel.set_tables([table])
    qtmodeltester.check(panel.model)
    model = panel.model
    assert model.columnCount() == 4 and model.rowCount() == 301 + 9
    assert model.group_rows == {0, 23, 64, 99, 131, 160, 206, 237, 276}
    assert panel.view.columnSpan(23, 0) == 4 and panel.view.columnSpan(24, 0) == 1
    assert panel.picker.itemText(0).endswith(" · ✗ 核对不符")
    text = panel.checks.text()
    assert "禹州市：列出 34 家，文中称 35 家" in text and "魏都区：22 家 ✓" in text
    panel.copy()
    mime = QGuiApplication.clipboard().mimeData()
    html = mime.html()
    assert html.count("<tr>") == 1 + 310 and '<td colspan="4"><b>一、魏都区' in html
    lines = mime.text().split("\n")
    assert lines[0] == "序号\t奖励项目\t企业名称\t奖励金额（万元）"
    assert lines[2].split("\t")[0] == "1" and len(lines[2].split("\t")) == 4


def test_rows_kept_whole_span_the_grid(gui_app, qtbot):
    from gui.panels.tables import TablesPanel

    table, _ = _award_table()
    table.rows[5] = ["6 无法分列的一整行 原文"]
    table.raw_rows = [5]
    table.structured = False
    panel = TablesPanel(ctx=None)
    qtbot.addWidget(panel)
    panel.set_tables([table])
    assert panel.model.raw_rows == {6}          # after the first group label
    assert panel.view.columnSpan(6, 0) == 4
    assert "部分结构化：1 行" in panel.checks.text()
    assert panel.picker.itemText(0).endswith(" · 部分结构化")


def test_reader_shows_the_caption_once_and_the_group_rows_inside_the_grid(gui_app):
    from PySide6.QtGui import QTextDocument

    from gui.views.reader import DocumentData
    from gui.views.render import DocumentBuilder

    text, truth = award_text()
    parsed = parse_text(text, source_name="t.txt", sha256="d" * 64)
    table = next(t for t in parsed.tables if t.header)
    blocks = [b for b in parsed.blocks if b.doc_id == table.doc_id]
    doc = next(d for d in parsed.documents if d.id == table.doc_id)
    data = DocumentData(doc=doc, issue=parsed.issue, blocks=blocks,
                        tables=[t for t in parsed.tables if t.doc_id == doc.id])
    qdoc = QTextDocument()
    DocumentBuilder(qdoc, data, 13, {}).build()
    shown = "".join(qdoc.toPlainText().split())
    assert shown.count("2023年度工业企业奖励资金分配表") == 1
    assert shown.count("（共计8300万元）") == 1
    assert shown.count("三、禹州市，共35家企业") == 1
    names = [c for _, rows in truth for _, _, c, _ in rows]
    assert all(shown.count(n) >= 1 for n in names)


def test_reader_prints_group_rows_bold_and_rows_kept_whole_as_body_text(gui_app):
    from PySide6.QtGui import QFont, QTextDocument, QTextTable

    from gui.views.reader import DocumentData
    from gui.views.render import DocumentBuilder

    text, _ = award_text()
    parsed = parse_text(text, source_name="t.txt", sha256="e" * 64)
    table = next(t for t in parsed.tables if t.header)
    table.rows[5] = ["6 无法分列的一整行 原文"]
    table.raw_rows = [5]
    doc = next(d for d in parsed.documents if d.id == table.doc_id)
    data = DocumentData(doc=doc, issue=parsed.issue,
                        blocks=[b for b in parsed.blocks if b.doc_id == doc.id],
                        tables=[t for t in parsed.tables if t.doc_id == doc.id])
    qdoc = QTextDocument()
    DocumentBuilder(qdoc, data, 13, {}).build()
    grid = next(f for f in qdoc.rootFrame().childFrames() if isinstance(f, QTextTable))

    def weight(text: str) -> int:
        for r in range(grid.rows()):
            cell = grid.cellAt(r, 0)
            cur = cell.firstCursorPosition()
            cur.setPosition(cell.lastCursorPosition().position(), cur.MoveMode.KeepAnchor)
            if cur.selectedText().startswith(text):
                return _weight_at(qdoc, cell.firstCursorPosition().position())
        raise AssertionError(text)

    assert weight("一、魏都区") == QFont.Weight.Bold            # a group label
    assert weight("6 无法分列的一整行") == QFont.Weight.Normal    # a row kept whole


def _weight_at(qdoc, position: int) -> int:
    from PySide6.QtGui import QTextCursor

    cur = QTextCursor(qdoc)
    cur.setPosition(position + 1)          # the format of the cell's first character
    return cur.charFormat().fontWeight()


def test_every_header_fits_its_section_wrapped(gui_app, qtbot):
    """一级指标, 2023年基数, 2027年目标 in a narrow panel: each header wraps (two lines at
    most) inside its section and the header is tall enough for it; they were cut on both
    sides on one line (``)23年基:``)."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QStyle

    from gui.panels.tables import TablesPanel
    from tests.fixtures.gazettes import render
    from tests.fixtures.tables_gazette import labelled_lines_table

    items, _ = labelled_lines_table()
    parsed = parse_text(render(items), source_name="t.txt", sha256="f" * 64)
    table = next(t for t in parsed.tables if t.header)
    panel = TablesPanel(ctx=None)
    qtbot.addWidget(panel)
    panel.resize(300, 600)
    panel.show()
    panel.set_tables([table])
    qtbot.waitUntil(lambda: not panel.fitting())
    header = panel.view.horizontalHeader()
    assert header.defaultAlignment() & Qt.TextFlag.TextWordWrap      # painted wrapped
    fm = QFontMetrics(header.font())
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    line = fm.boundingRect(QRect(0, 0, 1000, 1000), int(header.defaultAlignment()), "指").height()
    texts = [panel.model.headerData(c, Qt.Orientation.Horizontal)
             for c in range(panel.model.columnCount())]
    assert "2023年基数" in texts and "一级指标" in texts
    wrapped = 0
    for c, text in enumerate(texts):
        inner = QRect(0, 0, header.sectionSize(c) - 2 * margin, header.height() - 2 * margin)
        need = fm.boundingRect(QRect(0, 0, inner.width(), 100000),
                               int(header.defaultAlignment()), text)
        assert need.width() <= inner.width() and need.height() <= inner.height(), text
        assert need.height() < 3 * line, text                               # two lines at most
        wrapped += need.height() > line
    assert wrapped            # the panel is narrow: some header does take two lines
