"""An issue's index segment written beside the library's transaction, on the other core.

Adding an issue used to run three steps one after the other: parse, store (one SQLite
transaction), index (count the grams, write the segment, commit). The index step needs
only what the parse produced, so the command line's ``import`` forks a child as soon as the
parse is done: the child writes the issue's segment into a folder of its own beside the
index (``<index>.add-<pid>-<token>``), while the parent stores the issue. Once the
transaction has committed, the parent, under the index lock, moves the segment's files into
the index and commits a table of contents that adds the segment and deletes what the library
no longer holds (:func:`index.build.commit_segment`) — the same index as adding the issue
from the library (a test compares them).

The index still follows the library, never leads it: a segment is committed only after the
issue's transaction, and thrown away when the import fails. Whenever the child cannot be
used (no ``fork`` on this system, other threads in the process, the child failed or wrote
something unexpected) the issue is added the usual way (:meth:`SearchIndex.add_issue`).
``GAZETTE_INDEX_FORK=0`` turns the child off.

Only on Linux, and only in a process with one thread (the command line): forking a process
that runs other threads — the window's — can leave the child waiting on a lock one of them
held.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import uuid
from pathlib import Path

from . import build

ENV_SWITCH = "GAZETTE_INDEX_FORK"
PREFIX = build.ADDED_PREFIX


def can_fork() -> bool:
    """This process may fork a child to write a segment."""
    return (sys.platform.startswith("linux") and hasattr(os, "fork")
            and os.environ.get(ENV_SWITCH, "1") != "0"
            and threading.active_count() == 1)


class PreparedSegment:
    """A child process writing one issue's segment into ``folder``."""

    def __init__(self, pid: int, folder: Path, documents: int):
        self.pid = pid
        self.folder = folder
        self.documents = documents
        self._status: int | None = None

    def wait(self) -> bool:
        """Wait for the child; True when it wrote its segment."""
        if self._status is None:
            try:
                _pid, status = os.waitpid(self.pid, 0)
                self._status = os.waitstatus_to_exitcode(status)
            except ChildProcessError:
                self._status = -1
        return self._status == 0

    def segment(self, indexname: str):
        """The segment the child wrote (its table of contents read back): exactly one,
        holding every document of the issue; else ValueError."""
        from whoosh.filedb.filestore import FileStorage

        storage = FileStorage(str(self.folder))
        toc = storage.open_index(indexname)._read_toc()
        if len(toc.segments) != 1 or toc.segments[0].doc_count_all() != self.documents:
            raise ValueError("prepared segment does not hold the issue")
        return toc.segments[0]

    def discard(self) -> None:
        """Stop the child if it still runs and remove its folder (idempotent)."""
        if self._status is None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            self.wait()
        build.remove_tree(self.folder)


def start(index_dir: Path, schema, indexname: str, issue, documents, blocks
          ) -> PreparedSegment | None:
    """Fork a child that writes the segment of ``issue`` (its parsed ``documents`` and
    ``blocks``) with ``schema``; None when this process may not fork or the fork failed."""
    if not can_fork():
        return None
    index_dir = Path(index_dir)
    folder = index_dir.with_name(f"{index_dir.name}{PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}")
    pairs = build.parsed_documents(documents, blocks)
    parent = os.getpid()
    try:
        folder.mkdir()
        pid = os.fork()
    except OSError:
        build.remove_tree(folder)
        return None
    if pid == 0:                                   # the child: write, then leave at once
        code = 1
        try:
            _detach(parent)
            _write(folder, schema, indexname, issue, pairs)
            code = 0
        except BaseException:  # noqa: BLE001 - the parent sees the exit code and falls back
            pass
        finally:
            os._exit(code)
    return PreparedSegment(pid, folder, len(pairs))


def _detach(parent: int) -> None:
    """In the child: hold none of the parent's terminal or pipes (a caller reading the
    command's output until its end must not wait for the child), and die with the parent
    (a killed import stops its child)."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    with contextlib.suppress(Exception):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:                    # the parent died before that
        raise SystemExit(1)


def _write(folder: Path, schema, indexname: str, issue, pairs) -> None:
    from whoosh.filedb.filestore import FileStorage

    ix = FileStorage(str(folder)).create_index(schema, indexname=indexname)
    writer = ix.writer(**build.writer_options())
    try:
        build.add_documents(writer, issue, pairs)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=False)
