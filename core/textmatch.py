"""Exact substring matching on clean text — the truth behind every search hit.

Matching ignores whitespace and full-/half-width differences of digits, Latin letters and
punctuation (``２０２３`` = ``2023``, ``（`` = ``(``) and the case of Latin letters. Spans are
character offsets into the *original* text, so a highlight never splits a character.

This module imports neither jieba nor Whoosh: the reader's Ctrl+F uses :func:`find_in_text`.
"""

from __future__ import annotations

import re
import unicodedata

# Characters removed before matching: every Unicode whitespace character, plus NUL, which
# the index uses as a block separator.
_WHITESPACE = [c for c in range(0x3001) if chr(c).isspace()] + [0]   # none above U+3000
_WS_SET = frozenset(chr(c) for c in _WHITESPACE)

_TABLE: dict[int, int | None] = {c: None for c in _WHITESPACE}
for _c in range(0xFF01, 0xFF5F):                  # full-width ASCII forms → ASCII
    _TABLE[_c] = _c - 0xFEE0
for _c in range(ord("A"), ord("Z") + 1):          # Latin case folded
    _TABLE[_c] = _c + 32
    _TABLE[_c + 0xFEE0] = _c + 32
del _c

_WS_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in _WHITESPACE) + "]")

SEPARATOR = "\x00"   # joins blocks in a document's normalised text; never in a query


def normalize(text: str) -> str:
    """The form both sides are compared in: whitespace removed, widths and case folded."""
    return text.translate(_TABLE)


def normalize_joined(text: str) -> str:
    """:func:`normalize` each block of a ``SEPARATOR``-joined text, keeping the separators."""
    return SEPARATOR.join(normalize(part) for part in text.split(SEPARATOR))


def offset_map(text: str) -> list[int]:
    """For each character of ``normalize(text)``, its offset in ``text``."""
    return [i for i, c in enumerate(text) if c not in _WS_SET]


def find_normalized(norm_text: str, norm_query: str) -> list[int]:
    """Start offsets of the non-overlapping occurrences of ``norm_query`` in ``norm_text``."""
    if not norm_query:
        return []
    out = []
    pos = norm_text.find(norm_query)
    step = len(norm_query)
    while pos != -1:
        out.append(pos)
        pos = norm_text.find(norm_query, pos + step)
    return out


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and merge the ones that overlap or touch."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def original_offsets(text: str, norm_positions: list[int]) -> list[int]:
    """Offsets in ``text`` of the given (sorted) offsets into ``normalize(text)``."""
    gaps = [m.start() for m in _WS_RE.finditer(text)]
    if not gaps:
        return list(norm_positions)
    out, k, n = [], 0, len(gaps)
    for p in norm_positions:
        while k < n and gaps[k] <= p + k:
            k += 1
        out.append(p + k)
    return out


def spans_in_normalized(text: str, norm: str, norm_queries: list[str]) -> list[tuple[int, int]]:
    """Merged spans in ``text`` of the normalised queries, found in ``norm`` (its normal form)."""
    pairs = []
    for nq in norm_queries:
        pairs.extend((s, s + len(nq) - 1) for s in find_normalized(norm, nq))
    if not pairs:
        return []
    if len(norm) == len(text):      # nothing was removed: the offsets are the same
        return merge_spans([(a, b + 1) for a, b in pairs])
    points = sorted({p for pair in pairs for p in pair})
    where = dict(zip(points, original_offsets(text, points)))
    return merge_spans([(where[a], where[b] + 1) for a, b in pairs])


def find_all(text: str, queries: list[str]) -> list[tuple[int, int]]:
    """Merged spans in ``text`` of every occurrence of any of ``queries``."""
    norm_queries = [q for q in (normalize(q) for q in queries) if q]
    if not norm_queries or not text:
        return []
    return spans_in_normalized(text, normalize(text), norm_queries)


def find_in_text(text: str, query: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` in ``text`` of every occurrence of ``query``.

    The same normalisation as the search index: ``find_in_text("许政〔2023〕14 号", "14号")``
    gives ``[(8, 12)]``. An empty or all-whitespace query gives ``[]``.
    """
    return find_all(text, [query])


def snippet(text: str, spans: list[tuple[int, int]], width: int = 60
            ) -> tuple[str, list[tuple[int, int]]]:
    """About ``width`` characters of ``text`` around the first span, with ``…`` where cut,
    and the spans that fall inside it as offsets into the snippet."""
    if not spans:
        start, end = 0, min(len(text), width)
    else:
        first_start, first_end = spans[0]
        before = max(0, (width - (first_end - first_start)) // 3)
        start = max(0, first_start - before)
        end = min(len(text), max(first_end, start + width))
        start = max(0, min(start, end - width))
    piece = text[start:end].replace("\n", " ").replace("\r", " ")
    shift = start
    if start > 0:
        piece = "…" + piece
        shift -= 1
    if end < len(text):
        piece += "…"
    inside = [(max(s, start) - shift, min(e, end) - shift)
              for s, e in spans if s < end and e > start]
    return piece, inside


# -- the project's other comparisons, each rule written once ---------------------------------
# Search compares in :func:`normalize` (above). Quotes of annotations, table cells and headers
# compare with whitespace ignored (:func:`dense`); 文号, dates, headers and footers with
# full-width forms folded (:func:`fold_width`); deadlines and unit names with both
# (:func:`fold_dense`).

def dense(text: str, drop: str = "") -> str:
    """``text`` without whitespace, and without the characters of ``drop``."""
    if not drop:
        return "".join(text.split())        # str.split() splits where str.isspace()
    return "".join(ch for ch in text if not ch.isspace() and ch not in drop)


def fold_width(text: str) -> str:
    """Full-width digits, Latin letters and punctuation to their half-width forms (NFKC)."""
    return unicodedata.normalize("NFKC", text)


def fold_dense(text: str) -> str:
    """:func:`fold_width`, then :func:`dense`."""
    return dense(fold_width(text))
