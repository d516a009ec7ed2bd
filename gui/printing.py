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

Ctrl+P (``gui/direct_print.py``) prints a QTextDocument — the reader's document or selection,
a table, a task list — the same way: a copy made on the GUI thread (:func:`detach_document`)
is laid out for the printer and painted page by page in a job (:func:`text_print_job`,
:func:`print_document`), as QTextDocument.print_ would print it.
"""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass

from PySide6.QtCore import QMarginsF, QRectF, Qt
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


NOTHING_SENT = "已取消打印，没有发送任何页面。"    # 取消 before the first page (the job is cancelled)


@dataclass(slots=True)
class PrintOutcome:
    """What a print job did: ``pages`` to print (of the PDF, or chosen in the print dialog),
    ``sent`` of them painted on the printer; ``cancelled`` midway (after a page or more: before
    the first, the job is cancelled, see :data:`NOTHING_SENT`), then ``withdrawn`` when the
    printer dropped the job (or the partial output file was removed)."""

    pages: int
    sent: int
    cancelled: bool = False
    withdrawn: bool = False
    target: str = ""
    to_file: bool = False
    title: str = ""             # what was printed (the reader's Ctrl+P names it)

    def message(self) -> str:
        where = f"“{self.target}”" if self.target else "打印机"
        if not self.cancelled:
            what = f"已将《{self.title}》发送到" if self.title else "已发送到"
            return f"{what}{where}：共 {self.pages} 页。"
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

    pdf = pdfium.PdfDocument(data)
    outcome = PrintOutcome(pages=len(pdf), sent=0, target=printer_target(printer),
                           to_file=printer.outputFormat() == QPrinter.OutputFormat.PdfFormat)
    dpi = max(PREVIEW_DPI, min(MAX_DPI, printer.resolution()))

    def pages():
        for i in range(outcome.pages):
            with rendered(pdf[i], dpi) as image:        # rendered before the page is begun
                yield lambda painter, image=image: draw_in_strips(
                    painter, printer.paperRect(QPrinter.Unit.DevicePixel), image)

    try:
        _send_pages(printer, outcome, pages(), progress, cancel)
    finally:
        pdf.close()
    return outcome


def _send_pages(printer: QPrinter, outcome: PrintOutcome, pages, progress: Progress | None,
                cancel: threading.Event | None) -> None:
    """Send ``outcome.pages`` pages to ``printer``, one at a time: ``pages`` yields, page by
    page, a function that paints it (``paint(painter)``; made before the page is begun, so
    a 取消 meanwhile sends nothing more). 取消 is honoured between pages (:func:`_stop`);
    progress says 正在发送第 i/n 页; the painter is ended with Python's lock released
    (:func:`end_painter`) and a partial output file of a cancelled print removed. Both
    prints go through here: an exported PDF's pages and the reader's document."""
    painter = QPainter()
    try:
        for i, paint in enumerate(pages):
            if cancel is not None and cancel.is_set():
                _stop(printer, outcome, cancel)
                break
            if not i:
                if not painter.begin(printer):
                    raise GazetteError("无法开始打印：打印机不可用或输出文件无法写入。")
            elif not printer.newPage():
                raise GazetteError(f"打印在第 {i + 1} 页中断：打印机不接受新的一页。")
            paint(painter)
            outcome.sent += 1
            report(progress, i + 1, outcome.pages, f"正在发送第 {i + 1}/{outcome.pages} 页")
    finally:
        if painter.isActive():
            end_painter(painter)
        close = getattr(pages, "close", None)
        if close is not None:
            close()
    _drop_partial_file(printer, outcome)


def _drop_partial_file(printer: QPrinter, outcome: PrintOutcome) -> None:
    """After a cancel midway: a partial output file is no use to anyone."""
    if outcome.cancelled and not outcome.withdrawn and outcome.to_file:
        try:
            os.remove(printer.outputFileName())
            outcome.withdrawn = True
        except OSError:
            pass


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


def ask_printer(parent, title: str, selection: bool = False) -> QPrinter | None:
    """The (Chinese) print dialog for ``title``; the chosen printer, or None when declined.
    ``selection``: the reader has a selection — the dialog offers 选择 (chosen to begin with)
    beside 全部 and pages; the printer's ``printRange()`` says which the user took."""
    from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    if selection:
        printer.setPrintRange(QPrinter.PrintRange.Selection)
    dlg = QPrintDialog(printer, parent)
    dlg.setWindowTitle(f"打印 — {title}")
    if selection:
        dlg.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, True)
    if dlg.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    return printer


# -- a QTextDocument printed off the GUI thread ----------------------------------------------
# Qt: "QTextDocument, QTextCursor, and all related classes are reentrant. Note that a
# QTextDocument instance created in the GUI thread may contain QPixmap image resources. Use
# QTextDocument::clone() to create a copy of the document, and pass the copy to another thread
# for further processing, such as printing." (Thread-Support in Qt Modules). The copy is made
# on the GUI thread and belongs to no thread (moveToThread(None)) until the job's thread pulls
# it: "objects with no thread affinity can be pulled to the current thread".
#
# What QTextDocument.print_ does (the layout for the printer, 2 cm margins, the page number
# at the foot of each page) is done here a step at a time: PySide holds Python's lock through
# every Qt call, so one pageCount() of a long document (its whole layout) held the window's
# thread for as long; a step is a block or QTextDocumentLayout's own lazy step (~2,000
# characters), a page is one draw.

LAYOUT_SHARE = 40       # of a print's progress: the layout, then the pages sent


def detach_document(doc):
    """On the GUI thread: a copy of ``doc`` for a print job (:func:`text_print_job`), with
    no thread affinity, so that the job's thread can take it over.

    Copied as ``QTextDocument.clone()`` copies (the text as one fragment, the root frame's
    format, the default font, text option, indent and style sheet), but into a document
    made here: PySide ties what ``clone()`` returns to the original's Python object, and
    deletes it with the original — a selection's temporary document, or the reader's when
    another document is opened — under the job that prints it."""
    from PySide6.QtGui import QTextCursor, QTextDocument, QTextDocumentFragment

    copy = QTextDocument()
    copy.setUndoRedoEnabled(False)
    copy.setDefaultFont(doc.defaultFont())
    copy.setDefaultTextOption(doc.defaultTextOption())
    copy.setIndentWidth(doc.indentWidth())
    copy.setDefaultStyleSheet(doc.defaultStyleSheet())
    title = QTextDocument.MetaInformation.DocumentTitle
    copy.setMetaInformation(title, doc.metaInformation(title))
    if not doc.isEmpty():
        QTextCursor(copy).insertFragment(QTextDocumentFragment(doc))
    copy.rootFrame().setFrameFormat(doc.rootFrame().frameFormat())
    copy.moveToThread(None)
    return copy


def screen_dpi() -> float:
    """The logical dpi of the primary screen (Qt's ``qt_defaultDpi``): the unit of a
    document's margins before they are scaled to the printer. GUI thread."""
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen()
    return float(round(screen.logicalDotsPerInchY())) if screen is not None else 96.0


def _pages_wanted(printer: QPrinter, count: int) -> list[int]:
    """The page numbers (1-based) to print: the print dialog's range, else all."""
    ranges = printer.pageRanges()
    first, last = ranges.firstPage(), ranges.lastPage()
    if first == 0 and last == 0:
        first, last = 1, count
    first, last = max(1, first), min(count, last)
    return [p for p in range(first, last + 1) if ranges.isEmpty() or ranges.contains(p)]


def print_document(printer: QPrinter, doc, progress: Progress | None = None,
                   cancel: threading.Event | None = None, *, source_dpi: float = 96.0,
                   title: str = "") -> PrintOutcome:
    """Lay ``doc`` out for ``printer`` and paint it page by page, as QTextDocument.print_
    does (2 cm margins, the page number at the foot), in the calling thread, which must own
    ``doc`` (a copy: its page size and paint device are changed). Progress: 正在排版 over the
    first :data:`LAYOUT_SHARE` percent, then 正在发送第 i/n 页. ``cancel`` before the first
    page is painted raises :class:`Cancelled` (nothing sent, no file written); later the print
    stops between pages, as :func:`print_pdf` does (see :class:`PrintOutcome`)."""
    from PySide6.QtCore import QPointF, QSizeF
    from PySide6.QtGui import QAbstractTextDocumentLayout, QFont, QFontMetricsF

    def sending(done: int, total: int, stage: str) -> None:     # _send_pages reports it
        if progress is not None:
            progress(LAYOUT_SHARE + done * (100 - LAYOUT_SHARE) // max(1, total), 100, stage)

    outcome = PrintOutcome(pages=0, sent=0, target=printer_target(printer), title=title,
                           to_file=printer.outputFormat() == QPrinter.OutputFormat.PdfFormat)
    margins = printer.pageLayout().margins(QPageLayout.Unit.Millimeter)
    if not (margins.left() or margins.right() or margins.top() or margins.bottom()):
        printer.setPageMargins(QMarginsF(2, 2, 2, 2), QPageLayout.Unit.Millimeter)
    layout = doc.documentLayout()
    layout.setPaintDevice(printer)
    margin = int(2 / 2.54 * source_dpi)         # 2 cm, scaled to the printer by the layout
    fmt = doc.rootFrame().frameFormat()
    fmt.setMargin(margin)
    doc.rootFrame().setFrameFormat(fmt)
    width, height = printer.width(), printer.height()
    scale_x = printer.logicalDpiX() / source_dpi
    scale_y = printer.logicalDpiY() / source_dpi
    number_at = QPointF(width - margin * scale_x,
                        height - margin * scale_y
                        + QFontMetricsF(doc.defaultFont(), printer).ascent()
                        + 5 * printer.logicalDpiY() / 72.0)
    doc.setPageSize(QSizeF(width, height))
    _lay_out(doc, layout, progress, cancel)
    pages = _pages_wanted(printer, doc.pageCount())
    if not pages:
        raise GazetteError(f"所选页码范围内没有可打印的页面（共 {doc.pageCount()} 页）。")
    outcome.pages = len(pages)
    context = QAbstractTextDocumentLayout.PaintContext()
    palette = context.palette
    palette.setColor(palette.ColorRole.Text, Qt.GlobalColor.black)   # never the theme's
    context.palette = palette

    def paint(painter: QPainter, page: int) -> None:
        top = (page - 1) * height
        view = QRectF(0, top, width, height)
        painter.save()
        painter.translate(0, -top)
        painter.setClipRect(view)
        context.clip = view
        layout.draw(painter, context)
        painter.setClipping(False)
        painter.setFont(QFont(doc.defaultFont()))
        number = str(page)
        painter.drawText(QPointF(round(number_at.x()
                                       - painter.fontMetrics().horizontalAdvance(number)),
                                 round(number_at.y() + top)), number)
        painter.restore()

    _send_pages(printer, outcome, (lambda p, page=page: paint(p, page) for page in pages),
                sending, cancel)
    return outcome


def _lay_out(doc, layout, progress: Progress | None, cancel: threading.Event | None) -> None:
    """Lay the whole document out a block at a time (each call lays out at most up to that
    block, in QTextDocumentLayout's lazy steps), checking ``cancel`` between steps."""
    total = max(1, doc.characterCount())
    block, reported = doc.begin(), -1
    while block.isValid():
        check_cancel(cancel)
        layout.blockBoundingRect(block)
        share = block.position() * LAYOUT_SHARE // total
        if share != reported:
            report(progress, share, 100, "正在排版")
            reported = share
        block = block.next()
    check_cancel(cancel)


_END = "unset"           # QPainter::end() through ctypes, or None where it is not found


def _released_end():
    """``QPainter::end()`` of the Qt library PySide loaded, as a ctypes function (ctypes
    releases Python's lock around the call), or None (not Linux, symbol not found)."""
    global _END
    if _END == "unset":
        _END = None
        try:
            import ctypes
            from pathlib import Path

            import PySide6

            bundled = Path(PySide6.__file__).parent / "Qt" / "lib" / "libQt6Gui.so.6"
            lib = ctypes.CDLL(str(bundled) if bundled.is_file() else "libQt6Gui.so.6")
            end = lib._ZN8QPainter3endEv                # bool QPainter::end() (Itanium ABI)
            end.restype, end.argtypes = ctypes.c_bool, [ctypes.c_void_p]
            _END = end
        except (OSError, AttributeError, ImportError):
            pass
    return _END


def end_painter(painter: QPainter) -> bool:
    """``painter.end()`` with Python's lock released where possible. Ending a print writes
    the output (a PDF engine — QPrinter's on Linux, also for a printer — embeds the subset of
    the font: ~70 ms for a 38-page document, ~0.25 s for 3,000 distinct characters), and
    PySide holds Python's lock through the call, so the window's thread, which needs it for
    every event, stood still that long; called through ctypes the lock is free meanwhile."""
    import shiboken6

    end = _released_end()
    if end is None or not painter.isActive():
        return painter.end()
    return bool(end(shiboken6.getCppPointer(painter)[0]))


def text_print_job(printer: QPrinter, copy, title: str = "", source_dpi: float = 96.0):
    """A job function (``fn(wctx, progress, cancel)``) printing ``copy`` (from
    :func:`detach_document`) with :func:`print_document`; the job's result is a
    :class:`PrintOutcome`. The job's thread takes the copy over and deletes it at the end."""
    holder = [copy]

    def work(wctx, progress, cancel):
        import shiboken6
        from PySide6.QtCore import QThread

        doc = holder.pop()
        try:
            doc.moveToThread(QThread.currentThread())
            check_cancel(cancel)
            return print_document(printer, doc, progress, cancel, source_dpi=source_dpi,
                                  title=title)
        finally:
            if shiboken6.isValid(doc):
                shiboken6.delete(doc)       # here: its layout's timers live in this thread

    return work
