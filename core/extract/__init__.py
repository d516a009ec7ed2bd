"""Extraction of tables and responsibility lists (责任分工) from a parsed issue.

``extract_issue(parsed)`` fills ``parsed.tables`` and ``parsed.tasks`` (ids
``{doc_id}-t{n:02d}`` and ``{doc_id}-k{n:03d}``) and re-labels the blocks it reads as tables
(``table_row``, and ``caption`` for a caption line that is not a section heading). It changes
nothing else. ``extract_document`` does the same for the stored blocks of one document, which
is how ``reextract`` works.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from typing import TYPE_CHECKING

from ..model import Block, Document, ParsedIssue, Section, Table, Task
from ..progress import Progress, check_cancel, report

if TYPE_CHECKING:
    from .units import UnitAliases

__all__ = ["extract_issue", "extract_document", "section_paths"]


def section_paths(sections: list[Section]) -> dict[str | None, str]:
    """Section id → printed path of numberings (二、（三）4．), enclosure titles left out."""
    by_id = {s.id: s for s in sections}
    paths: dict[str | None, str] = {None: ""}

    def path(sid: str | None) -> str:
        if sid in paths:
            return paths[sid]
        s = by_id.get(sid)
        if s is None:
            return ""
        own = "" if s.kind == "enclosure" else s.numbering.replace(" ", "")
        parent = by_id.get(s.parent_id or "")
        base = path(s.parent_id)
        if parent is not None and s.kind == "decimal" and parent.kind in ("arabic", "decimal") \
                and own.startswith(parent.numbering.replace(" ", "").rstrip("．.、")):
            base = path(parent.parent_id)      # 2．4 already says it is under 2．
        paths[sid] = base + own
        return paths[sid]

    for s in sections:
        path(s.id)
    return paths


def _year(doc: Document | None) -> int | None:
    if doc and doc.date and doc.date[:4].isdigit():
        return int(doc.date[:4])
    if doc and doc.doc_no and doc.doc_no.year:
        return doc.doc_no.year
    return None


def extract_document(doc_id: str, blocks: list[Block], sections: list[Section],
                     document: Document | None = None,
                     aliases: UnitAliases | None = None, pdf_tables: list | None = None,
                     page_offset: int = 0, cancel: threading.Event | None = None
                     ) -> tuple[list[Table], list[Task]]:
    """Tables and tasks of one document, numbered; table blocks are re-labelled in place.

    ``pdf_tables`` are ruled tables of a PDF source (core.pdfsource.PdfTable, physical
    pages; printed page = physical + ``page_offset``): they replace or add tables.
    """
    # imported here, not with the package: reading the library (core.store imports the
    # citations module of this package) must not load every extractor
    from .checks import table_checks
    from .pdf_tables import merge_ruled, tables_for_document
    from .table_tasks import table_tasks
    from .tables import find_tables
    from .tasks import extract_text_tasks
    from .units import default_aliases

    aliases = aliases or default_aliases()
    paths = section_paths(sections)
    headings = {s.block_id for s in sections}
    year = _year(document)
    found = find_tables(blocks)
    if pdf_tables:
        found = merge_ruled(found, blocks, tables_for_document(pdf_tables, blocks, page_offset),
                            page_offset)
    tables: list[Table] = []
    table_block_ids: set[str] = set()
    position = {b.id: k for k, b in enumerate(blocks)}
    for n, ft in enumerate(found, start=1):
        first = ft.caption_block or (blocks[position[ft.table.block_ids[0]]]
                                     if ft.table.block_ids else None)
        ft.table.checks = table_checks(ft.table, _text_before(blocks, position.get(
            first.id, 0) if first is not None else 0), ft.spans)
        ft.table.id = f"{doc_id}-t{n:02d}"
        ft.table.doc_id = doc_id
        ft.table.ordinal = n
        tables.append(ft.table)
        for bid in ft.table.block_ids:
            table_block_ids.add(bid)
        for cb in [ft.caption_block] + ft.note_blocks:
            if cb is not None and cb.id not in headings:
                cb.kind = "caption"
        # Group labels are rows of the table even where the parser read them as headings.
        for gb in ft.group_blocks:
            gb.kind = "table_row"
    for b in blocks:
        if b.id in table_block_ids and b.id not in headings:
            b.kind = "table_row"
    ordered: list[tuple[int, Task]] = extract_text_tasks(
        blocks, paths, aliases, year, skip=table_block_ids, heading_blocks=headings,
        cancel=cancel)
    order = {b.id: b.ordinal for b in blocks}
    notes = _notes(blocks) if found else []
    for ft in found:
        first = order.get(ft.table.block_ids[0], 0) if ft.table.block_ids else 0
        note = _note_before(notes, first)
        for task in table_tasks(ft, aliases, paths.get(ft.table.section_id, ""), year, note):
            ordered.append((order.get(task.block_id, first), task))
    ordered.sort(key=lambda pair: pair[0])
    tasks = []
    for n, (_, task) in enumerate(ordered, start=1):
        task.id = f"{doc_id}-k{n:03d}"
        task.ordinal = n
        tasks.append(task)
    return tables, tasks


def _text_before(blocks: list[Block], at: int) -> str:
    """The last paragraph within the few blocks before a table (the sentence that may state
    how many rows it has: 共计 52 项)."""
    for b in reversed(blocks[max(0, at - 6):at]):
        if b.kind == "paragraph":
            return b.text
    return ""


def _notes(blocks: list[Block]) -> list[tuple[int, str]]:
    """(block ordinal, general note) of the blocks holding one, in order (read once)."""
    from .tasks import find_note

    return [(b.ordinal, note) for b in blocks if (note := find_note(b.text))]


def _note_before(notes: list[tuple[int, str]], ordinal: int) -> str:
    """The last general note (不再逐项列明 …) before a table, if any."""
    k = bisect_left(notes, (ordinal, ""))
    return notes[k - 1][1] if k else ""


def extract_issue(parsed: ParsedIssue, progress: Progress | None = None,
                  cancel: threading.Event | None = None) -> None:
    """Fill ``parsed.tables`` and ``parsed.tasks`` from the parsed documents."""
    from .units import default_aliases

    aliases = default_aliases()
    blocks_by_doc: dict[str, list[Block]] = {}
    for b in parsed.blocks:
        blocks_by_doc.setdefault(b.doc_id, []).append(b)
    sections_by_doc: dict[str, list[Section]] = {}
    for s in parsed.sections:
        sections_by_doc.setdefault(s.doc_id, []).append(s)
    parsed.tables, parsed.tasks = [], []
    total = len(parsed.documents)
    for i, doc in enumerate(parsed.documents):
        check_cancel(cancel)
        tables, tasks = extract_document(doc.id, blocks_by_doc.get(doc.id, []),
                                         sections_by_doc.get(doc.id, []), doc, aliases,
                                         parsed.pdf_tables, parsed.page_offset, cancel)
        parsed.tables.extend(tables)
        parsed.tasks.extend(tasks)
        report(progress, i + 1, total, "抽取表格与分工")
