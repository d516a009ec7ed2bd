"""Deadlines (完成时限) as printed and as ISO dates where they can be read.

``2023 年 6 月底前`` → 2023-06-30, ``2023 年 12 月 20 日前`` → 2023-12-20, ``2023 年底前`` →
2023-12-31, ``2023 年上半年`` → 2023-06-30, ``2024 年第一季度`` → 2024-03-31. Open-ended
terms (长期坚持, 持续推进, 长期) stay text: their date is ``None``.
"""

from __future__ import annotations

import calendar
import re
import unicodedata

_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# A deadline phrase inside a sentence: a year, month or day followed by 前/底/末/完成 ...
DEADLINE_PHRASE = re.compile(
    r"(?:(?:19|20)\d\d\s*年\s*(?:(?:上|下)半年|第?[一二三四1-4]\s*季度|(?:年\s*)?[底末]|"
    r"\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?(?:\s*[底末中])?)?(?:\s*[前内])?"
    r"|\d{1,2}\s*月(?:\s*\d{1,2}\s*日|\s*[底末])\s*前"
    r"|长期坚持|持续推进|长期推进|长期|持续实施|持续开展)")
_OPEN_ENDED = re.compile(r"长期|持续|常态|逐年|每年|年度内")


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _month_end(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def parse_deadline(text: str, default_year: int | None = None) -> str | None:
    """The ISO date a printed deadline stands for, or ``None`` when it is open-ended/unreadable.

    ``default_year`` is used when only a month is printed (``6 月底前``).
    """
    t = _fold(text)
    if not t:
        return None
    m = re.search(r"((?:19|20)\d\d)年", t)
    year = int(m[1]) if m else default_year
    rest = t[m.end():] if m else t
    if year is None:
        return None
    if m is None and _OPEN_ENDED.search(t):
        return None
    d = re.match(r"(\d{1,2})月(?:(\d{1,2})日)?", rest)
    if d:
        month = int(d[1])
        if not 1 <= month <= 12:
            return None
        if d[2]:
            day = int(d[2])
            if 1 <= day <= calendar.monthrange(year, month)[1]:
                return f"{year:04d}-{month:02d}-{day:02d}"
            return None
        if rest[d.end():].startswith("中"):
            return f"{year:04d}-{month:02d}-15"
        return _month_end(year, month)
    if rest.startswith("上半年"):
        return f"{year:04d}-06-30"
    q = re.match(r"第?([一二三四1-4])季度", rest)
    if q:
        return _month_end(year, 3 * _CN_NUM[q[1]])
    if m is not None and _OPEN_ENDED.search(rest):
        return None
    if re.match(r"(?:下半年|年?[底末内]|前|$|完成)", rest):
        return f"{year:04d}-12-31"
    return None


def find_deadline(text: str) -> str:
    """The first deadline phrase in a sentence, as printed ("" when there is none)."""
    for m in DEADLINE_PHRASE.finditer(text):
        phrase = m.group(0).strip()
        if re.search(r"[前底末内]|季度|半年|长期|持续", phrase):
            every = re.search(r"每(?:年|季度|月)\s*$", text[:m.start()])
            return (every.group(0).strip() + phrase) if every else phrase
    return ""
