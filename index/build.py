"""Writing the index: one Whoosh document per gazette document, built from the library.

A full rebuild writes a fresh index into ``<index>.new`` and swaps it in only when complete,
so a failed or cancelled rebuild leaves the previous index untouched. Incremental writes go
through :func:`writing`, which commits only when the block succeeds (else cancels).
"""

from __future__ import annotations

import multiprocessing
import shutil
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index

from core.model import Block, Document, Issue
from core.progress import Progress, check_cancel, report
from core.wenhao import parse_doc_no

from . import analysis
from .doctext import DocText
from .schema import SCHEMA_VERSION, build_schema
from .textmatch import SEPARATOR

VERSION_FILE = "SCHEMA_VERSION"
STALE_FILE = "STALE"
WRITE_TIMEOUT = 30.0      # seconds to wait for another writer's lock
CHUNK_ISSUES = 10         # issues per segment in a full rebuild
SMALL_SEGMENT = 60        # segments with fewer documents come from single imports ...
SMALL_SEGMENTS_MAX = 20   # ... and past this many, the index asks for a rebuild


def doc_no_keys(printed: str | None) -> list[str]:
    """Terms of the 文号 field: the normalised 文号, agency + year, and the agency."""
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
    fields = {
        "doc_id": doc.id, "issue_id": issue.id,
        "year": str(issue.year) if issue.year else None,
        "number": str(issue.number) if issue.number else None,
        "types": ",".join(t for t in dict.fromkeys((doc.doc_type, doc.enclosed_type)) if t),
        "issuers": ",".join(i.replace(",", "") for i in doc.issuers if i),
        "docno": ",".join(doc_no_keys(printed)),
        "title": doc.title, "doc_no": printed, "doc_type": doc.doc_type, "date": doc.date,
        "sort_key": sort_key(issue, doc),
        "title_words": doc.title, "words": body, "grams": body,
    }
    return {k: v for k, v in fields.items() if v not in (None, "")}


def iter_issue_documents(library, issue: Issue) -> Iterator[tuple[Document, list[Block]]]:
    by_doc: dict[str, list[Block]] = {}
    for block in library.iter_issue_blocks(issue.id):
        by_doc.setdefault(block.doc_id, []).append(block)
    for doc in library.documents(issue.id):
        yield doc, by_doc.get(doc.id, [])


def read_version(index_dir: Path) -> int | None:
    try:
        return int((index_dir / VERSION_FILE).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def is_stale(index_dir: Path) -> bool:
    return (index_dir / STALE_FILE).exists()


def mark_stale(index_dir: Path) -> None:
    index_dir.mkdir(parents=True, exist_ok=True)
    (index_dir / STALE_FILE).write_text("rebuild needed\n", encoding="ascii")


def writer_options() -> dict:
    """Whoosh writer options of incremental commits: no zlib on posting blocks and separate
    segment files, which makes adding an issue ~20 % faster (a rebuild keeps Whoosh's
    compressed compound segments, 40 % smaller). Whoosh 2.7.4's ``inlinelimit`` above 1 is
    broken (``set_inline``), so it stays at 1."""
    from whoosh.codec.whoosh3 import W3Codec

    return {"codec": W3Codec(compression=0), "compound": False}


@contextmanager
def writing(ix, **options):
    """A Whoosh writer that commits when the ``with`` block succeeds and cancels otherwise.
    Commits never merge segments (Whoosh's default policy would sometimes merge the whole
    index inside an import); a rebuild compacts them (see :data:`SMALL_SEGMENTS_MAX`)."""
    writer = ix.writer(timeout=WRITE_TIMEOUT, **writer_options(), **options)
    try:
        yield writer
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=False)


def small_segment_count(ix) -> int:
    """Segments written by single imports (the rebuild writes few large ones)."""
    with ix.reader() as reader:
        leaves = reader.leaf_readers()
        return sum(1 for leaf, _offset in leaves if leaf.doc_count_all() < SMALL_SEGMENT)


def cut_parallel(texts: list[str]) -> list[list[str]]:
    """jieba words of ``texts``, half of them cut in a forked worker (2 cores)."""
    analysis.jieba_tokenizer()
    if len(texts) < 4:
        return analysis.cut_many(texts)
    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:
        return analysis.cut_many(texts)
    # interleave so both halves get a similar amount of text
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    mine, theirs = order[0::2], order[1::2]
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        future = pool.submit(analysis.cut_many, [texts[i] for i in theirs])
        out: dict[int, list[str]] = dict(zip(mine, analysis.cut_many([texts[i] for i in mine])))
        out.update(zip(theirs, future.result()))
    return [out[i] for i in range(len(texts))]


def add_issue_documents(writer, library, issue: Issue, cache=None) -> int:
    """Add an issue's documents to ``writer``; returns how many. Fills ``cache`` if given."""
    docs = list(iter_issue_documents(library, issue))
    words = cut_parallel(_words_job(docs))
    for k, (doc, blocks) in enumerate(docs):
        fields = document_fields(issue, doc, blocks)
        fields["title_words"], fields["words"] = words[2 * k], words[2 * k + 1]
        writer.add_document(**fields)
        if cache is not None:
            cache.put(DocText.from_blocks(doc.id, issue.id, blocks))
    return len(docs)


def _issue_payload(library, issue: Issue) -> tuple[Issue, list[tuple[Document, list[Block]]]]:
    return issue, list(iter_issue_documents(library, issue))


def _words_job(docs: list[tuple[Document, list[Block]]]) -> list[list[str]]:
    """Texts the word field indexes for an issue's documents: title, then body, per document."""
    texts = []
    for doc, blocks in docs:
        texts.append(doc.title)
        texts.append(SEPARATOR.join(b.text for b in blocks))
    return texts


def _pipeline(library, issues: list[Issue], cancel) -> Iterator[tuple]:
    """Yield (issue, docs, words) with jieba cutting the next issue in a worker process while
    the caller feeds Whoosh (both cores busy). Falls back to one process if fork is missing."""
    analysis.jieba_tokenizer()       # loaded once, inherited by the forked worker
    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:
        ctx = None
    if ctx is None or len(issues) < 2:
        for issue in issues:
            check_cancel(cancel)
            issue, docs = _issue_payload(library, issue)
            yield issue, docs, analysis.cut_many(_words_job(docs))
        return
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        pending = []
        it = iter(issues)
        for issue in it:
            payload = _issue_payload(library, issue)
            pending.append((payload, pool.submit(analysis.cut_many, _words_job(payload[1]))))
            if len(pending) < 2:
                continue
            (issue0, docs0), future = pending.pop(0)
            check_cancel(cancel)
            yield issue0, docs0, future.result()
        for (issue0, docs0), future in pending:
            check_cancel(cancel)
            yield issue0, docs0, future.result()


def build_fresh(library, index_dir: Path, progress: Progress | None = None, cancel=None,
                limitmb: int = 256) -> int:
    """Build the whole index from the library into ``index_dir`` (replaced only at the end).
    Returns the number of documents indexed."""
    check_cancel(cancel)
    new_dir = index_dir.with_name(index_dir.name + ".new")
    shutil.rmtree(new_dir, ignore_errors=True)
    new_dir.mkdir(parents=True)
    issues = library.issues()
    total = len(issues)
    count = 0
    try:
        ix = whoosh_index.create_in(str(new_dir), build_schema())
        report(progress, 0, total, "建立索引")
        writer = None
        try:
            for done, (issue, docs, words) in enumerate(_pipeline(library, issues, cancel), 1):
                if writer is None:
                    writer = ix.writer(timeout=WRITE_TIMEOUT, limitmb=limitmb)
                for k, (doc, blocks) in enumerate(docs):
                    fields = document_fields(issue, doc, blocks)
                    fields["title_words"], fields["words"] = words[2 * k], words[2 * k + 1]
                    writer.add_document(**fields)
                    count += 1
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
        ix.close()
        (new_dir / VERSION_FILE).write_text(f"{SCHEMA_VERSION}\n", encoding="ascii")
    except BaseException:
        shutil.rmtree(new_dir, ignore_errors=True)
        raise
    old_dir = index_dir.with_name(index_dir.name + ".old")
    shutil.rmtree(old_dir, ignore_errors=True)
    if index_dir.exists():
        index_dir.rename(old_dir)
    new_dir.rename(index_dir)
    shutil.rmtree(old_dir, ignore_errors=True)
    return count
