"""Writing the index: one Whoosh document per gazette document, built from the library.

A full rebuild writes a fresh index into a folder of its own beside ``<index>`` and swaps it
in only when complete, so a failed, cancelled or killed rebuild leaves the previous index
untouched; leftovers of earlier attempts (``index.new*``, ``index.old*``, even read-only
ones, even a file of that name) are cleared or moved aside first. Every write — rebuild,
adding or removing an issue, merging — holds :func:`index_lock`, so two processes never
write at once. Incremental commits never merge in the writer; :func:`merge_plan` merges
small segments by tiers (see :meth:`index.search.SearchIndex.merge`).

No worker pool: the grams are counted in the writing process (there is no jieba), and
their postings go straight to the codec's writer in term order (:mod:`index.codec`), past
Whoosh's analysis and sorting pool; the segments' bytes are those Whoosh itself would write.
(The command line's import writes its one segment in a forked child while the issue is
stored, from the parse instead of the library: :mod:`index.prepared`, :func:`commit_segment`.)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index as whoosh_index

from core.errors import GazetteError
from core.model import Block, Document, Issue
from core.progress import Progress, check_cancel, report
from core.textmatch import SEPARATOR, normalize, normalize_joined
from core.wenhao import parse_doc_no

from .schema import SCHEMA_VERSION, build_schema

if TYPE_CHECKING:
    from core.store import Library

VERSION_FILE = "SCHEMA_VERSION"
BUILD_FILE = "BUILD_ID"   # changes with every full rebuild: readers notice the swap
STALE_FILE = "STALE"
BASE_FILE = "BASE_SEGMENTS"   # segments written by the last full rebuild: never re-merged
WRITE_TIMEOUT = 30.0      # seconds to wait for another writer
LOCK_TIMEOUT = 600.0      # seconds to wait for another process's rebuild
CHUNK_ISSUES = 10         # issues per segment in a full rebuild
MERGE_FACTOR = 6          # this many segments of one tier are merged into one
SMALL_SEGMENT = 60        # documents: the first tier (one import writes ~11)


class IndexBusy(GazetteError):
    """Another process holds the index lock for longer than we may wait."""


def doc_no_keys(printed: str | None) -> list[str]:
    """Lookup keys of a 文号: the normalised 文号, agency + year, and the agency."""
    no = parse_doc_no(printed) if printed else None
    if no is None:
        return []
    keys = [no.normalized, no.agency]
    if no.year:
        keys.append(f"{no.agency}〔{no.year}〕")
    return list(dict.fromkeys(k.replace(",", "") for k in keys if k))


def sort_key(issue: Issue, doc: Document) -> str:
    return f"{issue.year or 0:04d}-{issue.number or 0:03d}-{doc.date or ''}-{doc.order:03d}"


def document_fields(issue: Issue, doc: Document, blocks: list[Block]) -> dict:
    """What one gazette document puts in the index."""
    body = SEPARATOR.join(b.text for b in blocks)
    printed = doc.doc_no.printed if doc.doc_no else ""
    heads = SEPARATOR.join(normalize(b.text) for b in blocks if b.kind == "heading")
    fields = {
        "doc_id": doc.id, "issue_id": issue.id,
        "year": str(issue.year) if issue.year else None,
        "number": str(issue.number) if issue.number else None,
        "types": ",".join(t for t in dict.fromkeys((doc.doc_type, doc.enclosed_type)) if t),
        "issuers": ",".join(i.replace(",", "") for i in doc.issuers if i),
        "title": doc.title, "doc_no": printed, "doc_type": doc.doc_type, "date": doc.date,
        "sort_key": sort_key(issue, doc),
        "title_norm": normalize(doc.title or ""), "heads": heads,
        "length": sum(len(normalize(b.text)) + 1 for b in blocks),
        "grams": body,
    }
    return {k: v for k, v in fields.items() if v not in (None, "")}


def iter_issue_documents(library: Library, issue: Issue) -> Iterator[tuple[Document, list[Block]]]:
    by_doc: dict[str, list[Block]] = {}
    for block in library.iter_issue_blocks(issue.id):
        by_doc.setdefault(block.doc_id, []).append(block)
    for doc in library.documents(issue.id):
        yield doc, by_doc.get(doc.id, [])


def _gram_side(writer):
    """The codec's field writer of ``writer`` when it can take the grams' postings aside
    (:class:`index.codec.GramFieldWriter`), else None (the grams go through Whoosh's
    analysis and sorting pool)."""
    from whoosh.system import pack_uint

    from .analysis import GramTokenizer
    from .codec import GramFieldWriter

    field = writer.schema["grams"] if "grams" in writer.schema else None
    fieldwriter = getattr(writer, "fieldwriter", None)
    if field is None or not isinstance(fieldwriter, GramFieldWriter) or \
            not isinstance(field.analyzer, GramTokenizer) or field.scorable or field.stored \
            or field.vector or type(field.format).__name__ != "Frequency" or \
            field.format.field_boost != 1.0:
        return None
    fieldwriter.side_field, fieldwriter.side_value = "grams", pack_uint(1)
    return fieldwriter


def _add_grams(fieldwriter, docnum: int, text: str) -> None:
    """The postings Whoosh's analysis makes of :class:`index.analysis.GramTokenizer`'s
    tokens (each gram once, its count as weight, frequency 1), kept aside per term in
    docnum order: no token object, no dictionary per gram, no tuple per posting in Whoosh's
    sorting pool (the codec's writer takes them in term order at the commit)."""
    from .analysis import gram_counts

    side = fieldwriter.side_postings
    for gram, n in gram_counts(normalize_joined(text)).items():
        entry = side.get(gram)
        if entry is None:
            side[gram] = ([docnum], [n])
        else:
            entry[0].append(docnum)
            entry[1].append(n)


def parsed_documents(documents: list[Document],
                     blocks: list[Block]) -> list[tuple[Document, list[Block]]]:
    """A parsed issue's documents and their blocks in the order the library gives them
    (:func:`iter_issue_documents`: documents by their order, blocks by their ordinal)."""
    by_doc: dict[str, list[Block]] = {}
    for block in sorted(blocks, key=lambda b: b.ordinal):
        by_doc.setdefault(block.doc_id, []).append(block)
    return [(doc, by_doc.get(doc.id, [])) for doc in sorted(documents, key=lambda d: d.order)]


def add_issue_documents(writer, library: Library, issue: Issue) -> int:
    """Add an issue's documents, as the library holds them, to ``writer``; returns how many."""
    return add_documents(writer, issue, iter_issue_documents(library, issue))


def add_documents(writer, issue: Issue, pairs) -> int:
    """Add ``pairs`` (document, its blocks) of ``issue`` to ``writer``; returns how many."""
    side = _gram_side(writer)
    count = 0
    for doc, blocks in pairs:
        fields = document_fields(issue, doc, blocks)
        if side is not None and "grams" in fields:
            _add_grams(side, writer.docnum, fields.pop("grams"))
        writer.add_document(**fields)
        count += 1
    return count


# -- state files -------------------------------------------------------------------------
def read_version(index_dir: Path) -> int | None:
    try:
        return int((index_dir / VERSION_FILE).read_text(encoding="ascii").strip())
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def read_build_id(index_dir: Path) -> str:
    try:
        return (index_dir / BUILD_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def is_stale(index_dir: Path) -> bool:
    return (index_dir / STALE_FILE).exists()


def mark_stale(index_dir: Path) -> None:
    with contextlib.suppress(OSError):
        index_dir.mkdir(parents=True, exist_ok=True)
        (index_dir / STALE_FILE).write_text("rebuild needed\n", encoding="ascii")


# -- the lock ----------------------------------------------------------------------------
_thread_locks: dict[Path, threading.RLock] = {}
_thread_locks_guard = threading.Lock()
_held = threading.local()       # index folders whose lock this thread holds (re-entrant)


def lock_path(index_dir: Path) -> Path:
    """Beside the index folder (not inside it: the folder is swapped by a rebuild)."""
    return index_dir.with_name(index_dir.name + ".lock")


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:          # exists, but not ours
        return True
    return True


@contextmanager
def index_lock(index_dir: Path, timeout: float = LOCK_TIMEOUT):
    """Hold the index's write lock: one writer per index across threads and processes.

    On POSIX the lock is ``flock`` on ``<index>.lock``, which the kernel releases when its
    holder dies (a killed rebuild never leaves a stale lock). Elsewhere the file is created
    exclusively and holds the owner's pid; a file whose pid is gone is stale and taken over.
    """
    index_dir = Path(index_dir)
    key = index_dir.resolve()
    held = _held.__dict__.setdefault("dirs", set())
    if key in held:
        yield
        return
    with _thread_locks_guard:
        tlock = _thread_locks.setdefault(key, threading.RLock())
    if not tlock.acquire(timeout=timeout):
        raise IndexBusy("检索索引正被另一项操作占用，请稍后再试。")
    held.add(key)
    try:
        path = lock_path(index_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + timeout
        try:
            import fcntl
        except ImportError:      # pragma: no cover - Windows
            fcntl = None
        if fcntl is not None:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                while True:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() > deadline:
                            raise IndexBusy("检索索引正被另一个进程重建或更新，请稍后再试。") from None
                        time.sleep(0.05)
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode("ascii"))
                yield
            finally:
                os.close(fd)      # releases the flock
        else:                     # pragma: no cover - Windows
            while True:
                try:
                    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                    break
                except FileExistsError:
                    try:
                        pid = int(path.read_text(encoding="ascii").strip() or 0)
                    except (OSError, ValueError):
                        pid = 0
                    if not _pid_alive(pid):
                        with contextlib.suppress(OSError):
                            path.unlink()
                        continue
                    if time.monotonic() > deadline:
                        raise IndexBusy("检索索引正被另一个进程重建或更新，请稍后再试。") from None
                    time.sleep(0.05)
            try:
                os.write(fd, f"{os.getpid()}\n".encode("ascii"))
                os.close(fd)
                yield
            finally:
                with contextlib.suppress(OSError):
                    path.unlink()
    finally:
        held.discard(key)
        tlock.release()


# -- writing -----------------------------------------------------------------------------
def codec(compression: int = 3):
    """Whoosh's codec without field-length statistics: no field is scorable (BM25 uses the
    stored ``length``), and with them Whoosh looks up — with a ``stat`` call — the length of
    every posting while writing, a third of the indexing time."""
    from .codec import GramCodec

    return GramCodec(compression=compression)


def writer_options() -> dict:
    """Whoosh writer options of incremental commits: no zlib on posting blocks (adding an
    issue ~20 % faster; merges and rebuilds compress). Every segment is written as separate
    files: a searcher reads a compound segment file into memory."""
    return {"codec": codec(compression=0), "compound": False}


@contextmanager
def writing(ix, **options):
    """A Whoosh writer that commits (without merging) when the ``with`` block succeeds and
    cancels otherwise. Call under :func:`index_lock`."""
    writer = ix.writer(timeout=WRITE_TIMEOUT, **writer_options(), **options)
    try:
        yield writer
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=False)


def commit_segment(ix, folder: Path, segment, delete_issues) -> None:
    """Commit ``segment`` (written by :mod:`index.prepared` into ``folder``, an index of
    its own with this schema) into ``ix``, deleting the documents of ``delete_issues`` in
    the same commit: its files are moved in, then one table of contents lists the index's
    segments and it. Call under :func:`index_lock`."""
    target = Path(ix.storage.folder)
    writer = ix.writer(timeout=WRITE_TIMEOUT, **writer_options())
    try:
        for issue_id in delete_issues:
            writer.delete_by_term("issue_id", issue_id)
        for name in segment.list_files(_FolderNames(folder)):
            shutil.move(str(folder / name), str(target / name))
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=lambda _writer, segments: list(segments) + [segment])


class _FolderNames:
    """What ``Segment.list_files`` needs of a storage: the names of a folder's files."""

    def __init__(self, folder: Path):
        self.folder = folder

    def list(self) -> list[str]:
        return os.listdir(self.folder)


def merge_plan(sizes: list[int]) -> list[int]:
    """Which segments to merge (indexes into ``sizes``, documents per segment): the lowest
    tier holding :data:`MERGE_FACTOR` segments, tiers being below 60, 360, 2,160 … documents
    (a log-structured policy: each document is rewritten about log6(N) times in all, and no
    merge ever rewrites the whole index)."""
    limit = SMALL_SEGMENT
    largest = max(sizes, default=0)
    while limit <= max(largest, SMALL_SEGMENT) * MERGE_FACTOR:
        tier = [i for i, size in enumerate(sizes) if size < limit]
        if len(tier) >= MERGE_FACTOR:
            return tier
        limit *= MERGE_FACTOR
    return []


def base_segments(index_dir: Path) -> set[str]:
    try:
        return set((index_dir / BASE_FILE).read_text(encoding="ascii").split())
    except (OSError, UnicodeDecodeError):
        return set()


def mergeable(index_dir: Path, segments: list) -> list[int]:
    """Indexes of the segments written since the last rebuild (imports and their merges)."""
    base = base_segments(index_dir)
    return [i for i, s in enumerate(segments) if s.segment_id() not in base]


def pick_merge(index_dir: Path, segments: list) -> list[int]:
    """The segments to merge now (indexes into ``segments``), or []."""
    own = mergeable(index_dir, segments)
    return [own[i] for i in merge_plan([segments[i].doc_count() for i in own])]


def merge_segments(ix, index_dir: Path, fast: bool = True) -> int:
    """Merge the segments :func:`pick_merge` picks in one commit; returns how many were
    merged (0: nothing to do). Call under :func:`index_lock`.

    The postings are copied by :func:`_copy_postings` (posting blocks decoded straight from
    the segments' files, the grams kept aside for the codec's writer) instead of Whoosh's
    ``add_reader``, which looks every term up in its segment's hash table and walks its
    postings one by one (six small segments took 14 s); with ``fast`` false, or when a
    segment is not as :mod:`index.codec` writes them, Whoosh's own way. The segment written
    is the same either way (a test compares the bytes)."""
    from whoosh.reading import SegmentReader

    picked: list = []

    def policy(writer, segments, fast=fast):
        chosen = set(pick_merge(index_dir, segments))
        side = _gram_side(writer) if fast else None
        for i in sorted(chosen):
            reader = SegmentReader(writer.storage, writer.schema, segments[i],
                                   generation=writer.generation)
            try:
                if side is not None:
                    _copy_reader(writer, reader, segments[i], side)
                else:
                    writer.add_reader(reader)
            finally:
                reader.close()
            picked.append(segments[i])
        return [s for i, s in enumerate(segments) if i not in chosen]

    for attempt_fast in ((True, False) if fast else (False,)):
        picked.clear()
        writer = ix.writer(timeout=WRITE_TIMEOUT, codec=codec(), compound=False)
        try:
            writer.commit(mergetype=lambda w, segs, f=attempt_fast: policy(w, segs, f))
            return len(picked)
        except _NotOurSegment:
            with contextlib.suppress(Exception):
                writer.cancel()
        except BaseException:
            with contextlib.suppress(Exception):
                writer.cancel()
            raise
    return len(picked)


def clean_unused(ix) -> None:
    """Remove the files no segment of the last committed generation uses — what a merge
    killed after writing its table of contents, before removing the merged segments, left
    (Whoosh does the same at every commit). Call under :func:`index_lock`."""
    from whoosh.index import clean_files

    toc = ix._read_toc()
    clean_files(ix.storage, ix.indexname, toc.generation, toc.segments)


class _NotOurSegment(Exception):
    """A segment the fast merge cannot copy: merge it the way Whoosh does."""


def _copy_reader(writer, reader, segment, side) -> None:
    """``writer.add_reader(reader)``, the postings copied by :func:`_copy_postings`."""
    if getattr(segment, "compound", False):
        raise _NotOurSegment("compound segment")
    basedoc = writer.docnum
    ndxnames = {f for f in reader.indexed_field_names() if f in writer.schema}
    docmap = writer.write_per_doc(set(writer.schema.names()) | ndxnames, reader)
    _copy_postings(writer, reader, segment, basedoc, docmap, side)
    writer._added = True


def _copy_postings(writer, reader, segment, basedoc: int, docmap: dict | None, side) -> None:
    """Every live posting of ``reader``'s segment, its document renumbered as Whoosh's
    ``add_reader`` does (``docmap``, else ``basedoc`` + docnum): the grams' to ``side``
    (the codec's field writer, term → documents in order), the others to Whoosh's pool."""
    import io
    import pickle
    import struct
    import zlib
    from itertools import accumulate

    from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo, W3TermsReader

    terms = reader._terms
    if not isinstance(terms, W3TermsReader):
        raise _NotOurSegment("codec")
    pst = writer.storage.open_file(segment.make_filename(".pst"))
    try:
        data = pst.read()
    finally:
        pst.close()
    # the term table's records, read in order from its bytes (not looked up one by one)
    tindex = terms._tindex
    table = tindex.dbfile.get(tindex.startofdata, tindex.endofdata - tindex.startofdata)
    lengths, offset_of = struct.Struct("!ii"), struct.Struct("!q")
    info_size = W3TermInfo._struct.size
    grams, value = side.side_field, side.side_value
    postings = side.side_postings
    schema = writer.schema
    add_post = writer.pool.add
    # per field number: its name, whether the schema has it, its value size, whether grams
    fields = [(name, name in schema,
               schema[name].format.fixed_value_size() if name in schema else None,
               name == grams) for name in terms._fieldunmap]
    decoded: dict[bytes, tuple] = {}
    pos, end_of_table = 0, len(table)
    while pos < end_of_table:
        keylen, vallen = lengths.unpack_from(table, pos)
        key = table[pos + 8:pos + 8 + keylen]
        raw = table[pos + 8 + keylen:pos + 8 + keylen + vallen]
        pos += 8 + keylen + vallen
        fieldname, known, fixed, is_grams = fields[int.from_bytes(key[:2], "big")]
        if not known:
            continue
        btext = key[2:]
        if raw[0]:                      # postings inlined in the term table
            ids, weights, values = W3TermInfo.from_bytes(raw).inlined_postings()
            ids, weights, values = list(ids), list(weights), list(values)
            if is_grams and any(v != value for v in values):
                raise _NotOurSegment("gram frequency")
        else:
            offset = offset_of.unpack_from(raw, info_size)[0]
            if data[offset:offset + 4] != WHOOSH3_HEADER_MAGIC:
                raise _NotOurSegment("posting block")
            ids, weights, values = [], [], []
            at_block, last = offset + 4, False
            while not last:
                size = int.from_bytes(data[at_block:at_block + 4], "big", signed=True)
                last = size < 0
                size = -size if last else size
                raw_block = data[at_block + 4:at_block + 4 + size]
                at_block += 4 + size
                got = decoded.get(raw_block)      # the same small blocks recur
                if got is None:
                    block = io.BytesIO(raw_block)
                    count, _last, _maxw, comp, _mn, _mx = pickle.load(block)
                    packed = block.read()
                    deltas, mw, mv = pickle.loads(zlib.decompress(packed) if comp else packed)
                    got = (count, tuple(accumulate(deltas)), mw, mv)
                    if len(decoded) < 200_000:
                        decoded[raw_block] = got
                count, block_ids, mw, mv = got
                ids += block_ids
                if mw is None:
                    weights += [1.0] * count
                elif isinstance(mw, float):
                    weights += [mw] * count
                else:
                    weights += mw
                if is_grams:            # kept aside: every value must be the one it writes
                    if fixed and fixed > 0 and mv == value * count:
                        continue
                    raise _NotOurSegment("gram frequency")
                if fixed is None or fixed < 0:
                    values += mv
                elif fixed == 0 or mv is None:
                    values += [b""] * count
                else:
                    values += [mv[i:i + fixed] for i in range(0, len(mv), fixed)]
        if is_grams:
            if docmap is None:
                docs = [basedoc + d for d in ids]
            else:
                kept = [(docmap[d], w) for d, w in zip(ids, weights) if d in docmap]
                docs, weights = [d for d, _w in kept], [w for _d, w in kept]
            if not docs:
                continue
            term = btext.decode("utf-8")
            entry = postings.get(term)
            if entry is None:
                postings[term] = (docs, weights)
            else:
                entry[0].extend(docs)
                entry[1].extend(weights)
        else:
            for d, w, v in zip(ids, weights, values):
                if docmap is None:
                    add_post((fieldname, btext, basedoc + d, w, v))
                elif d in docmap:
                    add_post((fieldname, btext, docmap[d], w, v))


def _make_writable(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.chmod(path.stat().st_mode | stat.S_IWUSR | stat.S_IRUSR | stat.S_IXUSR)


def remove_tree(path: Path) -> bool:
    """Remove a file or folder, read-only parts included; True when it is gone."""
    if not (path.exists() or path.is_symlink()):
        return True
    if path.is_symlink() or not path.is_dir():
        _make_writable(path.parent)
        with contextlib.suppress(OSError):
            path.unlink()
        return not (path.exists() or path.is_symlink())

    def onerror(func, target, _exc):
        _make_writable(Path(target).parent)
        _make_writable(Path(target))
        with contextlib.suppress(OSError):
            func(target)

    _make_writable(path)
    for sub in path.rglob("*"):
        if sub.is_dir() and not sub.is_symlink():
            _make_writable(sub)
    shutil.rmtree(path, onerror=onerror)
    return not path.exists()


def swapping(index_dir: Path) -> bool:
    """A rebuild is swapping its new folder in: the index has just been moved aside
    (``index.old-*``) and the new one is not yet in its place (a moment, under the lock)."""
    index_dir = Path(index_dir)
    if index_dir.exists():
        return False
    try:
        return any(e.name.startswith(index_dir.name + ".old-") for e in index_dir.parent.iterdir())
    except OSError:
        return False


def wait_for_swap(index_dir: Path) -> None:
    """Wait until the writer that is swapping the index in has let go of the lock."""
    with index_lock(index_dir):
        pass


ADDED_PREFIX = ".add-"     # index.add-<pid>-<token>: a segment written by index.prepared


def clear_added_leftovers(index_dir: Path) -> None:
    """Remove the folders :mod:`index.prepared` children wrote for imports whose process
    is gone (killed); the folders of running imports stay."""
    parent = Path(index_dir).parent
    prefix = Path(index_dir).name + ADDED_PREFIX
    with contextlib.suppress(OSError):
        for entry in parent.iterdir():
            if entry.name.startswith(prefix):
                pid = entry.name[len(prefix):].split("-", 1)[0]
                if not pid.isdigit() or not _pid_alive(int(pid)):
                    remove_tree(entry)


def clear_leftovers(index_dir: Path) -> None:
    """Remove what killed or failed rebuilds and imports left beside the index
    (``index.new*``, ``index.old*``, ``index.add-*`` of processes gone); what cannot be
    removed is moved out of the way. Call under the lock."""
    clear_added_leftovers(index_dir)
    parent = index_dir.parent
    if not parent.exists():
        return
    for entry in parent.iterdir():
        name = entry.name
        if name.startswith(index_dir.name + ".new") or name.startswith(index_dir.name + ".old"):
            if not remove_tree(entry) and ".trash-" not in name:
                with contextlib.suppress(OSError):
                    entry.rename(parent / f"{index_dir.name}.old.trash-{uuid.uuid4().hex[:8]}")


def build_fresh(library: Library, index_dir: Path, progress: Progress | None = None, cancel=None,
                limitmb: int = 256) -> int:
    """Build the whole index from the library and swap it in for ``index_dir``.
    Returns the number of documents indexed. Call under :func:`index_lock`."""
    check_cancel(cancel)
    clear_leftovers(index_dir)
    token = uuid.uuid4().hex
    new_dir = index_dir.with_name(f"{index_dir.name}.new-{token[:8]}")
    new_dir.mkdir(parents=True)
    issues = library.issues()
    total = len(issues)
    count = 0
    try:
        ix = whoosh_index.create_in(str(new_dir), build_schema())
        report(progress, 0, total, "建立索引")
        writer = None
        try:
            for done, issue in enumerate(issues, 1):
                check_cancel(cancel)
                if writer is None:
                    # separate files, not one compound file per segment: Whoosh reads a
                    # compound file into memory when a searcher opens it (15 MB per segment)
                    writer = ix.writer(timeout=WRITE_TIMEOUT, limitmb=limitmb, codec=codec(),
                                       compound=False)
                count += add_issue_documents(writer, library, issue)
                if done % CHUNK_ISSUES == 0 or done == total:
                    # one segment per chunk: its postings sort in memory (no spill to disk)
                    writer.commit(merge=False)
                    writer = None
                report(progress, done, total, "建立索引")
            check_cancel(cancel)
        except BaseException:
            if writer is not None:
                writer.cancel()
            raise
        report(progress, total, total, "写入索引")
        base = [seg.segment_id() for seg in ix._segments()]
        (new_dir / BASE_FILE).write_text("".join(f"{b}\n" for b in base), encoding="ascii")
        ix.close()
        (new_dir / VERSION_FILE).write_text(f"{SCHEMA_VERSION}\n", encoding="ascii")
        (new_dir / BUILD_FILE).write_text(f"{token}\n", encoding="ascii")
    except BaseException:
        remove_tree(new_dir)
        raise
    old_dir = index_dir.with_name(f"{index_dir.name}.old-{token[:8]}")
    if index_dir.exists() or index_dir.is_symlink():
        if index_dir.is_dir() and not index_dir.is_symlink():
            _make_writable(index_dir)
        index_dir.rename(old_dir)
    new_dir.rename(index_dir)
    remove_tree(old_dir)
    return count
