"""Where the library lives: ``--data DIR`` > ``$GAZETTE_DATA`` > platformdirs' user data folder."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "GazetteReader"
ENV_VAR = "GAZETTE_DATA"
DB_NAME = "library.sqlite"
INDEX_DIR = "index"


def data_dir(option: str | os.PathLike | None = None) -> Path:
    """Return the data folder (created if missing)."""
    if option:
        path = Path(option)
    elif os.environ.get(ENV_VAR):
        path = Path(os.environ[ENV_VAR])
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, appauthor=False))
    path = path.expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def db_path(folder: Path) -> Path:
    return folder / DB_NAME


def index_path(folder: Path) -> Path:
    return folder / INDEX_DIR


def resources_dir() -> Path:
    """The repository's ``resources/`` folder (unit aliases, user dictionary, fonts, styles)."""
    return Path(__file__).resolve().parent.parent / "resources"
