"""Search results: plain dataclasses, offsets into ``Block.text``, no HTML."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import NamedTuple

Span = tuple[int, int]


@dataclass(slots=True)
class Hit:
    """One block containing the query: ``spans`` are every occurrence in ``Block.text``."""

    block_id: str
    doc_id: str
    issue_id: str
    kind: str                       # the block's kind (title, heading, paragraph ...)
    page: int | None
    section_id: str | None
    spans: list[Span] = field(default_factory=list)
    snippet: str = ""               # about 60 characters around the first occurrence
    snippet_spans: list[Span] = field(default_factory=list)   # offsets into ``snippet``
    page_estimated: bool = False    # the page is an estimate (text source): 约第 N 页


@dataclass(slots=True)
class DocGroup:
    """The hits of one document, in reading order; ``hit_count`` = number of hit blocks."""

    doc_id: str
    issue_id: str
    title: str
    doc_no: str
    doc_type: str
    date: str | None
    issuers: list[str]
    year: int | None
    number: int | None
    score: float
    hit_count: int
    doc_no_match: bool = False      # the query is this document's 文号
    hits: list[Hit] = field(default_factory=list)


@dataclass(slots=True)
class SearchResults:
    query: str
    total_hits: int                 # hit blocks in all matching documents
    total_docs: int                 # matching documents (``groups`` may hold fewer: limit)
    elapsed_ms: float
    groups: list[DocGroup] = field(default_factory=list)
    total_exact: bool = True        # False: the totals are estimates (only a page verified)

    def to_json(self) -> dict:
        """The ``--json`` form (field names documented in README)."""
        return {
            "query": self.query, "total_hits": self.total_hits, "total_docs": self.total_docs,
            "total_exact": self.total_exact, "elapsed_ms": round(self.elapsed_ms, 2),
            "documents": [_group_json(g) for g in self.groups],
        }


_GROUP_FIELDS = [f.name for f in fields(DocGroup) if f.name != "hits"]


def _group_json(g: DocGroup) -> dict:
    d = {name: getattr(g, name) for name in _GROUP_FIELDS}     # no deep copy of the hits
    d["issuers"] = list(g.issuers)
    d["hits"] = [{
        "block_id": h.block_id, "page": h.page, "page_estimated": h.page_estimated,
        "kind": h.kind, "snippet": h.snippet,
        "snippet_spans": [list(s) for s in h.snippet_spans], "spans": [list(s) for s in h.spans],
    } for h in g.hits]
    d["score"] = round(g.score, 3)
    return d


class Totals(NamedTuple):
    """The exact totals of a search (``SearchIndex.exact_totals``)."""

    total_docs: int
    total_hits: int
