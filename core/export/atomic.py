"""Writing an export file atomically: into a temporary file beside it, then ``os.replace``.

Either the whole file appears or nothing does; an unwritable folder or a full disk becomes an
:class:`ExportError` with a Chinese message naming the file, and no partial file is left.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from ..errors import GazetteError


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
    return exc.strerror or str(exc)


def _write_bytes(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]
    os.fsync(fd)


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; returns the absolute path written.

    Raises :class:`ExportError` (nothing written, no temporary file left) on any OS error.
    """
    target = Path(path).expanduser().absolute()
    if target.is_dir():
        raise ExportError(f"无法保存到 {target}：这是一个文件夹，请给出文件名。")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                        suffix=".part")
        try:
            _write_bytes(fd, data)
        finally:
            os.close(fd)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as e:
        raise ExportError(f"无法保存文件 {target}：{_reason(e)}，文件未写入。") from e
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
    return target
