"""Parsing: clean content lines → documents, sections and blocks of one issue.

The steps, each testable on its own:

1. :func:`core.clean.clean_source` drops running headers and page footers and records pages;
2. :func:`core.segment.find_documents` finds where each document starts and reads its head;
3. :func:`paragraphs` re-joins lines wrapped inside a paragraph, never across a heading, a
   list item, a signature, a date line or a short (table or list) line; where the source
   indents its paragraphs, a first-line indent starts one and a centred or right-aligned line
   stands alone;
4. :class:`DocumentBuilder` reads the head, then classifies each paragraph in named steps
   (:meth:`~DocumentBuilder._body`: recipients, date, signature, publication note, 附件 notes
   and markers, the enclosed text(s) of a 印发/转发 notice or the regulation of a 令, a 目录
   inside a document, content) and builds the section tree.

Nothing is dropped: every content line ends up in exactly one block.
"""

from __future__ import annotations

import dataclasses
import re

from .clean import CleanSource, Line
from .headings import (
    ATTACHMENT_NOTE_RE,
    ATTACHMENT_RE,
    HeadingMatch,
    arabic_number,
    heading_title,
    match_heading,
)
from .model import Block, DocNo, Document, Section
from .segment import (
    ENCLOSE_RE,
    FORWARD_RE,
    MARKER_RE,
    TERMINAL,
    TOC_ENTRY_RE,
    DocHead,
    clean_title,
    doc_type_of,
    gazette_section_name,
    is_column_banner,
    is_date_line,
    is_marker_line,
    looks_like_issuer,
)
from .textmatch import dense
from .textutil import is_ascii_alnum, join_wrapped, parse_date, squeeze_cjk_spaces
from .wenhao import parse_doc_no

SENTENCE_END = "。！？；：:;!?"
# A signature by title and name above the date: 市长  张三 / 总理 李强 / 总理  张  明 (a name of
# two characters set as wide as three).
SIGNER_RE = re.compile(r"^[\u4e00-\u9fff]{0,10}(?:长|主任|书记|总理|主席|理事长)\s+"
                       r"[\u4e00-\u9fff·](?:[ \u3000]{0,4}[\u4e00-\u9fff·]){1,4}$")
_DECIMAL_TOP_RE = re.compile(r"^(?P<n>[0-9]{1,2})\s+(?P<t>[\u4e00-\u9fff]{2,15})$")


def _is_full(line: Line, full_width: int, first: bool) -> bool:
    """Does the line reach the right margin (so the paragraph goes on)?

    A paragraph's first line is indented by two characters, so it is full a little earlier.
    A line of a narrower layout (a two-column PDF page) is measured against its own width.
    """
    full_width = line.full_width or full_width
    ends = line.text[-1] in SENTENCE_END or line.text[-1] in "）)”》"
    if first:
        # A one-line paragraph ends with its sentence before the margin.
        if ends and line.width < full_width - 4:
            return False
        return line.width >= full_width - 10
    # A paragraph's last line ends with punctuation; a wrapped line that does not may fall a
    # little short of the margin (proportional Latin, bold run-in headings).
    return line.width >= full_width - (3 if ends else 10)


_CELL_GAP = re.compile(r"[\u4e00-\u9fff）)%％]\s+[\u4e00-\u9fff（(]|(?:^|\s)[—–-]{1,2}(?:\s|$)")


def _cellular(line: Line) -> bool:
    """A table row flattened to text: cells separated by spaces between Chinese characters."""
    gaps = _CELL_GAP.findall(line.text)
    return len(gaps) >= 2 or any(g.strip() in ("—", "——", "-", "--", "–") for g in gaps)


INDENT_MIN, INDENT_MAX = 2, 9   # a first-line indent, in columns (two full-width spaces = 4)
ALIGNED_MIN = 10                # more leading space: a centred or right-aligned line


def _heading_only_line(line: Line) -> bool:
    """（八）实现……的认定。 alone on its line: a heading that never runs on into its body."""
    if line.text[-1] != "。":
        return False
    h = match_heading(line.text)
    return (h is not None and h.kind in ("cn", "paren_cn", "chapter", "chapter_part")
            and heading_title(h.rest)[1])


def uses_indents(lines: list[Line]) -> bool:
    """Does the source mark paragraphs by a first-line indent (so a line without one goes
    on with the paragraph)? Text extracted without indentation does not."""
    n = sum(1 for ln in lines if INDENT_MIN <= ln.indent <= INDENT_MAX)
    return n >= max(3, 0.05 * len(lines))


_SERIAL_ROW = re.compile(r"^\s*\d{1,4}\s+[^\s\d年月日万亿元个项家人次%％余多倍名座条所户千百号届期天周岁米吨辆台套批件"
                         r"处只位类部篇场份股]"
                         r"\S*\s+\S")
_LABELLED_ROW = re.compile(r"^\s*(?:[\u4e00-\u9fff（(]\S{0,9}|\d{1,4}\s*[\u4e00-\u9fff]{1,2}[）)])\s+"
                           r"\d{1,4}\s+[^\s\d年月日万亿元个项家人次%％余多倍名座条所户千百号届期]\S*\s+\S")
_ROW_GAP = re.compile(r"[\u4e00-\u9fff）)》]\s+[\u4e00-\u9fff（(《]")


def _table_row(line: Line) -> bool:
    """A flattened table row: a serial number and two more cells (``6 新认定的…有限公司 20``),
    never a line of prose (``30 万元，…``)."""
    if _SERIAL_ROW.match(line.text):
        return not re.search(r"[。；，]", line.text)     # prose: 15 天内完成整改，……
    # A piece of a label spanning rows before the serial: 高新技术企业 5 许昌…公司 10.
    m = _LABELLED_ROW.match(line.text)
    return bool(m) and not re.search(r"[。；，]", line.text)


def _tabbed(line: Line) -> bool:
    """A row of a table whose cells the source separates by tabs."""
    return len([c for c in line.text.split("\t") if c.strip()]) >= 2


def _row_pair(prev: Line, nxt: Line) -> bool:
    """A recognised table row (a serial row) is never joined to another line, whatever its
    width; nor are two lines that both hold a cell gap between Chinese words."""
    if _table_row(nxt) or _table_row(prev) or _tabbed(nxt) or _tabbed(prev):
        return True
    if _number_row(prev) or _number_row(nxt):
        return True
    return bool(_ROW_GAP.search(prev.text.strip()) and _ROW_GAP.search(nxt.text.strip()))


def _number_row(line: Line) -> bool:
    """A row without a serial number: cells apart by a space between Chinese words, and a
    number cell at the end (``岚州…有限公司 首次认定高新技术企业 20``)."""
    text = line.text.strip()
    return bool(_ROW_GAP.search(text) and re.search(r"\s\d[\d,，]*(?:[.．]\d+)?$", text)) \
        and not re.search(r"[。；，]", text)


def _starts_new(prev: Line, nxt: Line, full_width: int, first: bool,
                prev_arabic: int | None = None, after: Line | None = None,
                indents: bool = False) -> bool:
    """Must a new paragraph start at ``nxt``, given the previous line ``prev``?

    Decided by width (a line short of the right margin ends its paragraph) and by
    indentation (a first-line indent starts one; a centred or right-aligned line, such as a
    signature or a date, stands alone)."""
    if is_date_line(nxt.text) or is_date_line(prev.text):
        return True
    if nxt.indent >= ALIGNED_MIN or prev.indent >= ALIGNED_MIN:
        return True
    if INDENT_MIN <= nxt.indent <= INDENT_MAX:
        return True
    if first and not indents and _heading_only_line(prev):
        return True
    if is_marker_line(nxt.text) or is_marker_line(prev.text):
        return True
    if TOC_ENTRY_RE.search(prev.text):
        return True     # an entry of a table of contents ends with its page number
    if after is not None and is_date_line(after.text) and len(nxt.text) <= 30 \
            and (looks_like_issuer(nxt.text) or SIGNER_RE.match(nxt.text)):
        # The signature above the date: …负责） / 国务院办公厅 / 2018 年 12 月 6 日.
        return True
    if ATTACHMENT_RE.match(nxt.text) or ATTACHMENT_NOTE_RE.match(nxt.text):
        return True
    prev_full = _is_full(prev, full_width, first)
    prev_end = prev.text[-1] in SENTENCE_END
    h = match_heading(nxt.text, prev_arabic)
    if h is not None:
        # A numbered item after a sentence, or after a closing bracket or quote
        # (…（责任单位：市商务局） then ２．…), starts a new paragraph.
        if not prev_full or prev_end or prev.text[-1] in "）)”》":
            return True
        if h.strong and len(h.rest) <= 25 and h.rest[-1:] not in "，、":
            return True
    if _DECIMAL_TOP_RE.match(nxt.text) and (not prev_full or prev_end):
        return True
    if not prev_full:
        return True
    if _cellular(prev) or _cellular(nxt) or _row_pair(prev, nxt):
        return True
    fw = nxt.full_width or full_width
    if prev_end and nxt.width < fw - 3 and nxt.width >= fw - 10 \
            and nxt.text[-1] not in SENTENCE_END:
        # A full line ending a sentence, then a line indented like a paragraph's first line.
        return True
    if looks_like_issuer(nxt.text) and prev_end:
        return True
    return False


def paragraphs(lines: list[Line], full_width: int, indents: bool | None = None) -> list[list[int]]:
    """Group consecutive lines into paragraphs; returns lists of line indices.

    ``indents``: the source marks paragraphs by indentation (default: measured on
    ``lines``)."""
    if indents is None:
        indents = uses_indents(lines)
    groups: list[list[int]] = []
    run = NumberedRun()
    for i, ln in enumerate(lines):
        if groups:
            cur = groups[-1]
            prev = lines[cur[-1]]
            if not _starts_new(prev, ln, full_width, first=len(cur) == 1,
                               prev_arabic=run.last,
                               after=lines[i + 1] if i + 1 < len(lines) else None,
                               indents=indents):
                cur.append(i)
                continue
        groups.append([i])
        run.see(match_heading(ln.text, run.last))
    return groups


def _toc_entries(lines: list[Line], groups: list[list[int]]) -> list[list[int]]:
    """The gazette's 目录 one entry a block: an entry ends at its page number (``…… 6``), and
    one whose title wraps (``江川省人民政府关于印发……三年行动计划`` / ``（2024—2026 年）的通知
    （川政发〔2024〕18 号）…… 6``) is one block whether its first line reached the margin or
    not; a column's label (省政府文件) or the 目录's own title stays alone."""
    split: list[list[int]] = []
    for g in groups:
        cur: list[int] = []
        for i in g:
            cur.append(i)
            if TOC_ENTRY_RE.search(lines[i].text):
                split.append(cur)
                cur = []
        if cur:
            split.append(cur)
    out: list[list[int]] = []
    for g in split:
        if out and TOC_ENTRY_RE.search(lines[g[-1]].text) \
                and not TOC_ENTRY_RE.search(lines[out[-1][-1]].text):
            first = lines[out[-1][0]].text
            if len(first) >= 12 and not is_column_banner(first) \
                    and not gazette_section_name(first):
                out[-1].extend(g)
                continue
        out.append(g)
    return out


class NumberedRun:
    """The last item number of the current 1． 2． 3． run (0 after a higher heading), so an
    item whose text starts with digits (``11.121…``) is still read as the next item."""

    def __init__(self) -> None:
        self.last: int | None = None

    def see(self, h: HeadingMatch | None) -> None:
        if h is None:
            return
        if h.kind == "arabic":
            self.last = arabic_number(h.numbering)
        elif h.kind in ("chapter", "chapter_part", "cn", "paren_cn", "article"):
            self.last = 0


def _join(lines: list[Line], idx: list[int]) -> str:
    text = ""
    prev: Line | None = None
    for i in idx:
        ln, before = lines[i], prev
        prev = ln
        piece = ln.text.replace("\u00ad", "")     # a soft hyphen is not text
        if text and piece and ln.space_before is not None and before is not None:
            # From a PDF, which prints the space a wrap falls on: words on both sides of a
            # printed space are apart (到 / 2027 年, ISO 9001 / 认证), digits without one are
            # one number the wrap broke (截至 202 / 3 年底).
            if ln.space_before or before.space_after:
                if _apart_at_wrap(text[-1], piece[0]):
                    text += " " + piece
                    continue
            elif text[-1].isdigit() and piece[0].isdigit():
                text += piece
                continue
        if text.endswith("-") and text[-2:-1].isascii() and text[-2:-1].isalpha() \
                and piece[:1].isascii() and piece[:1].islower():
            text = text[:-1]                            # a hyphen that only breaks a word
            piece = piece
            text += piece
            continue
        if _SPLIT_NUMBER_HEAD.search(text) and _SPLIT_NUMBER_TAIL.match(piece):
            text += piece                   # a number broken by the wrap: 岭政发[201 / 2]46 号
            continue
        text = join_wrapped(text, piece)
    return text


def _apart_at_wrap(a: str, b: str) -> bool:
    """Whether a printed space between ``a`` and ``b`` is kept when a wrap joins them: a Latin
    word or a number beside a Chinese character or another one (never beside punctuation,
    nor between two Chinese characters)."""
    def word(ch: str) -> bool:
        return is_ascii_alnum(ch) or "\u4e00" <= ch <= "\u9fff"
    return (is_ascii_alnum(a) and word(b)) or (word(a) and is_ascii_alnum(b))


# Digits glued to what is before them at a line's end, and to what is after them at the next
# line's start (both sides of one number: （岭政发[201 / 2]46 号）); a number standing apart
# (版本 2 / 3 号) is spaced as it was.
_SPLIT_NUMBER_HEAD = re.compile(r"[^\s\d.．]\d+$")
_SPLIT_NUMBER_TAIL = re.compile(r"\d+[^\s\d]")


class DocumentBuilder:
    """Builds one Document with its blocks and sections from its lines."""

    def __init__(self, doc_id: str, issue_id: str, order: int, lines: list[Line],
                 head: DocHead | None, full_width: int):
        self.doc_id = doc_id
        self.lines = lines            # the document's own lines (head included)
        self.head = head
        self.full_width = full_width
        self.blocks: list[Block] = []
        self.sections: list[Section] = []
        self.stack: list[tuple[tuple, Section]] = []
        self.doc = Document(id=doc_id, issue_id=issue_id, order=order, title="")
        self.decimal_tops: set[str] = set()
        self.indents: bool | None = None      # the source marks paragraphs by indentation

    # -- blocks and sections ------------------------------------------------------------
    def _block(self, kind: str, idx: list[int], text: str | None = None) -> Block:
        first, last = self.lines[idx[0]], self.lines[idx[-1]]
        block = Block(
            id=f"{self.doc_id}-b{len(self.blocks) + 1:04d}", doc_id=self.doc_id,
            ordinal=len(self.blocks) + 1, kind=kind,
            text=_join(self.lines, idx) if text is None else text,
            section_id=self.stack[-1][1].id if self.stack else None,
            page=first.page, src_start=first.start, src_end=last.end,
            page_estimated=first.page_estimated)
        self.blocks.append(block)
        return block

    def _section(self, key: tuple, kind: str, numbering: str, title: str, block: Block,
                 reset: bool = False) -> Section:
        if reset:
            self.stack.clear()
        else:
            keys = [k for k, _ in self.stack]
            if key in keys:
                del self.stack[keys.index(key):]
        parent = self.stack[-1][1] if self.stack else None
        sec = Section(id=f"{self.doc_id}-s{len(self.sections) + 1:03d}", doc_id=self.doc_id,
                      ordinal=len(self.sections) + 1, parent_id=parent.id if parent else None,
                      level=len(self.stack) + 1, kind=kind, numbering=numbering, title=title,
                      block_id=block.id, page=block.page, page_estimated=block.page_estimated)
        self.sections.append(sec)
        self.stack.append((key, sec))
        block.section_id = sec.id
        return sec

    # -- the document -------------------------------------------------------------------
    def build(self) -> Document:
        lines, head, doc = self.lines, self.head, self.doc
        body_from = 0
        if head is not None:
            self._head_blocks(head)
            doc.title = head.title
            doc.issuers = head.issuers
            doc.kind = head.kind
            body_from = head.body_start - head.start
        doc.doc_type = (head.doc_type if head is not None and head.doc_type else "") \
            or doc_type_of(doc.title)
        m = ENCLOSE_RE.search(doc.title) or FORWARD_RE.search(doc.title)
        expected_enclosure = _strip_book(m["what"]) if m else None
        if m:
            doc.enclosed_type = doc_type_of(expected_enclosure)
        body = lines[body_from:]
        self.decimal_tops = {re.match(r"[0-9]+", ln.text)[0] for ln in body
                             if re.match(r"^[0-9]{1,2}[．.][0-9]", ln.text)}
        groups = [[i + body_from for i in g]
                  for g in paragraphs(body, self.full_width, self.indents)]
        if (head is None or head.kind == "gazette_section") and sum(
                bool(TOC_ENTRY_RE.search(ln.text)) for ln in body) >= 2:
            groups = _toc_entries(lines, groups)
        self._body(groups, expected_enclosure)
        _items_in_runs(self.blocks)
        if head is not None and head.order:
            self._order_title()
        if self.blocks and self.blocks[0].page is not None:
            doc.first_page = self.blocks[0].page
        if self.blocks and self.blocks[-1].page is not None:
            doc.last_page = self.blocks[-1].page
        doc.pages_estimated = any(b.page_estimated for b in (self.blocks[:1] + self.blocks[-1:]))
        return doc

    def _head_blocks(self, head: DocHead) -> None:
        """The head's lines as blocks, in the order they are printed: issuer, title, 文号 (a
        bulletin's issuer comes under its title)."""
        doc = self.doc
        rows = [(k, "issuer") for k in head.issuer_lines] + \
            [(head.title_lines[0], "title")] * bool(head.title_lines)
        if head.doc_no_line is not None and head.doc_no_line not in head.title_lines:
            rows.append((head.doc_no_line, "doc_no"))
        for k, kind in sorted(rows):
            if kind == "issuer":
                self._block("issuer", [k - head.start])
            elif kind == "title":
                # The title as read: a spaced-out 通  知 closes up (offsets keep the source).
                idx = [t - head.start for t in head.title_lines]
                self._block("title", idx, clean_title("\n".join(self.lines[i].text for i in idx)))
            else:
                b = self._block("doc_no", [k - head.start])
                doc.doc_no = head.doc_no or parse_doc_no(b.text) \
                    or parse_doc_no(b.text.replace(" ", ""))
                if doc.doc_no is None and b.text:
                    doc.doc_no = DocNo(b.text, squeeze_cjk_spaces(b.text).replace(" ", ""),
                                       "", None, None)
        if head.doc_no is not None:
            doc.doc_no = head.doc_no

    def _order_title(self) -> None:
        """A 令 is filed under the regulation it promulgates: its title is the regulation's
        name (the enclosed text's title, else the first 《…》 of the order's text)."""
        doc = self.doc
        enc = next((s for s in self.sections if s.kind == "enclosure" and s.title), None)
        title = enc.title if enc is not None else ""
        if not title:
            for b in self.blocks:
                m = re.search(r"《(?P<t>[^《》]{2,60})》", b.text) if b.kind == "paragraph" else None
                if m:
                    title = m["t"]
                    break
        if title:
            doc.title = title
            doc.enclosed_type = doc_type_of(title)

    # -- the body, step by step -----------------------------------------------------------
    def _body(self, groups: list[list[int]], expected_enclosure: str | None) -> None:
        """Classify the body's paragraphs: recipients, then each paragraph in turn is a date,
        a signature, a publication note, an attachment note or marker, the title of an
        enclosed text, or content (headings, list items, paragraphs)."""
        self.signed = False          # the notice's signature and date have been seen
        self.in_notes = False        # inside the 附件：1．… 2．… list of the notice
        self.expected_enclosure = expected_enclosure
        self.expect_enclosure = expected_enclosure is not None
        self.run = NumberedRun()
        g = self._recipients(groups)
        steps = (self._date, self._signature, self._publication_note, self._attachment_note,
                 self._attachment, self._standalone_enclosure, self._expected_enclosure,
                 self._next_enclosure, self._contents_list)
        while g < len(groups):
            idx = groups[g]
            text = _join(self.lines, idx)
            nxt = _join(self.lines, groups[g + 1]) if g + 1 < len(groups) else ""
            g += 1
            for step in steps:
                done = step(groups, g, idx, text, nxt)
                if done is not None:
                    g = done
                    break
            else:
                self._content(idx, text)

    def _recipients(self, groups: list[list[int]]) -> int:
        """主送: the first paragraph(s) up to a line ending with ：. Returns the next group."""
        lines, doc = self.lines, self.doc
        if not groups or self.head is None or (self.head.doc_no_line is None
                                               and not self.head.title_lines):
            return 0
        first = lines[groups[0][0]].text
        by_no = self.head.doc_no_line is not None
        text0 = _join(lines, groups[0])
        if self.head.doc_type in ("公告", "通告", "任免", "公报", "令") or "如下" in text0:
            return 0        # addressed to nobody in particular
        if by_no and (first.startswith("各") or "人民政府" in first or "各部门" in first) or \
                not by_no and self.head.kind == "document" and len(text0) <= 60 \
                and "如下" not in text0 and "。" not in text0:
            for k in range(min(3, len(groups))):
                if lines[groups[k][-1]].text.rstrip().endswith(("：", ":")) and (
                        by_no or k == 0):
                    idx = [i for grp in groups[:k + 1] for i in grp]
                    b = self._block("recipients", idx)
                    doc.recipients = b.text.rstrip("：:")
                    return k + 1
        return 0

    def _date(self, groups, g, idx, text, nxt) -> int | None:
        if not (is_date_line(text) and len(idx) == 1):
            return None
        self._block("date", idx)
        if self.doc.date is None:
            self.doc.date = parse_date(text)
        self.signed = True
        self.in_notes = False
        return g

    def _signature(self, groups, g, idx, text, nxt) -> int | None:
        if len(idx) == 1 and (looks_like_issuer(text) or SIGNER_RE.match(text)) \
                and is_date_line(nxt):
            self._block("signature", idx)
            return g
        return None

    def _publication_note(self, groups, g, idx, text, nxt) -> int | None:
        """（此件公开发布） / （联系人：…）: metadata of the notice, not a title or text."""
        if not is_marker_line(text):
            return None
        self._block("publication_note", idx)
        note = MARKER_RE.match(squeeze_cjk_spaces(text))["text"]
        if note.startswith(("此件", "本件")):
            self.doc.disclosure = self.doc.disclosure or note
        else:
            self.doc.contact = "；".join(filter(None, (self.doc.contact, note)))
        return g

    def _attachment_note(self, groups, g, idx, text, nxt) -> int | None:
        """附件：1．… 2．… in the notice: the titles of its attachments."""
        note = ATTACHMENT_NOTE_RE.match(text)
        if note and note["rest"].strip() or (note and not self.signed):
            self._block("attachment_note", idx)
            self.doc.attachments.extend(_attachment_titles(note["rest"]))
            self.in_notes = True
            return g
        if self.in_notes and not self.signed:
            h = match_heading(text)
            if h is not None and h.kind == "arabic":
                self._block("attachment_note", idx)
                self.doc.attachments.append(_strip_book(h.rest))
                return g
        return None

    def _attachment(self, groups, g, idx, text, nxt) -> int | None:
        """附件 N: a top-level section titled by the next title block."""
        att = ATTACHMENT_RE.match(text)
        if not att:
            return None
        b = self._block("heading", idx)
        self.expect_enclosure = False
        return self._titled_section(groups, g, b, "attachment", squeeze_cjk_spaces(text),
                                    self.doc.attachments, att["n"])

    def _standalone_enclosure(self, groups, g, idx, text, nxt) -> int | None:
        """The regulation a 令 promulgates, or a text issued without 《》 in the notice."""
        if self.signed and not self.expect_enclosure and not self._has_enclosure() \
                and _standalone_title(self.lines, idx, text, self.full_width):
            b = self._block("heading", idx)
            self._section(("enclosure",), "enclosure", "", clean_title(text), b, reset=True)
            return g
        return None

    def _expected_enclosure(self, groups, g, idx, text, nxt) -> int | None:
        """After the signature of a 印发 notice: the enclosed text under its own title."""
        if not (self.expect_enclosure and self.signed):
            return None
        self.expect_enclosure = False
        n_title = _title_groups(self.lines, groups, g - 1, [self.expected_enclosure])
        if not n_title:
            return None
        idx = [i for grp in groups[g - 1:g - 1 + n_title] for i in grp]
        b = self._block("heading", idx)
        self._section(("enclosure",), "enclosure", "", clean_title(b.text), b, reset=True)
        return g + n_title - 1

    def _next_enclosure(self, groups, g, idx, text, nxt) -> int | None:
        """Another enclosed text of a notice that issues several (…两个规定的通知): a title
        set flush left in a source that indents its paragraphs, naming the same 文种."""
        want = self.doc.enclosed_type
        if not (want and self.indents and self._has_enclosure() and self.signed):
            return None
        n_title = _title_groups(self.lines, groups, g - 1, [])
        if not n_title:
            return None
        idx = [i for grp in groups[g - 1:g - 1 + n_title] for i in grp]
        title = clean_title("".join(self.lines[i].text for i in idx))
        if any(self.lines[i].indent for i in idx) or doc_type_of(title) != want \
                or match_heading(title) is not None:
            return None
        b = self._block("heading", idx)
        self._section(("enclosure",), "enclosure", "", title, b, reset=True)
        return g + n_title - 1

    def _contents_list(self, groups, g, idx, text, nxt) -> int | None:
        """目录 inside a document (a 预案's table of contents): its entries repeat the headings
        that follow, so they are plain paragraphs up to the first heading's repeat."""
        if gazette_section_name(text) != "目录" or g >= len(groups):
            return None
        first = dense(_join(self.lines, groups[g]))
        end = next((k for k in range(g + 1, min(len(groups), g + 400))
                    if dense(_join(self.lines, groups[k])) == first), None)
        if end is None:
            return None
        self._block("heading", idx)
        for k in range(g, end):
            self._block("paragraph", groups[k])
        return end

    def _has_enclosure(self) -> bool:
        return any(s.kind in ("enclosure", "attachment") for s in self.sections)

    def _titled_section(self, groups, g, marker: Block, kind: str, numbering: str,
                        expected: list[str], n: str) -> int:
        """An attachment: the marker, then its title lines (matched against the notice's list
        of attachments where possible). Returns the next group index."""
        candidates = list(expected)
        if n and n.isdigit() and 0 < int(n) <= len(expected):
            candidates = [expected[int(n) - 1]]
        n_title = _title_groups(self.lines, groups, g, candidates) if g < len(groups) else 0
        title = ""
        if n_title:
            idx = [i for grp in groups[g:g + n_title] for i in grp]
            tb = self._block("heading", idx)
            title = squeeze_cjk_spaces(tb.text)
            sec = self._section((kind,), kind, numbering, title, marker, reset=True)
            tb.section_id = sec.id
        else:
            self._section((kind,), kind, numbering, title, marker, reset=True)
        return g + n_title

    def _content(self, idx: list[int], text: str) -> None:
        h = match_heading(text, self.run.last)
        self.run.see(h)
        key = None
        if h is None:
            m = _DECIMAL_TOP_RE.match(text)
            if m and m["n"] in self.decimal_tops:
                h = HeadingMatch("decimal", m["n"], m["t"], False)
        if h is not None:
            key = (h.kind, h.depth) if h.kind == "decimal" else (h.kind,)
            if h.kind == "decimal" and h.depth > 1:
                # 2．1 is a child of the top-level "2 …" heading or of "2．…".
                pass
            title, only = heading_title(h.rest)
            # an article (第一条 ……。) and an item ending in ； (（一）……所得；) are
            # clauses of the text, however short: never headings
            only = only and h.kind != "article" and not h.rest.rstrip().endswith(("；", ";"))
            b = self._block("heading" if only else "list_item", idx)
            self._section(key, h.kind, h.numbering, title, b)
            return
        self._block("paragraph", idx)


def _items_in_runs(blocks: list[Block]) -> None:
    """Numbered clauses printed one after another with nothing between them (（一）……；
    （二）……。 …, with their 1． 2． inside) are items of one list: where one of a numbering
    kind runs on past its first sentence (a list item), its one-sentence siblings of that
    kind ending in 。 are list items too, not headings — a heading printed with a full stop
    (（一）加强组织领导。) has its body after it."""
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and blocks[j].kind in ("heading", "list_item") and \
                (h := match_heading(blocks[j].text)) is not None and \
                h.kind in ("cn", "paren_cn", "paren_arabic", "arabic"):
            j += 1
        run = [(b, match_heading(b.text).kind) for b in blocks[i:j]]
        items = {kind for b, kind in run if b.kind == "list_item"}
        for b, kind in run:
            if kind in items and b.kind == "heading" and b.text.rstrip().endswith("。"):
                b.kind = "list_item"
        i = max(j, i + 1)


def _title_like(text: str) -> bool:
    return text[-1] not in TERMINAL and not re.search(r"[，。；：！？]", text) \
        and match_heading(text) is None and len(text) <= 40


def _standalone_title(lines: list[Line], idx: list[int], text: str, full_width: int) -> bool:
    """A one-line title of an enclosed text: short, no sentence punctuation, not numbered,
    naming a 文种 such as 办法, 条例, 规定."""
    from .segment import doc_type_of

    return (len(idx) == 1 and lines[idx[0]].width < min(lines[idx[0]].full_width or full_width,
                                                          200) - 10
            and text[-1] not in TERMINAL and match_heading(text) is None
            and doc_type_of(squeeze_cjk_spaces(text)) in ("办法", "条例", "规定", "细则", "规则",
                                                         "方案", "规划", "计划", "预案", "意见"))


def _strip_book(text: str) -> str:
    return text.strip().strip("《》").strip()


def _attachment_titles(rest: str) -> list[str]:
    rest = rest.strip()
    if not rest:
        return []
    h = match_heading(rest)
    if h is not None and h.kind == "arabic":
        rest = h.rest
    return [_strip_book(rest)]


def _title_groups(lines: list[Line], groups: list[list[int]], g: int,
                  expected: list[str]) -> int:
    """How many paragraphs from ``groups[g]`` make a title: those whose joined, space-squeezed
    text is a prefix of one of the ``expected`` titles; else one short line without sentence
    punctuation, or none."""
    def norm(s: str) -> str:
        return dense(s)

    def acc_of(a: int, b: int) -> str:
        return "".join(norm(_join(lines, groups[k])) for k in range(a, b))

    targets = [norm(e) for e in expected if e]
    acc = ""
    best = 0
    for k in range(g, min(g + 4, len(groups))):
        acc += norm(_join(lines, groups[k]))
        if any(t.startswith(acc) for t in targets):
            best = k - g + 1
            if any(t == acc for t in targets):
                return best
        else:
            break
    if not best:
        first = lines[groups[g][0]] if g < len(groups) else None
        if first is None or len(groups[g]) != 1 or first.text[-1] in TERMINAL \
                or match_heading(first.text) is not None or "  " in first.text.strip():
            return 0
        best = 1
    # Lines that complete the title with its 文种 (…事业单位 / 转制为企业的规定).
    for k in range(g + best, min(g + 3, len(groups))):
        if doc_type_of(acc_of(g, g + best)) or len(groups[k]) != 1 \
                or not _title_like(lines[groups[k][0]].text) or not doc_type_of(acc_of(g, k + 1)):
            break
        best = k - g + 1
    return best


def build_documents(clean: CleanSource, heads: list[DocHead], issue_id: str):
    """Build every document of the issue. Lines before the first document (a cover or a
    table of contents) become a document of their own so no text is lost."""
    lines = clean.lines
    indents = uses_indents(lines)
    docs, sections, blocks = [], [], []
    spans: list[tuple[int, int, DocHead | None]] = []
    if heads and heads[0].start > 0:
        spans.append((0, heads[0].start, None))
    for k, h in enumerate(heads):
        end = heads[k + 1].start if k + 1 < len(heads) else len(lines)
        spans.append((h.start, end, h))
    for order, (a, b, head) in enumerate(spans, start=1):
        doc_id = f"{issue_id}-d{order:02d}"
        builder = DocumentBuilder(doc_id, issue_id, order, lines[a:b], _rebase(head, a),
                                  clean.full_width)
        builder.indents = indents
        doc = builder.build()
        if head is None:
            doc.title = "目录" if any("目录" in ln.text.replace(" ", "") for ln in lines[a:b]) \
                else "卷首"
            doc.doc_type = "其他"
            doc.kind = "gazette_section"
        docs.append(doc)
        sections.extend(builder.sections)
        blocks.extend(builder.blocks)
    return docs, sections, blocks


def _rebase(head: DocHead | None, a: int) -> DocHead | None:
    """Heads index the issue's lines; the builder indexes the document's lines from ``a``."""
    if head is None:
        return None
    return dataclasses.replace(head, start=a)
