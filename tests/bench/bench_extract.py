"""Extraction speed and yield on the shared corpus: tables and tasks of one issue, the
unit queries over a library of several copies of it, the xlsx ledger, and re-extraction."""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from core.export.ledger import write_ledger
from core.extract import extract_issue
from core.extract.grid import _tokenize
from core.extract.reextract import reextract_library
from core.importer import parse_text
from core.store import Library
from tests.bench import corpus_file


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="bench_extract")
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--quick", action="store_true")
    args, _ = ap.parse_known_args(argv)
    copies = 3 if args.quick else args.copies
    corpus = corpus_file("抽取基准")
    if corpus is None:
        return
    text = corpus.read_text(encoding="utf-8")
    parsed = parse_text(text, source_name="bench.txt", sha256="f" * 64)
    times, cpu = [], []
    for _ in range(5):
        for b in parsed.blocks:        # undo the re-labelling, as for a fresh parse
            if b.kind in ("table_row", "caption"):
                b.kind = "paragraph"
        _tokenize.cache_clear()        # no row read before
        t0, c0 = time.perf_counter(), time.process_time()
        extract_issue(parsed)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    by_source: dict[str, int] = {}
    for t in parsed.tasks:
        by_source[t.source] = by_source.get(t.source, 0) + 1
    structured = sum(t.structured for t in parsed.tables)
    partial = sum(t.structure == "partial" for t in parsed.tables)
    checks = [c for t in parsed.tables for c in t.checks]
    print(f"extract_issue: {min(times) * 1000:.1f} ms (best of 5; {min(cpu) * 1000:.1f} ms CPU) "
          f"for {len(parsed.blocks)} blocks")
    print(f"  tables {len(parsed.tables)}: {structured} fully structured, {partial} partial, "
          f"{len(parsed.tables) - structured - partial} raw; tasks {len(parsed.tasks)} "
          f"{by_source}")
    print(f"  checks against stated totals: {sum(c['ok'] for c in checks)} of {len(checks)} agree")
    for t in parsed.tables:
        if t.structure != "full":
            print(f"  {t.structure}: {t.caption} ({len(t.raw_rows)} of {t.row_count} rows whole)")
    from tests.fixtures.tables_gazette import award_text

    award, _ = award_text()
    award_parsed = parse_text(award, source_name="award.txt", sha256="e" * 64)
    t0 = time.perf_counter()
    extract_issue(award_parsed)
    big = max(award_parsed.tables, key=lambda t: t.row_count)
    print(f"award list fixture ({big.row_count} rows in {len(big.groups)} groups): "
          f"{(time.perf_counter() - t0) * 1000:.1f} ms, {big.structure}, "
          f"checks {sum(c['ok'] for c in big.checks)}/{len(big.checks)} agree")
    with tempfile.TemporaryDirectory() as tmp:
        with Library(Path(tmp) / "lib.sqlite") as lib:
            for k in range(copies):
                variant = text.replace("（2023 年第 3 期）", f"（2023 年第 {k + 10} 期）")
                lib.import_issue(parse_text(variant, source_name=f"b{k}.txt",
                                            sha256=f"{k + 1:012x}" + "0" * 52))
            for label, fn in (
                    ("units()", lambda: lib.units()),
                    ("tasks_for_unit('市财政局')", lambda: lib.tasks_for_unit("市财政局")),
                    ("tasks_for_unit('财政', role='support')",
                     lambda: lib.tasks_for_unit("财政", role="support")),
                    ("task_records(all)", lambda: lib.task_records())):
                t0 = time.perf_counter()
                result = fn()
                print(f"{label}: {(time.perf_counter() - t0) * 1000:.1f} ms, "
                      f"{len(result)} rows ({copies} issues)")
            records = lib.task_records()
            t0 = time.perf_counter()
            write_ledger(records, Path(tmp) / "ledger.xlsx")
            print(f"xlsx ledger of {len(records)} tasks: {(time.perf_counter() - t0) * 1000:.0f} ms")
            t0 = time.perf_counter()
            rep = reextract_library(lib)
            print(f"reextract {rep.issues} issues: {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
