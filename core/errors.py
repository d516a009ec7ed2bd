"""Errors that reach the user carry a message in Chinese that names the file and the reason."""

from __future__ import annotations


class GazetteError(Exception):
    """Base class: ``str(err)`` is a complete, user-facing Chinese message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(GazetteError):
    """The file cannot be read as a gazette (empty, binary, encoding, corrupt PDF, ...)."""


class NotAGazette(InputError):
    """The file reads fine but holds no official document."""


class DuplicateIssue(GazetteError):
    """The same issue is already in the library (same file, or same gazette/year/number)."""

    def __init__(self, message: str, existing_id: str, same_file: bool):
        super().__init__(message)
        self.existing_id = existing_id
        self.same_file = same_file


class NotFound(GazetteError):
    """An id or 文号 given by the user matches nothing in the library."""


class Cancelled(GazetteError):
    """The user cancelled a long operation; nothing was changed."""

    def __init__(self, message: str = "操作已取消，资料库未作任何改动。"):
        super().__init__(message)


# errno → the reason in Chinese (the system's own text, e.strerror, is English).
_OS_REASONS = {
    "ENOENT": "文件或文件夹不存在",
    "ENOTDIR": "路径中有一部分不是文件夹",
    "EISDIR": "这是一个文件夹，不是文件",
    "EACCES": "没有访问权限",
    "EPERM": "操作不被允许（没有权限）",
    "EROFS": "所在磁盘或文件夹是只读的",
    "ENOSPC": "磁盘空间不足",
    "EDQUOT": "磁盘配额已用完",
    "ENAMETOOLONG": "文件名或路径太长",
    "ELOOP": "符号链接形成了循环",
    "EEXIST": "同名文件已存在",
    "ENOTEMPTY": "文件夹不是空的",
    "EBUSY": "文件正被占用",
    "ETXTBSY": "文件正被占用",
    "EIO": "磁盘读写出错",
    "EMFILE": "打开的文件过多",
    "ENFILE": "打开的文件过多",
    "ENOMEM": "内存不足",
    "EFBIG": "文件过大",
    "EXDEV": "不能跨磁盘移动",
    "EINVAL": "文件名或参数无效",
    "ENXIO": "设备不存在",
    "ENODEV": "设备不存在",
    "EAGAIN": "资源暂时不可用，请稍后重试",
    "EINTR": "操作被中断",
    "ETIMEDOUT": "操作超时",
    "ESTALE": "网络文件夹已失效，请重新连接",
    "EOPNOTSUPP": "所在文件系统不支持这一操作",
    "ENOTSUP": "所在文件系统不支持这一操作",
    "EBADF": "文件已关闭",
}


def os_reason(exc: BaseException) -> str:
    """Why an operating-system error happened, in Chinese (never the English
    ``strerror``): 没有访问权限, 磁盘空间不足 … An unknown error number is given as a number."""
    import errno

    code = getattr(exc, "errno", None)
    name = errno.errorcode.get(code) if isinstance(code, int) else None
    if name in _OS_REASONS:
        return _OS_REASONS[name]
    if isinstance(code, int):
        return f"系统错误（错误号 {code}）"
    return "系统错误"


def error_reason(exc: BaseException) -> str:
    """A reason to put in a Chinese message for any exception: the message of a
    :class:`GazetteError`, :func:`os_reason` of an ``OSError``, else 程序内部错误 with the
    exception's type (its English text goes to the log, not to the user)."""
    if isinstance(exc, GazetteError):
        return str(exc)
    if isinstance(exc, OSError):
        return os_reason(exc)
    if isinstance(exc, MemoryError):
        return "内存不足"
    if isinstance(exc, RecursionError):
        return "符号链接形成了循环或嵌套过深"
    return f"程序内部错误（{type(exc).__name__}）"
