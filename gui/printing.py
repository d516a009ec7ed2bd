"""Printing an exported PDF: pages rendered with pypdfium2 and painted on a QPrinter.

The print preview shows exactly the PDF the export writes (``core.export.pdf.build_pdf``):
each page is rasterised (``render_page``) at the printer's resolution (capped at 300 dpi;
120 dpi in the preview, which keeps every page in memory) and drawn
over the whole A4 sheet, since the PDF carries its own margins.

Printing itself (the export dialog's 打印…, the preview's 打印 button) never runs on the GUI
thread: :func:`print_job` is a job function (``gui/jobs.py``) that builds the PDF and then
rasterises and paints one page at a time on the printer from the worker thread (Qt allows a
QPainter on a QPrinter outside the GUI thread; the GUI thread does not touch that printer
until the job is done). Memory stays at one page. 取消 before the first page is painted
sends nothing; later, the print run is aborted where the printer allows it, a partial output
file is removed, and otherwise the outcome says how many pages the printer already has.
"""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass

from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

from core.errors import GazetteError
from core.progress import Progress, check_cancel, report

PREVIEW_DPI = 120        # for screen-resolution (preview) printers: memory stays reasonable
MAX_DPI = 300


def render_page(page, dpi: float) -> QImage:
    """One pypdfium2 page as an RGB QImage at ``dpi`` (a copy: the bitmap may go)."""
    with rendered(page, dpi) as image:
        return image.copy()


@contextlib.contextmanager
def rendered(page, dpi: float):
    """One pypdfium2 page as an RGB QImage at ``dpi`` over pdfium's own bitmap, valid
    inside the ``with`` only (no copy: copying a 300 dpi page holds Python's lock for
    ~0.1 s)."""
    bitmap = page.render(scale=dpi / 72, rev_byteorder=True, prefer_bgrx=True)
    try:
        yield QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                     QImage.Format.Format_RGBX8888)
    finally:
        bitmap.close()


def page_images(data: bytes, dpi: float = PREVIEW_DPI) -> list[QImage]:
    """Every page of a PDF as QImages: the print preview's pages, rendered in the preview's
    job off the GUI thread (``export_dialog.ExportDialog.preview``)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return [render_page(pdf[i], dpi) for i in range(len(pdf))]
    finally:
        pdf.close()


def setup_printer(printer: QPrinter, title: str = "") -> None:
    """A4 portrait, the whole sheet (the PDF has its own margins)."""
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                      QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)
    if title:
        printer.setDocName(title)


def paint_pdf(printer: QPrinter, data: bytes, images: list[QImage] | None = None) -> int:
    """Paint every page of the PDF ``data`` on ``printer``; returns the number of pages.
    ``images``: the pages already rendered at preview resolution (off the GUI thread, see
    :func:`page_images`), used when painting a preview."""
    import pypdfium2 as pdfium

    painter = QPainter()
    pdf = None
    try:
        if not painter.begin(printer):
            raise GazetteError("无法开始打印：打印机不可用或输出文件无法写入。")
        # a preview records pictures of every page: screen resolution is plenty there
        preview = painter.paintEngine().type() == QPaintEngine.Type.Picture
        dpi = PREVIEW_DPI if preview else max(PREVIEW_DPI, min(MAX_DPI, printer.resolution()))
        sheet = printer.paperRect(QPrinter.Unit.DevicePixel)
        ready = images if preview and images else None
        if ready is None:
            pdf = pdfium.PdfDocument(data)
        count = len(ready) if ready is not None else len(pdf)
        for i in range(count):
            if i:
                printer.newPage()
            image = ready[i] if ready is not None else render_page(pdf[i], dpi)
            scale = min(sheet.width() / image.width(), sheet.height() / image.height())
            w, h = image.width() * scale, image.height() * scale
            painter.drawImage(QRectF(0, 0, w, h), image)
        return count
    finally:
        if painter.isActive():
            painter.end()
        if pdf is not None:
            pdf.close()


@dataclass(slots=True)
class PrintOutcome:
    """What a print job did: ``pages`` of the PDF, ``sent`` of them painted on the printer;
    ``cancelled`` midway, then ``withdrawn`` when the printer dropped the job (or the partial
    output file was removed)."""

    pages: int
    sent: int
    cancelled: bool = False
    withdrawn: bool = False
    target: str = ""
    to_file: bool = False

    def message(self) -> str:
        where = f"“{self.target}”" if self.target else "打印机"
        if not self.cancelled:
            return f"已发送到{where}：共 {self.pages} 页。"
        if not self.sent:
            return f"已取消打印：没有发送任何页面（共 {self.pages} 页）。"
        if self.withdrawn and self.to_file:
            return f"已取消打印：未写完的输出文件已删除（共 {self.pages} 页）。"
        if self.withdrawn:
            return f"已取消打印：打印机已撤销这项任务，没有打印任何页面（共 {self.pages} 页）。"
        return (f"已取消打印：{where}已收到前 {self.sent} 页（共 {self.pages} 页），其余页面没有"
                "发送；这台打印机不能撤回已开始的任务，如不需要请在打印队列中删除。")


def printer_target(printer: QPrinter) -> str:
    """The printer's name, or the output file when printing to a file."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return printer.outputFileName()
    return printer.printerName()


STRIPS = 24     # a page is painted in strips: see draw_in_strips


def draw_in_strips(painter: QPainter, sheet, image: QImage) -> None:
    """Draw ``image`` over the sheet as horizontal strips, each one source row taller than
    its share (the next strip covers it: no seam). A print engine compresses the image in
    ``drawImage`` while holding Python's lock (a whole 300 dpi page: ~0.3–0.5 s in which
    the window's thread could not run); a strip holds it for a fraction of that."""
    scale = min(sheet.width() / image.width(), sheet.height() / image.height())
    width, height = image.width(), image.height()
    step = max(1, -(-height // STRIPS))
    for top in range(0, height, step):
        rows = min(step + 1, height - top)
        painter.drawImage(QRectF(0, top * scale, width * scale, rows * scale), image,
                          QRectF(0, top, width, rows))


def print_pdf(printer: QPrinter, data: bytes, progress: Progress | None = None,
              cancel: threading.Event | None = None) -> PrintOutcome:
    """Rasterise and paint every page of the PDF ``data`` on ``printer``, one page at a time
    (run it in a job: a page at 300 dpi takes a few tenths of a second). Raises
    :class:`Cancelled` when ``cancel`` is set before the first page reaches the printer
    (nothing sent); a later cancel stops between pages (see :class:`PrintOutcome`)."""
    import pypdfium2 as pdfium

    painter = QPainter()
    pdf = pdfium.PdfDocument(data)
    outcome = PrintOutcome(pages=len(pdf), sent=0, target=printer_target(printer),
                           to_file=printer.outputFormat() == QPrinter.OutputFormat.PdfFormat)
    try:
        dpi = max(PREVIEW_DPI, min(MAX_DPI, printer.resolution()))
        sheet = None
        for i in range(outcome.pages):
            if cancel is not None and cancel.is_set():
                _stop(printer, outcome, cancel)
                break
            with rendered(pdf[i], dpi) as image:
                if cancel is not None and cancel.is_set():
                    _stop(printer, outcome, cancel)
                    break
                if sheet is None:
                    if not painter.begin(printer):
                        raise GazetteError("无法开始打印：打印机不可用或输出文件无法写入。")
                    sheet = printer.paperRect(QPrinter.Unit.DevicePixel)
                elif not printer.newPage():
                    raise GazetteError(f"打印在第 {i + 1} 页中断：打印机不接受新的一页。")
                draw_in_strips(painter, sheet, image)
            outcome.sent += 1
            report(progress, i + 1, outcome.pages, f"正在发送第 {i + 1}/{outcome.pages} 页")
    finally:
        if painter.isActive():
            painter.end()
        pdf.close()
    if outcome.cancelled and not outcome.withdrawn and outcome.to_file:
        try:                                        # a partial file is no use to anyone
            os.remove(printer.outputFileName())
            outcome.withdrawn = True
        except OSError:
            pass
    return outcome


def _stop(printer: QPrinter, outcome: PrintOutcome, cancel: threading.Event) -> None:
    """取消 between two pages: before the first one a plain cancel (nothing was sent),
    later the print run is aborted where the printer can."""
    if not outcome.sent:
        check_cancel(cancel)
    outcome.cancelled = True
    outcome.withdrawn = printer.abort()


def print_job(printer: QPrinter, build, share: int = 50):
    """A job function (``fn(wctx, progress, cancel)``) that makes the PDF with
    ``build(wctx, progress, cancel) -> bytes`` (its progress in the first ``share`` percent)
    and prints it with :func:`print_pdf`; the job's result is a :class:`PrintOutcome`."""
    def work(wctx, progress, cancel):
        def building(done: int, total: int, stage: str) -> None:
            progress(done * share // total if total else 0, 100, stage)

        def sending(done: int, total: int, stage: str) -> None:
            progress(share + done * (100 - share) // total if total else 100, 100, stage)

        data = build(wctx, building, cancel)
        check_cancel(cancel)
        return print_pdf(printer, data, sending, cancel)

    return work


def is_preview(printer: QPrinter) -> bool:
    """True while a print preview records the pages (its engine draws pictures)."""
    engine = printer.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Picture


def make_preview(parent, data: bytes, title: str = "", images: list[QImage] | None = None,
                 on_print=None) -> QPrintPreviewDialog:
    """A print preview of the PDF ``data``; its 打印 button prints the same pages.
    ``images``: the pages rendered beforehand (in a job) for the preview itself.
    ``on_print(printer)``: the printing itself (a job, see :func:`print_job`) once the user
    chose a printer in the preview; without it the pages are painted here."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    setup_printer(printer, title)
    dlg = QPrintPreviewDialog(printer, parent)
    dlg.printer_ = printer          # the dialog does not own the printer: keep it alive
    dlg.setWindowTitle(f"打印预览 — {title}" if title else "打印预览")
    dlg.resize(900, 760)
    dlg.painted = 0

    def paint(p: QPrinter) -> None:
        if on_print is not None and not is_preview(p):
            on_print(p)                 # printing: in a job, not on the GUI thread
            return
        setup_printer(p, title)
        dlg.painted = paint_pdf(p, data, images)

    dlg.paintRequested.connect(paint)
    return dlg


# -- direct printing (Ctrl+P): what is in front of the user --------------------------------
def model_html(model, title: str) -> str:
    """A table model (the 表格 grid, the 责任分工 list) as an HTML table with its headers."""
    from html import escape

    from PySide6.QtCore import Qt

    cols = model.columnCount()
    head = "".join(f"<th>{escape(str(model.headerData(c, Qt.Orientation.Horizontal) or ''))}"
                   "</th>" for c in range(cols))
    rows = []
    for r in range(model.rowCount()):
        cells = "".join(f"<td>{escape(str(model.index(r, c).data() or ''))}</td>"
                        for c in range(cols))
        rows.append(f"<tr>{cells}</tr>")
    return (f"<h3>{escape(title)}</h3><table border='1' cellspacing='0' cellpadding='3' "
            f"width='100%'><thead><tr>{head}</tr></thead>{''.join(rows)}</table>")


def printable(window):
    """``(title, QTextDocument, selection_only)`` for what is in front in ``window``: the
    table or task list whose panel has the focus, else the reader (its selection, or the
    whole document); None when nothing is open."""
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QApplication

    focus = QApplication.focusWidget()

    def inside(panel) -> bool:
        w = focus
        while w is not None:
            if w is panel:
                return True
            w = w.parentWidget()
        return False

    tables, tasks = window.tables, window.tasks
    if inside(tables) and tables.current_table() is not None:
        title = tables.picker.currentText()
        doc = QTextDocument()
        doc.setHtml(model_html(tables.model, title))
        return title, doc, False
    if inside(tasks) and tasks.model.rowCount():
        title = f"{tasks.unit} 责任分工" if tasks.unit_mode.isChecked() and tasks.unit \
            else "责任分工"
        doc = QTextDocument()
        doc.setHtml(model_html(tasks.model, title))
        return title, doc, False
    reader = window.reader
    if reader.data is None:
        return None
    title = reader.data.doc.title
    if reader.textCursor().hasSelection():
        doc = QTextDocument()
        doc.setDefaultFont(reader.document().defaultFont())
        doc.setHtml(reader.textCursor().selection().toHtml())
        return f"{title}（选中部分）", doc, True
    return title, reader.document(), False


def print_text_document(parent, doc, title: str, printer: QPrinter | None = None,
                        selection: bool = False) -> bool:
    """Print ``doc``: through the (Chinese) print dialog, or straight to ``printer``."""
    from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog

    if printer is None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        dlg = QPrintDialog(printer, parent)
        dlg.setWindowTitle(f"打印 — {title}")
        if selection:
            dlg.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, True)
        if dlg.exec() != QPrintDialog.DialogCode.Accepted:
            return False
    else:
        printer.setDocName(title)
    doc.print_(printer)
    return True
