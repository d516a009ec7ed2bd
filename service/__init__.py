"""The service layer: every change of the library, together with its search-index update.

The command line and the window both change the library only through
:class:`LibraryService`; nothing else calls ``Library.import_issue``/``remove_issue`` or the
index's writers. One policy holds for every change (import, remove, re-extract, re-index):

* the SQLite library is the truth: its change is one transaction and is kept whatever happens
  to the index afterwards;
* the index follows at once; when there is no index yet it is built; when updating it fails,
  it is marked stale (the next search or window start rebuilds it) and the change reports a
  Chinese warning instead of failing.

The service sits above ``core`` and ``index`` and knows nothing of Qt or of argparse.
"""

from .library import ImportOutcome, LibraryService, RemoveOutcome, UpgradeOutcome, expand_paths

__all__ = ["ImportOutcome", "LibraryService", "RemoveOutcome", "UpgradeOutcome", "expand_paths"]
