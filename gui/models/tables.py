"""Table models: one extracted table as a grid, and a list of tasks (责任分工)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from . import BLOCK_ROLE, DOC_ROLE, ID_ROLE

Index = QModelIndex | QPersistentModelIndex


class TableGridModel(QAbstractTableModel):
    """A :class:`core.model.Table`: header row(s) as the horizontal header, group labels as
    rows of their own spanning the first cell."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.table = None
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        self.group_rows: set[int] = set()
        self.width = 0

    def set_table(self, table) -> None:
        self.beginResetModel()
        self.table = table
        self.header, self.rows, self.group_rows = [], [], set()
        if table is not None:
            from core.export.ledger import table_grid

            self.header, self.rows = table_grid(table)
            self.rows = [[("" if c is None else str(c)) for c in r] for r in self.rows]
            width = max([len(r) for r in self.rows] + [len(self.header), 1])
            self.group_rows = {i for i, r in enumerate(self.rows) if len(r) == 1 and width > 1}
            self.width = width
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() or self.table is None:
            return 0
        return self.width

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row[index.column()] if index.column() < len(row) else ""
        if index.row() in self.group_rows:
            if role == Qt.ItemDataRole.FontRole:
                f = QFont()
                f.setBold(True)
                return f
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor("#eef2f7"))
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section < len(self.header) and self.header[section]:
                return self.header[section]
            return f"第{section + 1}列"
        return str(section + 1)

    def as_tsv(self) -> str:
        lines = ["\t".join(self.header)] if self.header else []
        lines += ["\t".join(r) for r in self.rows]
        return "\n".join(lines)


TASK_COLUMNS = ("任务", "牵头单位", "配合单位", "时限", "页码", "来源")


class TaskTableModel(QAbstractTableModel):
    """Task records (:class:`core.store.extracted.TaskRecord`); the 来源 column shows the
    issue and 文号 (hidden in 本文件 mode by the view)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.records: list = []

    def set_records(self, records) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(TASK_COLUMNS)

    def cell(self, rec, column: int) -> str:
        t = rec.task
        if column == 0:
            return t.text
        if column == 1:
            others = [u for u in t.units if u not in t.lead and u not in t.support]
            return "、".join(t.lead + others)
        if column == 2:
            return "、".join(t.support)
        if column == 3:
            return t.deadline_text or ""
        if column == 4:
            return str(t.page) if t.page is not None else ""
        issue = rec.issue_label.split("》", 1)[-1]      # the gazette name is in the tooltip
        return f"{issue} {rec.doc_no or ''}".strip()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        rec = self.records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(rec, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 5:
                return f"{rec.issue_label}\n{rec.doc_title}\n{rec.doc_no or ''}"
            return self.cell(rec, index.column())
        if role == ID_ROLE:
            return rec.task.id
        if role == DOC_ROLE:
            return rec.task.doc_id
        if role == BLOCK_ROLE:
            return rec.task.block_id
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return TASK_COLUMNS[section]
        return str(section + 1)
