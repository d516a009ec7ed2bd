"""Labels of the library tree that keep what tells documents apart.

A document's row reads ``short title  文号``. Elided by Qt in the middle (the tree is about
280 px wide on a 1280×720 screen), the 文号 lost its 机关代字: 许政〔2023〕5号 and
许政办〔2023〕5号 both showed as ``…2023〕5 号``. :class:`KeepEndDelegate` shortens the title
instead and shows the 文号 whole (the part the model gives as ``KEEP_ROLE``); any other row
is shortened at its end, so a heading keeps its numbering and first words.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate

from ..models.library_tree import KEEP_ROLE

ELLIPSIS = "…"


def fit_label(text: str, keep: str | None, metrics: QFontMetrics, width: int) -> str:
    """``text`` within ``width`` pixels: the title part shortened, ``keep`` (its end) whole
    while the title can still show a character; else the whole text shortened at its end."""
    if width <= 0 or metrics.horizontalAdvance(text) <= width:
        return text
    if keep and text.endswith(keep) and len(text) > len(keep):
        head = text[: -len(keep)].rstrip()
        tail = text[len(head):]                       # the space before the 文号, and it
        room = width - metrics.horizontalAdvance(tail)
        if room >= metrics.horizontalAdvance(head[:1] + ELLIPSIS):
            short = metrics.elidedText(head, Qt.TextElideMode.ElideRight, room)
            if short:
                return short + tail
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


def text_width(option, widget) -> int:
    """The pixels the style gives an item's text (its text rectangle less its margins)."""
    style = widget.style() if widget is not None else QApplication.style()
    rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, widget)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
    return rect.width() - 2 * margin


class KeepEndDelegate(QStyledItemDelegate):
    """Shortens a row's label itself (see :func:`fit_label`), so the view never elides it."""

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        if option.rect.width() <= 0:
            return
        option.text = fit_label(option.text, index.data(KEEP_ROLE), option.fontMetrics,
                                text_width(option, option.widget))
