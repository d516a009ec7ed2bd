"""The 责任分工 panel: the open document's tasks (or, 本期概要, the issue's, each labelled by
its document), or one unit's tasks across the library."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QSize, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..models import BLOCK_ROLE, DOC_ROLE
from ..models.tables import TaskTableModel
from .saving import ask_and_write


class TasksPanel(QWidget):
    """Modes 本文件 (本期 while an issue is shown: :meth:`set_issue`) / 按单位. Signals:
    ``jump(doc_id, block_id)``."""

    jump = Signal(str, str)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.setObjectName("tasksPanel")
        self.ctx = ctx
        self.doc_id: str | None = None
        self.issue = None                 # 本期概要: the issue whose tasks are listed
        self.hint: str | None = None      # why no document is shown (本期概要)
        self.unit = ""
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        modes = QHBoxLayout()
        self.doc_mode = QRadioButton("本文件")
        self.unit_mode = QRadioButton("按单位")
        self.doc_mode.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.doc_mode)
        group.addButton(self.unit_mode)
        modes.addWidget(self.doc_mode)
        modes.addWidget(self.unit_mode)
        self.unit_edit = QLineEdit()
        self.unit_edit.setPlaceholderText("输入单位名称，如 市财政局")
        self.unit_edit.setClearButtonEnabled(True)
        self.unit_names = QStringListModel(self)
        completer = QCompleter(self.unit_names, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.unit_edit.setCompleter(completer)
        modes.addWidget(self.unit_edit, 1)
        lay.addLayout(modes)
        self.info = QLabel("")
        self.info.setWordWrap(True)
        # Two lines always fit: a wrapped label in a dock is otherwise squeezed to one.
        self.info.setMinimumHeight(2 * self.info.fontMetrics().lineSpacing() + 4)
        lay.addWidget(self.info)
        self.model = TaskTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.verticalHeader().setDefaultSectionSize(70)     # three lines; full text below
        lay.addWidget(self.view, 1)
        self.view.viewport().installEventFilter(self)
        self.detail = QLabel("")
        self.detail.setObjectName("taskDetail")
        self.detail.setTextFormat(Qt.TextFormat.PlainText)       # document text, never HTML
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMaximumHeight(150)
        lay.addWidget(self.detail)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.export_btn = QPushButton("导出台账")
        buttons.addWidget(self.export_btn)
        lay.addLayout(buttons)
        self.doc_mode.toggled.connect(self.refresh)
        self.unit_edit.returnPressed.connect(lambda: self.show_unit(self.unit_edit.text()))
        completer.activated.connect(self.show_unit)
        self.view.activated.connect(self._activate)
        self.view.clicked.connect(self._activate)
        self.view.clicked.connect(self._show_detail)
        self.export_btn.clicked.connect(self.ask_export)
        ctx.changed.connect(lambda change: change.issues and self.refresh_units())
        self.refresh_units()
        self.refresh()

    def refresh_units(self) -> None:
        self.unit_names.setStringList([u.canonical for u in self.ctx.library.units()])

    def set_document(self, doc_id: str | None, hint: str | None = None) -> None:
        """The tasks of a document; without one, ``hint`` says why (本期概要)."""
        self.doc_id = doc_id
        self.issue = None
        self.doc_mode.setText("本文件")
        self.hint = hint if doc_id is None else None
        if self.doc_mode.isChecked():
            self.refresh()

    def set_issue(self, issue_id: str) -> None:
        """本期概要: the tasks of every document of the issue, in the issue's order, under a
        heading row per document (文号 and title; activated, it opens the document)."""
        self.doc_id, self.hint = None, None
        self.issue = self.ctx.library.issue(issue_id)
        self.doc_mode.setText("本期")
        if self.doc_mode.isChecked():
            self.refresh()

    def show_unit(self, unit: str) -> None:
        self.unit = unit.strip()
        if self.unit_edit.text() != unit:
            self.unit_edit.setText(unit)
        if not self.unit_mode.isChecked():
            self.unit_mode.setChecked(True)     # toggles -> refresh
        else:
            self.refresh()

    def refresh(self) -> None:
        lib = self.ctx.library
        by_unit = self.unit_mode.isChecked()
        self.unit_edit.setEnabled(by_unit)
        if by_unit:
            records = lib.tasks_for_unit(self.unit) if self.unit else []
            docs = len({r.task.doc_id for r in records})
            issues = len({r.issue_id for r in records})
            self.info.setText(f"“{self.unit}”：{len(records)} 项任务，来自 {issues} 期公报的 "
                              f"{docs} 份文件。" if self.unit else "请输入或选择单位名称。")
        elif self.issue is not None:
            records = lib.task_records(issue_id=self.issue.id)
            docs = len({r.task.doc_id for r in records})
            self.info.setText(f"本期共有 {len(records)} 项任务，来自 {docs} 份文件。" if records
                              else "本期没有识别出责任分工。")
        else:
            records = lib.task_records(doc_id=self.doc_id) if self.doc_id else []
            self.info.setText(f"本文件共有 {len(records)} 项任务。" if self.doc_id and records
                              else ("本文件没有识别出责任分工。" if self.doc_id else
                                    self.hint or "打开文件后，这里列出其中的任务与责任单位。"))
        self.model.by_document = not by_unit and self.issue is not None
        self.model.set_records(records)
        self.view.clearSpans()
        for r in self.model.heading_rows():     # 本期: each document's heading, across
            self.view.setSpan(r, 0, 1, self.model.columnCount())
            self.view.setRowHeight(r, 2 * self.view.fontMetrics().lineSpacing() + 8)
        self.detail.setText("")
        self._layout_columns()
        self.export_btn.setEnabled(bool(records))

    def _layout_columns(self) -> None:
        """Narrow panel: 任务 | 牵头单位 | 时限 (| 来源); wide (floating) panel: every column.
        时限 and 页码 only when a listed task has one. The selected task's full text, units
        and source show below the table."""
        by_unit = self.unit_mode.isChecked()
        wide = self.width() > 700
        records = self.model.records
        has_pages = any(r.task.page is not None for r in records)
        has_deadlines = any(r.task.deadline_text for r in records)
        self.view.setColumnHidden(2, not wide)
        self.view.setColumnHidden(3, not has_deadlines)
        self.view.setColumnHidden(4, not (wide and has_pages))
        self.view.setColumnHidden(5, not by_unit)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed columns take at most half of the view, so the 任务 column keeps room to read.
        fixed = [(1, 110), (2, 130), (3, 72), (4, 44), (5, 110)]
        shown = [(c, w) for c, w in fixed if not self.view.isColumnHidden(c)]
        room = max(self.view.viewport().width(), 200)
        scale = min(1.0, 0.5 * room / max(1, sum(w for _, w in shown)))
        for c, w in shown:
            self.view.setColumnWidth(c, max(40, int(w * scale)))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._layout_columns()

    def eventFilter(self, watched, event) -> bool:
        # The list's width changes without the panel's when the row numbers or the scroll
        # bar come or go (after the records are set): the columns follow it.
        if (watched is self.view.viewport() and event.type() == QEvent.Type.Resize
                and event.size().width() != event.oldSize().width()):
            self._layout_columns()
        return super().eventFilter(watched, event)

    def _show_detail(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        rec = self.model.record_at(index.row())
        if rec is None:           # a document's heading
            self.detail.setText("")
            return
        t = rec.task
        parts = [t.text]
        if t.lead or t.units:
            parts.append("牵头/责任：" + "、".join(t.lead + [u for u in t.units
                                                         if u not in t.lead + t.support]))
        if t.support:
            parts.append("配合：" + "、".join(t.support))
        if t.deadline_text:
            parts.append("时限：" + t.deadline_text)
        parts.append("来源：" + f"{rec.issue_label} {rec.doc_no or ''} 《{rec.doc_title}》"
                     + (f" {'约' if t.page_estimated else ''}第{t.page}页" if t.page else ""))
        self.detail.setText("\n".join(parts))

    def _activate(self, index: QModelIndex) -> None:
        doc_id = index.data(DOC_ROLE)
        if doc_id:
            self.jump.emit(doc_id, index.data(BLOCK_ROLE) or "")

    def export(self, path: str | Path, records=None, title: str | None = None) -> Path:
        """Write the ledger of the listed tasks (or of ``records``) to xlsx or CSV."""
        from core.export.ledger import write_ledger

        if title is None:
            title = self._ledger_title()
        return write_ledger(self.model.records if records is None else records, path, title)

    def _ledger_title(self) -> str:
        if self.unit_mode.isChecked():
            return f"{self.unit} 督办台账" if self.unit else ""
        return f"{self.issue.label} 督办台账" if self.issue is not None else ""

    def ask_export(self) -> None:
        from core.export.atomic import safe_filename

        records = list(self.model.records)         # the worker writes this copy
        title = self._ledger_title()
        name = safe_filename(title or "督办台账", "督办台账")
        ask_and_write(self, self.ctx.jobs, "导出台账", name + ".xlsx",
                      "Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)",
                      lambda path: self.export(path, records, title), "已导出台账到")

    def sizeHint(self) -> QSize:       # the dock's initial width at 1366×768
        return QSize(430, super().sizeHint().height())
