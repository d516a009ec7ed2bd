"""Search benchmark at 100 and 300 issues (issue 12), beside a plain Python scan over the same
blocks and ripgrep over the source files (when ``rg`` is installed).

The libraries (copies of the shared sample issue with distinct numbers) are built once and
cached (see :mod:`tests.bench.searchdata`); the full rebuild is measured when the cache is
built. Each run measures, per size: warm latency per query class in a fresh querying process
(p50/p95 over ``--repeat`` runs, the first page: 20 documents with their first 5 hits, as the
window shows them) and that process's peak RSS; the CLI ``search`` as a whole process; adding
one issue with the CLI ``import`` as a whole process (wall and CPU), then more one by one up
to the import that fills a tier of small segments (it starts ``merge-index`` in the
background and does not wait: ``index_merge``), the next import started at once (and whether
the background merge held the index lock then: it waits for it), when the background merge
was done, and ``merge-index`` timed as its own process on a copy of the same six segments;
the full reindex at 100
issues (wall, CPU, peak RSS; larger sizes print the figure measured when the cache was built).

Run: ``python -m tests.bench.bench_search [--sizes 100,300] [--repeat 30] [--latency-only]``
(``--latency-only``: the warm latency per class alone, with the evidence on its spikes).
Each measured search also records its own CPU time (user and system), page faults, context
switches and bytes read, and a canary (a fixed pure-Python loop) beside it; the report says
what came with the slow searches (see :mod:`tests.bench.cpuprobe`), and how steady the CPU
was just before (:mod:`tests.bench.bench_vcpu`).

Goals: warm p95 < 10 ms at 100 issues, < 20 ms at 300, for every class; CLI search < 0.6 s;
querying RSS < 200 MB at 100 issues, < 250 MB at 300; add one issue < 2 s; full reindex of
100 issues < 90 s with peak RSS < 400 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench import bench_vcpu, corpus_file, cpuprobe, searchdata

ROOT = Path(__file__).resolve().parents[2]

QUERIES = [
    ("rare word", "专精特新"),
    ("common word", "责任单位"),
    ("very common word", "许昌市"),
    ("two-word AND", "数字经济 产业"),
    ("phrase", '"公共文化服务体系"'),
    ("across word boundary", "化发展"),
    ("文号", "许政〔2023〕5号"),
]
PAGE, HITS = 20, 5
REINDEX_UP_TO = 100       # sizes whose full reindex is measured in every run
SERIES = 6                # issues added one by one (the 6th fills a tier: a merge is due)

_QUERY_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from core.store import Library
from index import open_index
from tests.bench.cpuprobe import Measure, canary
queries, repeat = json.loads(sys.argv[1]), int(sys.argv[2])
lib = Library({db!r})
idx = open_index({idx!r})
t0 = time.perf_counter()
idx.warm(lib)
warm_ms = (time.perf_counter() - t0) * 1000
# as the window does once its index is warm (gui.app.run_app)
from core.heap import freeze_long_lived
freeze_long_lived()
out = {{"warm_ms": warm_ms, "classes": [], "canary": [canary() for _ in range(50)]}}
for q in queries:
    t0 = time.perf_counter()
    res = idx.search(lib, q, limit={page}, max_hits={hits})
    first = (time.perf_counter() - t0) * 1000
    rows = []
    for _ in range(repeat):
        with Measure() as m:
            res = idx.search(lib, q, limit={page}, max_hits={hits})
        rows.append(m.row)
    count = None
    if not res.total_exact:         # the window's background count of the exact totals
        t0 = time.perf_counter()
        exact = idx.exact_totals(lib, q)
        count = {{"ms": (time.perf_counter() - t0) * 1000, "docs": exact.total_docs,
                  "hits": exact.total_hits}}
    out["classes"].append({{"first": first, "times": [r["wall"] for r in rows],
                           "cpu": [r["cpu"] for r in rows], "rows": rows,
                           "docs": res.total_docs, "hits": res.total_hits,
                           "exact": res.total_exact, "count": count}})
from tests.bench import peak_rss_mb
out["rss_mb"] = peak_rss_mb()
print(json.dumps(out))
"""


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _wall(cmd: list[str], runs: int = 3, check: bool = True) -> float:
    """Median wall time of a whole process, in seconds."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=check)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _scan(folder: Path, queries: list[str], repeat: int) -> list[float]:
    """p50 of a plain scan: every block's normalised text in a list, ``in`` per block (no
    ranking, no spans; AND = both words in one block)."""
    import sqlite3

    from core.textmatch import normalize

    con = sqlite3.connect(folder / "library.sqlite")
    blocks = [part for (norm,) in con.execute("SELECT norm FROM doc_norms")
              for part in norm.split("\n")]
    con.close()
    out = []
    for q in queries:
        needles = [normalize(t) for t in q.replace('"', "").split()]
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            if len(needles) == 1:
                n = needles[0]
                [b for b in blocks if n in b]
            else:
                n, m = needles[0], needles[1]
                [b for b in blocks if n in b and m in b]
            times.append((time.perf_counter() - t0) * 1000)
        out.append(statistics.median(times))
    return out


def _ripgrep(folder: Path, queries: list[str]) -> list[float] | None:
    rg = shutil.which("rg")
    if rg is None:
        return None
    out = []
    for q in queries:
        words = q.replace('"', "").split()
        cmd = [rg, "-c", "-F", words[0], str(folder / "sources")]
        out.append(_wall(cmd, 3, check=False) * 1000)      # exit 1: no match
    return out


def bench_size(text: str, n: int, repeat: int, latency_only: bool = False) -> dict:
    folder, meta = searchdata.library(text, n)
    if latency_only:
        return _latency_only(folder, meta, n, repeat)
    with tempfile.TemporaryDirectory() as tmp:
        work = searchdata.working_copy(folder, Path(tmp) / "data")
        queries = [q for _label, q in QUERIES]
        measured = _query_child(work, repeat)
        main_py = str(ROOT / "main.py")
        cli = {q: _wall([sys.executable, main_py, "--data", str(work), "search", q, "--json"])
               for q in ("专精特新", "许昌市", "许政〔2023〕5号")}
        # the full reindex of the n issues, measured again in every run up to 100 issues (on
        # the copy: the imports below then start from a fresh rebuild, as the cache's index is)
        reindex = searchdata.rebuild_in_child(work) if n <= REINDEX_UP_TO else None
        from index.search import SearchIndex

        def add(k: int) -> tuple[float, float, dict]:
            path = Path(tmp) / f"issue{k + 1}.txt"
            path.write_text(searchdata.variant(text, k), encoding="utf-8")
            t0, c0 = time.perf_counter(), _children_cpu()
            done = subprocess.run([sys.executable, main_py, "--data", str(work), "import",
                                   str(path), "--json"], capture_output=True, check=True)
            return time.perf_counter() - t0, _children_cpu() - c0, json.loads(done.stdout)

        add_s, add_cpu, first = add(n)
        segments = SearchIndex(work / "index").segment_sizes()
        # more issues one by one, until the import that fills a tier of small segments (the
        # 6th): it starts the merge in the background and returns
        series = [(add_s, add_cpu, first["index_merge"])]
        snapshot = Path(tmp) / "before-merge"
        for k in range(n + 1, n + SERIES):
            if k == n + SERIES - 1:       # a copy of the five segments, to time merge-index
                shutil.copytree(work / "index", snapshot / "index")
            wall, cpu, got = add(k)
            series.append((wall, cpu, got["index_merge"]))
        merge_started = time.perf_counter()
        background = {"started": got["index_merge"] == "background",
                      "segments_before": len(SearchIndex(work / "index").segment_sizes())}
        # the next import, at once: it waits for the index lock while the merge holds it
        background["held_at_next"] = _lock_held(work / "index")
        nxt = subprocess.Popen([sys.executable, main_py, "--data", str(work), "import",
                                str(_variant_file(tmp, text, n + SERIES)), "--json"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        background["done_s"] = _wait_merged(work / "index", merge_started)
        nxt.communicate()
        background["next_s"] = time.perf_counter() - merge_started
        background["segments_after"] = len(SearchIndex(work / "index").segment_sizes())
        background["own"] = _merge_own_process(snapshot, work, got["imported"][0]["issue_id"],
                                               main_py)
        scans = _scan(folder, queries, max(3, repeat // 5))
        rg = _ripgrep(folder, queries)
    return {"n": n, "meta": meta, "measured": measured, "cli": cli, "add_s": add_s,
            "add_cpu": add_cpu, "segments": segments, "scans": scans, "rg": rg,
            "reindex": reindex, "series": series, "background": background}


def _variant_file(tmp: str, text: str, k: int) -> Path:
    path = Path(tmp) / f"issue{k + 1}.txt"
    path.write_text(searchdata.variant(text, k), encoding="utf-8")
    return path


def _lock_held(index_dir: Path) -> bool:
    """Whether another process holds the index's write lock now (taken and let go at once
    when it is free)."""
    import fcntl

    from index import build

    fd = os.open(build.lock_path(index_dir), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _wait_merged(index_dir: Path, since: float, timeout: float = 600.0) -> float | None:
    """Seconds from ``since`` until no merge is due and no process holds the lock (the
    background merge is done); None after ``timeout``."""
    from index.search import SearchIndex

    idx = SearchIndex(index_dir)
    try:
        while time.perf_counter() - since < timeout:
            try:
                if not idx.merge_due() and not _lock_held(index_dir):
                    return time.perf_counter() - since
            except Exception:  # noqa: BLE001 - read while the merge swaps files: again
                pass
            time.sleep(0.02)
        return None
    finally:
        idx.close()


def _merge_own_process(snapshot: Path, work: Path, issue_id: str, main_py: str) -> dict:
    """``merge-index`` as a process of its own, on the copy of the index taken before the
    import that filled the tier, with that import's segment written again (no merge)."""
    from core.store import Library
    from index.search import SearchIndex

    idx = SearchIndex(snapshot / "index")
    try:
        with Library(work / "library.sqlite") as lib:
            idx.add_issue(lib, issue_id, merge=False)
        due = idx.merge_due()
    finally:
        idx.close()
    t0, c0 = time.perf_counter(), _children_cpu()
    done = subprocess.run([sys.executable, main_py, "--data", str(snapshot), "merge-index",
                           "--json"], capture_output=True, check=True)
    return {"due": due, "wall": time.perf_counter() - t0, "cpu": _children_cpu() - c0,
            **json.loads(done.stdout)}


def _query_child(work: Path, repeat: int) -> dict:
    """The warm latency of every class in a fresh querying process (see _QUERY_CHILD), and
    how steady the CPU was just before (see :mod:`tests.bench.bench_vcpu`)."""
    vcpu = bench_vcpu.measure(2.0)
    code = _QUERY_CHILD.format(root=str(ROOT), db=str(work / "library.sqlite"),
                               idx=str(work / "index"), page=PAGE, hits=HITS)
    queries = [q for _label, q in QUERIES]
    child = subprocess.run([sys.executable, "-c", code, json.dumps(queries), str(repeat)],
                           capture_output=True, text=True, check=True)
    measured = json.loads(child.stdout.strip().splitlines()[-1])
    measured["vcpu"] = vcpu
    return measured


def _latency_only(folder: Path, meta: dict, n: int, repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        measured = _query_child(searchdata.working_copy(folder, Path(tmp) / "data"), repeat)
    scans = _scan(folder, [q for _label, q in QUERIES], max(3, repeat // 5))
    return {"n": n, "meta": meta, "measured": measured, "scans": scans, "rg": None}


def _children_cpu() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def report(r: dict) -> None:
    n, meta = r["n"], r["meta"]
    goal_p95 = 10 if n <= 100 else 20
    goal_rss = 200 if n <= 100 else 250
    rb = meta["rebuild"]
    print(f"\n--- {n} issues: {meta['mb']:.0f} MB of text, {rb['docs']} documents ---")
    goal = "   goal: < 90 s, < 400 MB" if n <= 100 else ""
    if r.get("reindex"):
        ri = r["reindex"]
        print(f"full reindex (this run): {ri['seconds']:.1f} s wall, {ri['cpu_s']:.1f} s CPU, "
              f"peak RSS {ri['peak_mb']:.0f} MB{goal}")
    print(f"full reindex (when the cache was built): {rb['seconds']:.1f} s"
          + (f" wall, {rb['cpu_s']:.1f} s CPU" if "cpu_s" in rb else "")
          + f", peak RSS {rb['peak_mb']:.0f} MB" + ("" if r.get("reindex") else goal))
    if "add_s" in r:
        _report_processes(r)
    _report_latency(r, goal_p95, goal_rss)


def _report_processes(r: dict) -> None:
    print(f"add one issue (whole `import` process): {r['add_s']:.2f} s wall, "
          f"{r['add_cpu']:.2f} s CPU   goal: < 2 s, stretch 1 s "
          f"(segments after: {len(r['segments'])})")
    series = r.get("series") or []
    if len(series) > 1:
        worst = max(range(len(series)), key=lambda i: series[i][0])
        print(f"add {len(series)} issues one by one (`import` processes): wall "
              f"{', '.join(f'{w:.1f}' for w, _c, _m in series)} s; CPU "
              f"{', '.join(f'{c:.1f}' for _w, c, _m in series)} s; the slowest #{worst + 1}; "
              f"index_merge {', '.join(m for _w, _c, m in series)}")
    bg = r.get("background")
    if bg:
        held = ("the background merge held the index lock when it started: it waited"
                if bg["held_at_next"] else "the background merge had not taken the lock yet")
        print(f"the next import, started at once: done {bg['next_s']:.1f} s after the "
              f"previous one returned ({held})")
        done = "not done after 600 s" if bg["done_s"] is None else \
            f"done {bg['done_s']:.1f} s after the import that started it returned"
        print(f"background merge: {done}; segments {bg['segments_before']} → "
              f"{bg['segments_after']}")
        own = bg["own"]
        print(f"`merge-index` as its own process ({'a tier full' if own['due'] else 'nothing due'}):"
              f" {own['wall']:.2f} s wall, {own['cpu']:.2f} s CPU, merged {own['merged']} "
              f"segments in {own['seconds']:.2f} s")
    for q, s in r["cli"].items():
        print(f"CLI `search {q} --json` (whole process): {s:.2f} s   goal: < 0.6 s")


def _report_latency(r: dict, goal_p95: int, goal_rss: int) -> None:
    m = r["measured"]
    print(f"open + warm the index: {m['warm_ms']:.0f} ms")
    rg = r["rg"]
    print(f"warm latency over {len(m['classes'][0]['times'])} runs, first page ({PAGE} "
          f"documents, {HITS} hits each); scan = plain Python `in` over every block:")
    print(f"{'class':<22}{'query':<18}{'docs':>6}{'hits':>8}{'first':>8}{'p50':>8}{'p95':>8}"
          f"{'cpu p95':>9}{'scan':>8}{'p95/scan':>9}" + (f"{'rg':>8}" if rg else ""))
    for k, ((label, q), c) in enumerate(zip(QUERIES, m["classes"])):
        p50, p95 = _pct(c["times"], 0.5), _pct(c["times"], 0.95)
        cpu95 = _pct(c.get("cpu") or c["times"], 0.95)
        scan = r["scans"][k]
        approx = "" if c["exact"] else "~"
        print(f"{label:<22}{q:<18}{approx + str(c['docs']):>6}{approx + str(c['hits']):>8}"
              f"{c['first']:>7.1f}ms{p50:>6.1f}ms{p95:>6.1f}ms{cpu95:>7.1f}ms{scan:>6.1f}ms"
              f"{p95 / scan:>9.3f}" + (f"{rg[k]:>6.0f}ms" if rg else ""))
    print(f"goal: p95 < {goal_p95} ms for every class   (~ = estimated total, total_exact false; "
          "cpu = the search's own CPU time, which other processes on the machine do not inflate)")
    _report_evidence(m)
    if m.get("vcpu"):
        bench_vcpu.report(m["vcpu"])
    counts = [(q, c["count"]) for (_label, q), c in zip(QUERIES, m["classes"]) if c.get("count")]
    if counts:
        print("background exact count (SearchIndex.exact_totals) where the page estimates:")
        for q, c in counts:
            print(f"  {q:<18}{c['docs']:>6}{c['hits']:>8}{c['ms']:>8.0f}ms")
    print(f"querying process peak RSS: {m['rss_mb']:.0f} MB   goal: < {goal_rss} MB")
    if not rg:
        print("(ripgrep not installed: no rg column)")


def _report_evidence(m: dict) -> None:
    """Where the queries' time went, and what came with the slow ones (see
    :mod:`tests.bench.cpuprobe`)."""
    classes = [c for c in m["classes"] if c.get("rows")]
    if not classes:
        return
    canaries = m.get("canary", []) + [r["canary"] for c in classes for r in c["rows"]]
    cmed = statistics.median(canaries)
    slow = sum(1 for v in canaries if v > cpuprobe.SLOW * cmed)
    print(f"per query (getrusage, /proc/self/io) and the canary, a fixed pure-Python loop run "
          f"beside each query: median {cmed:.2f} ms, p95 {_pct(canaries, 0.95):.2f}, max "
          f"{max(canaries):.2f}; {slow} of {len(canaries)} over {cpuprobe.SLOW}x the median "
          "(the machine slow at that moment)")
    print(f"{'class':<22}{'cpu p50':>8}{'p95':>6}{'sys%':>6}{'sys95':>6}{'minflt':>7}{'majflt':>7}"
          f"{'disk':>5}{'read KB':>8}{'slowcan':>8}{'cpu95 rest':>11}{'spikes':>7}{'+slowcan':>9}"
          f"{'+majflt':>8}{'+minflt':>8}")
    for (label, _q), c in zip(QUERIES, classes):
        s = cpuprobe.summary(c["rows"], cmed)
        print(f"{label:<22}{s['cpu_p50']:>6.1f}ms{s['cpu_p95']:>6.1f}{s['sys_share'] * 100:>5.0f}%"
              f"{s['sys_p95']:>6.1f}{s['minflt']:>7.1f}{s['majflt_queries']:>7}{s['disk_queries']:>5}"
              f"{s['read_kb']:>8.0f}{s['slow_machine']:>8}{s['steady_p95']:>9.1f}ms"
              f"{s['spikes']:>7}{s['spikes_slow_machine']:>9}{s['spikes_faults']:>8}"
              f"{s['spikes_minflt']:>8}")
    print("sys% = system share of the CPU time; sys95 = p95 of its system ms; minflt = minor "
          "faults per query; majflt, disk = queries with major faults, with bytes from the disk; "
          "read KB = bytes read per query (page cache or disk); slowcan = queries beside a slow "
          "canary; cpu95 rest = CPU p95 of the others; spikes = queries over 2x the class's "
          "median CPU, and of them: beside a slow canary, with major faults or disk reads, with "
          "10 minor faults more than the median")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="bench_search")
    ap.add_argument("--sizes", default="100,300")
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--latency-only", action="store_true",
                    help="only the warm latency per class (no CLI, import or reindex)")
    args, _ = ap.parse_known_args(argv)
    corpus = corpus_file("检索基准")
    if corpus is None:
        return
    text = corpus.read_text(encoding="utf-8")
    for n in (int(s) for s in args.sizes.split(",") if s.strip()):
        report(bench_size(text, n, args.repeat, args.latency_only))


if __name__ == "__main__":
    main()
