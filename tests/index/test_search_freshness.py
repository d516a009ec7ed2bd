"""A search reuses its view of the index while the index folder is unchanged, and sees
what another process committed as soon as the folder changed (the check costs one stat
instead of listing the folder's files at every search)."""

from __future__ import annotations

import index.search as search_module
from index.search import SearchIndex
from tests.fixtures.search_library import make_issue


def test_changes_by_another_process_are_seen(small_index, small_library, data_dir,
                                             monkeypatch):
    monkeypatch.setattr(search_module, "FOLDER_SETTLED", 0.0)   # trust the folder at once
    reader = SearchIndex(data_dir / "index")        # the searching process
    writer = SearchIndex(data_dir / "index")        # another process, importing
    assert reader.search(small_library, "低空经济").total_docs == 0
    view = reader._view
    assert reader.search(small_library, "数字经济").total_docs == 3
    assert reader._view is view                     # unchanged folder: the same view
    new = make_issue("江州市人民政府公报", 2024, 2, [
        {"title": "关于低空经济的通知", "doc_no": "江政〔2024〕30 号",
         "blocks": [("paragraph", "发展低空经济。")]}])
    small_library.import_issue(new)
    writer.add_issue(small_library, new.issue.id)
    assert reader.search(small_library, "低空经济").total_docs == 1
    assert reader._view is not view
    small_library.remove_issue(new.issue.id)
    writer.remove_issue(new.issue.id)
    assert reader.search(small_library, "低空经济").total_docs == 0
    # a full rebuild swaps the folder: seen too
    writer.rebuild(small_library)
    assert reader.search(small_library, "数字经济").total_docs == 3
    reader.close()
    writer.close()
