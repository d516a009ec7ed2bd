"""Conversions between dataclasses and database rows (JSON for list columns)."""

from __future__ import annotations

import json
from typing import Any

from ..model import Annotation, Block, DocNo, Document, Issue, Section, Table, Task
from ..textmatch import normalize


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def issue_row(issue: Issue) -> dict:
    return {
        "id": issue.id, "gazette": issue.gazette, "year": issue.year, "number": issue.number,
        "total_number": issue.total_number, "source_name": issue.source_name,
        "sha256": issue.sha256, "source_kind": issue.source_kind,
        "page_count": issue.page_count, "imported_at": issue.imported_at,
        "number_unit": issue.number_unit,
    }


def issue_from(row: dict) -> Issue:
    return Issue(**{k: row[k] for k in (
        "id", "gazette", "year", "number", "total_number", "source_name", "sha256",
        "source_kind", "page_count", "imported_at", "number_unit")})


def document_row(doc: Document) -> dict:
    no = doc.doc_no
    return {
        "id": doc.id, "issue_id": doc.issue_id, "ord": doc.order, "title": doc.title,
        "issuers": dumps(doc.issuers),
        "doc_no": no.printed if no else None, "doc_no_norm": no.normalized if no else None,
        "doc_no_agency": no.agency if no else None, "doc_no_year": no.year if no else None,
        "doc_no_serial": no.serial if no else None,
        "doc_type": doc.doc_type, "enclosed_type": doc.enclosed_type,
        "recipients": doc.recipients, "date": doc.date, "attachments": dumps(doc.attachments),
        "first_page": doc.first_page, "last_page": doc.last_page,
        "kind": doc.kind, "disclosure": doc.disclosure, "contact": doc.contact,
        "pages_estimated": int(doc.pages_estimated),
    }


def document_from(row: dict) -> Document:
    no = None
    if row["doc_no"]:
        no = DocNo(row["doc_no"], row["doc_no_norm"], row["doc_no_agency"] or "",
                   row["doc_no_year"], row["doc_no_serial"])
    return Document(
        id=row["id"], issue_id=row["issue_id"], order=row["ord"], title=row["title"],
        issuers=json.loads(row["issuers"]), doc_no=no, doc_type=row["doc_type"],
        enclosed_type=row["enclosed_type"], recipients=row["recipients"], date=row["date"],
        attachments=json.loads(row["attachments"]), first_page=row["first_page"],
        last_page=row["last_page"], kind=row["kind"], disclosure=row["disclosure"],
        contact=row["contact"], pages_estimated=bool(row["pages_estimated"]))


def section_row(s: Section) -> dict:
    return {"id": s.id, "doc_id": s.doc_id, "ord": s.ordinal, "parent_id": s.parent_id,
            "level": s.level, "kind": s.kind, "numbering": s.numbering, "title": s.title,
            "block_id": s.block_id, "page": s.page, "page_estimated": int(s.page_estimated)}


def section_from(row: dict) -> Section:
    return Section(id=row["id"], doc_id=row["doc_id"], ordinal=row["ord"],
                   parent_id=row["parent_id"], level=row["level"], kind=row["kind"],
                   numbering=row["numbering"], title=row["title"], block_id=row["block_id"],
                   page=row["page"], page_estimated=bool(row["page_estimated"]))


def block_row(b: Block) -> dict:
    return {"id": b.id, "doc_id": b.doc_id, "ord": b.ordinal, "kind": b.kind, "text": b.text,
            "section_id": b.section_id, "page": b.page, "src_start": b.src_start,
            "src_end": b.src_end, "page_estimated": int(b.page_estimated)}


def doc_norm_rows(blocks: list[Block]) -> list[dict]:
    """One ``doc_norms`` row per document: its blocks' normalised texts and ids, in order."""
    by_doc: dict[str, list[Block]] = {}
    for b in blocks:
        by_doc.setdefault(b.doc_id, []).append(b)
    out = []
    for doc_id, items in by_doc.items():
        items.sort(key=lambda b: b.ordinal)
        out.append({"doc_id": doc_id, "norm": "\n".join(normalize(b.text) for b in items),
                    "block_ids": "\n".join(b.id for b in items)})
    return out


def block_from(row: dict) -> Block:
    return Block(id=row["id"], doc_id=row["doc_id"], ordinal=row["ord"], kind=row["kind"],
                 text=row["text"], section_id=row["section_id"], page=row["page"],
                 src_start=row["src_start"], src_end=row["src_end"],
                 page_estimated=bool(row["page_estimated"]))


def table_row(t: Table) -> dict:
    return {"id": t.id, "doc_id": t.doc_id, "ord": t.ordinal, "caption": t.caption,
            "header": dumps(t.header), "rows": dumps(t.rows), "groups": dumps(t.groups),
            "structured": int(t.structured), "row_count": len(t.rows),
            "section_id": t.section_id, "block_ids": dumps(t.block_ids),
            "first_page": t.first_page, "last_page": t.last_page,
            "raw_rows": dumps(t.raw_rows), "checks": dumps(t.checks)}


def table_from(row: dict) -> Table:
    return Table(id=row["id"], doc_id=row["doc_id"], ordinal=row["ord"], caption=row["caption"],
                 header=json.loads(row["header"]), rows=json.loads(row["rows"]),
                 groups=[tuple(g) for g in json.loads(row["groups"])],
                 structured=bool(row["structured"]), section_id=row["section_id"],
                 block_ids=json.loads(row["block_ids"]), first_page=row["first_page"],
                 last_page=row["last_page"], raw_rows=json.loads(row.get("raw_rows") or "[]"),
                 checks=json.loads(row.get("checks") or "[]"),
                 pages_estimated=bool(row.get("b_est") or 0))


def task_row(t: Task) -> dict:
    return {"id": t.id, "doc_id": t.doc_id, "ord": t.ordinal, "text": t.text,
            "section_path": t.section_path, "lead": dumps(t.lead), "support": dumps(t.support),
            "units": dumps(t.units), "deadline_text": t.deadline_text, "deadline": t.deadline,
            "note": t.note, "source": t.source, "confidence": t.confidence,
            "block_id": t.block_id, "table_id": t.table_id, "page": t.page}


def task_from(row: dict) -> Task:
    return Task(id=row["id"], doc_id=row["doc_id"], ordinal=row["ord"], text=row["text"],
                section_path=row["section_path"], lead=json.loads(row["lead"]),
                support=json.loads(row["support"]), units=json.loads(row["units"]),
                deadline_text=row["deadline_text"], deadline=row["deadline"], note=row["note"],
                source=row["source"], confidence=row["confidence"], block_id=row["block_id"],
                table_id=row["table_id"], page=row["page"],
                page_estimated=bool(row.get("b_est") or 0))


def annotation_row(a: Annotation, doc_key: str) -> dict:
    return {"id": a.id, "doc_id": a.doc_id, "block_id": a.block_id, "start": a.start,
            "end": a.end, "end_block_id": a.end_block_id, "quote": a.quote, "prefix": a.prefix,
            "suffix": a.suffix, "color": a.color, "note": a.note, "created": a.created,
            "modified": a.modified, "status": a.status, "doc_key": doc_key}


def annotation_from(row: dict) -> Annotation:
    return Annotation(id=row["id"], doc_id=row["doc_id"], block_id=row["block_id"],
                      start=row["start"], end=row["end"], end_block_id=row["end_block_id"],
                      quote=row["quote"], prefix=row["prefix"], suffix=row["suffix"],
                      color=row["color"], note=row["note"], created=row["created"],
                      modified=row["modified"], status=row["status"])
