"""Libraries of N issues for the search benchmark, built once and kept in a cache folder.

Each library is N copies of the shared sample issue with distinct issue numbers (a city's
archive of N issues), stored with its index and its N source texts (for ripgrep). Building
300 issues takes a few minutes; the result is kept in ``tests/output/bench-search/`` and
reused while the corpus, the library schema and the index schema are unchanged. The full
rebuild of the index is measured (time and peak memory, in a fresh process) when the cache
is built, and saved beside it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "tests" / "output" / "bench-search"
BUILDER_VERSION = 3


def variant(text: str, k: int) -> str:
    """Issue number ``k + 1`` of the sample issue."""
    return text.replace("（2023 年第 3 期）", f"（2023 年第 {k + 1} 期）")


def cache_key(text: str) -> str:
    """The libraries depend on the corpus and the library schema (the index is rebuilt in
    place when its schema changes)."""
    from core.store.schema import SCHEMA_VERSION as LIB

    h = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return f"{h}-lib{LIB}-b{BUILDER_VERSION}"


_REBUILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from core.store import Library
from index import open_index
lib = Library({db!r})
t0 = time.perf_counter()
n = open_index({idx!r}).rebuild(lib)
ru = resource.getrusage(resource.RUSAGE_SELF)
from tests.bench import peak_rss_mb
print(json.dumps({{"docs": n, "seconds": time.perf_counter() - t0,
    "cpu_s": ru.ru_utime + ru.ru_stime, "peak_mb": peak_rss_mb()}}))
"""


def rebuild_in_child(folder: Path) -> dict:
    """Full rebuild in a fresh process: documents, seconds, peak RSS in MB."""
    code = _REBUILD.format(root=str(ROOT), db=str(folder / "library.sqlite"),
                           idx=str(folder / "index"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _sha(k: int) -> str:
    return f"{k + 1:012x}" + "0" * 52


def _clone(blob: bytes, base_id: str, k: int, body: str):
    """Issue ``k + 1`` from the pickled parse of another number of the same text: every id
    holds the issue id, which has the same length, so the pickle's bytes can be rewritten
    (parsing each copy again would take most of the build time)."""
    import pickle

    new_id = "i" + _sha(k)[:12]
    parsed = pickle.loads(blob.replace(base_id.encode("ascii"), new_id.encode("ascii")))
    parsed.issue.sha256 = _sha(k)
    parsed.issue.number = k + 1
    parsed.issue.source_name = f"issue{k + 1}.txt"
    parsed.source_text = body
    return parsed


def _import(folder: Path, text: str, start: int, stop: int) -> None:
    import pickle

    from core.importer import parse_text
    from core.store import Library

    sources = folder / "sources"
    sources.mkdir(exist_ok=True)
    base = parse_text(variant(text, 0), source_name="issue1.txt", sha256=_sha(0))
    blob = pickle.dumps(base)
    with Library(folder / "library.sqlite") as lib:
        for k in range(start, stop):
            body = variant(text, k)
            (sources / f"issue{k + 1:03d}.txt").write_text(body, encoding="utf-8")
            lib.import_issue(_clone(blob, base.issue.id, k, body))
        lib.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def library(text: str, n: int, log=print) -> tuple[Path, dict]:
    """The cached folder of an ``n``-issue library and its index (built if missing or of
    another index schema) and its build figures."""
    from index.build import read_version
    from index.schema import SCHEMA_VERSION

    root = CACHE / cache_key(text)
    folder = root / f"issues-{n}"
    meta_file = folder / "build.json"
    if not (folder / "library.json").exists():
        if not root.exists() and CACHE.exists():
            for old in CACHE.glob("*"):
                shutil.rmtree(old, ignore_errors=True)     # other versions
        smaller = sorted((p for p in root.glob("issues-*") if (p / "library.json").exists()
                          and int(p.name.split("-")[1]) < n), key=lambda p: p.name)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        start = 0
        if smaller:
            base = smaller[-1]
            start = int(base.name.split("-")[1])
            shutil.copy(base / "library.sqlite", folder / "library.sqlite")
            shutil.copytree(base / "sources", folder / "sources")
        log(f"（首次运行：建立 {n} 期的基准资料库，缓存于 {folder.relative_to(ROOT)}）", flush=True)
        _import(folder, text, start, n)
        mb = sum(p.stat().st_size for p in (folder / "sources").iterdir()) / 1e6
        (folder / "library.json").write_text(json.dumps({"issues": n, "mb": mb}),
                                             encoding="utf-8")
    meta = json.loads((folder / "library.json").read_text(encoding="utf-8"))
    if meta_file.exists() and read_version(folder / "index") == SCHEMA_VERSION:
        return folder, json.loads(meta_file.read_text(encoding="utf-8"))
    log(f"（建立 {n} 期的检索索引并计时）", flush=True)
    meta["rebuild"] = rebuild_in_child(folder)
    meta_file.write_text(json.dumps(meta), encoding="utf-8")
    return folder, meta


def working_copy(folder: Path, dest: Path) -> Path:
    """A copy of a cached library and its index that a benchmark may change. The copy is
    written back to disk before anything is measured: otherwise the first commit of the
    first import (SQLite's fsync) pays for flushing the whole fresh copy (~0.3–0.8 s at 300
    issues), which no clerk's library, written long before, would."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(folder / "library.sqlite", dest / "library.sqlite")
    shutil.copytree(folder / "index", dest / "index")
    if hasattr(os, "sync"):
        os.sync()
    return dest
