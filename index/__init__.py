"""Full-text search over the library: Whoosh over characters and bigrams, exact substring
recall verified by the library, 文号 search by key.

Public API (everything else is internal):

``open_index(index_dir) -> SearchIndex``
    The process-wide index object for ``index_dir`` (``core.paths.index_path(folder)``).
``SearchIndex.needs_rebuild(library) -> bool``
    Missing, other schema version, marked stale, unreadable, or not the library's issues.
``SearchIndex.rebuild(library, progress=None, cancel=None) -> int``
    Rebuild from SQLite into a new folder, swapped in only when complete (under the lock).
``SearchIndex.open_or_rebuild(library, progress=None, cancel=None) -> bool``
    A full rebuild only when missing, outdated or damaged; else add/drop issues (``sync``).
``SearchIndex.add_issue(library, issue_id)`` / ``SearchIndex.remove_issue(issue_id)``
    One commit each (then a tiered merge when due); on failure the index is marked stale
    and ``IndexUnavailable`` raised.
``SearchIndex.merge()`` / ``SearchIndex.mark_stale()`` / ``SearchIndex.warm(library=None)``
    Merge a full tier of segments; mark for rebuild; open the index and its small
    per-document table now (the first search otherwise does).
``SearchIndex.merge_due() -> bool`` / ``SearchIndex.merge_all() -> int``
    Whether a tier is full; merge full tiers until none is (``add_issue(..., merge=False)``
    leaves the merging to these: the command line's background ``merge-index``).
``SearchIndex.search(library, query, *, issue_id=None, year=None, doc_type=None,
issuer=None, sort="relevance", limit=None, offset=0, max_hits=None) -> SearchResults``
    ``SearchResults``: ``total_hits``, ``total_docs``, ``total_exact``, ``elapsed_ms``,
    ``groups`` (one ``DocGroup`` per document, best first, with ``hit_count`` and ``hits``);
    each ``Hit`` has ``block_id``, ``doc_id``, ``page``, ``snippet``, ``snippet_spans`` and
    ``spans`` (offsets into ``Block.text``). ``limit``/``offset`` page the documents, not
    the counts; only the documents returned are verified, and ``max_hits`` caps the hits
    built per document. Without a limit everything is verified and the totals are exact.
``SearchIndex.exact_totals(library, query, *, <the filters of search>, cancel=None,
progress=None) -> Totals``
    The exact ``total_docs`` and ``total_hits`` of the same search, every candidate verified
    in batches of bounded size (cancellable between batches): for a page whose totals are
    estimates, in the background.
``find_in_text(text, query) -> list[tuple[int, int]]``
    The exact matcher the reader's Ctrl+F uses (same normalisation as search, from
    :mod:`core.textmatch`); importing it does not load Whoosh.
``search_with_status(index, library, query, **filters) -> SearchResults``
    ``SearchIndex.search`` with the ``状态:`` filter (有效/已废止/已到期) applied.
``parse_query(text) -> ParsedQuery``
    The query language (see :mod:`index.query`).
"""

from __future__ import annotations

from .textmatch import find_in_text, normalize

__all__ = ["open_index", "SearchIndex", "IndexUnavailable", "SearchResults", "DocGroup", "Hit",
           "Totals", "find_in_text", "normalize", "parse_query", "search_with_status",
           "exact_totals_with_status"]

_LAZY = {
    "open_index": "search", "SearchIndex": "search", "IndexUnavailable": "search",
    "SearchResults": "results", "DocGroup": "results", "Hit": "results", "parse_query": "query",
    "search_with_status": "status_filter", "exact_totals_with_status": "status_filter",
    "Totals": "results",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)
