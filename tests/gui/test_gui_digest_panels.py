"""本期概要 (an issue selected in the tree): the side panels (表格, 责任分工, 关联) do not keep
the last document's tables, tasks and relations; they say they belong to a document, and come
back when a document is shown again."""

from __future__ import annotations

from conftest_gui import import_and_wait

from tests.fixtures.gazettes import LINCHENG, render


def test_side_panels_follow_the_digest(make_window, qtbot, tmp_path):
    p = tmp_path / "lincheng-2024-04.txt"
    p.write_text(render(LINCHENG, header="临城市人民政府公报（2024 年第 4 期）"), encoding="utf-8")
    win = make_window()
    import_and_wait(qtbot, win, [p])
    lib = win.ctx.library
    issue = lib.issues()[0]
    with_table = lib.find_document("临政〔2024〕2号")
    with_tasks = lib.find_document("临政办〔2024〕11号")

    win.open_document(with_table.id)
    assert win.tables.tables and win.tables.model.rowCount() > 0
    win.tree.clicked.emit(win.tree_model.index_of(issue.id))
    assert win.stack.currentWidget() is win.refs.digest
    assert win.tables.tables == [] and win.tables.model.rowCount() == 0
    assert "本期概要" in win.tables.info.text()
    assert win.refs.panel.data is None and "本期概要" in win.refs.panel.status.text()

    win.open_document(with_tasks.id)
    assert win.stack.currentIndex() == 1
    assert win.tasks.model.rowCount() == 2 and win.refs.panel.data is not None
    win.tree.clicked.emit(win.tree_model.index_of(issue.id))
    assert win.tasks.model.rowCount() == 0 and "本期概要" in win.tasks.info.text()
    assert win.refs.panel.data is None and win.refs.panel.tree.topLevelItemCount() == 0

    # the same document clicked again in the tree: the reader and its panels come back
    win.tree.clicked.emit(win.tree_model.index_of(with_tasks.id, with_tasks.id))
    assert win.stack.currentIndex() == 1
    assert win.tasks.model.rowCount() == 2 and "本文件共有 2 项任务" in win.tasks.info.text()
    assert win.refs.panel.data is not None and win.refs.panel.data.doc_id == with_tasks.id


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
