"""The 批注 panel: the open document's annotations in reading order, or all of them (全部)
filtered by text and colour; click jumps to the passage; export to Markdown or Excel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core.annotations import COLORS, color_name

from ..models import ID_ROLE
from ..models.annotations import AnnotationListModel

EXPORT_FILTERS = {"md": "Markdown 文件 (*.md)", "xlsx": "Excel 工作簿 (*.xlsx)"}


class AnnotationsPanel(QWidget):
    """Modes 本文件 / 全部. Signals: ``jump(annotation_id)`` when a row is clicked.
    ``controller`` (an AnnotationController, set by the window) edits and deletes."""

    jump = Signal(str)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.setObjectName("annotationsPanel")
        self.ctx = ctx
        self.controller = None
        self.doc_id: str | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        modes = QHBoxLayout()
        self.doc_mode = QRadioButton("本文件")
        self.all_mode = QRadioButton("全部")
        self.doc_mode.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.doc_mode)
        group.addButton(self.all_mode)
        modes.addWidget(self.doc_mode)
        modes.addWidget(self.all_mode)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("筛选原文或批注")
        self.filter.setClearButtonEnabled(True)
        modes.addWidget(self.filter, 1)
        self.color = QComboBox()
        self.color.addItem("全部颜色", "")
        for key in COLORS:
            self.color.addItem(color_name(key), key)
        modes.addWidget(self.color)
        lay.addLayout(modes)
        self.info = QLabel("")
        self.info.setTextFormat(Qt.TextFormat.PlainText)         # filter text, never HTML
        self.info.setWordWrap(True)
        lay.addWidget(self.info)
        self.model = AnnotationListModel(self)
        self.view = QListView()
        self.view.setObjectName("annotationList")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setUniformItemSizes(False)
        self.view.setSpacing(2)
        self.view.setAlternatingRowColors(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        lay.addWidget(self.view, 1)
        # two rows (editing, exports): four buttons in one row cut 导出 Markdown off at the
        # panel's usual width
        self.edit_btn = QPushButton("编辑…")
        self.delete_btn = QPushButton("删除")
        self.md_btn = QPushButton("导出 Markdown")
        self.xlsx_btn = QPushButton("导出 Excel")
        for pair in ((self.edit_btn, self.delete_btn), (self.md_btn, self.xlsx_btn)):
            row = QHBoxLayout()
            for b in pair:
                row.addWidget(b)
            lay.addLayout(row)
        self.doc_mode.toggled.connect(self.refresh)
        self.filter.textChanged.connect(self.refresh)
        self.color.currentIndexChanged.connect(self.refresh)
        self.view.clicked.connect(self._activate)
        self.view.activated.connect(self._activate)
        self.view.customContextMenuRequested.connect(self._menu)
        self.edit_btn.clicked.connect(lambda: self._on_current("edit"))
        self.delete_btn.clicked.connect(lambda: self._on_current("delete"))
        self.md_btn.clicked.connect(lambda: self.ask_export("md"))
        self.xlsx_btn.clicked.connect(lambda: self.ask_export("xlsx"))
        ctx.changed.connect(lambda change: (change.issues or change.annotations)
                            and self.refresh())
        self.refresh()

    def set_document(self, doc_id: str | None) -> None:
        self.doc_id = doc_id
        if self.doc_mode.isChecked():
            self.refresh()

    def show_all(self, text: str = "", color: str = "") -> None:
        """全部 mode with a text and colour filter (one refresh)."""
        for w in (self.all_mode, self.filter, self.color):
            w.blockSignals(True)
        self.all_mode.setChecked(True)
        self.filter.setText(text)
        self.color.setCurrentIndex(max(0, self.color.findData(color)))
        for w in (self.all_mode, self.filter, self.color):
            w.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        lib = self.ctx.library
        text, color = self.filter.text().strip() or None, self.color.currentData() or None
        every = self.all_mode.isChecked()
        if every:
            records = lib.annotation_records(text=text, color=color)
        elif self.doc_id:
            records = lib.annotation_records(self.doc_id, text=text, color=color)
        else:
            records = []
        current = self.current_id()
        self.model.set_records(records, show_document=every)
        if current:
            row = self.model.row_of(current)
            if row >= 0:
                self.view.setCurrentIndex(self.model.index(row))
        orphans = sum(1 for r in records if r.annotation.status == "orphan")
        noted = sum(1 for r in records if r.annotation.note)
        filtered = "（已筛选）" if text or color else ""
        if every:
            docs = len({r.annotation.doc_id for r in records})
            msg = f"资料库中共 {len(records)} 条批注{filtered}，涉及 {docs} 份文件"
        elif self.doc_id:
            msg = (f"本文件共 {len(records)} 条{filtered}，其中 {noted} 条有批注文字"
                   if records else "本文件还没有批注：选中文字后右键“高亮”或按 Ctrl+Alt+M 添加批注。")
        else:
            msg = "打开文件后，这里按阅读顺序列出其中的高亮与批注。"
        if orphans:
            msg += f"；{orphans} 条未能定位（原文件已删除或已更正），列在最后"
        self.info.setText(msg + ("。" if records or every else ""))
        for b in (self.edit_btn, self.delete_btn, self.md_btn, self.xlsx_btn):
            b.setEnabled(bool(records))

    def current_id(self) -> str | None:
        index = self.view.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def _activate(self, index: QModelIndex) -> None:
        ann_id = index.data(ID_ROLE)
        if ann_id:
            self.jump.emit(ann_id)

    def _on_current(self, what: str) -> None:
        ann_id = self.current_id()
        if not ann_id or self.controller is None:
            return
        if what == "edit":
            self.controller.edit_note(ann_id)
        else:
            self.controller.delete(ann_id)

    def _menu(self, pos) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid() or self.controller is None:
            return
        rec = self.model.records[index.row()]
        menu = QMenu(self)
        menu.addAction("转到原文", lambda: self._activate(index))
        menu.addSeparator()
        self.controller.annotation_menu(menu, rec.annotation)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    # -- export ---------------------------------------------------------------------------
    def export(self, path: str | Path, fmt: str | None = None) -> Path:
        """Write the listed annotations as Markdown (``md``) or xlsx (by suffix)."""
        from core.export.notes import write_annotations_markdown, write_annotations_xlsx

        fmt = fmt or Path(path).suffix.lstrip(".").lower()
        write = write_annotations_xlsx if fmt == "xlsx" else write_annotations_markdown
        return write(self.model.records, path)

    def ask_export(self, fmt: str) -> None:
        name = ("全部批注" if self.all_mode.isChecked() else "本文件批注") + "." + fmt
        from ..folders import EXPORT, remember, start_path

        path, _ = QFileDialog.getSaveFileName(self, "导出批注",
                                              start_path(self.ctx.settings, EXPORT, name),
                                              EXPORT_FILTERS[fmt])
        if not path:
            return
        remember(self.ctx.settings, EXPORT, path)
        from core.export.notes import write_annotations_markdown, write_annotations_xlsx

        from ..ops import run_op

        records = list(self.model.records)             # the worker writes this copy
        write = write_annotations_xlsx if fmt == "xlsx" else write_annotations_markdown
        window = self.window()
        run_op(self.ctx.jobs, lambda _w, _p, _c: write(records, path), "导出批注",
               pool="reader", parent=self,
               on_success=lambda _r: window.statusBar().showMessage(
                   f"已导出 {len(records)} 条批注到 {path}", 5000))

    def sizeHint(self) -> QSize:
        return QSize(430, super().sizeHint().height())
