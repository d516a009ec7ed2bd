"""What search reads from the library: hit blocks found by SQLite on each block's normalised
text (``blocks.norm``), and documents found by 文号 key.

Search keeps no text in memory: Whoosh narrows a query to candidate documents, and the blocks
of the documents shown are then checked here with ``instr`` (C speed, only the rows that hit
come back to Python). ``norm`` is :func:`core.textmatch.normalize` of the block's text, so
``instr(norm, q)`` is exactly "the block contains ``q``" in search's sense.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

MAX_TERMS = 40      # instr() calls per statement: SQLite's expression depth is 1,000
CHUNK = 400         # document ids per statement (well under SQLite's 32,766 parameters)


class HitRow(NamedTuple):
    """One block of a search hit, as read from the library."""

    doc_id: str
    block_id: str
    ordinal: int
    kind: str
    text: str
    page: int | None
    section_id: str | None
    norm: str
    page_estimated: int


_HIT_COLUMNS = "doc_id, id, ord, kind, text, page, section_id, norm, page_estimated"


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def hit_blocks(library, doc_ids: list[str], norm_terms: list[str]) -> list[HitRow]:
    """The blocks of ``doc_ids`` whose normalised text contains any of ``norm_terms``, in
    document then reading order (documents in the order given)."""
    terms = [t for t in dict.fromkeys(norm_terms) if t]
    if not doc_ids or not terms:
        return []
    found: dict[str, HitRow] = {}
    for ids in _chunks(list(doc_ids), CHUNK):
        marks = ",".join("?" * len(ids))
        for group in _chunks(terms, MAX_TERMS):
            test = " OR ".join("instr(norm, ?) > 0" for _ in group)
            sql = f"SELECT {_HIT_COLUMNS} FROM blocks WHERE doc_id IN ({marks}) AND ({test})"
            for r in library.db.execute(sql, [*ids, *group]):
                found.setdefault(r[1], HitRow(*r))
    rank = {d: i for i, d in enumerate(doc_ids)}
    return sorted(found.values(), key=lambda h: (rank[h.doc_id], h.ordinal))


def docs_containing(library, doc_ids: list[str], norm_terms: list[str]) -> set[str]:
    """Which of ``doc_ids`` contain any of ``norm_terms`` in some block."""
    terms = [t for t in dict.fromkeys(norm_terms) if t]
    out: set[str] = set()
    if not doc_ids or not terms:
        return out
    for ids in _chunks(list(doc_ids), CHUNK):
        marks = ",".join("?" * len(ids))
        for group in _chunks(terms, MAX_TERMS):
            test = " OR ".join("instr(norm, ?) > 0" for _ in group)
            sql = f"SELECT DISTINCT doc_id FROM blocks WHERE doc_id IN ({marks}) AND ({test})"
            out.update(r[0] for r in library.db.execute(sql, [*ids, *group]))
    return out


def blocks_of_kind(library, doc_ids: list[str], kind: str) -> list[HitRow]:
    """The blocks of one kind (``doc_no`` …) of ``doc_ids``."""
    out: list[HitRow] = []
    for ids in _chunks(list(doc_ids), CHUNK):
        marks = ",".join("?" * len(ids))
        sql = (f"SELECT {_HIT_COLUMNS} FROM blocks WHERE doc_id IN ({marks}) AND kind = ? "
               "ORDER BY doc_id, ord")
        out.extend(HitRow(*r) for r in library.db.execute(sql, [*ids, kind]))
    return out


def doc_ids_by_doc_no(library, normalized: str) -> list[str]:
    """Documents whose normalised 文号 is ``normalized`` (许政〔2023〕14号), by the SQL index."""
    return [r[0] for r in library.db.execute(
        "SELECT id FROM documents WHERE doc_no_norm = ?", [normalized])]


def doc_ids_by_doc_no_parts(library, agency: str, year: int | None) -> list[str]:
    """Documents of one 机关代字 (and year): 许政〔2023〕 lists that year's 许政 documents."""
    if year is None:
        sql, params = "SELECT id FROM documents WHERE doc_no_agency = ?", [agency]
    else:
        sql = "SELECT id FROM documents WHERE doc_no_agency = ? AND doc_no_year = ?"
        params = [agency, year]
    return [r[0] for r in library.db.execute(sql, params)]
