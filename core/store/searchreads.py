"""What search reads from the library: each document's normalised text (``doc_norms``), the
blocks of the hits shown, and documents found by 文号 key.

Search keeps no text in memory: Whoosh narrows a query to candidate documents, and only the
documents shown are then read here and checked. ``doc_norms.norm`` is the document's blocks'
:func:`core.textmatch.normalize`\\ d texts joined by ``"\\n"`` (which normalising removes, so no
match crosses two blocks), ``block_ids`` their ids in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from core.store import Library

MAX_TERMS = 40      # instr() calls per statement: SQLite's expression depth is 1,000
CHUNK = 400         # document ids per statement (well under SQLite's 32,766 parameters)
BLOCK_SEP = "\n"


class HitRow(NamedTuple):
    """One block of a search hit, as read from the library."""

    doc_id: str
    block_id: str
    ordinal: int
    kind: str
    text: str
    page: int | None
    section_id: str | None
    page_estimated: int


_HIT_COLUMNS = "doc_id, id, ord, kind, text, page, section_id, page_estimated"


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def doc_norms(library: Library, doc_ids: list[str]) -> dict[str, tuple[str, str]]:
    """``{doc_id: (normalised text, block ids)}``, both ``"\\n"``-joined in reading order."""
    out: dict[str, tuple[str, str]] = {}
    for ids in _chunks(list(doc_ids), CHUNK):
        marks = ",".join("?" * len(ids))
        for doc_id, norm, block_ids in library.db.execute(
                f"SELECT doc_id, norm, block_ids FROM doc_norms WHERE doc_id IN ({marks})", ids):
            out[doc_id] = (norm, block_ids)
    return out


def doc_norms_utf8(library: Library, doc_ids: list[str]) -> dict[str, tuple[bytes, str]]:
    """:func:`doc_norms` with the normalised text in UTF-8 bytes, as SQLite stores it in a
    UTF-8 library (any library this program made): a search finds its strings in the bytes
    and decodes only the blocks it shows, instead of decoding every document's whole text
    (about half the time of reading it)."""
    if library.db.execute("PRAGMA encoding").fetchone()[0] != "UTF-8":
        return {d: (norm.encode(), ids) for d, (norm, ids) in doc_norms(library, doc_ids).items()}
    out: dict[str, tuple[bytes, str]] = {}
    for ids in _chunks(list(doc_ids), CHUNK):
        marks = ",".join("?" * len(ids))
        for doc_id, norm, block_ids in library.db.execute(
                "SELECT doc_id, CAST(norm AS BLOB), block_ids FROM doc_norms "
                f"WHERE doc_id IN ({marks})", ids):
            out[doc_id] = (norm or b"", block_ids)
    return out


def docs_containing(library: Library, doc_ids: list[str], norm_terms: list[str]) -> set[str]:
    """Which of ``doc_ids`` contain any of ``norm_terms`` (normalised) in some block."""
    terms = [t for t in dict.fromkeys(norm_terms) if t]
    out: set[str] = set()
    if not doc_ids or not terms:
        return out
    for ids in _chunks(list(doc_ids), CHUNK):
        marks = ",".join("?" * len(ids))
        for group in _chunks(terms, MAX_TERMS):
            test = " OR ".join("instr(norm, ?) > 0" for _ in group)
            sql = f"SELECT doc_id FROM doc_norms WHERE doc_id IN ({marks}) AND ({test})"
            out.update(r[0] for r in library.db.execute(sql, [*ids, *group]))
    return out


def blocks_by_id(library: Library, block_ids: list[str]) -> dict[str, HitRow]:
    out: dict[str, HitRow] = {}
    for ids in _chunks(list(block_ids), CHUNK):
        marks = ",".join("?" * len(ids))
        for r in library.db.execute(
                f"SELECT {_HIT_COLUMNS} FROM blocks WHERE id IN ({marks})", ids):
            out[r[1]] = HitRow(*r)
    return out


def blocks_of_kind(library: Library, doc_ids: list[str], kind: str) -> dict[str, list[str]]:
    """``{doc_id: ids of its blocks of one kind}`` (``doc_no`` …), in reading order, for each
    of ``doc_ids`` (an empty list where it has none)."""
    out: dict[str, list[str]] = {d: [] for d in doc_ids}
    for ids in _chunks(list(doc_ids), CHUNK):
        marks = ",".join("?" * len(ids))
        sql = (f"SELECT doc_id, id FROM blocks WHERE doc_id IN ({marks}) AND kind = ? "
               "ORDER BY doc_id, ord")
        for doc_id, block_id in library.db.execute(sql, [*ids, kind]):
            out[doc_id].append(block_id)
    return out


def doc_ids_by_doc_no(library: Library, normalized: str) -> list[str]:
    """Documents whose normalised 文号 is ``normalized`` (许政〔2023〕14号), by the SQL index."""
    return [r[0] for r in library.db.execute(
        "SELECT id FROM documents WHERE doc_no_norm = ?", [normalized])]


def doc_ids_by_doc_no_parts(library: Library, agency: str, year: int | None) -> list[str]:
    """Documents of one 机关代字 (and year): 许政〔2023〕 lists that year's 许政 documents."""
    if year is None:
        sql, params = "SELECT id FROM documents WHERE doc_no_agency = ?", [agency]
    else:
        sql = "SELECT id FROM documents WHERE doc_no_agency = ? AND doc_no_year = ?"
        params = [agency, year]
    return [r[0] for r in library.db.execute(sql, params)]
