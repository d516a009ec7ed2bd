"""Where the reader has been and what it keeps at hand: back/forward history, 收藏 and
最近打开 (kept in the data folder's settings, so they travel with the library).

Plain Python over a QSettings: the window drives them (``gui/mainwindow.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_HISTORY = 100
MAX_RECENT = 15
MAX_BOOKMARKS = 200


@dataclass
class Place:
    """A place in the library: a document and (optionally) the block shown at the top."""

    doc_id: str
    block_id: str | None = None
    offset: int = 0


class History:
    """Browser-like history: ``visit`` after the current entry drops the forward entries."""

    def __init__(self) -> None:
        self.places: list[Place] = []
        self.index = -1

    @property
    def current(self) -> Place | None:
        return self.places[self.index] if 0 <= self.index < len(self.places) else None

    def visit(self, place: Place) -> None:
        cur = self.current
        if cur is not None and cur.doc_id == place.doc_id and cur.block_id == place.block_id:
            return
        del self.places[self.index + 1:]
        self.places.append(place)
        if len(self.places) > MAX_HISTORY:
            del self.places[0]
        self.index = len(self.places) - 1

    def update_current(self, block_id: str | None) -> None:
        """Remember where the current entry was read to (back returns there)."""
        cur = self.current
        if cur is not None and block_id:
            cur.block_id, cur.offset = block_id, 0

    def can_back(self) -> bool:
        return self.index > 0

    def can_forward(self) -> bool:
        return self.index < len(self.places) - 1

    def back(self) -> Place | None:
        if not self.can_back():
            return None
        self.index -= 1
        return self.places[self.index]

    def forward(self) -> Place | None:
        if not self.can_forward():
            return None
        self.index += 1
        return self.places[self.index]

    def forget(self, doc_ids: set[str]) -> None:
        """Drop the places of removed documents."""
        keep = [p for p in self.places if p.doc_id not in doc_ids]
        cur = self.current
        self.places = keep
        self.index = keep.index(cur) if cur in keep else len(keep) - 1


@dataclass
class Bookmark:
    doc_id: str
    block_id: str
    label: str

    def encode(self) -> str:
        return "\t".join((self.doc_id, self.block_id, self.label.replace("\t", " ")))

    @classmethod
    def decode(cls, text: str) -> Bookmark | None:
        parts = str(text).split("\t")
        return cls(parts[0], parts[1], parts[2]) if len(parts) == 3 and parts[0] else None


def _strings(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]


class Shelf:
    """收藏 (bookmarks: a document or a place in it) and 最近打开 (documents), in settings."""

    def __init__(self, settings) -> None:
        self.settings = settings

    # -- 收藏 -------------------------------------------------------------------------------
    def bookmarks(self) -> list[Bookmark]:
        out = [Bookmark.decode(v) for v in _strings(self.settings.value("bookmarks/items"))]
        return [b for b in out if b is not None]

    def _save_bookmarks(self, items: list[Bookmark]) -> None:
        self.settings.setValue("bookmarks/items", [b.encode() for b in items][:MAX_BOOKMARKS])
        self.settings.sync()

    def add_bookmark(self, bookmark: Bookmark) -> bool:
        """Add (newest first); False when that place is already kept."""
        items = self.bookmarks()
        if any(b.doc_id == bookmark.doc_id and b.block_id == bookmark.block_id for b in items):
            return False
        self._save_bookmarks([bookmark, *items])
        return True

    def remove_bookmark(self, doc_id: str, block_id: str) -> None:
        self._save_bookmarks([b for b in self.bookmarks()
                              if not (b.doc_id == doc_id and b.block_id == block_id)])

    def is_bookmarked(self, doc_id: str) -> bool:
        return any(b.doc_id == doc_id for b in self.bookmarks())

    # -- 最近打开 ----------------------------------------------------------------------------
    def recent(self) -> list[str]:
        return _strings(self.settings.value("recent/docs"))

    def add_recent(self, doc_id: str) -> None:
        items = [doc_id] + [d for d in self.recent() if d != doc_id]
        self.settings.setValue("recent/docs", items[:MAX_RECENT])

    def forget(self, doc_ids: set[str]) -> None:
        """Drop removed documents from both lists."""
        self.settings.setValue("recent/docs", [d for d in self.recent() if d not in doc_ids])
        self._save_bookmarks([b for b in self.bookmarks() if b.doc_id not in doc_ids])
