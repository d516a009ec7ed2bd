"""打印 (Ctrl+P) of the reader's document off the GUI thread: a copy of the QTextDocument is
laid out and painted page by page in a job (``gui/direct_print.py``, ``printing.print_document``)
with progress and 取消 in the status bar, and prints what Qt's own QTextDocument.print_ prints.
Printed to a QPrinter in PDF output mode (offscreen); the text checked with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading

import pypdfium2 as pdfium
import pytest
from conftest_gui import import_and_wait
from PySide6.QtCore import QTimer
from PySide6.QtGui import QPageRanges
from PySide6.QtPrintSupport import QPrinter
from test_gui_annotations import open_plan, plan_doc

import gui.printing as printing
from core.textutil import short_title


def pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def pages_of(path) -> int:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def pdftotext(path, first: int | None = None, last: int | None = None) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    args = ["pdftotext", "-enc", "UTF-8"]
    if first is not None:
        args += ["-f", str(first), "-l", str(last)]
    out = subprocess.run(args + [str(path), "-"], check=True, capture_output=True)
    return out.stdout.decode("utf-8")


def dense(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


def qt_printed(win, path):
    """The reference: Qt's own QTextDocument.print_ of the reader's document."""
    win.reader.document().print_(pdf_printer(path))
    return path


class Gate:
    """``printing.report`` (the job's progress) made to wait, at every page sent, for a tick
    of a timer of the GUI thread: the job gets through its pages only if the window's event
    loop runs meanwhile (a print on the GUI thread would wait for itself and fail).
    ``on_report(stage)`` runs in the worker at each report, before the wait."""

    def __init__(self, monkeypatch, on_report=None):
        self.tick_seen = threading.Event()
        self.ticks = 0
        self.sent = 0
        self.threads: list[bool] = []          # True: reported on the GUI (main) thread
        self.on_report = on_report
        self.real = printing.report
        self.timer = QTimer()
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        monkeypatch.setattr(printing, "report", self.report)

    def tick(self) -> None:
        self.ticks += 1
        self.tick_seen.set()

    def report(self, progress, done, total, stage) -> None:
        self.threads.append(threading.current_thread() is threading.main_thread())
        if self.on_report is not None:
            self.on_report(stage)
        if stage.startswith("正在发送"):
            self.tick_seen.clear()
            if not self.tick_seen.wait(60):
                raise RuntimeError("窗口的事件循环在打印时没有运行")
            self.sent += 1
        self.real(progress, done, total, stage)


def wait_printed(qtbot, win) -> None:
    qtbot.waitUntil(lambda: not win.printing.busy(), timeout=120000)


def test_ctrl_p_prints_the_document_in_a_job_as_qt_prints_it(make_window, qtbot,
                                                             lincheng_files, tmp_path,
                                                             monkeypatch):
    win = open_plan(make_window, qtbot, lincheng_files)
    win.reader.set_font_size(28)                 # a few pages from the fixture's plan
    reference = qt_printed(win, tmp_path / "qt.pdf")
    expected_pages = pages_of(reference)
    assert expected_pages >= 3
    shown = []
    progress = win.printing._progress            # connected when the job starts

    def record(done, total, stage):
        progress(done, total, stage)
        shown.append((win.printing.label.text(), win.printing.bar.value()))

    monkeypatch.setattr(win.printing, "_progress", record)
    gate = Gate(monkeypatch)
    target = tmp_path / "printed.pdf"
    job = win.print_current(pdf_printer(target))
    assert job is not None and win.printing.busy()
    assert win.printing.box.isVisible() and win.printing.cancel_btn.isEnabled()
    wait_printed(qtbot, win)
    gate.timer.stop()
    outcome = win.printing.outcome
    assert outcome is not None and not outcome.cancelled
    assert outcome.pages == outcome.sent == gate.sent == expected_pages == pages_of(target)
    assert gate.threads and not any(gate.threads)           # laid out and painted in the job
    assert gate.ticks >= expected_pages                     # the event loop ran meanwhile
    # the same pages, the same text as Qt's own print of the document (page numbers too)
    text = pdftotext(target)
    assert text == pdftotext(reference)
    assert text.count("\f") == expected_pages
    pages = [page.rstrip().rsplit("\n", 1) for page in text.split("\f")[:-1]]
    assert [int(number) for _body, number in pages] == list(range(1, expected_pages + 1))
    body = dense("".join(b for b, _number in pages))       # the pages without their numbers
    for block in win.reader.data.blocks:
        if block.kind != "table_row":
            assert dense(block.text) in body
    sending = [label for label, _v in shown if "正在发送" in label]
    title = plan_doc(win).title
    assert sending == [f"打印“{short_title(title, 24)}”：正在发送第 {i}/{expected_pages} 页……"
                       for i in range(1, expected_pages + 1)]
    assert any("正在排版" in label for label, _v in shown)
    values = [v for _label, v in shown]
    assert values == sorted(values) and values[-1] == 100
    message = win.statusBar().currentMessage()
    assert message == outcome.message() == (
        f"已将《{title}》发送到“{target}”：共 {expected_pages} 页。")
    assert not win.printing.box.isVisible()
    if shutil.which("pdftoppm"):                            # a real page, not a blank one
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(target),
                        str(tmp_path / "page")], check=True)
        from PIL import Image

        image = Image.open(tmp_path / "page-1.png").convert("L")
        dark = sum(image.histogram()[:128])
        assert dark > 500


def test_page_range_chosen_in_the_dialog(make_window, qtbot, lincheng_files, tmp_path):
    win = open_plan(make_window, qtbot, lincheng_files)
    win.reader.set_font_size(28)
    reference = qt_printed(win, tmp_path / "qt.pdf")
    assert pages_of(reference) >= 3
    printer = pdf_printer(tmp_path / "two.pdf")
    ranges = QPageRanges()
    ranges.addRange(2, 3)
    printer.setPageRanges(ranges)
    win.print_current(printer)
    wait_printed(qtbot, win)
    assert pages_of(tmp_path / "two.pdf") == 2 == win.printing.outcome.pages
    assert pdftotext(tmp_path / "two.pdf") == pdftotext(reference, 2, 3)


def test_cancel_while_laying_out_sends_nothing(make_window, qtbot, lincheng_files, tmp_path,
                                               monkeypatch):
    win = open_plan(make_window, qtbot, lincheng_files)
    cancelled = []

    def cancel_at_layout(stage):
        if stage == "正在排版" and not cancelled:
            cancelled.append(stage)
            win.printing.job.cancel()           # as the 取消 button does (thread-safe event)

    gate = Gate(monkeypatch, on_report=cancel_at_layout)
    target = tmp_path / "none.pdf"
    win.print_current(pdf_printer(target))
    wait_printed(qtbot, win)
    gate.timer.stop()
    assert cancelled and gate.sent == 0
    assert not target.exists()                              # the printer never started
    assert win.printing.outcome is None
    assert win.statusBar().currentMessage() == "已取消打印，没有发送任何页面。"
    assert not win.printing.box.isVisible()


def test_cancel_button_midway_leaves_no_half_file(make_window, qtbot, lincheng_files,
                                                  tmp_path, monkeypatch):
    win = open_plan(make_window, qtbot, lincheng_files)
    win.reader.set_font_size(28)
    clicked = threading.Event()

    def click_cancel() -> None:
        win.printing.cancel_btn.click()
        clicked.set()

    def after_first_page(stage):
        if stage.startswith("正在发送第 1/"):
            QTimer.singleShot(0, win.printing, click_cancel)   # the GUI thread clicks 取消
            clicked.wait(60)

    gate = Gate(monkeypatch, on_report=after_first_page)
    target = tmp_path / "half.pdf"
    win.print_current(pdf_printer(target))
    wait_printed(qtbot, win)
    gate.timer.stop()
    outcome = win.printing.outcome
    assert outcome is not None and outcome.cancelled and outcome.sent == 1
    assert outcome.pages >= 3 and outcome.withdrawn
    assert not target.exists()                              # no half-written file
    assert win.statusBar().currentMessage() == (
        f"已取消打印：未写完的输出文件已删除（共 {outcome.pages} 页）。")


def test_reading_goes_on_while_printing(make_window, qtbot, lincheng_files, tmp_path,
                                        monkeypatch):
    """Another document opened (the reader's QTextDocument replaced and deleted) and a second
    Ctrl+P while the job runs: the job prints the copy it was given, the second Ctrl+P is
    refused with a message."""
    win = open_plan(make_window, qtbot, lincheng_files)
    reference = qt_printed(win, tmp_path / "qt.pdf")
    first_doc = win.reader.document()
    go_on = threading.Event()

    def hold(stage):
        if stage == "正在排版":
            go_on.wait(60)

    gate = Gate(monkeypatch, on_report=hold)
    target = tmp_path / "printed.pdf"
    assert win.print_current(pdf_printer(target)) is not None
    assert win.print_current(pdf_printer(tmp_path / "second.pdf")) is None
    assert win.statusBar().currentMessage().startswith("正在打印“")
    other = next(d for d in win.ctx.library.documents() if d.id != plan_doc(win).id)
    win.open_document(other.id)
    qtbot.waitUntil(lambda: win.reader.document() is not first_doc)
    qtbot.wait(50)                                          # the old document's deleteLater
    go_on.set()
    wait_printed(qtbot, win)
    gate.timer.stop()
    assert win.printing.outcome is not None and not win.printing.outcome.cancelled
    assert pdftotext(target) == pdftotext(reference)
    assert not (tmp_path / "second.pdf").exists()


def test_printer_that_cannot_start_is_told(make_window, qtbot, lincheng_files, tmp_path):
    win = open_plan(make_window, qtbot, lincheng_files)
    win.print_current(pdf_printer(tmp_path / "missing-folder" / "x.pdf"))
    wait_printed(qtbot, win)
    assert win.printing.outcome is None
    assert win.statusBar().currentMessage() == (
        "打印失败：无法开始打印：打印机不可用或输出文件无法写入。")


def test_table_of_the_issue_prints_from_a_temporary_document(make_window, qtbot, tmp_path,
                                                             lincheng_files):
    """What the 表格/责任分工 panels and a selection print is a document made for the print
    (freed once Ctrl+P returns): the job's copy does not go with it."""
    import gc

    from test_gui_annotations import select

    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    win.open_document(plan_doc(win).id)
    win.reader.setFocus()
    select(win, "市财政局")
    target = tmp_path / "sel.pdf"
    win.print_current(pdf_printer(target))
    gc.collect()
    wait_printed(qtbot, win)
    assert dense(pdftotext(target)).rstrip("0123456789") == "市财政局"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the ctypes call is Linux's")
def test_ending_a_print_releases_pythons_lock(qapp, tmp_path):
    """On Linux, QPainter::end() (the PDF written, fonts embedded) is called through ctypes,
    which releases Python's lock: the symbol must be found in the Qt PySide loaded, and the
    file it writes is a whole PDF."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPainter

    assert printing._released_end() is not None
    target = tmp_path / "end.pdf"
    printer = pdf_printer(target)
    painter = QPainter()
    assert painter.begin(printer)
    painter.drawText(QPointF(100, 100), "许昌市人民政府公报")
    assert printing.end_painter(painter) is True
    assert not painter.isActive()
    assert printing.end_painter(painter) is False           # ended already: Qt's own answer
    assert dense(pdftotext(target)) == "许昌市人民政府公报"


def test_printer_without_margins_gets_qts_2_mm(qapp, tmp_path):
    """A printer set to no margins (the whole sheet) gets the 2 mm QTextDocument.print_ gives
    it, and the pages match Qt's print of the same document, page numbers included."""
    from PySide6.QtCore import QMarginsF, QThread
    from PySide6.QtGui import QPageLayout, QTextDocument

    doc = QTextDocument()
    doc.setPlainText("\n".join(f"第{i}条 许昌市人民政府关于印发有关文件的通知，请认真贯彻执行。"
                               for i in range(1, 121)))

    def bare(path) -> QPrinter:
        printer = pdf_printer(path)
        printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
        return printer

    doc.print_(bare(tmp_path / "qt.pdf"))
    printer = bare(tmp_path / "ours.pdf")
    copy = printing.detach_document(doc)
    copy.moveToThread(QThread.currentThread())          # as the job's thread takes it over
    outcome = printing.print_document(printer, copy, source_dpi=printing.screen_dpi())
    margins = printer.pageLayout().margins(QPageLayout.Unit.Millimeter)
    assert round(margins.left(), 3) == round(margins.top(), 3) == 2
    assert outcome.pages == outcome.sent == pages_of(tmp_path / "qt.pdf") >= 2
    assert pdftotext(tmp_path / "ours.pdf") == pdftotext(tmp_path / "qt.pdf")


def test_print_dialog_offers_the_selection_first(make_window, qtbot, lincheng_files):
    """With text selected, the print dialog opens with 选择 chosen (declined: no job)."""
    from PySide6.QtPrintSupport import QAbstractPrintDialog
    from PySide6.QtWidgets import QApplication
    from test_gui_annotations import select

    win = open_plan(make_window, qtbot, lincheng_files)
    select(win, "市财政局")
    seen = []

    def look() -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            seen.append((modal.windowTitle(), modal.printRange(), modal.testOption(
                QAbstractPrintDialog.PrintDialogOption.PrintSelection)))
            modal.reject()

    QTimer.singleShot(0, look)
    assert win.print_current() is None
    title = plan_doc(win).title
    assert seen == [(f"打印 — {title}（选中部分）", QAbstractPrintDialog.PrintRange.Selection,
                     True)]
    assert not win.printing.busy()


def test_all_chosen_in_the_dialog_prints_the_whole_document(make_window, qtbot, lincheng_files,
                                                           tmp_path, monkeypatch):
    """The dialog's choice decides: 选择 prints the selection, 全部 the whole document."""
    from test_gui_annotations import select

    win = open_plan(make_window, qtbot, lincheng_files)
    reference = qt_printed(win, tmp_path / "qt.pdf")
    select(win, "市财政局")
    for name, choice in (("sel.pdf", QPrinter.PrintRange.Selection),
                         ("all.pdf", QPrinter.PrintRange.AllPages)):
        def chosen(_parent, _title, selection, name=name, choice=choice):
            assert selection
            printer = pdf_printer(tmp_path / name)
            printer.setPrintRange(choice)
            return printer

        monkeypatch.setattr(printing, "ask_printer", chosen)
        assert win.print_current() is not None
        wait_printed(qtbot, win)
    assert dense(pdftotext(tmp_path / "sel.pdf")).rstrip("0123456789") == "市财政局"
    assert pdftotext(tmp_path / "all.pdf") == pdftotext(reference)
    assert win.statusBar().currentMessage().startswith(f"已将《{plan_doc(win).title}》发送到")


def test_closing_the_window_cancels_the_print(make_window, qtbot, lincheng_files, tmp_path,
                                              monkeypatch):
    """The window closed while pages are being sent: the job stops at the next page and the
    half-written file is removed."""
    win = open_plan(make_window, qtbot, lincheng_files)
    win.reader.set_font_size(28)
    closed = threading.Event()

    def close_after_first_page(stage):
        if stage.startswith("正在发送第 1/"):
            QTimer.singleShot(0, win.printing, lambda: (win.close(), closed.set()))
            closed.wait(60)

    gate = Gate(monkeypatch, on_report=close_after_first_page)
    target = tmp_path / "closed.pdf"
    job = win.print_current(pdf_printer(target))
    outcome = []
    job.signals.finished.connect(outcome.append)
    qtbot.waitUntil(lambda: bool(outcome), timeout=120000)
    gate.timer.stop()
    assert closed.is_set() and gate.sent == 1
    assert outcome[0].cancelled and outcome[0].sent == 1 and outcome[0].withdrawn
    assert not target.exists()


def test_the_menu_action_and_ctrl_p_open_the_print_dialog(make_window, qtbot, lincheng_files,
                                                          tmp_path, monkeypatch):
    """文件 → 打印… and Ctrl+P go through the QAction, whose ``triggered`` hands its slot
    ``checked`` (False): that was taken for the printer, and printing from the window raised
    AttributeError ('bool' object has no attribute 'setDocName') and printed nothing."""
    from PySide6.QtCore import Qt

    win = open_plan(make_window, qtbot, lincheng_files)
    asked = []

    def chosen(parent, title, selection=False):
        asked.append(title)
        return pdf_printer(tmp_path / f"printed-{len(asked)}.pdf")

    monkeypatch.setattr(printing, "ask_printer", chosen)
    win.print_action.trigger()                      # the menu
    assert asked == [plan_doc(win).title] and win.printing.busy()
    wait_printed(qtbot, win)
    assert pages_of(tmp_path / "printed-1.pdf") >= 1
    qtbot.keyClick(win.reader, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)   # the key
    assert len(asked) == 2
    wait_printed(qtbot, win)
    assert pages_of(tmp_path / "printed-2.pdf") >= 1
