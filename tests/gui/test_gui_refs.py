"""关联 panel, status badges, citation links, 本期概要 and the 状态: search filter, on the two
hand-written 南川市 issues (status judged as of 2024-06-01 through $GAZETTE_TODAY)."""

from __future__ import annotations

import pytest
from conftest_gui import import_and_wait, shot, wait_index
from PySide6.QtCore import Qt

from gui.models.library_tree import STATUS_ROLE
from gui.models.search_results import HTML_ROLE
from gui.panels.relations import ROW_ROLE
from tests.fixtures.refs_gazettes import issue_text

DAY = "2024-06-01"


@pytest.fixture
def refs_window(make_window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("GAZETTE_TODAY", DAY)
    paths = []
    for n in (1, 2):
        p = tmp_path / f"nanchuan-{n}.txt"
        p.write_text(issue_text(n), encoding="utf-8")
        paths.append(p)
    win = make_window()
    import_and_wait(qtbot, win, paths)
    return win


def _doc(win, doc_no):
    return win.ctx.library.find_document(doc_no)


def _tree_index(win, doc_id):
    return win.tree_model.index_of(doc_id, doc_id)


def test_relations_panel_and_badges(refs_window, qtbot, output_dir):
    win = refs_window
    old = _doc(win, "南政〔2023〕2号")
    win.open_document(old.id)
    # title block badge
    assert "已废止" in win.reader.document().toPlainText().splitlines()[0]
    # tree badge, greyed
    index = _tree_index(win, old.id)
    assert index.data(STATUS_ROLE) == "已废止"
    assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert index.data(Qt.ItemDataRole.ForegroundRole).name() == "#9e9e9e"
    assert "已被《关于印发南川市市长质量奖管理办法的通知》" in index.data(Qt.ItemDataRole.ToolTipRole)
    current = _tree_index(win, _doc(win, "南政〔2024〕5号").id)
    assert current.data(STATUS_ROLE) == "现行有效"
    assert current.data(Qt.ItemDataRole.DecorationRole) is None
    # the panel: status, deciding sentence, who cites it
    panel = win.refs.panel
    assert panel.data.status == "已废止" and "同时废止" in panel.status.text()
    groups = {panel.tree.topLevelItem(i).text(0).split("（")[0]: panel.tree.topLevelItem(i)
              for i in range(panel.tree.topLevelItemCount())}
    cited_by = groups["引用它的"]
    rows = [cited_by.child(i).data(0, ROW_ROLE) for i in range(cited_by.childCount())]
    texts = [(r.label, r.kind_text) for r in rows]
    assert ("《关于印发南川市市长质量奖管理办法的通知》（南政〔2024〕5号）", "废止了它") in texts
    assert "废止了它" in cited_by.child(texts.index(
        ("《关于印发南川市市长质量奖管理办法的通知》（南政〔2024〕5号）", "废止了它"))).data(0, HTML_ROLE)
    win.refs.dock.show()
    win.refs.dock.raise_()
    shot(win, output_dir, "refs-01-relations-panel")
    assert panel.grab().save(str(output_dir / "screenshots" / "refs-02-panel-only.png"))
    # the sentence link opens the repealing document at its sentence
    panel._status_link("sentence")
    new = _doc(win, "南政〔2024〕5号")
    assert win.doc_id == new.id
    block = win.reader.block_at(win.reader.textCursor().position())
    assert block == panel.data.cites[0].block_id or "同时废止" in win.ctx.library.block(block).text


def test_citation_links_hover_and_click(refs_window, qtbot, output_dir):
    win = refs_window
    citing = _doc(win, "南政办〔2023〕6号")
    win.open_document(citing.id)
    links = win.refs.links
    assert len(links.links) == 9             # every citation of the text (CITES_FORMS)
    # hover: the library document's title, issuer, date and status
    in_lib = next(i for i, t in enumerate(links.links) if t.get("doc_id"))
    start, end = links.spans[in_lib]
    cur = win.reader.textCursor()
    cur.setPosition(start + 1)
    rect = win.reader.cursorRect(cur)
    tip = links.tip_at(rect.center())
    assert tip and "已废止" in tip and "南政〔2023〕2号" in tip and "2023-02-10" in tip
    assert "南政〔2023〕2号" in win.reader.tooltip_at(rect.center())
    # the same hover text survives a change of font size (the document is rebuilt)
    win.reader.zoom(1)
    assert len(links.links) == 9
    # click on a document not in the library: the places that cite it
    outside = next(t for t in links.links if t["key"] == "南政〔2019〕16号")
    menu = links.activate(outside)
    labels = [a.text() for a in menu.actions()]
    assert any("南政办〔2023〕6号" in x for x in labels) and "不在资料库中" in labels[1]
    shot(win, output_dir, "refs-03-cited-elsewhere-menu")
    menu.close()
    # click on a document in the library opens it
    links.activate(links.links[in_lib])
    assert win.doc_id == _doc(win, "南政〔2023〕2号").id


def test_digest_page_on_issue_selection_and_export(refs_window, qtbot, tmp_path, output_dir):
    win = refs_window
    issue = win.ctx.library.find_issue("2024-5")
    index = win.tree_model.index_of(issue.id)
    win.tree.clicked.emit(index)
    assert win.stack.currentWidget() is win.refs.digest
    html = win.refs.digest.view.toPlainText()
    assert "本期概要" in win.refs.digest.title.text() and "废止" in html and "南政〔2023〕2号" in html
    shot(win, output_dir, "refs-04-digest")
    target = tmp_path / "概要.pdf"
    win.refs.digest.export(str(target))
    qtbot.waitUntil(lambda: "已导出" in win.refs.digest.status.text(), timeout=60000)
    assert target.read_bytes().startswith(b"%PDF")
    # a document clicked in the tree brings the reader back
    doc = _doc(win, "南政〔2024〕5号")
    win.open_document(doc.id)
    win.tree.clicked.emit(win.tree_model.index(0, 0))       # a year: nothing changes
    win.refs.show_digest(issue.id)
    win.tree.clicked.emit(_tree_index(win, doc.id))
    assert win.stack.currentIndex() == 1


def test_status_search_filter(refs_window, qtbot):
    win = refs_window
    wait_index(qtbot, win)
    with qtbot.waitSignal(win.search.searched, timeout=60000) as got:
        win.search.run_search("状态:已废止")
    assert {g.doc_no for g in got.args[0].groups} == {"南政〔2023〕2 号"}
    with qtbot.waitSignal(win.search.searched, timeout=60000) as got:
        win.search.run_search("管理办法 状态:有效")
    nos = {g.doc_no for g in got.args[0].groups}
    assert "南政〔2023〕2 号" not in nos and "南政办〔2023〕3 号" in nos
    with qtbot.waitSignal(win.search.searched, timeout=60000) as got:
        win.search.run_search("状态:已到期")
    assert got.args[0].groups == []


def test_removing_the_repealing_issue_updates_panel_and_tree(refs_window, qtbot):
    win = refs_window
    old = _doc(win, "南政〔2023〕2号")
    win.open_document(old.id)
    assert win.refs.panel.data.status == "已废止"
    issue = win.ctx.library.find_issue("2024-5")
    win.remove_issue(issue.id)
    qtbot.waitUntil(lambda: win.refs.panel.data is not None
                    and win.refs.panel.data.status == "现行有效", timeout=30000)
    assert _tree_index(win, old.id).data(STATUS_ROLE) == "现行有效"
    assert "现行有效" in win.reader.document().toPlainText().splitlines()[0]


def test_library_from_before_citations_is_read_once(make_window, qtbot, data_dir, monkeypatch):
    from core.paths import db_path
    from core.store import Library
    from tests.refs.conftest import parsed_issue

    monkeypatch.setenv("GAZETTE_TODAY", DAY)
    with Library(db_path(data_dir)) as lib:
        for n in (1, 2):
            lib.import_issue(parsed_issue(n))
        for table in ("citations", "relations", "doc_terms", "doc_status"):
            lib.db.execute(f"DELETE FROM {table}")
        lib.set_meta("refs_version", None)
    win = make_window()
    assert win.refs.ensure_job is not None           # the extraction runs on the serial pool
    old = win.ctx.library.find_document("南政〔2023〕2号")
    qtbot.waitUntil(lambda: _tree_index(win, old.id).data(STATUS_ROLE) == "已废止", timeout=30000)


def test_corpus_document_with_many_citations(make_window, qtbot, corpus_library, output_dir):
    win = make_window()
    doc = win.ctx.library.find_document("许政办〔2023〕6号")
    win.open_document(doc.id)
    win.refs.dock.show()
    win.refs.dock.raise_()
    panel = win.refs.panel
    assert len(panel.data.cites) == 17          # the 16 文号 of the list and the 企业所得税法
    most = max(panel.data.cites, key=lambda row: len(row.places))
    assert "许政〔2022〕6号" in most.label and len(most.places) == 14
    # citations in the text are links; those inside the flattened table are listed only
    assert 1 <= len(win.refs.links.links) < sum(len(r.places) for r in panel.data.cites)
    shot(win, output_dir, "refs-05-corpus-many-citations")


def test_citation_links_follow_a_cited_document_imported_while_open(make_window, qtbot, tmp_path,
                                                                     monkeypatch):
    """The open document's links are marked again when the library changes: a cited
    document imported meanwhile opens from its link (the link said 不在资料库中 before)."""
    monkeypatch.setenv("GAZETTE_TODAY", DAY)
    paths = []
    for n in (2, 1):
        p = tmp_path / f"nanchuan-{n}.txt"
        p.write_text(issue_text(n), encoding="utf-8")
        paths.append(p)
    win = make_window()
    import_and_wait(qtbot, win, paths[:1])
    citing = _doc(win, "南政〔2024〕5号")
    win.open_document(citing.id)

    def link():
        return next(t for t in win.refs.links.links if t["key"] == "南政〔2023〕2号")

    assert not link().get("doc_id")
    import_and_wait(qtbot, win, paths[1:])
    assert win.doc_id == citing.id
    cited = _doc(win, "南政〔2023〕2号")
    qtbot.waitUntil(lambda: link().get("doc_id") == cited.id, timeout=60000)
    win.refs.links.activate(link())
    assert win.doc_id == cited.id
