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
