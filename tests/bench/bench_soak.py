"""Soak: a working day in one process — open, search, highlight, export, preview — with RSS.

Issue 9: PySide6 6.12.0 corrupted None's reference count and killed the window after about
twenty documents; unit tests did not see it. This loop opens documents in the real window
(offscreen) for hundreds of rounds: each round renders a document, searches the library and
paints the hits, highlights a passage through the window's annotation controller, uses the find
bar, every fifth round runs a search in the search panel and paints its rows (its delegate builds
QTextDocuments), and every tenth round exports an annotated PDF and renders its pages as the print preview
does. It prints the process's RSS every 100 rounds and None's reference count at the end.
Goal: flat memory (no growth beyond a few MB after warm-up) and None's count never falling.

Every 100 rounds it also prints what would tell data from a leak: the Python objects alive
(after a collection) and the types that grew most since the last report, the window's Qt
objects and QTextDocuments, the jobs still alive and the Python wrappers of Qt objects. At
the end it calibrates None's count: PySide 6.11 adds one reference to None for each wrapped
QObject that Qt deletes (``deleteLater``, a parent's deletion) — a replaced document, a
finished job's signals — and takes none back; no memory comes with it, so a count that rises
while the objects stay flat is that, not a leak. ``--trace`` adds tracemalloc's top growing
allocation sites from round 100 to the end (slower).

    python -m tests.bench.bench_soak [--quick] [--trace] [--rounds N]
"""

from __future__ import annotations

import collections
import gc
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


def object_types() -> collections.Counter:
    """Python objects alive (after a full collection), by type."""
    gc.collect()
    return collections.Counter(type(o).__qualname__ for o in gc.get_objects())


def qt_objects(win) -> tuple[int, int]:
    """The window's Qt objects (the style's passing animations left out) and QTextDocuments.
    (Counting wraps them: a wrapper made here for an object Qt deletes later, a closed tab's
    button, stays listed under the window by PySide — a dozen per report, the bench's own.)"""
    from PySide6.QtCore import QAbstractAnimation, QObject
    from PySide6.QtGui import QTextDocument

    objs = win.findChildren(QObject)
    return (sum(not isinstance(o, QAbstractAnimation) for o in objs),
            len(win.findChildren(QTextDocument)))


def none_per_deleted_qobject(n: int = 200) -> float:
    """None's count change per wrapped QObject that Qt deletes (deleteLater with a parent)."""
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    parent = QObject()
    before = sys.getrefcount(None)
    for _ in range(n):
        QObject(parent).deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return (sys.getrefcount(None) - before) / n


def growth(now: collections.Counter, before: collections.Counter, top: int = 6) -> str:
    grown = sorted(((now[k] - before.get(k, 0), k) for k in now), reverse=True)[:top]
    return "，".join(f"{k} {d:+d}" for d, k in grown if d > 0) or "无"


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

    argv = list(argv or [])
    rounds = ROUNDS // 4 if "--quick" in argv else ROUNDS
    if "--rounds" in argv:
        rounds = int(argv[argv.index("--rounds") + 1])
    trace = "--trace" in argv
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

    import shiboken6

    from gui.jobs import Job

    def evidence(r: int) -> str:
        """Objects alive now; the types grown since the last report."""
        types = object_types()
        qt, qdocs = qt_objects(win)
        jobs = types.get(Job.__qualname__, 0)
        grown = growth(types, last_types[0]) if last_types[0] else ""
        last_types[0] = types
        line = (f"    对象 {sum(types.values())}，窗口的 Qt 对象 {qt}（QTextDocument {qdocs}），"
                f"存活任务 {jobs}，Qt 包装对象 {len(shiboken6.getAllValidWrappers())}，"
                f"None {sys.getrefcount(None) - none_before:+d}")
        return line + (f"\n    增长最多的类型：{grown}" if grown else "")

    last_types: list = [None]
    none_before = sys.getrefcount(None)
    started = time.perf_counter()
    curve: list[tuple[int, float]] = [(0, rss_mb())]
    print(f"{len(docs)} 份文件，{rounds} 轮（每轮：打开、检索、高亮、查找；每 5 轮用检索面板；每 10 轮导出 PDF 并渲染预览）")
    print(f"  第 {0:>4} 轮  RSS {curve[0][1]:7.1f} MB")
    print(evidence(0), flush=True)
    first = last = None
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
        if r % 100 == 0 or r == rounds:
            curve.append((r, rss_mb()))
            print(f"  第 {r:>4} 轮  RSS {curve[-1][1]:7.1f} MB", flush=True)
            print(evidence(r), flush=True)
            if first is None:                      # round 100 (or the last, fewer)
                first = (r, last_types[0], qt_objects(win), sys.getrefcount(None))
                if trace and r < rounds:
                    import tracemalloc

                    tracemalloc.start(6)           # tracing makes each round ~10x slower
                    snap = tracemalloc.take_snapshot()
            last = (r, last_types[0], qt_objects(win), sys.getrefcount(None))
    none_after = sys.getrefcount(None)
    warm = next((mb for n, mb in curve if n >= 100), curve[-1][1])
    print(f"用时 {time.perf_counter() - started:.0f} s；预热后（第 100 轮起）RSS 增长 "
          f"{curve[-1][1] - warm:+.1f} MB（目标：持平，仅几 MB）")
    if first and last and last[0] > first[0]:
        span = last[0] - first[0]
        print(f"第 {first[0]}–{last[0]} 轮：对象 {sum(last[1].values()) - sum(first[1].values()):+d}"
              f"（每轮 {(sum(last[1].values()) - sum(first[1].values())) / span:+.2f}），"
              f"窗口的 Qt 对象 {last[2][0] - first[2][0]:+d}，QTextDocument "
              f"{last[2][1] - first[2][1]:+d}，None 每轮 {(last[3] - first[3]) / span:+.1f}；"
              f"增长最多的类型：{growth(last[1], first[1])}")
    if trace and first and first[0] < rounds:
        import tracemalloc

        stats = tracemalloc.take_snapshot().compare_to(snap, "traceback")
        tracemalloc.stop()
        print(f"tracemalloc：增长最多的分配处（第 {first[0]} 轮起）")
        for st in stats[:8]:
            frames = [f for f in st.traceback if "tracemalloc" not in f.filename][-3:]
            where = " ← ".join(f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames))
            print(f"  {st.size_diff / 1024:+8.1f} KB  {st.count_diff:+6d} 块  {where}")
    print(f"None 的引用计数：开始 {none_before}，结束 {none_after}（不得下降）；PySide 每删除一个"
          f"已包装的 QObject 记 {none_per_deleted_qobject():+.2f}（无内存；对象数持平时即此缘故）")
    win.ctx.jobs.cancel_all()
    win.ctx.jobs.wait()
    win.close()
    win.ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
