"""The library tree shows a file holding one document by the document's name, never as
an issue number invented from its 文号 or file name."""

from __future__ import annotations

from tests.fixtures.single_documents import DECISION, DECISION_NAME


def test_tree_names_a_single_document_entry(library, tmp_path):
    from core.importer import import_file
    from gui.models import KIND_ROLE
    from gui.models.library_tree import LibraryTreeModel

    p = tmp_path / DECISION_NAME
    p.write_text(DECISION, encoding="utf-8")
    import_file(library, p)
    model = LibraryTreeModel(library)
    year = model.index(0, 0)
    assert year.data() == "2021年"
    entry = model.index(0, 0, year)
    assert entry.data(KIND_ROLE) == "issue"
    assert entry.data() == "单篇文件 · 南川市人民政府 · 南政〔2021〕7号"
    assert "期" not in entry.data() and DECISION_NAME not in entry.data()
    model.fetchMore(entry)
    assert model.rowCount(entry) == 1
    assert "南政〔2021〕7号" in model.index(0, 0, entry).data()


def test_a_single_document_is_cited_without_an_issue(library, tmp_path):
    from core.importer import import_file
    from gui.views.reader import DocumentData, citation

    p = tmp_path / DECISION_NAME
    p.write_text(DECISION, encoding="utf-8")
    import_file(library, p)
    doc = library.documents()[0]
    data = DocumentData(doc=doc, issue=library.issue(doc.issue_id))
    assert citation(data, None) == ("《南川市人民政府关于调整南川市河道采砂管理有关事项的决定》"
                                    "（南政〔2021〕7号）")


def test_the_window_names_an_older_version_s_entry_and_its_tree_follows(
        make_window, qtbot, data_dir, tmp_path):
    """A single document an older version filed as 《未知公报》2021年第7期 is named at the
    window's first index check (in its job), and the library tree shows the new name."""
    import sqlite3

    from core.importer import import_file
    from core.store import Library
    from tests.gui.conftest_gui import wait_index

    p = tmp_path / DECISION_NAME
    p.write_text(DECISION, encoding="utf-8")
    lib = Library(data_dir / "library.sqlite")
    import_file(lib, p)
    lib.close()
    db = sqlite3.connect(str(data_dir / "library.sqlite"))
    with db:
        db.execute("UPDATE issues SET gazette = '', number = 7")
    db.close()

    win = make_window()
    wait_index(qtbot, win)

    def labels() -> list[str]:
        m = win.tree_model
        return [m.index(r, 0, m.index(y, 0)).data() for y in range(m.rowCount())
                for r in range(m.rowCount(m.index(y, 0)))]

    qtbot.waitUntil(lambda: "单篇文件 · 南川市人民政府 · 南政〔2021〕7号" in labels(),
                    timeout=30000)
    assert not any("未知公报" in (x or "") for x in labels())
