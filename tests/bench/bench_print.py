"""Printing off the GUI thread: a ~30-page document of the corpus built as PDF and printed
(PDF output mode, 300 dpi) by the job the export dialog starts (``gui.printing.print_job``),
while a 0 ms timer of the GUI thread counts its turns. Prints the job's time, its time per
page, and the longest the event loop waited between two turns (the window's longest stall).
Skips without the corpus.

    QT_QPA_PLATFORM=offscreen python -m tests.bench.bench_print
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from tests.bench import corpus_file


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="bench_print")
    ap.add_argument("--chars", type=int, default=30_000, help="size of the document printed")
    ap.add_argument("--strips", type=int, default=0,
                    help="strips a page is painted in (default: gui.printing.STRIPS; 1 = the "
                         "whole page in one call, to compare)")
    args, _ = ap.parse_known_args(argv)
    corpus = corpus_file(" 打印基准")
    if corpus is None:
        return
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    import gui.printing
    from core.export.pdf import ExportScope, build_pdf
    from core.importer import import_file
    from core.paths import db_path, index_path
    from core.store import Library
    from gui.jobs import JobRunner
    from gui.ops import run_op
    from gui.printing import print_job, setup_printer

    if args.strips:
        gui.printing.STRIPS = args.strips

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with Library(db_path(folder)) as lib:
            import_file(lib, corpus)
            docs = lib.documents()
            size = {d.id: sum(len(b.text) for b in lib.blocks(d.id)) for d in docs}
            doc = min(docs, key=lambda d: abs(size[d.id] - args.chars))
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        setup_printer(printer, "基准")
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(folder / "printed.pdf"))
        runner = JobRunner(db_path(folder), index_path(folder))
        loop = QEventLoop()
        clock, gaps, last = QElapsedTimer(), [], [0]
        timer = QTimer()
        timer.setInterval(0)

        def tick() -> None:
            now = clock.elapsed()
            gaps.append(now - last[0])
            last[0] = now

        timer.timeout.connect(tick)
        outcome = []

        def build(wctx, progress, cancel):
            return build_pdf(wctx.library, [ExportScope(doc.id)], progress=progress,
                             cancel=cancel).data

        t0 = time.perf_counter()
        clock.start()
        timer.start()
        run_op(runner, print_job(printer, build), "打印", on_success=outcome.append,
               on_failure=lambda m: outcome.append(m), on_done=lambda _j: loop.quit())
        loop.exec()
        seconds = time.perf_counter() - t0
        timer.stop()
        runner.wait()
        result = outcome[0]
        if isinstance(result, str):
            print(f"打印失败：{result}")
            return
        print(f"document: {size[doc.id]:,} characters, {result.pages} pages printed at "
              f"{max(120, min(300, printer.resolution()))} dpi, {gui.printing.STRIPS} strips "
              "a page")
        print(f"print job (build + rasterise + paint): {seconds:.2f} s, "
              f"{seconds / max(1, result.pages):.2f} s a page")
        print(f"event loop turns during the job: {len(gaps)}, longest wait between two: "
              f"{max(gaps) if gaps else 0} ms")
    del app


if __name__ == "__main__":
    main()
