"""本期概要 (an issue selected in the tree): the side panels (表格, 责任分工, 关联) do not keep
the last document's tables, tasks and relations; they say they belong to a document, and come
back when a document is shown again."""

from __future__ import annotations

from conftest_gui import import_and_wait
from PySide6.QtCore import Qt

from gui.models import BLOCK_ROLE, DOC_ROLE
from tests.fixtures.gazettes import LINCHENG, render


def test_side_panels_follow_the_digest(make_window, qtbot, tmp_path):
    """表格 and 责任分工 list the issue's when 本期概要 is shown; 关联 says it belongs to a
    document; a document shown again brings its own back."""
    p = tmp_path / "lincheng-2024-04.txt"
    p.write_text(render(LINCHENG, header="临城市人民政府公报（2024 年第 4 期）"), encoding="utf-8")
    win = make_window()
    import_and_wait(qtbot, win, [p])
    lib = win.ctx.library
    issue = lib.issues()[0]
    with_table = lib.find_document("临政〔2024〕2号")
    with_tasks = lib.find_document("临政办〔2024〕11号")

    win.open_document(with_tasks.id)
    assert win.tables.tables == [] and "本文件没有表格" in win.tables.info.text()
    win.tree.clicked.emit(win.tree_model.index_of(issue.id))
    assert win.stack.currentWidget() is win.refs.digest
    assert [t.id for t in win.tables.tables] == [t.id for t in lib.tables(with_table.id)]
    assert win.tables.info.text() == "本期共有 1 个表格，来自 1 份文件。"
    assert len(win.tasks.model.records) == 2 and win.tasks.doc_mode.text() == "本期"
    assert win.refs.panel.data is None and "本期概要" in win.refs.panel.status.text()

    # the same document clicked again in the tree: the reader and its panels come back
    win.tree.clicked.emit(win.tree_model.index_of(with_tasks.id, with_tasks.id))
    assert win.stack.currentIndex() == 1
    assert win.tasks.model.rowCount() == 2 and "本文件共有 2 项任务" in win.tasks.info.text()
    assert win.tasks.doc_mode.text() == "本文件" and win.tables.tables == []
    assert win.refs.panel.data is not None and win.refs.panel.data.doc_id == with_tasks.id


def test_the_digest_lists_the_issues_tables_and_tasks_by_document(make_window, qtbot,
                                                                  tmp_path, qtmodeltester):
    """本期概要 of an issue whose tables and tasks are spread over four documents: every
    table grouped under its document in the picker, every task with its document's 文号;
    a table or a task opens its document at its place; the sets export."""
    from openpyxl import load_workbook

    from tests.fixtures.issue_sets import issue_text

    for n in (4, 6):
        (tmp_path / f"lc{n}.txt").write_text(issue_text(n), encoding="utf-8")
    win = make_window()
    import_and_wait(qtbot, win, [tmp_path / "lc4.txt", tmp_path / "lc6.txt"])
    lib = win.ctx.library
    four = lib.find_issue("2024-4")
    docs = {d.id: d for d in lib.documents(four.id)}
    award = next(d for d in docs.values() if d.title.startswith("关于下达"))
    fire = next(d for d in docs.values() if d.title.startswith("关于做好"))
    win.open_document(fire.id)
    win.tree.clicked.emit(win.tree_model.index_of(four.id))
    assert win.stack.currentWidget() is win.refs.digest

    panel = win.tables
    expected = lib.tables(issue_id=four.id)
    assert [t.id for t in panel.tables] == [t.id for t in expected] and len(expected) == 2
    assert {t.doc_id for t in panel.tables} <= set(docs)            # none of 第6期
    items = [(panel.picker.itemText(i), panel.picker.itemData(i))
             for i in range(panel.picker.count())]
    # a heading per document (文号 and title, not selectable), its tables under it
    assert [text.split("  ")[0] for text, data in items if data is None] == \
        ["临政〔2024〕2 号", "临政〔2024〕15 号"]
    assert [data for _, data in items] == [None, 0, None, 1]
    assert not panel.picker.model().item(2).isEnabled()
    assert panel.info.text() == "本期共有 2 个表格，来自 2 份文件。"
    assert panel.current_table().id == expected[0].id and not panel.all_btn.isHidden()
    assert panel.source.text().startswith("来自：临政〔2024〕2 号 《关于表彰")
    panel.picker.setCurrentIndex(3)
    assert panel.current_table().id == expected[1].id
    assert panel.source.text() == f"来自：临政〔2024〕15 号 《{award.title}》"
    assert panel.model.rowCount() == 28 and panel.model.columnCount() == 4

    tasks = win.tasks
    records = lib.task_records(issue_id=four.id)
    assert tasks.doc_mode.text() == "本期"
    assert tasks.info.text() == "本期共有 3 项任务，来自 2 份文件。"
    # each document's heading (文号 and title, across the width), its tasks under it,
    # numbered 1, 2, 3 through the issue
    model = tasks.model
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert model.heading_rows() == [0, 3] and len(shown) == 5
    qtmodeltester.check(model)
    assert shown[0] == "临政办〔2024〕11 号  关于印发临城市数字经济发展行动方案的通知"
    assert shown[3] == f"临政办〔2024〕12 号  {fire.title}"
    assert shown[1:3] + shown[4:] == [r.task.text for r in records]
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in range(5)] == \
        ["", "1", "2", "", "3"]
    assert tasks.view.columnSpan(3, 0) == model.columnCount() and tasks.view.columnSpan(4, 0) == 1
    assert model.index(3, 0).data(DOC_ROLE) == fire.id and model.index(3, 0).data(BLOCK_ROLE) == ""

    # the sets export: the tables in one workbook, the tasks as the issue's ledger
    book = panel.export_all(tmp_path / "本期表格.xlsx")
    assert load_workbook(book).sheetnames == ["目录", "表1", "表2"]
    ledger = load_workbook(tasks.export(tmp_path / "本期台账.xlsx")).active
    assert ledger["A1"].value == "《临城市人民政府公报》2024年第4期 督办台账"
    assert [ledger.cell(r, 7).value for r in range(3, 6)] == [r.doc_no for r in records]

    # a table: its document opens at the table; the reader comes back over the digest
    panel.show_btn.click()
    assert win.stack.currentIndex() == 1 and win.doc_id == award.id
    assert win.reader.textCursor().position() == \
        win.reader.position_of(expected[1].block_ids[0], 0)
    assert panel.info.text() == "本文件共有 1 个表格。" and panel.all_btn.isHidden()

    # back to the digest; a task of another document: it opens, its passage selected
    win.tree.clicked.emit(win.tree_model.index_of(four.id))
    assert len(tasks.model.records) == 3 and tasks.model.rowCount() == 5
    tasks.view.activated.emit(tasks.model.index(4, 0))
    assert win.stack.currentIndex() == 1 and win.doc_id == fire.id
    assert "森林防火行政首长负责制" in win.reader.textCursor().selectedText()
    assert tasks.doc_mode.text() == "本文件" and tasks.model.rowCount() == 1
    assert tasks.model.heading_rows() == [] and tasks.view.columnSpan(0, 0) == 1

    # a document's heading opens the document, at its top
    win.tree.clicked.emit(win.tree_model.index_of(four.id))
    tasks.view.activated.emit(tasks.model.index(0, 0))
    assert win.stack.currentIndex() == 1 and win.doc_id == records[0].task.doc_id


def test_a_search_hit_in_the_open_document_leaves_the_digest(make_window, qtbot, tmp_path):
    p = tmp_path / "lincheng-2024-04.txt"
    p.write_text(render(LINCHENG, header="临城市人民政府公报（2024 年第 4 期）"), encoding="utf-8")
    win = make_window()
    import_and_wait(qtbot, win, [p])
    lib = win.ctx.library
    doc = lib.find_document("临政办〔2024〕11号")
    win.open_document(doc.id)
    win.tree.clicked.emit(win.tree_model.index_of(lib.issues()[0].id))
    assert win.stack.currentWidget() is win.refs.digest
    block = next(b for b in lib.blocks(doc.id) if "5G" in b.text)
    win.search.openHit.emit(doc.id, block.id, 0, ["5G"])
    assert win.stack.currentIndex() == 1 and win.doc_id == doc.id
    assert win.tasks.model.rowCount() == 2 and win.refs.panel.data is not None


def _digest_unit_rows(view) -> list[list[str]]:
    """The cells of the units table of 本期概要 as the view shows it."""
    from PySide6.QtGui import QTextTable

    for frame in view.document().rootFrame().childFrames():
        if isinstance(frame, QTextTable):
            rows = [[frame.cellAt(r, c).firstCursorPosition().block().text()
                     for c in range(frame.columns())] for r in range(frame.rows())]
            if rows and rows[0][0] == "单位":
                return rows
    raise AssertionError("本期概要 has no units table")


def test_the_digest_units_table_counts_a_unit_named_as_responsible(make_window, qtbot,
                                                                   tmp_path):
    """A unit named only as 责任单位 is counted under 责任, so each row's 牵头 + 配合 + 责任
    make its 任务 (it was ``1 0 0``)."""
    p = tmp_path / "lincheng-2024-02.txt"
    p.write_text(render(LINCHENG, header="临城市人民政府公报（2024 年第 2 期）"), encoding="utf-8")
    win = make_window()
    import_and_wait(qtbot, win, [p])
    issue = win.ctx.library.issues()[0]
    win.tree.clicked.emit(win.tree_model.index_of(issue.id))
    assert win.stack.currentWidget() is win.refs.digest
    rows = _digest_unit_rows(win.refs.digest.view)
    assert rows[0] == ["单位", "任务", "牵头", "配合", "责任"]
    by_unit = {r[0]: r[1:] for r in rows[1:]}
    assert by_unit["市通信发展管理办公室"] == ["1", "0", "0", "1"]
    assert by_unit["市大数据管理局"] == ["1", "1", "0", "0"]
    assert by_unit["市财政局"] == ["1", "0", "1", "0"]
    for unit, (total, lead, support, named) in by_unit.items():
        assert int(lead) + int(support) + int(named) == int(total), unit
