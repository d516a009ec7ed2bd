"""Opening a document in the window: the GUI thread's CPU time and the event loop's longest
stall, per document.

The shared sample issue is imported once; the window (1366×768, offscreen unless a display is
set) opens every document of at least ``--min-blocks`` blocks in turn, each started from a
timer inside a running event loop with a 5 ms heartbeat. Printed per document:

- ``open``: GUI-thread CPU (``time.thread_time``) of the call that opens it, and of the events
  until the window has settled (the later slices: table row heights, citation links, …),
- ``片``: the most GUI-thread CPU between two heartbeats (the longest freeze on a quiet
  machine), ``停顿``: the heartbeat's largest lateness in wall time (what a user feels as a
  freeze, longer on a loaded machine),
- ``at``: the same for opening it again at its last block (far down: the view must be there).

CPU time, not wall time, because the machine is shared; stalls are wall time and so grow on
a loaded machine. ``--busy`` keeps another Python thread busy all along, as a job does (the
GUI thread then waits for the GIL after its Qt calls: see ``gui.app.SWITCH_INTERVAL``;
``--switch 0.005`` measures Python's default). No figure is asserted.
``python -m tests.bench.bench_open [--all] [--busy] [--switch S]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

SETTLE_MS = 600           # quiet time after an open in which later slices must run
WALL: list[float] = []    # wall ms of each open call measured


def _measure(app, action) -> tuple[float, float, float, float]:
    """(CPU ms of ``action`` itself, CPU ms until settled, longest stall ms (wall), the most
    CPU ms spent between two heartbeats (the longest stall on a quiet machine))."""
    from PySide6.QtCore import QTimer

    state = {"last": time.perf_counter(), "cpu": time.thread_time(), "stall": 0.0,
             "slice": 0.0, "sync": 0.0, "done": None}

    def beat() -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        state["stall"] = max(state["stall"], (now - state["last"]) * 1000 - 5)
        state["slice"] = max(state["slice"], (cpu - state["cpu"]) * 1000)
        state["last"], state["cpu"] = now, cpu

    def run() -> None:
        c0, w0 = time.thread_time(), time.perf_counter()
        action()
        state["sync"] = (time.thread_time() - c0) * 1000
        state["done"] = time.perf_counter()
        WALL.append((state["done"] - w0) * 1000)

    hb = QTimer()
    hb.setInterval(5)
    hb.timeout.connect(beat)
    hb.start()
    cpu0 = time.thread_time()
    state["last"], state["cpu"] = time.perf_counter(), time.thread_time()
    QTimer.singleShot(0, run)
    while state["done"] is None or time.perf_counter() - state["done"] < SETTLE_MS / 1000:
        app.processEvents()
        time.sleep(0.001)
    hb.stop()
    total = (time.thread_time() - cpu0) * 1000
    return state["sync"], total, max(0.0, state["stall"]), state["slice"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--min-blocks", type=int, default=150)
    ap.add_argument("--all", action="store_true", help="every document, however short")
    ap.add_argument("--profile", action="store_true", help="cProfile of the opens (stderr)")
    ap.add_argument("--busy", action="store_true",
                    help="a Python thread busy all along, as a job (search count, import) is")
    ap.add_argument("--switch", type=float, default=None,
                    help="sys.setswitchinterval after the window's own (seconds)")
    args, _ = ap.parse_known_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")
    from tests.bench import corpus_file

    src = corpus_file("打开文件基准")
    if src is None:
        return 0
    from core.importer import import_file
    from core.store import Library
    from gui.app import create_window, make_app

    app, reading = make_app()
    tmp = Path(tempfile.mkdtemp(prefix="bench-open-"))
    with Library(tmp / "library.sqlite") as lib:
        import_file(lib, src)
    win = create_window(tmp, tmp / "s.ini", reading)
    win.resize(1366, 768)
    win.show()
    app.processEvents()
    win.check_index()
    if args.switch is not None:
        sys.setswitchinterval(args.switch)
    stop = []
    if args.busy:
        import threading

        def spin() -> None:
            x = 0
            while not stop:
                for i in range(1000):
                    x += i

        threading.Thread(target=spin, daemon=True).start()
    lib = win.ctx.library
    docs = []
    for d in lib.documents():
        n = len(lib.blocks(d.id))
        if args.all or n >= args.min_blocks:
            docs.append((d, n))
    # warm up: jieba, fonts, the first document's one-off costs
    if docs:
        win.open_document(docs[0][0].id)
        for _ in range(200):
            app.processEvents()
            time.sleep(0.005)
    idle = _measure(app, lambda: None)[1]
    print(f"打开文件（{len(docs)} 份 ≥ {args.min_blocks} 段；"
          f"{'另一 Python 线程一直忙；' if args.busy else ''}"
          f"切换间隔 {sys.getswitchinterval() * 1000:g} ms；GUI 线程 CPU ms，"
          f"停顿 = 事件循环最长停顿 ms；空转 {idle:.0f} ms 已扣除）", flush=True)
    print(f"{'段':>5} {'表':>3}  {'打开 CPU':>8} {'至稳定':>6} {'片':>4} {'停顿':>5}   "
          f"{'末段 CPU':>8} {'片':>4} {'停顿':>5}  文件")
    worst_cpu = worst_stall = worst_piece = 0.0
    WALL.clear()
    sync_cpu = 0.0
    total_cpu = 0.0
    other = next((d.id for d, _ in reversed(docs)), None)
    prof = None
    if args.profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    for doc, n in docs:
        if win.doc_id == doc.id and other and other != doc.id:
            win.open_document(other)
            _measure(app, lambda: None)
        sync, total, stall, piece = _measure(app, lambda d=doc: win.open_document(d.id))
        data = win.reader.data
        last = data.blocks[-1].id if data is not None and data.blocks else None
        away = next((d.id for d, _ in docs if d.id != doc.id), None)
        s2 = st2 = p2 = 0.0
        if last and away:
            win.open_document(away)
            _measure(app, lambda: None)
            s2, _t2, st2, p2 = _measure(app, lambda d=doc, b=last: win.open_document(d.id, block_id=b))
        total = max(0.0, total - idle)
        sync_cpu += sync + s2
        worst_cpu, worst_stall = max(worst_cpu, total), max(worst_stall, stall, st2)
        worst_piece = max(worst_piece, piece, p2)
        total_cpu += total
        tables = len(data.tables) if data is not None else 0
        print(f"{n:>5} {tables:>3}  {sync:>8.0f} {total:>6.0f} {piece:>4.0f} {stall:>5.0f}   "
              f"{s2:>8.0f} {p2:>4.0f} {st2:>5.0f}  {doc.title[:34]}", flush=True)
    if prof is not None:
        import pstats

        prof.disable()
        pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(45)
    if docs:
        print(f"最大：至稳定 CPU {worst_cpu:.0f} ms，一片 CPU {worst_piece:.0f} ms，"
              f"停顿 {worst_stall:.0f} ms；"
              f"打开调用合计 CPU {sync_cpu:.0f} ms、墙钟 {sum(WALL):.0f} ms；"
              f"平均至稳定 CPU {total_cpu / len(docs):.0f} ms", flush=True)
    stop.append(True)
    win.ctx.jobs.cancel_all()
    win.ctx.jobs.wait()
    win.close()
    win.ctx.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
