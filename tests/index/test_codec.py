"""The index's fast gram postings and terms-and-postings writer write the very bytes Whoosh 3's
own analysis and writer write (so every Whoosh reader, merge and the search's block reads stay
as they were)."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3FieldWriter

from index.build import add_issue_documents, document_fields, iter_issue_documents
from index.codec import GramCodec
from index.schema import build_schema


class _WhooshOwn(GramCodec):
    """The same codec with Whoosh's own field writer."""

    def field_writer(self, storage, segment):
        return W3FieldWriter(self, storage, segment)


def _segment_files(folder: Path, library, codec, own: bool) -> dict[str, bytes]:
    """One segment of the library's documents: with Whoosh's own analysis and field writer
    (``own``), or as the index writes them."""
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = ix.writer(codec=codec, compound=False)
    for issue in library.issues():
        if own:
            for doc, blocks in iter_issue_documents(library, issue):
                writer.add_document(**document_fields(issue, doc, blocks))
        else:
            add_issue_documents(writer, library, issue)
    writer.commit(merge=False)
    ix.close()
    (seg,) = [p for p in folder.iterdir() if p.suffix == ".trm"]
    return {p.suffix: p.read_bytes() for p in folder.iterdir()
            if p.name.startswith(seg.stem) and p.suffix in (".trm", ".pst")}


@pytest.mark.parametrize("compression", [0, 3])
@pytest.mark.parametrize("blocklimit", [128, 2])       # 2: every posting list in many blocks
def test_fast_writing_writes_whooshs_bytes(small_library, tmp_path, compression, blocklimit):
    (tmp_path / "own").mkdir()
    (tmp_path / "fast").mkdir()
    own = _segment_files(tmp_path / "own", small_library,
                         _WhooshOwn(blocklimit=blocklimit, compression=compression), own=True)
    fast = _segment_files(tmp_path / "fast", small_library,
                          GramCodec(blocklimit=blocklimit, compression=compression), own=False)
    assert set(own) == {".trm", ".pst"} and len(own[".pst"]) > 10_000
    assert fast == own


def test_index_written_fast_finds_what_a_scan_finds(small_library, data_dir):
    from index.search import SearchIndex

    idx = SearchIndex(data_dir / "index")
    idx.rebuild(small_library)
    try:
        for issue in small_library.issues():
            idx.add_issue(small_library, issue.id)
        res = idx.search(small_library, "责任单位")
        expected = {d.id for d in small_library.documents()
                    if any("责任单位" in b.text.replace(" ", "")
                           for b in small_library.blocks(d.id))}
        assert expected and {g.doc_id for g in res.groups} == expected
    finally:
        idx.close()


@pytest.mark.parametrize("blocklimit", [128, 2])       # 2: posting lists of many blocks
def test_fast_merge_writes_the_segment_whoosh_writes(small_library, data_dir, tmp_path,
                                                     monkeypatch, blocklimit):
    """Small segments (with deleted documents) merged by copying their posting blocks give
    the very segment Whoosh's own merge gives."""
    import shutil

    from whoosh import index as wi

    from index import build
    from index.search import SearchIndex

    monkeypatch.setattr(build, "codec",
                        lambda compression=3: GramCodec(blocklimit=blocklimit,
                                                        compression=compression))

    folder = data_dir / "index"
    idx = SearchIndex(folder)
    idx.rebuild(small_library)
    issues = [i.id for i in small_library.issues()]
    for k in range(8):                   # re-adding an issue deletes its documents first
        idx.add_issue(small_library, issues[k % len(issues)], merge=False)
    idx.close()
    results = {}
    for fast in (True, False):
        copy = tmp_path / f"index-{fast}"
        shutil.copytree(folder, copy)
        ix = wi.open_dir(str(copy))
        before = {s.segment_id() for s in ix._segments()}
        assert build.pick_merge(copy, ix._segments())
        assert build.merge_segments(ix, copy, fast=fast) >= build.MERGE_FACTOR
        ix = wi.open_dir(str(copy))
        (new,) = [s for s in ix._segments() if s.segment_id() not in before]
        results[fast] = {p.suffix: p.read_bytes() for p in copy.iterdir()
                         if p.name.startswith(new.make_filename(""))}
        ix.close()
    assert {".trm", ".pst"} <= set(results[True])
    assert results[True] == results[False]
