"""Where the search index of a library lives: in its data folder, or — when that folder
cannot be written (a read-only share, a CD) and holds no usable index — in the user's cache
folder.

    place = index_place(folder, library)
    LibraryService(library, place.dir)     # builds it there when missing, as anywhere

The cached index is keyed by the library's path and by its content (the issues it holds:
id, source file's sha256, time of import), so a library that changed on its share gets a new
index, not an outdated one; the earlier ones of that path are removed. Nothing is ever
written into the read-only folder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from core.paths import APP_NAME, index_path

if TYPE_CHECKING:
    from core.store import Library

CACHE_SUBDIR = "indexes"


@dataclass(frozen=True, slots=True)
class IndexPlace:
    """``dir``: the index folder to use; ``read_only``: the data folder cannot be written;
    ``cached``: ``dir`` is in the user's cache folder (then it may have to be built)."""

    dir: Path
    read_only: bool = False
    cached: bool = False

    def notice(self) -> str:
        """One Chinese sentence for the user (empty when the index is in the data folder)."""
        if not self.cached:
            return ""
        return (f"资料库文件夹是只读的，检索索引建在本机缓存文件夹 {self.dir} 中"
                "（资料库本身不作任何改动）。")


def data_folder_writable(folder: Path) -> bool:
    """Whether the index can be written in the data folder: the folder (for ``index.lock``
    and a rebuild's ``index.new-*``) and the index folder if there is one. ``os.access``
    also says no for a read-only file system."""
    own = index_path(Path(folder))
    return os.access(folder, os.W_OK) and (not own.exists() or os.access(own, os.W_OK))


def cache_root() -> Path:
    """The user's cache folder for the program (platformdirs)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def _path_key(db_file: Path) -> str:
    return hashlib.sha256(str(Path(db_file).absolute()).encode("utf-8")).hexdigest()[:16]


def content_key(library: Library) -> str:
    """What the index is built from, in a few hex digits: the library's issues (id, source
    file's sha256, time of import: a re-import changes it)."""
    h = hashlib.sha256()
    for issue in sorted(library.issues(), key=lambda i: i.id):
        h.update(f"{issue.id}\t{issue.sha256}\t{issue.imported_at}\n".encode())
    return h.hexdigest()[:16]


def _own_index_usable(own: Path, library: Library) -> bool:
    """An index in the read-only data folder that holds exactly the library's issues (and
    is of this version, not stale, readable) can be used as it is."""
    from index import open_index

    if not own.is_dir():
        return False
    idx = open_index(own)
    try:
        return not idx.needs_rebuild(library)
    except Exception:  # noqa: BLE001 - unreadable: the cache gets its own
        return False


def index_place(folder: Path, library: Library, *,
                writable: Callable[[Path], bool] | None = None,
                cache: Path | None = None) -> IndexPlace:
    """The index folder for the library in ``folder`` (see the module's doc). ``writable``
    decides whether the data folder can be written (default :func:`data_folder_writable`);
    ``cache``: the cache folder (default :func:`cache_root`)."""
    folder = Path(folder)
    own = index_path(folder)
    if (writable or data_folder_writable)(folder):
        return IndexPlace(own)
    if _own_index_usable(own, library):
        return IndexPlace(own, read_only=True)
    root = Path(cache) if cache is not None else cache_root()
    base = root / CACHE_SUBDIR
    prefix = _path_key(Path(library.path)) + "-"
    here = base / (prefix + content_key(library))
    if base.is_dir():                     # the indexes of this library's earlier content
        for other in base.iterdir():
            if other.name.startswith(prefix) and other != here:
                shutil.rmtree(other, ignore_errors=True)
    return IndexPlace(here / "index", read_only=True, cached=True)
