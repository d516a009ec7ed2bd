"""Database trouble as one Chinese message each, naming the data folder and what to do.

``check_file`` refuses, before SQLite touches it, a library file that is a folder, not a
regular file, empty (0 bytes), not an SQLite file or shorter than its header says: the library
is never rewritten from a damaged or zero-byte file. ``describe`` turns an ``sqlite3.Error``
(or bad JSON in a column) raised later into a :class:`LibraryError`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

from ..errors import GazetteError, os_reason

HEADER = b"SQLite format 3\x00"
RESTORE = "请从备份恢复（backup 命令所做的副本），或把该文件移到别处后重新导入公报"


class LibraryError(GazetteError):
    """The library file cannot be used as it is (damaged, locked, read-only, disk full ...)."""


def damaged(path: Path, what: str) -> LibraryError:
    return LibraryError(f"资料库 {path} {what}，无法使用。{RESTORE}；本程序不会改写它"
                        f"（数据文件夹：{path.parent}）。")


def check_file(path: Path) -> None:
    """Raise :class:`LibraryError` when the library file exists but cannot be a library."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as e:
        raise LibraryError(f"无法访问资料库 {path}：{os_reason(e)}。请检查数据文件夹"
                           f" {path.parent} 的权限，或用 --data 指定另一个文件夹。") from e
    if stat.S_ISDIR(st.st_mode):
        raise LibraryError(f"资料库 {path} 是一个文件夹，不是数据库文件。请把它移走或改名，"
                           f"或用 --data 指定另一个数据文件夹（当前：{path.parent}）。")
    if not stat.S_ISREG(st.st_mode):
        raise LibraryError(f"资料库 {path} 不是普通文件。请把它移走，或用 --data 指定另一个"
                           f"数据文件夹（当前：{path.parent}）。")
    wal = Path(str(path) + "-wal")
    if st.st_size == 0:
        if wal.exists() and wal.stat().st_size > 0:
            return                  # SQLite recovers the pages from the write-ahead log
        raise damaged(path, "是空文件（0 字节），可能在写入时被截断")
    try:
        with open(path, "rb") as f:
            head = f.read(100)
    except OSError as e:
        raise LibraryError(f"无法读取资料库 {path}：{os_reason(e)}。请检查数据文件夹"
                           f" {path.parent} 的权限。") from e
    if not head.startswith(HEADER):
        raise damaged(path, "不是 SQLite 数据库（文件头不对，可能已损坏或被其他文件覆盖）")
    if len(head) < 100:
        raise damaged(path, "被截断了（文件不完整）")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    valid = head[24:28] == head[92:96] and pages > 0
    if page_size < 512 or page_size & (page_size - 1):
        raise damaged(path, "的文件头已损坏")
    if valid and st.st_size < pages * page_size and not (wal.exists() and wal.stat().st_size):
        raise damaged(path, f"被截断了（应有 {pages * page_size} 字节，只有 {st.st_size} 字节）")


def sqlite_reason(exc: BaseException) -> str:
    """SQLite's English message as a Chinese reason (a table or column it names is kept;
    an unknown message becomes 数据库错误 with SQLite's error code)."""
    text = str(exc)
    low = text.lower()
    for english, chinese in (("no such table:", "缺少数据表"), ("no such column:", "缺少数据列"),
                             ("no such index:", "缺少索引")):
        if english in low:
            return f"{chinese} {text[low.index(english) + len(english):].strip()}"
    if "already exists" in low:
        return "数据表或索引重复"
    for english, chinese in (("malformed", "数据库文件的结构已损坏"),
                             ("not a database", "不是数据库文件"),
                             ("disk i/o", "磁盘读写错误"), ("full", "磁盘空间不足"),
                             ("readonly", "没有写入权限（只读）"),
                             ("locked", "正被另一个程序占用"),
                             ("unable to open", "无法打开数据库文件"),
                             ("interrupted", "操作被中断"), ("out of memory", "内存不足"),
                             ("constraint", "数据不符合约束")):
        if english in low:
            return chinese
    name = getattr(exc, "sqlite_errorname", "") or ""
    return f"数据库错误（{name}）" if name else "数据库错误"


def is_read_only(exc: BaseException, path: Path) -> bool:
    """Whether ``exc`` says the library at ``path`` cannot be written (a read-only folder,
    file or disk)."""
    if not isinstance(exc, sqlite3.Error):
        return False
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith("SQLITE_READONLY") or "readonly" in str(exc).lower() or (
        name.startswith("SQLITE_CANTOPEN") and not os.access(path.parent, os.W_OK))


def describe(exc: BaseException, path: Path) -> LibraryError | None:
    """The Chinese message for a database error raised while using the library at ``path``,
    or ``None`` when ``exc`` is not one."""
    folder = path.parent
    if isinstance(exc, LibraryError):
        return exc
    if isinstance(exc, json.JSONDecodeError):
        return LibraryError(f"资料库 {path} 中有损坏的数据（某一列不是有效的 JSON）。请运行"
                            f" check 命令检查；{RESTORE}。")
    if not isinstance(exc, sqlite3.Error):
        return None
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    low = text.lower()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in low:
        return LibraryError(f"资料库 {path} 正被另一个程序（另一个公报阅读器窗口或命令）占用，"
                            "等待 10 秒后仍未释放。请等它完成或将其关闭后重试；资料库未作改动。")
    if name == "SQLITE_FULL" or "disk is full" in low:
        return LibraryError(f"磁盘空间不足，无法写入资料库 {path}。请清理数据文件夹 {folder}"
                            " 所在磁盘的空间后重试；资料库未作改动。")
    if is_read_only(exc, path):
        return LibraryError(f"数据文件夹 {folder} 或资料库文件没有写入权限（只读）。请修改其权限，"
                            "或用 --data 指定一个可写的文件夹；资料库未作改动。")
    if name.startswith("SQLITE_CANTOPEN"):
        return LibraryError(f"无法打开资料库 {path}。请确认数据文件夹 {folder} 存在并可写，"
                            "或用 --data 指定另一个文件夹。")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in low \
            or "not a database" in low:
        return damaged(path, "已损坏（" + sqlite_reason(exc) + "）")
    if "no such table" in low or "no such column" in low or "already exists" in low:
        return damaged(path, "的结构不完整或不一致（" + sqlite_reason(exc) + "）")
    if name.startswith("SQLITE_IOERR") or "disk i/o" in low:
        return LibraryError(f"读写资料库 {path} 时磁盘出错（{sqlite_reason(exc)}）。请检查磁盘与数据文件夹"
                            f" {folder}，运行 check 命令检查；如有损坏，{RESTORE}。")
    return LibraryError(f"无法使用资料库 {path}：{sqlite_reason(exc)}。请运行 check 命令检查；如有损坏，"
                        f"{RESTORE}。")
