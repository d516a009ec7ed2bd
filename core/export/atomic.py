"""The one export writer: into a temporary file beside the target, fsync, then ``os.replace``.

Every export (xlsx, CSV, Markdown, PDF, digest) goes through :func:`write_atomic`. Either the
whole file appears or nothing does; the target is refused when it exists and is not a regular
file (a folder, a symbolic link, a FIFO, a device), so an export never writes into a pipe or
replaces ``/dev/...``; an unwritable folder or a full disk becomes an :class:`ExportError`
with a Chinese message naming the file, and the temporary file is removed on every failure.
A writer holds a lock on its temporary file; one left by a killed export (its lock free) is
removed by the next export to the same name.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
import tempfile
from pathlib import Path

from ..errors import GazetteError, os_reason


class ExportError(GazetteError):
    """An export file could not be written (folder missing or read-only, disk full ...)."""


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "磁盘空间不足"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "没有写入权限"
    if exc.errno == errno.ENOENT:
        return "所在文件夹不存在"
    if exc.errno == errno.ENOTDIR:
        return "路径中有一部分不是文件夹"
    if exc.errno == errno.EISDIR:
        return "这是一个文件夹"
    return os_reason(exc)


def _write_bytes(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]
    os.fsync(fd)


def check_target(path: str | Path) -> Path:
    """The absolute target path, or :class:`ExportError` when it exists and is not a
    regular file (a folder, symbolic link, FIFO, socket or device)."""
    target = Path(path).expanduser().absolute()
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return target
    except OSError as e:
        raise ExportError(f"无法保存文件 {target}：{_reason(e)}，文件未写入。") from e
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return target
    if stat.S_ISDIR(mode):
        what = "这是一个文件夹，请给出文件名"
    elif stat.S_ISLNK(mode):
        what = "这是一个符号链接，为安全起见不写入，请另选文件名"
    elif stat.S_ISFIFO(mode):
        what = "这是一个管道（FIFO），不是普通文件，请另选文件名"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "这是一个设备文件，不是普通文件，请另选文件名"
    else:
        what = "这不是普通文件，请另选文件名"
    raise ExportError(f"无法保存到 {target}：{what}。文件未写入。")


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _lock(fd: int) -> None:
    """Hold an exclusive lock on a temporary file while writing it: a leftover that is not
    locked belongs to a writer that died (killed export) and may be removed."""
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (ImportError, OSError):
        pass


def remove_leftovers(target: Path) -> int:
    """Remove ``.NAME.*.part`` files beside ``target`` left by a writer that was killed
    (their lock is free); returns how many were removed."""
    try:
        import fcntl
    except ImportError:
        return 0
    removed = 0
    try:
        candidates = list(target.parent.glob(f".{glob.escape(target.name)}.*.part"))
    except OSError:
        return 0
    for leftover in candidates:
        try:
            fd = os.open(leftover, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                continue
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue                      # a live writer holds it
        else:
            try:
                os.unlink(leftover)
                removed += 1
            except OSError:
                pass
        finally:
            os.close(fd)
    return removed


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; returns the absolute path written.

    Raises :class:`ExportError` (nothing written, no temporary file left) on any OS error
    and when the target exists but is not a regular file.
    """
    target = check_target(path)
    remove_leftovers(target)
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                        suffix=".part")
        try:
            _lock(fd)
            _write_bytes(fd, data)
        finally:
            os.close(fd)
        os.chmod(tmp_name, 0o644)
        check_target(target)             # still not a FIFO/link created meanwhile
        os.replace(tmp_name, target)
        tmp_name = None
        _sync_dir(target.parent)
    except OSError as e:
        raise ExportError(f"无法保存文件 {target}：{_reason(e)}，文件未写入。") from e
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
    return target


def safe_filename(text: str, fallback: str = "导出", limit: int = 60) -> str:
    """A file name (without folder) made from document text: path separators, characters
    Windows forbids and control characters become ``_``; no leading dot or space, no ``..``;
    at most ``limit`` characters. Joined to a folder it always stays inside it."""
    bad = set('\\/:*?"<>|')
    name = "".join("_" if c in bad or ord(c) < 32 or 0x7f <= ord(c) < 0xa0 else c
                   for c in text or "")
    while ".." in name:
        name = name.replace("..", "_")
    name = name.strip().lstrip(". ").strip()[:limit].rstrip(". ")
    return name or fallback
