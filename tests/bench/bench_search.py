"""Search benchmark: build a library of N issues (copies of the shared corpus with distinct
issue numbers), index it, and print build throughput, peak memory, index size, the time to add
one more issue, and warm query latency per class beside a plain substring scan.

Run: ``python -m tests.bench.bench_search [--issues N] [--repeat R]`` (default 100 issues).
Goals on a 2-core machine (issue 3): p95 < 20 ms per class, add one issue < 2 s, full rebuild
< 3 min with peak memory < 600 MB.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench import corpus_file

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


def _variant(text: str, k: int) -> str:
    return text.replace("（2023 年第 3 期）", f"（2023 年第 {k + 1} 期）")


def _build_library(text: str, folder: Path, n: int) -> tuple[float, float]:
    """Import ``n`` variants; returns (seconds, MB of source text)."""
    from core.importer import parse_text
    from core.store import Library

    mb = 0.0
    t0 = time.perf_counter()
    with Library(folder / "library.sqlite") as lib:
        for k in range(n):
            variant = _variant(text, k)
            mb += len(variant.encode("utf-8")) / 1e6
            parsed = parse_text(variant, source_name=f"issue{k + 1}.txt",
                                sha256=f"{k + 1:012x}" + "0" * 52)
            lib.import_issue(parsed)
        lib.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.perf_counter() - t0, mb


_REBUILD = """
import resource, sys, time
sys.path.insert(0, {root!r})
from core.store import Library
from index import open_index
lib = Library({db!r})
t0 = time.perf_counter()
n = open_index({idx!r}).rebuild(lib)
print(n, time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _rebuild_in_child(folder: Path) -> tuple[int, float, float]:
    """Full rebuild in a fresh process: (documents, seconds, peak RSS in MB)."""
    code = _REBUILD.format(root=str(ROOT), db=str(folder / "library.sqlite"),
                           idx=str(folder / "index"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    return int(out[0]), float(out[1]), int(out[2]) / 1024


def _size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main(argv: list[str] | None = None) -> None:
    """Print the figures (see the module docstring)."""
    ap = argparse.ArgumentParser(prog="bench_search")
    ap.add_argument("--issues", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=30)
    args, _ = ap.parse_known_args(argv)
    corpus = corpus_file("检索基准")
    if corpus is None:
        return
    text = corpus.read_text(encoding="utf-8")
    from core.importer import parse_text
    from core.store import Library
    from index import normalize, open_index

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        import_s, mb = _build_library(text, folder, args.issues)
        docs, rebuild_s, peak_mb = _rebuild_in_child(folder)
        print(f"library: {args.issues} issues, {mb:.1f} MB of text, {docs} documents")
        print(f"import (parse + store): {import_s:.1f} s ({mb / import_s:.2f} MB/s)")
        print(f"full index rebuild:     {rebuild_s:.1f} s ({mb / rebuild_s:.2f} MB/s), "
              f"peak RSS {peak_mb:.0f} MB   goal: < 180 s, < 600 MB")
        print(f"import + index:         {mb / (import_s + rebuild_s):.2f} MB/s")
        print(f"index size:             {_size_mb(folder / 'index'):.1f} MB")

        lib = Library(folder / "library.sqlite")
        idx = open_index(folder / "index")
        from index.analysis import jieba_tokenizer

        t0 = time.perf_counter()
        jieba_tokenizer()
        print(f"jieba dictionary load (once per process): {time.perf_counter() - t0:.2f} s")
        t0 = time.perf_counter()
        parsed = parse_text(_variant(text, args.issues), source_name="extra.txt",
                            sha256="e" * 64)
        lib.import_issue(parsed)
        t1 = time.perf_counter()
        idx.add_issue(lib, parsed.issue.id)
        t2 = time.perf_counter()
        print(f"add one issue:          {t2 - t0:.2f} s (import {t1 - t0:.2f} s + index "
              f"{t2 - t1:.2f} s)   goal: < 2 s")

        # Plain scan baseline: every block's normalised text in memory, `in` per block
        # (no ranking, no spans, no filters; AND means both words in the same block).
        blocks = [normalize(r[0]) for r in lib.db.execute("SELECT text FROM blocks")]
        t0 = time.perf_counter()
        idx.search(lib, "许昌市")          # fills the text cache
        print(f"first query (loads texts): {(time.perf_counter() - t0) * 1000:.0f} ms")
        print(f"\nwarm latency over {args.repeat} runs, top 20 documents with spans "
              f"({len(blocks)} blocks):")
        print(f"{'class':<22}{'query':<20}{'docs':>6}{'hits':>7}{'p50':>9}{'p95':>9}"
              f"{'scan p50':>10}{'ratio':>7}")
        for label, q in QUERIES:
            times, scans = [], []
            res = idx.search(lib, q, limit=20)
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                res = idx.search(lib, q, limit=20)
                times.append((time.perf_counter() - t0) * 1000)
            needles = [normalize(t) for t in q.replace('"', "").split()]
            for _ in range(max(3, args.repeat // 5)):
                t0 = time.perf_counter()
                if len(needles) == 1:
                    n = needles[0]
                    [b for b in blocks if n in b]
                else:
                    n, m = needles[0], needles[1]
                    [b for b in blocks if n in b and m in b]
                scans.append((time.perf_counter() - t0) * 1000)
            p50, p95, s50 = _pct(times, 0.5), _pct(times, 0.95), statistics.median(scans)
            print(f"{label:<22}{q:<20}{res.total_docs:>6}{res.total_hits:>7}{p50:>8.1f}ms"
                  f"{p95:>7.1f}ms{s50:>8.1f}ms{p50 / s50:>7.2f}")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\nquerying process peak RSS (library + text cache + index): {rss:.0f} MB")
        idx.close()
        lib.close()


if __name__ == "__main__":
    main()
