"""Annotations (批注): made from a selection, found by quote, re-anchored after a re-import.

Pure functions over model objects (no database): the store is ``core/store/annotations.py``,
the Markdown and xlsx lists are in ``core/export/notes.py``.

A document's text is its blocks' clean texts joined with newlines (:class:`DocText`). An
annotation is anchored by (block, offset) at both ends and carries its quote with up to
:data:`CONTEXT` characters before and after, so it can be found again in a corrected file.
Matching ignores whitespace (``2023 年`` = ``2023年``), as extracted gazette text varies in it.
"""

from __future__ import annotations

import re
import uuid
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from .errors import GazetteError, NotFound
from .model import Annotation, Block
from .textmatch import dense, offset_map

CONTEXT = 32    # characters of context kept before and after a quote

# key: (Chinese name, highlight colour as #RRGGBB; light enough to print text over)
COLORS: dict[str, tuple[str, str]] = {
    "yellow": ("黄色", "#FFE680"),
    "green": ("绿色", "#B8E6A8"),
    "red": ("红色", "#FFB8B8"),
    "blue": ("蓝色", "#B3D4FF"),
}
_COLOR_ALIASES = {"黄": "yellow", "绿": "green", "红": "red", "蓝": "blue"}


def normalize_color(value: str | None) -> str:
    """``yellow`` / ``黄`` / ``黄色`` → ``yellow``; anything else raises GazetteError."""
    key = (value or "yellow").strip().lower()
    key = _COLOR_ALIASES.get(key.rstrip("色"), key)
    if key not in COLORS:
        raise GazetteError(f"不支持的颜色“{value}”：可选 黄色、绿色、红色、蓝色"
                           "（yellow、green、red、blue）。")
    return key


def color_name(key: str) -> str:
    return COLORS.get(key, (key, ""))[0]


def color_hex(key: str) -> str:
    return COLORS.get(key, ("", "#FFE680"))[1]


def now_iso() -> str:
    return datetime.now().isoformat(timespec="seconds")


# the title of an annotation's document that is no longer in the library (its 文号 known)
GONE_TITLE = "（文件已不在资料库中）"


@dataclass(slots=True)
class AnnotationRecord:
    """An annotation with where it comes from: one line of the 批注 list and its exports."""

    annotation: Annotation
    doc_title: str               # "" when the document is gone (orphan)
    doc_no: str | None           # 文号 as printed
    issue_label: str             # 《公报名》2023年第3期
    page: int | None             # page of the passage in the original
    page_estimated: bool = False  # that page is an estimate (text source): 约第 N 页

    @property
    def page_text(self) -> str:
        """第 N 页 / 约第 N 页 / 页码不详."""
        if not self.page:
            return "页码不详"
        return f"{'约' if self.page_estimated else ''}第 {self.page} 页"


class DocText:
    """A document's blocks as one text, blocks joined with ``\\n``, with offset mapping."""

    def __init__(self, blocks: Sequence[Block]):
        self.blocks = list(blocks)
        self.starts: list[int] = []
        pos = 0
        for b in self.blocks:
            self.starts.append(pos)
            pos += len(b.text) + 1
        self.text = "\n".join(b.text for b in self.blocks)
        self.index = {b.id: i for i, b in enumerate(self.blocks)}
        self.dense = dense(self.text)              # the text without whitespace
        self.dense_map = offset_map(self.text)     # offset in ``text`` of each of its characters

    def offset(self, block_id: str, pos: int) -> int:
        """Offset in :attr:`text` of position ``pos`` in a block."""
        i = self.index.get(block_id)
        if i is None:
            raise NotFound(f"文件中没有段落 {block_id}。")
        return self.starts[i] + max(0, min(pos, len(self.blocks[i].text)))

    def locate(self, offset: int) -> tuple[str, int]:
        """(block id, position in its text) of a text offset."""
        i = max(0, bisect_right(self.starts, offset) - 1)
        return self.blocks[i].id, min(offset - self.starts[i], len(self.blocks[i].text))

    def locate_end(self, offset: int) -> tuple[str, int]:
        """Like :meth:`locate` for an exclusive end: the block holding the last character."""
        block_id, pos = self.locate(max(0, offset - 1))
        return block_id, pos + (1 if offset > 0 else 0)

    def span(self, ann: Annotation) -> tuple[int, int] | None:
        """(start, end) of an annotation in :attr:`text`; None when its blocks are not here."""
        if ann.block_id not in self.index:
            return None
        end_block = ann.end_block_id or ann.block_id
        if end_block not in self.index:
            return None
        a, b = self.offset(ann.block_id, ann.start), self.offset(end_block, ann.end)
        return (a, b) if a < b else None

    def find_all(self, quote: str) -> list[tuple[int, int]]:
        """Every occurrence of ``quote`` in the text, ignoring whitespace: (start, end)."""
        needle = dense(quote)
        if not needle:
            return []
        out, i = [], self.dense.find(needle)
        while i >= 0:
            out.append((self.dense_map[i], self.dense_map[i + len(needle) - 1] + 1))
            i = self.dense.find(needle, i + 1)
        return out

    def anchor(self, ann: Annotation, start: int, end: int) -> Annotation:
        """A copy of ``ann`` anchored at (start, end) of this text, quote and context set."""
        block_id, s = self.locate(start)
        end_block, e = self.locate_end(end)
        return replace(
            ann, doc_id=self.blocks[0].doc_id, block_id=block_id, start=s, end=e,
            end_block_id=end_block if end_block != block_id else None,
            quote=self.text[start:end], prefix=self.text[max(0, start - CONTEXT):start],
            suffix=self.text[end:end + CONTEXT], status="ok")


def make_annotation(blocks: Sequence[Block], start_block_id: str, start: int,
                    end_block_id: str | None, end: int, *, color: str = "yellow",
                    note: str = "") -> Annotation:
    """An annotation for a selection from (start block, offset) to (end block, offset).

    The ends may come in either order; whitespace at the edges is left out. Raises
    GazetteError when the selection holds no text.
    """
    if not blocks:
        raise NotFound("文件没有正文，无法添加批注。")
    doc = DocText(blocks)
    a = doc.offset(start_block_id, start)
    b = doc.offset(end_block_id or start_block_id, end)
    if a > b:
        a, b = b, a
    while a < b and doc.text[a].isspace():
        a += 1
    while b > a and doc.text[b - 1].isspace():
        b -= 1
    if a == b:
        raise GazetteError("请先选中要标注的文字。")
    return _new(doc, a, b, color, note)


def _new(doc: DocText, start: int, end: int, color: str, note: str) -> Annotation:
    stamp = now_iso()
    ann = Annotation(id=uuid.uuid4().hex, doc_id=doc.blocks[0].doc_id, block_id="", start=0,
                     end=0, color=normalize_color(color), note=(note or "").strip(),
                     created=stamp, modified=stamp)
    return doc.anchor(ann, start, end)


class AmbiguousQuote(GazetteError):
    """A quote occurs several times in the document; ``count`` says how often."""

    def __init__(self, message: str, count: int):
        super().__init__(message)
        self.count = count


def annotation_for_quote(blocks: Sequence[Block], quote: str, *, occurrence: int | None = None,
                         color: str = "yellow", note: str = "", doc_label: str = "") -> Annotation:
    """An annotation on the text ``quote`` (whitespace ignored) in a document's blocks.

    ``occurrence`` (from 1) picks one when the quote occurs several times; without it, several
    occurrences raise :class:`AmbiguousQuote`, none raises NotFound.
    """
    if not quote or quote.isspace():
        raise GazetteError("要标注的原文是空的：请给出文件中的一段文字（命令行用 --quote）。")
    doc = DocText(blocks)
    found = doc.find_all(quote)
    where = f"文件{doc_label}" if doc_label else "文件"
    short = quote if len(quote) <= 30 else quote[:30] + "…"
    if not found:
        raise NotFound(f"{where}中找不到“{short}”（不计空格）。")
    if occurrence is None and len(found) > 1:
        raise AmbiguousQuote(f"“{short}”在{where}中出现 {len(found)} 处，"
                             f"请指定第几处（命令行用 --occurrence 1–{len(found)}）。", len(found))
    n = occurrence or 1
    if not 1 <= n <= len(found):
        raise GazetteError(f"“{short}”在{where}中只出现 {len(found)} 处，没有第 {n} 处。")
    return _new(doc, *found[n - 1], color, note)


def _ordinal(block_id: str) -> int:
    m = re.search(r"-b(\d+)$", block_id)
    return int(m[1]) if m else 0


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def reanchor(ann: Annotation, blocks: Sequence[Block]) -> Annotation | None:
    """``ann`` anchored in another version of its document, or None when it cannot be found.

    The quote is looked up ignoring whitespace; among several occurrences the one whose
    surroundings best match the saved prefix and suffix wins (then the one nearest the old
    paragraph). When the quote itself was corrected, a unique prefix and suffix that still
    enclose a passage of similar length anchor it, with the new text as quote.
    """
    if not blocks:
        return None
    doc = DocText(blocks)
    found = doc.find_all(ann.quote)
    if found:
        prefix, suffix = dense(ann.prefix), dense(ann.suffix)
        old = _ordinal(ann.block_id)

        def score(span: tuple[int, int]) -> tuple[int, int]:
            before = dense(doc.text[max(0, span[0] - 2 * CONTEXT):span[0]])
            after = dense(doc.text[span[1]:span[1] + 2 * CONTEXT])
            near = abs(_ordinal(doc.locate(span[0])[0]) - old)
            return (_common_suffix(prefix, before) + _common_prefix(suffix, after), -near)

        a, b = max(found, key=score)
        return doc.anchor(ann, a, b)
    return _anchor_by_context(ann, doc)


def _anchor_by_context(ann: Annotation, doc: DocText) -> Annotation | None:
    prefix, suffix, quote = dense(ann.prefix)[-12:], dense(ann.suffix)[:12], dense(ann.quote)
    if len(prefix) < 4 or len(suffix) < 4:
        return None
    starts = [m.end() for m in re.finditer(re.escape(prefix), doc.dense)]
    ends = [m.start() for m in re.finditer(re.escape(suffix), doc.dense)]
    if len(starts) != 1 or len(ends) != 1:
        return None
    ds, de = starts[0], ends[0]
    if not (len(quote) // 2 <= de - ds <= 2 * len(quote) + 10) or de <= ds:
        return None
    return doc.anchor(ann, doc.dense_map[ds], doc.dense_map[de - 1] + 1)


def block_spans(annotations: Sequence[Annotation], blocks: Sequence[Block]
                ) -> dict[str, list[tuple[int, int, Annotation]]]:
    """For painting: block id → [(start, end, annotation)] of the annotated characters in that
    block, in order. An annotation spanning several blocks appears in each of them."""
    doc = DocText(blocks)
    out: dict[str, list[tuple[int, int, Annotation]]] = {}
    for ann in annotations:
        span = doc.span(ann)
        if span is None:
            continue
        a, b = span
        i = doc.index[ann.block_id]
        while i < len(doc.blocks) and doc.starts[i] < b:
            bs, text = doc.starts[i], doc.blocks[i].text
            s, e = max(a, bs) - bs, min(b, bs + len(text)) - bs
            if e > s:
                out.setdefault(doc.blocks[i].id, []).append((s, e, ann))
            i += 1
    for spans in out.values():
        spans.sort(key=lambda t: (t[0], t[1]))
    return out
