"""Analysers of the search index. The Whoosh schema pickles them: keep this import path.

* :class:`WordTokenizer` — jieba's precise mode on normalised text, sequential token positions
  (0, 1, 2 ...), true character offsets, digits and Latin words kept, whitespace and
  punctuation dropped. Used for ranking.
* :class:`GramTokenizer` — every distinct single character and character bigram of the
  normalised text, never across a block boundary. A document containing a string contains
  all of that string's bigrams, so an AND of bigram terms is a guaranteed superset of the
  documents to verify; exact matching is then done on the text (see :mod:`index.textmatch`).

jieba's dictionary is loaded once per process, on first use; :func:`configure` points its
cache at the data folder, and its log lines are silenced.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from pathlib import Path

from whoosh.analysis import Token, Tokenizer

from .textmatch import SEPARATOR, normalize_joined

_lock = threading.Lock()
_jieba = None
_cache_dir: Path | None = None
USERDICT_NAME = "userdict.txt"


def configure(cache_dir: Path | None) -> None:
    """Where jieba keeps its dictionary cache (the app's data folder); call before first use."""
    global _cache_dir
    if cache_dir is not None:
        _cache_dir = Path(cache_dir)


def userdict_path() -> Path:
    from core.paths import resources_dir

    return resources_dir() / USERDICT_NAME


def jieba_tokenizer():
    """The process-wide ``jieba.Tokenizer``, loaded on first call with the user dictionary."""
    global _jieba
    if _jieba is not None:
        return _jieba
    with _lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.ERROR)
            logging.getLogger("jieba").setLevel(logging.ERROR)
            tk = jieba.Tokenizer()
            if _cache_dir is not None:
                _cache_dir.mkdir(parents=True, exist_ok=True)
                tk.tmp_dir = str(_cache_dir)
            tk.cache_file = "jieba.cache"
            tk.initialize()
            path = userdict_path()
            if path.exists():
                tk.load_userdict(str(path))
            _jieba = tk
    return _jieba


def _is_word(token: str) -> bool:
    """Keep tokens holding a letter, digit or CJK character; drop punctuation and symbols."""
    return any(unicodedata.category(c)[0] in "LN" for c in token)


def cut_many(texts: list[str]) -> list[list[str]]:
    """:func:`cut_words` for several texts (the unit of work of a rebuild's worker process)."""
    return [cut_words(t) for t in texts]


def cut_words(text: str) -> list[str]:
    """jieba words of ``text`` as the word field indexes them (normalised, punctuation dropped)."""
    words = []
    for part in normalize_joined(text).split(SEPARATOR):
        if part:
            words.extend(w for w in jieba_tokenizer().cut(part, HMM=False) if _is_word(w))
    return words


class WordTokenizer(Tokenizer):
    """jieba words with sequential positions and character offsets into the normalised text."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if isinstance(value, (list, tuple)):
            # Words already cut by :func:`cut_words` (in a worker process during a rebuild).
            for i, word in enumerate(value):
                t.text, t.boost, t.stopped = word, 1.0, False
                if keeporiginal:
                    t.original = word
                if positions:
                    t.pos = start_pos + i
                yield t
            return
        tk = jieba_tokenizer()
        pos = start_pos
        offset = start_char
        for part in normalize_joined(value).split(SEPARATOR):
            for word in tk.cut(part, HMM=False):
                if _is_word(word):
                    t.text = word
                    t.boost = 1.0
                    t.stopped = False
                    if keeporiginal:
                        t.original = word
                    if positions:
                        t.pos = pos
                    if chars:
                        t.startchar = offset
                        t.endchar = offset + len(word)
                    pos += 1
                    yield t
                offset += len(word)
            offset += 1
            pos += 1   # a gap, so no phrase crosses blocks


def grams(norm_text: str) -> set[str]:
    """Distinct characters and bigrams of normalised text; no bigram spans a separator."""
    out: set[str] = set()
    for part in norm_text.split(SEPARATOR):
        out.update(part)
        out.update(part[i:i + 2] for i in range(len(part) - 1))
    return out


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
    """Each distinct character and bigram once (no positions: exactness comes from the text)."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        norm = normalize_joined(value)
        items = grams(norm) if mode == "index" or tokenize else {norm}
        for i, gram in enumerate(sorted(items)):
            t.text = gram
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = gram
            if positions:
                t.pos = start_pos + i
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(gram)
            yield t


def word_analyzer() -> WordTokenizer:
    return WordTokenizer()


def gram_analyzer() -> GramTokenizer:
    return GramTokenizer()
