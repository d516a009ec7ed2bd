"""Words of Chinese text (jieba), so that a title breaks between words, never inside one:
the PDF export (``core.export.pdflayout``) and the reader's title block use it.

jieba's dictionary takes about a second and 75 MB to load, once per process, on the first
call; :func:`ready` says whether it is loaded (the window loads it in the background and
wraps titles by words from then on).
"""

from __future__ import annotations

import sys


def words(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the words of ``text`` of two characters or more, cut by
    jieba (its dictionary loads once, on the first call)."""
    import jieba

    jieba.setLogLevel(60)
    out, pos = [], 0
    for w in jieba.cut(text, HMM=False):
        if len(w) > 1 and not w.isspace():
            out.append((pos, pos + len(w)))
        pos += len(w)
    return out


def inside_words(text: str) -> set[int]:
    """The offsets of ``text`` that fall inside a word (a line must not break there)."""
    return {i for s, e in words(text) for i in range(s + 1, e)}


def ready() -> bool:
    """Whether jieba's dictionary is loaded (a call of :func:`words` costs no load)."""
    tokenizer = getattr(sys.modules.get("jieba"), "dt", None)    # None while being imported
    return bool(getattr(tokenizer, "initialized", False))
