"""Titles broken between words in the reader, as in the PDF export.

Qt breaks Chinese text between any two characters, so a centred title could end a line
inside a word (``……有`` / ``关规定的决定``). The text is never changed (stored offsets, copy and
find stay exact): the title block is narrowed instead, by equal left and right margins, to
the widest line width at which Qt's own line breaking ends every line between two words
(jieba's words, ``core.words``), with at most one line more than at full width. Recomputed
when the page's width or the font size changes. The line above the title (status, 《公报》
期次, pages, 成文日期) is narrowed the same way, from the left, to break only between its
parts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextLayout, QTextOption

MIN_RATIO = 0.6            # a title is never squeezed under 60 % of the page
STEP = 2.0                 # px between the widths tried


def line_ends(text: str, font, width: float) -> list[int]:
    """Where Qt ends each line but the last of ``text`` set in ``font`` at ``width``."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    ends = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        ends.append(line.textStart() + line.textLength())
    layout.endLayout()
    return ends[:-1]


def fitted_width(text: str, font, width: float, inside: set[int]) -> float:
    """The widest line width ≤ ``width`` at which no line ends at an offset in ``inside``
    (inside a word) and the text takes at most one line more; ``width`` when there is
    none."""
    first = line_ends(text, font, width)
    if not inside.intersection(first):
        return width
    w = width - STEP
    while w >= width * MIN_RATIO:
        ends = line_ends(text, font, w)
        if len(ends) > len(first) + 1:
            break
        if not inside.intersection(ends):
            return w
        w -= STEP
    return width


def wrap_by_words(doc, blocks: dict[int, set[int]], width: float | None = None) -> bool:
    """Narrow each block starting at a position of ``blocks`` (→ its offsets inside words)
    so that it breaks between words at the document's current width (or at ``width``, the
    one it is about to be shown at); True when a block's margins changed."""
    room = (doc.textWidth() if width is None else width) - 2 * doc.documentMargin()
    changed = False
    if room <= 0:
        return changed
    for pos, inside in blocks.items():
        block = doc.findBlock(pos)
        if not block.isValid() or not inside:
            continue
        fmt = block.blockFormat()
        font = block.begin().fragment().charFormat().font() if block.begin() != block.end() \
            else doc.defaultFont()
        spare = room - fitted_width(block.text(), font, room, inside)
        align = fmt.alignment()
        if align & Qt.AlignmentFlag.AlignRight:         # the right edge stays
            left, right = spare, 0.0
        elif align & Qt.AlignmentFlag.AlignHCenter:
            left = right = spare / 2
        else:
            left, right = 0.0, spare
        if abs(fmt.leftMargin() - left) < 0.5 and abs(fmt.rightMargin() - right) < 0.5:
            continue
        fmt.setLeftMargin(left)
        fmt.setRightMargin(right)
        QTextCursor(block).setBlockFormat(fmt)
        changed = True
    return changed
