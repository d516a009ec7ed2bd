"""The library store: schema version, WAL, one transaction per import, removal, look-ups."""

import pytest

from core.errors import GazetteError, NotFound
from core.importer import import_file
from core.store import SCHEMA_VERSION, Library
from tests.fixtures.gazettes import GUOWUYUAN, LINCHENG, render


@pytest.fixture
def two_issues(tmp_path, library):
    a = tmp_path / "lincheng.txt"
    a.write_text(render(LINCHENG, header="临城市人民政府公报（2024 年第 4 期）"), encoding="utf-8")
    b = tmp_path / "gwy.txt"
    b.write_text(render(GUOWUYUAN, header="中华人民共和国国务院公报 2024 年第 5 号"), encoding="utf-8")
    return import_file(library, a), import_file(library, b)


def test_schema_version_and_wal(library):
    assert library.schema_version == SCHEMA_VERSION
    assert library.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_newer_library_is_refused_with_a_message(tmp_path):
    path = tmp_path / "lib.sqlite"
    with Library(path) as lib:
        lib.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(GazetteError, match="更新版本"):
        Library(path)


def test_lookups(library, two_issues):
    lin, gwy = two_issues
    issues = library.issues()
    assert [i.year for i in issues] == [2024, 2024]
    assert library.find_issue("2024-4").id == lin.issue_id
    assert library.find_issue("2024年第5期").id == gwy.issue_id
    assert library.find_issue(lin.issue_id[:6]).id == lin.issue_id
    with pytest.raises(NotFound):
        library.find_issue("1999-1")
    doc = library.find_document("国发[2024]3号")
    assert doc.issuers == ["国务院"]
    assert library.find_document(doc.id).title == doc.title
    blocks = library.blocks(doc.id)
    assert blocks[0].kind == "title" and [b.ordinal for b in blocks] == list(range(1, len(blocks) + 1))
    assert library.blocks_by_ids([blocks[1].id])[blocks[1].id].text == blocks[1].text
    src = library.source_text(doc.issue_id)
    no = next(b for b in blocks if b.kind == "doc_no")
    assert src[no.src_start:no.src_end].strip() == "国发〔2024〕3 号"


def test_remove_issue_removes_every_row_of_it(library, two_issues):
    lin, gwy = two_issues
    before = library.stats()
    library.remove_issue(lin.issue_id)
    after = library.stats()
    assert (after.issues, after.documents) == (1, before.documents - 2)
    for table in ("documents", "sections", "blocks", "sources"):
        col = "issue_id" if table in ("documents", "sources") else "doc_id"
        n = library.db.execute(
            f"SELECT count(*) FROM {table} WHERE {col} LIKE ?", [lin.issue_id + "%"]).fetchone()[0]
        assert n == 0, table
    with pytest.raises(NotFound):
        library.issue(lin.issue_id)


def test_meta(library):
    assert library.get_meta("x") is None
    library.set_meta("x", "1")
    library.set_meta("x", "2")
    assert library.get_meta("x") == "2"


def test_an_import_failing_in_its_last_part_leaves_nothing(tmp_path, library, monkeypatch):
    """The parts run inside the import's one transaction: a failure in the last one (the
    citations) takes back the issue, its blocks, tables and tasks."""
    path = tmp_path / "lincheng.txt"
    path.write_text(render(LINCHENG, header="临城市人民政府公报（2024 年第 4 期）"), encoding="utf-8")

    def broken(*_args):
        raise RuntimeError("引文写入失败")

    monkeypatch.setattr(library.ref_store, "insert_issue", broken)
    with pytest.raises(RuntimeError):
        import_file(library, path)
    stats = library.stats()
    assert (stats.issues, stats.documents, stats.blocks, stats.tables, stats.tasks) == (0, 0, 0, 0, 0)
    monkeypatch.undo()
    stored = import_file(library, path)
    assert library.stats().documents > 0 and library.issue(stored.issue_id).year == 2024
