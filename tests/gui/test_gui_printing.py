"""打印 off the GUI thread: the export dialog's 打印… (and the preview's 打印 button) build the
PDF and paint it page by page on the printer in a job, with progress and 取消; the window's
event loop runs all along. Printed to a QPrinter in PDF output mode (offscreen)."""

from __future__ import annotations

import shutil
import subprocess
import threading

import pypdfium2 as pdfium
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrinter
from test_gui_annotations import open_plan
from test_gui_export import annotate, dense, pdf_text

import gui.printing as printing


def pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printing.setup_printer(printer, "测试")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


class Lockstep:
    """``rendered`` (a page rasterised) made to wait, at every page, for a tick of a timer of the GUI thread:
    the job gets through its pages only if the window's event loop runs meanwhile (printing
    on the GUI thread would wait for itself and fail). ``on_page(n)`` runs in the worker
    after the tick of page ``n`` (1-based)."""

    def __init__(self, monkeypatch, on_page=None):
        self.gate = threading.Event()
        self.ticks = 0
        self.pages = 0
        self.on_gui_thread = []
        self.on_page = on_page
        self.real = printing.rendered
        self.timer = QTimer()
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        monkeypatch.setattr(printing, "rendered", self.render)

    def tick(self) -> None:
        self.ticks += 1
        self.gate.set()

    def render(self, page, dpi):
        self.on_gui_thread.append(threading.current_thread() is threading.main_thread())
        self.gate.clear()
        if not self.gate.wait(60):
            raise RuntimeError("窗口的事件循环在打印时没有运行")
        self.pages += 1
        if self.on_page is not None:
            self.on_page(self.pages)
        return self.real(page, dpi)


def start_print(win, qtbot, tmp_path):
    annotate(win, qtbot)
    dlg = win.export_pdf()
    texts = []
    shown = dlg._progress                 # connected by the job's start: record what it shows

    def progress(done, total, stage):
        shown(done, total, stage)
        texts.append(dlg.status.text())

    dlg._progress = progress
    target = tmp_path / "printed.pdf"
    return dlg, texts, target


def test_print_runs_in_a_job_page_by_page(make_window, qtbot, lincheng_files, tmp_path,
                                          monkeypatch):
    win = open_plan(make_window, qtbot, lincheng_files)
    dlg, texts, target = start_print(win, qtbot, tmp_path)
    lock = Lockstep(monkeypatch)
    values = []
    dlg.progress.valueChanged.connect(values.append)
    job = dlg.print_(pdf_printer(target))
    assert job is not None and not dlg.print_btn.isEnabled()
    assert dlg.close_btn.text() == "取消"
    qtbot.waitUntil(lambda: dlg.job is None, timeout=120000)
    lock.timer.stop()
    outcome = dlg.printed_outcome
    assert outcome is not None and not outcome.cancelled
    pages, text = pdf_text(target)
    assert outcome.pages == outcome.sent == pages == lock.pages
    assert pages >= 2                                       # a multi-page excerpt
    assert lock.on_gui_thread == [False] * pages            # rasterised in the worker
    assert lock.ticks >= pages                              # the event loop ran meanwhile
    sending = [t for t in texts if t.startswith("正在发送")]
    assert sending == [f"正在发送第 {i}/{pages} 页……" for i in range(1, pages + 1)]
    assert values == sorted(values) and values[-1] == 100
    assert dlg.status.text() == outcome.message() and f"共 {pages} 页" in outcome.message()
    assert str(target) in outcome.message()
    assert dlg.print_btn.isEnabled() and dlg.close_btn.text() == "关闭"
    printed = pdfium.PdfDocument(str(target))
    w, h = printed[0].get_size()
    printed.close()
    assert abs(w - 595.3) < 2 and abs(h - 841.9) < 2                  # A4
    assert text.strip() == ""             # the printed pages are pictures of the export's
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(target),
                        str(tmp_path / "page")], check=True)
        png = tmp_path / "page-1.png"
        assert png.is_file() and png.stat().st_size > 5000          # not a blank page


def test_cancel_before_the_first_page_sends_nothing(make_window, qtbot, lincheng_files,
                                                    tmp_path, monkeypatch):
    win = open_plan(make_window, qtbot, lincheng_files)
    dlg, texts, target = start_print(win, qtbot, tmp_path)
    lock = Lockstep(monkeypatch, on_page=lambda n: dlg.job.cancel())
    cancelled = []
    dlg.print_(pdf_printer(target)).signals.cancelled.connect(lambda: cancelled.append(1))
    qtbot.waitUntil(lambda: dlg.job is None, timeout=120000)
    lock.timer.stop()
    assert dlg.status.text() == "已取消打印，没有发送任何页面。"
    assert dlg.printed_outcome is None and lock.pages == 1
    assert not target.exists()                               # the printer never started
    assert not any(t.startswith("正在发送") for t in texts)


def test_cancel_while_sending_leaves_no_half_file(make_window, qtbot, lincheng_files,
                                                  tmp_path, monkeypatch):
    win = open_plan(make_window, qtbot, lincheng_files)
    dlg, texts, target = start_print(win, qtbot, tmp_path)
    lock = Lockstep(monkeypatch, on_page=lambda n: n == 2 and dlg.job.cancel())
    dlg.print_(pdf_printer(target))
    qtbot.waitUntil(lambda: dlg.job is None, timeout=120000)
    lock.timer.stop()
    outcome = dlg.printed_outcome
    assert outcome.cancelled and outcome.sent == 1 and outcome.pages >= 2
    assert outcome.withdrawn and not target.exists()         # the partial file is gone
    assert dlg.status.text() == outcome.message()
    assert "未写完的输出文件已删除" in outcome.message()
    assert [t for t in texts if t.startswith("正在发送")] == \
        [f"正在发送第 1/{outcome.pages} 页……"]


def test_outcome_messages_say_what_the_printer_has():
    done = printing.PrintOutcome(pages=5, sent=5, target="办公室打印机")
    assert done.message() == "已发送到“办公室打印机”：共 5 页。"
    half = printing.PrintOutcome(pages=5, sent=2, cancelled=True, target="办公室打印机")
    assert "已收到前 2 页（共 5 页）" in half.message() and "打印队列" in half.message()
    withdrawn = printing.PrintOutcome(pages=5, sent=2, cancelled=True, withdrawn=True)
    assert "已撤销" in withdrawn.message()


def test_preview_print_button_prints_in_a_job(make_window, qtbot, lincheng_files, tmp_path,
                                              monkeypatch):
    """The preview's 打印 hands the chosen printer to a job: the preview's paint handler
    returns at once (no page rasterised on the GUI thread)."""
    win = open_plan(make_window, qtbot, lincheng_files)
    dlg, _texts, target = start_print(win, qtbot, tmp_path)
    got = []
    dlg.open_preview = got.append
    with qtbot.waitSignal(dlg.previewReady, timeout=60000):
        dlg.preview_btn.click()
    data = got[0]
    qtbot.waitUntil(lambda: dlg.job is None, timeout=30000)
    preview = printing.make_preview(dlg, data, "测试", dlg.preview_images,
                                    on_print=lambda p: dlg.print_data(p, data))
    preview.show()
    pages = len(dlg.preview_images)
    qtbot.waitUntil(lambda: preview.painted == pages, timeout=30000)   # the preview: here
    lock = Lockstep(monkeypatch)
    printer = preview.printer_
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    preview.paintRequested.emit(printer)          # what its 打印 button does after the dialog
    assert dlg.job is not None and lock.pages == 0       # handed over, nothing painted yet
    preview.close()
    qtbot.waitUntil(lambda: dlg.job is None, timeout=120000)
    lock.timer.stop()
    assert dlg.printed_outcome.sent == pages == pdf_text(target)[0]
    assert lock.on_gui_thread == [False] * pages


def test_print_dialog_declined_starts_nothing(make_window, qtbot, lincheng_files):
    """打印… opens the (Chinese) print dialog; declined, no job starts."""
    from PySide6.QtWidgets import QApplication

    win = open_plan(make_window, qtbot, lincheng_files)
    dlg = win.export_pdf()
    seen = []

    def decline() -> None:
        modal = QApplication.activeModalWidget()
        seen.append(modal.windowTitle() if modal is not None else None)
        if modal is not None:
            modal.reject()

    QTimer.singleShot(0, decline)
    dlg.print_btn.click()
    assert seen and seen[0] is not None and seen[0].startswith("打印 — ")
    assert dlg.job is None and dlg.print_btn.isEnabled()


def test_printed_text_matches_export(make_window, qtbot, lincheng_files, tmp_path):
    """What the job prints is the export's PDF: same pages, and the export holds the note."""
    win = open_plan(make_window, qtbot, lincheng_files)
    dlg, _texts, target = start_print(win, qtbot, tmp_path)
    dlg.print_(pdf_printer(target))
    qtbot.waitUntil(lambda: dlg.job is None, timeout=120000)
    from core.export.pdf import build_pdf

    built = build_pdf(win.ctx.library, dlg.scopes(), **dlg.options())
    assert pdf_text(target)[0] == built.pages
    assert "新建5G基站2000个" in dense(pdf_text(built.data)[1])


def test_strips_leave_no_seam(qapp, tmp_path):
    """A page is painted in strips (each holds Python's lock for a fraction of the page):
    a black area across every strip boundary prints without a lighter line."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.rect(100, 100, 300, 640, fill=1)          # black, over most of the page's height
    c.showPage()
    c.save()
    target = tmp_path / "strips.pdf"
    printer = pdf_printer(target)
    printer.setResolution(300)
    outcome = printing.print_pdf(printer, buf.getvalue())
    assert outcome.sent == outcome.pages == 1
    pdf = pdfium.PdfDocument(str(target))
    try:
        image = pdf[0].render(scale=300 / 72, grayscale=True).to_pil()
    finally:
        pdf.close()
    w, h = image.size
    x = int(w * 250 / 595)                      # a column through the middle of the area
    top, bottom = int(h * (842 - 735) / 842), int(h * (842 - 105) / 842)
    column = [image.getpixel((x, y)) for y in range(top, bottom)]
    assert len(column) > 2000 and max(column) < 40, max(column)
