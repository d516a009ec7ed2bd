"""The JSON shapes of the command line (``--json``). Field names are an interface: they are
documented in README.md and must stay stable."""

from __future__ import annotations

from core.model import Block, Document, Issue, Section


def issue_json(i: Issue) -> dict:
    return {"id": i.id, "gazette": i.gazette, "year": i.year, "number": i.number,
            "total_number": i.total_number, "label": i.label, "source_name": i.source_name,
            "sha256": i.sha256, "source_kind": i.source_kind, "pages": i.page_count,
            "imported_at": i.imported_at, "number_unit": i.number_unit, "kind": i.kind}


def document_json(d: Document) -> dict:
    no = d.doc_no
    return {"id": d.id, "issue_id": d.issue_id, "order": d.order,
            "doc_no": no.printed if no else None,
            "doc_no_normalized": no.normalized if no else None,
            "doc_no_agency": no.agency if no else None,
            "doc_no_year": no.year if no else None,
            "doc_no_serial": no.serial if no else None,
            "title": d.title, "issuer": d.issuers, "doc_type": d.doc_type,
            "enclosed_type": d.enclosed_type or None, "recipients": d.recipients or None,
            "date": d.date, "attachments": d.attachments,
            "pages": [d.first_page, d.last_page], "pages_estimated": d.pages_estimated,
            "kind": d.kind, "disclosure": d.disclosure or None, "contact": d.contact or None}


def section_json(s: Section) -> dict:
    return {"id": s.id, "parent_id": s.parent_id, "level": s.level, "kind": s.kind,
            "numbering": s.numbering, "title": s.title, "block_id": s.block_id, "page": s.page,
            "page_estimated": s.page_estimated}


def block_json(b: Block) -> dict:
    return {"id": b.id, "kind": b.kind, "section_id": b.section_id, "page": b.page,
            "text": b.text, "src_start": b.src_start, "src_end": b.src_end,
            "page_estimated": b.page_estimated}
