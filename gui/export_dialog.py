"""The 导出 PDF / 打印 dialog (Ctrl+P, 文件 → 导出 PDF, the tree's 导出…).

Scope: the documents listed (ticked), each whole or only the sections ticked under it, and
optionally only the annotated passages; notes in the margin or below their paragraph; an
optional 摘录说明 line. 导出 runs ``core.export.pdf.export_pdf`` on the serial job pool (its
own Library; progress and 取消; the core writes the file atomically); 打印预览 renders the
same PDF (``build_pdf``) and shows it in a QPrintPreviewDialog (``gui/printing.py``); 打印…
asks for a printer (QPrintDialog) and prints that PDF in a job (``printing.print_job``:
built, rasterised and painted page by page off the GUI thread, with progress and 取消), as
does the preview's own 打印 button.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def result_note_text(result) -> str:
    """``，批注 2 条（其中附言 1 条）``: every annotation drawn, as the dialog's list counts
    them, and how many of them carry a note."""
    if not result.annotations:
        return ""
    notes = f"（其中附言 {result.notes} 条）" if result.notes else ""
    return f"，批注 {result.annotations} 条{notes}"


def _safe_name(text: str) -> str:
    bad = '\\/:*?"<>|\n\t'
    name = "".join("_" if c in bad else c for c in text).strip() or "公报摘录"
    return name[:60]


class ExportDialog(QDialog):
    """Signals: ``exported(PdfResult)``; ``previewReady(bytes)`` before the preview opens."""

    exported = Signal(object)
    previewReady = Signal(bytes)

    def __init__(self, window, doc_ids: list[str], sections: dict | None = None,
                 folder: str | None = None):
        super().__init__(window)
        self.window_ = window
        self.ctx = window.ctx
        self.job = None
        self.result = None
        self.show_error = lambda text: QMessageBox.warning(self, "导出失败", text)
        self.open_preview = self._open_preview          # replaceable in tests (modal)
        self.ask_printer = self._ask_printer            # replaceable in tests (modal)
        self.printed_outcome = None                     # the last print job's PrintOutcome
        self._cancel_text = "已取消，没有写入文件。"
        self.preview_images: list = []                  # the preview's pages (from the job)
        self.setWindowTitle("导出 PDF / 打印")
        self.setObjectName("exportDialog")
        self.resize(620, 600)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("要导出的文件（勾选章节只导出这些章节，不勾选章节即导出全文；"
                             "在资料库中按 Ctrl 多选文件或章节后再按 Ctrl+P 可一次导出多份）："))
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        lay.addWidget(self.tree, 1)
        self.annotated_only = QCheckBox("只导出有批注的段落（连同所在段落和上级标题）")
        lay.addWidget(self.annotated_only)
        box = QGroupBox("批注位置")
        row = QHBoxLayout(box)
        self.notes_margin = QRadioButton("页边（放不下时移到段落下方）")
        self.notes_below = QRadioButton("段落下方")
        self.notes_margin.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.notes_margin)
        group.addButton(self.notes_below)
        row.addWidget(self.notes_margin)
        row.addWidget(self.notes_below)
        row.addStretch(1)
        lay.addWidget(box)
        self.excerpt_note = QCheckBox("在标题下加“摘录说明”（导出日期、范围，以公报原文为准）")
        self.excerpt_note.setChecked(True)
        lay.addWidget(self.excerpt_note)
        out = QHBoxLayout()
        out.addWidget(QLabel("保存为："))
        self.path = QLineEdit()
        out.addWidget(self.path, 1)
        browse = QPushButton("浏览…")
        browse.clicked.connect(self.ask_path)
        out.addWidget(browse)
        lay.addLayout(out)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.hide()               # shown once an export or a preview runs
        self.status = QLabel("")
        self.status.setWordWrap(True)
        lay.addWidget(self.progress)
        lay.addWidget(self.status)
        buttons = QHBoxLayout()
        self.preview_btn = QPushButton("打印预览…")
        self.print_btn = QPushButton("打印…")
        self.export_btn = QPushButton("导出 PDF")
        self.export_btn.setDefault(True)
        self.close_btn = QPushButton("关闭")
        buttons.addWidget(self.preview_btn)
        buttons.addWidget(self.print_btn)
        buttons.addStretch(1)
        buttons.addWidget(self.export_btn)
        buttons.addWidget(self.close_btn)
        lay.addLayout(buttons)
        self.preview_btn.clicked.connect(self.preview)
        self.print_btn.clicked.connect(lambda: self.print_())
        self.export_btn.clicked.connect(self.export)
        self.close_btn.clicked.connect(self._close_or_cancel)
        self._fill(doc_ids, sections or {})
        first = self.ctx.library.document(doc_ids[0]) if doc_ids else None
        name = _safe_name(first.title if first else "公报摘录")
        if len(doc_ids) > 1:
            name += f"等{len(doc_ids)}件"
        self.path.setText(str(Path(folder or Path.home()) / f"{name}.pdf"))

    # -- scope ----------------------------------------------------------------------------
    def _fill(self, doc_ids: list[str], sections: dict) -> None:
        lib = self.ctx.library
        counts = lib.annotation_counts()
        for doc_id in doc_ids:
            doc = lib.document(doc_id)
            no = f"{doc.doc_no.printed}  " if doc.doc_no else ""
            n = counts.get(doc_id, 0)
            item = QTreeWidgetItem([f"{no}{doc.title}" + (f"（批注 {n} 条）" if n else "")])
            item.setData(0, ID_ROLE, doc_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked)
            self.tree.addTopLevelItem(item)
            ticked = set(sections.get(doc_id, []))
            nodes: dict[str, QTreeWidgetItem] = {}
            for s in lib.sections(doc_id):
                parent = nodes.get(s.parent_id, item)
                child = QTreeWidgetItem(parent, [f"{s.numbering}{s.title}".strip() or s.title])
                child.setData(0, ID_ROLE, s.id)
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                child.setCheckState(0, Qt.CheckState.Checked if s.id in ticked
                                    else Qt.CheckState.Unchecked)
                nodes[s.id] = child
            item.setExpanded(len(doc_ids) == 1 or bool(ticked))

    def _ticked(self, item: QTreeWidgetItem) -> list[str]:
        out = []
        for i in range(item.childCount()):
            child = item.child(i)
            if child.checkState(0) == Qt.CheckState.Checked:
                out.append(child.data(0, ID_ROLE))    # its subsections come with it
            else:
                out += self._ticked(child)
        return out

    def scopes(self) -> list:
        from core.export.pdf import ExportScope

        out = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            ticked = self._ticked(item)
            if item.checkState(0) == Qt.CheckState.Checked or ticked:
                out.append(ExportScope(item.data(0, ID_ROLE), sections=ticked,
                                       annotated_only=self.annotated_only.isChecked()))
        return out

    def options(self) -> dict:
        return {"notes": "below" if self.notes_below.isChecked() else "auto",
                "excerpt_note": self.excerpt_note.isChecked()}

    def ask_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "导出 PDF", self.path.text(),
                                              "PDF 文件 (*.pdf)")
        if path:
            self.path.setText(path if path.lower().endswith(".pdf") else path + ".pdf")

    # -- running --------------------------------------------------------------------------
    def _start(self, fn, name: str, on_done, cancel_text: str = "已取消，没有写入文件。"
               ) -> object | None:
        scopes = self.scopes()
        if not scopes:
            self.status.setText("请至少勾选一份文件。")
            return None
        if self.job is not None:
            return None
        opts = self.options()

        def work(wctx, progress, cancel):
            return fn(wctx.library, scopes, opts, progress, cancel)

        return self._run(work, name, on_done, cancel_text)

    def _run(self, work, name: str, on_done, cancel_text: str):
        from .ops import run_op

        self._busy(True)
        self._cancel_text = cancel_text
        self.status.setText(f"正在{name}……")
        self.job = run_op(self.ctx.jobs, work, name, on_progress=self._progress,
                          on_success=on_done, on_failure=self._failed,
                          on_cancelled=self._cancelled, on_done=self._job_done)
        return self.job

    def _title(self) -> str:
        first = self.tree.topLevelItem(0)
        return first.text(0) if first else ""

    def _ask_printer(self):
        """The print dialog (Chinese); the chosen printer, or None when cancelled."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from .printing import setup_printer

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        setup_printer(printer, self._title())
        dlg = QPrintDialog(printer, self)
        dlg.setWindowTitle(f"打印 — {self._title()}")
        if dlg.exec() != QPrintDialog.DialogCode.Accepted:
            return None
        return printer

    def print_(self, printer=None):
        """打印…: ask for a printer (unless ``printer`` is given), then build the PDF and
        print it page by page in a job; returns the job (None when nothing was started)."""
        from core.export.pdf import build_pdf

        from .printing import NOTHING_SENT, print_job

        if self.job is not None:
            return None
        scopes, opts = self.scopes(), self.options()
        if not scopes:
            self.status.setText("请至少勾选一份文件。")
            return None
        if printer is None:
            printer = self.ask_printer()
            if printer is None:
                return None

        def build(wctx, progress, cancel):
            return build_pdf(wctx.library, scopes, progress=progress, cancel=cancel,
                             **opts).data

        return self._run(print_job(printer, build), "打印", self._printed, NOTHING_SENT)

    def print_data(self, printer, data: bytes):
        """Print the PDF ``data`` already built (the preview's 打印 button) in a job."""
        from .printing import NOTHING_SENT, print_job

        if self.job is not None:
            self.status.setText("请等当前任务完成后再打印。")
            return None
        return self._run(print_job(printer, lambda _w, _p, _c: data, share=0), "打印",
                         self._printed, NOTHING_SENT)

    def export(self):
        """Start the export job; returns it (None when nothing to export)."""
        from core.export.pdf import export_pdf

        path = self.path.text().strip()
        if not path:
            self.status.setText("请填写保存位置。")
            return None
        return self._start(lambda lib, scopes, opts, progress, cancel: export_pdf(
            lib, scopes, path, progress=progress, cancel=cancel, **opts), "导出 PDF",
            self._exported)

    def preview(self):
        """Render the PDF in the background, then open the print preview; returns the job."""
        from core.export.pdf import build_pdf

        from .printing import page_images

        def work(lib, scopes, opts, progress, cancel):
            data = build_pdf(lib, scopes, progress=progress, cancel=cancel, **opts).data
            return data, page_images(data)      # the preview's pages, rendered here

        return self._start(work, "生成打印预览", self._preview_ready)

    def _progress(self, done: int, total: int, stage: str) -> None:
        self.progress.setValue(int(done * 100 / total) if total else 0)
        self.status.setText(f"{stage}……")

    def _exported(self, result) -> None:
        self.result = result
        self.progress.setValue(100)
        extra = result_note_text(result)
        warn = ("\n" + "；".join(result.warnings)) if result.warnings else ""
        self.status.setText(f"已导出：{result.path}（{result.documents} 份文件，共 "
                            f"{result.pages} 页{extra}）{warn}")
        self.window_.statusBar().showMessage(f"已导出 PDF：{result.path}", 8000)
        self.exported.emit(result)

    def _printed(self, outcome) -> None:
        self.printed_outcome = outcome
        self.progress.setValue(100 if not outcome.cancelled else 0)
        text = outcome.message()
        self.status.setText(text)
        self.window_.statusBar().showMessage(text, 8000)

    def _preview_ready(self, payload) -> None:
        data, self.preview_images = payload
        self.progress.setValue(100)
        self.status.setText("打印预览已生成。")
        self.previewReady.emit(data)
        self.open_preview(data)

    def _open_preview(self, data: bytes) -> None:
        from .printing import make_preview

        make_preview(self, data, self._title(), self.preview_images,
                     on_print=lambda printer: self.print_data(printer, data)).exec()

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.show_error(message)

    def _cancelled(self) -> None:
        self.progress.setValue(0)
        self.status.setText(self._cancel_text)

    def _job_done(self, _job) -> None:
        self.job = None
        self._busy(False)

    def _busy(self, busy: bool) -> None:
        if busy:
            self.progress.setValue(0)
            self.progress.show()
        self.export_btn.setEnabled(not busy)
        self.preview_btn.setEnabled(not busy)
        self.print_btn.setEnabled(not busy)
        self.close_btn.setText("取消" if busy else "关闭")

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _close_or_cancel(self) -> None:
        if self.job is not None:
            self.cancel()
        else:
            self.accept()

    def reject(self) -> None:        # Esc / window close: cancel a running job first
        self.cancel()
        super().reject()


def selected_scope(window, doc_ids: list[str] | None = None) -> tuple[list[str], dict]:
    """Documents and ticked sections from the library tree's selection: documents selected
    (or the parents of selected sections) in tree order; ``doc_ids`` (e.g. the open
    document) come first when given."""
    from .models import DOC_ROLE, KIND_ROLE

    docs: list[str] = list(doc_ids or [])
    sections: dict[str, list[str]] = {}
    for index in window.tree.selectionModel().selectedIndexes():
        kind, doc_id = index.data(KIND_ROLE), index.data(DOC_ROLE)
        if kind not in ("document", "section") or not doc_id:
            continue
        if doc_id not in docs:
            docs.append(doc_id)
        if kind == "section":
            sections.setdefault(doc_id, []).append(window.tree_model.node(index).id)
    return docs, sections
