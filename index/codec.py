"""The Whoosh codec of the index (pickled into every segment: keep this import path)."""

from __future__ import annotations

from whoosh.codec.whoosh3 import W3Codec


class GramCodec(W3Codec):
    """Whoosh 3's codec without field-length statistics (see :func:`index.build.codec`)."""

    length_stats = False
