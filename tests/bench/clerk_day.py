"""A clerk's working session in a real window, paced like a person, for as long as asked.

Unlike :mod:`tests.bench.bench_soak` (hundreds of rounds as fast as the process can go,
offscreen), this drives the window through its event loop with real key and mouse events
(``QTest``: shortcuts, typing Chinese into the search box, Enter, arrows, F3, Ctrl+F, zoom,
tab switching, back and forward, highlighting a selected passage), one action every
``--pace`` seconds, for ``--minutes``. Run it under Xvfb to use the real X11 platform
plugin, at the window size and scaling a clerk has::

    xvfb-run -a -s "-screen 0 1280x720x24" python -m tests.bench.clerk_day --minutes 60
    xvfb-run -a -s "-screen 0 1920x1080x24" python -m tests.bench.clerk_day --minutes 60 \\
        --scale 1.5 --size 1280x720

It builds a library of a year's gazette (the shared sample issue as 24 issues, plus the
fixtures' gazettes) in a temporary folder, then prints every ``--report`` minutes the
actions done, RSS, and the event loop's longest stall (a 50 ms heartbeat timer's largest
lateness: what a clerk would feel as the window freezing), and saves a screenshot of the
window into ``tests/output/clerk-day/``, with what tells data from a leak (as
:mod:`tests.bench.bench_soak` prints it): the Python objects alive and the types that grew
most since the last report, the window's Qt objects, the jobs alive. At the end: None's
reference count (issue 9: it must never fall; it rises by one for each wrapped Qt object Qt
deletes, see bench_soak) and every exception the actions raised (none expected).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "output" / "clerk-day"
TERMS = ("发展", "责任单位", "数字经济 产业", "\"公共服务\"", "化发展", "专精特新", "工作",
         "安全生产", "养老服务", "营商环境")


def _fill(folder: Path, issues: int) -> int:
    """A year's gazette: the shared sample as ``issues`` issues, and the fixtures'."""
    from core.importer import import_file
    from core.store import Library
    from tests.bench import CORPUS_DIR
    from tests.bench.searchdata import variant
    from tests.fixtures.gazettes import GUOWUYUAN, LINCHENG, render

    files = []
    sample = sorted(CORPUS_DIR.glob("*.txt"))
    if sample:
        text = sample[0].read_text(encoding="utf-8")
        for k in range(issues):
            p = folder / f"sample-{k + 1:02d}.txt"
            p.write_text(variant(text, k), encoding="utf-8")
            files.append(p)
    for name, items, header in (("lc.txt", LINCHENG, "临城市人民政府公报（2024 年第 4 期）"),
                                ("gwy.txt", GUOWUYUAN, None)):
        p = folder / name
        p.write_text(render(items, header=header) if header else render(items), encoding="utf-8")
        files.append(p)
    done = 0
    with Library(folder / "library.sqlite") as lib:
        for f in files:
            try:
                import_file(lib, f)
                done += 1
            except Exception as e:  # noqa: BLE001 - a file the parser refuses: say so
                print(f"  （{f.name} 未导入：{e}）")
    return done


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=60.0)
    ap.add_argument("--pace", type=float, default=0.6, help="seconds between actions")
    ap.add_argument("--size", default="1280x720", help="window size in logical pixels")
    ap.add_argument("--scale", type=float, default=1.0, help="QT_SCALE_FACTOR (1.5 = 150 %%)")
    ap.add_argument("--report", type=float, default=5.0, help="minutes between reports")
    ap.add_argument("--issues", type=int, default=24)
    args = ap.parse_args(argv)
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")

    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, Qt, QTimer
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest

    from gui.app import create_window, make_app

    app, reading = make_app()
    tmp = Path(tempfile.mkdtemp(prefix="clerk-day-"))
    t0 = time.perf_counter()
    n = _fill(tmp, args.issues)
    print(f"资料库：{n} 期（{time.perf_counter() - t0:.0f} s 导入）；平台 "
          f"{app.platformName()}，缩放 {args.scale:g}，窗口 {args.size}，每 {args.pace:g} s 一个动作，"
          f"{args.minutes:g} 分钟", flush=True)
    win = create_window(tmp, tmp / "s.ini", reading)
    w, h = (int(x) for x in args.size.split("x"))
    win.resize(w, h)
    win.show()
    app.processEvents()
    win.check_index()
    lib = win.ctx.library
    docs = [d.id for d in lib.documents()]
    OUT.mkdir(parents=True, exist_ok=True)
    tag = f"{args.size}-{int(args.scale * 100)}pct"

    state = {"n": 0, "actions": {}, "errors": [], "stall": 0.0, "stalls": 0,
             "worst": ("", 0.0), "last": "", "wait": None, "by_action": {}}
    beat = QElapsedTimer()
    beat.start()
    t_start = time.perf_counter()

    def heartbeat() -> None:
        late = beat.restart() - 50
        if late > state["stall"]:
            state["stall"] = late
        worst = state["by_action"]
        if late > worst.get(state["last"], 0):
            worst[state["last"]] = late
        if late > 250:
            state["stalls"] += 1
            state.setdefault("when", []).append(
                (round((time.perf_counter() - t_start) / 60, 2), state["last"], round(late)))
            if late > state["worst"][1]:
                state["worst"] = (state["last"], late)

    hb = QTimer()
    hb.setInterval(50)
    hb.timeout.connect(heartbeat)
    hb.start()

    def key(seq, target=None) -> None:
        target = target or app.focusWidget() or win
        if isinstance(seq, str):
            from PySide6.QtGui import QKeySequence

            ks = QKeySequence(seq)[0]
            QTest.keyClick(target, ks.key(), ks.keyboardModifiers())
        else:
            QTest.keyClick(target, seq)

    def type_text(widget, text: str) -> None:
        """Typing as a clerk does: Latin keys one by one, Chinese committed by the input
        method (a ``QInputMethodEvent``, as fcitx or ibus deliver it)."""
        from PySide6.QtGui import QInputMethodEvent

        for part in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
            if part.isascii():
                QTest.keyClicks(widget, part)
            else:
                ev = QInputMethodEvent()
                ev.setCommitString(part)
                QCoreApplication.sendEvent(widget, ev)

    # -- the clerk's actions ----------------------------------------------------------------
    def search() -> None:
        term = TERMS[state["n"] % len(TERMS)]
        key("Ctrl+Shift+F", win)
        box = win.search.query
        box.selectAll()
        type_text(box, term)
        QTest.keyClick(box, Qt.Key.Key_Return)
        state["wait"] = lambda: win.search.summary.text() != "正在检索……"

    def open_result() -> None:
        view = win.search.view
        if view.model().rowCount() == 0:
            return
        view.setFocus()
        view.setCurrentIndex(view.model().index(0, 0))
        for _ in range(state["n"] % 4):
            QTest.keyClick(view, Qt.Key.Key_Down)
        QTest.keyClick(view, Qt.Key.Key_Return)

    def next_hits() -> None:
        for _ in range(1 + state["n"] % 3):
            key("F3", win)

    def highlight() -> None:
        reader = win.reader
        data = getattr(reader, "data", None)
        if data is None or win.ctx.library.read_only:
            return
        body = [b for b in data.blocks if b.kind == "paragraph" and len(b.text) > 12]
        if not body:
            return
        b = body[state["n"] % len(body)]
        a, z = reader.position_of(b.id, 2), reader.position_of(b.id, 10)
        if a is None or z is None:
            return
        cur = reader.textCursor()
        cur.setPosition(a)
        cur.setPosition(z, QTextCursor.MoveMode.KeepAnchor)
        reader.setTextCursor(cur)
        win.annotator.highlight(("yellow", "green", "red", "blue")[state["n"] % 4])

    def browse_tree() -> None:
        tree = win.tree
        model = tree.model()
        if model.rowCount() == 0:
            return
        tree.setFocus()
        year = model.index(0, 0)
        tree.expand(year)
        issue = model.index(state["n"] % max(1, model.rowCount(year)), 0, year)
        tree.expand(issue)
        if model.canFetchMore(issue):
            model.fetchMore(issue)
        rows = model.rowCount(issue)
        if rows:
            doc = model.index(state["n"] % rows, 0, issue)
            tree.setCurrentIndex(doc)
            QTest.keyClick(tree, Qt.Key.Key_Return)

    def find_in_document() -> None:
        key("Ctrl+F", win)
        bar = win.find_bar
        edit = app.focusWidget()
        if edit is not None and bar.isAncestorOf(edit):
            type_text(edit, TERMS[(state["n"] + 3) % len(TERMS)].strip('"').split()[0])
            QTest.keyClick(edit, Qt.Key.Key_Return)
            QTest.keyClick(edit, Qt.Key.Key_Escape)

    def scroll() -> None:
        win.reader.setFocus()
        for _ in range(3):
            QTest.keyClick(win.reader, Qt.Key.Key_PageDown)

    def zoom() -> None:
        key("Ctrl+=" if state["n"] % 2 else "Ctrl+-", win)

    def tabs() -> None:
        key("Ctrl+Tab", win)
        if win.tabs.count() > 6:
            key("Ctrl+W", win)

    def history() -> None:
        key("Alt+Left", win)
        key("Alt+Right", win)

    def open_any() -> None:
        if docs:
            win.open_document(docs[(state["n"] * 7) % len(docs)])

    plan = [search, open_result, next_hits, highlight, scroll, browse_tree, find_in_document,
            next_hits, tabs, search, open_result, highlight, zoom, history, open_any, scroll]

    started = time.perf_counter()
    end = started + args.minutes * 60
    next_report = [started + args.report * 60]
    none_before = sys.getrefcount(None)
    curve = [(0.0, rss_mb())]
    print(f"  {0:>5.1f} 分钟  RSS {curve[0][1]:7.1f} MB", flush=True)

    from gui.jobs import Job
    from tests.bench.bench_soak import growth, object_types, qt_objects

    last_types = [object_types()]

    def report() -> None:
        minutes = (time.perf_counter() - started) / 60
        curve.append((minutes, rss_mb()))
        shot = OUT / f"{tag}-{int(minutes):03d}min.png"
        win.grab().save(str(shot))
        print(f"  {minutes:>5.1f} 分钟  RSS {curve[-1][1]:7.1f} MB  动作 {state['n']}  "
              f"事件循环最长停顿 {state['stall']:.0f} ms（>250 ms：{state['stalls']} 次）  "
              f"截图 {shot.relative_to(ROOT)}", flush=True)
        types = object_types()
        qt, qdocs = qt_objects(win)
        print(f"          对象 {sum(types.values())}（{sum(types.values()) - sum(last_types[0].values()):+d}），"
              f"窗口的 Qt 对象 {qt}（QTextDocument {qdocs}），存活任务 {types.get(Job.__qualname__, 0)}，"
              f"撤销步骤 {win.annotator.stack.count()}；增长最多的类型：{growth(types, last_types[0])}",
              flush=True)
        last_types[0] = types

    def tick() -> None:
        now = time.perf_counter()
        if state["wait"] is not None and not state["wait"]() and now < end:
            QTimer.singleShot(50, tick)          # a search is still running: wait for it
            return
        state["wait"] = None
        if now >= next_report[0]:
            report()
            next_report[0] += args.report * 60
        if now >= end:
            app.quit()
            return
        action = plan[state["n"] % len(plan)]
        state["last"] = action.__name__
        try:
            action()
        except Exception:  # noqa: BLE001 - counted and shown at the end
            state["errors"].append(traceback.format_exc())
        state["actions"][action.__name__] = state["actions"].get(action.__name__, 0) + 1
        state["n"] += 1
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QTimer.singleShot(int(args.pace * 1000), tick)

    QTimer.singleShot(500, tick)
    app.exec()
    if curve[-1][0] < args.minutes - 0.05:
        report()
    none_after = sys.getrefcount(None)
    warm = next((mb for m, mb in curve if m >= min(10.0, args.minutes / 2)), curve[-1][1])
    print(f"动作：{', '.join(f'{k} {v}' for k, v in sorted(state['actions'].items()))}")
    print("各动作期间事件循环的最长停顿：" + ", ".join(
        f"{k} {v:.0f} ms" for k, v in sorted(state["by_action"].items(), key=lambda kv: -kv[1])))
    print(f"RSS：开始 {curve[0][1]:.1f} MB，结束 {curve[-1][1]:.1f} MB，预热后增长 "
          f"{curve[-1][1] - warm:+.1f} MB；事件循环最长停顿 {state['stall']:.0f} ms"
          + (f"（在 {state['worst'][0]} 时）" if state["worst"][0] else "")
          + f"；None 的引用计数 {none_before} → {none_after}（不得下降）")
    if state.get("when"):
        print("超过 250 ms 的停顿（分钟, 动作, ms）：" + "；".join(
            f"{m} {a} {ms}" for m, a, ms in state["when"][:40]))
    if state["errors"]:
        print(f"动作出错 {len(state['errors'])} 次；第一次：\n{state['errors'][0]}")
    else:
        print("动作出错 0 次。")
    win.ctx.jobs.cancel_all()
    win.ctx.jobs.wait()
    win.close()
    win.ctx.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if state["errors"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
