"""Table models: one extracted table as a grid, and a list of tasks (责任分工)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ..plaintext import tip
from . import BLOCK_ROLE, DOC_ROLE, ID_ROLE

Index = QModelIndex | QPersistentModelIndex


class TableGridModel(QAbstractTableModel):
    """A :class:`core.model.Table`: header row(s) as the horizontal header, group labels as
    bold rows of their own spanning the width, rows kept whole (部分结构化) as one raw-text
    cell spanning the width."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.table = None
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        self.group_rows: set[int] = set()
        self.raw_rows: set[int] = set()
        self.label_spans: list[tuple[int, int]] = []   # first-column labels spanning rows
        self.width = 0

    def set_table(self, table) -> None:
        self.beginResetModel()
        self.table = table
        self.header, self.rows, self.group_rows, self.raw_rows = [], [], set(), set()
        self.label_spans = []
        if table is not None:
            from core.tablegrid import table_layout

            grid = table_layout(table)
            self.header = grid.header
            self.rows = [[("" if c is None else str(c)) for c in r] for r in grid.rows]
            self.width = grid.width
            self.group_rows = set(grid.group_rows) if self.width > 1 else set()
            self.raw_rows = {r for r in grid.raw_rows if len(self.rows[r]) == 1} \
                if self.width > 1 else set()
            self.label_spans = list(grid.label_spans)
        self.endResetModel()

    def spanning_rows(self) -> set[int]:
        """Rows shown as one cell across the width: group labels and rows kept whole."""
        return self.group_rows | self.raw_rows

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
        if role == Qt.ItemDataRole.DisplayRole:
            return row[index.column()] if index.column() < len(row) else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            text = row[index.column()] if index.column() < len(row) else ""
            if index.row() in self.raw_rows:
                return tip(f"{text}\n（此行未能可靠分列，按原文保存）")
            return tip(text)
        for rows, (bold, background) in ((self.group_rows, (True, "#eef2f7")),
                                         (self.raw_rows, (False, "#fff8e1"))):
            if index.row() not in rows:
                continue
            if role == Qt.ItemDataRole.FontRole:        # group rows bold, raw rows italic
                f = QFont()
                f.setBold(bold)
                f.setItalic(not bold)
                return f
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(background))
            if role == Qt.ItemDataRole.ForegroundRole:  # readable in a dark theme too
                return QBrush(QColor("#000000"))
            break
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
        """Tab-separated text: tabs and line breaks inside a cell become spaces."""
        def clean(c: str) -> str:
            return " ".join(c.split())

        lines = ["\t".join(clean(h) for h in self.header)] if self.header else []
        lines += ["\t".join(clean(c) for c in r) for r in self.rows]
        return "\n".join(lines)

    def as_html(self) -> str:
        """An HTML table (what Excel and WPS paste as a grid): the header in ``th``, group
        labels and rows kept whole spanning the width, a first-column label spanning its
        rows (``rowspan``)."""
        from html import escape

        def cell(tag: str, text: str, span: int = 1, bold: bool = False) -> str:
            body = escape(text).replace("\n", "<br>")
            if bold:
                body = f"<b>{body}</b>"
            attr = f' colspan="{span}"' if span > 1 else ""
            return f"<{tag}{attr}>{body}</{tag}>"

        out = ['<table border="1" cellspacing="0">']
        if self.table is not None and self.table.caption:
            out.append(f"<caption>{escape(self.table.caption)}</caption>")
        if self.header:
            out.append("<tr>" + "".join(cell("th", h) for h in self.header) + "</tr>")
        down = {first: count for first, count in self.label_spans}
        covered = {r for first, count in self.label_spans for r in range(first + 1, first + count)}
        for i, row in enumerate(self.rows):
            if i in self.spanning_rows():
                out.append("<tr>" + cell("td", row[0], self.width, i in self.group_rows)
                           + "</tr>")
                continue
            cells = [cell("td", c) for c in row]
            if i in covered:
                cells = cells[1:]             # the label's cell above spans this row
            elif i in down:
                cells[0] = cells[0].replace("<td>", f'<td rowspan="{down[i]}">', 1)
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</table>")
        return "\n".join(out)


TASK_COLUMNS = ("任务", "牵头单位", "配合单位", "时限", "页码", "来源")


class TaskTableModel(QAbstractTableModel):
    """Task records (:class:`core.store.extracted.TaskRecord`); the 来源 column shows the
    issue and 文号 (hidden in 本文件 mode by the view). ``by_document`` (an issue's tasks):
    a heading row (文号 and title, bold, shown across the width by the view) before each
    document's tasks; it opens the document (``DOC_ROLE``, no block)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.records: list = []
        self.rows: list = []            # per row: the record, or (heading) its doc id
        self.numbers: list[int] = []    # per row: the task's number (0 for a heading)
        self.by_document = False

    def set_records(self, records) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.rows, self.numbers, last, n = [], [], None, 0
        for rec in self.records:
            if self.by_document and rec.task.doc_id != last:
                last = rec.task.doc_id
                self.rows.append(rec.task.doc_id)
                self.numbers.append(0)
            n += 1
            self.rows.append(rec)
            self.numbers.append(n)
        self.endResetModel()

    def record_at(self, row: int):
        """The task record shown in ``row``; None for a document's heading row."""
        item = self.rows[row] if 0 <= row < len(self.rows) else None
        return None if item is None or isinstance(item, str) else item

    def heading_rows(self) -> list[int]:
        return [r for r, item in enumerate(self.rows) if isinstance(item, str)]

    def _heading(self, row: int):
        """The first record under the heading ``row`` (its document's 文号 and title)."""
        return self.rows[row + 1]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

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
            return "" if t.page is None else f"约{t.page}" if t.page_estimated else str(t.page)
        issue = rec.issue_label.split("》", 1)[-1]      # the gazette name is in the tooltip
        return f"{issue} {rec.doc_no or ''}".strip()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        rec = self.record_at(index.row())
        if rec is None:
            return self._heading_data(index, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(rec, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 5:
                return tip(f"{rec.issue_label}\n{rec.doc_title}\n{rec.doc_no or ''}")
            cell = self.cell(rec, index.column())
            return tip(cell) if isinstance(cell, str) else cell
        if role == ID_ROLE:
            return rec.task.id
        if role == DOC_ROLE:
            return rec.task.doc_id
        if role == BLOCK_ROLE:
            return rec.task.block_id
        return None

    def _heading_data(self, index: Index, role: int):
        rec = self._heading(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column():
                return ""
            return "  ".join(x for x in (rec.doc_no, rec.doc_title) if x)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(f"{rec.doc_title}\n{rec.doc_no or ''}\n（双击打开这份文件）")
        if role == Qt.ItemDataRole.FontRole:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor("#eef2f7"))
        if role == Qt.ItemDataRole.ForegroundRole:      # readable in a dark theme too
            return QBrush(QColor("#000000"))
        if role == DOC_ROLE:
            return rec.task.doc_id
        if role == BLOCK_ROLE:
            return ""
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return TASK_COLUMNS[section]
        n = self.numbers[section] if 0 <= section < len(self.numbers) else section + 1
        return str(n) if n else ""
