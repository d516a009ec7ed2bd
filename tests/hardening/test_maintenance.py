"""``backup -o FILE`` (SQLite online backup, atomic) and ``check`` (integrity + index)."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

import main
from core.store import Library
from tests.fixtures.gazettes import LINCHENG, render


def run(capsys, *argv):
    code = main.main(list(argv))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


@pytest.fixture
def stored(capsys, tmp_path):
    g = tmp_path / "lincheng-2024-04.txt"
    g.write_text(render(LINCHENG, header="临城市人民政府公报（2024 年第 4 期）"), encoding="utf-8")
    folder = tmp_path / "lib"
    assert run(capsys, "import", str(g), "--data", str(folder))[0] == 0
    code, out, err = run(capsys, "annotate", "临政〔2024〕2号", "--quote", "扎实开展安全生产专项整治",
                         "--note", "备份前的批注", "--data", str(folder))
    assert code == 0, err
    return folder


def test_backup_is_a_whole_library(capsys, stored, tmp_path):
    target = tmp_path / "out" / "备份.sqlite"
    target.parent.mkdir()
    target.write_bytes(b"old backup")
    code, out, err = run(capsys, "backup", "-o", str(target), "--json", "--data", str(stored))
    assert code == 0, err
    data = json.loads(out)
    assert data["backup"] == str(target) and data["issues"] == 1 and data["annotations"] == 1
    assert list(target.parent.iterdir()) == [target]
    with Library(target) as copy:
        assert copy.stats().issues == 1 and copy.stats().annotations == 1
    # the backup opens as a data folder of its own
    restored = tmp_path / "restored"
    restored.mkdir()
    os.replace(target, restored / "library.sqlite")
    code, out, err = run(capsys, "annotations", "--json", "--data", str(restored))
    assert code == 0 and "备份前的批注" in out


def test_backup_during_a_write_transaction_sees_the_committed_state(capsys, stored, tmp_path):
    other = sqlite3.connect(stored / "library.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("DELETE FROM annotations")          # not committed
    try:
        code, out, err = run(capsys, "backup", "-o", str(tmp_path / "b.sqlite"),
                             "--data", str(stored))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == 0, err
    with Library(tmp_path / "b.sqlite") as copy:
        assert copy.stats().annotations == 1


def test_backup_refuses_bad_targets(capsys, stored, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for target, words in ((fifo, "管道"), (stored / "library.sqlite", "资料库自己"),
                          (tmp_path / "missing" / "b.sqlite", "文件夹不存在")):
        code, out, err = run(capsys, "backup", "-o", str(target), "--data", str(stored))
        assert code == 1 and words in err and "Traceback" not in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["fifo", "lib", "lincheng-2024-04.txt"])
    assert run(capsys, "check", "--data", str(stored))[0] == 0


def test_check_finds_a_damaged_page_and_a_damaged_index(capsys, stored):
    code, out, err = run(capsys, "check", "--json", "--data", str(stored))
    assert code == 0, out + err
    data = json.loads(out)
    assert data == {"ok": True, "database": str(stored / "library.sqlite"), "database_ok": True,
                    "database_problems": [], "index_ok": True, "index_problem": None}
    # garble the index's table of contents
    for toc in (stored / "index").glob("*.toc"):
        toc.write_bytes(os.urandom(toc.stat().st_size))
    code, out, err = run(capsys, "check", "--data", str(stored))
    assert code == 1 and "检索索引" in out and "reindex" in out and "Traceback" not in err
    # damage a page in the middle of the file (the header stays valid)
    db = stored / "library.sqlite"
    with Library(db) as lib:
        lib.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = lib.db.execute("PRAGMA page_size").fetchone()[0]
        root = lib.db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'blocks'") \
            .fetchone()[0]
    raw = bytearray(db.read_bytes())
    start = (root - 1) * page
    raw[start:start + page] = os.urandom(page)
    db.write_bytes(bytes(raw))
    code, out, err = run(capsys, "check", "--json", "--data", str(stored))
    data = json.loads(out)
    assert code == 1 and not data["ok"] and not data["database_ok"] and data["database_problems"]


def test_check_reports_a_library_it_cannot_open(capsys, stored):
    (stored / "library.sqlite").write_bytes(b"junk" * 1000)
    code, out, err = run(capsys, "check", "--json", "--data", str(stored))
    data = json.loads(out)
    assert code == 1 and not data["database_ok"] and "备份" in data["database_problems"][0]


def test_check_of_a_folder_without_a_library_says_so_and_creates_nothing(capsys, tmp_path):
    """A mistyped --data (or $GAZETTE_DATA): `check` made an empty library there, called it
    完好 and failed on its missing index; now it says there is no library in that folder,
    exits 1 and leaves nothing behind (also an existing empty folder stays empty)."""
    typo = tmp_path / "公报资料库x"
    code, out, err = run(capsys, "check", "--data", str(typo))
    assert code == 1 and "不存在" in out and "--data" in out and "Traceback" not in err
    assert not typo.exists()
    typo.mkdir()
    code, out, _ = run(capsys, "check", "--json", "--data", str(typo))
    data = json.loads(out)
    assert code == 1 and not data["ok"] and not data["database_ok"] and not data["index_ok"]
    assert "不存在" in data["database_problems"][0]
    assert list(typo.iterdir()) == []


def test_merge_index_leaves_no_folder_it_created(capsys, tmp_path):
    typo = tmp_path / "new"
    code, _, err = run(capsys, "merge-index", "--data", str(typo))
    assert code == 1 and "不存在" in err and not typo.exists()
