"""Item 8: database trouble becomes one Chinese message naming the data folder and what to do;
a damaged or empty library file is never rewritten; ``--data`` values are validated."""

from __future__ import annotations

import hashlib
import os
import sqlite3

import pytest

import main
from core.store import SCHEMA_VERSION, Library, LibraryError, describe_db_error
from tests.fixtures.gazettes import LINCHENG, render


def run(capsys, *argv):
    code = main.main(list(argv))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


@pytest.fixture
def gazette(tmp_path):
    p = tmp_path / "lincheng-2024-04.txt"
    p.write_text(render(LINCHENG, header="临城市人民政府公报（2024 年第 4 期）"), encoding="utf-8")
    return p


@pytest.fixture
def stored(capsys, tmp_path, gazette):
    folder = tmp_path / "lib"
    assert run(capsys, "import", str(gazette), "--data", str(folder))[0] == 0
    return folder


def _digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.iterdir())}


def _assert_message(capsys, folder, *argv, words=()):
    before = _digest(folder)
    for args in (["list"], ["info"], *argv):
        code, out, err = run(capsys, *args, "--data", str(folder))
        assert code == 1, (args, out, err)
        assert "Traceback" not in err and err.startswith("错误：") and err.count("\n") == 1, err
        assert str(folder) in err, err
        for w in words:
            assert w in err, (w, err)
        assert _digest(folder) == before, args


def _damage(folder, data: bytes):
    db = folder / "library.sqlite"
    db.write_bytes(data)
    for suffix in ("-wal", "-shm"):
        (folder / ("library.sqlite" + suffix)).unlink(missing_ok=True)


def test_junk_text_and_garbled_files(capsys, stored, gazette):
    good = (stored / "library.sqlite").read_bytes()
    for data in (os.urandom(50000), "这不是数据库\n".encode() * 100,
                 good[:100] + os.urandom(len(good) - 100)):
        _damage(stored, data)
        _assert_message(capsys, stored, ["import", str(gazette)], ["annotations"],
                        words=("资料库", "备份"))


def test_truncated_file(capsys, stored, gazette):
    good = (stored / "library.sqlite").read_bytes()
    _damage(stored, good[: len(good) // 2])
    _assert_message(capsys, stored, ["import", str(gazette)], words=("截断", "备份"))


def test_zero_byte_file_is_not_rewritten(capsys, stored, gazette):
    _damage(stored, b"")
    _assert_message(capsys, stored, ["import", str(gazette)], words=("0 字节", "备份"))
    assert (stored / "library.sqlite").stat().st_size == 0


def test_library_file_is_a_directory(capsys, tmp_path, gazette):
    folder = tmp_path / "lib"
    (folder / "library.sqlite").mkdir(parents=True)
    _assert_message(capsys, folder, ["import", str(gazette)], words=("文件夹",))


def test_user_version_zero_and_dropped_table(capsys, stored, gazette):
    db = stored / "library.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 0")
    conn.commit()
    conn.close()
    _assert_message(capsys, stored, ["import", str(gazette)], words=("结构版本为 0",))
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.execute("DROP TABLE tasks")
    conn.commit()
    conn.close()
    _assert_message(capsys, stored, ["tasks"], words=("缺少数据表 tasks",))


def test_newer_schema(capsys, stored):
    conn = sqlite3.connect(stored / "library.sqlite")
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    _assert_message(capsys, stored, words=("升级本程序",))


def test_bad_json_in_a_column(capsys, stored):
    conn = sqlite3.connect(stored / "library.sqlite")
    conn.execute("UPDATE documents SET issuers = '[oops'")
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "list", "--issue", "2024-4", "--data", str(stored))
    assert code == 1 and "Traceback" not in err and "JSON" in err and str(stored) in err


def test_locked_database_waits_then_says_so(capsys, stored, gazette, monkeypatch):
    import core.store.library as library

    monkeypatch.setattr(library, "BUSY_TIMEOUT_MS", 300)
    other = sqlite3.connect(stored / "library.sqlite", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        code, out, err = run(capsys, "remove", "2024-4", "--data", str(stored))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == 1 and "占用" in err and "Traceback" not in err, err
    assert run(capsys, "list", "--data", str(stored))[1].count("2024") >= 1


@pytest.mark.parametrize("exc, words", [
    (sqlite3.OperationalError("database or disk is full"), "磁盘空间不足"),
    (sqlite3.OperationalError("attempt to write a readonly database"), "只读"),
    (sqlite3.OperationalError("database is locked"), "占用"),
    (sqlite3.DatabaseError("database disk image is malformed"), "已损坏"),
])
def test_each_error_has_its_message(tmp_path, exc, words):
    msg = str(describe_db_error(exc, tmp_path / "library.sqlite"))
    assert words in msg and str(tmp_path) in msg


def test_full_disk_on_import_is_a_message(capsys, stored, gazette, monkeypatch):
    """SQLite's own full-disk error, raised by the store while importing."""
    import core.store.library as library

    def full(self, *a, **k):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(library.LibraryBase, "insert_issue_rows", full)
    other = gazette.parent / "other.txt"
    other.write_text(gazette.read_text(encoding="utf-8").replace("2024 年第 4 期", "2024 年第 5 期")
                     .replace("临政〔2024〕2 号", "临政〔2024〕9 号"), encoding="utf-8")
    before = _digest(stored)
    code, out, err = run(capsys, "import", str(other), "--data", str(stored))
    assert code == 1 and "磁盘空间不足" in err and "Traceback" not in err
    assert run(capsys, "list", "--json", "--data", str(stored))[1].count('"id"') == 1
    assert before.keys() <= _digest(stored).keys()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_folder(capsys, stored):
    os.chmod(stored, 0o555)
    try:
        code, out, err = run(capsys, "info", "--data", str(stored))
    finally:
        os.chmod(stored, 0o755)
    assert "Traceback" not in err and (code == 0 or "只读" in err)


@pytest.mark.parametrize("value, words", [("", "空的"), ("~nouser_xyz/x", "没有这个用户"),
                                          ("/proc/self", "系统目录")])
def test_data_values_are_validated(capsys, value, words, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "list", "--data", value)
    assert code == 1 and words in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_failed_import_into_a_new_folder_creates_nothing(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("这不是公报。\n" * 20, encoding="utf-8")
    folder = tmp_path / "new" / "lib"
    code, out, err = run(capsys, "import", str(bad), "--data", str(folder))
    assert code == 1 and not folder.exists()
    folder.mkdir(parents=True)
    code, out, err = run(capsys, "import", str(bad), "--data", str(folder))
    assert code == 1 and list(folder.iterdir()) == []


def test_library_never_rewritten_from_a_damaged_file_by_open(tmp_path):
    db = tmp_path / "library.sqlite"
    db.write_bytes(b"")
    with pytest.raises(LibraryError):
        Library(db)
    assert db.read_bytes() == b""
