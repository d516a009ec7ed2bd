"""Background work for the window: jobs on thread pools with progress, cancel and queued results.

A job is a plain function ``fn(ctx, progress, cancel) -> result`` run on a thread pool. The
function gets a :class:`WorkerContext` that opens its own :class:`core.store.Library` on the
database file (sqlite connections belong to the thread that opened them). Results, progress
and failures come back to the GUI thread through the signals of :class:`JobSignals`.

Three pools: ``serial`` (one thread) for everything that writes — import, reindex, export,
index updates — so Whoosh never sees two writers; ``reader`` (one thread) for searches;
``notes`` (one thread) for annotation writes, which are durable at once even while an import
runs: each is its own short SQLite transaction that waits (busy timeout) only for the import's
own write transaction, never for the whole import.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from core.errors import Cancelled, GazetteError, error_reason


class JobSignals(QObject):
    """progress(done, total, stage); finished(result); failed(message); cancelled()."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    done = Signal(object)    # always last, whatever the outcome: the job itself


class WorkerContext:
    """What a job function may use: its own Library (opened lazily) and the index folder."""

    def __init__(self, db_file: Path, index_dir: Path):
        self.db_file = Path(db_file)
        self.index_dir = Path(index_dir)
        self._library = None

    @property
    def library(self):
        if self._library is None:
            from core.store import Library

            self._library = Library(self.db_file)
        return self._library

    def index(self):
        from index import open_index

        return open_index(self.index_dir)

    def service(self, index_progress=None):
        """The service layer over this worker's Library: every library change goes here."""
        from service import LibraryService

        return LibraryService(self.library, self.index_dir, index_progress=index_progress)

    def close(self) -> None:
        if self._library is not None:
            self._library.close()
            self._library = None


JobFn = Callable[[WorkerContext, Callable[[int, int, str], None], threading.Event], Any]


class Job:
    """One unit of background work; keep a reference to ``signals`` to receive results.

    Not a ``QRunnable``: PySide makes a runnable given to ``QThreadPool.start`` a child of
    the pool, kept alive as long as the pool (the window) is, so every job ever run stayed in
    memory with its signals, its event and its lock — about 1.3 jobs a round of the soak
    (``tests/bench/bench_soak.py``). The pool runs ``job.run``, a callable, and lets it go
    once it has run."""

    def __init__(self, fn: JobFn, db_file: Path, index_dir: Path, name: str = "",
                 owner: QObject | None = None):
        self.fn = fn
        self.name = name
        self.db_file = db_file
        self.index_dir = index_dir
        self.cancel_event = threading.Event()
        # The signals object belongs to the GUI thread and to ``owner``: the worker thread
        # may drop the last Python reference to the job, and must not delete a QObject of
        # another thread; the runner deletes it with deleteLater() once ``done`` arrived.
        self.signals = JobSignals(owner)
        self.pool = ""                      # set by JobRunner.start
        self.result: Any = None
        self.error: str | None = None

    def cancel(self) -> None:
        self.cancel_event.set()

    def _progress(self, done: int, total: int, stage: str) -> None:
        self.signals.progress.emit(int(done), int(total), str(stage))

    def run(self) -> None:  # runs on the pool's thread
        ctx = WorkerContext(self.db_file, self.index_dir)
        try:
            self.result = self.fn(ctx, self._progress, self.cancel_event)
        except Cancelled:
            self.signals.cancelled.emit()
        except GazetteError as e:
            self.error = str(e)
            self.signals.failed.emit(str(e))
        except Exception as e:  # noqa: BLE001 - never let a traceback reach the user
            from core.store import describe_db_error

            described = describe_db_error(e, self.db_file)
            if described is None:           # a fault of ours: in errors.log with its traceback
                from .errors import record

                record(traceback.format_exc())
            self.error = str(described) if described is not None else \
                f"后台任务“{self.name or '处理'}”出错：{error_reason(e)}"
            self.signals.failed.emit(self.error)
        else:
            self.signals.finished.emit(self.result)
        finally:
            ctx.close()
            self.signals.done.emit(self)


class JobRunner(QObject):
    """Starts jobs on the serial (writes) or reader (searches) pool and keeps them alive."""

    def __init__(self, db_file: Path, index_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.db_file = Path(db_file)
        self.index_dir = Path(index_dir)
        self.serial = QThreadPool(self)
        self.serial.setMaxThreadCount(1)
        self.reader = QThreadPool(self)
        self.reader.setMaxThreadCount(1)
        self.notes = QThreadPool(self)
        self.notes.setMaxThreadCount(1)
        self._alive: set[Job] = set()

    def make(self, fn: JobFn, name: str = "") -> Job:
        """A job not started yet: connect its signals, then :meth:`start` it."""
        return Job(fn, self.db_file, self.index_dir, name, owner=self)

    def start(self, job: Job, *, pool: str = "serial") -> Job:
        job.pool = pool
        self._alive.add(job)
        job.signals.done.connect(self._forget)
        # the callable overload: PySide holds ``job.run`` until it has run, then drops it
        # (``start(QRunnable)`` would make the job a child of the pool for the pool's life)
        {"serial": self.serial, "reader": self.reader, "notes": self.notes}[pool].start(job.run)
        return job

    def submit(self, fn: JobFn, name: str = "", *, pool: str = "serial") -> Job:
        """Make and start at once (connect to the signals right after: they are queued)."""
        return self.start(self.make(fn, name), pool=pool)

    def _forget(self, job: Job) -> None:
        self._alive.discard(job)
        job.signals.deleteLater()
        # The result has been delivered by then; whoever still holds the job (a panel's
        # last job, a test) must not keep its payload: the search panel's results (~200 KB a
        # search) piled up otherwise (found by the soak, tests/bench/bench_soak.py).
        job.result = None
        job.fn = None

    def busy(self) -> bool:
        return bool(self._alive)

    def running(self, pool: str = "serial") -> list[str]:
        """The names of the jobs started on ``pool`` and not done yet."""
        return [j.name for j in self._alive if j.pool == pool]

    def cancel_all(self) -> None:
        for job in list(self._alive):
            job.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until both pools are idle (used on exit and in tests' teardown)."""
        return all(p.waitForDone(msecs) for p in (self.serial, self.reader, self.notes))
