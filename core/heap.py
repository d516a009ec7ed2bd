"""The process's long-lived objects, kept out of the garbage collector's way.

A window (or any process that searches again and again) holds, once its index is warm,
tens of thousands of objects that live as long as it does: modules, classes, the index's
per-document table and searcher, the window's widgets. Python's collector traverses all of
them in every full collection, and the objects a search makes bring one on every few dozen
searches of a common word: at 300 issues a full collection took 9–18 ms, a pause inside
the search that met it (the search itself: 5–8 ms). :func:`freeze_long_lived` moves the
objects alive at that moment into the collector's permanent generation (``gc.freeze``):
full collections then traverse only what was made since, and everything made later is
collected as before.
"""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_frozen = False


def freeze_long_lived() -> bool:
    """Freeze the objects alive now (once per process; later calls do nothing). Returns
    whether this call froze them. Call it once the process has settled (its index warm,
    its window built), not in a library function: an object frozen is never collected."""
    global _frozen
    with _lock:
        if _frozen:
            return False
        _frozen = True
        gc.freeze()
        return True
