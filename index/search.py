"""The search index beside the library: open, rebuild, update, query.

Query plan: the query is parsed (:mod:`index.query`); Whoosh finds the candidate documents
(an AND of character-bigram terms per searched string — a guaranteed superset — plus the 文号
field and the filters) and scores them on jieba words (title > headings > body); every
candidate is then verified on its normalised text in memory (:mod:`index.doctext`), which
decides the hit blocks exactly; spans and snippets are computed for the documents shown.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq

from core.errors import GazetteError, NotFound
from core.progress import Progress

from . import analysis, build, plan
from .doctext import DocText, DocTextCache
from .query import ParsedQuery, parse_query
from .results import DocGroup, Hit, SearchResults
from .schema import SCHEMA_VERSION
from .textmatch import normalize

SORTS = ("relevance", "date")


class IndexUnavailable(GazetteError):
    """The index is missing, outdated or unreadable and must be rebuilt."""


class SearchIndex:
    """The Whoosh index in ``index_dir``; one object per process is enough (thread-safe)."""

    def __init__(self, index_dir: Path):
        self.dir = Path(index_dir)
        analysis.configure(self.dir.parent)
        self._ix = None
        self._searcher = None
        self._lock = threading.RLock()
        self.texts = DocTextCache()
        self._stored_cache: dict = {}

    # -- state ---------------------------------------------------------------------------
    def exists(self) -> bool:
        return whoosh_index.exists_in(str(self.dir))

    def _open(self):
        with self._lock:
            if self._ix is None:
                if not self.exists() or build.read_version(self.dir) != SCHEMA_VERSION:
                    raise IndexUnavailable(
                        f"检索索引 {self.dir} 不存在或版本不符，请运行“python main.py reindex”重建。")
                try:
                    self._ix = whoosh_index.open_dir(str(self.dir))
                except Exception as e:  # noqa: BLE001 - any corruption means rebuild
                    raise IndexUnavailable(f"检索索引 {self.dir} 已损坏（{e}），需要重建。") from e
            return self._ix

    def _close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            if self._ix is not None:
                self._ix.close()
            self._ix = self._searcher = None

    def close(self) -> None:
        self._close()

    def indexed_issue_ids(self) -> set[str]:
        with self._open().searcher() as s:
            return {f["issue_id"] for f in s.all_stored_fields()}

    def needs_rebuild(self, library) -> bool:
        """True when the index is missing, of another version, marked stale, unreadable,
        does not hold exactly the library's issues, or holds many small segments."""
        if not self.exists() or build.read_version(self.dir) != SCHEMA_VERSION:
            return True
        if build.is_stale(self.dir):
            return True
        try:
            indexed = self.indexed_issue_ids()
            if build.small_segment_count(self._open()) >= build.SMALL_SEGMENTS_MAX:
                return True
        except Exception:  # noqa: BLE001 - unreadable index
            self._close()
            return True
        return indexed != {i.id for i in library.issues()}

    def mark_stale(self) -> None:
        """Record that the index no longer matches the library (the next open rebuilds)."""
        build.mark_stale(self.dir)

    # -- writing -------------------------------------------------------------------------
    def rebuild(self, library, progress: Progress | None = None, cancel=None) -> int:
        """Rebuild the whole index from the library; returns the number of documents."""
        with self._lock:
            self._close()
            count = build.build_fresh(library, self.dir, progress, cancel)
            self.texts.clear()
            return count

    def open_or_rebuild(self, library, progress: Progress | None = None, cancel=None) -> bool:
        """Rebuild when needed; returns True if it did."""
        if self.needs_rebuild(library):
            self.rebuild(library, progress, cancel)
            return True
        return False

    def add_issue(self, library, issue_id: str) -> int:
        """Index one issue's documents in one commit (replacing them if present), and drop
        issues the library no longer has. On failure the index is marked stale."""
        try:
            issue = library.issue(issue_id)
            ix = self._open()
            keep = {i.id for i in library.issues()}
            with self._lock, build.writing(ix) as writer:
                with ix.searcher() as s:
                    gone = {f["issue_id"] for f in s.all_stored_fields()} - keep
                for old in gone | {issue_id}:
                    writer.delete_by_term("issue_id", old)
                self.texts.drop_issue(issue_id)
                count = build.add_issue_documents(writer, library, issue, self.texts)
            for old in gone:
                self.texts.drop_issue(old)
            return count
        except NotFound:
            raise
        except Exception as e:
            self.mark_stale()
            if isinstance(e, GazetteError):
                raise
            raise IndexUnavailable(f"为 {issue_id} 建立检索索引失败（{e}），索引将重建。") from e

    def remove_issue(self, issue_id: str) -> None:
        """Remove an issue's documents from the index (marks the index stale on failure)."""
        try:
            with self._lock, build.writing(self._open()) as writer:
                writer.delete_by_term("issue_id", issue_id)
            self.texts.drop_issue(issue_id)
        except Exception as e:
            self.mark_stale()
            if isinstance(e, GazetteError):
                raise
            raise IndexUnavailable(f"从检索索引删除 {issue_id} 失败（{e}），索引将重建。") from e

    # -- searching -----------------------------------------------------------------------
    def warm(self, library, cancel=None) -> None:
        """Load every issue's text into memory now (a worker thread at start-up), so the
        first search does not pay for it (~4 s for 100 issues)."""
        from core.progress import check_cancel

        for issue in library.issues():
            check_cancel(cancel)
            self.texts.get(library, "", issue.id)

    def _get_searcher(self):
        with self._lock:
            ix = self._open()
            if self._searcher is None:
                self._searcher = ix.searcher()
            else:
                self._searcher = self._searcher.refresh()
            return self._searcher

    def search(self, library, query: str, *, issue_id: str | None = None,
               year: int | str | None = None, doc_type: str | None = None,
               issuer: str | None = None, sort: str = "relevance",
               limit: int | None = None) -> SearchResults:
        """Search the library; ``limit`` caps the documents returned (counts stay total)."""
        started = time.perf_counter()
        pq = parse_query(query if isinstance(query, str) else "")
        for key, value in (("issue_id", issue_id), ("year", year), ("doc_type", doc_type),
                           ("issuer", issuer)):
            if value not in (None, ""):
                pq.filters[key] = str(value)
        results = SearchResults(query=query if isinstance(query, str) else "",
                                total_hits=0, total_docs=0, elapsed_ms=0.0)
        if pq.clauses or pq.filters:
            filters = plan.filter_query(pq.filters, library)
            if filters is not False:
                self._run(library, pq, filters, sort, limit, results)
        results.elapsed_ms = (time.perf_counter() - started) * 1000
        return results

    def _stored(self, searcher, docnum: int) -> dict:
        """Stored fields of a document, cached for the life of the searcher."""
        cache = self._stored_cache
        if cache.get("searcher") is not searcher:
            cache.clear()
            cache["searcher"] = searcher
        found = cache.get(docnum)
        if found is None:
            found = cache[docnum] = dict(searcher.stored_fields(docnum))
            found["_doc_no_keys"] = frozenset(build.doc_no_keys(found.get("doc_no")))
        return found

    def _run(self, library, pq: ParsedQuery, filters, sort, limit, results) -> None:
        searcher = self._get_searcher()
        q = plan.candidate_query(pq, searcher)
        if filters is not None:
            q = wq.And([q, filters])
        terms = pq.terms
        excluded = [x for x in (normalize(e) for e in pq.excluded) if x]
        clause_norms = [[normalize(t) for t in c.texts] for c in pq.clauses]
        phrase_norm = normalize("".join(c.texts[0] for c in pq.clauses))
        found = []
        for docnum in sorted(searcher.docs_for_query(q)):
            f = self._stored(searcher, docnum)
            dt = self.texts.get(library, f["doc_id"], f["issue_id"])
            if dt is None or any(dt.contains(x) for x in excluded):
                continue
            no_keys = f["_doc_no_keys"]
            doc_no_match = False
            ok = True
            for clause, norm_texts in zip(pq.clauses, clause_norms):
                if any(n in no_keys for n in clause.doc_nos):
                    doc_no_match = True
                elif not any(dt.contains(t) for t in norm_texts):
                    ok = False
                    break
            if not ok:
                continue
            blocks = sorted({b for t in terms for b in dt.blocks_with(t)})
            if doc_no_match:
                blocks = sorted(set(blocks) | {i for i, k in enumerate(dt.kinds)
                                               if k == "doc_no"})
            if pq.clauses and not blocks:
                continue
            kinds = {dt.kinds[b] for b in blocks}
            flags = (doc_no_match, "title" in kinds, "heading" in kinds,
                     len(pq.clauses) > 1 and dt.contains(phrase_norm))
            found.append([docnum, f, dt, blocks, flags, [dt.norm.count(t) for t in terms], 0.0])
        self._score(searcher, pq, found)
        def rank(item) -> tuple:
            key = item[4] + (round(item[6], 6), item[1].get("sort_key", ""))
            return (item[1].get("sort_key", ""),) + key if sort == "date" else key

        found.sort(key=rank, reverse=True)
        results.total_docs = len(found)
        results.total_hits = sum(len(item[3]) for item in found)
        shown = found if limit is None else found[:max(0, int(limit))]
        for _docnum, f, dt, blocks, flags, _tfs, score in shown:
            group = _group(f, score, len(blocks), flags[0])
            group.hits = [_hit(dt, b, terms, group.doc_no if group.doc_no_match else "")
                          for b in blocks]
            results.groups.append(group)

    @staticmethod
    def _score(searcher, pq: ParsedQuery, found: list[list]) -> None:
        """Substring BM25 for every verified document, then the jieba word score of Whoosh
        added for the best :data:`plan.RESCORE_TOP`."""
        if not found:
            return
        n_terms = len(found[0][5])
        dfs = [sum(1 for item in found if item[5][i]) for i in range(n_terms)]
        avg = sum(len(item[2].norm) for item in found) / len(found)
        n_docs = max(searcher.doc_count(), len(found))
        for item in found:
            item[6] = plan.bm25(item[5], dfs, n_docs, len(item[2].norm), avg)
        words = plan.word_query(pq, searcher)
        if words is None:
            return
        found.sort(key=lambda item: item[4] + (item[6],), reverse=True)
        top = {item[0]: item for item in found[:plan.RESCORE_TOP]}
        for hit in searcher.search(words, limit=None, filter=set(top)):
            top[hit.docnum][6] += hit.score


def _hit(dt: DocText, b: int, terms: list[str], doc_no: str) -> Hit:
    texts = terms + ([normalize(doc_no)] if doc_no and dt.kinds[b] == "doc_no" else [])
    spans = dt.spans(b, [t for t in texts if t])
    if not spans and dt.kinds[b] == "doc_no":
        stripped = dt.texts[b].strip()
        start = dt.texts[b].find(stripped)
        spans = [(start, start + len(stripped))] if stripped else []
    text, inside = dt.snippet(b, spans)
    return Hit(block_id=dt.block_ids[b], doc_id=dt.doc_id, issue_id=dt.issue_id,
               kind=dt.kinds[b], page=dt.pages[b], section_id=dt.section_ids[b],
               spans=spans, snippet=text, snippet_spans=inside,
               page_estimated=bool(dt.estimated and dt.estimated[b]))


def _group(f: dict, score: float, hit_count: int, doc_no_match: bool) -> DocGroup:
    year, number = f.get("year"), f.get("number")
    return DocGroup(
        doc_id=f["doc_id"], issue_id=f["issue_id"], title=f.get("title", ""),
        doc_no=f.get("doc_no", ""), doc_type=f.get("doc_type", ""), date=f.get("date"),
        issuers=[i for i in f.get("issuers", "").split(",") if i],
        year=int(year) if year else None, number=int(number) if number else None,
        score=float(score or 0.0), hit_count=hit_count, doc_no_match=doc_no_match)


_indexes: dict[Path, SearchIndex] = {}
_indexes_lock = threading.Lock()


def open_index(index_dir: Path) -> SearchIndex:
    """The process-wide :class:`SearchIndex` for ``index_dir`` (created on first call)."""
    key = Path(index_dir).resolve()
    with _indexes_lock:
        if key not in _indexes:
            _indexes[key] = SearchIndex(key)
        return _indexes[key]
