"""Indicator tables whose first column is a label printed once for several rows (类别 社会保障
over 序号 1 and 2), read from the flattened text.

The label sits in a narrow column, wrapped a few characters a line (``社会`` / ``保障``), and is
printed in the middle of its rows, so its pieces land where the extraction put them: alone on
lines between two rows (``养老`` / ``服务``), before the serial number of a row (``保障 2 …``), or
after the last value of the row above (``— 稳定增长社会``, ``1 人 社会``: a piece glued to a value
is told by the width of the label column, learnt from the pieces that stand alone or lead a
row). Pieces that follow each other in the text make one label. Each label covers the rows
nearest to it: the rows between the midpoints of it and its neighbours; the reading is kept only
when every label sits in the middle of the rows it gets (and no row is as near to two labels),
so a label is never stretched over rows it was not printed beside. Rows are read as indicator
rows (:func:`core.extract.indicators.indicator_cells`). Anything that does not read this way
gives ``None``: the table stays as it was.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..model import Block
from .indicators import _values_from_right, indicator_cells

_PIECE = re.compile(r"^[\u4e00-\u9fff]{1,4}$")


@dataclass
class _Piece:
    text: str
    row: int          # the row it is printed beside (0-based)
    line: int         # its line in the stream
    kind: str         # "start" (before a serial), "end" (after a row's values), "whole"


@dataclass
class Labelled:
    rows: list[list[Block]]                 # the blocks of each row
    piece_blocks: list[Block]               # lines holding only a piece of a label
    cells: list[list[str] | None]           # label first, then the row's cells (None: unclear)
    spans: list[tuple[int, int, str]]       # (first row, end row, label)


def labelled_indicator(ncols: int, stream: list[Block]) -> Labelled | None:
    """Read ``stream`` (the blocks after the header, in order) as an indicator table of
    ``ncols`` columns whose first is a spanning label; ``None`` when it does not read so."""
    rows: list[list[int]] = []             # stream indices of each row's lines
    first_text: dict[int, str] = {}        # a row's first line without its leading piece
    pieces: list[_Piece] = []
    loose: list[int] = []                  # short lines alone: label pieces or wrapped text
    n = 1
    for k, b in enumerate(stream):
        toks = b.text.split()
        if not toks:
            continue
        if re.fullmatch(rf"{n}[．.、]?", toks[0]):
            rows.append([k])
            n += 1
        elif len(toks) >= 2 and _PIECE.match(toks[0]) and re.fullmatch(rf"{n}[．.、]?", toks[1]):
            pieces.append(_Piece(toks[0], len(rows), k, "start"))
            rows.append([k])
            first_text[len(rows) - 1] = " ".join(toks[1:])
            n += 1
        elif not rows:
            return None
        elif len(toks) == 1 and _PIECE.match(toks[0]):
            loose.append(k)
            rows[-1].append(k)
        else:
            rows[-1].append(k)
    if len(rows) < 3:
        return None
    widths = Counter(len(p.text) for p in pieces)
    widths.update(len(stream[k].text.strip()) for k in loose)
    if not widths:
        return None
    lw, seen = widths.most_common(1)[0]
    if seen < 2:
        return None
    # lone lines of the label's width are pieces (the others are wrapped 指标 text)
    for k in loose:
        if len(stream[k].text.strip()) == lw:
            r = next(i for i, ks in enumerate(rows) if k in ks)
            rows[r].remove(k)
            pieces.append(_Piece(stream[k].text.strip(), r, k, "whole"))
    piece_lines = {p.line for p in pieces}

    def lines_of(r: int) -> list[str]:
        return [first_text.get(r, stream[k].text) if i == 0 else stream[k].text
                for i, k in enumerate(rows[r])]

    cells: list[list[str]] = []
    for r in range(len(rows)):
        lines = lines_of(r)
        last = rows[r][-1]
        got = None
        if last + 1 in piece_lines:
            # a piece of the label right after the row's values, a word of its own or glued
            # on (— 稳定增长社会 / 保障 2 …): the label goes on on the next line
            toks = lines[-1].split()
            piece, rest = None, ""
            if len(toks) > 1 and _PIECE.match(toks[-1]) and len(toks[-1]) <= lw:
                piece, rest = toks[-1], " ".join(toks[:-1])
            elif len(toks[-1]) > lw and re.fullmatch(r"[\u4e00-\u9fff]+", toks[-1][-lw:]):
                piece, rest = toks[-1][-lw:], " ".join(toks[:-1] + [toks[-1][:-lw]])
            if piece is not None:
                got = indicator_cells(lines[:-1] + [rest], r + 1, ncols)
                if got is not None:
                    pieces.append(_Piece(piece, r, last, "end"))
        if got is None:
            got = indicator_cells(lines, r + 1, ncols)
        if got is None:
            return None
        cells.append(got)
    return _labelled(stream, rows, pieces, cells)


def _labelled(stream: list[Block], rows: list[list[int]], pieces: list[_Piece],
              cells: list[list[str]]) -> Labelled | None:
    spans = _spans(pieces, len(rows))
    if spans is None:
        return None
    label_of = {r: text for a, e, text in spans if text for r in range(a, e)}
    if len(label_of) * 3 < len(rows) * 2:
        return None                     # most rows' labels unclear: not this layout
    return Labelled(rows=[[stream[k] for k in ks] for ks in rows],
                    piece_blocks=[stream[p.line] for p in pieces if p.kind == "whole"],
                    cells=[[label_of[r]] + c if r in label_of else None
                           for r, c in enumerate(cells)],
                    spans=[sp for sp in spans if sp[2]])


def labelled_lines(ncols: int, stream: list[Block]) -> Labelled | None:
    """The same without serial numbers: one row a line (二级指标, then the values read from
    the right), label pieces alone on lines, before a row's text (``保护 清洁能源…``) or after
    its values (``约束性资源``). A word before a row's text is a piece only beside another piece
    (``单位 GDP …`` is a row's text)."""
    nvalues = ncols - 2
    kinds: list[str] = []                  # per line: "row", "piece" (alone), "lead" (row?)
    for b in stream:
        toks = b.text.split()
        if len(toks) == 1 and _PIECE.match(toks[0]):
            kinds.append("piece")
        elif len(toks) > 1 and _PIECE.match(toks[0]) and _reads(toks[1:], nvalues):
            kinds.append("lead")
        else:
            kinds.append("row")
    alone = Counter(len(b.text.strip()) for b, kind in zip(stream, kinds) if kind == "piece")
    lw = alone.most_common(1)[0][0] if alone else 2     # the label column's width
    near = {k for k, kind in enumerate(kinds) if kind in ("piece", "lead")}
    near |= {k for k in range(len(stream) - 1) if k + 1 in near and kinds[k] == "row"
             and _end_piece(stream[k].text.split(), nvalues, lw) is not None}
    rows: list[list[int]] = []
    pieces: list[_Piece] = []
    cells: list[list[str]] = []
    for k, b in enumerate(stream):
        toks = b.text.split()
        if kinds[k] == "piece":
            if not rows:
                return None
            pieces.append(_Piece(toks[0], len(rows) - 1, k, "whole"))
            continue
        if kinds[k] == "lead" and (k - 1 in near or k + 1 in near):
            pieces.append(_Piece(toks[0], len(rows), k, "start"))
            toks = toks[1:]
        got = None
        end = _end_piece(toks, nvalues, lw) if k + 1 in near else None
        if end is not None:
            piece, got = end
            pieces.append(_Piece(piece, len(rows), k, "end"))
        if got is None:
            got = _reads(toks, nvalues)
        if got is None:
            return None
        rows.append([k])
        cells.append(got)
    widths = Counter(len(p.text) for p in pieces)
    if len(rows) < 3 or not widths or len(widths) > 1:
        return None                        # the pieces of a label column are all as wide
    return _labelled(stream, rows, pieces, cells)


def _end_piece(toks: list[str], nvalues: int, lw: int = 2) -> tuple[str, list[str]] | None:
    """A label's piece after a row's values that does not read without it, a word of its own
    (约束性 生态) or glued on (约束性资源), and the row's cells without it."""
    if not toks or _reads(toks, nvalues) is not None:
        return None
    if len(toks) > 1 and _PIECE.match(toks[-1]) and len(toks[-1]) <= lw:
        got = _reads(toks[:-1], nvalues)
        if got is not None:
            return toks[-1], got
    if len(toks[-1]) > lw and re.fullmatch(r"[\u4e00-\u9fff]+", toks[-1][-lw:]):
        got = _reads(toks[:-1] + [toks[-1][:-lw]], nvalues)
        if got is not None:
            return toks[-1][-lw:], got
    return None


def _reads(toks: list[str], nvalues: int) -> list[str] | None:
    """``[text, *values]`` of a row's words, the values read from the right."""
    found = _values_from_right(toks, nvalues)
    if found is None:
        return None
    values, start = found
    text = " ".join(toks[:start])
    if not text or not re.search(r"[\u4e00-\u9fff]", text):
        return None
    return [text, *values]


def _spans(pieces: list[_Piece], n_rows: int) -> list[tuple[int, int, str]] | None:
    """Labels from their pieces and the rows each covers, by two readings: the rows nearest
    to each label (between the midpoints of it and its neighbours), and runs of rows centred on
    each label, one after the other. A row the two readings give different labels (or that is
    as near to two labels) is unclear: it is left out (a span of label ``""``)."""
    order = sorted(pieces, key=lambda p: (p.line, p.kind != "start"))
    labels: list[list[_Piece]] = []
    for p in order:
        prev = labels[-1][-1] if labels else None
        if prev is not None and p.line == prev.line + 1 \
                and not (prev.kind == "start" and p.kind == "end") \
                and not (prev.kind == "end" and p.kind == "end"):
            labels[-1].append(p)
        else:
            labels.append([p])
    if not labels:
        return None
    centres = [sum(p.row for p in lab) / len(lab) for lab in labels]
    texts = ["".join(p.text for p in lab) for lab in labels]
    bounds = [-1.0] + [(a + b) / 2 for a, b in zip(centres, centres[1:])] + [float(n_rows)]
    nearest: list[int | None] = []
    for r in range(n_rows):
        k = next(i for i in range(len(labels)) if bounds[i] <= r <= bounds[i + 1])
        nearest.append(None if r in (bounds[k], bounds[k + 1]) else k)
    centred: list[int | None] = [None] * n_rows
    start = 0
    for k, c in enumerate(centres):
        end = n_rows - 1 if k == len(labels) - 1 else int(2 * c - start)
        for r in range(start, min(end, n_rows - 1) + 1):
            centred[r] = k
        start = max(start, end + 1)
    out: list[tuple[int, int, str]] = []
    for r in range(n_rows):
        k = nearest[r] if nearest[r] == centred[r] else None
        text = texts[k] if k is not None else ""
        if out and out[-1][2] == text and out[-1][1] == r and (k is None or out[-1][3] == k):
            out[-1] = (out[-1][0], r + 1, text, k)
        else:
            out.append((r, r + 1, text, k))
    return [(a, e, t) for a, e, t, _ in out]
