"""Import speed: parse + store of one issue (without indexing), per issue and per MB.

Goal (issue 2): an issue of 0.5 MB imports in under 1 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from core.importer import parse_text
from core.store import Library
from tests.bench import corpus_file


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="bench_import")
    ap.add_argument("--repeat", type=int, default=5)
    args, _ = ap.parse_known_args(argv)
    corpus = corpus_file("导入基准")
    if corpus is None:
        return
    text = corpus.read_text(encoding="utf-8")
    mb = len(text.encode("utf-8")) / 1e6
    parse_t, store_t = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.repeat):
            variant = text.replace("（2023 年第 3 期）", f"（2023 年第 {k + 10} 期）")
            t0 = time.perf_counter()
            parsed = parse_text(variant, source_name=f"bench{k}.txt", sha256=f"{k + 1:012x}" + "0" * 52)
            t1 = time.perf_counter()
            with Library(Path(tmp) / "lib.sqlite") as lib:
                t2 = time.perf_counter()
                lib.import_issue(parsed)
                t3 = time.perf_counter()
            parse_t.append(t1 - t0)
            store_t.append(t3 - t2)
        tracemalloc.start()
        parse_text(text, source_name="mem.txt", sha256="f" * 64)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    p, s = statistics.median(parse_t), statistics.median(store_t)
    print(f"corpus: {corpus.name}, {mb:.2f} MB, {len(parsed.documents)} documents, "
          f"{len(parsed.blocks)} blocks")
    print(f"parse (clean + segment + parse + extract): median {p * 1000:.0f} ms")
    print(f"store (one transaction):                    median {s * 1000:.0f} ms")
    print(f"import per issue: {(p + s) * 1000:.0f} ms   ({(p + s) / mb:.2f} s per MB, "
          f"{mb / (p + s):.2f} MB/s)   goal: < 1 s per 0.5 MB issue")
    print(f"peak Python memory while parsing: {peak / 1e6:.0f} MB")
