"""Page layout for the PDF export: Chinese line breaking, highlights, notes, tables.

The layout places everything as drawing operations on pages first, so that the page count is
known before anything is drawn (第 N 页 共 M 页). Characters are placed one by one, so every
highlight is drawn exactly behind its characters and every note knows its passage's line.

Line breaking follows the usual rules for Chinese: a line may break between any two Chinese
characters, never inside a run of Latin letters or digits, never before closing punctuation
(，。）》…) and never after opening punctuation (（《“…); full lines are justified.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..annotations import color_hex
from ..tablegrid import table_layout
from ..textutil import display_width
from ..words import words  # noqa: F401 - also used by pdf.py as pdflayout.words
from .pdfplan import GapItem, Note, TableItem, TextItem, note_label

PAGE_W, PAGE_H = A4
LEFT = 28 * mm               # binding side
TOP_Y = PAGE_H - 27 * mm     # top of the body
BOTTOM_Y = 24 * mm           # bottom of the body
BODY_W_PLAIN = 156 * mm      # GB/T 9704 type area
BODY_W_NOTES = 118 * mm      # with a column for margin notes
NOTE_GAP, NOTE_W = 6 * mm, 40 * mm

NO_START = set("，。、；：？！）》」』】〕〉”’,.;:?!)]}%％…—·")
NO_END = set("（《「『【〔〈“‘([{")

# style: (size, leading factor, first-line indent in chars, align, bold, colour)
STYLES = {
    "issuer": (20, 1.5, 0, "center", True, "#C00000"),
    "doc_no": (12, 1.6, 0, "center", False, "#000000"),
    "title": (17, 1.5, 0, "center", True, "#000000"),
    "heading1": (14, 1.7, 0, "justify", True, "#000000"),
    "heading2": (13, 1.7, 0, "justify", True, "#000000"),
    "heading3": (12, 1.7, 2, "justify", True, "#000000"),
    "heading4": (12, 1.7, 2, "justify", True, "#000000"),
    "paragraph": (12, 1.7, 2, "justify", False, "#000000"),
    "plain": (12, 1.7, 0, "justify", False, "#000000"),
    "right": (12, 1.7, 0, "right", False, "#000000"),
    "caption": (12, 1.7, 0, "center", True, "#000000"),
    "meta": (9, 1.6, 0, "center", False, "#555555"),
    "gap": (12, 1.7, 0, "center", False, "#777777"),
    "note": (10, 1.5, 2, "justify", False, "#333333"),
}
NOTE_SIZE, NOTE_LEADING = 8.5, 12
TABLE_SIZE, TABLE_LEADING, CELL_PAD = 9.5, 13, 3


WORD_STYLES = ("issuer", "title", "heading1", "heading2", "caption")   # broken between words
LATIN = ".%-_/"


def _latin(g: Glyph) -> bool:
    return g.index is not None and g.text.isascii() and (g.text.isalnum() or g.text in LATIN)


def _same_word(a: Glyph, b: Glyph, word_of: dict[int, int]) -> bool:
    return a.index is not None and b.index is not None and \
        word_of.get(a.index, -1) == word_of.get(b.index, -2)


@dataclass(slots=True)
class Page:
    plan: object                     # the DocPlan at the top of the page (for the header)
    ops: list[tuple] = field(default_factory=list)
    note_floor: float = TOP_Y        # margin notes go below this


@dataclass(slots=True)
class Glyph:
    text: str
    width: float
    size: float
    index: int | None                # offset in the item text; None for a note marker


@dataclass(slots=True)
class Line:
    glyphs: list[Glyph]
    xs: list[float]
    start: int                       # first text offset on the line
    end: int                         # offset after the last one


class Layout:
    def __init__(self, font: str, ascent: float, descent: float, margin_notes: bool):
        self.font, self.ascent, self.descent = font, ascent, descent
        self.margin_notes = margin_notes
        self.width = BODY_W_NOTES if margin_notes else BODY_W_PLAIN
        self.note_x = LEFT + self.width + NOTE_GAP
        self.pages: list[Page] = []
        self.y = TOP_Y
        self._widths: dict[str, float] = {}
        self.plan = None
        self.recent: list[str] = []     # the last three texts printed (spaces removed)

    # -- primitives ---------------------------------------------------------------------
    def char_width(self, ch: str, size: float) -> float:
        w = self._widths.get(ch)
        if w is None:
            w = self._widths[ch] = stringWidth(ch, self.font, 1000) / 1000
        return w * size

    def new_page(self) -> Page:
        page = Page(self.plan)
        self.pages.append(page)
        self.y = TOP_Y
        return page

    @property
    def page(self) -> Page:
        return self.pages[-1] if self.pages else self.new_page()

    def room(self, height: float) -> None:
        """Start a new page unless ``height`` fits above the bottom margin."""
        if not self.pages or (self.y - height < BOTTOM_Y and self.y < TOP_Y):
            self.new_page()

    def space(self, height: float) -> None:
        if self.pages and self.y < TOP_Y:
            self.y -= height

    # -- line breaking ------------------------------------------------------------------
    def glyphs(self, text: str, size: float, markers=()) -> list[Glyph]:
        after: dict[int, list[str]] = {}
        for pos, label in markers:
            after.setdefault(pos, []).append(label)
        out: list[Glyph] = []
        msize = size * 0.6
        for i, ch in enumerate(text):
            for label in after.get(i, ()):
                out.append(Glyph(label, self._str_width(label, msize) + 0.5, msize, None))
            out.append(Glyph(ch, self.char_width(ch, size), size, i))
        for label in after.get(len(text), ()):
            out.append(Glyph(label, self._str_width(label, msize) + 0.5, msize, None))
        return out

    def _str_width(self, s: str, size: float) -> float:
        return sum(self.char_width(ch, size) for ch in s)

    @staticmethod
    def units(glyphs: list[Glyph], words: list[tuple[int, int]] = ()) -> list[list[Glyph]]:
        """Unbreakable units: Latin/digit runs, punctuation glued to its neighbour, and the
        characters of each of ``words`` (offsets into the text: a title is not broken inside
        a word)."""
        word_of = {i: w for w, (s, e) in enumerate(words) for i in range(s, e)}
        units: list[list[Glyph]] = []
        glue_next = False
        for g in glyphs:
            ch = g.text
            prev = units[-1] if units else None
            if prev is not None and (glue_next or g.index is None or ch in NO_START
                                     or (_latin(g) and _latin(prev[-1]))
                                     or _same_word(prev[-1], g, word_of)):
                prev.append(g)
            else:
                units.append([g])
            glue_next = ch in NO_END
        return units

    def break_lines(self, glyphs: list[Glyph], width: float, first_indent: float,
                    align: str, words: list[tuple[int, int]] = ()) -> list[Line]:
        """Lines of at most ``width`` (the first ``first_indent`` shorter), placed by
        ``align``: units are filled in, then each line positioned."""
        lines = self.fill_lines(self.units(glyphs, words), width, first_indent)
        return [self.place_line(line, n == 0, n == len(lines) - 1, width, first_indent, align)
                for n, line in enumerate(lines)]

    @staticmethod
    def fill_lines(units: list[list[Glyph]], width: float, first_indent: float
                   ) -> list[list[Glyph]]:
        """Units onto lines: a unit that does not fit starts a new line, a unit wider than a
        line is cut glyph by glyph, spaces at the start of a line are dropped."""
        lines: list[list[Glyph]] = []
        cur: list[Glyph] = []
        cur_w, avail = 0.0, width - first_indent
        for unit in units:
            uw = sum(g.width for g in unit)
            if cur and cur_w + uw > avail + 0.01:
                lines.append(cur)
                cur, cur_w, avail = [], 0.0, width
            if not cur and uw > avail:                   # a unit wider than a line
                for g in unit:
                    if cur and cur_w + g.width > avail + 0.01:
                        lines.append(cur)
                        cur, cur_w, avail = [], 0.0, width
                    cur.append(g)
                    cur_w += g.width
                continue
            if not cur and lines and unit[0].text.isspace():   # no spaces at a line start
                unit = [g for g in unit if not g.text.isspace()]
                uw = sum(g.width for g in unit)
            cur.extend(unit)
            cur_w += uw
        if cur:
            lines.append(cur)
        return lines

    @staticmethod
    def place_line(line: list[Glyph], first: bool, last: bool, width: float,
                   first_indent: float, align: str) -> Line:
        """The x of each glyph: centred, right-aligned, or justified (every line but the
        last, unless that would spread the characters wider than 0.6 of their size)."""
        indent = first_indent if first else 0
        avail, x = width - indent, LEFT + indent
        trimmed = line
        while trimmed and trimmed[-1].text.isspace():
            trimmed = trimmed[:-1]
        tw = sum(g.width for g in trimmed)
        cs = 0.0
        if align == "center":
            x += (avail - tw) / 2
        elif align == "right":
            x += avail - tw
        elif align == "justify" and not last and len(trimmed) > 1:
            cs = (avail - tw) / (len(trimmed) - 1)
            if cs > trimmed[0].size * 0.6:
                cs = 0.0
        xs, cx = [], x
        for g in line:
            xs.append(cx)
            cx += g.width + cs
        idx = [g.index for g in line if g.index is not None]
        start = idx[0] if idx else 0
        return Line(line, xs, start, (idx[-1] + 1) if idx else start)

    # -- drawing text -------------------------------------------------------------------
    def text(self, item: TextItem, style: str | None = None, keep_with_next: float = 0.0
             ) -> list[tuple[Page, Line, float]]:
        """Lay out a text item; returns (page, line, baseline) of every line."""
        size, lead, indent, align, bold, color = STYLES[style or item.style]
        if (style or item.style) not in ("note", "gap"):
            self.recent = (self.recent + ["".join(item.text.split())])[-3:]
        glyphs = self.glyphs(item.text, size, item.markers)
        spans = words(item.text) if (style or item.style) in WORD_STYLES else []
        lines = self.break_lines(glyphs, self.width, indent * size, align, spans)
        if (style or item.style) == "title" and len(lines) > 1:     # balanced title lines
            target = sum(g.width for g in glyphs) / len(lines) + 2 * size
            lines = self.break_lines(glyphs, min(self.width, target), 0, align, spans)
            shift = (self.width - min(self.width, target)) / 2
            for line in lines:
                line.xs = [x + shift for x in line.xs]
        leading = size * lead
        placed = []
        for n, line in enumerate(lines):
            need = leading + (keep_with_next if n == len(lines) - 1 else 0)
            if n == 0:
                need = max(need, min(len(lines), 2) * leading + keep_with_next)
            self.room(need)
            self.y -= leading
            base = self.y + (leading - size) / 2 - self.descent * size
            self._draw_line(line, base, item.marks, color, bold)
            placed.append((self.page, line, base))
        return placed

    def _draw_line(self, line: Line, base: float, marks, color: str, bold: bool) -> None:
        ops = self.page.ops
        for s, e, mcolor in marks:
            chosen = [k for k, g in enumerate(line.glyphs)
                      if g.index is not None and s <= g.index < e and not g.text.isspace()]
            if not chosen:
                continue
            k0, k1 = chosen[0], chosen[-1]
            g0 = line.glyphs[k0]
            bottom = base + self.descent * g0.size - 0.08 * g0.size
            x1 = line.xs[k1] + line.glyphs[k1].width
            ops.append(("rect", line.xs[k0], bottom, x1 - line.xs[k0], 1.16 * g0.size,
                        color_hex(mcolor)))
        run: list[int] = []

        def flush():
            if run:
                g = line.glyphs[run[0]]
                cs = (line.xs[run[-1]] - line.xs[run[0]] - sum(
                    line.glyphs[k].width for k in run[:-1])) / max(1, len(run) - 1)
                ops.append(("text", line.xs[run[0]], base, g.size,
                            "".join(line.glyphs[k].text for k in run), cs, color, bold))
                run.clear()

        for k, g in enumerate(line.glyphs):
            if g.index is None:
                flush()
                ops.append(("text", line.xs[k] + 0.25, base + g.size * 0.75, g.size, g.text, 0,
                            "#B00000", False))
            else:
                run.append(k)
        flush()

    # -- notes --------------------------------------------------------------------------
    def margin_note(self, note: Note, page: Page, top: float) -> bool:
        """Place a note in the margin of ``page`` at ``top`` or below; False if it won't fit."""
        if not self.margin_notes:
            return False
        label = note_label(note.number)
        glyphs = self.glyphs(f"{label} {note.text}", NOTE_SIZE)
        saved = self.width
        self.width = NOTE_W - 4
        lines = self.break_lines(glyphs, self.width, 0, "justify")
        self.width = saved
        y = min(top, page.note_floor)
        height = len(lines) * NOTE_LEADING
        if y - height < BOTTOM_Y:
            return False
        page.ops.append(("rect", self.note_x, y - height + 2, 1.6, height - 1,
                         color_hex(note.color)))
        shift = self.note_x + 4 - LEFT
        for n, line in enumerate(lines):
            base = y - (n + 1) * NOTE_LEADING + 3
            for k, g in enumerate(line.glyphs):
                page.ops.append(("text", line.xs[k] + shift, base, NOTE_SIZE, g.text, 0,
                                 "#B00000" if g.text == label else "#333333", False))
        page.note_floor = y - height - 4
        return True

    def notes_below(self, notes: list[Note]) -> None:
        for note in notes:
            self.text(TextItem("note", f"注{note_label(note.number)}：{note.text}"))

    def place_notes(self, item, placed: list[tuple[Page, Line, float]]) -> None:
        """Margin notes beside the line where each passage starts; the rest under the item."""
        below = []
        for note in item.notes:
            where = next(((p, b) for p, ln, b in placed if ln.start <= note.pos < ln.end),
                         (placed[-1][0], placed[-1][2]) if placed else (None, 0))
            page, base = where
            size = STYLES.get(getattr(item, "style", "paragraph"), STYLES["paragraph"])[0]
            if page is None or not self.margin_note(note, page, base + size * 0.9):
                below.append(note)
        if below:
            self.notes_below(below)

    def gap(self, item: GapItem) -> None:
        self.text(TextItem("gap", item.text))

    # -- tables -------------------------------------------------------------------------
    def table(self, item: TableItem) -> None:
        t = item.table
        partial = t.structure == "partial"     # rows kept whole span the grid (below)
        if not t.structured and not partial:   # cells not recognised: one full-width cell per row
            t = replace(t, header=[[" ".join(r)] for r in t.header],
                        rows=[[" ".join(r)] for r in t.rows])
        raw = set(t.raw_rows) if partial else set()
        grid = t.header + [r for i, r in enumerate(t.rows) if i not in raw]
        ncols = max((len(r) for r in grid), default=1) or 1
        natural = [2.5 * TABLE_SIZE] * ncols
        for row in grid:
            for c, cell in enumerate(row):
                w = min(display_width(cell), 28) * TABLE_SIZE / 2 + 2 * CELL_PAD
                natural[c] = max(natural[c], w)
        scale = self.width / sum(natural)
        widths = [w * scale for w in natural]
        if t.caption and not self._printed_just_before(t.caption):
            self.text(TextItem("caption", t.caption), keep_with_next=3 * TABLE_LEADING)
        self.recent = []
        header = [self._row_cells(r, widths, ncols, ("h", i), item) for i, r in
                  enumerate(t.header)]
        groups = dict(t.groups)
        runs = label_runs(t, raw)
        i = 0
        while i < len(t.rows):
            row = t.rows[i]
            first = i == 0          # the header goes above the first row drawn, group or not
            if i in groups:
                label = self._row_cells([groups[i]], [sum(widths)], 1, None, item)
                keep = TABLE_LEADING + 2 * CELL_PAD                 # never alone at a page foot
                if i in runs:           # nor above a spanning label that goes to the next page
                    keep = max(keep, _row_height(self._row_cells([row[0]], widths, 1, None, item)))
                self._table_row(label, [sum(widths)], header, widths, "#F2F2F2", first=first,
                                keep=keep)
                first = False
            if i in raw:
                cells = self._row_cells(row, [sum(widths)], 1, ("r", i), item)
                self._table_row(cells, [sum(widths)], header, widths, None, first=first)
            elif i in runs:
                self._label_run(t, i, runs[i], widths, ncols, header, item, first)
                i = runs[i]
                continue
            else:
                cells = self._row_cells(row, widths, ncols, ("r", i), item)
                self._table_row(cells, widths, header, widths, None, first=first)
            i += 1
        self.y -= 4
        if item.notes:
            self.notes_below(item.notes)

    def _printed_just_before(self, caption: str) -> bool:
        """True when the text right above already reads as the caption: a heading
        ``专栏 1 ……``, or ``附  件`` followed by the caption line."""
        dense = "".join(caption.split())
        return bool(self.recent) and dense in (self.recent[-1], "".join(self.recent[-2:]),
                                               "".join(self.recent[-3:]))

    def _row_cells(self, row, widths, ncols, key, item):
        out = []
        for c in range(ncols):
            text = row[c] if c < len(row) else ""
            glyphs = self.glyphs(text, TABLE_SIZE)
            saved = self.width
            self.width = widths[c] - 2 * CELL_PAD
            lines = self.break_lines(glyphs, self.width, 0, "left")
            self.width = saved
            color = item.cell_marks.get((key[0], key[1], c)) if key else None
            out.append((lines, color))
        return out

    def _table_row(self, cells, widths, header, header_widths, fill, first=False,
                   keep: float = 0) -> None:
        """Draw a row (and the header above it on a new page or at the table's start);
        ``keep``: the room the row needs below it (a group row keeps with its first row)."""
        height = max(len(lines) for lines, _ in cells) * TABLE_LEADING + 2 * CELL_PAD
        head_h = sum(_row_height(h) for h in header)
        new = not self.pages or self.y - height - keep < BOTTOM_Y
        if first and self.y - height - head_h < BOTTOM_Y:
            new = True
        if new:
            self.new_page()
        if new or first:
            for h in header:
                self._draw_row(h, header_widths, "#E6E6E6", True)
        self._draw_row(cells, widths, fill, False)

    def _label_run(self, t, start, end, widths, ncols, header, item, first) -> None:
        """Rows ``start``..``end`` (exclusive) whose first cell is one label spanning them:
        the label is drawn once as a merged cell beside the rows of each page the run is on
        (a run split by a page break repeats it at the top of the next page, under the
        header), its text centred in the cell. A part of the run is at least as tall as the
        label needs (its rows share the rest); each row goes on the page it fits on, as a
        row of its own would."""
        label = self._row_cells([t.rows[start][0]], widths[:1], 1, ("r", start), item)[0]
        label_h = len(label[0]) * TABLE_LEADING + 2 * CELL_PAD
        head_h = sum(_row_height(h) for h in header)
        part: list[tuple[list, float]] = []      # (cells beside the label, height) on this page
        for r in range(start, end):
            cells = self._row_cells(t.rows[r], widths, ncols, ("r", r), item)[1:]
            height = max(1, max(len(lines) for lines, _ in cells)) * TABLE_LEADING + 2 * CELL_PAD
            need = max(sum(h for _, h in part) + height, label_h)
            if first and r == start:
                need += head_h
            at_top = not part and self.y >= TOP_Y - head_h - 0.5   # nothing gained by a new page
            new = not self.pages or (self.y - need < BOTTOM_Y and not at_top)
            if new:
                self._label_part(label, part, widths)
                part = []
                self.new_page()
            if new or (first and r == start):
                for h in header:
                    self._draw_row(h, widths, "#E6E6E6", True)
            part.append((cells, height))
        self._label_part(label, part, widths)

    def _label_part(self, label, part, widths) -> None:
        """Draw the rows of ``part`` beside one merged cell holding ``label``."""
        if not part:
            return
        extra = max(0.0, _row_height([label]) - sum(h for _, h in part)) / len(part)
        top = self.y
        for cells, height in part:
            self._draw_row(cells, widths[1:], None, False, x=LEFT + widths[0],
                           height=height + extra)
        height = top - self.y
        lines, color = label
        self.page.ops.append(("box", LEFT, self.y, widths[0], height,
                              color_hex(color) if color else None))
        text_top = top - (height - len(lines) * TABLE_LEADING) / 2
        for n, line in enumerate(lines):
            base = text_top - (n + 1) * TABLE_LEADING + 3.5
            self.page.ops.append(("text", line.xs[0] + CELL_PAD, base, TABLE_SIZE,
                                  "".join(g.text for g in line.glyphs), 0, "#000000", False))

    def _draw_row(self, cells, widths, fill, bold, x: float = LEFT,
                  height: float | None = None) -> None:
        """Draw a row of cells from ``x`` down from the current y (``height``: taller
        than its text needs)."""
        height = height or _row_height(cells)
        ops, top = self.page.ops, self.y
        for (lines, color), w in zip(cells, widths):
            ops.append(("box", x, top - height, w, height, color_hex(color) if color else fill))
            for n, line in enumerate(lines):
                base = top - CELL_PAD - (n + 1) * TABLE_LEADING + 3.5
                text = "".join(g.text for g in line.glyphs)
                ops.append(("text", line.xs[0] - LEFT + x + CELL_PAD, base, TABLE_SIZE, text,
                            0, "#000000", bold))
            x += w
        self.y -= height


def _row_height(cells) -> float:
    return max(len(lines) for lines, _ in cells) * TABLE_LEADING + 2 * CELL_PAD


def label_runs(t, raw: set[int]) -> dict[int, int]:
    """The first-column labels that span rows, as the PDF draws ``t`` (``raw``: its rows
    kept whole): first body row → the row after the run (``core.tablegrid.label_spans``,
    the spans the reader and the 表格 panel merge)."""
    grid = table_layout(replace(t, raw_rows=sorted(raw)))
    return {grid.body_of[g]: grid.body_of[g + n - 1] + 1 for g, n in grid.label_spans}
