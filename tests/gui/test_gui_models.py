"""Every item model passes pytest-qt's model tester on real data."""

from __future__ import annotations

import pytest

from tests.fixtures.gazettes import LINCHENG, render


@pytest.fixture
def lincheng_library(library, tmp_path):
    from core.importer import import_file

    for n in (4, 5):
        p = tmp_path / f"lc{n}.txt"
        p.write_text(render(LINCHENG, header=f"临城市人民政府公报（2024 年第 {n} 期）"),
                     encoding="utf-8")
        import_file(library, p)
    return library


def test_library_tree_model(qtmodeltester, lincheng_library):
    from gui.models import DOC_ROLE, KIND_ROLE
    from gui.models.library_tree import LibraryTreeModel

    model = LibraryTreeModel(lincheng_library)
    year = model.index(0, 0)
    assert year.data() == "2024年" and year.data(KIND_ROLE) == "year"
    assert model.rowCount(year) == 2                       # 第5期, 第4期
    issue = model.index(0, 0, year)
    assert model.canFetchMore(issue) and model.rowCount(issue) == 0   # lazy
    model.fetchMore(issue)
    assert model.rowCount(issue) == 2
    doc = model.index(1, 0, issue)
    assert "临政办〔2024〕11 号" in doc.data()
    model.fetchMore(doc)
    assert model.rowCount(doc) >= 1
    qtmodeltester.check(model)
    qtmodeltester.check(LibraryTreeModel(lincheng_library))   # the tester fetches lazily
    # with the window's 收藏 and 最近打开 below the years, entries replaced in place
    shelf = LibraryTreeModel(lincheng_library)
    doc_id = doc.data(DOC_ROLE)
    shelf.enable_shelf([("方案 · 一、", doc_id, "")], [])
    qtmodeltester.check(shelf)
    groups = [shelf.index(r, 0) for r in range(shelf.rowCount())][-2:]
    assert [g.data() for g in groups] == ["收藏", "最近打开"]
    shelf.set_shelf("recent", [("方案", doc_id, ""), ("决定", doc_id, "")])
    assert shelf.rowCount(groups[1]) == 2 and shelf.index(0, 0, groups[1]).data(KIND_ROLE) == \
        "bookmark"
    qtmodeltester.check(shelf)


def test_search_results_model(qtmodeltester, lincheng_library, tmp_path):
    from gui.models import BLOCK_ROLE, KIND_ROLE, SPANS_ROLE
    from gui.models.search_results import SearchResultsModel
    from index import open_index

    ix = open_index(tmp_path / "index")
    ix.rebuild(lincheng_library)
    results = ix.search(lincheng_library, "市财政局")
    model = SearchResultsModel()
    model.set_results(results)
    qtmodeltester.check(model)
    assert model.rowCount() == 2 == results.total_docs
    group = model.index(0, 0)
    assert group.data(KIND_ROLE) == "group" and "（1 段 · 2024年第" in group.data()
    # the same document in the 4th and the 5th issue: each group says which
    assert {model.index(r, 0).data()[-9:] for r in range(2)} == {"2024年第4期）", "2024年第5期）"}
    hit = model.index(0, 0, group)
    assert hit.data(KIND_ROLE) == "hit"
    block = lincheng_library.block(hit.data(BLOCK_ROLE))
    s, e = hit.data(SPANS_ROLE)[0]
    assert block.text[s:e] == "市财政局"
    model.clear()
    qtmodeltester.check(model)


def test_table_and_task_models(qtmodeltester, corpus_library):
    from gui.models.tables import TableGridModel, TaskTableModel

    table = max(corpus_library.tables(), key=lambda t: t.row_count)
    grid = TableGridModel()
    grid.set_table(table)
    qtmodeltester.check(grid)
    assert grid.rowCount() >= table.row_count
    doc_id = next(d.id for d in corpus_library.documents() if corpus_library.tasks(d.id))
    tasks = TaskTableModel()
    tasks.set_records(corpus_library.task_records(doc_id=doc_id))
    qtmodeltester.check(tasks)
    assert tasks.rowCount() == len(corpus_library.tasks(doc_id))
    assert tasks.headerData(1, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) \
        == "牵头单位"


def test_annotation_list_model(gui_app, qtmodeltester, lincheng_library):
    """The 批注 list on real records, one of them 未能定位 after its issue was removed."""
    from PySide6.QtCore import Qt

    from core.annotations import annotation_for_quote
    from gui.models import DOC_ROLE, ID_ROLE
    from gui.models.annotations import ORPHAN_TEXT, START_ROLE, AnnotationListModel

    lib = lincheng_library
    issues = lib.issues()
    kept, gone = (lib.documents(i.id)[1] for i in issues)
    a = lib.add_annotation(annotation_for_quote(lib.blocks(kept.id), "新建 5G 基站 2000 个",
                                                note="核对进度"))
    b = lib.add_annotation(annotation_for_quote(lib.blocks(gone.id), "新建 5G 基站 2000 个"))
    lib.remove_issue(gone.issue_id)
    model = AnnotationListModel()
    model.set_records(lib.annotation_records(), show_document=True)
    assert model.rowCount() == 2
    first, last = model.index(0, 0), model.index(1, 0)
    assert first.data(ID_ROLE) == a.id and first.data(DOC_ROLE) == kept.id
    assert "批注：核对进度" in first.data() and first.data(START_ROLE) == a.start
    assert last.data(ID_ROLE) == b.id and last.data(DOC_ROLE) is None       # orphans last
    assert ORPHAN_TEXT in last.data() and last.data(Qt.ItemDataRole.ForegroundRole) is not None
    qtmodeltester.check(model)
    model.set_records([])
    qtmodeltester.check(model)
