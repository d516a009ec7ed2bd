"""Parsing: clean content lines → documents, sections and blocks of one issue.

The steps, each testable on its own:

1. :func:`core.clean.clean_source` drops running headers and page footers and records pages;
2. :func:`core.segment.find_documents` finds where each document starts and reads its head;
3. :func:`paragraphs` re-joins lines wrapped inside a paragraph, never across a heading, a
   list item, a signature, a date line or a short (table or list) line;
4. :func:`DocumentBuilder` classifies paragraphs (headings, signature, date, 附件 notes, the
   enclosed text of a 印发 notice, attachments) and builds the section tree.

Nothing is dropped: every content line ends up in exactly one block.
"""

from __future__ import annotations

import re

from .clean import CleanSource, Line
from .headings import ATTACHMENT_NOTE_RE, ATTACHMENT_RE, HeadingMatch, heading_title, match_heading
from .model import Block, Document, Section
from .segment import ENCLOSE_RE, TERMINAL, DocHead, doc_type_of, is_date_line, looks_like_issuer
from .textutil import join_wrapped, parse_date, squeeze_cjk_spaces
from .wenhao import parse_doc_no

SENTENCE_END = "。！？；：:;!?"
# A signature by title and name above the date: 市长  张三 / 总理 李强.
SIGNER_RE = re.compile(r"^[\u4e00-\u9fff]{0,10}(?:长|主任|书记|总理|主席|理事长)\s+[\u4e00-\u9fff·]{2,5}$")
_DECIMAL_TOP_RE = re.compile(r"^(?P<n>[0-9]{1,2})\s+(?P<t>[\u4e00-\u9fff]{2,15})$")


def _is_full(line: Line, full_width: int, first: bool) -> bool:
    """Does the line reach the right margin (so the paragraph goes on)?

    A paragraph's first line is indented by two characters, so it is full a little earlier.
    """
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


def _starts_new(prev: Line, nxt: Line, full_width: int, first: bool) -> bool:
    """Must a new paragraph start at ``nxt``, given the previous line ``prev``?"""
    if is_date_line(nxt.text) or is_date_line(prev.text):
        return True
    if ATTACHMENT_RE.match(nxt.text) or ATTACHMENT_NOTE_RE.match(nxt.text):
        return True
    prev_full = _is_full(prev, full_width, first)
    prev_end = prev.text[-1] in SENTENCE_END
    h = match_heading(nxt.text)
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
    if _cellular(prev) or _cellular(nxt):
        return True
    if prev_end and nxt.width < full_width - 3 and nxt.width >= full_width - 10 \
            and nxt.text[-1] not in SENTENCE_END:
        # A full line ending a sentence, then a line indented like a paragraph's first line.
        return True
    if looks_like_issuer(nxt.text) and prev_end:
        return True
    return False


def paragraphs(lines: list[Line], full_width: int) -> list[list[int]]:
    """Group consecutive lines into paragraphs; returns lists of line indices."""
    groups: list[list[int]] = []
    for i, ln in enumerate(lines):
        if groups:
            cur = groups[-1]
            prev = lines[cur[-1]]
            if not _starts_new(prev, ln, full_width, first=len(cur) == 1):
                cur.append(i)
                continue
        groups.append([i])
    return groups


def _join(lines: list[Line], idx: list[int]) -> str:
    text = ""
    for i in idx:
        text = join_wrapped(text, lines[i].text)
    return text


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

    # -- blocks and sections ------------------------------------------------------------
    def _block(self, kind: str, idx: list[int], text: str | None = None) -> Block:
        first, last = self.lines[idx[0]], self.lines[idx[-1]]
        block = Block(
            id=f"{self.doc_id}-b{len(self.blocks) + 1:04d}", doc_id=self.doc_id,
            ordinal=len(self.blocks) + 1, kind=kind,
            text=_join(self.lines, idx) if text is None else text,
            section_id=self.stack[-1][1].id if self.stack else None,
            page=first.page, src_start=first.start, src_end=last.end)
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
                      block_id=block.id, page=block.page)
        self.sections.append(sec)
        self.stack.append((key, sec))
        block.section_id = sec.id
        return sec

    # -- the document -------------------------------------------------------------------
    def build(self) -> Document:
        lines, head, doc = self.lines, self.head, self.doc
        body_from = 0
        if head is not None:
            for k in head.issuer_lines:
                self._block("issuer", [k - head.start])
            title_idx = [k - head.start for k in head.title_lines]
            if title_idx:
                # The title as read: a spaced-out 通  知 closes up (offsets keep the source).
                self._block("title", title_idx,
                            squeeze_cjk_spaces(_join(self.lines, title_idx)))
            doc.title = head.title
            doc.issuers = head.issuers
            if head.doc_no_line is not None:
                b = self._block("doc_no", [head.doc_no_line - head.start])
                doc.doc_no = parse_doc_no(b.text) or parse_doc_no(b.text.replace(" ", ""))
                if doc.doc_no is None and b.text:
                    from .model import DocNo
                    doc.doc_no = DocNo(b.text, squeeze_cjk_spaces(b.text).replace(" ", ""),
                                       "", None, None)
            body_from = head.body_start - head.start
        doc.doc_type = doc_type_of(doc.title)
        m = ENCLOSE_RE.search(doc.title)
        expected_enclosure = _strip_book(m["what"]) if m else None
        if m:
            doc.enclosed_type = doc_type_of(expected_enclosure)
        body = lines[body_from:]
        self.decimal_tops = {re.match(r"[0-9]+", ln.text)[0] for ln in body
                             if re.match(r"^[0-9]{1,2}[．.][0-9]", ln.text)}
        groups = [[i + body_from for i in g] for g in paragraphs(body, self.full_width)]
        self._body(groups, expected_enclosure)
        if self.blocks and self.blocks[0].page is not None:
            doc.first_page = self.blocks[0].page
        if self.blocks and self.blocks[-1].page is not None:
            doc.last_page = self.blocks[-1].page
        return doc

    def _body(self, groups: list[list[int]], expected_enclosure: str | None) -> None:
        doc, lines = self.doc, self.lines
        signed = False          # the notice's signature and date have been seen
        in_notes = False        # inside the 附件：1．… 2．… list of the notice
        expect_enclosure = expected_enclosure is not None
        g = 0
        # Recipients: the first paragraph(s) up to a line ending with ：
        if groups and self.head is not None and self.head.doc_no_line is not None:
            first = lines[groups[0][0]].text
            if first.startswith("各") or "人民政府" in first or "各部门" in first:
                for k in range(min(3, len(groups))):
                    if lines[groups[k][-1]].text.rstrip().endswith(("：", ":")):
                        idx = [i for grp in groups[:k + 1] for i in grp]
                        b = self._block("recipients", idx)
                        doc.recipients = b.text.rstrip("：:")
                        g = k + 1
                        break
        while g < len(groups):
            idx = groups[g]
            text = _join(lines, idx)
            nxt = _join(lines, groups[g + 1]) if g + 1 < len(groups) else ""
            g += 1
            if is_date_line(text) and len(idx) == 1:
                self._block("date", idx)
                if doc.date is None:
                    doc.date = parse_date(text)
                signed = True
                in_notes = False
                continue
            if len(idx) == 1 and (looks_like_issuer(text) or SIGNER_RE.match(text)) \
                    and is_date_line(nxt):
                self._block("signature", idx)
                continue
            note = ATTACHMENT_NOTE_RE.match(text)
            if note and note["rest"].strip() or (note and not signed):
                self._block("attachment_note", idx)
                doc.attachments.extend(_attachment_titles(note["rest"]))
                in_notes = True
                continue
            if in_notes and not signed:
                h = match_heading(text)
                if h is not None and h.kind == "arabic":
                    self._block("attachment_note", idx)
                    doc.attachments.append(_strip_book(h.rest))
                    continue
            att = ATTACHMENT_RE.match(text)
            if att:
                b = self._block("heading", idx)
                g = self._titled_section(groups, g, b, "attachment",
                                         squeeze_cjk_spaces(text), doc.attachments, att["n"])
                expect_enclosure = False
                continue
            if signed and not expect_enclosure and not self._has_enclosure() \
                    and _standalone_title(lines, idx, text, self.full_width):
                # The regulation a 令 promulgates, or a text issued without 《》 in the notice.
                b = self._block("heading", idx)
                self._section(("enclosure",), "enclosure", "", squeeze_cjk_spaces(text), b,
                              reset=True)
                continue
            if expect_enclosure and signed:
                expect_enclosure = False
                n_title = _title_groups(lines, groups, g - 1, [expected_enclosure])
                if n_title:
                    idx = [i for grp in groups[g - 1:g - 1 + n_title] for i in grp]
                    b = self._block("heading", idx)
                    self._section(("enclosure",), "enclosure", "",
                                  squeeze_cjk_spaces(b.text), b, reset=True)
                    g += n_title - 1
                    continue
            self._content(idx, text)

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
        h = match_heading(text)
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
            b = self._block("heading" if only else "list_item", idx)
            self._section(key, h.kind, h.numbering, title, b)
            return
        self._block("paragraph", idx)


def _standalone_title(lines: list[Line], idx: list[int], text: str, full_width: int) -> bool:
    """A one-line title of an enclosed text: short, no sentence punctuation, not numbered,
    naming a 文种 such as 办法, 条例, 规定."""
    from .segment import doc_type_of

    return (len(idx) == 1 and lines[idx[0]].width < min(full_width, 200) - 10
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
        return re.sub(r"\s+", "", s)

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
    if best:
        return best
    first = lines[groups[g][0]] if g < len(groups) else None
    if first is not None and len(groups[g]) == 1 and first.text[-1] not in TERMINAL \
            and match_heading(first.text) is None and "  " not in first.text.strip():
        return 1
    return 0


def build_documents(clean: CleanSource, heads: list[DocHead], issue_id: str):
    """Build every document of the issue. Lines before the first document (a cover or a
    table of contents) become a document of their own so no text is lost."""
    lines = clean.lines
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
        doc = builder.build()
        if head is None:
            doc.title = "目录" if any("目录" in ln.text.replace(" ", "") for ln in lines[a:b]) \
                else "卷首"
            doc.doc_type = "其他"
        docs.append(doc)
        sections.extend(builder.sections)
        blocks.extend(builder.blocks)
    return docs, sections, blocks


def _rebase(head: DocHead | None, a: int) -> DocHead | None:
    """Heads index the issue's lines; the builder indexes the document's lines from ``a``."""
    if head is None:
        return None
    return DocHead(start=a, issuer_lines=head.issuer_lines, title_lines=head.title_lines,
                   doc_no_line=head.doc_no_line, body_start=head.body_start,
                   issuers=head.issuers, title=head.title)
