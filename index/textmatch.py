"""The exact matcher of search, kept under its old import path (it lives in
:mod:`core.textmatch`, because the library stores each block's normalised text)."""

from core.textmatch import (
                            SEPARATOR,
                            find_all,
                            find_in_text,
                            find_normalized,
                            merge_spans,
                            normalize,
                            normalize_joined,
                            offset_map,
                            original_offsets,
                            snippet,
                            spans_in_normalized,
)

__all__ = ["SEPARATOR", "find_all", "find_in_text", "find_normalized", "merge_spans", "normalize",
           "normalize_joined", "offset_map", "original_offsets", "snippet", "spans_in_normalized"]
