"""Keeping the library safe: an online backup and an integrity check.

``backup(library, path)`` copies the open library with SQLite's online backup API (a
consistent snapshot, even while another program writes) into a temporary file beside the
target, checks the copy, fsyncs it and renames it over the target: the backup appears whole or
not at all. ``integrity_problems(library)`` runs ``PRAGMA integrity_check`` and
``PRAGMA foreign_key_check`` and returns what they found (empty when all is well).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..export.atomic import ExportError, _reason, _sync_dir, check_target
from .dberrors import sqlite_reason

if TYPE_CHECKING:
    from . import Library


def backup(library: Library, path: str | Path, progress=None) -> Path:
    """Write a copy of ``library`` to ``path`` atomically; returns the absolute path.

    Raises :class:`ExportError` with a Chinese message (nothing left behind) when the target
    is the library itself, not a regular file, or cannot be written."""
    target = check_target(path)
    src = Path(library.path).absolute()
    for suffix in ("", "-wal", "-shm", "-journal"):
        other = Path(str(src) + suffix)
        if target == other or (target.exists() and other.exists()
                               and os.path.samefile(target, other)):
            raise ExportError(f"无法备份到 {target}：这是资料库自己的文件，请另选文件名。")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        os.close(fd)
        dst = sqlite3.connect(tmp)
        try:
            def step(status, remaining, total):
                if progress is not None and total:
                    progress(total - remaining, total, "备份")

            library.db.conn.backup(dst, pages=256, progress=step)
            dst.execute("PRAGMA journal_mode = DELETE")
            bad = dst.execute("PRAGMA quick_check").fetchall()
            if [r[0] for r in bad] != ["ok"]:
                raise ExportError(f"备份 {target} 的副本未通过检查，未写入。请运行 check 命令检查资料库。")
        finally:
            dst.close()
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, 0o644)
        check_target(target)
        os.replace(tmp, target)
        tmp = None
        _sync_dir(target.parent)
    except OSError as e:
        raise ExportError(f"无法保存备份 {target}：{_reason(e)}，文件未写入。") from e
    except sqlite3.Error as e:
        reason = sqlite_reason(e)
        raise ExportError(f"无法保存备份 {target}：{reason}，文件未写入。") from e
    finally:
        if tmp is not None:
            for suffix in ("", "-journal"):
                with contextlib.suppress(OSError):
                    os.unlink(tmp + suffix)
    return target


def integrity_problems(library: Library, limit: int = 20) -> list[str]:
    """What ``PRAGMA integrity_check`` and ``foreign_key_check`` report (empty: all is well)."""
    conn = library.db.conn
    rows = [r[0] for r in conn.execute(f"PRAGMA integrity_check({int(limit)})").fetchall()]
    problems = [] if rows == ["ok"] else rows
    fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    if fk:
        tables = sorted({r[0] for r in fk})
        problems.append(f"{len(fk)} 行引用了不存在的记录（表 {'、'.join(tables)}）")
    return problems
