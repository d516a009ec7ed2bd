"""The query plan: Whoosh queries for candidates and filters, and the ranking scores.

Candidates come from an unscored AND of character-bigram terms per searched string (a
superset of the documents containing it) and the 文号 field, under the user's filters. The
verified documents are ranked by BM25 over the exact substring counts (cheap for every
candidate); the best :data:`RESCORE_TOP` are then re-ranked with Whoosh's BM25F over the jieba
word fields (title weighted above body), which Whoosh computes per document and would be too
slow for thousands of candidates.
"""

from __future__ import annotations

import math
import re

from whoosh import query as wq

from core.errors import GazetteError

from . import analysis, build
from .query import ParsedQuery
from .textmatch import normalize

RESCORE_TOP = 50
MAX_GRAMS = 4
_MAX_SCORE_WORDS = 24
_K1, _B = 1.2, 0.75


def rarest_grams(searcher, norm: str) -> list[str]:
    """The :data:`MAX_GRAMS` rarest of the string's grams: any subset of them still selects a
    superset of the documents containing it, and fewer, rarer terms intersect faster."""
    grams = analysis.query_grams(norm)
    if len(grams) <= MAX_GRAMS:
        return grams
    return sorted(grams, key=lambda g: searcher.doc_frequency("grams", g))[:MAX_GRAMS]


def candidate_query(pq: ParsedQuery, searcher):
    """Per clause, an OR of (AND of the string's grams) and 文号 terms; all clauses ANDed."""
    if not pq.clauses:
        return wq.Every()
    required = []
    for clause in pq.clauses:
        options = []
        for text in clause.texts:
            norm = normalize(text)
            if norm:
                grams = rarest_grams(searcher, norm)
                options.append(wq.And([wq.Term("grams", g) for g in grams])
                               if len(grams) > 1 else wq.Term("grams", grams[0]))
        options.extend(wq.Term("docno", n) for n in clause.doc_nos)
        required.append(wq.Or(options) if len(options) > 1 else options[0])
    return wq.And(required) if len(required) > 1 else required[0]


def word_query(pq: ParsedQuery, searcher):
    """jieba words of the query in the title and body word fields (for the score), or None.
    Words in more than half of the documents say little and cost much: left out."""
    words = list(dict.fromkeys(
        w for c in pq.clauses for t in c.texts[:1] for w in analysis.cut_words(t)))
    half = searcher.doc_count() / 2
    words = [w for w in words[:_MAX_SCORE_WORDS] if searcher.doc_frequency("words", w) <= half]
    terms = [wq.Term(field, w) for w in words for field in ("title_words", "words")]
    return wq.Or(terms) if terms else None


def bm25(tfs: list[int], dfs: list[int], n_docs: int, length: int, avg_length: float) -> float:
    """BM25 of one document from exact occurrence counts ``tfs`` of the query strings."""
    score = 0.0
    norm = _K1 * (1 - _B + _B * length / avg_length) if avg_length else _K1
    for tf, df in zip(tfs, dfs):
        if tf:
            idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
            score += idf * tf * (_K1 + 1) / (tf + norm)
    return score


def filter_query(filters: dict[str, str], library):
    """The Whoosh filter for the user's filters; False when a filter can match nothing."""
    parts = []
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
        elif key == "doc_no":
            keys = build.doc_no_keys(value)
            parts.append(wq.Term("docno", keys[0]) if keys else wq.Term("docno", value))
    if not parts:
        return None
    return wq.And(parts) if len(parts) > 1 else parts[0]


def resolve_issue(value: str, library) -> str | None:
    if value.isdigit():
        return None
    try:
        return library.find_issue(value).id
    except GazetteError:
        return None
