"""The search box's query language, parsed without ever raising.

* words separated by spaces must all occur (AND, anywhere in the document);
* ``"..."`` (or ``“...”``) is one exact string, spaces inside ignored, nothing inside
  read as syntax (use it to search for ``OR``, ``-`` or ``文号:`` literally);
* ``-word`` excludes documents containing the word;
* ``A OR B`` (also ``|``) accepts either;
* filters ``文号:`` ``发文机关:`` ``文种:`` ``年:`` ``期:`` (a full-width colon works too).

A whole query that is a 文号 in any printed form (``许政〔2023〕14号``, ``许政[2023]14号``,
``许政（2023）14 号``, ``许政2023-14``, or ``许政〔2023〕`` for a year's list) also searches the
文号 field. Every term is matched as an exact substring after normalisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.wenhao import parse_doc_no, printed_forms

from .textmatch import normalize

FIELD_NAMES = {"文号": "doc_no", "发文机关": "issuer", "文种": "doc_type", "年": "year",
               "期": "issue"}
_QUOTES = {'"': '"', "“": "”", "”": "“", "「": "」", "＂": "＂"}
_MAX_LEN = 2000


@dataclass(slots=True)
class Clause:
    """Alternatives (OR) for one required part of the query; each is a text to find."""

    texts: list[str] = field(default_factory=list)
    doc_nos: list[str] = field(default_factory=list)   # normalised 文号 or 文号 prefixes


@dataclass(slots=True)
class ParsedQuery:
    clauses: list[Clause] = field(default_factory=list)   # all required (AND)
    excluded: list[str] = field(default_factory=list)
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def terms(self) -> list[str]:
        """Every text to highlight, normalised, longest first, without duplicates."""
        seen = {normalize(t): None for c in self.clauses for t in c.texts}
        return sorted((t for t in seen if t), key=len, reverse=True)

    @property
    def empty(self) -> bool:
        return not self.clauses and not self.filters


def _tokens(text: str) -> list[tuple[str, bool, bool]]:
    """Split into (token, quoted, starts_quoted). An unbalanced quote runs to the end."""
    out: list[tuple[str, bool, bool]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        start = i
        buf: list[str] = []
        quoted = False
        while i < n and not text[i].isspace():
            if text[i] in _QUOTES:
                close = _QUOTES[text[i]]
                j = i + 1
                while j < n and text[j] != close and not (close == "”" and text[j] == '"'):
                    j += 1
                buf.append(text[i + 1:j])
                quoted = True
                i = j + 1
            else:
                buf.append(text[i])
                i += 1
        if i > start:
            out.append(("".join(buf), quoted, text[start] in _QUOTES))
    return out


def _doc_no_key(text: str) -> str | None:
    no = parse_doc_no(text, whole=True)
    return no.normalized if no is not None else None


def _doc_no_texts(text: str) -> list[str]:
    """A 文号's every printed form, to find the documents citing it however they print it
    (许政[2023]14号 for 许政〔2023〕14号)."""
    no = parse_doc_no(text, whole=True)
    return printed_forms(no) if no is not None else []


def parse_query(text: str) -> ParsedQuery:
    """Parse a search box string. Never raises; anything unusable is dropped."""
    q = ParsedQuery()
    if not isinstance(text, str):
        return q
    text = text.replace("\x00", " ")[:_MAX_LEN]
    whole_no = _doc_no_key(text.strip()) if text.strip() else None
    if whole_no:
        texts = list(dict.fromkeys([text.strip(), *_doc_no_texts(text.strip())]))
        q.clauses.append(Clause(texts=texts, doc_nos=[whole_no]))
        return q
    pending_or = False
    for raw, quoted, starts_quoted in _tokens(text):
        if not quoted and raw in ("OR", "|", "｜"):
            pending_or = bool(q.clauses)
            continue
        name, sep, value = raw.replace("：", ":").partition(":")
        if sep and name in FIELD_NAMES and not starts_quoted:
            if value.strip():
                q.filters[FIELD_NAMES[name]] = value.strip()
            pending_or = False
            continue
        if not quoted and raw.startswith(("-", "－")) and len(raw) > 1:
            if normalize(raw[1:]):
                q.excluded.append(raw[1:])
            pending_or = False
            continue
        if not normalize(raw):
            continue
        clause = Clause(texts=[raw])
        no = None if quoted else _doc_no_key(raw)
        if no:
            clause.texts = list(dict.fromkeys([raw, *_doc_no_texts(raw)]))
            clause.doc_nos.append(no)
        if pending_or and q.clauses:
            q.clauses[-1].texts.extend(clause.texts)
            q.clauses[-1].doc_nos.extend(clause.doc_nos)
        else:
            q.clauses.append(clause)
        pending_or = False
    return q
