"""Operating-system and SQLite errors reach the user in Chinese: the system's English text
(``e.strerror``: Permission denied, No space left on device, File name too long …) is never
put inside a Chinese message."""

from __future__ import annotations

import errno
import re
import sqlite3
from pathlib import Path

import pytest

import main
from core.errors import InputError, error_reason, os_reason
from core.store import describe_db_error
from tests.fixtures.gazettes import LINCHENG, render

ENGLISH = re.compile(r"[A-Za-z]{3,}")
STRERRORS = ("Permission", "denied", "No such file", "space left", "too long", "Read-only",
             "Is a directory", "Errno")


def english_words(message: str, *paths) -> list[str]:
    """English words in ``message`` once the paths it names are taken out."""
    for p in sorted((str(p) for p in paths), key=len, reverse=True):
        message = message.replace(p, "")
    message = re.sub(r"\S+\.(txt|pdf|sqlite|xlsx)", "", message)     # file names
    return [w for w in ENGLISH.findall(message) if w not in ("SQLite", "PDF", "TXT", "data", "check", "backup", "reindex")]  # commands


def assert_chinese(message: str, *paths) -> None:
    assert not any(s in message for s in STRERRORS), message
    assert english_words(message, *paths) == [], message
    assert re.search(r"[\u4e00-\u9fff]", message), message


@pytest.mark.parametrize("code", ["ENOENT", "EACCES", "EPERM", "ENOSPC", "EISDIR", "EROFS",
                                  "ENAMETOOLONG", "ENOTDIR", "ELOOP", "EIO", "EMFILE", "EDQUOT",
                                  "EBUSY", "EEXIST", "EINVAL"])
def test_common_errno_in_chinese(code):
    n = getattr(errno, code)
    reason = os_reason(OSError(n, "English text from the system"))
    assert_chinese(reason)


def test_unknown_errno_is_a_number_not_english():
    reason = os_reason(OSError(errno.ECHILD, "No child processes"))
    assert "No child" not in reason and str(errno.ECHILD) in reason
    assert error_reason(ValueError("bad thing")) == "程序内部错误（ValueError）"


def test_import_of_a_too_long_name_is_chinese(tmp_path, data_dir, capsys):
    """A real ENAMETOOLONG (a name of 300 bytes), through the command line."""
    long = tmp_path / ("公报" * 60 + ".txt")
    code = main.main(["import", str(long), "--data", str(data_dir)])
    err = capsys.readouterr().err
    assert code == 1 and "太长" in err
    assert_chinese(err, long, data_dir)


def test_unreadable_text_file_is_chinese(tmp_path, monkeypatch):
    from core import importer

    p = tmp_path / "lincheng.txt"
    p.write_text(render(LINCHENG, header="临城市人民政府公报（2024 年第 4 期）"), encoding="utf-8")

    def denied(self):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(InputError) as got:
        importer.read_source(p)
    assert "没有访问权限" in str(got.value)
    assert_chinese(str(got.value), p)


def test_unreadable_pdf_is_chinese(tmp_path, monkeypatch):
    from core import pdfsource

    p = tmp_path / "gazette.pdf"
    p.write_bytes(b"%PDF-1.4\n%%EOF\n")
    real_open = Path.open

    def denied(self, *a, **k):
        if self == p:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *a, **k)

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(InputError) as got:
        pdfsource.read_pdf_pages(p)
    assert "没有访问权限" in str(got.value)
    assert_chinese(str(got.value), p)


def test_library_on_a_full_disk_is_chinese(tmp_path, monkeypatch):
    import tempfile

    from core.store import Library, LibraryError

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)
    with pytest.raises(LibraryError) as got:
        Library(tmp_path / "library.sqlite")
    assert "磁盘空间不足" in str(got.value)
    assert_chinese(str(got.value), tmp_path)


def test_data_folder_on_a_read_only_disk_is_chinese(tmp_path, monkeypatch):
    from core.paths import DataDirError, data_dir

    def read_only(self, *a, **k):
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)
    with pytest.raises(DataDirError) as got:
        data_dir(tmp_path / "new")
    assert "只读" in str(got.value)
    assert_chinese(str(got.value), tmp_path / "new")


def test_unexpected_os_error_in_a_command_is_chinese(capsys, data_dir, monkeypatch):
    import cli.library

    def denied(self):
        raise PermissionError(errno.EACCES, "Permission denied", "/some/file")

    monkeypatch.setattr(cli.library.Context, "library", property(denied))
    code = main.main(["info", "--data", str(data_dir)])
    err = capsys.readouterr().err
    assert code == 1 and "没有访问权限" in err
    assert_chinese(err, "/some/file", data_dir)

    def full(self):                     # no file named: no empty "无法访问 ："
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cli.library.Context, "library", property(full))
    code = main.main(["info", "--data", str(data_dir)])
    err = capsys.readouterr().err
    assert code == 1 and err.strip() == "错误：磁盘空间不足。"


@pytest.mark.parametrize("exc, words", [
    (sqlite3.OperationalError("no such table: issues"), "缺少数据表 issues"),
    (sqlite3.OperationalError("no such column: doc_no_norm"), "缺少数据列 doc_no_norm"),
    (sqlite3.DatabaseError("database disk image is malformed"), "已损坏"),
    (sqlite3.OperationalError("disk I/O error"), "磁盘读写错误"),
    (sqlite3.OperationalError("something nobody expected"), "数据库错误"),
])
def test_sqlite_errors_in_chinese(tmp_path, exc, words):
    msg = str(describe_db_error(exc, tmp_path / "library.sqlite"))
    assert words in msg
    assert_chinese(msg.replace("issues", "").replace("doc_no_norm", ""), tmp_path)


def test_export_to_a_too_long_name_is_chinese(tmp_path):
    """A real ENAMETOOLONG from the export writer."""
    from core.export.atomic import ExportError, write_atomic

    target = tmp_path / ("台账" * 60 + ".xlsx")
    with pytest.raises(ExportError) as got:
        write_atomic(target, b"data")
    assert "太长" in str(got.value)
    assert_chinese(str(got.value), target)
