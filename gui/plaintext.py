"""Document text is shown as text, never as HTML.

Qt treats a tooltip or a label whose first line looks like a tag as rich text: a gazette
holding ``<img src="file:///…">`` would make Qt open that local file. Tooltips from document
text go through :func:`tip`; labels showing it use :func:`plain_label` (``Qt.PlainText``).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel


def might_be_rich(text: str) -> bool:
    return bool(text) and GuiQt.mightBeRichText(text)


def tip(text: str | None) -> str | None:
    """A tooltip that shows ``text`` as written: unchanged when Qt would take it for plain
    text, else escaped HTML that renders to exactly ``text``."""
    if not text or not might_be_rich(text):
        return text
    return '<p style="white-space:pre-wrap">' + html.escape(text, quote=False) + "</p>"


def plain_label(text: str = "", parent=None) -> QLabel:
    """A QLabel that never interprets its text as HTML."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label
