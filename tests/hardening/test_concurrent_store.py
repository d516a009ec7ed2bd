"""Item 11, the store side: two writers at once. A second import waits for the first one's
write transaction (busy timeout) instead of failing with ``database is locked``."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from core.importer import parse_text
from core.store import Library
from tests.fixtures.gazettes import LINCHENG, render

ROOT = Path(__file__).resolve().parents[2]


def _parsed(n: int):
    text = render(LINCHENG, header=f"临城市人民政府公报（2024 年第 {n} 期）")
    return parse_text(text, source_name=f"lincheng-2024-{n}.txt", sha256=f"{n:064d}")


def _write_while_another_writer_commits(lib: Library, write) -> None:
    """Import into ``lib`` while another connection holds the write lock; the other one
    commits as soon as the import has begun its transaction (seen through SQLite's trace
    hook), while the import waits for the lock. A transaction that began by reading would
    then fail at once (its snapshot is stale); one that began IMMEDIATE just waits."""
    other = sqlite3.connect(lib.path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO meta(key, value) VALUES('other', '1')")
    began = threading.Event()

    def commit_when_begun():
        assert began.wait(60)
        other.execute("COMMIT")
        other.close()

    def trace(sql: str) -> None:
        if sql.lstrip().upper().startswith(("INSERT", "BEGIN")):
            began.set()

    t = threading.Thread(target=commit_when_begun)
    t.start()
    lib.db.conn.set_trace_callback(trace)
    try:
        write()
    finally:
        lib.db.conn.set_trace_callback(None)
        began.set()
        t.join(60)


def test_an_import_waits_for_another_writer(tmp_path):
    with Library(tmp_path / "library.sqlite") as lib:
        _write_while_another_writer_commits(lib, lambda: lib.import_issue(_parsed(4)))
        assert [i.number for i in lib.issues()] == [4] and lib.get_meta("other") == "1"


def test_an_annotation_waits_for_another_writer(tmp_path):
    from core.annotations import annotation_for_quote

    with Library(tmp_path / "library.sqlite") as lib:
        lib.import_issue(_parsed(4))
        doc = next(d for d in lib.documents() if "数字经济" in d.title)
        ann = annotation_for_quote(lib.blocks(doc.id), "市财政局", note="导入时的批注")
        _write_while_another_writer_commits(lib, lambda: lib.add_annotation(ann))
        assert [a.note for a in lib.annotations(doc.id)] == ["导入时的批注"]


@pytest.mark.parametrize("round_", range(3))
def test_two_import_processes_at_once_both_succeed(tmp_path, round_):
    files = []
    for n in (4, 5):
        p = tmp_path / f"lincheng-2024-{n}.txt"
        p.write_text(render(LINCHENG, header=f"临城市人民政府公报（2024 年第 {n} 期）"),
                     encoding="utf-8")
        files.append(p)
    data = tmp_path / "data"
    procs = [subprocess.Popen([sys.executable, str(ROOT / "main.py"), "import", str(f),
                               "--data", str(data)], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for f in files]
    results = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, results):
        assert p.returncode == 0 and "Traceback" not in err, err
    with Library(data / "library.sqlite") as lib:
        assert sorted(i.number for i in lib.issues()) == [4, 5]
