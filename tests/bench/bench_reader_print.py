"""打印 (Ctrl+P) of the document open in the reader: how long the window's GUI thread is
blocked while the longest document of the shared sample issue is printed.

The issue is imported once; the window (1366×768, offscreen unless a display is set) opens
the document with the most text and prints it with ``MainWindow.print_current`` to a QPrinter
in PDF output mode (high resolution, as a real printer is asked), started from a timer inside
a running event loop with a 5 ms heartbeat, until the print has finished. Printed:

- the pages printed and the wall time from Ctrl+P to the end of the print,
- ``GUI 线程``: CPU time of the GUI thread in the call itself and until the print finished,
- ``最长停顿``: the heartbeat's largest lateness (wall time: what a user feels as a freeze;
  longer on a loaded machine), ``最长一片``: the most GUI-thread CPU between two heartbeats
  (the longest freeze on a quiet machine).

``--runs N`` prints N times (the figures of each run, then the worst); ``--gui-thread``
prints as the window did before printing became a job (``QTextDocument.print_`` on the GUI
thread), to compare. No figure is asserted.

    QT_QPA_PLATFORM=offscreen python -m tests.bench.bench_reader_print [--runs 3] [--gui-thread]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path


def _print_on_gui_thread(win, printer):
    """What Ctrl+P did before: the document printed by Qt in the GUI thread."""
    from gui.printing import printable

    title, doc, _selection = printable(win)
    printer.setDocName(title)
    doc.print_(printer)
    return None


def _print_once(app, win, target: Path, gui_thread: bool = False) -> dict:
    from PySide6.QtCore import QTimer
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    state = {"last": time.perf_counter(), "cpu": time.thread_time(), "stall": 0.0,
             "slice": 0.0, "call_cpu": 0.0, "call_wall": 0.0, "done": None, "t0": None}

    def beat() -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        state["stall"] = max(state["stall"], (now - state["last"]) * 1000 - 5)
        state["slice"] = max(state["slice"], (cpu - state["cpu"]) * 1000)
        state["last"], state["cpu"] = now, cpu

    def finished(*_a) -> None:
        state["done"] = time.perf_counter()

    def run() -> None:
        c0 = time.thread_time()
        state["t0"] = w0 = time.perf_counter()
        result = (_print_on_gui_thread(win, printer) if gui_thread
                  else win.print_current(printer))
        state["call_cpu"] = (time.thread_time() - c0) * 1000
        state["call_wall"] = (time.perf_counter() - w0) * 1000
        signals = getattr(result, "signals", None)     # a job: wait for its end
        if signals is None:
            finished()
        else:
            signals.done.connect(finished)

    hb = QTimer()
    hb.setInterval(5)
    hb.timeout.connect(beat)
    cpu0 = time.thread_time()
    hb.start()
    state["last"], state["cpu"] = time.perf_counter(), time.thread_time()
    QTimer.singleShot(0, run)
    while state["done"] is None:
        app.processEvents()
        time.sleep(0.001)
    for _ in range(20):                    # the outcome's own slot runs after ``done``
        app.processEvents()
        time.sleep(0.002)
    hb.stop()
    state["gui_cpu"] = (time.thread_time() - cpu0) * 1000
    state["wall"] = (state["done"] - state["t0"]) * 1000
    return state


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--gui-thread", action="store_true",
                    help="print with QTextDocument.print_ on the GUI thread (as before)")
    args, _ = ap.parse_known_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")
    from tests.bench import corpus_file

    src = corpus_file("阅读器打印基准")
    if src is None:
        return 0
    import pypdfium2 as pdfium

    from core.importer import import_file
    from core.store import Library
    from gui.app import create_window, make_app

    app, reading = make_app()
    tmp = Path(tempfile.mkdtemp(prefix="bench-rprint-"))
    try:
        with Library(tmp / "library.sqlite") as lib:
            import_file(lib, src)
            size = {d.id: sum(len(b.text) for b in lib.blocks(d.id)) for d in lib.documents()}
        win = create_window(tmp, tmp / "s.ini", reading)
        win.resize(1366, 768)
        win.show()
        app.processEvents()
        doc_id = max(size, key=size.get)
        win.open_document(doc_id)
        settled = time.perf_counter() + 0.5  # let the window settle: later slices, and its
        while win.ctx.jobs.busy() or time.perf_counter() < settled:   # jobs (index, jieba)
            app.processEvents()
            time.sleep(0.005)
        win.reader.setFocus()
        how = "GUI 线程中 QTextDocument.print_（原做法）" if args.gui_thread else "后台任务"
        print(f"阅读器打印（Ctrl+P，{how}）：{win.reader.data.doc.title[:30]}，"
              f"{size[doc_id]:,} 字；"
              "PDF 输出、高分辨率；停顿 = 事件循环最长停顿 ms（墙钟），"
              "一片 = 两次心跳间 GUI 线程 CPU 最多 ms", flush=True)
        worst = {"stall": 0.0, "slice": 0.0}
        for run in range(args.runs):
            target = tmp / f"printed-{run}.pdf"
            s = _print_once(app, win, target, args.gui_thread)
            pdf = pdfium.PdfDocument(str(target))
            pages = len(pdf)
            pdf.close()
            worst["stall"] = max(worst["stall"], s["stall"])
            worst["slice"] = max(worst["slice"], s["slice"])
            print(f"第 {run + 1} 次：{pages} 页，打印共 {s['wall']:.0f} ms；GUI 线程 CPU："
                  f"调用本身 {s['call_cpu']:.0f} ms（墙钟 {s['call_wall']:.0f} ms），至打印完 "
                  f"{s['gui_cpu']:.0f} ms；最长停顿 {s['stall']:.0f} ms，最长一片 "
                  f"{s['slice']:.0f} ms；状态栏：{win.statusBar().currentMessage()}",
                  flush=True)
        if args.runs > 1:
            print(f"最差：最长停顿 {worst['stall']:.0f} ms，最长一片 {worst['slice']:.0f} ms")
        win.ctx.jobs.cancel_all()
        win.ctx.jobs.wait()
        win.close()
        win.ctx.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
