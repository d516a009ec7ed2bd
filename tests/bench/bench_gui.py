"""GUI figures: event-loop stall during an import, render and highlight time, start-up time.

Prints figures only (goals from issue 5: stall < 100 ms, render/highlight < 300 ms, window
shown with a 100-issue library < 1.5 s). Runs offscreen; needs ../shared/corpus.
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
    if not CORPUS:
        print("跳过：../shared/corpus 不存在")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
