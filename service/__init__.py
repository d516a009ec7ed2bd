"""The service layer: every change of the library, together with its search-index update.

The command line and the window both change the library only through
:class:`LibraryService`; nothing else calls ``Library.import_issue``/``remove_issue`` or the
index's writers. One policy holds for every change (import, remove, re-extract, re-index):

* the SQLite library is the truth: its change is one transaction and is kept whatever happens
  to the index afterwards;
* the index follows at once; when there is no index yet it is built; when updating it fails,
  it is marked stale (the next search or window start rebuilds it) and the change reports a
  Chinese warning instead of failing;
* small index segments are merged when a tier is full: in the process that imports (the
  window's job, once after its last file), or — the command line's ``import`` — by a
  detached ``merge-index`` process (:func:`start_detached`, :func:`merge_index`), so that the
  command exits at once.

The service sits above ``core`` and ``index`` and knows nothing of Qt or of argparse.
"""

from .library import (
    MERGE_BACKGROUND,
    MERGE_INLINE,
    MERGE_NONE,
    ImportOutcome,
    LibraryService,
    MergeOutcome,
    RemoveOutcome,
    UpgradeOutcome,
    expand_paths,
    merge_index,
    start_detached,
)

__all__ = ["ImportOutcome", "LibraryService", "MergeOutcome", "RemoveOutcome", "UpgradeOutcome",
           "expand_paths", "merge_index", "start_detached", "MERGE_NONE", "MERGE_INLINE",
           "MERGE_BACKGROUND"]
