"""Deadlines (完成时限) as printed and as ISO dates where they can be read.

``2023 年 6 月底前`` → 2023-06-30, ``2023 年 12 月 20 日前`` → 2023-12-20, ``2023 年底前`` →
2023-12-31, ``2023 年上半年`` → 2023-06-30, ``2024 年第一季度`` → 2024-03-31, and a period
stands for its end: ``2023 年 3 月至 6 月`` → 2023-06-30, ``2023—2025 年`` → 2025-12-31.
Open-ended terms (长期坚持, 持续推进, 长期) stay text: their date is ``None``.
"""

from __future__ import annotations

import calendar
import re

from ..textmatch import fold_dense
from .limits import MAX_BLOCK_CHARS, MAX_DEADLINE_CHARS, meter

_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_S = r"\s{0,3}"
_YEAR = r"(?:19|20)\d\d"
_DASH = r"(?:至|到|—{1,2}|－{1,2}|–|-|~|～)"
# A period: 2023 年 1 月 1 日至 2023 年 12 月 31 日, 2022 年 1 月起至 2024 年底, 2023 年 3—6 月,
# 2023—2025 年. Not a statistic (2016 年至 2020 年年均增长 …).
_RANGE = (
    rf"(?:{_YEAR}{_S}年(?:{_S}\d{{1,2}}{_S}月(?:{_S}\d{{1,2}}{_S}日)?)?{_S}(?:起{_S})?{_DASH}{_S}"
    rf"(?:{_YEAR}{_S}年(?:{_S}\d{{1,2}}{_S}月(?:{_S}\d{{1,2}}{_S}日)?)?"
    rf"|\d{{1,2}}{_S}月(?:{_S}\d{{1,2}}{_S}日)?|\d{{1,2}}{_S}日)"
    rf"|{_YEAR}{_S}{_DASH}{_S}{_YEAR}{_S}年"
    rf"|{_YEAR}{_S}年{_S}\d{{1,2}}{_S}{_DASH}{_S}\d{{1,2}}{_S}月)"
    rf"(?:{_S}[底末])?(?:{_S}[前止])?(?!{_S}(?:年均|平均|的))")

# A deadline phrase inside a sentence: a year, month or day followed by 前/底/末/完成 ..., or a
# period (a range of dates).
DEADLINE_PHRASE = re.compile(
    _RANGE +
    rf"|(?:{_YEAR}{_S}年{_S}(?:(?:上|下)半年|第?[一二三四1-4]{_S}季度|(?:年{_S})?[底末]|"
    rf"\d{{1,2}}{_S}月(?:{_S}\d{{1,2}}{_S}日)?(?:{_S}[底末中])?)?(?:{_S}[前内])?"
    rf"|\d{{1,2}}{_S}月(?:{_S}\d{{1,2}}{_S}日|{_S}[底末]){_S}前"
    r"|长期坚持|持续推进|长期推进|长期|持续实施|持续开展)")
_IS_RANGE = re.compile(_RANGE)
_QUALIFIES = re.compile(r"[前底末内]|季度|半年|长期|持续")
_EVERY = re.compile(r"每(?:年|季度|月)\s{0,3}$")
_OPEN_ENDED = re.compile(r"长期|持续|常态|逐年|每年|年度内")
_YEAR_IN = re.compile(r"((?:19|20)\d\d)年")
_MONTH_DAY = re.compile(r"(\d{1,2})月(?:(\d{1,2})日)?")
_QUARTER = re.compile(r"第?([一二三四1-4])季度")
_YEAR_END = re.compile(r"(?:下半年|年?[底末内]|前|$|完成)")
_DASHES = "至到—－–-~～"
_BARE_YEAR = re.compile(_YEAR)
_MONTH_FIRST = re.compile(r"\d{1,2}月")
_DAY_FIRST = re.compile(r"\d{1,2}日")


def _month_end(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _range_end(t: str, default_year: int | None) -> str | None:
    """The end of a period (folded text): 2023年3月至6月 → 2023-06-30; None when ``t`` is not
    one. The end takes the year (and month) of the start when it does not print its own."""
    cut = next((i for i, ch in enumerate(t) if ch in _DASHES and i > 0), -1)
    if cut < 0 or cut + 1 >= len(t):
        return None
    start, end = t[:cut], t[cut + 1:].lstrip(_DASHES)
    if not start[-1:].isdigit() and start[-1:] not in "年月日起" or not end[:1].isdigit():
        return None
    y = _YEAR_IN.search(start)
    year = int(y[1]) if y else int(start) if _BARE_YEAR.fullmatch(start) else default_year
    if year is None:
        return None
    if _YEAR_IN.match(end):
        return parse_deadline(end, year)
    if _MONTH_FIRST.match(end):
        return parse_deadline(f"{year}年{end}", year)
    md = _MONTH_DAY.search(start)
    if _DAY_FIRST.match(end) and md:
        return parse_deadline(f"{year}年{md[1]}月{end}", year)
    return None


def parse_deadline(text: str, default_year: int | None = None) -> str | None:
    """The ISO date a printed deadline stands for, or ``None`` when it is open-ended/unreadable.

    ``default_year`` is used when only a month is printed (``6 月底前``). A period (``2023 年
    3 月至 6 月``, ``2023 年 1 月 1 日至 2024 年 12 月 31 日``) stands for its end.
    """
    t = fold_dense(text[:MAX_DEADLINE_CHARS])
    if not t:
        return None
    if any(ch in _DASHES for ch in t):
        end = _range_end(t, default_year)
        if end is not None:
            return end
    m = _YEAR_IN.search(t)
    year = int(m[1]) if m else default_year
    rest = t[m.end():] if m else t
    if year is None:
        return None
    if m is None and _OPEN_ENDED.search(t):
        return None
    d = _MONTH_DAY.match(rest)
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
    q = _QUARTER.match(rest)
    if q:
        return _month_end(year, 3 * _CN_NUM[q[1]])
    if m is not None and _OPEN_ENDED.search(rest):
        return None
    if _YEAR_END.match(rest):
        return f"{year:04d}-12-31"
    return None


def _in_title(text: str, start: int, end: int) -> bool:
    """A period that belongs to a name: 规划（2021—2025 年）, 《……（2023—2025 年）》."""
    if text[start - 1:start] in ("（", "(") and text[end:end + 1] in ("）", ")"):
        return True
    return text.rfind("《", max(0, start - 200), start) > text.rfind("》", max(0, start - 200), start)


def find_deadline(text: str) -> str:
    """The first deadline phrase in a sentence, as printed ("" when there is none); a period
    (2023 年 1 月 1 日至 2023 年 12 月 31 日) counts as one."""
    meter.add(len(text))
    for m in DEADLINE_PHRASE.finditer(text[:MAX_BLOCK_CHARS]):
        phrase = m.group(0).strip()
        if _IS_RANGE.fullmatch(phrase) and _in_title(text, m.start(), m.end()):
            continue
        if _IS_RANGE.fullmatch(phrase) or _QUALIFIES.search(phrase):
            every = _EVERY.search(text[max(0, m.start() - 8):m.start()])
            return (every.group(0).strip() + phrase) if every else phrase
    return ""
