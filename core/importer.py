"""Importing a file: validate, read (text or PDF), clean, parse, extract, store.

``parse_file`` does everything but the store and never touches the library; ``import_file``
then stores the result in one transaction. Every way a file can be wrong ends in an
:class:`~core.errors.InputError` with a Chinese message naming the file, before the library
is opened for writing, so a failed import leaves the library exactly as it was.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import re
import stat
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .clean import clean_source
from .errors import InputError, NotAGazette, os_reason
from .extract import extract_issue
from .model import Document, Issue, ParsedIssue, file_name_gazette, file_name_issue, single_name
from .parse import build_documents
from .progress import Progress, check_cancel, report
from .segment import find_documents

if TYPE_CHECKING:
    from .store import Library

MAX_BYTES = 64 * 1024 * 1024      # larger files are refused (a gazette issue is a few MB)
# Parsing takes about 16 bytes of memory per byte of text (tests/bench/bench_memory.py): a
# text file over 16 MB, or more than 6 million characters from any source, is refused, which
# bounds an import at a few hundred MB (a 63 MB text took 1.55 GB).
MAX_TEXT_BYTES = 16 * 1024 * 1024
MAX_TEXT_CHARS = 6_000_000
_ISSUE_NO_RE = re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*第\s*(?P<n>\d{1,3})\s*(?P<u>[期号])")
_NAME_RE = re.compile(r"^[\u4e00-\u9fff]{2,30}公报$")
# Control characters that never belong in stored text: C0 but tab, newline and form feed (the
# page separator), DEL and C1. ESC or BEL in a title would otherwise reach a terminal.
_CONTROLS_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]+")


def strip_controls(text: str) -> str:
    """Text without control characters other than tab, newline and form feed (CR becomes a
    newline, as in a decoded text file)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS_RE.sub("", text)


@dataclass(slots=True)
class ImportReport:
    issue_id: str
    label: str
    documents: int
    pages: int | None
    replaced_id: str | None = None
    warnings: tuple[str, ...] = ()


def read_source(path: Path, progress: Progress | None = None,
                cancel: threading.Event | None = None) -> tuple[str, str, bytes]:
    """Return (text, kind, raw bytes): kind is ``text`` or ``pdf``; PDF pages are joined with
    form feeds. Raises InputError for anything that is not a readable gazette file."""
    name = _display_name(path)
    try:
        st = path.stat()
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise InputError(f"{name}：符号链接形成了循环，无法打开（{_display_name(path, True)}）。"
                             ) from e
        if e.errno == errno.ENOENT and path.is_symlink():
            raise InputError(f"{name}：符号链接指向的文件不存在（{_display_name(path, True)}）。"
                             ) from e
        if e.errno in (errno.ENOENT, errno.ENOTDIR):
            raise InputError(f"{name}：文件不存在（{_display_name(path, True)}）。") from e
        raise InputError(f"{name}：无法读取文件（{os_reason(e)}）。") from e
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{name}：这是一个文件夹，请选择公报文件（PDF 或 TXT）。")
    if not stat.S_ISREG(st.st_mode):
        kind = ("管道（FIFO）" if stat.S_ISFIFO(st.st_mode) else
                "设备文件" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                "套接字" if stat.S_ISSOCK(st.st_mode) else "特殊文件")
        raise InputError(f"{name}：这是一个{kind}，不是普通文件，请选择公报文件（PDF 或 TXT）。")
    size = st.st_size
    if size == 0:
        raise InputError(f"{name}：文件是空的。")
    if size > MAX_BYTES:
        raise InputError(f"{name}：文件过大（{size / 1048576:.0f} MB），超过 {MAX_BYTES // 1048576} MB"
                         "的上限，不像是一期公报。")
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
        is_pdf = path.suffix.lower() == ".pdf" or b"%PDF-" in head
        if not is_pdf and size > MAX_TEXT_BYTES:
            raise InputError(f"{name}：文本文件过大（{size / 1048576:.0f} MB），超过"
                             f" {MAX_TEXT_BYTES // 1048576} MB 的上限（一期公报的文本通常只有几 MB），"
                             "请拆分后再导入。")
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(f"{name}：无法读取文件（{os_reason(e)}）。") from e
    if is_pdf:
        from .pdfsource import read_pdf_pages

        pages = read_pdf_pages(path, progress=progress, cancel=cancel)
        return "\f".join(p.replace("\f", "\n") for p in pages), "pdf", raw
    return decode_text(raw, name), "text", raw


def decode_text(raw: bytes, name: str) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK."""
    if raw.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", raw)]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", raw)]
    elif b"\x00" in raw[:65536] and _utf16_without_bom(raw):
        candidates = [(_utf16_without_bom(raw), raw)]
    else:
        if b"\x00" in raw[:65536]:
            raise InputError(f"{name}：这是二进制文件，不是文本或 PDF 格式的公报。")
        candidates = [("utf-8", raw), ("gb18030", raw)]
    for encoding, data in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\r\n\t\f")
        if controls > max(8, len(text[:65536]) // 200):
            raise InputError(f"{name}：这是二进制文件，不是文本或 PDF 格式的公报。")
        if not text.strip():        # only a byte order mark, spaces or blank lines
            raise InputError(f"{name}：文件是空的（只有空白）。")
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise InputError(f"{name}：无法识别文本编码（支持 UTF-8、GB18030/GBK），请转换后再导入。")


def _utf16_without_bom(raw: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``raw`` looks like UTF-16 text without a byte
    order mark (its zero bytes, the high halves of ASCII characters, all on one side, and
    it decodes to mostly CJK or printable text); else None."""
    sample = raw[:65536]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) // 2 * 2]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) < 4 or min(even, odd) * 3 > max(even, odd):
        return None
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = sample.decode(encoding)
    except UnicodeDecodeError:
        return None
    good = sum(1 for c in text if c.isprintable() or c in "\n\r\t\f")
    cjk = sum(1 for c in text if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef")
    return encoding if good >= len(text) * 0.98 and cjk >= len(text) * 0.05 else None


def _display_name(path: Path, full: bool = False) -> str:
    """A file name (or the whole path) that prints: bytes that are not valid UTF-8 in the
    name are shown as \\xNN."""
    text = str(path) if full else path.name
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def parse_text(text: str, *, source_name: str, sha256: str, kind: str = "text",
               progress: Progress | None = None,
               cancel: threading.Event | None = None,
               pdf_tables: list | None = None) -> ParsedIssue:
    """Parse the text of one issue (PDF pages joined with form feeds) into a ParsedIssue.

    ``pdf_tables`` are the ruled tables of a PDF source, handed on to the extraction."""
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"{source_name}：文本过长（{len(text) // 10000} 万字），超过"
                         f" {MAX_TEXT_CHARS // 10000} 万字的上限（一期公报通常只有几十万字），请拆分后再导入。")
    report(progress, 0, 4, "清理")
    text = strip_controls(text)
    clean = clean_source(text, paged=(kind == "pdf"))
    check_cancel(cancel)
    report(progress, 1, 4, "识别文件")
    heads = find_documents(clean.lines, clean.full_width)
    if not heads:
        raise NotAGazette(f"{source_name}：没有识别出任何公文（没有文号、令、公告、任免或统计公报，"
                          "也没有“××关于……的通知”式标题），看起来不是政府公报。")
    gazette, year, number = clean.gazette, clean.year, clean.number
    unit = clean.number_unit
    if not gazette or year is None:
        gazette, year, number, unit = _issue_from_front(clean.lines, gazette, year, number, unit)
    issue = Issue(id="i" + sha256[:12], gazette=gazette, year=year, number=number,
                  total_number=clean.total_number, source_name=source_name, sha256=sha256,
                  source_kind=kind, page_count=clean.page_count,
                  number_unit=unit)
    check_cancel(cancel)
    report(progress, 2, 4, "解析")
    docs, sections, blocks = build_documents(clean, heads, issue.id)
    single = _single_document(issue, docs)
    if single is not None:
        # One official document (a web page's text), not an issue: named after it, with no
        # issue number (the 文号's serial or the file name's digits are not one).
        issue.gazette = single_name(single.issuers, single.doc_no.normalized if single.doc_no
                                    else None, single.title)
        issue.year = None
    else:
        # No running header or cover naming the issue: the file's name may.
        if not issue.gazette:
            issue.gazette = file_name_gazette(source_name) or ""
        named = file_name_issue(source_name) if issue.year is None else None
        if named:
            issue.year, issue.number = named
    if issue.year is None:
        # No running header or cover: the year the documents were signed in.
        years = Counter(d.date[:4] for d in docs if d.date)
        if years:
            issue.year = int(years.most_common(1)[0][0])
        elif single is not None and single.doc_no is not None:
            issue.year = single.doc_no.year
    parsed = ParsedIssue(issue=issue, source_text=text, documents=docs, sections=sections,
                         blocks=blocks, pages=clean.pages_seen, pdf_tables=pdf_tables or [],
                         page_offset=clean.page_offset)
    check_cancel(cancel)
    report(progress, 3, 4, "提取表格与分工")
    extract_issue(parsed, cancel=cancel)
    estimated = {b.id for b in parsed.blocks if b.page_estimated}
    for task in parsed.tasks:
        task.page_estimated = task.block_id in estimated
    check_cancel(cancel)
    report(progress, 4, 4, "解析完成")
    return parsed


def _single_document(issue: Issue, docs) -> Document | None:
    """The document of a file that holds one official document and nothing of a gazette:
    no gazette name or issue number printed, no gazette sections."""
    if issue.gazette or issue.number is not None:
        return None
    if len(docs) != 1 or docs[0].kind != "document":
        return None
    return docs[0]


def _issue_from_front(lines, gazette, year, number, unit="期"):
    """Gazette name, year, number (and 期 or 号) from a cover page."""
    for ln in lines[:60]:
        t = ln.text.replace(" ", "")
        if not gazette and _NAME_RE.match(t):
            gazette = t
        m = _ISSUE_NO_RE.search(ln.text)
        if m and year is None and ("公报" in ln.text or len(t) <= 14):
            year, number, unit = int(m["y"]), int(m["n"]), m["u"]
    return gazette, year, number, unit


def parse_file(path: str | Path, progress: Progress | None = None,
               cancel: threading.Event | None = None) -> ParsedIssue:
    """Read and parse one file without touching the library."""
    path = Path(path)
    text, kind, raw = read_source(path, progress=None if progress is None else
                                  (lambda d, t, s: progress(d, t, "读取 PDF")), cancel=cancel)
    check_cancel(cancel)
    sha = hashlib.sha256(raw).hexdigest()
    tables = []
    if kind == "pdf":
        from .pdfsource import extract_ruled_tables, merge_continued

        tables = merge_continued(extract_ruled_tables(path, cancel=cancel))
    return parse_text(text, source_name=_display_name(path), sha256=sha, kind=kind,
                      progress=progress, cancel=cancel, pdf_tables=tables)


def import_file(library: Library, path: str | Path, *, replace: bool = False,
                progress: Progress | None = None,
                cancel: threading.Event | None = None,
                on_parsed: Callable[[ParsedIssue], None] | None = None) -> ImportReport:
    """Parse ``path`` and store it in ``library`` in one transaction. ``on_parsed`` is
    called with the parsed issue before it is stored (the command line starts writing its
    index segment then)."""
    parsed = parse_file(path, progress=progress, cancel=cancel)
    check_cancel(cancel)
    if on_parsed is not None:
        on_parsed(parsed)
    report(progress, 0, 1, "写入资料库")
    stored = library.import_issue(parsed, replace=replace)
    report(progress, 1, 1, "写入资料库")
    issue = parsed.issue
    return ImportReport(issue_id=stored.issue_id, label=issue.label,
                        documents=len(parsed.documents), pages=issue.page_count,
                        replaced_id=stored.replaced_id, warnings=tuple(parsed.warnings))
