"""The query plan: candidates from the grams' postings, filters, 文号 keys, and the score.

Candidates are computed on posting lists read directly (no Whoosh compound query, so a
1,000-word query is as flat as a one-word one): per searched string, the intersection of
its rarest grams' documents — a guaranteed superset of the documents containing it — with,
as an estimate of its count in each document, the smallest of those grams' counts. A 文号 is
looked up by key in the library (``documents.doc_no_norm``, SQL index), never as grams.
Candidates are ranked by BM25 over those estimated counts (titles and headings first, see
:mod:`index.search`) and only the documents shown are verified on their text.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from whoosh import query as wq

from core.errors import GazetteError
from core.store import searchreads
from core.textmatch import normalize
from core.wenhao import parse_doc_no

from . import analysis

if TYPE_CHECKING:
    from core.store import Library

MAX_GRAMS = 4
K1, B = 1.2, 0.75


class PostingsUnreadable(Exception):
    """A posting list could not be read: the segment's files are damaged (changed under
    the reader, truncated, garbled). :class:`index.search.SearchIndex` turns it into
    ``IndexUnavailable`` and marks the index for a rebuild."""


def postings(reader, field: str, text: str) -> dict[int, float]:
    """``{docnum: weight}`` of one term over every segment (deleted documents included;
    the caller keeps only live ones). Raises :class:`PostingsUnreadable` when a segment's
    postings cannot be read."""
    try:
        return _postings(reader, field, text)
    except Exception as e:  # noqa: BLE001 - any failure to decode the files is damage
        raise PostingsUnreadable(f"{type(e).__name__}: {e}") from e


def _postings(reader, field: str, text: str) -> dict[int, float]:
    out: dict[int, float] = {}
    for leaf, offset in reader.leaf_readers():
        if (field, text) not in leaf:
            continue
        m = leaf.postings(field, text)
        if hasattr(m, "_read_ids") and hasattr(m, "_read_weights"):
            # Whoosh 3 codec: read whole posting blocks instead of one posting at a time
            while not m._atend and m._blocklength:
                m._read_ids()
                m._read_weights()
                ids, weights = m._ids, m._weights
                if offset:
                    ids = [offset + i for i in ids]
                out.update(zip(ids, weights))
                if m._lastblock:
                    break
                m._goto(m._nextoffset)
        else:       # pragma: no cover - another codec
            while m.is_active():
                out[offset + m.id()] = m.weight()
                m.next()
    return out


def rarest_grams(reader, norm: str) -> list[str]:
    """The :data:`MAX_GRAMS` rarest of the string's grams: any subset of them still selects a
    superset of the documents containing it, and fewer, rarer terms intersect faster."""
    grams = analysis.query_grams(norm)
    if len(grams) <= MAX_GRAMS:
        return grams
    return sorted(grams, key=lambda g: reader.doc_frequency("grams", g))[:MAX_GRAMS]


def string_candidates(reader, norm: str, cache: dict) -> dict[int, float]:
    """Documents that may contain ``norm``, each with an upper bound of its count."""
    found = cache.get(norm)
    if found is not None:
        return found
    lists = sorted((postings(reader, "grams", g) for g in rarest_grams(reader, norm)), key=len)
    if not lists:
        found = {}
    else:
        found = dict(lists[0])
        for other in lists[1:]:
            found = {d: min(w, other[d]) for d, w in found.items() if d in other}
            if not found:
                break
    cache[norm] = found
    return found


def is_exact_string(norm: str) -> bool:
    """A string whose grams say exactly which documents hold it (one character or one
    bigram: every gram is indexed, and no gram crosses a block boundary)."""
    return len(norm) <= 2


def doc_no_doc_ids(library: Library, key: str) -> list[str]:
    """Documents whose 文号 is ``key`` (normalised), or, for a 文号 without a serial
    (许政〔2023〕), every document of that agency and year — by key, from the library."""
    no = parse_doc_no(key, whole=True)
    if no is None:
        return searchreads.doc_ids_by_doc_no(library, key)
    if no.serial is None:
        return searchreads.doc_ids_by_doc_no_parts(library, no.agency, no.year)
    return searchreads.doc_ids_by_doc_no(library, no.normalized)


def bm25(tfs: list[float], dfs: list[int], n_docs: int, length: int, avg_length: float) -> float:
    """BM25 of one document from (estimated) occurrence counts ``tfs`` of the query strings."""
    score = 0.0
    norm = K1 * (1 - B + B * length / avg_length) if avg_length else K1
    for tf, df in zip(tfs, dfs):
        if tf:
            idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
            score += idf * tf * (K1 + 1) / (tf + norm)
    return score


def filter_query(filters: dict[str, str], library: Library):
    """The user's filters: ``(whoosh_query_or_None, doc_id_set_or_None)``, or False when a
    filter can match nothing. 文号 filters are answered by key from the library."""
    parts = []
    doc_ids: set[str] | None = None
    for key, value in filters.items():
        value = value.strip()
        if key == "issue_id" or key == "issue":
            issue_id = resolve_issue(value, library)
            if issue_id is None and value.isdigit():
                parts.append(wq.Term("number", str(int(value))))
            elif issue_id is None:
                return False
            else:
                parts.append(wq.Term("issue_id", issue_id))
        elif key == "year":
            digits = re.sub(r"\D", "", normalize(value))
            if not digits:
                return False
            parts.append(wq.Term("year", str(int(digits))))
        elif key == "doc_type":
            parts.append(wq.Term("types", value))
        elif key == "issuer":
            clean = value.replace("*", "").replace("?", "").replace(",", "")
            if clean:
                parts.append(wq.Wildcard("issuers", f"*{clean}*"))
        elif key == "doc_id":                   # one document (its every hit, on request)
            doc_ids = {value} if doc_ids is None else doc_ids & {value}
        elif key == "doc_no":
            no = parse_doc_no(value)
            if no is None:
                return False
            found = set(doc_no_doc_ids(library, no.normalized))
            doc_ids = found if doc_ids is None else doc_ids & found
    query = None
    if parts:
        query = wq.And(parts) if len(parts) > 1 else parts[0]
    return query, doc_ids


def resolve_issue(value: str, library: Library) -> str | None:
    if value.isdigit():
        return None
    try:
        return library.find_issue(value).id
    except GazetteError:
        return None
