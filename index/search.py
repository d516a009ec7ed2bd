"""The search index beside the library: open, rebuild, update, merge, query.

A search runs in named steps (:meth:`SearchIndex._run`):

1. :func:`_filter_docnums` — the user's filters (issue, year, 文种, 发文机关, 文号);
2. :func:`_clause_candidates` — per clause, documents from the grams' postings (a superset,
   with an estimated count) and from the 文号 key (an exact lookup in the library);
3. :func:`_rank` — every candidate's rank key (文号 match, title, headings, phrase, BM25 on
   the estimated counts, date), from a small per-document table held per index generation
   (:class:`DocInfo`: no body text) and, per searched string, the documents whose title or
   headings hold it (:meth:`_View.term`, kept for the generation's later searches); only
   the best are put in order (:class:`_Ranking`: a partial selection), as far as step 4
   reads;
4. :func:`_verify` — in rank order, only as many documents as are shown: their normalised
   text is read from the library (``doc_norms``, in UTF-8 as stored) and decides their hit
   blocks exactly (by ``find`` from hit block to hit block in the bytes, a hit block known
   by its end offset, only the blocks shown located and decoded; or, where the strings are
   dense, decoded and split: :class:`_Hits`);
5. :func:`_totals` — exact when every candidate was verified, when the grams alone are
   exact, or when verifying the rest is cheap; otherwise estimated (``total_exact`` false),
   and :meth:`SearchIndex.exact_totals` counts them exactly (in the background);
6. :func:`_groups` / :func:`_hit` — spans and snippets for the hits shown, on the blocks'
   normalised texts taken from step 4.

Readers never block writers and see the last committed index: a search holds a
:class:`_View` (one Whoosh searcher and its table) that is replaced, never closed under it,
when a commit, a merge or a rebuild lands.
"""

from __future__ import annotations

import bisect
import contextlib
import heapq
import math
import os
import pickle
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from whoosh import index as whoosh_index

from core.errors import GazetteError, NotFound, error_reason
from core.progress import Progress, check_cancel, report
from core.store import searchreads
from core.store.searchreads import BLOCK_SEP, HitRow
from core.textmatch import normalize, snippet, spans_in_normalized

# plan and query (with Whoosh's query modules, ~0.1 s to load) are imported by the searches
# that use them: a process that only adds an issue never loads them
from . import build
from .results import DocGroup, Hit, SearchResults, Totals
from .schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from core.store import Library

    from .query import Clause, ParsedQuery

SORTS = ("relevance", "date")
EXACT_BUDGET = 400_000     # characters of candidate text verified just to give exact totals
MAX_EXACT_CLAUSES = 8
COUNT_BATCH = 2_000_000    # characters of text read at once by SearchIndex.exact_totals
FOLDER_SETTLED = 2.0       # seconds since the index folder's last change before it is trusted
MERGE_ROUNDS = 8           # tiers merged by one SearchIndex.merge_all at most (each 6x the last)


class IndexUnavailable(GazetteError):
    """The index is missing, outdated or unreadable and must be rebuilt."""


class DocInfo(NamedTuple):
    """What ranking and the result list need of one indexed document, held per index
    generation (no body text)."""

    doc_id: str
    issue_id: str
    title_norm: str
    heads: str          # normalised headings joined by SEPARATOR
    length: int
    sort_key: str
    title: str = ""
    doc_no: str = ""
    doc_type: str = ""
    date: str | None = None
    issuers: tuple[str, ...] = ()
    year: int | None = None
    number: int | None = None


class Candidate(NamedTuple):
    """A document that may match, with its rank key (highest first)."""

    docnum: int
    info: DocInfo
    doc_no_match: bool
    in_title: bool
    in_heading: bool
    phrase: bool
    score: float
    estimate: float = 0.0   # the index's bound of the query's occurrences in it


class Verified(NamedTuple):
    """A candidate whose text holds the query, with its hit blocks (:class:`_Hits`; their
    texts are kept only for the documents shown) among its blocks, whose ids are
    ``block_ids``."""

    candidate: Candidate
    hits: _Hits
    block_ids: str          # BLOCK_SEP-joined (split only for the documents shown)


@dataclass(slots=True)
class _Plan:
    """The query in the form the steps use: normalised texts per clause, terms, exclusions
    (and the same in UTF-8, in which the documents' texts are verified)."""

    pq: ParsedQuery
    clause_norms: list[list[str]]
    terms: list[str]
    excluded: list[str]
    phrase: str
    doc_no_docs: list[set[str]] = field(default_factory=list)   # per clause, by key
    clause_utf8: list[list[bytes]] = field(default_factory=list)
    terms_utf8: list[bytes] = field(default_factory=list)
    excluded_utf8: list[bytes] = field(default_factory=list)


class _Term:
    """A searched string's candidates, and its title and heading documents once known."""

    __slots__ = ("found", "titles", "heads")

    def __init__(self, found: dict[int, float]):
        self.found = found
        self.titles: set[int] | None = None
        self.heads: set[int] | None = None


class _View:
    """One generation of the index: a Whoosh searcher and the per-document table."""

    CACHE_ENTRIES = 300_000     # postings kept per generation (about 25 MB at most)

    def __init__(self, ix, token: tuple, folder: Path | None = None):
        from . import plan
        self.searcher = ix.searcher()
        self.reader = self.searcher.reader()
        self.token = token
        self.users = 0
        self.retired = False
        self.docs: dict[int, DocInfo] = dict(_doc_table(self.reader, folder, token))
        self.by_id: dict[str, int] = {info.doc_id: d for d, info in self.docs.items()}
        total = sum(info.length for info in self.docs.values())
        self.all_live = len(self.docs) == self.reader.doc_count_all()
        self.avg_length = total / len(self.docs) if self.docs else 0.0
        # BM25's length normalisation of each document, once per generation
        avg = self.avg_length or 1.0
        self.norm_factor = {d: plan.K1 * (1 - plan.B + plan.B * info.length / avg)
                            for d, info in self.docs.items()}
        # per document, for ranking: the position in date order (newest last; unique, so it
        # breaks every tie), and the titles in one string to find a term in all of them
        order = sorted(self.docs, key=lambda d: (self.docs[d].sort_key, d))
        self.date_rank = {d: i for i, d in enumerate(order)}
        self._title_docs = list(self.docs)
        self._title_starts = []
        pos = 0
        for d in self._title_docs:
            self._title_starts.append(pos)
            pos += len(self.docs[d].title_norm) + 1
        self._titles = BLOCK_SEP.join(self.docs[d].title_norm for d in self._title_docs)
        self.terms: OrderedDict[str, _Term] = OrderedDict()
        self._cached = 0
        self._cache_lock = threading.Lock()
        self._doc_no_blocks: dict[str, tuple[str, ...]] = {}

    def term(self, norm: str) -> _Term:
        """What the index says of a searched string: the live documents that may contain it
        with an upper bound of its count (the grams' postings), and, once asked for, the
        documents whose title or headings hold it. Kept for the generation's later
        searches, the least recent dropped past :data:`CACHE_ENTRIES` documents."""
        from . import plan
        with self._cache_lock:
            entry = self.terms.get(norm)
            if entry is not None:
                self.terms.move_to_end(norm)
                return entry
        found = plan.string_candidates(self.reader, norm, {})
        if not self.all_live:
            docs = self.docs
            found = {d: w for d, w in found.items() if d in docs}
        entry = _Term(found)
        with self._cache_lock:
            if norm not in self.terms:
                self.terms[norm] = entry
                self._cached += len(found) + 1
                while self._cached > self.CACHE_ENTRIES and len(self.terms) > 1:
                    _old, dropped = self.terms.popitem(last=False)
                    self._cached -= len(dropped.found) + 1
        return entry

    def doc_no_blocks(self, library: Library, doc_ids: list[str]) -> set[str]:
        """The ids of the 文号 blocks of ``doc_ids``, read from the library once per
        document and generation (a document's blocks change only with a new generation)."""
        known = self._doc_no_blocks
        missing = [d for d in doc_ids if d not in known]
        if missing:
            read = searchreads.blocks_of_kind(library, missing, "doc_no")
            with self._cache_lock:
                known.update((d, tuple(ids)) for d, ids in read.items())
        return {b for d in doc_ids for b in known.get(d, ())}

    def candidates(self, norm: str) -> dict[int, float]:
        return self.term(norm).found

    def title_docs(self, norm: str) -> set[int]:
        """Documents whose normalised title holds ``norm``."""
        entry = self.term(norm)
        if entry.titles is None:
            out: set[int] = set()
            titles, starts, docs = self._titles, self._title_starts, self._title_docs
            find = titles.find
            pos = find(norm)
            while pos != -1:
                k = bisect.bisect_right(starts, pos) - 1
                out.add(docs[k])
                nxt = starts[k + 1] if k + 1 < len(starts) else len(titles)
                pos = find(norm, nxt)
            entry.titles = out
        return entry.titles

    def head_docs(self, norm: str) -> set[int]:
        """Documents with a heading holding ``norm`` (headings are blocks of the text, so
        only the string's candidates can)."""
        entry = self.term(norm)
        if entry.heads is None:
            docs = self.docs
            entry.heads = {d for d in entry.found if norm in docs[d].heads}
        return entry.heads

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.searcher.close()


TABLE_VERSION = 1
TABLE_PREFIX = ".doctable-"     # a leading dot: Whoosh's clean-up of old files passes it by


def _doc_table(reader, folder: Path | None, token: tuple) -> list[tuple[int, DocInfo]]:
    """``(docnum, DocInfo)`` of every live document. Reading every document's stored fields
    (decompressing and unpickling them) is most of the cost of opening the index — 0.12 s at
    300 issues, in every command-line search — so the table is also kept in a file beside
    the segments, one per generation (``.doctable-<generation>``), and read from there when
    its key (schema, build, generation, segments and their deletions) is the index's."""
    key = _table_key(reader, token)
    path = folder / f"{TABLE_PREFIX}{token[1]}" if folder is not None and key else None
    if path is not None:
        rows = _read_table(path, key, reader)
        if rows is not None:
            return rows
    rows = []
    for docnum, f in _stored_fields(reader):
        year, number = f.get("year"), f.get("number")
        rows.append((docnum, DocInfo(
            f["doc_id"], f["issue_id"], f.get("title_norm", ""), f.get("heads", ""),
            int(f.get("length", 0)), f.get("sort_key", ""), f.get("title", ""),
            f.get("doc_no", ""), f.get("doc_type", ""), f.get("date"),
            tuple(i for i in f.get("issuers", "").split(",") if i),
            int(year) if year else None, int(number) if number else None)))
    if path is not None:
        _write_table(path, key, rows)
    return rows


def _table_key(reader, token: tuple) -> tuple | None:
    try:
        segments = tuple((leaf._segment.segment_id(), leaf._segment.doc_count_all(),
                          leaf._segment.deleted_count(), offset)
                         for leaf, offset in reader.leaf_readers())
    except Exception:  # noqa: BLE001 - another reader than Whoosh 3's: no table file
        return None
    return (TABLE_VERSION, SCHEMA_VERSION, token, reader.doc_count_all(), segments)


def _read_table(path: Path, key: tuple, reader) -> list[tuple[int, DocInfo]] | None:
    try:
        stored_key, rows = pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001 - missing, partial or foreign: read the segments
        return None
    if stored_key != key:
        return None
    # the segments must still be readable (a damaged index is found when it is opened):
    # one document's stored fields from each
    for leaf, _offset in reader.leaf_readers():
        first = next(iter(leaf.all_doc_ids()), None)
        if first is not None:
            leaf.stored_fields(first)
    return [(d, DocInfo(*fields)) for d, fields in rows]


def _write_table(path: Path, key: tuple, rows: list[tuple[int, DocInfo]]) -> None:
    """Write the table atomically and remove the tables of other generations; a folder
    that cannot be written (read-only) only costs the next process the same reading."""
    tmp = path.with_name(f"{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        tmp.write_bytes(pickle.dumps((key, [(d, tuple(i)) for d, i in rows]), protocol=5))
        os.replace(tmp, path)
        for other in path.parent.iterdir():
            if other.name.startswith(TABLE_PREFIX) and other.name != path.name \
                    and not other.name.endswith(".tmp"):
                other.unlink(missing_ok=True)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _stored_fields(reader):
    """``(docnum, stored fields)`` of every live document, segment by segment, from each
    segment's per-document reader (a third of the time of ``reader.stored_fields`` per
    document, which maps every number to its segment and filters every field again)."""
    for leaf, offset in reader.leaf_readers():
        perdoc = getattr(leaf, "_perdoc", None)
        read = getattr(perdoc, "stored_fields", None) or leaf.stored_fields
        for docnum in leaf.all_doc_ids():
            yield offset + docnum, read(docnum) or {}


class SearchIndex:
    """The Whoosh index in ``index_dir``; one object per process is enough (thread-safe)."""

    def __init__(self, index_dir: Path):
        self.dir = Path(index_dir)
        self._ix = None
        self._ix_build = None
        self._view: _View | None = None
        self._view_state: tuple | None = None      # see _folder_state
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
            raise self._damaged(e) from e
        self._ix, self._ix_build = ix, build_id
        return ix

    def _damaged(self, cause: BaseException | None) -> IndexUnavailable:
        """The error a damaged index is reported as, naming what Whoosh or the codec raised."""
        return IndexUnavailable(f"检索索引 {self.dir} 已损坏（{type(cause).__name__}），需要重建。")

    def _folder_state(self) -> tuple | None:
        """The index folder's identity and last change, when it is old enough to be trusted
        (a commit, a merge or a rebuild adds or renames files, which changes both; a
        filesystem may keep the time in whole seconds, hence the margin)."""
        try:
            st = os.stat(self.dir)
        except OSError:
            return None
        if time.time() - st.st_mtime < FOLDER_SETTLED:
            return None
        return (st.st_ino, st.st_dev, st.st_mtime_ns)

    def _current(self) -> _View:
        """The view of the last committed index (opened or refreshed as needed). While the
        folder has not changed since the view was checked, the view is used as it is (no
        listing of the folder's files per search)."""
        with self._lock:
            state = self._folder_state()
            if state is not None and self._view is not None and state == self._view_state:
                return self._view
            try:
                ix = self._open_ix()
                token = (self._ix_build, ix.latest_generation())
                view = self._view
                if view is None or view.token != token:
                    new = _View(ix, token, self.dir)
                    self._retire(view)
                    self._view = view = new
                self._view_state = state
                return view
            except IndexUnavailable:
                self._retire(self._view)
                self._view = self._ix = None
                raise
            except Exception as e:  # noqa: BLE001 - garbled table of contents or segment
                self._retire(self._view)
                self._view = self._ix = None
                raise self._damaged(e) from e

    def _retire(self, view: _View | None) -> None:
        if view is not None:
            view.retired = True
            if view.users == 0:
                view.close()

    def _take_view(self) -> _View:
        """The current view, counted as in use. A search that falls in the instant a
        rebuild swaps the folders waits for the swap (outside this object's lock), or looks
        again when the swap ended between two reads, and reads the new index: it never
        fails for it."""
        try:
            with self._lock:
                view = self._current()
                view.users += 1
                return view
        except IndexUnavailable:
            # the folder may have been swapped between two reads of it: look once more
            # (after waiting for a swap still under way); a missing or damaged index fails
            # again and says so
            if build.swapping(self.dir):
                build.wait_for_swap(self.dir)
        with self._lock:
            view = self._current()
            view.users += 1
            return view

    @contextlib.contextmanager
    def _using(self):
        from .plan import PostingsUnreadable

        view = self._take_view()
        try:
            yield view
        except PostingsUnreadable as e:
            # a segment read as garbage (its files changed or cut under the index): marked
            # for the rebuild the next check makes, and said as a damaged index, not as an
            # unexpected error
            build.mark_stale(self.dir)
            with self._lock:
                self._retire(view)
                if self._view is view:
                    self._view = self._ix = None
            raise self._damaged(e.__cause__) from e
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

    def add_issue(self, library: Library, issue_id: str, merge: bool = True,
                  prepared=None) -> int:
        """Index one issue's documents in one commit (replacing them if present), and drop
        issues the library no longer has; then merge small segments when a tier is full
        (see :func:`index.build.merge_plan`). With ``prepared`` (:meth:`prepare_issue`),
        the segment its child wrote is committed, when it can be (the caller discards
        ``prepared`` afterwards). On failure the index is marked stale."""
        try:
            library.issue(issue_id)
            if prepared is not None:
                prepared.wait()              # outside the lock: the child needs none
            with build.index_lock(self.dir):
                count = self._add_prepared(library, issue_id, prepared)
                if count is None:
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
            raise IndexUnavailable(f"为 {issue_id} 建立检索索引失败（{error_reason(e)}），索引将重建。") from e
        except BaseException:
            self.mark_stale()        # interrupted (Ctrl+C): the issue may be stored, not indexed
            raise
        finally:
            build.clear_added_leftovers(self.dir)     # folders of killed imports

    def prepare_issue(self, parsed):
        """Start writing the segment of a parsed issue in a child process while the caller
        stores it (:mod:`index.prepared`); pass the result to :meth:`add_issue` once the
        issue is stored. None when the index is missing, marked stale or of another version
        (adding the issue rebuilds it), or when this process may not fork."""
        from . import prepared

        if not prepared.can_fork() or not self.exists() or build.is_stale(self.dir) or \
                build.read_version(self.dir) != SCHEMA_VERSION:
            return None
        try:
            ix = self._open_ix()
        except IndexUnavailable:
            return None
        return prepared.start(self.dir, ix.schema, ix.indexname, parsed.issue,
                              parsed.documents, parsed.blocks)

    def _add_prepared(self, library: Library, issue_id: str, prep) -> int | None:
        """Commit the segment ``prep`` wrote for ``issue_id``; None when it cannot be used
        (the caller adds the issue from the library instead). Call under the index lock."""
        if prep is None or not prep.wait():
            return None
        try:
            kept = self._kept(library)
            if issue_id not in kept:
                return None          # removed meanwhile (another process): the usual way says so
            ix = self._open_ix()
            segment = prep.segment(ix.indexname)
            indexed = self._indexed_issues(ix)
            delete = (indexed - kept) | ({issue_id} & indexed)
            build.commit_segment(ix, prep.folder, segment, sorted(delete))
            return prep.documents
        except Exception:  # noqa: BLE001 - whatever went wrong, the usual way adds the issue
            return None

    @staticmethod
    def _kept(library: Library) -> set[str]:
        return {i.id for i in library.issues()}

    @staticmethod
    def _indexed_issues(ix) -> set[str]:
        # the issue ids' terms, not the per-document table: an import process never loads
        # it (terms of deleted documents may remain until a merge: deleting again is a no-op)
        with ix.reader() as reader:
            return set(reader.field_terms("issue_id"))

    def _add(self, library: Library, issue_id: str | None) -> int:
        keep = self._kept(library)
        ix = self._open_ix()
        # an issue not indexed yet has nothing to delete (and deleting would load Whoosh's
        # query and searching modules)
        indexed = self._indexed_issues(ix)
        gone = indexed - keep
        with build.writing(ix) as writer:
            for old in gone | ({issue_id} if issue_id in indexed else set()):
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
            raise IndexUnavailable(f"从检索索引删除 {issue_id} 失败（{error_reason(e)}），索引将重建。") from e

    def merge(self) -> int:
        """Merge segments when a tier is full (never the whole index); returns how many
        segments were merged. Searches meanwhile read the previous generation."""
        with build.index_lock(self.dir):
            ix = self._open_ix()
            if not build.pick_merge(self.dir, ix._segments()):
                return 0
            return build.merge_segments(ix, self.dir)

    def merge_due(self) -> bool:
        """A tier of segments is full (:func:`index.build.pick_merge`): :meth:`merge` would
        merge. Reads the last committed table of contents, without the lock. False for an
        index marked stale (it is rebuilt whole before the next search)."""
        if build.is_stale(self.dir):
            return False
        return bool(build.pick_merge(self.dir, self._open_ix()._segments()))

    def merge_all(self) -> int:
        """Merge full tiers until none is due, then remove files no segment uses (left by a
        merge killed midway); returns how many segments were merged. Each merge holds the
        lock on its own, so an import waiting for it goes in between."""
        merged = 0
        for _round in range(MERGE_ROUNDS):
            done = self.merge()
            if not done:
                break
            merged += done
        with build.index_lock(self.dir):
            build.clean_unused(self._open_ix())
        return merged

    def segment_sizes(self) -> list[int]:
        """Live documents per segment (for tests and the benchmark)."""
        return [s.doc_count() for s in self._open_ix()._segments()]

    # -- searching -----------------------------------------------------------------------
    def warm(self, library: Library | None = None, cancel=None) -> None:
        """Open the index and load its per-document table now (a worker thread at start-up),
        so that the first search does not pay for it."""
        from . import plan
        check_cancel(cancel)
        with self._using() as view:
            for info in list(view.docs.values())[:1]:
                plan.string_candidates(view.reader, info.title_norm[:2] or "的", {})

    def search(self, library: Library, query: str, *, issue_id: str | None = None,
               year: int | str | None = None, doc_type: str | None = None,
               issuer: str | None = None, sort: str = "relevance",
               limit: int | None = None, offset: int = 0,
               max_hits: int | None = None, doc_id: str | None = None) -> SearchResults:
        """Search the library. ``limit``/``offset`` page the documents (counts stay total);
        ``max_hits`` caps the hits built per document (``hit_count`` stays exact). Only the
        documents returned are verified and given spans: with a limit, totals may be
        estimates (``total_exact`` false). ``doc_id`` searches one document (every hit of
        a result whose first hits a page showed)."""
        from . import plan
        started = time.perf_counter()
        pq = _parse(query, issue_id=issue_id, year=year, doc_type=doc_type, issuer=issuer,
                    doc_id=doc_id)
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

    def exact_totals(self, library: Library, query: str, *, issue_id: str | None = None,
                     year: int | str | None = None, doc_type: str | None = None,
                     issuer: str | None = None, sort: str = "relevance",
                     cancel=None, progress: Progress | None = None) -> Totals:
        """The exact totals of :meth:`search` with the same query and filters (the figures a
        page of results may only estimate, ``total_exact`` false): every candidate is
        verified on its text, read from the library in batches of about
        :data:`COUNT_BATCH` characters, so memory stays bounded whatever the library's
        size. ``cancel`` (a ``threading.Event``) is honoured between batches (raises
        ``Cancelled``); ``progress(done, total, "计数")`` counts the candidates.
        ``sort`` is accepted (and ignored) so that a search's filters can be passed as
        they are."""
        from . import plan
        pq = _parse(query, issue_id=issue_id, year=year, doc_type=doc_type, issuer=issuer)
        if not (pq.clauses or pq.filters):
            return Totals(0, 0)
        filters = plan.filter_query(pq.filters, library)
        if filters is False:
            return Totals(0, 0)
        check_cancel(cancel)
        with self._using() as view:
            qp = _make_plan(library, pq)
            cands = _clause_candidates(view, qp, _filter_docnums(view, filters))
            if not pq.clauses:
                return Totals(len(cands.docs), 0)
            candidates = _rank(view, qp, cands, "relevance").rest(0)
            docs = hits = done = 0
            while done < len(candidates):
                check_cancel(cancel)
                size, end = 0, done
                while end < len(candidates) and (end == done or size < COUNT_BATCH):
                    size += candidates[end].info.length
                    end += 1
                verified = _verify_batch(library, view, qp, candidates[done:end])
                docs += len(verified)
                hits += sum(v.hits.count for v in verified)
                done = end
                report(progress, done, len(candidates), "计数")
        return Totals(docs, hits)

    def _run(self, library: Library, view: _View, pq: ParsedQuery, filters, sort: str,
             limit: int | None, offset: int, max_hits: int | None,
             results: SearchResults) -> None:
        qp = _make_plan(library, pq)
        ranking = _rank(view, qp, _clause_candidates(view, qp, _filter_docnums(view, filters)),
                        sort)
        need = None if limit is None else offset + max(0, int(limit))
        verified, tried = _verify(library, qp, ranking, need)
        _totals(library, qp, ranking, verified, tried, results)
        shown = verified[offset:need]
        results.groups = _groups(library, shown, qp, max_hits)


# -- the steps ---------------------------------------------------------------------------
def _parse(query, **filters) -> ParsedQuery:
    """The parsed query with the filters given beside it (issue, year, 文种, 发文机关)."""
    from .query import parse_query
    pq = parse_query(query if isinstance(query, str) else "")
    for key, value in filters.items():
        if value not in (None, ""):
            pq.filters[key] = str(value)
    return pq


def _make_plan(library: Library, pq: ParsedQuery) -> _Plan:
    clause_norms = [[n for n in dict.fromkeys(normalize(t) for t in c.texts) if n]
                    for c in pq.clauses]
    excluded = [x for x in dict.fromkeys(normalize(e) for e in pq.excluded) if x]
    phrase = normalize("".join(c.texts[0] for c in pq.clauses)) if len(pq.clauses) > 1 else ""
    qp = _Plan(pq, clause_norms, pq.terms, excluded, phrase)
    qp.doc_no_docs = [_doc_no_docs(library, c) for c in pq.clauses]
    qp.clause_utf8 = [[n.encode() for n in norms] for norms in clause_norms]
    qp.terms_utf8 = [t.encode() for t in qp.terms if t]
    qp.excluded_utf8 = [x.encode() for x in excluded]
    return qp


def _doc_no_docs(library: Library, clause: Clause) -> set[str]:
    from . import plan
    out: set[str] = set()
    for key in clause.doc_nos:
        out.update(plan.doc_no_doc_ids(library, key))
    return out


class _Cands(NamedTuple):
    """The candidates of a query: ``docs`` maps the documents that may match every clause
    (and the filters) to an estimated count of the rarest clause; ``per_clause`` holds each
    clause's estimates (in the query's order); ``keyed`` the documents matching by 文号."""

    docs: dict[int, float]
    per_clause: list[dict[int, float]]
    keyed: set[int]


def _clause_candidates(view: _View, qp: _Plan, allowed: set[int] | None) -> _Cands:
    """Documents that may match every clause (and the filters), with estimated counts."""
    if not qp.pq.clauses:
        docs = view.docs if allowed is None else [d for d in allowed if d in view.docs]
        every = dict.fromkeys(docs, 0.0)
        return _Cands(every, [every], set())
    per_clause: list[dict[int, float]] = []
    keyed_all: set[int] = set()
    for norms, by_key in zip(qp.clause_norms, qp.doc_no_docs):
        lists = [view.candidates(n) for n in norms]
        if len(lists) == 1:
            found = lists[0]
        else:                     # OR: the highest estimate of the alternatives
            found = {}
            for one in lists:
                for d, w in one.items():
                    if w > found.get(d, 0.0):
                        found[d] = w
        keyed = {view.by_id[i] for i in by_key if i in view.by_id}
        if keyed:
            found = dict(found)
            for d in keyed:
                found.setdefault(d, 0.0)
            keyed_all |= keyed
        per_clause.append(found)
    smallest = min(per_clause, key=len)
    others = [c for c in per_clause if c is not smallest]
    docs = smallest
    if others or allowed is not None:
        docs = {d: w for d, w in smallest.items()
                if (allowed is None or d in allowed) and all(d in o for o in others)}
    if len(per_clause) == 1:
        per_clause = [docs]
    return _Cands(docs, per_clause, keyed_all)


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


class _Ranking:
    """Every candidate's rank key (highest first: 文号 match, title, headings, phrase, BM25
    score, then date), ordered only as far as the search reads: the best few by a partial
    selection, the whole order only when more is asked for."""

    def __init__(self, view: _View, keys: list[tuple], cands: _Cands):
        self.view = view
        self.per_clause = cands.per_clause
        self.cands = cands.docs
        self.keys = keys            # (..., flags, score, date rank, docnum)
        self.keyed = cands.keyed
        self._head: list[tuple] = []        # the best keys, in order

    def __len__(self) -> int:
        return len(self.keys)

    def estimated_occurrences(self) -> float:
        """The index's estimate (an upper bound) of the query's occurrences in every
        candidate: the sum of each clause's estimate."""
        if len(self.per_clause) == 1:
            return sum(self.per_clause[0].values())
        return sum(sum(clause[d] for clause in self.per_clause) for d in self.cands)

    def head(self, n: int) -> list[Candidate]:
        """The ``n`` best candidates in rank order."""
        n = min(n, len(self.keys))
        if len(self._head) < n:
            if n * 8 < len(self.keys):
                self._head = heapq.nlargest(max(n, 2 * len(self._head)), self.keys)
            else:
                self._head = sorted(self.keys, reverse=True)
        return [self._candidate(k) for k in self._head[:n]]

    def rest(self, tried: int) -> list[Candidate]:
        """The candidates after the first ``tried`` (in no particular order)."""
        if tried >= len(self.keys):
            return []
        if tried == 0:
            return [self._candidate(k) for k in self.keys]
        seen = {k[-1] for k in self._head[:tried]}
        return [self._candidate(k) for k in self.keys if k[-1] not in seen]

    def _candidate(self, key: tuple) -> Candidate:
        docnum, flags, score = key[-1], key[-4], key[-3]
        estimate = sum(clause.get(docnum, 0.0) for clause in self.per_clause)
        return Candidate(docnum, self.view.docs[docnum], bool(flags & 8), bool(flags & 4),
                         bool(flags & 2), bool(flags & 1), score, estimate)


def _rank(view: _View, qp: _Plan, cands: _Cands, sort: str) -> _Ranking:
    """Every candidate's rank key, from the per-document table, without any text."""
    from . import plan
    cand, per_clause, keyed = cands
    n_docs = max(len(view.docs), 1)
    k1 = plan.K1
    nf, dr = view.norm_factor, view.date_rank
    terms = qp.terms
    phrase_docs = view.candidates(qp.phrase) if qp.phrase else {}
    in_title: set[int] = set()
    in_heads: set[int] = set()
    for t in terms:
        in_title |= view.title_docs(t)
        in_heads |= view.head_docs(t)
    if keyed or phrase_docs:
        extra = {d: 8 for d in keyed}
        for d in phrase_docs:
            extra[d] = extra.get(d, 0) + 1
    else:
        extra = {}
    # BM25's idf of each clause, over the candidates holding it
    if len(per_clause) == 1:
        dfs = [len(cand) - sum(1 for d in keyed if cand.get(d) == 0.0)]
    else:
        dfs = [sum(1 for d in cand if clause[d]) for clause in per_clause]
    idfs = [math.log(1 + (n_docs - df + 0.5) / (df + 0.5)) for df in dfs]
    if len(per_clause) == 1:
        c = idfs[0] * (k1 + 1)
        if extra:
            get = extra.get
            keys = [(get(d, 0) + (d in in_title) * 4 + (d in in_heads) * 2,
                     c * w / (w + nf[d]) if w else 0.0, dr[d], d) for d, w in cand.items()]
        else:
            keys = [((d in in_title) * 4 + (d in in_heads) * 2,
                     c * w / (w + nf[d]) if w else 0.0, dr[d], d) for d, w in cand.items()]
    else:
        weights = [(clause, idf * (k1 + 1)) for clause, idf in zip(per_clause, idfs)]
        get = extra.get
        keys = []
        append = keys.append
        for d in cand:
            n = nf[d]
            score = 0.0
            for clause, c in weights:
                tf = clause[d]
                if tf:
                    score += c * tf / (tf + n)
            append((get(d, 0) + (d in in_title) * 4 + (d in in_heads) * 2, score, dr[d], d))
    if sort == "date":
        docs = view.docs
        keys = [(docs[k[-1]].sort_key,) + k for k in keys]
    return _Ranking(view, keys, cands)


def _verify(library: Library, qp: _Plan, ranking: _Ranking, need: int | None
            ) -> tuple[list[Verified], int]:
    """Check candidates in rank order on their text until ``need`` documents hold the query
    (all when None); returns the verified documents and how many candidates were tried."""
    out: list[Verified] = []
    tried = 0
    total = len(ranking)
    while tried < total and (need is None or len(out) < need):
        if need is None:
            want = total
        else:        # as many as are missing, more once some candidates failed
            rate = len(out) / tried if tried else 1.0
            missing = need - len(out)
            want = missing if rate >= 1.0 else int(missing / max(rate, 0.1)) + 2
        batch = ranking.head(tried + want)[tried:]
        tried += len(batch)
        out.extend(_verify_batch(library, ranking.view, qp, batch, keep_text=True))
    return out, tried


def _verify_batch(library: Library, view: _View, qp: _Plan, batch: list[Candidate],
                  keep_text: bool = False) -> list[Verified]:
    """Read the batch's normalised texts from the library and keep the documents that hold
    every clause (or its 文号) and no excluded string, with their hit blocks. The texts are
    searched in UTF-8, as stored (:func:`searchreads.doc_norms_utf8`): a UTF-8 string is
    found in UTF-8 text exactly where the string is found in the text."""
    texts = searchreads.doc_norms_utf8(library, [c.info.doc_id for c in batch])
    keyed = [c.info.doc_id for c in batch if c.doc_no_match]
    doc_no_blocks = view.doc_no_blocks(library, keyed) if keyed else set()
    out = []
    clauses = list(zip(qp.clause_utf8, qp.doc_no_docs))
    excluded, terms = qp.excluded_utf8, qp.terms_utf8
    # with several strings (alternatives, a 文号's printed forms), each document is searched
    # only for those the index says it may hold (their candidates: a superset)
    per_term = ([(t, view.candidates(t.decode())) for t in terms] if len(terms) > 1
                else None)
    for c in batch:
        doc_id = c.info.doc_id
        norm, ids = texts.get(doc_id, (b"", ""))
        if any(x in norm for x in excluded):
            continue
        mine = terms if per_term is None else [t for t, docs in per_term if c.docnum in docs]
        hits = _blocks_with(norm, mine, c.estimate, c.info.length)
        found = hits.found
        if not all(doc_id in by_key or any(n in found for n in norms)
                   for norms, by_key in clauses):
            continue
        if c.doc_no_match and ids:
            kind = [i for i, b in enumerate(ids.split(BLOCK_SEP)) if b in doc_no_blocks]
            hits = hits.adding(kind)            # their texts are read when shown
        if qp.pq.clauses and not hits.count:
            continue
        out.append(Verified(c, hits if keep_text else hits.counted(), ids))
    return out


class _Hits:
    """A document's hit blocks: ``count``, the terms its text holds (``found``), and the
    index and normalised text of the first ones (:meth:`first`). Found in the UTF-8 bytes,
    a hit block is known by the offset of its end (the separator after it, or the end of
    the text): its index among the blocks and its text are worked out only for the blocks
    shown. Found in the decoded text, by its index, with every block's text."""

    __slots__ = ("count", "found", "_norm", "_ends", "_indexes", "_texts")

    def __init__(self, found: set[bytes], norm: bytes = b"", ends: list[int] | None = None,
                 indexes: list[int] | None = None,
                 texts: list[str] | dict[int, str] | None = None):
        self.found = found
        self._norm, self._ends, self._indexes, self._texts = norm, ends, indexes, texts
        self.count = len(ends) if ends is not None else len(indexes or ())

    def counted(self) -> _Hits:
        """The same count and terms without the texts (a document not shown)."""
        out = _Hits(self.found)
        out.count = self.count
        return out

    def indexes(self) -> list[int]:
        return [i for i, _text in self.first(None)]

    def first(self, n: int | None) -> list[tuple[int, str]]:
        """``(index, normalised text)`` of the first ``n`` hit blocks (every one when None)
        in reading order; the text is "" where it is not known (a 文号 block added by its
        kind: its text is read when shown)."""
        if self._ends is None:
            picked = self._indexes or []
            picked = picked if n is None else picked[:max(0, n)]
            texts = self._texts
            if isinstance(texts, list):
                return [(i, texts[i] if i < len(texts) else "") for i in picked]
            return [(i, texts.get(i, "") if texts else "") for i in picked]
        norm = self._norm
        count, rfind = norm.count, norm.rfind
        out = []
        index, start = 0, 0             # the block beginning at ``start`` and its index
        for end in (self._ends if n is None else self._ends[:max(0, n)]):
            skipped = count(_SEP, start, end)
            if skipped:
                index += skipped
                start = rfind(_SEP, start, end) + 1
            out.append((index, norm[start:end].decode()))
            index, start = index + 1, end + 1
        return out

    def adding(self, blocks: list[int]) -> _Hits:
        """These hit blocks and the blocks ``blocks`` (indexes; their texts unknown)."""
        if not set(blocks) - set(self.indexes()):
            return self
        texts = dict(self.first(None))
        return _Hits(self.found, indexes=sorted(set(texts) | set(blocks)), texts=texts)


def _blocks_with(norm: bytes, terms: list[bytes], estimate: float = 0.0, length: int = 0
                 ) -> _Hits:
    """The blocks of a ``BLOCK_SEP``-joined normalised text in UTF-8 holding any term (in
    UTF-8). They are found in the bytes, from hit block to hit block (no decoding: a UTF-8
    string is found in UTF-8 text exactly where the string is found in the text); or, when
    the terms are dense (by the index's ``estimate`` of their occurrences in the text's
    ``length`` characters, or as found), in the decoded text split into blocks (a search in
    the UTF-8 bytes of Chinese text is slower than in its decoded text, and costs more than
    decoding once the hits are many)."""
    if estimate * DENSE_CHARS < (length or len(norm)):
        found = _find_blocks(norm, terms)
        if found is not None:
            return _Hits(found[1], norm, ends=found[0])
    text = norm.decode()
    parts = text.split(BLOCK_SEP)
    texts = [t.decode() for t in terms]
    if len(texts) == 1:
        t = texts[0]
        hits = [i for i, p in enumerate(parts) if t in p]
        return _Hits(set(terms) if hits else set(), indexes=hits, texts=parts)
    if len(texts) == 2:
        t, u = texts
        hits = [i for i, p in enumerate(parts) if t in p or u in p]
    else:
        hits = [i for i, p in enumerate(parts) if any(t in p for t in texts)]
    return _Hits({b for b, t in zip(terms, texts) if t in text}, indexes=hits, texts=parts)


DENSE = 64          # hit blocks of one term past which a document's text is decoded instead
DENSE_BYTES = 450   # ... (or one per this many bytes of a longer text)
DENSE_CHARS = 30    # ... or when the index expects more occurrences than one per this many
                    # characters (an upper bound: many may share a block)
_SEP = BLOCK_SEP.encode()


def _find_blocks(norm: bytes, terms: list[bytes]) -> tuple[list[int], set[bytes]] | None:
    """The end offsets (in reading order) of the blocks holding any term, by C-level
    ``find`` from hit block to hit block (a term found many times in one block costs one
    step: the next search starts after the block), and the terms found; None once one term
    has more than :data:`DENSE` hit blocks (or one per :data:`DENSE_BYTES` bytes)."""
    find, size = norm.find, len(norm)
    limit = max(DENSE, size // DENSE_BYTES)
    found: set[bytes] = set()
    ends: list[int] = []
    for t in terms:
        pos = find(t)
        if pos == -1:
            continue
        found.add(t)
        mine: list[int] = []
        add = mine.append
        while pos != -1:
            end = find(_SEP, pos + len(t))
            if end == -1:
                add(size)
                break
            add(end)
            if len(mine) > limit:
                return None
            pos = find(t, end + 1)
        ends = mine if not ends else sorted(set(ends).union(mine))
    return ends, found


def _totals(library: Library, qp: _Plan, ranking: _Ranking, verified: list[Verified],
            tried: int, results: SearchResults) -> None:
    """Exact totals when cheap, else an estimate from the verified share."""
    from . import plan
    docs = len(verified)
    hits = sum(v.hits.count for v in verified)
    n_rest = len(ranking) - tried
    results.total_exact = True
    if n_rest > 0:
        counted = _count_exactly(library, qp, ranking, tried)
        if counted is not None:
            docs += counted[0]
            hits += counted[1]
        else:
            results.total_exact = False
            exact_docs = (not qp.excluded and len(qp.clause_norms) == 1 and not ranking.keyed
                          and all(plan.is_exact_string(n) for n in qp.clause_norms[0]))
            rate = docs / tried if tried else 1.0
            more = n_rest if exact_docs else round(n_rest * rate)
            # hit blocks in proportion to the index's estimates of the occurrences (the
            # documents verified first are the densest: their mean would overstate)
            seen = sum(c.estimate for c in ranking.head(tried))
            left = ranking.estimated_occurrences() - seen
            if seen > 0 and left >= 0:
                hits += round(hits * left / seen)
            else:
                hits += round(more * (hits / docs if docs else 1.0))
            docs += more
    results.total_docs = docs
    results.total_hits = hits


def _count_exactly(library: Library, qp: _Plan, ranking: _Ranking, tried: int
                   ) -> tuple[int, int] | None:
    """Documents and hit blocks after the first ``tried`` candidates when verifying them
    costs little, else None."""
    if not qp.pq.clauses:
        return len(ranking) - tried, 0
    if len(qp.clause_norms) > MAX_EXACT_CLAUSES:
        return None
    # the text left to read, summed only until it passes the budget
    docs = ranking.view.docs
    budget = EXACT_BUDGET + sum(docs[k[-1]].length for k in ranking._head[:tried])
    length = 0
    for key in ranking.keys:
        length += docs[key[-1]].length
        if length > budget:
            return None
    verified = _verify_batch(library, ranking.view, qp, ranking.rest(tried))
    return len(verified), sum(v.hits.count for v in verified)


def _groups(library: Library, shown: list[Verified], qp: _Plan,
            max_hits: int | None) -> list[DocGroup]:
    """The result groups of the documents shown: their first ``max_hits`` hit blocks are
    read from the library and given spans and snippets."""
    wanted: dict[int, list[tuple[str, str]]] = {}
    for v in shown:
        picked = v.hits.first(max_hits)
        ids: list[str] = []
        if picked and v.block_ids:
            ids = v.block_ids.split(BLOCK_SEP, picked[-1][0] + 1)
        wanted[v.candidate.docnum] = [(ids[i], norm) for i, norm in picked if i < len(ids)]
    rows = searchreads.blocks_by_id(library, [b for pairs in wanted.values() for b, _n in pairs])
    out = []
    for v in shown:
        c = v.candidate
        info = c.info
        group = DocGroup(
            doc_id=info.doc_id, issue_id=info.issue_id, title=info.title,
            doc_no=info.doc_no, doc_type=info.doc_type, date=info.date,
            issuers=list(info.issuers), year=info.year, number=info.number,
            score=float(c.score or 0.0), hit_count=v.hits.count, doc_no_match=c.doc_no_match)
        doc_no = group.doc_no if c.doc_no_match else ""
        group.hits = [_hit(rows[b], norm, info.issue_id, qp.terms, doc_no)
                      for b, norm in wanted[c.docnum] if b in rows]
        out.append(group)
    return out


def _hit(row: HitRow, norm: str, issue_id: str, terms: list[str], doc_no: str) -> Hit:
    """One hit with its spans and snippet; ``norm`` is the block's normalised text (as the
    library stored it beside the document, so it is not normalised again)."""
    texts = terms + ([normalize(doc_no)] if doc_no and row.kind == "doc_no" else [])
    if not norm and row.text:
        norm = normalize(row.text)
    spans = spans_in_normalized(row.text, norm, [t for t in texts if t])
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
