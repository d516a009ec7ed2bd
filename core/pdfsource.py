"""Reading gazette PDFs: the text layer page by page, and ruled tables.

:func:`read_pdf_pages` gives one string per page (lines separated by ``\\n``) with pypdfium2,
so page numbers are exact; the text then goes through the same cleaning and parsing as an
imported text file. A page set in two columns (:func:`find_gutter`: a gap most rows leave
at the same x between two runs of text) is rebuilt from the characters' boxes in reading
order, the left column then the right one, band by band between lines across the page
(:func:`reading_order_text`); a one-column page keeps pdfium's order. Every line keeps its
indent from the text margin as full-width spaces, so paragraph starts and right-aligned
signatures survive. :func:`extract_ruled_tables` runs pdfplumber's table finder on the pages
that carry ruling lines, and :func:`merge_continued` joins a table that runs over a page
break. Every failure the user can meet (not a PDF, damaged or truncated, password,
no pages, no text layer) is an :class:`~core.errors.InputError` with a Chinese message that
names the file; no pdfium or pdfminer message reaches stderr.
"""

from __future__ import annotations

import bisect
import contextlib
import logging
import re
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import GazetteError, InputError, os_reason
from .progress import Progress, check_cancel, report
from .textmatch import fold_width

STAGE_READ = "读取 PDF"
STAGE_TABLES = "识别表格"

# A page needs at least this many drawn paths (lines or rectangles) to hold a ruled table.
MIN_RULING_PATHS = 4
# Continued tables: left and right edges may differ by this share of the table's width.
EDGE_TOLERANCE = 0.03

# A complete PDF ends with %%EOF within this many bytes of its end.
TAIL_BYTES = 4096

# Only files this small are handed to pdfminer to tell "no pages" from "damaged".
SMALL_PDF_BYTES = 1 << 20

# pdfium is not thread-safe: every use of pypdfium2 in the program should hold this lock.
PDFIUM_LOCK = threading.RLock()

_QUIET_LOGGERS = ("pdfminer", "pdfplumber")
_CJK = re.compile(
    r"[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
_RADICALS = re.compile(r"[\u2f00-\u2fdf\uf900-\ufaff]")
_STRAY = str.maketrans("", "", "\x00\x02\ufeff\ufffe\uffff")


@dataclass(slots=True)
class PdfTable:
    """A ruled table found on a page.

    ``page`` is 1-based; ``bbox`` is ``(x0, top, x1, bottom)`` in points from the page's
    top-left corner, on ``page``. After :func:`merge_continued`, ``last_page`` is the page
    where the table ends (None: the same page).
    """

    page: int
    rows: list[list[str]]
    bbox: tuple[float, float, float, float]
    last_page: int | None = None

    @property
    def column_count(self) -> int:
        return max((len(r) for r in self.rows), default=0)


# --- errors -------------------------------------------------------------------------------

def _damaged(path: Path) -> InputError:
    return InputError(f"{path.name}：PDF 文件已损坏或不完整，无法读取。")


def _no_pages(path: Path) -> InputError:
    return InputError(f"{path.name}：PDF 中没有任何页面（或页面目录已损坏），无法读取。")


def _check_file(path: Path) -> None:
    """Reject what pdfium would misreport: missing, empty, not a PDF, cut off."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(1024)
            f.seek(max(0, size - TAIL_BYTES))
            tail = f.read()
    except FileNotFoundError:
        raise InputError(f"{path.name}：找不到这个文件，请确认路径是否正确。") from None
    except IsADirectoryError:
        raise InputError(f"{path.name}：这是一个文件夹，不是 PDF 文件。") from None
    except OSError as e:
        raise InputError(f"{path.name}：无法打开文件（{os_reason(e)}）。") from None
    if size == 0:
        raise InputError(f"{path.name}：文件是空的，没有任何内容。")
    if b"%PDF-" not in head:
        raise InputError(f"{path.name}：这不是 PDF 文件，或 PDF 文件已损坏，无法读取。")
    if b"%%EOF" not in tail:
        raise _damaged(path)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Keep pdfium warnings and pdfminer log records off stderr."""
    loggers = [logging.getLogger(name) for name in _QUIET_LOGGERS]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def _why_unopenable(path: Path) -> InputError:
    """The error for a PDF that pdfium refused to load.

    pdfium's error code is process-wide and not reset by every failure (an empty page tree
    fails with the code of the previous failure), so the reason is read from the file.
    """
    data = path.read_bytes()
    if b"/Encrypt" in data:
        return InputError(f"{path.name}：PDF 文件已加密，请先解除密码保护。")
    if len(data) <= SMALL_PDF_BYTES and _page_count_pdfminer(path) == 0:
        return _no_pages(path)
    return _damaged(path)


def _page_count_pdfminer(path: Path) -> int | None:
    """Pages in the file as pdfminer counts them; None when it cannot read it either."""
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            return len(pdf.pages)
    except Exception:  # noqa: BLE001 - any failure means "cannot tell"
        return None


def _open_document(path: Path):
    """Open ``path`` with pypdfium2, turning every failure into an :class:`InputError`."""
    import pypdfium2 as pdfium

    _check_file(path)
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        raise _why_unopenable(path) from None
    except OSError as e:
        raise InputError(f"{path.name}：无法打开文件（{os_reason(e)}）。") from None
    if len(doc) == 0:
        doc.close()
        raise _no_pages(path)
    return doc


# --- text ---------------------------------------------------------------------------------

def _normalize_chars(text: str) -> str:
    """Map Kangxi radicals and compatibility ideographs (as some fonts' ToUnicode tables give
    them) to the ordinary characters, and drop pdfium's marker characters."""
    text = text.translate(_STRAY)
    return _RADICALS.sub(lambda m: fold_width(m.group()), text)


def normalize_page_text(raw: str) -> str:
    """pdfium page text to ``\\n``-separated lines, lines kept. Trailing spaces are removed
    but for one: a line that ends in a space the PDF prints (a word space the wrap fell on:
    ``ISO 9001 `` / ``认证``) keeps one, which tells the paragraph's joining that the words
    on either side of the wrap are apart."""
    text = _normalize_chars(raw.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(_keep_word_space(line) for line in text.split("\n")).strip("\n")


def _keep_word_space(line: str) -> str:
    stripped = line.rstrip()
    if stripped and len(stripped) < len(line) and line[len(stripped)] == " ":
        return stripped + " "
    return stripped


def read_pdf_pages(
    path: Path,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> list[str]:
    """The text of each page of the PDF at ``path``, in order, one string per page.

    Lines are kept as the page shows them (``\\n`` between them, nothing joined); a page
    without text gives ``""``. Reports progress per page (stage ``读取 PDF``) and raises
    :class:`~core.errors.Cancelled` when ``cancel`` is set. Raises :class:`InputError` for
    a file that is not a PDF, is damaged or truncated, needs a password, has no pages, or
    has no text layer at all (a scan: OCR is not supported).
    """
    import pypdfium2 as pdfium

    path = Path(path)
    with PDFIUM_LOCK, _quiet():
        doc = _open_document(path)
        try:
            total = len(doc)
            pages: list[str | None] = []
            one_column: dict[int, tuple[str, list[float | None], float]] = {}
            report(progress, 0, total, STAGE_READ)
            gutters: list[float] = []
            for index in range(total):
                check_cancel(cancel)
                try:
                    page = doc[index]
                    textpage = page.get_textpage()
                    raw = reading_order_text(textpage, found=gutters)
                    if raw is None:
                        one_column[index] = line_starts(textpage)
                    textpage.close()
                    page.close()
                except pdfium.PdfiumError:
                    raise _damaged(path) from None
                pages.append(None if raw is None else normalize_page_text(raw))
                report(progress, index + 1, total, STAGE_READ)
            if gutters and one_column:
                # a short page of a two-column issue (a document's last lines, three to a
                # column) has too few rows to show its gutter: the gutter tells
                hint = sorted(gutters)[len(gutters) // 2]
                for index in list(one_column):
                    check_cancel(cancel)
                    try:
                        page = doc[index]
                        textpage = page.get_textpage()
                        raw = reading_order_text(textpage, hint=hint)
                        textpage.close()
                        page.close()
                    except pdfium.PdfiumError:
                        raise _damaged(path) from None
                    if raw is not None:
                        pages[index] = normalize_page_text(raw)
                        del one_column[index]
        finally:
            doc.close()
    margin = text_margin([starts for _, starts, _ in one_column.values()])
    for index, (text, starts, em) in one_column.items():
        own = min((x for x in starts if x is not None), default=None)
        page_margin = own if margin is None or own is None or own < margin - 2 else margin
        pages[index] = normalize_page_text(indented_text(text, starts, em, page_margin))
    if not any(p.strip() for p in pages):
        raise InputError(f"{path.name}：PDF 中没有可提取的文字（可能是扫描件），暂不支持 OCR。")
    return pages


# --- reading order ------------------------------------------------------------------------

# A gutter is accepted when this many rows have text on both sides of it ...
MIN_SPLIT_ROWS = 3
# ... and at most this share of the rows run across it (headers, titles, footers).
MAX_CROSSING_SHARE = 0.34


@dataclass(slots=True)
class _Run:
    """A run of text on one line of the page (pdfium's text rectangle), in points with y
    growing upwards as pdfium gives it."""

    left: float
    bottom: float
    right: float
    top: float
    text: str
    em: float = 0.0     # width of a full-width character on the page
    space_before: bool = False    # the PDF prints a word space just before the run
    space_after: bool = False     # ... or just after it

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 1.0)


def _runs(textpage) -> list[_Run]:
    """The page's text as runs: characters of one printed line with no gap wider than a
    character between them (from the characters' boxes, so the order in the content stream
    does not matter)."""
    text = textpage.get_text_range()
    if len(text) != textpage.count_chars():
        return []
    chars = []
    spaces = []       # the word spaces the PDF prints: (bottom, left, right)
    for i, ch in enumerate(text):
        if ch.isspace():
            if ch == " ":
                left, bottom, right, _ = textpage.get_charbox(i, loose=True)
                if right > left:
                    spaces.append((bottom, left, right))
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        chars.append((left, bottom, right, top, ch))
    widths = sorted(c[2] - c[0] for c in chars if _CJK.match(c[4]))
    em = widths[len(widths) // 2] if widths else 10.0
    runs: list[_Run] = []
    for row in _rows([_Run(*c) for c in chars]):
        cur = None
        for c in row:
            em = c.height
            if cur is not None and c.left - cur.right <= 0.8 * em:
                gap = c.left - cur.right
                cur.text += (" " if gap > 0.15 * em else "") + c.text
                cur.right = max(cur.right, c.right)
                cur.top = max(cur.top, c.top)
                continue
            cur = _Run(c.left, c.bottom, c.right, c.top, c.text, em)
            runs.append(cur)
    _mark_spaces(runs, spaces)
    return runs


def _mark_spaces(runs: list[_Run], spaces: list[tuple[float, float, float]]) -> None:
    """Note on each run whether a printed word space stands right before or after it (on its
    line): where a line wraps, it is the only sign that the words on the two lines are apart
    (``到`` / `` 2027 年``), as its absence is of a number the wrap broke (``202`` / ``3 年``)."""
    if not spaces or not runs:
        return
    spaces.sort()
    bottoms = [sp[0] for sp in spaces]
    for run in runs:
        tol = 0.4 * run.height
        lo = bisect.bisect_left(bottoms, run.bottom - tol)
        hi = bisect.bisect_right(bottoms, run.bottom + tol)
        near = max(run.em or run.height, 1.0) * 0.6
        for _, left, right in spaces[lo:hi]:
            if -near <= left - run.right <= near and right > run.right:
                run.space_after = True
            if -near <= run.left - right <= near and left < run.left:
                run.space_before = True


def _rows(runs: list[_Run]) -> list[list[_Run]]:
    """Runs grouped into printed rows (same baseline), top to bottom, left to right."""
    rows: list[list[_Run]] = []
    for run in sorted(runs, key=lambda r: (-r.bottom, r.left)):
        if rows and abs(rows[-1][0].bottom - run.bottom) <= 0.4 * run.height:
            rows[-1].append(run)
        else:
            rows.append([run])
    for row in rows:
        row.sort(key=lambda r: r.left)
    return rows


def _contiguous(runs: list[_Run]) -> bool:
    """Runs that read as one line of text: no gap wider than two characters between them."""
    return all(b.left - a.right <= 2 * a.height for a, b in zip(runs, runs[1:]))


def find_gutter(runs: list[_Run]) -> float | None:
    """The x of the gap between two text columns, or None for a one-column page.

    Candidates are the gaps between runs of the same row in the middle of the text area; the
    gutter is the one most rows have text on both sides of, with few rows running across
    it."""
    if len(runs) < 2 * MIN_SPLIT_ROWS:
        return None
    rows = _rows(runs)
    x0 = min(r.left for r in runs)
    x1 = max(r.right for r in runs)
    width = x1 - x0
    candidates = set()
    for row in rows:
        for a, b in zip(row, row[1:]):
            mid = (a.right + b.left) / 2
            if b.left - a.right >= a.height and x0 + 0.3 * width <= mid <= x0 + 0.7 * width:
                candidates.add(round(mid))
    best, best_split = None, -len(rows)
    for x in sorted(candidates):
        split = crossing = contiguous = filled = 0
        for row in rows:
            if any(r.left < x < r.right for r in row):
                crossing += 1
                continue
            left = [r for r in row if r.right <= x]
            right = [r for r in row if r.left >= x]
            em = row[0].em or row[0].height
            # Wrapped lines of the left column run up to the gutter.
            if left and x - left[-1].right <= 3 * em:
                filled += 1
            if left and right:
                split += 1
                # A line of each column reads as one piece of text (a table row has cells
                # with wide gaps instead).
                if _contiguous(left) and _contiguous(right):
                    contiguous += 1
        if split >= MIN_SPLIT_ROWS and crossing <= MAX_CROSSING_SHARE * len(rows) \
                and split >= 0.25 * len(rows) and contiguous >= 0.8 * split \
                and filled >= MIN_SPLIT_ROWS and split - 2 * crossing > best_split:
            best, best_split = x, split - 2 * crossing
    if best is None:
        return None
    # The middle of the empty band between the columns' text, on the rows of both columns.
    both = [row for row in rows if not any(r.left < best < r.right for r in row)
            and any(r.right <= best for r in row) and any(r.left >= best for r in row)]
    inner_left = max(r.right for row in both for r in row if r.right <= best)
    inner_right = min(r.left for row in both for r in row if r.left >= best)
    return (inner_left + inner_right) / 2


def fits_gutter(runs: list[_Run], x: float) -> bool:
    """Whether a page with too few rows to find its own gutter is set in the columns of the
    issue's other pages, whose gutter is at ``x``: no line of its body runs across ``x``
    (header and footer lines may), at least two rows have text on both sides, and each side
    of them reads as one piece of text (a table's cells have wide gaps instead)."""
    rows = _rows(runs)
    split = [row for row in rows if not any(r.left < x < r.right for r in row)
             and any(r.right <= x for r in row) and any(r.left >= x for r in row)]
    if len(split) < 2:
        return False
    first, last = rows.index(split[0]), rows.index(split[-1])
    body = rows[first:last + 1]
    if any(any(r.left < x < r.right for r in row) for row in body):
        return False
    return all(_contiguous([r for r in row if r.right <= x])
               and _contiguous([r for r in row if r.left >= x]) for row in split)


def _line_text(runs: list[_Run], left_edge: float) -> str:
    """One printed line: its runs in x order, with the indent from the column's left edge as
    full-width spaces (a first-line indent, or the padding of a right-aligned line)."""
    em = max(runs[0].em or runs[0].height, 1.0)
    text = ""
    prev = None
    for r in runs:
        if prev is not None and r.left - prev.right > 0.5 * em:
            text += " "
        text += r.text
        prev = r
    indent = round((runs[0].left - left_edge) / em)
    # a printed word space at the line's start or end is kept (one), as pdfium's own text of
    # a one-column page keeps it: it tells the paragraph's joining the words are apart
    lead = " " if runs[0].space_before and indent <= 0 else ""
    trail = " " if runs[-1].space_after else ""
    return "\u3000" * max(indent, 0) + lead + text.strip() + trail


def line_starts(textpage) -> tuple[str, list[float | None], float]:
    """pdfium's text of a page, the x where each of its lines starts (None for a blank
    line), and the width of a full-width character."""
    text = textpage.get_text_range()
    if len(text) != textpage.count_chars():
        return text, [], 10.0
    starts: list[float | None] = []
    widths = []
    pos = 0
    for line in text.split("\n"):
        k = next((j for j, ch in enumerate(line) if not ch.isspace()), None)
        if k is not None:
            left, _, right, _ = textpage.get_charbox(pos + k, loose=True)
            starts.append(left)
            if _CJK.match(line[k]):
                widths.append(right - left)
        else:
            starts.append(None)
        pos += len(line) + 1
    widths.sort()
    return text, starts, widths[len(widths) // 2] if widths else 10.0


def indented_text(text: str, starts: list[float | None], em: float, margin: float) -> str:
    """A one-column page as pdfium reads it, each line prefixed with its indent from the left
    margin in full-width spaces: a paragraph's first-line indent, or the padding of a centred
    or right-aligned line."""
    if not starts:
        return text
    out = []
    for line, x in zip(text.split("\n"), starts):
        indent = round((x - margin) / em) if x is not None and em > 0 else 0
        out.append("\u3000" * indent + line.lstrip() if indent > 0 else line)
    return "\n".join(out)


def text_margin(starts_by_page: list[list[float | None]]) -> float | None:
    """The left margin of the body text: the leftmost line start most pages share."""
    firsts = [round(min(x for x in starts if x is not None))
              for starts in starts_by_page if any(x is not None for x in starts)]
    if not firsts:
        return None
    return float(min(firsts, key=lambda x: (-sum(abs(y - x) <= 1 for y in firsts), x)))


def reading_order_text(textpage, *, found: list[float] | None = None,
                       hint: float | None = None) -> str | None:
    """The text of a page printed in two columns, in reading order: the left column from top
    to bottom, then the right one (lines that run across both, such as a running header or
    a title, cut the page into bands read in turn). None for a one-column page, which is read
    as pdfium gives it. The gutter found is appended to ``found``; ``hint`` is the gutter of
    the issue's other pages, taken when the page's own rows are too few to show one
    (:func:`fits_gutter`)."""
    runs = _runs(textpage)
    gutter = find_gutter(runs) if hint is None else (hint if fits_gutter(runs, hint) else None)
    if gutter is None:
        return None
    if found is not None:
        found.append(gutter)
    rows = _rows(runs)
    split = [k for k, row in enumerate(rows)
             if not any(r.left < gutter < r.right for r in row)
             and any(r.right <= gutter for r in row) and any(r.left >= gutter for r in row)]
    first, last = split[0], split[-1]
    inside = [r for row in rows[first:last + 1] for r in row]
    left_edge = min((r.left for r in inside if r.right <= gutter), default=0.0)
    right_edge = min((r.left for r in inside if r.left >= gutter), default=gutter)
    out: list[str] = []
    band_left: list[str] = []
    band_right: list[str] = []

    def flush() -> None:
        out.extend(band_left)
        out.extend(band_right)
        band_left.clear()
        band_right.clear()

    steps = sorted(a[0].bottom - b[0].bottom for a, b in zip(rows, rows[1:]))
    leading = steps[len(steps) // 2] if steps else 0.0

    def apart(k: int) -> bool:
        """A row above or below the body set apart from it by more than a line's space: a
        running header or footer printed on one side (``省政府文件  13``)."""
        if k < first:
            return k + 1 < len(rows) and rows[k][0].bottom - rows[k + 1][0].bottom > 1.6 * leading
        if k > last:
            return rows[k - 1][0].bottom - rows[k][0].bottom > 1.6 * leading
        return False

    def spanning(row: list[_Run], k: int) -> bool:
        """A line across both columns, or centred on the page (header, footer, title, also
        one letter-spaced: ``目    录``), or a header or footer on one side."""
        if any(r.left < gutter < r.right for r in row):
            return True
        em = row[0].em or 10.0
        if (k < first or k > last) and len(row) == 1:
            if abs((row[0].left + row[0].right) / 2 - gutter) <= 2 * em:
                return True
        if len(row) <= 3 and row[-1].right - row[0].left <= 8 * em \
                and abs((row[0].left + row[-1].right) / 2 - gutter) <= em:
            return True
        return apart(k)

    for k, row in enumerate(rows):
        if spanning(row, k):
            flush()
            out.append(_line_text(row, left_edge).lstrip("\u3000"))
            continue
        left = [r for r in row if r.right <= gutter]
        right = [r for r in row if r.left >= gutter]
        if left:
            band_left.append(_line_text(left, left_edge))
        if right:
            band_right.append(_line_text(right, right_edge))
    flush()
    return "\n".join(out)


# --- tables -------------------------------------------------------------------------------

def clean_cell(text: str | None) -> str:
    """Cell text on one line: a line break between CJK characters (or next to CJK
    punctuation) disappears, one between Latin letters or digits becomes a space."""
    if not text:
        return ""
    parts = [p.strip() for p in _normalize_chars(text).replace("\r", "\n").split("\n")]
    out = ""
    for part in parts:
        if not part:
            continue
        if out and not (_CJK.match(out[-1]) or _CJK.match(part[0])):
            out += " "
        out += part
    return re.sub(r"[ \t]{2,}", " ", out)


def _ruled_pages(doc, wanted: list[int] | None) -> list[int]:
    """1-based numbers of the pages (among ``wanted``) that draw enough paths for a grid."""
    import pypdfium2.raw as pdfium_c

    numbers = wanted if wanted is not None else list(range(1, len(doc) + 1))
    found = []
    for number in numbers:
        if not 1 <= number <= len(doc):
            continue
        page = doc[number - 1]
        paths = page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,))
        for count, _ in enumerate(paths, start=1):
            if count >= MIN_RULING_PATHS:
                found.append(number)
                break
        page.close()
    return found


def extract_ruled_tables(
    path: Path,
    pages: list[int] | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> list[PdfTable]:
    """Ruled tables of the PDF at ``path`` (or of the 1-based ``pages``), in page order.

    Only pages that draw ruling lines are handed to pdfplumber's table finder (lines
    strategy). Cells are cleaned with :func:`clean_cell`; empty rows are dropped, and a
    "table" of a single column (a framed paragraph) is ignored. Reports progress per
    searched page (stage ``识别表格``), honours ``cancel``, and raises :class:`InputError`
    for the same bad files as :func:`read_pdf_pages` (except a missing text layer).
    """
    import pdfplumber

    path = Path(path)
    with _quiet():
        with PDFIUM_LOCK:
            doc = _open_document(path)
            try:
                candidates = _ruled_pages(doc, pages)
            finally:
                doc.close()
        tables: list[PdfTable] = []
        if not candidates:
            return tables
        try:
            with pdfplumber.open(path) as pdf:
                for done, number in enumerate(candidates):
                    check_cancel(cancel)
                    report(progress, done, len(candidates), STAGE_TABLES)
                    page = pdf.pages[number - 1]
                    found = page.find_tables({"vertical_strategy": "lines",
                                              "horizontal_strategy": "lines"})
                    for table in sorted(found, key=lambda t: (t.bbox[1], t.bbox[0])):
                        rows = [[clean_cell(c) for c in row] for row in table.extract()]
                        rows = [r for r in rows if any(r)]
                        if rows and max(len(r) for r in rows) >= 2:
                            bbox = tuple(round(float(v), 2) for v in table.bbox)
                            tables.append(PdfTable(number, rows, bbox))
                    page.close()
                report(progress, len(candidates), len(candidates), STAGE_TABLES)
        except GazetteError:
            raise
        except Exception:  # noqa: BLE001 - pdfminer raises many kinds on damaged content
            raise _damaged(path) from None
    return tables


def _continues(prev: PdfTable, cur: PdfTable) -> bool:
    """``cur`` opens the page after the one where ``prev`` ends, with the same columns."""
    if cur.page != (prev.last_page or prev.page) + 1:
        return False
    if cur.column_count != prev.column_count:
        return False
    width = max(prev.bbox[2] - prev.bbox[0], 1.0)
    return (abs(cur.bbox[0] - prev.bbox[0]) <= EDGE_TOLERANCE * width
            and abs(cur.bbox[2] - prev.bbox[2]) <= EDGE_TOLERANCE * width)


def merge_continued(tables: list[PdfTable]) -> list[PdfTable]:
    """Join tables that run over a page break.

    A table continues the previous one when it is the first table on the page after the one
    where the previous table ends (so that one was the last on its page), and both have the
    same number of columns and the same left and right edges. A header row repeated at the
    top of the continuation is dropped. The input is not changed.
    """
    ordered = sorted(tables, key=lambda t: (t.page, t.bbox[1]))
    merged: list[PdfTable] = []
    for i, table in enumerate(ordered):
        first_on_page = i == 0 or ordered[i - 1].page != table.page
        if merged and first_on_page and _continues(merged[-1], table):
            prev = merged[-1]
            rows = table.rows
            if rows and prev.rows and rows[0] == prev.rows[0]:
                rows = rows[1:]
            merged[-1] = PdfTable(prev.page, prev.rows + [list(r) for r in rows], prev.bbox,
                                  table.last_page or table.page)
            continue
        merged.append(PdfTable(table.page, [list(r) for r in table.rows], table.bbox,
                               table.last_page))
    return merged
