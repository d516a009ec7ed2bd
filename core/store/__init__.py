"""The library store. Only this package imports ``sqlite_utils`` (``tests/test_layers.py``).

``Library`` is the base store (issues, documents, sections, blocks: ``library.py``) plus the
parts it owns, each with its own tables: ``tables_tasks`` (``extracted.py``),
``annotation_store`` (``annotations.py``), ``ref_store`` and ``digest`` (``refs.py``).
:meth:`Library.import_issue` and :meth:`Library.remove_issue` call the parts in order, in one
transaction; the parts' queries are answered by the library itself (``lib.tables(...)`` is
``lib.tables_tasks.tables(...)``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar

from ..model import Issue, ParsedIssue
from .annotations import AnnotationStore
from .dberrors import LibraryError
from .dberrors import describe as describe_db_error
from .extracted import ExtractedStore, TaskRecord, UnitCount
from .library import LibraryBase, LibraryStats, StoredIssue, StorePart
from .refs import Changed, DigestQueries, RefLink, RefStore
from .schema import SCHEMA_VERSION

_P = ParamSpec("_P")
_R = TypeVar("_R")


class _Via(Generic[_P, _R]):
    """``name = _Via("part", PartClass.name)``: the library's method ``name`` is its part's."""

    def __init__(self, part: str, method: Callable[Concatenate[Any, _P], _R]):
        self.part, self.name = part, method.__name__
        self.__doc__ = method.__doc__

    def __get__(self, obj: Any, owner: Any = None) -> Callable[_P, _R]:
        if obj is None:
            return self  # type: ignore[return-value]
        return getattr(getattr(obj, self.part), self.name)


class Library(LibraryBase):
    """The gazette library in one SQLite file."""

    def __init__(self, path: str | Path):
        super().__init__(path)
        self.tables_tasks = ExtractedStore(self)
        self.annotation_store = AnnotationStore(self)
        self.ref_store = RefStore(self)
        self.digest = DigestQueries(self)

    # -- the two transactions that touch every part ---------------------------------------
    def import_issue(self, parsed: ParsedIssue, replace: bool = False) -> StoredIssue:
        """Store a parsed issue in one transaction: all of it lands, or none of it.

        Raises :class:`DuplicateIssue` when the same file is already stored, or when another
        file of the same issue is stored and ``replace`` is false.
        """
        same = self.check_new(parsed.issue, replace)
        with self.db.atomic():
            replaced = self._delete_issue(same.id) if same is not None else None
            self.insert_issue_rows(parsed)
            self.tables_tasks.insert(parsed.tables, parsed.tasks)
            self.annotation_store.reattach_issue(parsed)
            self.ref_store.insert_issue(parsed, replaced)
        return StoredIssue(parsed.issue.id, same.id if same else None)

    def remove_issue(self, issue_id: str) -> Issue:
        """Delete an issue and everything parsed from it (its annotations are kept, orphan)."""
        issue = self.issue(issue_id)
        with self.db.atomic():
            self.ref_store.refresh_refs(changed=self._delete_issue(issue_id))
        return issue

    def _delete_issue(self, issue_id: str) -> Changed:
        doc_ids = self.document_ids(issue_id)
        self.annotation_store.orphan_documents(doc_ids)
        changed = self.ref_store.delete_documents(doc_ids)
        self.tables_tasks.delete_issue(issue_id)
        self.delete_issue_rows(issue_id)
        return changed

    # -- tables and tasks -----------------------------------------------------------------
    replace_extracted = _Via("tables_tasks", ExtractedStore.replace_extracted)
    tables = _Via("tables_tasks", ExtractedStore.tables)
    table = _Via("tables_tasks", ExtractedStore.table)
    tasks = _Via("tables_tasks", ExtractedStore.tasks)
    task_records = _Via("tables_tasks", ExtractedStore.task_records)
    tasks_for_unit = _Via("tables_tasks", ExtractedStore.tasks_for_unit)
    match_units = _Via("tables_tasks", ExtractedStore.match_units)
    units = _Via("tables_tasks", ExtractedStore.units)

    # -- annotations ----------------------------------------------------------------------
    annotation = _Via("annotation_store", AnnotationStore.annotation)
    find_annotation = _Via("annotation_store", AnnotationStore.find_annotation)
    annotations = _Via("annotation_store", AnnotationStore.annotations)
    annotation_records = _Via("annotation_store", AnnotationStore.annotation_records)
    annotation_counts = _Via("annotation_store", AnnotationStore.annotation_counts)
    add_annotation = _Via("annotation_store", AnnotationStore.add_annotation)
    update_annotation = _Via("annotation_store", AnnotationStore.update_annotation)
    delete_annotation = _Via("annotation_store", AnnotationStore.delete_annotation)
    restore_annotation = _Via("annotation_store", AnnotationStore.restore_annotation)

    # -- citations, relations, status -----------------------------------------------------
    reextract_refs = _Via("ref_store", RefStore.reextract_refs)
    ensure_refs = _Via("ref_store", RefStore.ensure_refs)
    ref_graph = _Via("ref_store", RefStore.ref_graph)
    refresh_refs = _Via("ref_store", RefStore.refresh_refs)
    status_map = _Via("ref_store", RefStore.status_map)
    status = _Via("ref_store", RefStore.status)
    doc_citations = _Via("ref_store", RefStore.doc_citations)
    doc_relations = _Via("ref_store", RefStore.doc_relations)
    doc_term = _Via("ref_store", RefStore.doc_term)
    citation_targets = _Via("ref_store", RefStore.citation_targets)
    refs_view = _Via("ref_store", RefStore.refs_view)
    cited_documents = _Via("ref_store", RefStore.cited_documents)
    cited_doc = _Via("ref_store", RefStore.cited_doc)
    citing_places = _Via("ref_store", RefStore.citing_places)

    # -- 本期概要 ---------------------------------------------------------------------------
    issue_relations = _Via("digest", DigestQueries.issue_relations)
    issue_unit_counts = _Via("digest", DigestQueries.issue_unit_counts)
    issue_counts = _Via("digest", DigestQueries.issue_counts)
    issue_tables = _Via("digest", DigestQueries.issue_tables)


__all__ = ["Library", "LibraryStats", "StoredIssue", "StorePart", "SCHEMA_VERSION",
           "TaskRecord", "UnitCount", "RefLink", "LibraryError", "describe_db_error"]
