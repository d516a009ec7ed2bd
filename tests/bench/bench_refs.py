"""Citations and status: extraction time per issue (the shared corpus), the derived-status
refresh that runs on every import and removal, and the data the 关联 panel loads for one
document in a library of 100 issues (``--issues N``; ``--quick``: 10)."""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from core.extract.citations import extract_issue_refs
from core.importer import parse_text
from core.store import Library
from tests.bench import corpus_file


def _best(fn, n: int = 5) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times) * 1000


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="bench_refs")
    ap.add_argument("--issues", type=int, default=100)
    ap.add_argument("--quick", action="store_true")
    args, _ = ap.parse_known_args(argv)
    n_issues = 10 if args.quick else args.issues
    corpus = corpus_file("引用与效力基准")
    if corpus is None:
        return
    text = corpus.read_text(encoding="utf-8")
    parsed = parse_text(text, source_name="bench.txt", sha256="e" * 64)
    ms = _best(lambda: extract_issue_refs(parsed.documents, parsed.blocks, parsed.sections), 7)
    refs = extract_issue_refs(parsed.documents, parsed.blocks, parsed.sections)
    cites = sum(len(r.citations) for r in refs.values())
    rels = sum(len(r.relations) for r in refs.values())
    print(f"citation extraction: {ms:.1f} ms per issue (best of 7; {len(parsed.blocks)} blocks, "
          f"{cites} citations, {rels} relations)")
    with tempfile.TemporaryDirectory() as tmp:
        with Library(Path(tmp) / "lib.sqlite") as lib:
            t0 = time.perf_counter()
            for k in range(n_issues):
                variant = text.replace("（2023 年第 3 期）", f"（{2000 + k // 12} 年第 {k % 12 + 1} 期）")
                lib.import_issue(parse_text(variant, source_name=f"b{k}.txt",
                                            sha256=f"{k + 1:012x}" + "0" * 52))
            print(f"imported {n_issues} issues in {time.perf_counter() - t0:.1f} s")
            print(f"refresh_refs (on every import/removal) at {n_issues} issues: "
                  f"{_best(lib.refresh_refs, 3):.1f} ms")
            docs = lib.documents()
            sample = docs[:: max(1, len(docs) // 20)]
            loads = []
            for d in sample:
                t0 = time.perf_counter()
                lib.refs_view(d.id)
                lib.citation_targets(d.id)
                loads.append((time.perf_counter() - t0) * 1000)
            print(f"关联 panel data (refs_view + citation_targets) at {n_issues} issues: "
                  f"median {statistics.median(loads):.1f} ms, max {max(loads):.1f} ms "
                  f"({len(sample)} documents)")
            _panel(lib, sample, n_issues, tmp)
            print(f"status_map (tree badges) at {n_issues} issues: {_best(lib.status_map, 3):.1f} ms "
                  f"for {len(docs)} documents")
            t0 = time.perf_counter()
            lib.status(docs[0].id, "2099-01-01")
            first = (time.perf_counter() - t0) * 1000
            again = _best(lambda: lib.status(docs[-1].id, "2099-01-01"), 3)
            print(f"status on a day after the last import (a new day) at {n_issues} issues: "
                  f"first {first:.1f} ms, then {again:.2f} ms (kept until the library changes)")
            print(f"cited_documents at {n_issues} issues: "
                  f"{_best(lambda: lib.cited_documents(), 3):.1f} ms")


def _panel(lib, sample, n_issues: int, tmp: str) -> None:
    """The 关联 panel itself (offscreen): set_document = data load + building the rows."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from gui.context import AppContext
    from gui.jobs import JobRunner
    from gui.panels.relations import RelationsPanel

    app = QApplication.instance() or QApplication([])
    ctx = AppContext(Path(tmp), lib.path, Path(tmp) / "index",
                     QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat),
                     JobRunner(lib.path, Path(tmp) / "index"))
    ctx._library = lib
    panel = RelationsPanel(ctx)
    panel.resize(320, 700)
    panel.show()
    times = []
    for d in sample:
        t0 = time.perf_counter()
        panel.set_document(d.id)
        app.processEvents()
        times.append((time.perf_counter() - t0) * 1000)
    print(f"关联 panel opened (set_document + paint) at {n_issues} issues: "
          f"median {statistics.median(times):.1f} ms, max {max(times):.1f} ms")
    panel.close()
    ctx._library = None        # the library is closed by its owner


if __name__ == "__main__":
    main()
