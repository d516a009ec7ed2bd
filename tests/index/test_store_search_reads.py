"""The library's side of search: each document's normalised text (migration 5 fills it for
libraries made before it) and the 文号 keys."""

from __future__ import annotations

from core.store import Library, searchreads
from core.store.rows import doc_norm_rows
from core.textmatch import normalize


def test_every_document_has_its_normalised_text(small_library):
    docs = small_library.documents()
    texts = searchreads.doc_norms(small_library, [d.id for d in docs])
    for doc in docs:
        blocks = small_library.blocks(doc.id)
        norm, ids = texts[doc.id]
        assert norm.split("\n") == [normalize(b.text) for b in blocks]
        assert ids.split("\n") == [b.id for b in blocks]


def test_the_texts_in_utf8_are_the_texts(small_library):
    ids = [d.id for d in small_library.documents()]
    texts = searchreads.doc_norms(small_library, ids)
    raw = searchreads.doc_norms_utf8(small_library, ids)
    assert raw == {d: (norm.encode(), block_ids) for d, (norm, block_ids) in texts.items()}


def test_migration_fills_the_texts_of_an_older_library(small_library):
    path = small_library.path
    expected = {r["doc_id"]: (r["norm"], r["block_ids"]) for d in small_library.documents()
                for r in doc_norm_rows(small_library.blocks(d.id))}
    db = small_library.db
    db.execute("DROP TABLE doc_norms")
    db.execute("DROP INDEX documents_doc_no_parts")
    db.execute("PRAGMA user_version = 4")
    db.conn.commit()
    small_library.close()
    with Library(path) as lib:
        assert searchreads.doc_norms(lib, list(expected)) == expected
        assert lib.schema_version >= 5


def test_doc_no_keys_and_removal(small_library):
    ids = searchreads.doc_ids_by_doc_no(small_library, "江政〔2023〕14号")
    assert [small_library.document(i).doc_no.normalized for i in ids] == ["江政〔2023〕14号"]
    year = searchreads.doc_ids_by_doc_no_parts(small_library, "江政", 2023)
    assert len(year) == 2
    issue = small_library.issues()[0]
    doc_ids = [d.id for d in small_library.documents(issue.id)]
    small_library.remove_issue(issue.id)
    assert searchreads.doc_norms(small_library, doc_ids) == {}
