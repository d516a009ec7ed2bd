"""Rows printed cell after cell: each cell's wrapped lines one under the other, then the next
cell's, as a PDF with narrow columns is often flattened (``对月销售额…`` over 7 lines, then
``增值税小规模纳税人 税收``, ``减免 市税务局``, the 政策依据 over 6 lines, ``12366`` / ``纳税服``
/ ``务热线``).

A row is cut into pieces: a line, or the parts of a line between spaces that separate two
Chinese words (what the extraction leaves between two cells that share a line). The cells are
runs of pieces, in column order. What tells them apart, besides what each column holds
(:mod:`core.extract.grid`: sentences end with 。, a 依据 opens with 《 and names a document, a
phone holds digits, brackets balance): the lines of one cell are as wide as its column, except
the last — a cell's line well short of the column's width ends the cell. The columns' widths
are learnt from a few rows cut without them (the widest line of each cell, taken at the 80th
percentile over the rows); every row is then cut with them: a line wider than its column
costs the more the wider it is (much wider: it is not in that column), a cell holds at most
one line well short of it. The rows whose cut is still not clear
are cut once more knowing the values that recur down each column in the others (税收 / 减免).
A row whose best cut is not clearly better than the next stays whole (``None``).
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from .grid import NUMBER, PHONE, SERIAL, SEX, Column, _cell_text, _fits, _score

_WIDE_END = re.compile(r"[\u4e00-\u9fff）》”。，、；：]")     # a word's last character
_WIDE_START = re.compile(r"^[\u4e00-\u9fff《“]")
_DIGIT = re.compile(r"\d")
SHORT_COST = 1.5     # a cell's line well short of the column (by a quarter, 4 at least)
OVER_COST = 0.5     # per half-width unit a line runs past its column's width
JOIN_COST = 2.0      # two pieces of one line joined into one cell
MAX_PIECES = 48
SAMPLE = 6           # rows cut to learn the columns' widths


def width(text: str) -> int:
    """Display width in half-width units: Chinese characters and full-width signs count 2."""
    kinds = list(map(unicodedata.east_asian_width, text))
    return len(kinds) + kinds.count("W") + kinds.count("F")


class Piece(NamedTuple):
    text: str               # tokens joined by single spaces
    line: int               # the source line it comes from
    after_space: bool       # on the same line as the piece before it
    width: int = 0          # display width of text
    words: tuple = ()       # text.split()


def pieces(lines: list[str]) -> list[Piece]:
    """The pieces of a row's lines (see the module docstring)."""
    out: list[Piece] = []
    wide_end, wide_start = _WIDE_END.match, _WIDE_START.match
    for n, line in enumerate(lines):
        words = line.split()
        start = 0
        last = len(words)
        for k in range(1, last + 1):
            if k == last or (wide_end(words[k - 1][-1]) and wide_start(words[k])):
                text = " ".join(words[start:k])
                out.append(Piece(text, n, start > 0, width(text), tuple(words[start:k])))
                start = k
    return out


def _segments(cell: list[Piece]) -> list[str]:
    """The cell's text line by line."""
    segs: list[str] = []
    for p in cell:
        if p.after_space and segs and cell[0] is not p:
            segs[-1] += " " + p.text
        else:
            segs.append(p.text)
    return segs


def _cell(cell: list[Piece]) -> tuple[list[str], list[str]]:
    tokens: list[str] = []
    seps: list[str] = []
    for p in cell:
        if tokens:
            seps.append(" " if p.after_space else "\n")
        tokens.extend(p.words)
        seps.extend(" " * (len(p.words) - 1))
    return tokens, seps


class _Row:
    """One row's pieces, with what every run of pieces reads as (cached across passes)."""

    def __init__(self, ps: list[Piece], shared: dict | None = None):
        self.ps = ps
        self.after = [p.after_space for p in ps]
        self.widths = [p.width for p in ps]
        self.items = [(p.text, p.after_space) for p in ps]
        self.flat: list[str] = []           # the row's words; piece p's from starts[p] on
        self.starts = [0]
        self.joins = [0]                    # pieces 1..p that follow another on its line
        for n, p in enumerate(ps):
            self.flat.extend(p.words)
            self.starts.append(len(self.flat))
            self.joins.append(self.joins[-1] + (1 if n and p.after_space else 0))
        self.texts: dict[int, str] = {}
        self.scores: dict[int, float | None] = {}     # key (column class, j, i) packed
        self.shared = {} if shared is None else shared    # scores of the same cell text
        self._segs: dict[tuple[int, int], tuple[int, ...]] = {}

    def segs(self, j: int, i: int) -> tuple[int, ...]:
        """The widths of the lines of pieces j..i (pieces on one line joined by a space)."""
        got = self._segs.get((j, i))
        if got is None:
            p = self.ps[i - 1]
            if i - 1 == j:
                got = (p.width,)
            else:
                before = self.segs(j, i - 1)
                got = before[:-1] + (before[-1] + 1 + p.width,) if p.after_space \
                    else before + (p.width,)
            self._segs[(j, i)] = got
        return got

    def text(self, j: int, i: int) -> str:
        """The words of pieces j..i joined without spaces."""
        key = (j << 8) | i
        got = self.texts.get(key)
        if got is None:
            got = self.texts[key] = "".join(self.flat[self.starts[j]:self.starts[i]])
        return got

    def base(self, c: int, col: Column, j: int, i: int) -> float | None:
        """What column class ``c`` (columns alike read pieces alike) makes of pieces j..i,
        widths aside (``None``: cannot hold them)."""
        key = (c << 16) | (j << 8) | i
        scores = self.scores
        if key in scores:
            return scores[key]
        same = (c, tuple(self.items[j:i]))
        shared = self.shared
        if same in shared:
            s = scores[key] = shared[same]
            return s
        tokens = self.flat[self.starts[j]:self.starts[i]]
        s: float | None
        if (col.kind in (SERIAL, NUMBER, SEX) and len(tokens) != 1) \
                or not _fits(col.kind, tokens):
            s = None
        else:
            text = self.text(j, i)
            joined = self.joins[i] - self.joins[j + 1]      # pieces joined on one line
            # spaces inside a piece are printed spaces (10 万元): not counted as cell gaps
            s = _score(col, tokens, ["\n"] * (len(tokens) - 1)) - JOIN_COST * joined
            if col.kind == PHONE and not _DIGIT.search(text):
                s -= 3.0            # a phone cell holds a number
            if col.source and text.endswith(("）", "》", ")")):
                s += 1.0            # a source names a document: 《…》（…号）
        scores[key] = shared[same] = s
        return s


def _classes(cols: list[Column]) -> list[int]:
    """For each column, the first column equal to it: equal columns score a cell alike."""
    return [next(m for m in range(c + 1) if cols[m] == cols[c]) for c in range(len(cols))]


def _growth(after: list[bool], pw: list[int], j: int, w: int | None, single: bool,
            stop: int):
    """A cell of a column ``w`` wide starting at piece j, grown piece by piece: yields
    ``(i, short, widest)`` for each end i its lines' widths allow (``short``: its finished
    lines well short of the column; ``widest``: its widest line), and stops at the first
    end they forbid (a line wider than the column, or too many short lines)."""
    has_w = w is not None
    over = w + 3 if has_w else 0
    limit = 1 if has_w else 2      # lines well short of the column a cell may hold
    fixed_cut = (w - max(4, w // 4)) if w else None    # the column's width fixes the cut
    done: list[int] = []            # the widths of the cell's finished lines
    last = widest = 0
    short_fixed = 0                 # lines of done short of fixed_cut
    for i in range(j + 1, (j + 2) if single else stop):
        if i - 1 > j and after[i - 1]:
            last += 1 + pw[i - 1]
        else:
            if i - 1 > j:
                done.append(last)
                if fixed_cut is not None and last < fixed_cut:
                    short_fixed += 1
            last = pw[i - 1]
        if last > widest:
            widest = last
        short = 0
        if done:
            if fixed_cut is not None:
                short = short_fixed
            else:
                cut_w = widest - max(4, widest // 4)
                short = sum(1 for x in done if x < cut_w)
        if short > limit or (has_w and widest > over):
            return
        yield i, short, widest


def _reaches(after: list[bool], pw: list[int], j: int, w: int | None, single: bool,
             stop: int, targets: set[int]) -> bool:
    """Can a cell of a column ``w`` wide start at piece j and end at one of ``targets``,
    its lines' widths alone (the same limits as :func:`_best`)?"""
    return any(i in targets for i, _short, _widest in _growth(after, pw, j, w, single, stop))


def _ceiling(col: Column) -> float:
    """The most a cell of ``col`` can score in :meth:`_Row.base`, before joins are counted
    (every bonus of :func:`core.extract.grid._score` and of ``base``; the rest only costs)."""
    up = 0.0
    if col.name:
        up += 1.0
    if col.place:
        up += 1.0
    if col.seen:
        up += 1.5
    if col.source:
        up += 2.0           # opens with 《, ends with ）
    if col.sentence:
        up += 1.0
    if col.kind == PHONE:
        up += 0.5
    return up


def _best(row: _Row, cols: list[Column], widths: list[int | None],
          seen: list[frozenset] | None = None, classes: list[int] | None = None
          ) -> tuple[list[tuple[int, int]], float, float] | None:
    """The best cut of the row into ``len(cols)`` cells (their piece ranges), its score and
    the runner-up's. With ``widths``, a line wider than its column cannot be in it, and a
    line well short of it ends its cell."""
    n, k = len(row.ps), len(cols)
    if n < k or n > MAX_PIECES:
        return None
    if classes is None:
        classes = _classes(cols)
    best: list[list[list[tuple[float, tuple[int, ...]]]]] = [
        [[] for _ in range(n + 1)] for _ in range(k + 1)]
    best[0][0] = [(0.0, ())]
    after, pw = row.after, row.widths
    # Where a cut can still end: the cells from piece i on can hold the rest of the row
    # (their lines' widths alone). A cell ending anywhere else is never scored.
    ends: list[set[int]] = [set() for _ in range(k + 1)]
    ends[k].add(n)
    for c in range(k, 1, -1):
        col = cols[c - 1]
        w = widths[c - 1]
        single = col.kind in (SERIAL, NUMBER, SEX)
        later = ends[c]
        for j in range(c - 1, n - (k - c)):
            if _reaches(after, pw, j, w, single, n - (k - c) + 1, later):
                ends[c - 1].add(j)
    scores, base, joins = row.scores, row.base, row.joins
    for c in range(1, k + 1):
        col = cols[c - 1]
        cls = classes[c - 1] << 16
        w = widths[c - 1]
        has_w = w is not None
        single = col.kind in (SERIAL, NUMBER, SEX)
        look = seen[c - 1] if seen else None
        ceiling = _ceiling(col) + (1.5 if look else 0.0)    # the most a cell can earn
        tops = best[c]
        prev_row = best[c - 1]
        stop = n - (k - c) + 1
        useful = ends[c]
        for j in range(c - 1, n - (k - c)):
            prevs = prev_row[j]
            if not prevs:
                continue
            start_bonus = 0.5 if j > 0 and after[j] else 0.0
            key_j = cls | (j << 8)
            for i, short, widest in _growth(after, pw, j, w, single, stop):   # the cell grows
                if i not in useful:
                    continue
                key = key_j | i
                top = tops[i]
                if key in scores:
                    s = scores[key]
                else:
                    if len(top) == 2 and prevs[0][0] + ceiling + start_bonus - SHORT_COST * short \
                            - JOIN_COST * (joins[i] - joins[j + 1]) + 1e-6 <= top[1][0]:
                        continue    # however the cell reads, no cut through it is kept here
                    s = base(classes[c - 1], col, j, i)
                if s is None:
                    continue
                s += start_bonus - SHORT_COST * short
                if has_w and widest > w:
                    s -= OVER_COST * (widest - w)     # wider than the column
                if look and row.text(j, i) in look:
                    s += 1.5        # a value already read down this column
                for prev, cut in prevs:
                    score = prev + s
                    if len(top) < 2:
                        top.append((score, cut + (j,)))
                        if len(top) == 2 and score > top[0][0]:
                            top[0], top[1] = top[1], top[0]
                    elif score > top[1][0]:
                        top[1] = (score, cut + (j,))
                        if score > top[0][0]:
                            top[0], top[1] = top[1], top[0]
    final = best[k][n]
    if not final:
        return None
    cut = final[0][1] + (n,)
    runner = final[1][0] if len(final) > 1 else float("-inf")
    return [(cut[c], cut[c + 1]) for c in range(k)], final[0][0], runner


def _text(row: _Row, col: Column, j: int, i: int) -> str:
    tokens, seps = _cell(row.ps[j:i])
    if col.kind == PHONE:       # a number broken at the column's edge (0374-2 / 658229)
        return "".join(tokens)
    return _cell_text(tokens, seps)


def stacked_rows(rows: list[list[str]], cols: list[Column]) -> list[list[str] | None]:
    """The cells of rows printed cell after cell (their lines, serial number first), or
    ``None`` for a row whose cut is not clear. ``cols`` are the columns after the serial.

    Three passes: the columns' widths are learnt from a sample of rows cut without them;
    every row is cut with the widths; the rows whose cut was not clear are cut again knowing
    the values that recur down each column in the rows that were."""
    k = len(cols)
    if not k or any(c.kind == SERIAL for c in cols):
        return [None] * len(rows)
    shared: dict = {}
    prepared = [_Row(pieces(_after_serial(r)), shared) for r in rows]
    sample = sorted(range(len(rows)), key=lambda r: len(prepared[r].ps))[:SAMPLE]
    classes = _classes(cols)
    firsts = [_best(prepared[r], cols, [None] * k, None, classes) for r in sample]
    widths: list[int | None] = []
    for c in range(k):
        tops = sorted(max(prepared[r].segs(*f[0][c])) for r, f in zip(sample, firsts)
                      if f is not None)
        widths.append(tops[min(len(tops) - 1, (len(tops) * 4) // 5)] if len(tops) >= 3
                      else None)
    found = [_best(row, cols, widths, None, classes) for row in prepared]
    clear = [f is not None and f[1] - f[2] >= 1.0 for f in found]
    values: list[list[str]] = [[] for _ in cols]
    for row, f, ok in zip(prepared, found, clear):
        if ok:
            for c, (j, i) in enumerate(f[0]):
                values[c].append(row.text(j, i))
    seen = [frozenset(v) if len(set(v)) * 2 <= len(v) else frozenset() for v in values]
    out: list[list[str] | None] = []
    for row, f, ok in zip(prepared, found, clear):
        if not ok and any(seen):
            f = _best(row, cols, widths, seen, classes)
            ok = f is not None and f[1] - f[2] >= 1.0
        out.append([_text(row, col, j, i) for col, (j, i) in zip(cols, f[0])] if ok and f is not None else None)
    return out


def _after_serial(lines: list[str]) -> list[str]:
    first = lines[0].split()
    rest = " ".join(first[1:])
    return ([rest] if rest else []) + [x for x in lines[1:] if x.strip()]


def looks_stacked(rows: list[list[str]], ncols: int) -> bool:
    """Rows taller than they are wide: most rows hold more lines than there are columns."""
    tall = sum(1 for r in rows if len([x for x in r if x.strip()]) >= ncols)
    return len(rows) >= 2 and tall * 2 >= len(rows)

