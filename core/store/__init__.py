"""The library store. ``Library`` combines the base store with the extraction and annotation
parts; only this package imports ``sqlite_utils`` (``tests/test_layers.py`` checks it)."""

from .annotations import AnnotationsMixin
from .extracted import ExtractedMixin
from .library import LibraryBase, LibraryStats, StoredIssue
from .refs import DigestQueriesMixin, RefsMixin
from .schema import SCHEMA_VERSION


class Library(RefsMixin, DigestQueriesMixin, AnnotationsMixin, ExtractedMixin, LibraryBase):
    """The gazette library in one SQLite file."""


__all__ = ["Library", "LibraryStats", "StoredIssue", "SCHEMA_VERSION"]
