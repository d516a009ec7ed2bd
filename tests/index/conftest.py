"""Fixtures of the search tests: a small hand-built library and its index."""

from __future__ import annotations

import pytest

from tests.fixtures.search_library import small_parsed


@pytest.fixture
def small_library(library):
    for parsed in small_parsed():
        library.import_issue(parsed)
    return library


@pytest.fixture
def small_index(small_library, data_dir):
    from index.search import SearchIndex

    idx = SearchIndex(data_dir / "index")
    idx.rebuild(small_library)
    yield idx
    idx.close()
