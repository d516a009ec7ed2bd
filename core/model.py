"""The domain model: plain dataclasses with stable ids.

Ids are strings that stay the same for the same input:

* ``Issue.id``     ``i`` + the first 12 hex digits of the source file's sha256;
* ``Document.id``  ``{issue_id}-d{order:02d}`` (order in the issue, from 1);
* ``Section.id``   ``{doc_id}-s{ordinal:03d}``;
* ``Block.id``     ``{doc_id}-b{ordinal:04d}``;
* ``Table.id``     ``{doc_id}-t{ordinal:02d}``;
* ``Task.id``      ``{doc_id}-k{ordinal:03d}``;
* ``Annotation.id`` a uuid4 hex string.

Offsets (``src_start``/``src_end``) are character offsets into the issue's source text as
stored in the library (for a PDF: the page texts joined with form feeds), so every block can
be traced back to the original characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

# A file that holds one official document, not a gazette issue, is stored as an entry whose
# ``gazette`` is its name: ``单篇文件 · 国务院 · 国发〔2018〕43号`` (issuer, then 文号 or title),
# with no issue number. Its label is that name, without 《》.
SINGLE_PREFIX = "单篇文件"
SINGLE_SEP = " · "


def is_single(gazette: str | None) -> bool:
    """True for the entry of a single document (see ``SINGLE_PREFIX``)."""
    return bool(gazette) and gazette.startswith(SINGLE_PREFIX + SINGLE_SEP)


def single_name(issuers: list[str], doc_no: str | None, title: str) -> str:
    """``单篇文件 · 国务院 · 国发〔2018〕43号``: the issuer(s), then the 文号, else the title."""
    who = "、".join(issuers)
    return SINGLE_SEP.join(x for x in (SINGLE_PREFIX, who, doc_no or title) if x)


# An issue's year and number in a file name (2023-05.pdf, 公报2023年第5期.txt)
_FILE_NO_RE = re.compile(r"(?P<y>(?:19|20)\d\d)\D{1,3}(?P<n>\d{1,2})(?!\d)")


def file_name_issue(name: str) -> tuple[int, int] | None:
    """(year, number) read from a file name's stem, or None."""
    m = _FILE_NO_RE.search(PurePath(name).stem)
    return (int(m["y"]), int(m["n"])) if m else None


# A gazette's name in a file name (许昌市人民政府公报2023年第3期.txt): Chinese characters
# ending in 公报, not counting a 年/期/号 of the issue printed before it.
_FILE_GAZETTE_RE = re.compile(r"(?<![\u4e00-\u9fff])[年期号]?(?P<name>[\u4e00-\u9fff]{2,30}公报)"
                              r"(?![\u4e00-\u9fff])")


def file_name_gazette(name: str) -> str | None:
    """The gazette's name read from a file name's stem (…公报), or None."""
    m = _FILE_GAZETTE_RE.search(PurePath(name).stem)
    return m["name"] if m else None


def issue_label(gazette: str | None, year: int | str | None, number: int | str | None,
                unit: str | None = "期") -> str:
    """The one way an issue is named: 《许昌市人民政府公报》2023年第3期; 《未知公报》 without a
    name; the year or the number left out when unknown; ``unit`` 号 for gazettes so numbered.
    A single document's entry is its name (``单篇文件 · 国务院 · 国发〔2018〕43号``)."""
    if is_single(gazette):
        return gazette
    return (f"《{gazette or '未知公报'}》" + (f"{year}年" if year else "")
            + (f"第{number}{unit or '期'}" if number else ""))


@dataclass(slots=True)
class Issue:
    id: str
    gazette: str                 # 公报名, e.g. 许昌市人民政府公报
    year: int | None             # 年
    number: int | None           # 期
    total_number: int | None     # 总第 N 期, when printed
    source_name: str             # file name as imported
    sha256: str
    source_kind: str             # "text" | "pdf"
    page_count: int | None       # exact for a PDF; the highest known page for text
    imported_at: str = ""        # ISO timestamp, set by the store
    number_unit: str = "期"      # 期, or 号 for gazettes numbered in 号 (国务院公报)

    @property
    def label(self) -> str:
        """《许昌市人民政府公报》2023年第3期 (第5号 for a gazette numbered in 号)."""
        return issue_label(self.gazette, self.year, self.number, self.number_unit)

    @property
    def kind(self) -> str:
        """``gazette`` (an issue of a gazette) or ``single`` (a file holding one document)."""
        return "single" if is_single(self.gazette) else "gazette"


@dataclass(slots=True, frozen=True)
class DocNo:
    """A 文号 as printed and normalised: 许政〔2023〕14号 = agency 许政, year 2023, serial 14."""

    printed: str
    normalized: str
    agency: str
    year: int | None
    serial: int | None


@dataclass(slots=True)
class Document:
    id: str
    issue_id: str
    order: int                          # order in the issue, from 1
    title: str
    issuers: list[str] = field(default_factory=list)     # 发文机关
    doc_no: DocNo | None = None         # 文号
    doc_type: str = ""                  # 文种 from the title: 通知, 决定, 规划 ...
    enclosed_type: str = ""             # for 印发/转发 notices: the enclosed text's 文种
    recipients: str = ""                # 主送
    date: str | None = None             # 成文日期, ISO yyyy-mm-dd
    attachments: list[str] = field(default_factory=list)  # 附件 titles
    first_page: int | None = None
    last_page: int | None = None
    # "document" (公文), or "gazette_section" for the gazette's own pages that are not
    # documents: 目录, 卷首, 领导活动, 政务动态 ...
    kind: str = "document"
    disclosure: str = ""                # （此件公开发布） etc., without the brackets
    contact: str = ""                   # （联系人：…；电话：…）, without the brackets
    pages_estimated: bool = False       # first/last page estimated (text source), not exact


DOCUMENT_KINDS = ("document", "gazette_section")


# Section kinds, from the outermost to the innermost numbering of GB/T 9704 documents.
SECTION_KINDS = (
    "enclosure",   # the enclosed text of a 印发 notice (its own title)
    "attachment",  # 附件 N
    "chapter",     # 第一章
    "chapter_part",  # 第一节
    "cn",          # 一、
    "paren_cn",    # （一）
    "article",     # 第一条
    "arabic",      # 1．
    "decimal",     # 2．1．2
    "paren_arabic",  # （1）
    "circled",     # ①
    "column",      # 专栏 N
    "table",       # 表 N
)


@dataclass(slots=True)
class Section:
    id: str
    doc_id: str
    ordinal: int
    parent_id: str | None
    level: int           # depth in the tree, 1 = top
    kind: str            # one of SECTION_KINDS
    numbering: str       # as printed: 一、 / （一） / 1． / 第一章 / 专栏 3 / 附件 2
    title: str           # heading text without the numbering
    block_id: str        # the heading's block
    page: int | None = None
    page_estimated: bool = False


# Block kinds.
BLOCK_KINDS = (
    "issuer", "title", "doc_no", "recipients", "heading", "paragraph", "list_item",
    "signature", "date", "attachment_note", "table_row", "caption",
    "publication_note",   # （此件公开发布） / （联系人：…） after the date: metadata
)


@dataclass(slots=True)
class Block:
    id: str
    doc_id: str
    ordinal: int
    kind: str
    text: str                 # clean text as the user reads it
    section_id: str | None = None
    page: int | None = None   # page the block starts on; None = unknown
    src_start: int = 0        # offsets into the issue's source text
    src_end: int = 0
    page_estimated: bool = False   # page counted from lines between footers, not printed


@dataclass(slots=True)
class Table:
    id: str
    doc_id: str
    ordinal: int
    caption: str
    header: list[list[str]] = field(default_factory=list)   # header row(s)
    rows: list[list[str]] = field(default_factory=list)     # body rows of cells
    groups: list[tuple[int, str]] = field(default_factory=list)  # (row index, group label)
    structured: bool = True                                 # every row split into cells
    section_id: str | None = None
    block_ids: list[str] = field(default_factory=list)
    first_page: int | None = None
    last_page: int | None = None
    raw_rows: list[int] = field(default_factory=list)   # rows kept whole (one raw-text cell)
    checks: list[dict] = field(default_factory=list)    # {label, stated, counted, unit, ok}
    pages_estimated: bool = False   # its rows' pages are estimates (text source)

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def structure(self) -> str:
        """``full`` (every row in cells), ``partial`` (some rows kept whole under a header
        of several columns) or ``raw`` (rows of raw text)."""
        if self.structured:
            return "full"
        width = len(self.header[0]) if self.header else max(map(len, self.rows), default=0)
        return "partial" if width > 1 and len(self.raw_rows) < len(self.rows) else "raw"


@dataclass(slots=True)
class Task:
    id: str
    doc_id: str
    ordinal: int
    text: str
    section_path: str = ""                                 # e.g. 二、（三）4．
    lead: list[str] = field(default_factory=list)          # 牵头单位 as printed
    support: list[str] = field(default_factory=list)       # 配合单位 as printed
    units: list[str] = field(default_factory=list)         # every responsible unit as printed
    deadline_text: str = ""
    deadline: str | None = None                            # ISO date when readable
    note: str = ""                                         # general note that applies
    source: str = "inline"                                 # inline | table | duty | sentence
    confidence: float = 1.0
    block_id: str | None = None
    table_id: str | None = None
    page: int | None = None
    page_estimated: bool = False    # the page is an estimate (its block's page, text source)


@dataclass(slots=True)
class Annotation:
    id: str
    doc_id: str
    block_id: str
    start: int                 # offset in the start block's text
    end: int                   # offset in the end block's text (exclusive)
    end_block_id: str | None = None   # when the passage spans several blocks
    quote: str = ""
    prefix: str = ""           # a little context before, for re-anchoring
    suffix: str = ""           # a little context after
    color: str = "yellow"      # yellow | green | red | blue
    note: str = ""
    created: str = ""
    modified: str = ""
    status: str = "ok"         # ok | orphan (could not be re-anchored)


@dataclass(slots=True)
class ParsedIssue:
    """What the parser produces for one source file, before it is stored."""

    issue: Issue
    source_text: str
    documents: list[Document] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)   # page numbers seen
    warnings: list[str] = field(default_factory=list)
    # Ruled tables found on the pages of a PDF (core.pdfsource.PdfTable, physical page
    # numbers), for the table extraction; empty for text sources.
    pdf_tables: list = field(default_factory=list)
    page_offset: int = 0     # printed page = physical page + page_offset (PDF)
