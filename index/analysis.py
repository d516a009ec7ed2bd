"""The analyser of the search index. The Whoosh schema pickles it: keep this import path.

:class:`GramTokenizer` — every distinct single character and character bigram of the
normalised text, never across a block boundary, each yielded once with its number of
occurrences as its weight (the BM25 term frequency). A document containing a string contains
all of that string's bigrams, so an AND of bigram terms is a guaranteed superset of the
documents to verify; exact matching is then done on the text (see :mod:`core.textmatch`).

No word segmentation: jieba's words added nothing to recall (the grams find every string)
and cost 1 s of dictionary loading per process, 0.7 s of cutting per issue and 8,000 more
index terms per issue; ranking uses the grams' counts, titles and headings instead.
"""

from __future__ import annotations

from collections import Counter

from whoosh.analysis import Token, Tokenizer

from core.textmatch import SEPARATOR, normalize_joined


def gram_counts(norm_text: str) -> Counter:
    """Occurrences of each character and bigram of normalised text; no bigram spans a
    separator (a block boundary)."""
    counts: Counter = Counter()
    for part in norm_text.split(SEPARATOR):
        counts.update(part)
        counts.update(map(str.__add__, part, part[1:]))
    return counts


def grams(norm_text: str) -> set[str]:
    """Distinct characters and bigrams of normalised text; no bigram spans a separator."""
    return set(gram_counts(norm_text))


def query_grams(norm_query: str, cap: int = 48) -> list[str]:
    """The terms a document must hold to contain ``norm_query``: its single character when it
    has one, else up to ``cap`` of its distinct bigrams, spread over the whole query."""
    if len(norm_query) == 1:
        return [norm_query]
    seen: dict[str, None] = {}
    for i in range(len(norm_query) - 1):
        seen.setdefault(norm_query[i:i + 2], None)
    distinct = list(seen)
    if len(distinct) <= cap:
        return distinct
    step = len(distinct) / cap
    return [distinct[int(i * step)] for i in range(cap)]


class GramTokenizer(Tokenizer):
    """Each distinct character and bigram once, weighted by its count (no positions:
    exactness comes from the text)."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        norm = normalize_joined(value)
        items = gram_counts(norm) if mode == "index" or tokenize else Counter({norm: 1})
        for i, (gram, count) in enumerate(items.items()):
            t.text = gram
            t.boost = float(count)
            t.stopped = False
            if keeporiginal:
                t.original = gram
            if positions:
                t.pos = start_pos + i
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(gram)
            yield t


def gram_analyzer() -> GramTokenizer:
    return GramTokenizer()
