"""Soak: a working day in one process — open, search, highlight, export, preview — with RSS.

Issue 9: PySide6 6.12.0 corrupted None's reference count and killed the window after about
twenty documents; unit tests did not see it. This loop opens documents in the real window
(offscreen) for hundreds of rounds: each round renders a document, searches the library and
paints the hits, highlights a passage through the window's annotation controller, uses the find
bar, every fifth round runs a search in the search panel and paints its rows (its delegate builds
QTextDocuments), and every tenth round exports an annotated PDF and renders its pages as the print preview
does. It prints the process's RSS every 100 rounds and None's reference count at the end.
Goal: flat memory (no growth beyond a few MB after warm-up) and None's count never falling.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROUNDS = 400


def rss_mb() -> float:
    """Current resident set size of this process (Linux /proc; else peak from resource)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _select(reader, block_id: str, start: int, end: int) -> bool:
    """Select characters ``start:end`` of a block in the reader, as a mouse would."""
    from PySide6.QtGui import QTextCursor

    a, b = reader.position_of(block_id, start), reader.position_of(block_id, end)
    if a is None or b is None:
        return False
    cur = reader.textCursor()
    cur.setPosition(a)
    cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cur)
    return True


def _fill(folder: Path) -> None:
    from core.importer import import_file
    from core.store import Library
    from tests.bench import CORPUS_DIR
    from tests.fixtures.gazettes import GUOWUYUAN, LINCHENG, render

    files = sorted(CORPUS_DIR.glob("*.txt"))
    for name, items, header in (("lc.txt", LINCHENG, "临城市人民政府公报（2024 年第 4 期）"),
                                ("gwy.txt", GUOWUYUAN, None)):
        p = folder / name
        p.write_text(render(items, header=header) if header else render(items), encoding="utf-8")
        files.append(p)
    with Library(folder / "library.sqlite") as lib:
        for f in files:
            try:
                import_file(lib, f)
            except Exception as e:  # noqa: BLE001 - a fixture the parser refuses: say so
                print(f"  （{f.name} 未导入：{e}）")


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtCore import QCoreApplication, QEvent

    from core.export.pdf import ExportScope, export_pdf
    from gui.app import create_window, make_app
    from gui.printing import render_page

    def page_images(data: bytes, dpi: float) -> list:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        try:
            return [render_page(pdf[i], dpi) for i in range(len(pdf))]
        finally:
            pdf.close()

    rounds = ROUNDS // 4 if argv and "--quick" in argv else ROUNDS
    app, reading = make_app()
    tmp = Path(tempfile.mkdtemp(prefix="bench-soak-"))
    _fill(tmp)
    win = create_window(tmp, tmp / "s.ini", reading)
    win.resize(1366, 768)
    win.show()
    app.processEvents()
    lib = win.ctx.library
    docs = [d.id for d in lib.documents()]
    if not docs:
        print("没有可打开的文件：跳过。")
        return 0
    from index import open_index

    idx = open_index(win.ctx.index_dir)
    idx.open_or_rebuild(lib)
    terms = ("发展", "工作", "单位", "建设", "服务")

    def drain() -> None:          # let the serial pool store the highlight, then deliver
        while win.annotator.pending:
            win.ctx.jobs.serial.waitForDone(30000)
            app.processEvents()

    none_before = sys.getrefcount(None)
    started = time.perf_counter()
    curve: list[tuple[int, float]] = [(0, rss_mb())]
    print(f"{len(docs)} 份文件，{rounds} 轮（每轮：打开、检索、高亮、查找；每 5 轮用检索面板；每 10 轮导出 PDF 并渲染预览）")
    print(f"  第 {0:>4} 轮  RSS {curve[0][1]:7.1f} MB")
    for r in range(1, rounds + 1):
        doc_id = docs[r % len(docs)]
        term = terms[r % len(terms)]
        win.doc_id = None
        win.open_document(doc_id)
        results = idx.search(lib, term, limit=5)
        hit_doc = next((g for g in results.groups if g.hits), None)
        if hit_doc:
            h = hit_doc.hits[0]
            win.open_hit(hit_doc.doc_id, h.block_id, h.spans[0][0] if h.spans else 0, term)
        body = [i for i, b in enumerate(win.reader.data.blocks) if b.kind == "paragraph"
                and len(b.text) > 12]
        if body and _select(win.reader, win.reader.data.blocks[body[r % len(body)]].id, 2, 10):
            win.annotator.highlight(("yellow", "green", "red", "blue")[r % 4])
            drain()
        if r % 5 == 0:            # the search panel: a job on the reader pool, rows painted
            win.search.run_search(term)
            win.ctx.jobs.reader.waitForDone(30000)
            app.processEvents()           # delivers the results to the panel
            win.search.view.expandAll()
            win.search.view.viewport().repaint()
        win.find_bar.open_bar(terms[(r + 1) % len(terms)])
        win.reader.next_hit()
        win.find_bar.close_bar()
        win.reader.viewport().repaint()
        if r % 10 == 0:
            out = tmp / "soak.pdf"
            export_pdf(lib, [ExportScope(doc_id=win.doc_id)], out)
            page_images(out.read_bytes()[:], dpi=60)
        app.processEvents()
        # as the event loop does between user actions: objects given to deleteLater() go
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if r % 100 == 0:
            curve.append((r, rss_mb()))
            print(f"  第 {r:>4} 轮  RSS {curve[-1][1]:7.1f} MB", flush=True)
    none_after = sys.getrefcount(None)
    warm = next((mb for n, mb in curve if n >= 100), curve[-1][1])
    print(f"用时 {time.perf_counter() - started:.0f} s；预热后（第 100 轮起）RSS 增长 "
          f"{curve[-1][1] - warm:+.1f} MB（目标：持平，仅几 MB）")
    print(f"None 的引用计数：开始 {none_before}，结束 {none_after}（不得下降）")
    win.ctx.jobs.cancel_all()
    win.ctx.jobs.wait()
    win.close()
    win.ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
