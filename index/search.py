"""The search index beside the library: open, rebuild, update, merge, query.

A search runs in named steps (:meth:`SearchIndex._run`):

1. :func:`_clause_candidates` — per clause, documents from the grams' postings (a superset,
   with an estimated count) and from the 文号 key (an exact lookup in the library);
2. :func:`_filter_docnums` — the user's filters (issue, year, 文种, 发文机关, 文号);
3. :func:`_rank` — :class:`Candidate` tuples ranked by 文号 match, title, headings, phrase,
   BM25 on the estimated counts, and date, all from a small per-document table held per
   index generation (:class:`DocInfo`: no text);
4. :func:`_verify` — in rank order, only as many documents as are shown: their normalised
   text is read from the library (``doc_norms``) and decides their hit blocks exactly;
5. :func:`_totals` — exact when every candidate was verified, when the grams alone are
   exact, or when verifying the rest is cheap; otherwise estimated (``total_exact`` false);
6. :func:`_groups` / :func:`_hit` — spans and snippets for the hits shown.

Readers never block writers and see the last committed index: a search holds a
:class:`_View` (one Whoosh searcher and its table) that is replaced, never closed under it,
when a commit, a merge or a rebuild lands.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from whoosh import index as whoosh_index

from core.errors import GazetteError, NotFound
from core.progress import Progress, check_cancel
from core.store import searchreads
from core.store.searchreads import BLOCK_SEP, HitRow
from core.textmatch import normalize, snippet, spans_in_normalized

from . import build, plan
from .query import Clause, ParsedQuery, parse_query
from .results import DocGroup, Hit, SearchResults
from .schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from core.store import Library

SORTS = ("relevance", "date")
EXACT_BUDGET = 400_000     # characters of candidate text verified just to give exact totals
MAX_EXACT_CLAUSES = 8


class IndexUnavailable(GazetteError):
    """The index is missing, outdated or unreadable and must be rebuilt."""


class DocInfo(NamedTuple):
    """What ranking needs of one indexed document, held per index generation (no body text)."""

    doc_id: str
    issue_id: str
    title_norm: str
    heads: str          # normalised headings joined by SEPARATOR
    length: int
    sort_key: str


class Candidate(NamedTuple):
    """A document that may match, with its rank key (highest first)."""

    docnum: int
    info: DocInfo
    doc_no_match: bool
    in_title: bool
    in_heading: bool
    phrase: bool
    score: float



class Verified(NamedTuple):
    """A candidate whose text holds the query: the indexes of its hit blocks (reading
    order) among its blocks, whose ids are ``block_ids``."""

    candidate: Candidate
    hits: list[int]
    block_ids: str          # BLOCK_SEP-joined (split only for the documents shown)


@dataclass(slots=True)
class _Plan:
    """The query in the form the steps use: normalised texts per clause, terms, exclusions."""

    pq: ParsedQuery
    clause_norms: list[list[str]]
    terms: list[str]
    excluded: list[str]
    phrase: str
    doc_no_docs: list[set[str]] = field(default_factory=list)   # per clause, by key


class _View:
    """One generation of the index: a Whoosh searcher and the per-document table."""

    def __init__(self, ix, token: tuple):
        self.searcher = ix.searcher()
        self.reader = self.searcher.reader()
        self.token = token
        self.users = 0
        self.retired = False
        self.docs: dict[int, DocInfo] = {}
        self.by_id: dict[str, int] = {}
        total = 0
        for docnum in self.reader.all_doc_ids():
            f = self.reader.stored_fields(docnum)
            info = DocInfo(f["doc_id"], f["issue_id"], f.get("title_norm", ""),
                           f.get("heads", ""), int(f.get("length", 0)), f.get("sort_key", ""))
            self.docs[docnum] = info
            self.by_id[info.doc_id] = docnum
            total += info.length
        self.avg_length = total / len(self.docs) if self.docs else 0.0
        # BM25's length normalisation of each document, once per generation
        avg = self.avg_length or 1.0
        self.norm_factor = {d: plan.K1 * (1 - plan.B + plan.B * info.length / avg)
                            for d, info in self.docs.items()}
        self.gram_cache: dict[str, dict[int, float]] = {}

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.searcher.close()


class SearchIndex:
    """The Whoosh index in ``index_dir``; one object per process is enough (thread-safe)."""

    def __init__(self, index_dir: Path):
        self.dir = Path(index_dir)
        self._ix = None
        self._ix_build = None
        self._view: _View | None = None
        self._lock = threading.RLock()

    # -- state ---------------------------------------------------------------------------
    def exists(self) -> bool:
        """A Whoosh index is in the folder (readable or not)."""
        try:
            return any(p.name.endswith(".toc") for p in self.dir.iterdir())
        except OSError:
            return False

    def damaged(self) -> bool:
        """Missing, of another version, marked stale, or unreadable."""
        if not self.exists() or build.read_version(self.dir) != SCHEMA_VERSION:
            return True
        if build.is_stale(self.dir):
            return True
        try:
            # the table of contents as it is on disk now (this process may hold an older,
            # intact copy of it), then the segments
            whoosh_index.open_dir(str(self.dir)).close()
            self._current()
        except IndexUnavailable:
            return True
        except Exception:  # noqa: BLE001 - garbled table of contents
            with self._lock:
                self._retire(self._view)
                self._view = self._ix = None
            return True
        return False

    def _open_ix(self):
        """The Whoosh index object, reopened after a rebuild swapped the folder."""
        build_id = build.read_build_id(self.dir)
        if self._ix is not None and self._ix_build == build_id:
            return self._ix
        if not self.exists() or build.read_version(self.dir) != SCHEMA_VERSION:
            raise IndexUnavailable(
                f"检索索引 {self.dir} 不存在或版本不符，请运行“python main.py reindex”重建。")
        try:
            ix = whoosh_index.open_dir(str(self.dir))
            ix.latest_generation()
        except Exception as e:  # noqa: BLE001 - any corruption means rebuild
            raise IndexUnavailable(f"检索索引 {self.dir} 已损坏（{type(e).__name__}），需要重建。") from e
        self._ix, self._ix_build = ix, build_id
        return ix

    def _current(self) -> _View:
        """The view of the last committed index (opened or refreshed as needed)."""
        with self._lock:
            try:
                ix = self._open_ix()
                token = (self._ix_build, ix.latest_generation())
                view = self._view
                if view is None or view.token != token:
                    new = _View(ix, token)
                    self._retire(view)
                    self._view = view = new
                return view
            except IndexUnavailable:
                self._retire(self._view)
                self._view = self._ix = None
                raise
            except Exception as e:  # noqa: BLE001 - garbled table of contents or segment
                self._retire(self._view)
                self._view = self._ix = None
                raise IndexUnavailable(
                    f"检索索引 {self.dir} 已损坏（{type(e).__name__}），需要重建。") from e

    def _retire(self, view: _View | None) -> None:
        if view is not None:
            view.retired = True
            if view.users == 0:
                view.close()

    @contextlib.contextmanager
    def _using(self):
        with self._lock:
            view = self._current()
            view.users += 1
        try:
            yield view
        finally:
            with self._lock:
                view.users -= 1
                if view.retired and view.users == 0:
                    view.close()

    def close(self) -> None:
        with self._lock:
            self._retire(self._view)
            self._view = None
            if self._ix is not None:
                with contextlib.suppress(Exception):
                    self._ix.close()
            self._ix = None

    def indexed_issue_ids(self) -> set[str]:
        with self._using() as view:
            return {info.issue_id for info in view.docs.values()}

    def needs_rebuild(self, library: Library) -> bool:
        """True when the index must be rebuilt (missing, other version, stale, damaged) or
        brought up to date (it does not hold exactly the library's issues)."""
        if self.damaged():
            return True
        try:
            return self.indexed_issue_ids() != {i.id for i in library.issues()}
        except IndexUnavailable:
            return True

    def mark_stale(self) -> None:
        """Record that the index no longer matches the library (the next open rebuilds)."""
        build.mark_stale(self.dir)

    # -- writing -------------------------------------------------------------------------
    def rebuild(self, library: Library, progress: Progress | None = None, cancel=None) -> int:
        """Rebuild the whole index from the library; returns the number of documents.
        Searches meanwhile use the previous index; two rebuilds never run at once."""
        with build.index_lock(self.dir):
            count = build.build_fresh(library, self.dir, progress, cancel)
        with self._lock:
            self._ix = None       # reopened on the next search
        return count

    def open_or_rebuild(self, library: Library, progress: Progress | None = None, cancel=None) -> bool:
        """Make the index match the library: a full rebuild when it is missing, of another
        version, stale or damaged (returns True), else add and drop issues one by one."""
        if not self.needs_rebuild(library):
            return False
        with build.index_lock(self.dir):
            if self.damaged():
                build.build_fresh(library, self.dir, progress, cancel)
                with self._lock:
                    self._ix = None
                return True
        self.sync(library, cancel=cancel)
        return False

    def sync(self, library: Library, cancel=None) -> int:
        """Add the library's issues the index lacks and drop those it no longer has;
        returns how many issues were added."""
        with build.index_lock(self.dir):
            have = self.indexed_issue_ids()
            want = [i.id for i in library.issues()]
            missing = [i for i in want if i not in have]
            for issue_id in missing:
                check_cancel(cancel)
                self._add(library, issue_id)
            if have - set(want):
                self._add(library, None)
            self.merge()
        return len(missing)

    def add_issue(self, library: Library, issue_id: str, merge: bool = True) -> int:
        """Index one issue's documents in one commit (replacing them if present), and drop
        issues the library no longer has; then merge small segments when a tier is full
        (see :func:`index.build.merge_plan`). On failure the index is marked stale."""
        try:
            library.issue(issue_id)
            with build.index_lock(self.dir):
                count = self._add(library, issue_id)
                if merge:
                    self.merge()
            return count
        except NotFound:
            raise
        except Exception as e:
            self.mark_stale()
            if isinstance(e, GazetteError) and not isinstance(e, build.IndexBusy):
                raise
            raise IndexUnavailable(f"为 {issue_id} 建立检索索引失败（{e}），索引将重建。") from e

    def _add(self, library: Library, issue_id: str | None) -> int:
        keep = {i.id for i in library.issues()}
        ix = self._open_ix()
        with self._using() as view:
            gone = {info.issue_id for info in view.docs.values()} - keep
        with build.writing(ix) as writer:
            for old in gone | ({issue_id} if issue_id else set()):
                writer.delete_by_term("issue_id", old)
            if issue_id is None:
                return 0
            return build.add_issue_documents(writer, library, library.issue(issue_id))

    def remove_issue(self, issue_id: str) -> None:
        """Remove an issue's documents from the index (marks the index stale on failure)."""
        try:
            with build.index_lock(self.dir), build.writing(self._open_ix()) as writer:
                writer.delete_by_term("issue_id", issue_id)
        except Exception as e:
            self.mark_stale()
            if isinstance(e, GazetteError) and not isinstance(e, build.IndexBusy):
                raise
            raise IndexUnavailable(f"从检索索引删除 {issue_id} 失败（{e}），索引将重建。") from e

    def merge(self) -> int:
        """Merge segments when a tier is full (never the whole index); returns how many
        segments were merged. Searches meanwhile read the previous generation."""
        with build.index_lock(self.dir):
            ix = self._open_ix()
            if not build.pick_merge(self.dir, ix._segments()):
                return 0
            return build.merge_segments(ix, self.dir)

    def segment_sizes(self) -> list[int]:
        """Live documents per segment (for tests and the benchmark)."""
        return [s.doc_count() for s in self._open_ix()._segments()]

    # -- searching -----------------------------------------------------------------------
    def warm(self, library: Library | None = None, cancel=None) -> None:
        """Open the index and load its per-document table now (a worker thread at start-up),
        so that the first search does not pay for it."""
        check_cancel(cancel)
        with self._using() as view:
            for info in list(view.docs.values())[:1]:
                plan.string_candidates(view.reader, info.title_norm[:2] or "的", {})

    def search(self, library: Library, query: str, *, issue_id: str | None = None,
               year: int | str | None = None, doc_type: str | None = None,
               issuer: str | None = None, sort: str = "relevance",
               limit: int | None = None, offset: int = 0,
               max_hits: int | None = None) -> SearchResults:
        """Search the library. ``limit``/``offset`` page the documents (counts stay total);
        ``max_hits`` caps the hits built per document (``hit_count`` stays exact). Only the
        documents returned are verified and given spans: with a limit, totals may be
        estimates (``total_exact`` false)."""
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
                with self._using() as view:
                    self._run(library, view, pq, filters, sort, limit, max(0, offset),
                              max_hits, results)
        results.elapsed_ms = (time.perf_counter() - started) * 1000
        return results

    def _run(self, library: Library, view: _View, pq: ParsedQuery, filters, sort: str,
             limit: int | None, offset: int, max_hits: int | None,
             results: SearchResults) -> None:
        qp = _make_plan(library, pq)
        cands = _clause_candidates(view, qp)
        allowed = _filter_docnums(view, filters)
        if allowed is not None:
            cands = {d: v for d, v in cands.items() if d in allowed}
        ranked = _rank(view, qp, cands, sort)
        need = None if limit is None else offset + max(0, int(limit))
        verified, tried = _verify(library, qp, ranked, need)
        _totals(library, qp, ranked, verified, tried, results)
        shown = verified[offset:need]
        results.groups = _groups(library, view, shown, qp, max_hits)


# -- the steps ---------------------------------------------------------------------------
def _make_plan(library: Library, pq: ParsedQuery) -> _Plan:
    clause_norms = [[n for n in dict.fromkeys(normalize(t) for t in c.texts) if n]
                    for c in pq.clauses]
    excluded = [x for x in dict.fromkeys(normalize(e) for e in pq.excluded) if x]
    phrase = normalize("".join(c.texts[0] for c in pq.clauses)) if len(pq.clauses) > 1 else ""
    qp = _Plan(pq, clause_norms, pq.terms, excluded, phrase)
    qp.doc_no_docs = [_doc_no_docs(library, c) for c in pq.clauses]
    return qp


def _doc_no_docs(library: Library, clause: Clause) -> set[str]:
    out: set[str] = set()
    for key in clause.doc_nos:
        out.update(plan.doc_no_doc_ids(library, key))
    return out


def _clause_candidates(view: _View, qp: _Plan) -> dict[int, tuple[list[float], bool]]:
    """Documents that may match every clause: ``{docnum: (estimated counts, 文号 match)}``."""
    if not qp.pq.clauses:
        return {d: ([], False) for d in view.docs}
    out: dict[int, tuple[list[float], bool]] | None = None
    for norms, by_key in zip(qp.clause_norms, qp.doc_no_docs):
        found: dict[int, float] = {}
        for norm in norms:
            for d, w in plan.string_candidates(view.reader, norm, view.gram_cache).items():
                if w > found.get(d, 0.0):
                    found[d] = w
        keyed = {view.by_id[i] for i in by_key if i in view.by_id}
        for d in keyed:
            found.setdefault(d, 0.0)
        if out is None:
            out = {d: ([w], d in keyed) for d, w in found.items() if d in view.docs}
        else:
            out = {d: (tfs + [found[d]], match or d in keyed)
                   for d, (tfs, match) in out.items() if d in found}
        if not out:
            break
    return out or {}


def _filter_docnums(view: _View, filters) -> set[int] | None:
    if filters is None:
        return None
    query, doc_ids = filters
    allowed: set[int] | None = None
    if query is not None:
        allowed = set(view.searcher.docs_for_query(query))
    if doc_ids is not None:
        keyed = {view.by_id[i] for i in doc_ids if i in view.by_id}
        allowed = keyed if allowed is None else allowed & keyed
    return allowed


def _rank(view: _View, qp: _Plan, cands: dict, sort: str) -> list[Candidate]:
    """Every candidate ranked (highest first) by 文号 match, title, headings, phrase, BM25 on
    the estimated counts and date — from the per-document table, without any text."""
    n_terms = len(qp.clause_norms)
    n_docs = max(len(view.docs), 1)
    dfs = [sum(1 for tfs, _m in cands.values() if tfs[i]) for i in range(n_terms)]
    idfs = [math.log(1 + (n_docs - df + 0.5) / (df + 0.5)) for df in dfs]
    phrase_docs: set[int] = set()
    if qp.phrase:
        phrase_docs = set(plan.string_candidates(view.reader, qp.phrase, view.gram_cache))
    terms = qp.terms
    one = terms[0] if len(terms) == 1 else ""
    k1 = plan.K1
    docs, norm_factor = view.docs, view.norm_factor
    keyed = []
    for docnum, (tfs, doc_no_match) in cands.items():
        info = docs[docnum]
        nf = norm_factor[docnum]
        score = 0.0
        for tf, idf in zip(tfs, idfs):
            if tf:
                score += idf * tf * (k1 + 1) / (tf + nf)
        if one:
            in_title, in_heads = one in info.title_norm, one in info.heads
        else:
            title, heads = info.title_norm, info.heads
            in_title = any(t in title for t in terms)
            in_heads = bool(heads) and any(t in heads for t in terms)
        key = (doc_no_match, in_title, in_heads, docnum in phrase_docs, score,
               info.sort_key, docnum)
        keyed.append((info.sort_key,) + key if sort == "date" else key)
    keyed.sort(reverse=True)
    at = 1 if sort == "date" else 0
    return [Candidate(k[at + 6], docs[k[at + 6]], k[at], k[at + 1], k[at + 2], k[at + 3],
                      k[at + 4]) for k in keyed]


def _verify(library: Library, qp: _Plan, ranked: list[Candidate], need: int | None
            ) -> tuple[list[Verified], int]:
    """Check candidates in rank order on their text until ``need`` documents hold the query
    (all when None); returns the verified documents and how many candidates were tried."""
    out: list[Verified] = []
    tried = 0
    while tried < len(ranked) and (need is None or len(out) < need):
        if need is None:
            want = len(ranked)
        else:        # as many as are missing, more once some candidates failed
            rate = len(out) / tried if tried else 1.0
            missing = need - len(out)
            want = missing if rate >= 1.0 else int(missing / max(rate, 0.1)) + 2
        batch = ranked[tried:tried + want]
        tried += len(batch)
        out.extend(_verify_batch(library, qp, batch))
    return out, tried


def _verify_batch(library: Library, qp: _Plan, batch: list[Candidate]) -> list[Verified]:
    """Read the batch's normalised texts from the library and keep the documents that hold
    every clause (or its 文号) and no excluded string, with their hit blocks."""
    texts = searchreads.doc_norms(library, [c.info.doc_id for c in batch])
    keyed = [c.info.doc_id for c in batch if c.doc_no_match]
    doc_no_blocks = set(searchreads.blocks_of_kind(library, keyed, "doc_no")) if keyed else set()
    out = []
    for c in batch:
        doc_id = c.info.doc_id
        norm, ids = texts.get(doc_id, ("", ""))
        if any(x in norm for x in qp.excluded):
            continue
        if not all(doc_id in by_key or any(n in norm for n in norms)
                   for norms, by_key in zip(qp.clause_norms, qp.doc_no_docs)):
            continue
        hits = _blocks_with(norm, qp.terms)
        if c.doc_no_match and ids:
            hits |= {i for i, b in enumerate(ids.split(BLOCK_SEP)) if b in doc_no_blocks}
        if qp.pq.clauses and not hits:
            continue
        out.append(Verified(c, sorted(hits), ids))
    return out


def _blocks_with(norm: str, terms: list[str]) -> set[int]:
    """Indexes of the blocks of a ``BLOCK_SEP``-joined normalised text holding any term
    (one pass of C-level ``find``/``count`` per term; a block is counted once)."""
    out: set[int] = set()
    find, count = norm.find, norm.count
    for t in terms:
        if not t:
            continue
        pos = find(t)
        block, last = 0, 0
        while pos != -1:
            block += count(BLOCK_SEP, last, pos)
            out.add(block)
            end = find(BLOCK_SEP, pos)
            if end == -1:
                break
            block += 1
            last = end + 1
            pos = find(t, last)
    return out


def _totals(library: Library, qp: _Plan, ranked: list[Candidate], verified: list[Verified], tried: int,
            results: SearchResults) -> None:
    """Exact totals when cheap, else an estimate from the verified share."""
    docs = len(verified)
    hits = sum(len(v.hits) for v in verified)
    rest = ranked[tried:]
    results.total_exact = True
    if rest:
        counted = _count_exactly(library, qp, rest)
        if counted is not None:
            docs += counted[0]
            hits += counted[1]
        else:
            results.total_exact = False
            exact_docs = (not qp.excluded and len(qp.clause_norms) == 1
                          and not any(c.doc_no_match for c in rest)
                          and all(plan.is_exact_string(n) for n in qp.clause_norms[0]))
            rate = docs / tried if tried else 1.0
            more = len(rest) if exact_docs else round(len(rest) * rate)
            per_doc = hits / docs if docs else 1.0
            docs += more
            hits += round(more * per_doc)
    results.total_docs = docs
    results.total_hits = hits


def _count_exactly(library: Library, qp: _Plan, rest: list[Candidate]) -> tuple[int, int] | None:
    """Documents and hit blocks among ``rest`` when verifying them costs little, else None."""
    if (not qp.pq.clauses or sum(c.info.length for c in rest) > EXACT_BUDGET
            or len(qp.clause_norms) > MAX_EXACT_CLAUSES):
        return None if qp.pq.clauses else (len(rest), 0)
    verified = _verify_batch(library, qp, rest)
    return len(verified), sum(len(v.hits) for v in verified)


def _groups(library: Library, view: _View, shown: list[Verified], qp: _Plan,
            max_hits: int | None) -> list[DocGroup]:
    """The result groups of the documents shown: their first ``max_hits`` hit blocks are
    read from the library and given spans and snippets."""
    wanted = {}
    for v in shown:
        ids = v.block_ids.split(BLOCK_SEP) if v.block_ids else []
        picked = v.hits if max_hits is None else v.hits[:max(0, max_hits)]
        wanted[v.candidate.docnum] = [ids[i] for i in picked if i < len(ids)]
    rows = searchreads.blocks_by_id(library, [b for ids in wanted.values() for b in ids])
    out = []
    for v in shown:
        c = v.candidate
        f = view.reader.stored_fields(c.docnum)
        year, number = f.get("year"), f.get("number")
        group = DocGroup(
            doc_id=f["doc_id"], issue_id=f["issue_id"], title=f.get("title", ""),
            doc_no=f.get("doc_no", ""), doc_type=f.get("doc_type", ""), date=f.get("date"),
            issuers=[i for i in f.get("issuers", "").split(",") if i],
            year=int(year) if year else None, number=int(number) if number else None,
            score=float(c.score or 0.0), hit_count=len(v.hits), doc_no_match=c.doc_no_match)
        doc_no = group.doc_no if c.doc_no_match else ""
        group.hits = [_hit(rows[b], c.info.issue_id, qp.terms, doc_no)
                      for b in wanted[c.docnum] if b in rows]
        out.append(group)
    return out


def _hit(row: HitRow, issue_id: str, terms: list[str], doc_no: str) -> Hit:
    texts = terms + ([normalize(doc_no)] if doc_no and row.kind == "doc_no" else [])
    spans = spans_in_normalized(row.text, normalize(row.text), [t for t in texts if t])
    if not spans and row.kind == "doc_no":
        stripped = row.text.strip()
        start = row.text.find(stripped)
        spans = [(start, start + len(stripped))] if stripped else []
    text, inside = snippet(row.text, spans)
    return Hit(block_id=row.block_id, doc_id=row.doc_id, issue_id=issue_id, kind=row.kind,
               page=row.page, section_id=row.section_id, spans=spans, snippet=text,
               snippet_spans=inside, page_estimated=bool(row.page_estimated))


_indexes: dict[Path, SearchIndex] = {}
_indexes_lock = threading.Lock()


def open_index(index_dir: Path) -> SearchIndex:
    """The process-wide :class:`SearchIndex` for ``index_dir`` (created on first call)."""
    key = Path(index_dir).resolve()
    with _indexes_lock:
        if key not in _indexes:
            _indexes[key] = SearchIndex(key)
        return _indexes[key]
