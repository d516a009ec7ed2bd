"""The search filter ``状态:`` (效力): ``状态:有效``, ``状态:已废止``, ``状态:已到期`` … .

``split_status(query)`` takes the filter out of a query; ``search_with_status`` runs the
rest of the query through the index and keeps the documents whose derived status
(``core.refs``) is one of those asked for; ``exact_totals_with_status`` gives the exact
totals of the same search (``SearchIndex.exact_totals``). A query that is nothing but the filter lists every
document of that status (newest first, no hits).
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

from .results import DocGroup, SearchResults, Totals

if TYPE_CHECKING:
    from core.store import Library

STATUS_WORDS = {
    "有效": ("现行有效", "已修改"), "现行有效": ("现行有效",), "现行": ("现行有效", "已修改"),
    "废止": ("已废止",), "已废止": ("已废止",), "失效": ("已废止", "已到期"),
    "到期": ("已到期",), "已到期": ("已到期",), "修改": ("已修改",), "已修改": ("已修改",),
    "未施行": ("尚未施行",), "尚未施行": ("尚未施行",), "未知": ("未知",),
}
_FILTER = re.compile(r"(?:^|(?<=\s))状态\s?[:：]\s?([^\s\"“”]{1,8})")


def split_status(query: str) -> tuple[str, set[str] | None, str | None]:
    """(the query without ``状态:…``, the statuses asked for or None, an error or None)."""
    m = _FILTER.search(query or "")
    if m is None:
        return query, None, None
    rest = (query[:m.start()] + " " + query[m.end():]).strip()
    wanted = STATUS_WORDS.get(m[1])
    if wanted is None:
        return rest, set(), (f"无法识别的状态“{m[1]}”：可用 有效、已废止、已到期、已修改、"
                             "尚未施行、未知。")
    return rest, set(wanted), None


def search_with_status(index, library: Library, query: str, *, limit: int | None = None,
                       offset: int = 0, max_hits: int | None = None,
                       **filters) -> SearchResults:
    """``index.search`` with the ``状态:`` filter applied (see the module docstring).
    ``limit``/``offset`` page the documents; with the filter every document is searched
    first (the status is not in the index), then the page is cut."""
    rest, wanted, error = split_status(query)
    if wanted is None:
        return index.search(library, query, limit=limit, offset=offset, max_hits=max_hits,
                            **filters)
    if error:
        from core.errors import GazetteError

        raise GazetteError(error)
    started = time.perf_counter()
    statuses = library.status_map()
    if rest.strip() or any(v for k, v in filters.items() if k != "sort"):
        results = index.search(library, rest, max_hits=max_hits, **filters)
        results.groups = [g for g in results.groups
                          if getattr(statuses.get(g.doc_id), "status", None) in wanted]
    else:
        results = SearchResults(query=query, total_hits=0, total_docs=0, elapsed_ms=0.0)
        issues = {i.id: i for i in library.issues()}
        for d in library.documents():
            st = statuses.get(d.id)
            if st is None or st.status not in wanted:
                continue
            issue = issues.get(d.issue_id)
            results.groups.append(DocGroup(
                doc_id=d.id, issue_id=d.issue_id, title=d.title,
                doc_no=d.doc_no.printed if d.doc_no else "", doc_type=d.doc_type, date=d.date,
                issuers=list(d.issuers), year=issue.year if issue else None,
                number=issue.number if issue else None, score=0.0, hit_count=0))
    results.query = query
    results.total_docs = len(results.groups)
    results.total_hits = sum(g.hit_count for g in results.groups)
    results.total_exact = True
    if offset or limit is not None:
        end = None if limit is None else max(0, offset) + max(0, limit)
        results.groups = results.groups[max(0, offset):end]
    results.elapsed_ms = (time.perf_counter() - started) * 1000
    return results


def exact_totals_with_status(index, library: Library, query: str, *, cancel=None,
                             progress=None, **filters) -> Totals:
    """The exact totals of ``search_with_status`` with the same query and filters (a page of
    results may only estimate them). With ``状态:`` every document is verified by the search
    itself, whose totals are exact."""
    _rest, wanted, _error = split_status(query)
    if wanted is None:
        return index.exact_totals(library, query, cancel=cancel, progress=progress, **filters)
    results = search_with_status(index, library, query, max_hits=0, **filters)
    return Totals(results.total_docs, results.total_hits)
