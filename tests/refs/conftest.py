"""Libraries holding the two hand-written 南川市 issues (tests/fixtures/refs_gazettes.py)."""

from __future__ import annotations

import pytest

from core.importer import parse_text
from tests.fixtures.refs_gazettes import issue_text


def parsed_issue(n: int):
    return parse_text(issue_text(n), source_name=f"nanchuan-{n}.txt", sha256=f"{n}" * 64)


@pytest.fixture
def refs_library(library):
    """Both issues, issue 1 first."""
    for n in (1, 2):
        library.import_issue(parsed_issue(n))
    return library


def doc_id(library, doc_no: str) -> str:
    return library.find_document(doc_no).id
