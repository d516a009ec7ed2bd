"""Small text helpers shared by the parser, extraction and search (no Qt, no I/O)."""

from __future__ import annotations

import re
import unicodedata

from .textmatch import fold_width

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def display_width(text: str) -> int:
    """Columns a line takes on the page: 2 for wide characters (CJK, full-width, and the
    "ambiguous" ones such as “ ” — ① Ⅱ, which Chinese typesetting sets full-width), else 1."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


def is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def join_wrapped(a: str, b: str) -> str:
    """Join two wrapped pieces of one paragraph: no space between Chinese characters, one
    space where Latin words or numbers meet."""
    if not a:
        return b
    if not b:
        return a
    if is_ascii_alnum(a[-1]) and is_ascii_alnum(b[0]):
        return a + " " + b
    return a + b


def squeeze_cjk_spaces(text: str) -> str:
    """Remove spaces between two CJK characters (``通  知`` → ``通知``); keep other spaces."""
    return re.sub(rf"(?<=[{CJK}])\s+(?=[{CJK}])", "", text).strip()


def cn_number(text: str) -> int | None:
    """Chinese numerals (一, 十二, 二十三, 一百零五) or digits to an int."""
    text = fold_width(text.strip())
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN_DIGITS and c not in _CN_UNITS for c in text):
        return None
    total, current = 0, 0
    for c in text:
        if c in _CN_DIGITS:
            current = _CN_DIGITS[c]
        else:
            unit = _CN_UNITS[c]
            total += (current or 1) * unit
            current = 0
    return total + current


_YEAR_CN = str.maketrans("〇零一二三四五六七八九○Ｏ", "0012345678900")
DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d\d|[〇零一二三四五六七八九○Ｏ]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
    r"\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")


def parse_date(text: str) -> str | None:
    """``2023 年 3 月 2 日`` / ``二〇二三年三月二日`` → ``2023-03-02``."""
    m = DATE_RE.search(fold_width(text))
    if not m:
        return None
    y = m["y"].translate(_YEAR_CN)
    month, day = cn_number(m["m"]), cn_number(m["d"])
    if not y.isdigit() or not month or not day or month > 12 or day > 31:
        return None
    return f"{int(y):04d}-{month:02d}-{day:02d}"


_ABOUT_RE = re.compile(r"^.{0,40}?关于(?:印发|转发|批转|公布|发布|同意|调整)?")
_KIND_TAIL_RE = re.compile(r"的(?:通知|意见|决定|批复|函|复函|报告|公告|通告|通报|命令|决议|请示)$")


def short_title(title: str, limit: int = 12) -> str:
    """What tells a document's title from its neighbours', in at most ``limit`` characters
    (a tab, a narrow list): the issuer and 关于(印发…) before the subject and the 文种 tail
    (的通知 …) after it are dropped — they are the same in most titles of an issue —, then
    the rest is cut with an ellipsis. ``关于印发临城市数字经济发展规划的通知`` →
    ``临城市数字经济发展规划``; a title without 关于 keeps its start."""
    core = _ABOUT_RE.sub("", title.strip(), count=1)
    core = _KIND_TAIL_RE.sub("", core).strip() or title.strip()
    return core if len(core) <= limit else core[:limit - 1] + "…"
