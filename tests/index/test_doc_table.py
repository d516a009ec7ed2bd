"""The per-document table of an index generation is kept in a file beside the segments
(``.doctable-<generation>``): the next process reads it instead of every document's stored
fields, a new generation writes its own and removes the old one, and a file that does not
match the index is never used."""

from __future__ import annotations

import pytest

import index.search as search_module
from index.search import SearchIndex
from tests.fixtures.search_library import make_issue


def tables(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".doctable-"))


def first_page(idx, library, query="数字经济"):
    return idx.search(library, query).to_json()["documents"]


def test_the_next_process_reads_the_table_file(small_index, small_library, data_dir,
                                               monkeypatch):
    folder = data_dir / "index"
    expected = first_page(small_index, small_library)
    assert len(tables(folder)) == 1

    def no_stored_fields(reader):
        raise AssertionError("the stored fields were read")

    monkeypatch.setattr(search_module, "_stored_fields", no_stored_fields)
    other = SearchIndex(folder)                 # another process
    assert first_page(other, small_library) == expected
    assert not other.needs_rebuild(small_library)
    other.close()


def test_a_new_generation_writes_its_own_table(small_index, small_library, data_dir):
    folder = data_dir / "index"
    small_index.search(small_library, "数字经济")
    (old,) = tables(folder)
    new = make_issue("江州市人民政府公报", 2024, 2, [
        {"title": "关于低空经济的通知", "doc_no": "江政〔2024〕30 号",
         "blocks": [("paragraph", "发展低空经济，数字经济赋能。")]}])
    small_library.import_issue(new)
    small_index.add_issue(small_library, new.issue.id)
    other = SearchIndex(folder)
    assert other.search(small_library, "低空经济").total_docs == 1
    assert other.search(small_library, "数字经济").total_docs == 4
    (current,) = tables(folder)
    assert current != old
    small_library.remove_issue(new.issue.id)
    small_index.remove_issue(new.issue.id)
    third = SearchIndex(folder)
    assert third.search(small_library, "低空经济").total_docs == 0
    other.close()
    third.close()


@pytest.mark.parametrize("content", [b"", b"garbage", None])
def test_a_table_that_does_not_match_is_not_used(small_index, small_library, data_dir, content):
    import pickle

    folder = data_dir / "index"
    expected = first_page(small_index, small_library)
    (name,) = tables(folder)
    path = folder / name
    if content is None:         # a well-formed table of another index
        key, rows = pickle.loads(path.read_bytes())
        rows = [(d, (f[0], "other-issue") + tuple(f[2:])) for d, f in rows]
        content = pickle.dumps(((key[0], key[1], ("other", 1)) + key[3:], rows))
    path.write_bytes(content)
    other = SearchIndex(folder)
    assert first_page(other, small_library) == expected
    assert other.indexed_issue_ids() == {i.id for i in small_library.issues()}
    other.close()
