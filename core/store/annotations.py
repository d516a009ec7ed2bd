"""Storing annotations (批注). Each change is its own small transaction, committed at once, so
an annotation survives a crash of the app the moment the call returns.

Annotations never cascade with their documents: removing or replacing an issue marks its
annotations ``orphan`` (未能定位) and keeps them; importing the issue again (a corrected file,
``--replace``) re-anchors them by quote and context onto the new documents, matched by
``doc_key`` = ``gazette|year|number|文号 (normalised) or title``, which survives a re-import.
"""

from __future__ import annotations

from dataclasses import replace

from ..annotations import (
    GONE_TITLE,
    AnnotationRecord,
    DocText,
    normalize_color,
    now_iso,
    reanchor,
)
from ..errors import NotFound
from ..model import Annotation, Block, Document, Issue, ParsedIssue, issue_label
from ..wenhao import parse_doc_no
from . import rows
from .library import StorePart


def issue_key(issue: Issue) -> str:
    return f"{issue.gazette}|{issue.year}|{issue.number}"


def doc_key(issue: Issue, doc: Document) -> str:
    """The key of a document that survives a re-import of its issue."""
    return f"{issue_key(issue)}|{doc.doc_no.normalized if doc.doc_no else doc.title}"


def _label_from_key(key: str) -> str:
    parts = key.split("|")
    if len(parts) < 3:
        return ""
    gazette, year, number = (None if p == "None" else p for p in parts[:3])
    return issue_label(gazette, year, number)


_SELECT = ("SELECT a.*, d.title AS d_title, d.doc_no AS d_no, b.page AS b_page, "
           "b.page_estimated AS b_est, "
           "i.gazette AS i_gazette, i.year AS i_year, i.number AS i_number, "
           "i.number_unit AS i_unit "
           "FROM annotations a LEFT JOIN documents d ON d.id = a.doc_id "
           "LEFT JOIN blocks b ON b.id = a.block_id LEFT JOIN issues i ON i.id = d.issue_id")
_ORDER = (" ORDER BY a.status = 'orphan', d.id IS NULL, i.year DESC, i.number DESC, d.ord, "
          "b.ord, a.start, a.created")


class AnnotationStore(StorePart):
    """Annotations (``annotations``): kept when their documents go, re-anchored on re-import."""

    # -- queries ------------------------------------------------------------------------
    def annotation(self, ann_id: str) -> Annotation:
        found = self._rows("SELECT * FROM annotations WHERE id = ?", [ann_id])
        if not found:
            raise NotFound(f"资料库中没有编号为 {ann_id} 的批注。")
        return rows.annotation_from(found[0])

    def find_annotation(self, ref: str) -> Annotation:
        """An annotation by its id, or by the start of it (the 8 characters ``annotations``
        prints) when only one id starts so."""
        ref = ref.strip()
        if not ref:
            raise NotFound("请给出批注编号（可用 annotations 命令查看批注编号）。")
        found = self._rows("SELECT * FROM annotations WHERE id = ?", [ref])
        if not found:
            found = self._rows("SELECT * FROM annotations WHERE substr(id, 1, ?) = ? LIMIT 2",
                               [len(ref), ref])
        if len(found) > 1:
            raise NotFound(f"“{ref}”对应多条批注，请给出更长的批注编号。")
        if not found:
            raise NotFound(f"资料库中没有编号为“{ref}”的批注（可用 annotations 命令查看批注编号）。")
        return rows.annotation_from(found[0])

    def _query_annotations(self, doc_id, text, color, status) -> list[dict]:
        where, params = [], []
        if doc_id is not None:
            where.append("a.doc_id = ?")
            params.append(doc_id)
        if text:
            where.append("(instr(lower(a.quote), lower(?)) > 0 OR instr(lower(a.note), lower(?)) > 0)")
            params += [text, text]
        if color:
            where.append("a.color = ?")
            params.append(normalize_color(color))
        if status:
            where.append("a.status = ?")
            params.append(status)
        sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + _ORDER
        return self._rows(sql, params)

    def annotations(self, doc_id: str | None = None, *, text: str | None = None,
                    color: str | None = None, status: str | None = None) -> list[Annotation]:
        """Annotations in reading order (issue, document, paragraph, offset); orphans last.

        ``doc_id``: one document; ``text``: part of the quote or the note (case-insensitive);
        ``color``: yellow/green/red/blue (or 黄/绿/红/蓝); ``status``: ok | orphan.
        """
        return [rows.annotation_from(r)
                for r in self._query_annotations(doc_id, text, color, status)]

    def annotation_records(self, doc_id: str | None = None, *, text: str | None = None,
                           color: str | None = None,
                           status: str | None = None) -> list[AnnotationRecord]:
        """Like :meth:`annotations`, with document title, 文号, issue label and page."""
        out = []
        for r in self._query_annotations(doc_id, text, color, status):
            if r["d_title"] is not None:
                label = issue_label(r["i_gazette"], r["i_year"], r["i_number"], r["i_unit"])
                title, no = r["d_title"], r["d_no"]
            else:     # the document is gone: what the key remembers
                label = _label_from_key(r["doc_key"])
                last = r["doc_key"].split("|")[-1]
                if parse_doc_no(last, whole=True) is not None:
                    title, no = GONE_TITLE, last
                else:
                    title, no = last, None
            out.append(AnnotationRecord(rows.annotation_from(r), title, no, label, r["b_page"],
                                        bool(r.get("b_est") or 0)))
        return out

    def annotation_counts(self) -> dict[str, int]:
        """Document id → number of annotations anchored in it (for a tree or a list)."""
        return dict(self.db.execute("SELECT doc_id, count(*) FROM annotations "
                                    "WHERE status = 'ok' GROUP BY doc_id").fetchall())

    def _doc_key_of(self, doc_id: str) -> str | None:
        found = self._rows("SELECT i.* FROM issues i JOIN documents d ON d.issue_id = i.id "
                           "WHERE d.id = ?", [doc_id])
        if not found:
            return None
        return doc_key(rows.issue_from(found[0]), self.base.document(doc_id))

    # -- writes: each its own transaction ------------------------------------------------
    def add_annotation(self, ann: Annotation) -> Annotation:
        """Store a new annotation (see ``core.annotations.make_annotation``); committed at once."""
        key = self._doc_key_of(ann.doc_id)
        if key is None:
            raise NotFound(f"资料库中没有编号为 {ann.doc_id} 的文件，无法添加批注。")
        stamp = now_iso()
        ann = replace(ann, color=normalize_color(ann.color), created=ann.created or stamp,
                      modified=ann.modified or stamp, status="ok")
        with self.db.atomic():
            self.db["annotations"].insert(rows.annotation_row(ann, key))
        return ann

    def update_annotation(self, ann_id: str, note: str | None = None,
                          color: str | None = None) -> Annotation:
        """Change the note and/or the colour; returns the annotation as stored."""
        ann = self.annotation(ann_id)
        if note is not None:
            ann.note = note.strip()
        if color is not None:
            ann.color = normalize_color(color)
        ann.modified = now_iso()
        with self.db.atomic():
            self.db.execute('UPDATE annotations SET note = ?, color = ?, modified = ? '
                            'WHERE id = ?', [ann.note, ann.color, ann.modified, ann_id])
        return ann

    def delete_annotation(self, ann_id: str) -> Annotation:
        """Delete an annotation; returns it, so that :meth:`restore_annotation` can undo."""
        ann = self.annotation(ann_id)
        with self.db.atomic():
            self.db.execute("DELETE FROM annotations WHERE id = ?", [ann_id])
        return ann

    def restore_annotation(self, ann: Annotation) -> Annotation:
        """Put back a deleted annotation with its id and times (undo of a delete)."""
        key = self._doc_key_of(ann.doc_id)
        if key is None:
            ann = replace(ann, status="orphan")
            key = ""
        with self.db.atomic():
            self.db["annotations"].insert(rows.annotation_row(ann, key), replace=True)
        return ann

    # -- steps of the library's import and removal (inside their transaction) ----------
    def orphan_documents(self, doc_ids: list[str]) -> None:
        """Mark the annotations of documents about to be deleted ``orphan``."""
        for i in range(0, len(doc_ids), 500):
            chunk = doc_ids[i:i + 500]
            self.db.execute(f"UPDATE annotations SET status = 'orphan' WHERE doc_id IN "
                            f"({','.join('?' * len(chunk))})", chunk)

    def reattach_issue(self, parsed: ParsedIssue) -> None:
        """Re-anchor the orphans of an issue imported again onto its new documents."""
        prefix = issue_key(parsed.issue) + "|"
        waiting = self._rows("SELECT * FROM annotations WHERE status = 'orphan' AND "
                             "substr(doc_key, 1, ?) = ?", [len(prefix), prefix])
        if not waiting:
            return
        blocks: dict[str, list[Block]] = {}
        for b in parsed.blocks:
            blocks.setdefault(b.doc_id, []).append(b)
        for bl in blocks.values():
            bl.sort(key=lambda b: b.ordinal)
        keys = {doc_key(parsed.issue, d): d.id for d in parsed.documents}
        for r in waiting:
            self._reattach(rows.annotation_from(r), r["doc_key"], keys, blocks)

    def _reattach(self, ann: Annotation, key: str, keys: dict[str, str],
                  blocks: dict[str, list[Block]]) -> None:
        target = keys.get(key)
        new = reanchor(ann, blocks.get(target, [])) if target else None
        if new is None:       # title or 文号 corrected: the one other document holding it
            hits = [d for d in blocks if d != target and DocText(blocks[d]).find_all(ann.quote)]
            if len(hits) == 1:
                new = reanchor(ann, blocks[hits[0]])
        if new is None:
            return
        new_key = next(k for k, d in keys.items() if d == new.doc_id)
        self.db.execute(
            'UPDATE annotations SET doc_id = ?, block_id = ?, start = ?, "end" = ?, '
            "end_block_id = ?, quote = ?, prefix = ?, suffix = ?, status = 'ok', doc_key = ? "
            "WHERE id = ?", [new.doc_id, new.block_id, new.start, new.end, new.end_block_id,
                             new.quote, new.prefix, new.suffix, new_key, ann.id])
