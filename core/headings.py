"""Heading and numbering patterns of GB/T 9704 documents: the one numbering grammar.

``match_heading(text)`` recognises the numbering at the start of a paragraph and says what
kind it is; the parser decides from the context whether it really starts a new paragraph.
An item number followed directly by digits is an item when the digits are a year
(``5．2023 年……``) or when it continues a numbered run (``11.121 个……`` after item 10): pass
``prev_arabic``, the number of the run's last item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .textmatch import fold_width

_CN = "一二三四五六七八九十百零〇两"
_D = "0-9０-９"
_DOT = "．.、"

PATTERNS: list[tuple[str, re.Pattern, bool]] = [
    # kind, pattern (group "num" = numbering), strong (may start a paragraph after a full line)
    ("chapter", re.compile(rf"^(?P<num>第\s*[{_CN}\d]+\s*章)\s*"), True),
    ("chapter_part", re.compile(rf"^(?P<num>第\s*[{_CN}\d]+\s*节)\s*"), True),
    ("article", re.compile(rf"^(?P<num>第\s*[{_CN}\d]+\s*条)\s*"), True),
    ("cn", re.compile(rf"^(?P<num>[{_CN}]{{1,3}}\s*[、．.])\s*"), True),
    ("paren_cn", re.compile(rf"^(?P<num>[（(]\s*[{_CN}]{{1,3}}\s*[）)])\s*"), True),
    ("decimal", re.compile(rf"^(?P<num>[{_D}]{{1,2}}(?:\s*[．.]\s*[{_D}]{{1,2}}){{1,3}})(?=\s*[\u4e00-\u9fff“《（])\s*"),
     False),
    ("arabic", re.compile(rf"^(?P<num>[{_D}]{{1,3}}\s*[{_DOT}])(?![{_D}])\s*"), False),
    ("paren_arabic", re.compile(rf"^(?P<num>[（(]\s*[{_D}]{{1,3}}\s*[）)])\s*"), False),
    ("circled", re.compile(r"^(?P<num>[①-⑳㉑-㉟])\s*"), False),
    ("column", re.compile(rf"^(?P<num>专栏\s*[{_D}]{{1,3}})(?:\s+|$|(?=[\u4e00-\u9fff“]))"), True),
    ("table", re.compile(rf"^(?P<num>(?:附\s*)?表\s*[{_D}]{{1,3}})(?:\s+|$)"), True),
]

# An item number with digits right after it: 5．2023 年 / 11.121.
_ARABIC_DIGITS = re.compile(rf"^(?P<num>[{_D}]{{1,3}}\s*[．.])(?=[{_D}])")
_YEAR_START = re.compile(r"^(?:19|20)\d\d\s*年")

# The attachment marker on its own line: 附件 / 附  件 / 附件 2 / 附件2： / 附件1.
ATTACHMENT_RE = re.compile(rf"^附\s*件\s*(?P<n>[{_D}]{{0,3}})\s*[：:．.、]?\s*$")
# The attachment note in a notice: 附件：1．xxx  /  附件：xxx
ATTACHMENT_NOTE_RE = re.compile(r"^附\s*件\s*[：:]\s*(?P<rest>.*)$")

# -- numbering as the extraction reads it (each exactly as its reader needs it) ------------
# A group label inside a table or a list: 一、 / （一）.
GROUP_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
# A table's caption: 专栏 3 …, 表 1 …, 表一 (groups: kind, number, the rest).
TABLE_CAPTION_RE = re.compile(r"^\s*(专栏|表)\s*(\d+|[一二三四五六七八九十]+)(?:\s+(.*)|$)")
# An arabic item number: 1． / 2、 / （3） (a duty line 1．市教育局：… starts with one).
ARABIC_ITEM = r"(?:\d{1,4}\s{0,4}[．.、]|[（(]\d{1,4}[）)])"
# Any numbering before a task's text, with the spaces around it (cut off the task): 一、 （一）
# 第三条␣ 2.1.3． （4） ①.
ITEM_NUMBER_RE = re.compile(r"^\s{0,8}(?:[一二三四五六七八九十百]{1,4}、|[（(][一二三四五六七八九十]{1,4}[）)]|"
                            r"第[一二三四五六七八九十百零〇]{1,6}条(?=\s)|"
                            r"\d{1,4}(?:[．.]\d{1,4}){0,4}[．.、]|[（(]\d{1,4}[）)]|[①-⑳])\s{0,8}")
# The numbering before a clause that states a term (第三条 / 一、 / （二） / 3．).
CLAUSE_NUMBER_RE = re.compile(r"^(?:第[一二三四五六七八九十百零〇\d]{1,6}条|[一二三四五六七八九十]{1,3}、|"
                              r"[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,3}[．.、])[ \t]*")


@dataclass(slots=True, frozen=True)
class HeadingMatch:
    kind: str
    numbering: str     # as printed, e.g. "（一）" or "2．1．2"
    rest: str          # the text after the numbering
    strong: bool

    @property
    def depth(self) -> int:
        """For decimal numbering, how many parts (2．1．2 → 3)."""
        if self.kind == "decimal":
            return len(re.findall(r"[．.]", self.numbering)) + 1
        return 1


def arabic_number(numbering: str) -> int | None:
    """1． / １． / 12. → the item's number."""
    digits = fold_width(numbering).rstrip("．.、 ")
    return int(digits) if digits.isdigit() else None


def match_heading(text: str, prev_arabic: int | None = None) -> HeadingMatch | None:
    for kind, pattern, strong in PATTERNS:
        m = pattern.match(text)
        if m:
            rest = text[m.end():].strip()
            numbering = m["num"].replace(" ", "")
            if kind == "cn" and not rest:
                return None
            if kind == "arabic" and (not rest or rest[0] in "％%"):
                return None
            return HeadingMatch(kind, numbering, rest, strong)
    m = _ARABIC_DIGITS.match(text)
    if m:
        numbering = m["num"].replace(" ", "")
        rest = text[m.end():]
        n = arabic_number(numbering)
        if _YEAR_START.match(fold_width(rest)) or (
                prev_arabic is not None and n == prev_arabic + 1):
            return HeadingMatch("arabic", numbering, rest.strip(), False)
    return None


def heading_title(rest: str, limit: int = 40) -> tuple[str, bool]:
    """The title of a numbered paragraph and whether the paragraph is only a heading.

    ``加快完善养老保险制度体系。完善……`` → (``加快完善养老保险制度体系``, False): a run-in heading.
    """
    rest = rest.strip()
    m = re.search(r"[。；！？]", rest)
    if m and m.start() <= limit:
        return rest[:m.start()], m.end() >= len(rest)
    if len(rest) <= limit and not re.search(r"[。；！？，：]$", rest):
        return rest, True
    cut = rest[:limit]
    return (cut + "…" if len(rest) > limit else cut), False
