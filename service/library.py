"""LibraryService: import, remove, re-extract and re-index under one policy (see package doc)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import Cancelled, DuplicateIssue, GazetteError, error_reason
from core.progress import Progress

if TYPE_CHECKING:
    from core.store import Library

IMPORT_SUFFIXES = (".pdf", ".txt")
STALE_WARNING = "检索索引未能更新（{error}），下次检索前将自动重建。"

# What :meth:`LibraryService.settle_index` did (``import --json``'s ``index_merge``).
MERGE_NONE, MERGE_INLINE, MERGE_BACKGROUND = "none", "inline", "background"

# The background merge processes this process started (:func:`start_detached`). A command
# exits without waiting for them; a long-lived caller (the tests) may ``wait()`` for them.
started_merges: list[subprocess.Popen] = []


@dataclass
class ImportOutcome:
    """What happened to one file: ``status`` is ok | failed | duplicate | cancelled."""

    path: Path
    status: str
    message: str = ""
    issue_id: str | None = None
    label: str = ""
    documents: int = 0
    pages: int | None = None
    replaced_id: str | None = None
    same_file: bool = False
    warning: str | None = None          # the index could not follow (the import stands)
    notes: tuple[str, ...] = field(default_factory=tuple)    # the parser's own warnings


@dataclass
class RemoveOutcome:
    issue_id: str
    warning: str | None = None


@dataclass
class UpgradeOutcome:
    renamed: tuple[str, ...] = ()        # issues whose entry was named anew
    warning: str | None = None


@dataclass
class MergeOutcome:
    """What :func:`merge_index` did: segments merged (0: no tier was full), segments left."""

    merged: int
    segments: int


def start_detached(command: Sequence[str]) -> subprocess.Popen | None:
    """Start ``command`` on its own: no standard streams (a caller capturing this process's
    output does not wait for it), its own session (a Ctrl+C at the terminal does not reach
    it), no inherited file descriptors (it holds no lock of this process). Returns the
    process (also kept in :data:`started_merges`), or None when it cannot be started."""
    options: dict = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL,
                     "stderr": subprocess.DEVNULL, "close_fds": True}
    if os.name == "posix":
        options["start_new_session"] = True
    else:                                                     # pragma: no cover - Windows
        options["creationflags"] = (subprocess.CREATE_NEW_PROCESS_GROUP
                                    | subprocess.DETACHED_PROCESS)
    try:
        process = subprocess.Popen(list(command), **options)
    except (OSError, ValueError):
        return None
    started_merges.append(process)
    return process


def merge_index(index_dir: Path) -> MergeOutcome:
    """Merge every full tier of the index's segments (``merge-index``: what a command-line
    import starts in the background). Each merge holds the index lock; searches meanwhile
    read the last committed generation; a merge that fails or is killed leaves the segments
    as they were (merged again next time). Raises ``IndexUnavailable`` when there is no
    readable index."""
    from index import IndexUnavailable, open_index

    idx = open_index(Path(index_dir))
    if not idx.exists():
        raise IndexUnavailable(f"检索索引 {index_dir} 不存在，无需合并；检索时会自动建立。")
    merged = idx.merge_all()
    return MergeOutcome(merged, len(idx.segment_sizes()))


def expand_paths(paths: Iterable) -> list[Path]:
    """Files as given; folders replaced by the PDF and TXT files directly inside them."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(c for c in p.iterdir() if c.suffix.lower() in IMPORT_SUFFIXES)
        else:
            out.append(p)
    return out


class LibraryService:
    """Changes ``library`` (a ``core.store.Library``) and the index in ``index_dir`` together.

    ``index_progress`` (optional) reports the building of a missing index.

    Merging the index's small segments (a full tier of :data:`index.build.MERGE_FACTOR`):
    without ``merge_command`` (the library API, the window's import job, the tests) it is
    done in this process — by :meth:`import_file` after its file, by :meth:`import_files`
    once after the last file. With ``merge_command`` (the command line's ``import``),
    imports only commit their segment, and :meth:`settle_index`, called after the last
    file, starts ``merge_command`` as a detached background process when a merge is due,
    so that the importing process exits at once.

    With ``parallel_index`` (the command line), an import forks a child that writes the
    issue's index segment while the issue is stored (:mod:`index.prepared`); the segment is
    committed after the library's transaction, as the index policy wants. The window does
    not: its process runs other threads.
    """

    def __init__(self, library: Library, index_dir: Path,
                 index_progress: Progress | None = None,
                 merge_command: Sequence[str] | None = None, parallel_index: bool = False):
        self.library = library
        self.index_dir = Path(index_dir)
        self.index_progress = index_progress
        self.merge_command = list(merge_command) if merge_command else None
        self.parallel_index = parallel_index

    # -- the index policy -----------------------------------------------------------------
    def index(self):
        from index import open_index

        return open_index(self.index_dir)

    def _follow(self, change: Callable[[object], None]) -> str | None:
        """Apply ``change(index)`` after a library change; a missing index is built instead.
        Returns None, or the warning when the index could not follow (it is marked stale)."""
        idx = None
        try:
            idx = self.index()
            if not idx.exists():
                idx.rebuild(self.library, self.index_progress)
            else:
                change(idx)
            return None
        except Cancelled:
            raise
        except Exception as e:  # noqa: BLE001 - the library change stands whatever the index does
            try:
                (idx or self.index()).mark_stale()
            except Exception:  # noqa: BLE001 - marking is best effort; the check rebuilds
                pass
            return STALE_WARNING.format(error=error_reason(e))

    def settle_index(self) -> str:
        """After imports that did not merge (see the class): merge a full tier of segments.
        Returns ``"background"`` (``merge_command`` was started), ``"inline"`` (merged in
        this process: no ``merge_command``, or it could not be started) or ``"none"`` (no
        tier full, no readable index — the next search rebuilds it — or the merge failed:
        the segments stay, and the next import or ``merge-index`` merges them)."""
        try:
            idx = self.index()
            if not idx.merge_due():
                return MERGE_NONE
        except Exception:  # noqa: BLE001 - no readable index: nothing to merge
            return MERGE_NONE
        if self.merge_command is not None and start_detached(self.merge_command) is not None:
            return MERGE_BACKGROUND
        try:
            idx.merge_all()
        except Exception:  # noqa: BLE001 - the previous generation stands; merged next time
            return MERGE_NONE
        return MERGE_INLINE

    # -- changes --------------------------------------------------------------------------
    def import_file(self, path: Path, *, replace: bool = False,
                    progress: Progress | None = None,
                    cancel: threading.Event | None = None) -> ImportOutcome:
        """Import one file (one transaction) and add it to the index (merging a full tier
        at once unless this service has a ``merge_command``: then call
        :meth:`settle_index` after the last file). Raises ``Cancelled``; every other
        failure is an outcome."""
        return self._import(path, replace, progress, cancel, merge=self.merge_command is None)

    def _import(self, path: Path, replace: bool, progress: Progress | None,
                cancel: threading.Event | None, merge: bool) -> ImportOutcome:
        from core.importer import import_file

        path = Path(path)
        prepared = []         # the child writing the index segment (parallel_index), if any

        def on_parsed(parsed) -> None:
            # the index segment is written by a child process while the issue is stored
            # (not for a file the store will refuse as already there)
            with contextlib.suppress(Exception):
                self.library.check_new(parsed.issue, replace)
                prepared.append(self.index().prepare_issue(parsed))

        try:
            try:
                rep = import_file(self.library, path, replace=replace, progress=progress,
                                  cancel=cancel,
                                  on_parsed=on_parsed if self.parallel_index else None)
            except DuplicateIssue as e:
                return ImportOutcome(path, "duplicate", str(e), issue_id=e.existing_id,
                                     same_file=e.same_file)
            except Cancelled:
                raise
            except GazetteError as e:
                return ImportOutcome(path, "failed", str(e))

            def update(idx) -> None:
                if rep.replaced_id:
                    idx.remove_issue(rep.replaced_id)
                idx.add_issue(self.library, rep.issue_id, merge=merge,
                              prepared=prepared[0] if prepared else None)

            if progress:
                progress(1, 1, "更新检索索引")
            warning = self._follow(update)
        finally:
            # used or not, failed or not: the child is stopped and its folder removed
            for prep in prepared:
                if prep is not None:
                    prep.discard()
        return ImportOutcome(path, "ok", issue_id=rep.issue_id, label=rep.label,
                             documents=rep.documents, pages=rep.pages,
                             replaced_id=rep.replaced_id, warning=warning,
                             notes=tuple(rep.warnings))

    def import_files(self, paths: Iterable, *, replace: bool = False,
                     progress: Progress | None = None,
                     cancel: threading.Event | None = None,
                     on_file: Callable[[Path], None] | None = None) -> list[ImportOutcome]:
        """Import each file in turn. ``progress`` gets one scale for all files (0..100·n);
        after 取消 the file being imported is rolled back and the rest are ``cancelled``.
        The index's segments are merged once, after the last file (:meth:`settle_index`)."""
        files = expand_paths(paths)
        n = len(files)
        outcomes: list[ImportOutcome] = []
        for i, path in enumerate(files):
            if cancel is not None and cancel.is_set():
                outcomes += [ImportOutcome(p, "cancelled", "已取消") for p in files[i:]]
                break
            if on_file:
                on_file(path)

            def step(done: int, total: int, stage: str, i=i, name=path.name) -> None:
                if progress:
                    frac = (done / total) if total else 0.0
                    progress(int((i + frac) * 100), n * 100, f"{name}（{i + 1}/{n}）：{stage}")

            step(0, 1, "读取")
            try:
                outcomes.append(self._import(path, replace, step, cancel, merge=False))
            except Cancelled:
                outcomes += [ImportOutcome(p, "cancelled", "已取消") for p in files[i:]]
                break
        if any(o.status == "ok" for o in outcomes):
            if progress:
                progress(n * 100, n * 100, "整理检索索引")
            self.settle_index()
        return outcomes

    def remove_issue(self, issue_id: str) -> RemoveOutcome:
        """Delete an issue (annotations are kept) and take it out of the index.

        Like an import, a removal derives the statuses (效力) it can change again in the
        same transaction (``core.store.refs``): removing a repealing issue restores what it
        repealed."""
        self.library.remove_issue(issue_id)
        return RemoveOutcome(issue_id, self._follow(lambda idx: idx.remove_issue(issue_id)))

    def reextract(self, progress: Progress | None = None,
                  cancel: threading.Event | None = None):
        """Re-run table, task and citation extraction over every issue (annotations
        untouched), then derive the statuses again. Blocks and their text do not change, so
        the index needs no update."""
        from core.extract.reextract import reextract_library

        result = reextract_library(self.library, progress, cancel)
        self.library.reextract_refs()
        return result

    def ensure_refs(self) -> None:
        """Read the citations of a library stored before they existed (once; a no-op
        afterwards). Statuses are derived in the same transaction."""
        self.library.ensure_refs()

    def upgrade(self) -> UpgradeOutcome:
        """Bring a library stored by an older version up to date (once; a no-op
        afterwards): single documents filed under 《未知公报》 get their own entry's name
        (``Library.name_single_documents``) and the index follows (when it cannot, it is
        marked stale and rebuilt before the next search: ``warning``); issues filed under
        《未知公报》 whose file's name holds the gazette's take it
        (``Library.name_issues_by_file``: the index holds no gazette name)."""
        renamed = self.library.name_single_documents()
        by_file = self.library.name_issues_by_file()
        if not renamed:
            return UpgradeOutcome(tuple(by_file))

        def update(idx) -> None:
            for issue_id in renamed:
                idx.add_issue(self.library, issue_id)

        return UpgradeOutcome(tuple(renamed) + tuple(by_file), self._follow(update))

    def reindex(self, progress: Progress | None = None,
                cancel: threading.Event | None = None) -> int:
        """Rebuild the index from the library; returns the number of documents indexed."""
        return self.index().rebuild(self.library, progress, cancel)

    def ensure_index(self, progress: Progress | None = None,
                     cancel: threading.Event | None = None) -> bool:
        """Rebuild the index if it is missing, stale or damaged; True when it was rebuilt."""
        return self.index().open_or_rebuild(self.library, progress=progress, cancel=cancel)
