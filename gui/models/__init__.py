"""Item models over the library (tree, search results, tables, tasks)."""

from PySide6.QtCore import Qt

ID_ROLE = Qt.ItemDataRole.UserRole + 1        # the id of the thing a row shows
KIND_ROLE = Qt.ItemDataRole.UserRole + 2      # year | issue | document | section | group | hit
SPANS_ROLE = Qt.ItemDataRole.UserRole + 3     # [(start, end)] in the row's text
DOC_ROLE = Qt.ItemDataRole.UserRole + 4       # the document id of the row
BLOCK_ROLE = Qt.ItemDataRole.UserRole + 5     # the block id of the row
