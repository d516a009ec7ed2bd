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
from .indicators import indicator_cells

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
    cells: list[list[str]]                  # label first, then the row's cells
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
    spans = _spans(pieces, len(rows))
    if spans is None:
        return None
    label_of = {r: text for a, e, text in spans for r in range(a, e)}
    return Labelled(rows=[[stream[k] for k in ks] for ks in rows],
                    piece_blocks=[stream[p.line] for p in pieces if p.kind == "whole"],
                    cells=[[label_of[r]] + c for r, c in enumerate(cells)], spans=spans)


def _spans(pieces: list[_Piece], n_rows: int) -> list[tuple[int, int, str]] | None:
    """Labels from their pieces and the rows each covers, or ``None`` when unclear."""
    order = sorted(pieces, key=lambda p: (p.line, p.kind != "start"))
    labels: list[list[_Piece]] = []
    for p in order:
        prev = labels[-1][-1] if labels else None
        if prev is not None and p.line == prev.line + 1 and prev.kind in ("end", "whole") \
                and p.kind in ("start", "whole"):
            labels[-1].append(p)
        else:
            labels.append([p])
    if not labels:
        return None
    centres = [sum(p.row for p in lab) / len(lab) for lab in labels]
    bounds = [0.0] + [(a + b) / 2 for a, b in zip(centres, centres[1:])] + [float(n_rows)]
    spans: list[tuple[int, int, str]] = []
    for k, lab in enumerate(labels):
        lo, hi = bounds[k], bounds[k + 1]
        if any(0 < x < n_rows and x == int(x) for x in (lo, hi)):
            return None                 # a row as near to two labels
        first = 0 if k == 0 else int(lo) + 1
        end = n_rows if k == len(labels) - 1 else min(n_rows, int(hi) + 1)
        if end <= first or abs((first + end - 1) / 2 - centres[k]) > 0.5:
            return None                 # the label is not in the middle of its rows
        spans.append((first, end, "".join(p.text for p in lab)))
    return spans
