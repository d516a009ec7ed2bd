"""The application context handed to every window and panel (no globals)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QSettings, Signal

from .jobs import JobRunner


@dataclass(frozen=True)
class Change:
    """What changed in the library, as told by ``AppContext.changed``: issues added or
    removed (``issues``), the annotations of some documents (``annotations``: their ids),
    the search index's state (``index``)."""

    issues: bool = False
    annotations: frozenset = frozenset()
    index: bool = False


class _Bus(QObject):
    changed = Signal(object)        # a Change


READ_ONLY_NOTICE = ("资料库所在的文件夹是只读的：可以阅读、检索、导出和打印，不能导入、批注或删除。"
                    "要作修改，请让该文件夹可写，或用 --data 指定一个可写的文件夹后导入。")


@dataclass
class AppContext:
    """Data folder, database file, index folder, settings and the job runner.

    ``library`` is the GUI thread's own :class:`core.store.Library`, for reads only: every
    write (imports, index updates, annotations) goes through ``jobs`` on the serial pool,
    each worker with its own Library, so the GUI thread never waits for the write lock.
    """

    folder: Path
    db_file: Path
    index_dir: Path
    settings: QSettings
    jobs: JobRunner
    _library: object = field(default=None, repr=False)
    _closed: bool = field(default=False, repr=False)
    _bus: _Bus = field(default_factory=_Bus, repr=False)

    def notify(self, change: Change) -> None:
        """Tell the views what changed (nothing once the context is closed: a job's result
        may still arrive while the window goes)."""
        if not self._closed and shiboken6.isValid(self._bus):
            self._bus.changed.emit(change)

    @property
    def changed(self):
        """Signal ``changed(Change)``: views subscribe to what concerns them; whoever changed
        the library tells it once the change is stored (``ctx.notify(Change(...))``)."""
        return self._bus.changed

    @classmethod
    def create(cls, folder: Path, settings_file: Path | None = None) -> AppContext:
        from core.paths import db_path, index_path

        folder = Path(folder)
        settings_file = settings_file or folder / "gui-settings.ini"
        settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
        db, ix = db_path(folder), index_path(folder)
        return cls(folder, db, ix, settings, JobRunner(db, ix))

    def use_index(self, index_dir: Path) -> None:
        """Search the index in ``index_dir`` from now on (a library whose folder cannot be
        written has its index in the user's cache folder: ``service.index_place``)."""
        self.index_dir = Path(index_dir)
        self.jobs.index_dir = self.index_dir

    @property
    def library(self):
        if self._library is None:
            from core.store import Library

            self._library = Library(self.db_file)
        return self._library

    def close(self) -> None:
        """Cancel and wait for the jobs, close the library, then delete the context's QObjects
        (the runner, the settings) here, on the GUI thread (a second call does nothing).

        They are QObjects of the GUI thread owned by Python, and the window and its panels
        hold them in reference cycles: left to Python, they are freed by whichever thread
        next runs the cyclic garbage collector, often a job's worker thread, and a QObject
        deleted on another thread while the GUI thread delivers it an event (QSettings posts
        itself one on every change) crashes the process. Deleting the runner also drops the
        results still queued for a window that is going away."""
        if self._closed:
            return
        self._closed = True
        self.jobs.cancel_all()
        self.jobs.wait(-1)
        self.settings.sync()
        if self._library is not None:
            self._library.close()
            self._library = None
        for f in fields(self):               # the runner, the settings, any QObject added later
            obj = getattr(self, f.name)
            if isinstance(obj, QObject) and shiboken6.isValid(obj):
                shiboken6.delete(obj)
