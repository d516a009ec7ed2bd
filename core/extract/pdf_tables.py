"""Ruled tables from a PDF (pdfplumber's table finder, see core.pdfsource) in the extraction.

A ruled table has reliable columns, so it replaces the table read from the flattened text
lines when both are the same table (same pages, same words), and it is added as a table of
its own when the text pass missed it. Its blocks (the lines whose words are all in its
cells) are the table's blocks. A row with one filled cell that reads as 一、…… is a group
label; the first row is the header when it reads as one.
"""

from __future__ import annotations

from ..model import Block, Table
from ..textmatch import dense
from .tables import GROUP_RE, HEADER_WORDS, FoundTable, _table, is_header

MIN_SHARE = 0.5      # share of a table's blocks whose words are in the ruled table's cells


def _fold(text: str) -> str:
    return dense(text or "")


def _cells_text(rows: list[list[str]]) -> str:
    return "".join(_fold(c) for row in rows for c in row)


def _in_cells(block: Block, cells: str) -> bool:
    words = [_fold(w) for w in block.text.split()]
    return bool(words) and all(w in cells for w in words if w)


def _printed_pages(pdf_table, offset: int) -> range:
    first = pdf_table.page + offset
    last = (pdf_table.last_page or pdf_table.page) + offset
    return range(first, last + 1)


def _header_row(row: list[str]) -> bool:
    cells = [c for c in row if c]
    if len(cells) < 2:
        return False
    return is_header(" ".join(_fold(c) for c in cells)) or sum(
        any(w in c for w in HEADER_WORDS) for c in cells) * 2 >= len(cells)


def _closed_up(cell: str) -> str:
    """A header cell whose letters are spaced out (``责 任 单 位``) as one word."""
    words = cell.split()
    return "".join(words) if len(words) > 1 and all(len(w) == 1 for w in words) else cell


def ruled_table(pdf_table, blocks: list[Block], offset: int) -> Table:
    """A structured :class:`Table` from a ruled PDF table and the blocks it covers."""
    rows = [[c or "" for c in r] for r in pdf_table.rows]
    # header cells letter-spaced in their boxes (序  号, 责 任 单 位) are closed up
    header = [[_closed_up(c) for c in rows[0]]] \
        if rows and _header_row(rows[0]) else []
    body: list[list[str]] = []
    groups: list[tuple[int, str]] = []
    width = max((len(r) for r in rows), default=0)
    for row in rows[len(header):]:
        filled = [c for c in row if c]
        if len(filled) == 1 and width > 1 and GROUP_RE.match(filled[0]):
            groups.append((len(body), filled[0]))
        else:
            body.append(row + [""] * (width - len(row)))
    pages = _printed_pages(pdf_table, offset)
    if blocks:
        table = _table(header, body, groups, True, blocks)
    else:
        table = Table(id="", doc_id="", ordinal=0, caption="", header=header, rows=body,
                      groups=groups, structured=True)
    table.first_page, table.last_page = pages[0], pages[-1]
    return table


def merge_ruled(found: list[FoundTable], blocks: list[Block], pdf_tables: list,
                offset: int) -> list[FoundTable]:
    """The tables of one document with the ruled PDF tables applied (in block order).

    ``pdf_tables`` are the ruled tables whose pages fall in this document; each replaces the
    text table it matches or is added when its words are found in the document's lines.
    """
    result = list(found)
    order = {b.id: i for i, b in enumerate(blocks)}
    for pt in pdf_tables:
        cells = _cells_text(pt.rows)
        pages = _printed_pages(pt, offset)
        covered = [b for b in blocks if b.page in pages and b.kind != "heading"
                   and _in_cells(b, cells)]
        best, best_share = None, 0.0
        for ft in result:
            own = [b for b in blocks if b.id in set(ft.table.block_ids)]
            if not own:
                continue
            share = sum(_in_cells(b, cells) for b in own) / len(own)
            if share > best_share:
                best, best_share = ft, share
        # Pieces of the same table read from the text (a continuation page, a repeated
        # header) go: the ruled table stands for them.
        pieces = [ft for ft in result if ft is not best and _part_of(ft, blocks, pages, cells)]
        if best is not None and best_share >= MIN_SHARE:
            result = [ft for ft in result if ft not in pieces]
            ids = set(best.table.block_ids) | {b.id for b in covered}
            own = sorted((b for b in blocks if b.id in ids), key=lambda b: order[b.id])
            table = ruled_table(pt, own, offset)
            table.caption = best.table.caption
            best.table = table
            best.header_blocks, best.row_blocks = [], []
        elif len(covered) >= 2:
            result = [ft for ft in result if ft not in pieces]
            result.append(FoundTable(ruled_table(pt, covered, offset)))
    result.sort(key=lambda ft: order.get(ft.table.block_ids[0], 0) if ft.table.block_ids
                else 0)
    return result


def _part_of(ft: FoundTable, blocks: list[Block], pages: range, cells: str) -> bool:
    ids = set(ft.table.block_ids)
    own = [b for b in blocks if b.id in ids]
    return bool(own) and all(b.page in pages for b in own) and sum(
        _in_cells(b, cells) for b in own) >= MIN_SHARE * len(own)


def tables_for_document(pdf_tables: list, blocks: list[Block], offset: int) -> list:
    """The ruled tables whose pages overlap the pages of a document's blocks."""
    pages = {b.page for b in blocks if b.page is not None}
    return [pt for pt in pdf_tables if pages.intersection(_printed_pages(pt, offset))]
