"""Cleaning: source text → content lines, with running headers and page footers removed.

The source is the text of one issue. Text extracted from a PDF arrives as one string; a PDF
read page by page arrives as page texts joined with form feeds (``\\f``), which makes page
numbers exact. Running headers (``××市人民政府公报（2023 年第 3 期）``) and footers (`` - 19 -``)
are recognised wherever they fall, even inside a sentence, and the page numbers they give are
recorded — also when a header carries the page number (``12  ××公报 2024 年第 7 期``, ``省政府文件
13``, on alternating sides) or gives the gazette's name on one page and its issue on the facing
one. A section's label set as a running header (``省政府文件``, where the page sequence puts one)
is removed too, and so is a line holding only a page number (``3``, ``—— 3 ——``) where the page
sequence puts one (:func:`_mark_text_page_numbers`). Every other non-blank line becomes a :class:`Line`, with its indent. In a text source, lines whose page no footer makes certain get a page estimated
from the line count between the known footers (:func:`estimate_pages`, ``page_estimated``).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from .textmatch import fold_width
from .textutil import display_width

# 许昌市人民政府公报（2023 年第 3 期） / 中华人民共和国国务院公报 2023 年第 5 号 / …（总第 123 期）
HEADER_RE = re.compile(
    r"^\s*(?P<name>[\u4e00-\u9fff]{2,30}公报)\s*[（(]?\s*(?P<year>(?:19|20)\d\d)\s*年\s*第\s*"
    r"(?P<num>\d{1,3})\s*(?P<unit>[期号])\s*(?:[（(,，]?\s*总第\s*(?P<total>\d{1,5})\s*[期号]\s*[）)]?)?\s*[）)]?\s*$")
# - 19 -  /  — 19 —  /  第 19 页  /  ·19·
FOOTER_RE = re.compile(
    r"^\s*(?:[-－—–―·•]\s*(?P<a>\d{1,4})\s*[-－—–―·•]|第\s*(?P<b>\d{1,4})\s*页(?:\s*共\s*\d+\s*页)?)\s*$")
BARE_NUMBER_RE = re.compile(r"^\s*(?P<n>\d{1,4})\s*$")
# A page number standing alone in text: 3, or set off by dashes the footer pattern leaves
# (—— 3 ——, 一 3 一 where the extraction read the dash as the character one).
_DASHES = "-－—–―·•一"
PAGE_NUMBER_LINE_RE = re.compile(
    rf"^\s*(?:(?P<n>\d{{1,4}})|[{_DASHES}]{{1,3}}\s*(?P<d>\d{{1,4}})\s*[{_DASHES}]{{1,3}})\s*$")
# Bare numbers as pages: at least this many lines apart (a table's or a list's numbers stand
# closer), and no number one apart from it within this many lines (a column of serials).
MIN_PAGE_LINES = 8
SERIAL_NEIGHBOURHOOD = 6
# The page number printed on the outer side of a header line: 12  ××公报 2024 年第 7 期 /
# ××公报 2024 年第 7 期  ·13· / ××公报 2024 年第 7 期  第 13 页
_PAGE_NO = r"[-－—–―·•]?\s*(?P<n>\d{1,4})\s*[-－—–―·•]?"
_LEAD_PAGE_NO = re.compile(rf"^\s*(?:{_PAGE_NO}|第\s*(?P<p>\d{{1,4}})\s*页)\s+(?=\S)")
_TAIL_PAGE_NO = re.compile(rf"(?<=\S)\s+(?:{_PAGE_NO}|第\s*(?P<p>\d{{1,4}})\s*页)\s*$")
# A running header naming the section and the page, the number on the outer side, set apart
# by a wide space: 省政府文件        13 / 12        国务院文件 / 【部门文件】  9
# (one word, or its characters spaced out: 目    录; never words apart, as cells of a row are)
_LABEL = (r"[【\[]?(?:[\u4e00-\u9fff][\u4e00-\u9fff·]{0,19}|[\u4e00-\u9fff](?: {1,6}[\u4e00-\u9fff]){1,5})"
          r"[】\]]?")
_PAGE_LABEL = (rf"^\s*(?:{_PAGE_NO.replace('?P<n>', '?P<a>')}SPACE(?P<l1>{_LABEL})"
               rf"|(?P<l2>{_LABEL})SPACE{_PAGE_NO.replace('?P<n>', '?P<b>')})\s*$")
PAGE_LABEL_RE = re.compile(_PAGE_LABEL.replace("SPACE", r"\s{2,}"))
# From a PDF, whose pages are known, the space may have closed up to one.
PAGE_LABEL_PDF_RE = re.compile(_PAGE_LABEL.replace("SPACE", r"\s+"))


@dataclass(slots=True)
class Line:
    """One non-blank content line of the source."""

    text: str            # stripped text
    start: int           # offset of text[0] in the source
    end: int             # offset after text[-1]
    page: int | None     # page the line is on, None when unknown
    width: int           # display columns (CJK = 2)
    page_break_before: bool = False   # a header/footer or form feed came just before
    indent: int = 0      # display columns of leading whitespace (full-width space = 2)
    full_width: int = 0  # width of a full line on this line's page when narrower (columns)
    page_estimated: bool = False      # page counted from the lines between footers
    # From a PDF: whether a word space is printed where the line starts or ends (a wrap
    # falling on it); None from text, where a line's edge spaces say nothing.
    space_before: bool | None = None
    space_after: bool | None = None


@dataclass(slots=True)
class CleanSource:
    lines: list[Line]
    gazette: str = ""
    year: int | None = None
    number: int | None = None
    number_unit: str = "期"         # 号 for gazettes numbered in 号 (国务院公报)
    total_number: int | None = None
    page_count: int | None = None
    pages_seen: list[int] = field(default_factory=list)
    noise_removed: int = 0          # header and footer lines dropped
    full_width: int = 76            # typical width of a full body line, in columns
    page_offset: int = 0            # printed page = physical page + page_offset (paged)


def _raw_lines(text: str):
    """Yield (physical page index from 1, line text, start offset) for every line."""
    page = 1
    pos = 0
    for chunk in text.split("\n"):
        parts = chunk.split("\f")
        off = pos
        for k, part in enumerate(parts):
            if k:
                page += 1
            yield page, part, off
            off += len(part) + 1
        pos += len(chunk) + 1


def _header_match(line: str):
    """The running header's match and the page number printed on the line (or None)."""
    if "公报" not in line:
        return None, None
    line = fold_width(line).replace("\u3000", " ")
    m = HEADER_RE.match(line)
    if m:
        return m, None
    for cut in (_LEAD_PAGE_NO, _TAIL_PAGE_NO):
        n = cut.search(line)
        if n:
            m = HEADER_RE.match(line[n.end():] if cut is _LEAD_PAGE_NO else line[:n.start()])
            if m:
                return m, int(n["n"] or n["p"])
    return None, None


def _page_label(line: str, paged: bool = False) -> tuple[str, int] | None:
    """(label, page number) of a line that may be a running header of a section
    (``省政府文件        13``), else None."""
    line = line.strip()
    if len(line) > 60 or not any(c.isdigit() for c in line):
        return None
    m = (PAGE_LABEL_PDF_RE if paged else PAGE_LABEL_RE).match(
        fold_width(line).replace("\u3000", " "))
    if not m:
        return None
    return re.sub(r"\s+", "", m["l1"] or m["l2"]), int(m["a"] or m["b"])


def _footer_number(line: str) -> int | None:
    line = line.strip()
    if len(line) > 24 or not any(c.isdigit() for c in line):
        return None
    m = FOOTER_RE.match(fold_width(line))
    if m:
        return int(m["a"] or m["b"])
    return None


UNWRAPPED = 10 ** 6    # "full width" of a source whose paragraphs are not wrapped at all


def is_unwrapped(lines: list[Line]) -> bool:
    """Text with one paragraph per line (copied from a web page, say) rather than lines
    wrapped at the page width: almost no long line stops in the middle of a sentence."""
    long = [ln.text for ln in lines if ln.width >= 40]
    if len(long) < 5:
        return False
    mid = sum(1 for t in long if "\u4e00" <= t[-1] <= "\u9fff" or t[-1].isalnum())
    return mid / len(long) < 0.1


# A table row flattened to text: a serial number then cells, cells apart by spaces between
# Chinese characters in two places (公司 首次 … 中心 10), or in one place and then a number
# cell at the end (…有限公司 首次认定高新技术企业 20).
_ROW_LIKE = re.compile(r"^\d{1,4}[．.、]?\s+\S+\s+\S|[\u4e00-\u9fff）)]\s+[\u4e00-\u9fff（(]"
                       r".*(?:[\u4e00-\u9fff）)]\s+[\u4e00-\u9fff（(]|\s\d+(?:\.\d+)?$)")


def body_widths(lines: list[Line]) -> list[int]:
    """The widths to measure the full line on: those of the lines a paragraph wraps (not a
    table row, not the end of a sentence), when there are some long ones. An issue that is
    mostly an award list has far more rows than prose lines, and the rows' widths (or those
    of its group labels) say nothing of the margin."""
    wrapped = [ln.width for ln in lines
               if not _ROW_LIKE.search(ln.text) and ln.text[-1] not in "。；：！？”）)"]
    if sum(w >= 40 for w in wrapped) >= 2:
        return wrapped
    return [ln.width for ln in lines]


def estimate_full_width(widths: list[int]) -> int:
    """The width of a full body line: the most common width among the long lines."""
    long = [w for w in widths if w >= 40]
    if not long:
        # Only short lines (a one-page notice): a GB/T 9704 page is at least 28 characters wide.
        return max(max(widths, default=76), 56)
    counts = Counter(long)
    # Smooth over ±1 column: extraction spacing makes full lines vary a little.
    best = max(counts, key=lambda w: (counts[w - 1] + counts[w] + counts[w + 1], w))
    if len(long) < 20:
        # Too few lines to tell: a GB/T 9704 page is at least 28 characters wide, and a
        # wrapped line reaches the margin (the second widest, should one line be odd).
        best = max(best, 56, sorted(long)[-2] if len(long) >= 2 else 0)
    return best


def clean_source(text: str, *, paged: bool = False) -> CleanSource:
    """Split ``text`` into content lines and recognise headers, footers and pages.

    ``paged`` means form feeds separate the physical pages of a PDF. Printed page numbers
    from footers (and headers carrying them) then map physical pages to printed ones; without
    ``paged``, only the numbered footers and headers tell where a page ended, so lines between two footers that are more than one
    page apart get ``page=None``.
    """
    raw = list(_raw_lines(text))
    header_names: Counter[tuple] = Counter()
    units: Counter[str] = Counter()
    noise: dict[int, int | None] = {}   # raw index -> the page number it gives (None: none)
    tops: set[int] = set()    # noise lines that start their page and carry its number
    for i, (_, line, _) in enumerate(raw):
        if not line.strip():
            continue
        hm, number = _header_match(line)
        if hm:
            header_names[(hm["name"], int(hm["year"]), int(hm["num"]),
                          int(hm["total"]) if hm["total"] else None)] += 1
            units[hm["unit"]] += 1
            noise[i] = number
            if number is not None:
                tops.add(i)
            continue
        n = _footer_number(line)
        if n is not None:
            noise[i] = n
    _mark_split_headers(raw, noise, tops, header_names, units)
    if paged:
        _mark_bare_page_numbers(raw, noise)
    else:
        _mark_text_page_numbers(raw, noise, tops)
    _mark_page_labels(raw, noise, tops, paged)
    if not paged and _last_nonblank(raw) in tops and _first_nonblank(raw) not in tops:
        tops.clear()     # the numbered header lines end the pages: footers

    result = CleanSource(lines=[])
    if header_names:
        (name, year, num, total), _ = header_names.most_common(1)[0]
        result.gazette, result.year, result.number, result.total_number = name, year, num, total
        result.number_unit = units.most_common(1)[0][0]

    # Printed page numbers. In text, a numbered header starting page N ends page N - 1.
    footers = sorted((i, n - 1 if i in tops and not paged else n)
                     for i, n in noise.items() if n is not None)
    result.pages_seen = sorted({n for n in noise.values() if n is not None})
    offset = None
    if paged:
        deltas = Counter(n - raw[i][0] for i, n in footers)
        offset = deltas.most_common(1)[0][0] if deltas else 0
        result.page_offset = offset
        result.page_count = raw[-1][0] if raw else 0

    lines: list[Line] = []
    pending_break = False
    last_footer: int | None = None     # printed number of the last footer seen (text mode)
    prev_phys = 1
    for i, (phys, line, off) in enumerate(raw):
        if phys != prev_phys:
            pending_break = True
            prev_phys = phys
        if i in noise:
            result.noise_removed += 1
            pending_break = True
            if noise[i] is not None:
                last_footer = noise[i]
            continue
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        if paged:
            page = phys + offset
        else:
            page = None
            if last_footer is not None:
                nxt = _next_footer(footers, i)
                if nxt is not None and nxt == last_footer + 1:
                    page = nxt
                elif nxt is None and result.page_count is None:
                    page = None
        lines.append(Line(stripped, off + lead, off + lead + len(stripped), page,
                          display_width(stripped), pending_break,
                          indent=display_width(line[:lead].replace("\t", "    ")),
                          space_before=(lead > 0 and line[lead - 1] == " " and "\u3000" not in
                                        line[:lead]) if paged else None,
                          space_after=line.endswith(" ") if paged else None))
        pending_break = False
    if not paged:
        _pages_before_first_footer(lines, raw, footers)
        estimate_pages(lines, raw, footers)
        result.page_count = max(result.pages_seen) if result.pages_seen else None
        _pages_after_tops(lines, raw, noise, tops)
    _relative_indents(lines)
    result.lines = lines
    result.full_width = (UNWRAPPED if is_unwrapped(lines)
                         else estimate_full_width(body_widths(lines)))
    if paged and result.full_width != UNWRAPPED:
        _narrow_pages(lines, result.full_width)
    if result.full_width != UNWRAPPED:
        result.lines = split_run_on_rows(result.lines, result.full_width)
    return result


_LEAD_SERIAL = re.compile(r"^(\d{1,4})[．.、]?\s")


def split_run_on_rows(lines: list[Line], full_width: int) -> list[Line]:
    """Lines wider than the page that hold two table rows (``9 …有限公司 … 12.5 10 岚州…公司
    … 50``: the first reached the right margin and the extraction ran the next one on) as
    two lines, cut before the next serial number. A cut is made only on a line that no
    printed line could be (wider than the margin), that starts with serial N, where N+1
    stands alone after a number or a name and is followed by words, and where the line
    after does not start with N+1 itself."""
    out: list[Line] = []
    for k, ln in enumerate(lines):
        nxt = lines[k + 1].text if k + 1 < len(lines) else ""
        while ln.width > full_width + 4:
            m = _LEAD_SERIAL.match(ln.text)
            if not m:
                break
            n = int(m[1]) + 1
            if re.match(rf"{n}[．.、]?\s", nxt):
                break
            cut = re.search(rf"(?<=[\d\u4e00-\u9fff）)])\s+{n}[．.、]?\s+(?=\S*[\u4e00-\u9fff]\S*\s+\S)",
                            ln.text)
            if cut is None or display_width(ln.text[:cut.start()]) < full_width // 2:
                break
            head, at = ln.text[:cut.start()], cut.end() - len(cut[0].lstrip())
            out.append(Line(head, ln.start, ln.start + len(head), ln.page, display_width(head),
                            ln.page_break_before, ln.indent, ln.full_width, ln.page_estimated))
            rest = ln.text[at:]
            ln = Line(rest, ln.start + at, ln.end, ln.page, display_width(rest), False, 0,
                      ln.full_width, ln.page_estimated)
        out.append(ln)
    return out


def _relative_indents(lines: list[Line]) -> None:
    """Indents are measured from the text's own left edge: when the body lines of a source
    all start after some spaces (a text shifted right as a whole), those spaces are not an
    indent."""
    body = Counter(ln.indent for ln in lines if ln.width >= 40)
    total = sum(body.values())
    if not total:
        return
    # The smallest indent a good share of the body lines has (wrapped lines start there).
    base = min((i for i, n in body.items() if n >= 0.2 * total), default=0)
    if base > 0:
        for ln in lines:
            ln.indent = max(0, ln.indent - base)


def _narrow_pages(lines: list[Line], full_width: int) -> None:
    """Pages set in narrower lines than the source's full width (two columns): their lines
    are measured against their page's own full width."""
    by_page: dict[int | None, list[Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    for page_lines in by_page.values():
        long = [ln.width for ln in page_lines if ln.width >= 24]
        if len(long) < 6:
            continue
        counts = Counter(long)
        mode = max(counts, key=lambda w: (counts[w - 1] + counts[w] + counts[w + 1], w))
        if mode <= 0.75 * full_width and counts[mode - 1] + counts[mode] + counts[mode + 1] >= 4:
            for ln in page_lines:
                ln.full_width = mode


def _next_footer(footers: list[tuple[int, int]], raw_index: int) -> int | None:
    k = bisect.bisect_right(footers, (raw_index, float("inf")))
    return footers[k][1] if k < len(footers) else None


def _pages_before_first_footer(lines: list[Line], raw, footers) -> None:
    """In text mode, a line is on page N when a footer N follows it and the previous footer
    was N-1; handled above. Lines just before a footer whose predecessor is unknown stay None
    except the last line before the footer, which is surely on that page."""
    if not footers:
        return
    starts = [ln.start for ln in lines]
    for i, n in footers:
        # The last content line before footer i is on page n.
        k = bisect.bisect_left(starts, raw[i][2]) - 1
        if k >= 0 and lines[k].page is None:
            lines[k].page = n


def estimate_pages(lines: list[Line], raw, footers: list[tuple[int, int]]) -> None:
    """Text sources: give the lines whose page no footer makes certain an estimated page.

    Between footers N and M (M > N + 1) the lines are spread evenly over pages N+1 … M by
    their count; before the first footer and after the last one, pages are counted back and
    on with the typical number of lines per page (from pages bounded by footers N and N+1).
    Such pages are marked ``page_estimated``; pages known for certain are left as they are.
    """
    if not footers or not lines:
        return
    offs = [raw[i][2] for i, _ in footers]
    # Content lines per footer interval: bucket k = lines before footer k (k = len: after).
    buckets: list[list[int]] = [[] for _ in range(len(footers) + 1)]
    k = 0
    for j, ln in enumerate(lines):
        while k < len(offs) and ln.start >= offs[k]:
            k += 1
        buckets[k].append(j)
    per_page = [len(buckets[k]) for k in range(1, len(footers))
                if footers[k][1] == footers[k - 1][1] + 1 and buckets[k]]
    if not per_page:      # no two consecutive footers: spread the lines between far ones
        per_page = [max(1, len(buckets[k]) // (footers[k][1] - footers[k - 1][1]))
                    for k in range(1, len(footers))
                    if footers[k][1] > footers[k - 1][1] and buckets[k]]
    per_page.sort()
    typical = per_page[len(per_page) // 2] if per_page else None

    def mark(j: int, page: int) -> None:
        if lines[j].page is None and page >= 1:
            lines[j].page = page
            lines[j].page_estimated = True

    for k, bucket in enumerate(buckets):
        if not bucket:
            continue
        if k == 0:
            if typical:
                last = footers[0][1]
                for pos, j in enumerate(reversed(bucket)):
                    mark(j, last - pos // typical)
        elif k == len(footers):
            if typical:
                first = footers[-1][1] + 1
                for pos, j in enumerate(bucket):
                    mark(j, first + pos // typical)
        else:
            lo, hi = footers[k - 1][1], footers[k][1]
            if hi > lo + 1:
                span = hi - lo
                for pos, j in enumerate(bucket):
                    mark(j, lo + 1 + pos * span // len(bucket))


def _mark_bare_page_numbers(raw, noise: dict[int, int | None]) -> None:
    """In a paged source, a bare number as the first or last line of a page is a footer."""
    by_page: dict[int, list[int]] = {}
    for i, (phys, line, _) in enumerate(raw):
        if line.strip() and i not in noise:
            by_page.setdefault(phys, []).append(i)
    for idxs in by_page.values():
        for i in (idxs[0], idxs[-1]):
            m = BARE_NUMBER_RE.match(fold_width(raw[i][1]))
            if m:
                noise[i] = int(m["n"])


def _mark_text_page_numbers(raw, noise: dict[int, int | None], tops: set[int]) -> None:
    """In text, lines holding only a page number (``3``, ``—— 3 ——``) where the page
    sequence puts one: the chain of such lines whose numbers rise by one (two or three where
    a page printed none) with a page's lines between them, through the page marks already
    known (headers and footers). Not a page number: a chain of two numbers without a known
    page mark unless they are far apart, and a bare number close to another one apart (in a
    column of serials, a list) unless it is a typical page from its neighbours in the chain.
    The numbers end their pages (footers), unless the first stands before any text."""
    rank: dict[int, int] = {}
    cands: list[tuple[int, int, bool]] = []     # (raw index, number, set off by dashes)
    for i, (_, line, _) in enumerate(raw):
        if not line.strip():
            continue
        rank[i] = len(rank)
        if i in noise or len(line) > 60:
            continue
        m = PAGE_NUMBER_LINE_RE.match(fold_width(line))
        if m:
            cands.append((i, int(m["n"] or m["d"]), m["d"] is not None))
    if not cands or len(cands) > 5000:
        return
    at: dict[int, list[int]] = {}              # number -> ranks of the lines holding it
    for i, n, dashed in cands:
        if not dashed:
            at.setdefault(n, []).append(rank[i])
    set_off = {i for i, _, dashed in cands if dashed}

    def crowded(r: int, n: int) -> bool:
        for ranks in (at.get(n - 1, ()), at.get(n + 1, ())):
            k = bisect.bisect_left(ranks, r - SERIAL_NEIGHBOURHOOD)
            if k < len(ranks) and ranks[k] <= r + SERIAL_NEIGHBOURHOOD:
                return True
        return False

    # the page mark each known header or footer gives: the page it ends
    anchors = [(i, n - 1 if i in tops else n) for i, n in noise.items() if n is not None]
    items = sorted([(rank[i], n, False, i) for i, n, _ in cands]
                   + [(rank[i], n, True, i) for i, n in anchors if i in rank])
    # the best chain: every anchor it can take, then as many numbers set off by dashes, then
    # standing alone, then close to a number one apart, as it can
    weight = [10000 if anchor else 100 if i in set_off else 1 if crowded(r, n) else 10
              for r, n, anchor, i in items]
    best: list[tuple[int, int]] = []            # (weight, previous item) per item
    for b, (rb, nb, _, _) in enumerate(items):
        w = weight[b]
        choice = (w, -1)
        for a in range(max(0, b - 200), b):
            ra, na, _, _ = items[a]
            if 1 <= nb - na <= 3 and rb - ra >= MIN_PAGE_LINES and best[a][0] + w > choice[0]:
                choice = (best[a][0] + w, a)
        best.append(choice)
    end = max(range(len(items)), key=lambda k: best[k][0])
    chain = []
    while end >= 0:
        chain.append(items[end])
        end = best[end][1]
    chain.reverse()
    if not any(not c[2] for c in chain):
        return
    if len(chain) < 3 and not any(c[2] for c in chain) and not (
            len(chain) == 2 and chain[1][1] == chain[0][1] + 1
            and chain[1][0] - chain[0][0] >= 2 * MIN_PAGE_LINES):
        return
    gaps = sorted(b[0] - a[0] for a, b in zip(chain, chain[1:]) if b[1] == a[1] + 1)
    typical = gaps[len(gaps) // 2] if len(gaps) >= 2 else None

    def a_page_apart(k: int) -> bool:
        if typical is None:
            return False
        for j in (k - 1, k + 1):
            if 0 <= j < len(chain):
                steps = abs(chain[j][1] - chain[k][1])
                if abs(abs(chain[j][0] - chain[k][0]) - steps * typical) > 0.3 * steps * typical:
                    return False
        return True

    first = min(rank, key=rank.__getitem__)
    head = chain[0][3] == first and not chain[0][2]
    for k, (r, n, anchor, i) in enumerate(chain):
        if anchor or (i not in set_off and crowded(r, n) and not a_page_apart(k)):
            continue
        noise[i] = n
        if head:
            tops.add(i)


_NAME_ONLY = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,30}公报)$")
_ISSUE_ONLY = re.compile(
    r"^(?P<year>(?:19|20)\d\d)\s*年\s*第\s*(?P<num>\d{1,3})\s*(?P<unit>[期号])"
    r"(?:\s*[（(]\s*总第\s*(?P<total>\d{1,5})\s*[期号]\s*[）)])?$")


def _split_header(line: str):
    """A header line holding only the gazette's name or only its issue, with or without the
    page number: (``name``|``issue``, match, page number), else None."""
    line = fold_width(line).replace("\u3000", " ").strip()
    if len(line) > 60:
        return None
    options = [(line, None)]
    for cut in (_LEAD_PAGE_NO, _TAIL_PAGE_NO):
        m = cut.search(line)
        if m:
            rest = line[m.end():] if cut is _LEAD_PAGE_NO else line[:m.start()]
            options.append((rest.strip(), int(m["n"] or m["p"])))
    for rest, n in options:
        for kind, pattern in (("name", _NAME_ONLY), ("issue", _ISSUE_ONLY)):
            m = pattern.match(rest)
            if m:
                return kind, m, n
    return None


def _mark_split_headers(raw, noise: dict[int, int | None], tops: set[int],
                        header_names: Counter, units: Counter) -> None:
    """Running headers that give the gazette's name on one page and its issue on the facing
    one (``12  江岭省人民政府公报`` / ``2024 年第 7 期  13``): each printed on two pages or more
    is a header, and together they name the issue when no header line names it whole."""
    found: dict[int, tuple] = {}
    for i, (_, line, _) in enumerate(raw):
        if i in noise or not line.strip() or ("公报" not in line and "第" not in line):
            continue
        hit = _split_header(line)
        if hit:
            found[i] = hit
    names = Counter(m["name"] for kind, m, _ in found.values() if kind == "name")
    issues = Counter((int(m["year"]), int(m["num"]), m["unit"], m["total"])
                     for kind, m, _ in found.values() if kind == "issue")
    for i, (kind, m, n) in found.items():
        key = m["name"] if kind == "name" else (int(m["year"]), int(m["num"]), m["unit"],
                                                 m["total"])
        if (names if kind == "name" else issues)[key] >= 2:
            noise[i] = n
            if n is not None:
                tops.add(i)
    if not header_names and names and issues:
        name, count = names.most_common(1)[0]
        (year, num, unit, total), count2 = issues.most_common(1)[0]
        if count >= 2 and count2 >= 2:
            header_names[(name, year, num, int(total) if total else None)] += count
            units[unit] += count


def _first_nonblank(raw) -> int | None:
    return next((i for i, (_, line, _) in enumerate(raw) if line.strip()), None)


def _last_nonblank(raw) -> int | None:
    return next((i for i in range(len(raw) - 1, -1, -1) if raw[i][1].strip()), None)


def _mark_page_labels(raw, noise: dict[int, int | None], tops: set[int], paged: bool) -> None:
    """Running headers that name the section and the page (``省政府文件        13``, the
    other side's header line being ``12        ××公报 2024 年第 7 期``), recognised by their
    place in the page sequence, never by their words alone (a table row can end in a number):

    - in a paged source, the first or last line of a page without another page number,
      whose number is the page's printed number (the physical page plus the offset the
      other page marks give, or that two such lines agree on);
    - in text, a line with number N between the page marks N - 1 and N + 1 (N at the top of
      the following page), or before N + 1 at the very start, or after N - 1 with a label
      printed like this on another page too or a typical page after it; of several such
      lines there, the one whose label is printed on another page too, else the one where
      the page should start (a typical page's lines after the previous header, or half-way
      to the next one), else none.
    """
    cands = {}
    for i, (_, line, _) in enumerate(raw):
        if i not in noise and line.strip():
            found = _page_label(line, paged)
            if found:
                cands[i] = found
    if not cands:
        return
    labels = Counter(label for label, _ in cands.values())
    if paged:
        firsts_lasts: set[int] = set()
        by_page: dict[int, list[int]] = {}
        for i, (phys, line, _) in enumerate(raw):
            if line.strip():
                by_page.setdefault(phys, []).append(i)
        for idxs in by_page.values():
            rest = [i for i in idxs if i not in noise]
            if rest:
                firsts_lasts.update((rest[0], rest[-1]))
        # one page number a page: not on a page whose header or footer gave it already
        marked = {raw[i][0] for i, n in noise.items() if n is not None}
        edge = {i: c for i, c in cands.items() if i in firsts_lasts and raw[i][0] not in marked}
        deltas = Counter(n - raw[i][0] for i, n in noise.items() if n is not None)
        if not deltas:
            deltas = Counter(n - raw[i][0] for i, (_, n) in edge.items())
            if not deltas or deltas.most_common(1)[0][1] < 2:
                return
        offset = deltas.most_common(1)[0][0]
        for i, (_, n) in edge.items():
            if n - raw[i][0] == offset:
                noise[i] = n
                tops.add(i)
        return
    rank: dict[int, int] = {}     # raw index -> count of non-blank lines before it
    for i, (_, line, _) in enumerate(raw):
        if line.strip():
            rank[i] = len(rank)
    changed = True
    while changed:
        changed = False
        marks = sorted((i, n, i in tops) for i, n in noise.items() if n is not None)
        if not marks:
            return
        at = [m[0] for m in marks]
        # lines from one page's header to the next one's, when both carry their number
        spans = sorted(rank[b[0]] - rank[a[0]] for a, b in zip(marks, marks[1:])
                       if a[2] and b[2] and b[1] == a[1] + 1)
        typical = spans[len(spans) // 2] if spans else None
        fits: dict[tuple, list[int]] = {}
        for i, (_, n) in cands.items():
            if i in noise:
                continue
            k = bisect.bisect_left(at, i)
            prev, nxt = (marks[k - 1] if k else None), (marks[k] if k < len(marks) else None)
            prev_ok = prev is not None and prev[1] == n - 1
            # the next page's top carries N + 1; a footer ending this page carries N
            next_ok = nxt is not None and nxt[1] == (n + 1 if nxt[2] else n)
            # the last page's header: a label printed on another page too, or a full page
            # after the previous page's header
            last_ok = nxt is None and prev_ok and (
                labels[cands[i][0]] >= 2 or (typical and abs(rank[i] - rank[prev[0]] - typical)
                                             <= max(2, typical // 10)))
            if (prev_ok and next_ok) or last_ok or (
                    prev is None and next_ok and i == _first_nonblank(raw)):
                fits.setdefault((prev, nxt), []).append(i)
        for (prev, nxt), group in fits.items():
            if len(group) > 1 and sum(labels[cands[i][0]] >= 2 for i in group) == 1:
                group = [i for i in group if labels[cands[i][0]] >= 2]
            elif len(group) > 1 and prev is not None and (typical or nxt is not None):
                # the one where the page should start: a typical page after the previous
                # header, or half-way to the next one
                want = rank[prev[0]] + typical if typical else (rank[prev[0]] + rank[nxt[0]]) / 2
                group = sorted(group, key=lambda i: abs(rank[i] - want))
                if abs(rank[group[0]] - want) < abs(rank[group[1]] - want):
                    group = group[:1]
            if len(group) == 1:
                noise[group[0]] = cands[group[0]][1]
                tops.add(group[0])
                changed = True


def _pages_after_tops(lines: list[Line], raw, noise: dict[int, int | None],
                      tops: set[int]) -> None:
    """Text sources: the lines after a header line carrying page N, up to the next page
    mark, are on page N for certain."""
    if not tops:
        return
    bounds = sorted(raw[i][2] for i in noise)
    starts = sorted((raw[i][2], noise[i]) for i in tops)
    k = 0
    for ln in lines:
        while k + 1 < len(starts) and starts[k + 1][0] <= ln.start:
            k += 1
        at, n = starts[k]
        if ln.start < at:
            continue
        j = bisect.bisect_right(bounds, at)
        if j == len(bounds) or ln.start < bounds[j]:
            ln.page, ln.page_estimated = n, False
