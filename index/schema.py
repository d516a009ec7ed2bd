"""The Whoosh schema of the search index, and its version.

One index document per gazette document (文件). Per-document units keep the index small
(about 1,100 units for 100 issues instead of 220,000 paragraphs); hits are then resolved to
blocks with exact spans by the library (``blocks.norm``, see :mod:`index.search`). Bump
:data:`SCHEMA_VERSION` whenever the fields or the analysers change: an index with another
version is rebuilt from the library.
"""

from __future__ import annotations

from whoosh import fields, formats

from .analysis import gram_analyzer

SCHEMA_VERSION = 4


def build_schema() -> fields.Schema:
    return fields.Schema(
        # identity and filters
        doc_id=fields.ID(stored=True, unique=True),
        issue_id=fields.ID(stored=True),
        year=fields.ID(stored=True),            # issue year, as text
        number=fields.ID(stored=True),          # issue number (期), as text
        types=fields.KEYWORD(lowercase=False, commas=True, scorable=False),  # 文种 + enclosed
        issuers=fields.KEYWORD(lowercase=False, commas=True, stored=True),   # 发文机关
        # shown in results without a database round trip
        title=fields.STORED(),
        doc_no=fields.STORED(),
        doc_type=fields.STORED(),
        date=fields.STORED(),
        sort_key=fields.STORED(),               # "yyyy-nnn-date" for newest-first
        # ranking without reading the text: normalised title and headings, text length
        title_norm=fields.STORED(),
        heads=fields.STORED(),                  # normalised headings joined by SEPARATOR
        length=fields.STORED(),                 # characters of normalised text
        # the text: grams find (a superset), their counts (posting weights) score. Not
        # "scorable": Whoosh would look up the field length of every posting while writing
        # (a fifth of the indexing time); BM25 uses ``length`` above instead.
        grams=fields.FieldType(formats.Frequency(), gram_analyzer(), scorable=False),
    )
