"""Each document's block texts held in memory, normalised once, for exact verification.

Whoosh narrows a query to candidate documents; :class:`DocText` then says exactly which blocks
contain a string, with C-speed ``str.find`` on the document's normalised text (blocks joined
by :data:`~index.textmatch.SEPARATOR`, so no match crosses two blocks). Block ids are stable
for the same content, so entries never go stale; entries of removed issues are dropped.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from dataclasses import dataclass, field

from .textmatch import SEPARATOR, normalize, snippet, spans_in_normalized


@dataclass(slots=True)
class DocText:
    doc_id: str
    issue_id: str
    block_ids: list[str]
    kinds: list[str]
    pages: list[int | None]
    section_ids: list[str | None]
    texts: list[str]          # original clean text of each block
    norm: str                 # normalised blocks joined with SEPARATOR
    starts: list[int]         # offset of each block in ``norm``
    estimated: list[bool] = field(default_factory=list)   # page of each block estimated

    @classmethod
    def from_blocks(cls, doc_id: str, issue_id: str, blocks) -> DocText:
        norms = [normalize(b.text) for b in blocks]
        starts, pos = [], 0
        for n in norms:
            starts.append(pos)
            pos += len(n) + 1
        return cls(doc_id, issue_id, [b.id for b in blocks], [b.kind for b in blocks],
                   [b.page for b in blocks], [b.section_id for b in blocks],
                   [b.text for b in blocks], SEPARATOR.join(norms), starts,
                   [getattr(b, "page_estimated", False) for b in blocks])

    def contains(self, norm_query: str) -> bool:
        return bool(norm_query) and norm_query in self.norm

    def blocks_with(self, norm_query: str) -> list[int]:
        """Indexes of the blocks whose normalised text contains ``norm_query``."""
        out: list[int] = []
        if not norm_query:
            return out
        starts, find = self.starts, self.norm.find
        n_blocks = len(starts)
        pos = find(norm_query)
        while pos != -1:
            b = bisect_right(starts, pos) - 1
            out.append(b)
            if b + 1 >= n_blocks:
                break
            pos = find(norm_query, starts[b + 1])
        return out

    def block_norm(self, index: int) -> str:
        start = self.starts[index]
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.norm)
        return self.norm[start:end]

    def spans(self, index: int, norm_texts: list[str]) -> list[tuple[int, int]]:
        """Merged spans in block ``index`` of the (normalised) texts."""
        return spans_in_normalized(self.texts[index], self.block_norm(index), norm_texts)

    def snippet(self, index: int, spans: list[tuple[int, int]]):
        return snippet(self.texts[index], spans)


class DocTextCache:
    """Thread-safe cache of :class:`DocText`, filled one issue at a time from the library."""

    def __init__(self) -> None:
        self._docs: dict[str, DocText] = {}
        self._issues: set[str] = set()
        self._lock = threading.Lock()

    def get(self, library, doc_id: str, issue_id: str) -> DocText | None:
        found = self._docs.get(doc_id)
        if found is None and issue_id not in self._issues:
            self.load_issue(library, issue_id)
            found = self._docs.get(doc_id)
        return found

    def load_issue(self, library, issue_id: str) -> None:
        by_doc: dict[str, list] = {}
        for block in library.iter_issue_blocks(issue_id):
            by_doc.setdefault(block.doc_id, []).append(block)
        with self._lock:
            for doc_id, blocks in by_doc.items():
                self._docs[doc_id] = DocText.from_blocks(doc_id, issue_id, blocks)
            self._issues.add(issue_id)

    def put(self, doc: DocText) -> None:
        with self._lock:
            self._docs[doc.doc_id] = doc

    def drop_issue(self, issue_id: str) -> None:
        with self._lock:
            self._issues.discard(issue_id)
            for doc_id in [d for d, t in self._docs.items() if t.issue_id == issue_id]:
                del self._docs[doc_id]

    def clear(self) -> None:
        with self._lock:
            self._docs.clear()
            self._issues.clear()
