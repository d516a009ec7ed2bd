"""What goes into an exported PDF: the scope of each document turned into a list of items.

A :class:`DocPlan` holds a document's title-block facts and its body items in reading order:
:class:`TextItem` (a block's text with its highlights, note markers and notes),
:class:`TableItem` (a table drawn as a grid) and :class:`GapItem` (an omission, ``……``).
Building a plan reads the library; laying it out (``pdf.py``) does not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..annotations import DocText, block_spans
from ..errors import NotFound
from ..model import Annotation, Block, Document, Issue, Section, Table
from ..textmatch import dense

if TYPE_CHECKING:
    from ..store import Library

# Block kind → text style of the layout.
STYLE_OF_KIND = {
    "issuer": "issuer", "title": "title", "doc_no": "doc_no", "recipients": "plain",
    "paragraph": "paragraph", "list_item": "paragraph", "attachment_note": "paragraph",
    "signature": "right", "date": "right", "caption": "caption", "table_row": "plain",
}
HEAD_KINDS = ("issuer", "title", "doc_no")


@dataclass(slots=True)
class ExportScope:
    """One document to export: all of it, some sections (ids or numbering paths such as
    ``二、（一）`` or ``二、/（一）``, or titles), and/or only the annotated passages."""

    doc_id: str
    sections: list[str] = field(default_factory=list)
    annotated_only: bool = False


@dataclass(slots=True)
class Note:
    number: int
    text: str
    color: str
    pos: int = 0            # offset in the item's text where the passage starts


@dataclass(slots=True)
class TextItem:
    style: str              # issuer|title|doc_no|plain|paragraph|right|caption|heading1..4
    text: str
    block_id: str | None = None
    marks: list[tuple[int, int, str]] = field(default_factory=list)   # (start, end, colour)
    markers: list[tuple[int, str]] = field(default_factory=list)      # (after offset, label)
    notes: list[Note] = field(default_factory=list)


@dataclass(slots=True)
class TableItem:
    table: Table
    cell_marks: dict[tuple[str, int, int], str] = field(default_factory=dict)  # (part,row,col)
    notes: list[Note] = field(default_factory=list)


@dataclass(slots=True)
class GapItem:
    text: str = "……"


@dataclass(slots=True)
class DocPlan:
    doc: Document
    issue: Issue
    items: list = field(default_factory=list)
    scope: str = "全文"          # 全文 | 节选 | 批注摘录
    annotations: int = 0
    pages: tuple[int | None, int | None] = (None, None)


def note_label(n: int) -> str:
    """①…⑳, then (21)."""
    return chr(0x2460 + n - 1) if 1 <= n <= 20 else f"({n})"


def _norm(text: str) -> str:
    """A section path or title as a ref is compared: no spaces, no numbering punctuation."""
    return dense(text, drop="、．.，,（）()/>＞|·")


def resolve_sections(sections: list[Section], refs: list[str]) -> set[str]:
    """Section ids for refs given as ids, numbering paths or titles; NotFound for a ref that
    matches no section."""
    by_id = {s.id: s for s in sections}
    paths: dict[str, str] = {}
    for s in sections:
        chain, cur = [], s
        while cur is not None:
            chain.append(cur.numbering)
            cur = by_id.get(cur.parent_id) if cur.parent_id else None
        paths[s.id] = _norm("".join(reversed(chain)))
    out: set[str] = set()
    for ref in refs:
        ref = ref.strip()
        if ref in by_id:
            out.add(ref)
            continue
        hit = [s.id for s in sections if paths[s.id] and paths[s.id] == _norm(ref)]
        hit = hit or [s.id for s in sections if _norm(s.title) == _norm(ref)]
        if not hit:
            raise NotFound(f"文件中没有章节“{ref}”（可用章节编号，或如 二、（一） 的序号路径）。")
        out.update(hit)
    return out


def _descendants(sections: list[Section], roots: set[str]) -> set[str]:
    out, grew = set(roots), True
    while grew:
        new = {s.id for s in sections if s.parent_id in out and s.id not in out}
        out |= new
        grew = bool(new)
    return out


def _ancestor_headings(block: Block, by_sec: dict[str, Section]) -> list[str]:
    out, sec = [], by_sec.get(block.section_id) if block.section_id else None
    while sec is not None:
        out.append(sec.block_id)
        sec = by_sec.get(sec.parent_id) if sec.parent_id else None
    return out


def build_plan(library: Library, scope: ExportScope) -> DocPlan:
    """Read one document and its annotations and decide what to print: the blocks chosen
    by the scope, the tables among them, the annotations kept and their note numbers, then
    the items in reading order."""
    doc = library.document(scope.doc_id)
    blocks = library.blocks(doc.id)
    sections = library.sections(doc.id)
    anns: list[Annotation] = [a for a in library.annotations(doc.id) if a.status == "ok"]
    chosen, label = choose_blocks(scope, blocks, sections, anns)
    table_at, in_table = place_tables(library.tables(doc.id), chosen)
    kept, numbers = keep_annotations(anns, blocks, chosen)
    plan = DocPlan(doc, library.issue(doc.issue_id), scope=label, annotations=len(kept))
    plan.pages = page_range(doc, blocks)
    plan.items = body_items(blocks, sections, chosen, table_at, in_table, kept, numbers,
                            gaps=label != "全文")
    return plan


def choose_blocks(scope: ExportScope, blocks: list[Block], sections: list[Section],
                  anns: list[Annotation]) -> tuple[set[str], str]:
    """The ids of the blocks to print and the scope's label (全文 | 节选 | 批注摘录): the
    sections asked for, or the annotated passages, each with the headings above it; the
    document's head (issuer, title, 文号) always."""
    by_sec = {s.id: s for s in sections}
    chosen = {b.id for b in blocks}
    label = "全文"
    if scope.sections:
        secs = _descendants(sections, resolve_sections(sections, scope.sections))
        chosen = _with_headings({b.id for b in blocks if b.section_id in secs}, blocks, by_sec)
        label = "节选"
    if scope.annotated_only:
        keep = {bid for bid in block_spans(anns, blocks) if bid in chosen}
        chosen = _with_headings(keep, blocks, by_sec)
        label = "批注摘录"
    chosen |= {b.id for b in blocks if b.kind in HEAD_KINDS}
    return chosen, label


def _with_headings(ids: set[str], blocks: list[Block], by_sec: dict[str, Section]) -> set[str]:
    """``ids`` and the headings of the sections above each of them."""
    out = set(ids)
    for b in blocks:
        if b.id in ids:
            out.update(_ancestor_headings(b, by_sec))
    return out


def place_tables(tables: list[Table], chosen: set[str]
                 ) -> tuple[dict[str, Table], set[str]]:
    """Tables are drawn once, where their first row is, when any of their rows is chosen:
    (first row's block id → table, every block id inside a drawn table). Adds the tables'
    rows to ``chosen``."""
    table_at: dict[str, Table] = {}
    in_table: set[str] = set()
    for t in tables:
        ids = list(t.block_ids)
        if ids and any(i in chosen for i in ids) and (t.header or t.rows):
            table_at[ids[0]] = t
            in_table.update(ids)
            chosen.update(ids)
    return table_at, in_table


def keep_annotations(anns: list[Annotation], blocks: list[Block], chosen: set[str]
                     ) -> tuple[list[Annotation], dict[str, int]]:
    """The annotations found in the text and starting in a chosen block, and the numbers
    (1, 2, …) of those with a note, in reading order."""
    doc_text = DocText(blocks)
    kept = [a for a in anns if doc_text.span(a) and a.block_id in chosen]
    numbers: dict[str, int] = {}
    for a in kept:
        if a.note:
            numbers[a.id] = len(numbers) + 1
    return kept, numbers


def page_range(doc: Document, blocks: list[Block]) -> tuple[int | None, int | None]:
    pages = [b.page for b in blocks if b.page is not None]
    return (doc.first_page or (min(pages) if pages else None),
            doc.last_page or (max(pages) if pages else None))


def body_items(blocks: list[Block], sections: list[Section], chosen: set[str],
               table_at: dict[str, Table], in_table: set[str], kept: list[Annotation],
               numbers: dict[str, int], gaps: bool) -> list:
    """The chosen blocks as items in reading order: a table once at its first row, a
    ``……`` where blocks were left out (``gaps``)."""
    level_of = {s.block_id: s.level for s in sections}
    ordinal = {b.id: b.ordinal for b in blocks}
    spans = block_spans(kept, blocks)
    items: list = []
    last = None
    for b in blocks:
        if b.id not in chosen:
            continue
        if gaps and last is not None and b.ordinal > last + 1:
            items.append(GapItem())
        last = b.ordinal
        if b.id in in_table:
            if b.id in table_at:
                items.append(_table_item(table_at[b.id], kept, numbers, blocks))
                last = max(ordinal.get(i, last) for i in table_at[b.id].block_ids)
            continue
        style = STYLE_OF_KIND.get(b.kind, "paragraph")
        if b.kind == "heading":
            style = f"heading{min(4, level_of.get(b.id, 1))}"
        items.append(text_item(b, style, spans.get(b.id, []), numbers))
    return items


def text_item(b: Block, style: str, spans: list, numbers: dict[str, int]) -> TextItem:
    """One block's text with its highlights, the note markers that end in it and the notes
    whose passage starts in it."""
    item = TextItem(style, b.text, b.id)
    for s, e, a in spans:
        item.marks.append((s, e, a.color))
        end_block = a.end_block_id or a.block_id
        if a.id in numbers and end_block == b.id:
            item.markers.append((e, note_label(numbers[a.id])))
        if a.id in numbers and a.block_id == b.id:
            item.notes.append(Note(numbers[a.id], a.note, a.color, s))
    return item


def _table_item(table: Table, anns: list[Annotation], numbers: dict[str, int],
                blocks: list[Block]) -> TableItem:
    item = TableItem(table)
    ids = set(table.block_ids)
    for a in anns:
        if a.block_id not in ids:
            continue
        quote = dense(a.quote)
        for part, grid in (("h", table.header), ("r", table.rows)):
            for r, row in enumerate(grid):
                for c, cell in enumerate(row):
                    cell_d = dense(cell)
                    if cell_d and (quote in cell_d or (len(cell_d) >= 2 and cell_d in quote)):
                        item.cell_marks[(part, r, c)] = a.color
        if a.id in numbers:
            item.notes.append(Note(numbers[a.id], f"表中{quoted(a.quote)}：{a.note}", a.color))
    return item


def quoted(text: str, limit: int = 24) -> str:
    """``text`` in quotation marks, as a note names a passage (its first ``limit`` characters
    and …): a text that is itself one whole quotation or title (“…”, 《…》) in its own marks,
    else in “…” with the quotation marks inside it turned to ‘…’ (a quotation within a
    quotation)."""
    def cut(t: str) -> str:
        return t if len(t) <= limit else t[:limit] + "…"

    for opening, closing in ("“”", "《》"):
        if text.startswith(opening) and text.find(closing) == len(text) - 1:
            return opening + cut(text[1:-1]) + closing
    return "“" + cut(text).replace("“", "‘").replace("”", "’") + "”"
