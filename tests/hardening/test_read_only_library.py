"""A library that cannot be written (read-only folder, file or disk) is opened for reading:
list, show, search and exports work; every change is refused with the Chinese read-only
message and leaves the file as it was."""

from __future__ import annotations

import hashlib
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
    p = tmp_path / "lincheng-2024-04.txt"
    p.write_text(render(LINCHENG, header="临城市人民政府公报（2024 年第 4 期）"), encoding="utf-8")
    folder = tmp_path / "lib"
    assert run(capsys, "import", str(p), "--data", str(folder))[0] == 0
    return folder


@pytest.fixture
def read_only_disk(monkeypatch):
    """What a read-only disk does to the normal (read-write) open: SQLite's readonly error
    on its first write (only the normal open migrates). The read-only open is real, and so
    are the errors of every change tried through it."""
    import core.store.library as library

    def readonly(self):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(library.LibraryBase, "_migrate", readonly)


def _digest(folder):
    return hashlib.sha256((folder / "library.sqlite").read_bytes()).hexdigest()


def test_read_only_library_reads_and_refuses_changes(capsys, stored, read_only_disk, tmp_path):
    before = _digest(stored)
    with Library(stored / "library.sqlite") as lib:
        assert lib.read_only
        docs = lib.documents()
        assert docs and lib.blocks(docs[0].id)
    code, out, err = run(capsys, "list", "--data", str(stored))
    assert code == 0 and "2024年第4期" in out, err
    code, out, err = run(capsys, "search", "数字经济", "--data", str(stored))
    assert code == 0 and "命中" in out, err
    target = tmp_path / "台账.xlsx"
    code, out, err = run(capsys, "tasks", "--xlsx", str(target), "--data", str(stored))
    assert code == 0 and target.exists(), err
    doc = docs[-1]
    code, out, err = run(capsys, "annotate", doc.id, "--quote", doc.title[:6],
                         "--occurrence", "1", "--data", str(stored))
    assert code == 1 and "只读" in err and "Traceback" not in err
    code, out, err = run(capsys, "remove", "2024-4", "--data", str(stored))
    assert code == 1 and "只读" in err
    assert _digest(stored) == before


def test_a_writable_library_is_not_read_only(stored):
    with Library(stored / "library.sqlite") as lib:
        assert not lib.read_only


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_folder_for_a_user(capsys, stored):
    """The real thing, for a normal user: a folder without write permission."""
    (stored / "index.lock").unlink(missing_ok=True)
    os.chmod(stored, 0o555)
    try:
        code, out, err = run(capsys, "list", "--data", str(stored))
        assert code == 0 and "2024年第4期" in out, err
        code, out, err = run(capsys, "remove", "2024-4", "--data", str(stored))
        assert code == 1 and "只读" in err
    finally:
        os.chmod(stored, 0o755)
