"""Printing an exported PDF: pages rendered with pypdfium2 and painted on a QPrinter.

The print preview shows exactly the PDF the export writes (``core.export.pdf.build_pdf``):
each page is rasterised (``render_page``) at the printer's resolution (capped at 300 dpi;
120 dpi in the preview, which keeps every page in memory) and drawn
over the whole A4 sheet, since the PDF carries its own margins.
"""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

from core.errors import GazetteError

PREVIEW_DPI = 120        # for screen-resolution (preview) printers: memory stays reasonable
MAX_DPI = 300


def render_page(page, dpi: float) -> QImage:
    """One pypdfium2 page as an RGB QImage at ``dpi`` (a copy: the bitmap may go)."""
    bitmap = page.render(scale=dpi / 72, rev_byteorder=True, prefer_bgrx=True)
    try:
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                       QImage.Format.Format_RGBX8888).copy()
    finally:
        bitmap.close()
    return image


def setup_printer(printer: QPrinter, title: str = "") -> None:
    """A4 portrait, the whole sheet (the PDF has its own margins)."""
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                      QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)
    if title:
        printer.setDocName(title)


def paint_pdf(printer: QPrinter, data: bytes) -> int:
    """Paint every page of the PDF ``data`` on ``printer``; returns the number of pages."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise GazetteError("无法开始打印：打印机不可用或输出文件无法写入。")
        # a preview records pictures of every page: screen resolution is plenty there
        preview = painter.paintEngine().type() == QPaintEngine.Type.Picture
        dpi = PREVIEW_DPI if preview else max(PREVIEW_DPI, min(MAX_DPI, printer.resolution()))
        sheet = printer.paperRect(QPrinter.Unit.DevicePixel)
        count = len(pdf)
        for i in range(count):
            if i:
                printer.newPage()
            image = render_page(pdf[i], dpi)
            scale = min(sheet.width() / image.width(), sheet.height() / image.height())
            w, h = image.width() * scale, image.height() * scale
            painter.drawImage(QRectF(0, 0, w, h), image)
        return count
    finally:
        if painter.isActive():
            painter.end()
        pdf.close()


def make_preview(parent, data: bytes, title: str = "") -> QPrintPreviewDialog:
    """A print preview of the PDF ``data``; its 打印 button prints the same pages."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    setup_printer(printer, title)
    dlg = QPrintPreviewDialog(printer, parent)
    dlg.printer_ = printer          # the dialog does not own the printer: keep it alive
    dlg.setWindowTitle(f"打印预览 — {title}" if title else "打印预览")
    dlg.resize(900, 760)
    dlg.painted = 0

    def paint(p: QPrinter) -> None:
        setup_printer(p, title)
        dlg.painted = paint_pdf(p, data)

    dlg.paintRequested.connect(paint)
    return dlg
