"""GUI figures: event-loop stall during an import, render and highlight time, start-up time,
the window's first search.

Prints figures only (goals from issue 5: stall < 100 ms, render/highlight < 300 ms, window
shown with a 100-issue library < 1.5 s; issue 12: the first search < 0.5 s after the window
is shown, on the 100-issue library of the search benchmark). Runs offscreen; needs
../shared/corpus.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT.parent / "shared" / "corpus").glob("*.txt"))

STARTUP = """
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from gui.app import make_app, create_window
from pathlib import Path
app, reading = make_app()
win = create_window(Path({folder!r}), Path({folder!r}) / "s.ini", reading)
win.show()
app.processEvents()
t1 = time.perf_counter()
win.check_index()
print(round((t1 - t0) * 1000), flush=True)
win.ctx.jobs.cancel_all(); win.ctx.jobs.wait(); win.ctx.close()
"""


FIRST_SEARCH = """
import json, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer, QEventLoop
from gui.app import make_app, create_window
app, reading = make_app()
win = create_window(Path({folder!r}), Path({folder!r}) / "s.ini", reading)
win.resize(1366, 768)
win.show()
shown = time.perf_counter()
win.check_index()                         # as the application does right after show
panel = win.search
painted = []

class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and panel.model.rowCount() > 0 and not painted:
            painted.append(time.perf_counter())
        return False

watch = Painted()
panel.view.viewport().installEventFilter(watch)
win.focus_search()
panel.query.setText({query!r})            # typed right after the window is shown
panel.run_search()
loop = QEventLoop()
poll = QTimer()
poll.timeout.connect(lambda: painted and loop.quit())
poll.start(1)
QTimer.singleShot(60000, loop.quit)
loop.exec()
out = {{"ms": (painted[0] - shown) * 1000 if painted else None,
        "docs": panel.model.results.total_docs if panel.model.results else 0}}
print(json.dumps(out), flush=True)
win.ctx.jobs.cancel_all(); win.ctx.jobs.wait(); win.ctx.close()
"""
FIRST_QUERIES = ("许昌市", "数字经济 产业")


def first_search(runs: int = 3) -> None:
    """Show the window on the search benchmark's 100-issue library (a copy), type a query at
    once, and time until the first page of results is painted in the search panel."""
    import json
    import shutil

    from tests.bench import corpus_file, searchdata

    corpus = corpus_file("窗口首次检索")
    if corpus is None:
        return
    folder, _meta = searchdata.library(corpus.read_text(encoding="utf-8"), 100)
    tmp = Path(tempfile.mkdtemp(prefix="bench-first-search-"))
    try:
        work = searchdata.working_copy(folder, tmp / "data")
        from core.store import Library

        with Library(work / "library.sqlite") as lib:
            # the citations of a library stored before they existed are read once, by the
            # first window (a job at start); a user's library has them by its second start
            lib.ensure_refs()
        for query in FIRST_QUERIES:
            times, docs = [], 0
            for _ in range(runs):
                out = subprocess.run(
                    [sys.executable, "-c", FIRST_SEARCH.format(root=str(ROOT), folder=str(work),
                                                               query=query)],
                    capture_output=True, text=True, cwd=ROOT,
                    env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
                lines = [x for x in out.stdout.splitlines() if x.startswith("{")]
                if lines:
                    got = json.loads(lines[-1])
                    if got["ms"] is not None:
                        times.append(got["ms"])
                        docs = got["docs"]
            if times:
                print(f"100 期资料库：窗口显示后立即检索“{query}”，到第一页结果画出 "
                      f"{min(times):.0f} ms（{runs} 次中最快；各次 "
                      f"{[round(t) for t in times]}；{docs} 份文件）   目标：< 500 ms")
            else:
                print(f"窗口首次检索“{query}”：未得到结果（{out.stderr.strip()[-300:]}）")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def stall_during_import(make_window, corpus: Path) -> tuple[float, int]:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    win = make_window()
    win.importer.show_summary = lambda text: None
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(tick)
    loop = QEventLoop()
    win.importer.finished.connect(loop.quit)
    timer.start()
    last[0] = clock.nsecsElapsed()
    win.importer.start([corpus])
    loop.exec()
    timer.stop()
    win.ctx.close()
    return max(gaps or [0.0]), len(gaps)


def render_and_highlight(make_window) -> None:
    win = make_window()
    lib = win.ctx.library
    doc = max(lib.documents(), key=lambda d: sum(len(b.text) for b in lib.blocks(d.id)))
    data = win.load_data(doc.id)
    t = time.perf_counter()
    win.reader.show_document(data)
    win.reader.document().size()            # force the layout
    render_ms = (time.perf_counter() - t) * 1000
    text = win.reader.toPlainText()
    term = min(("发展", "工作", "建设", "服务", "推进", "企业", "市", "和", "的", "、"),
               key=lambda w: abs(text.count(w) - 200))
    t = time.perf_counter()
    n = win.reader.set_terms([term])
    win.reader.go_to_hit(n // 2)
    hl_ms = (time.perf_counter() - t) * 1000
    print(f"渲染最大文件（{len(data.blocks)} 段，{len(text)} 字）：{render_ms:.0f} ms")
    print(f"高亮 {n} 处“{term}”并跳到中间一处：{hl_ms:.0f} ms")
    win.ctx.close()


def big_library(folder: Path, corpus: Path, issues: int = 100) -> None:
    from core.importer import import_file
    from core.store import Library
    from tests.fixtures.gazettes import LINCHENG, render

    with Library(folder / "library.sqlite") as lib:
        import_file(lib, corpus)
        for n in range(1, issues):
            year, number = 2000 + n // 12, n % 12 + 1
            p = folder / f"lc-{year}-{number}.txt"
            p.write_text(render(LINCHENG, header=f"临城市人民政府公报（{year} 年第 {number} 期）"),
                         encoding="utf-8")
            import_file(lib, p)


def main(argv: list[str] | None = None) -> int:
    """``--first-search``: only the window's first search."""
    if not CORPUS:
        print("跳过：../shared/corpus 不存在")
        return 0
    if "--first-search" in (sys.argv[1:] if argv is None else argv):
        first_search()
        return 0
    from gui.app import create_window, make_app

    app, reading = make_app()
    tmp = Path(tempfile.mkdtemp(prefix="bench-gui-"))

    def make_window(folder: Path = tmp / "a"):
        folder.mkdir(exist_ok=True)
        win = create_window(folder, folder / "s.ini", reading)
        win.resize(1366, 768)
        win.show()
        app.processEvents()
        return win

    worst, ticks = stall_during_import(make_window, CORPUS[0])
    print(f"导入语料期间事件循环最长停顿：{worst:.1f} ms（计时器触发 {ticks} 次）")
    render_and_highlight(make_window)
    big = tmp / "big"
    big.mkdir()
    t = time.perf_counter()
    big_library(big, CORPUS[0])
    print(f"（准备 100 期资料库用时 {time.perf_counter() - t:.1f} s）")
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", STARTUP.format(root=str(ROOT),
                                                                   folder=str(big))],
                             capture_output=True, text=True, cwd=ROOT,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        lines = [x for x in out.stdout.split() if x.isdigit()]
        if lines:
            runs.append(int(lines[0]))
    if runs:
        print(f"100 期资料库：从启动进程到窗口显示 {min(runs)} ms（3 次中最快；各次 {runs}）")
    first_search()
    return 0


if __name__ == "__main__":
    sys.exit(main())
