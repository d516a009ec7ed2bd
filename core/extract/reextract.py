"""Re-extraction of the whole library after an upgrade (or an edit of the alias file).

For each stored issue, the stored documents, sections and blocks are read back, extraction
runs again, and the issue's tables, tasks and task units are replaced in one transaction per
issue. Block kinds set by a previous extraction (``table_row``/``caption``) go back to
``paragraph`` when the block is no longer in a table. For a PDF issue, the structured tables
stored before stand for its ruled tables (the PDF itself is not kept), so re-extraction keeps
their columns. Annotations are not touched.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Table
from ..progress import Progress, check_cancel, report
from . import extract_document
from .units import default_aliases

if TYPE_CHECKING:
    from ..store import Library

EXTRACTED_KINDS = ("table_row", "caption")


@dataclass(slots=True)
class _Ruled:
    """A stored structured table of a PDF, handed back as a ruled table (printed pages)."""

    page: int
    rows: list[list[str]]
    last_page: int | None = None


def _stored_ruled(tables: list[Table]) -> list[_Ruled]:
    """The ruled tables of a PDF are not kept apart: its structured tables stand for them."""
    out = []
    for t in tables:
        if not t.structured or t.first_page is None:
            continue
        rows = [list(r) for r in t.header[:1]]
        groups = dict(t.groups)
        for i, row in enumerate(t.rows):
            if i in groups:
                rows.append([groups[i]] + [""] * (len(row) - 1))
            rows.append(list(row))
        out.append(_Ruled(t.first_page, rows, t.last_page))
    return out


@dataclass(slots=True)
class ReextractReport:
    issues: int = 0
    tables: int = 0
    tasks: int = 0


def reextract_library(library: Library, progress: Progress | None = None,
                      cancel: threading.Event | None = None) -> ReextractReport:
    """Re-run extraction for every stored issue; returns the new totals."""
    default_aliases.cache_clear()          # pick up edits of resources/unit_aliases.txt
    aliases = default_aliases()
    issues = library.issues()
    result = ReextractReport()
    for n, issue in enumerate(issues, start=1):
        check_cancel(cancel)
        tables, tasks, kinds = [], [], {}
        for doc in library.documents(issue.id):
            blocks = library.blocks(doc.id)
            before = {b.id: b.kind for b in blocks}
            for b in blocks:
                if b.kind in EXTRACTED_KINDS:
                    b.kind = "paragraph"
            ruled = _stored_ruled(library.tables(doc.id)) if issue.source_kind == "pdf" else []
            t, k = extract_document(doc.id, blocks, library.sections(doc.id), doc, aliases,
                                    ruled, 0, cancel)
            tables += t
            tasks += k
            kinds.update({b.id: b.kind for b in blocks if b.kind != before[b.id]})
        check_cancel(cancel)
        library.replace_extracted(issue.id, tables, tasks, kinds)
        result.issues += 1
        result.tables += len(tables)
        result.tasks += len(tasks)
        report(progress, n, len(issues), "重新抽取")
    return result
