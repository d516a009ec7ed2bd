"""Where the window's file dialogs start: the folder last used, kept in the settings.

Every dialog began in the home folder, so a clerk who imports each month's issue from the same
folder, or saves ledgers and tables into one working folder, looked for it again each time.
Imports (``import/folder``) and exports (``export/folder``, also the 导出 PDF dialog's) each
remember their own folder, across restarts.
"""

from __future__ import annotations

from pathlib import Path

IMPORT = "import/folder"
EXPORT = "export/folder"


def last_folder(settings, key: str) -> Path:
    """The folder last used for ``key`` while it still exists, else the home folder."""
    value = settings.value(key) if settings is not None else None
    if value:
        folder = Path(str(value))
        if folder.is_dir():
            return folder
    return Path.home()


def start_path(settings, key: str, name: str = "") -> str:
    """The path a dialog starts at: ``name`` in the folder last used."""
    folder = last_folder(settings, key)
    return str(folder / name) if name else str(folder)


def remember(settings, key: str, path: str | Path) -> None:
    """Note the folder of ``path`` (a file chosen or written) for the next dialog."""
    if settings is None or not path:
        return
    settings.setValue(key, str(Path(path).parent))
