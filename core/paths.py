"""Where the library lives: ``--data DIR`` > ``$GAZETTE_DATA`` > platformdirs' user data folder."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import GazetteError, error_reason, os_reason

APP_NAME = "GazetteReader"
ENV_VAR = "GAZETTE_DATA"
DB_NAME = "library.sqlite"
INDEX_DIR = "index"


class DataDirError(GazetteError):
    """A ``--data`` value that cannot be a data folder."""


# Kernel file systems: never a place for a library.
_SYSTEM_ROOTS = ("/proc", "/sys", "/dev")


def resolve_data_dir(option: str | os.PathLike | None = None) -> Path:
    """The data folder a ``--data`` value (or ``$GAZETTE_DATA``, or the user data folder)
    names, validated but not created. An empty value, ``~user`` of an unknown user, a path
    under /proc, /sys or /dev, and a path that is a file raise :class:`DataDirError`."""
    class_ = DataDirError
    if option is not None and not str(option).strip():
        raise class_("--data 的值是空的：请给出资料库文件夹，例如 --data ~/公报资料库。")
    if option:
        raw = str(option)
    elif os.environ.get(ENV_VAR, "").strip():
        raw = os.environ[ENV_VAR]
    else:
        from platformdirs import user_data_dir

        raw = user_data_dir(APP_NAME, appauthor=False)
    try:
        path = Path(raw).expanduser()
    except RuntimeError as e:          # ~nouser: no such user
        raise class_(f"数据文件夹 {raw} 无法展开：没有这个用户。请给出完整路径。") from e
    if str(path).startswith("~"):
        raise class_(f"数据文件夹 {raw} 无法展开：没有这个用户。请给出完整路径。")
    try:
        path = path.resolve()
    except (OSError, RuntimeError) as e:
        raise class_(f"数据文件夹 {raw} 无法解析（{error_reason(e)}）。请给出另一个文件夹。") from e
    text = str(path)
    if any(text == r or text.startswith(r + "/") for r in _SYSTEM_ROOTS):
        raise class_(f"数据文件夹 {path} 是系统目录，不能存放资料库。请给出另一个文件夹。")
    if path.exists() and not path.is_dir():
        raise class_(f"数据文件夹 {path} 是一个文件，不是文件夹。请给出另一个文件夹。")
    return path


def data_dir(option: str | os.PathLike | None = None) -> Path:
    """Return the data folder (validated, created if missing)."""
    path = resolve_data_dir(option)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DataDirError(f"无法创建数据文件夹 {path}：{os_reason(e)}。请检查权限，"
                           "或用 --data 指定另一个文件夹。") from e
    return path


def db_path(folder: Path) -> Path:
    return folder / DB_NAME


def index_path(folder: Path) -> Path:
    return folder / INDEX_DIR


def resources_dir() -> Path:
    """The repository's ``resources/`` folder (unit aliases, user dictionary, fonts, styles)."""
    return Path(__file__).resolve().parent.parent / "resources"
