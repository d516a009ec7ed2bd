"""文号 (document number) parsing and normalisation.

``许政〔2023〕14 号``, ``许政[2023]14号``, ``许政（2023）14 号``, ``许政﹝2023﹞14号``,
``许政〔2023〕第 14 号``, ``许政2023-14`` and full-width digits all normalise to ``许政〔2023〕14号``
with agency 许政, year 2023 and serial 14.
"""

from __future__ import annotations

import re

from .model import DocNo
from .textmatch import dense

OPEN_BRACKETS = "〔[【(（［〖﹝"     # a 文号's year is printed in any of these
CLOSE_BRACKETS = "〕]】)）］〗﹞"

# agency (机关代字), bracketed year, serial, 号 — spaces allowed anywhere between parts.
_BRACKETED = re.compile(
    rf"(?P<agency>[\u4e00-\u9fffA-Za-z]{{1,12}}?)\s*[{re.escape(OPEN_BRACKETS)}]\s*(?P<year>(?:19|20)\d\d)\s*"
    rf"[{re.escape(CLOSE_BRACKETS)}]\s*(?:第\s*(?=\d))?(?P<serial>\d{{1,4}})?\s*(?P<hao>号)?")
_DASHED = re.compile(
    r"(?P<agency>[\u4e00-\u9fff]{1,12}?)\s*(?P<year>(?:19|20)\d\d)\s*[-—－_/]\s*(?P<serial>\d{1,4})\s*(?P<hao>号)?")

# The number of a 令: 国务院令第 777 号, 河南省人民政府令第 200 号, 国令第707号; and of a
# numbered 公告 / 通告 (××市人民政府公告第 3 号).
_ORDER = re.compile(
    r"(?P<agency>[\u4e00-\u9fff]{1,24}?(?:令|公告|通告))\s*[（(]?\s*"
    r"(?:(?P<year>(?:19|20)\d\d)\s*年\s*)?第\s*(?P<serial>\d{1,4})\s*号\s*[）)]?")
_ORDER_AGENCY_ALIASES = {"中华人民共和国国务院令": "国务院令", "国令": "国务院令"}
# A ministry's 令 or 公告 is cited without the country's name (中华人民共和国主席令 keeps it).
_MINISTRY = re.compile(r"^中华人民共和国(?P<rest>[\u4e00-\u9fff]{2,20}?(?:部|委员会|局|署|银行)"
                       r"(?:令|公告|通告))$")


def order_agency(title: str) -> str:
    """The agency part of a 令's number from the order's title: 中华人民共和国国务院令 → 国务院令,
    中华人民共和国交通运输部令 → 交通运输部令 (as the 令 is cited)."""
    t = dense(title)
    t = _ORDER_AGENCY_ALIASES.get(t, t)
    m = _MINISTRY.match(t)
    return m["rest"] if m else t


def order_issuer(title: str) -> str:
    """The issuer of a 令 as its title prints it: 中华人民共和国交通运输部令 → 中华人民共和国交通运输部,
    中华人民共和国国务院令 → 国务院."""
    t = dense(title)
    return _ORDER_AGENCY_ALIASES.get(t, t)[:-1]


def order_doc_no(agency: str, serial: int, year: int | None = None) -> DocNo:
    """The DocNo of a 令 (or a numbered 公告): printed and normalised as 国务院令第777号, or
    with the year a ministry numbers its 令 and 公告 by: 交通运输部令2024年第3号."""
    agency = order_agency(agency)
    text = f"{agency}{year}年第{serial}号" if year else f"{agency}第{serial}号"
    return DocNo(printed=text, normalized=text, agency=agency, year=year, serial=serial)


# A line that is a 文号 and nothing else (as under a title), possibly in parentheses.
DOC_NO_LINE = re.compile(
    rf"^\s*[（(]?\s*[\u4e00-\u9fff]{{1,12}}\s*[{re.escape(OPEN_BRACKETS)}]\s*(?:19|20)\d\d\s*"
    rf"[{re.escape(CLOSE_BRACKETS)}]\s*第?\s*\d{{1,4}}\s*号\s*[）)]?\s*$")


def _digits(text: str) -> str:
    return text.translate({c: ord("0") + i for i, c in enumerate(range(0xFF10, 0xFF1A))})


def parse_doc_no(text: str, *, whole: bool = False) -> DocNo | None:
    """Find a 文号 in ``text``; with ``whole``, only when the text is nothing but a 文号.

    The number of a 令 (``国务院令第777号``, ``国令第 707 号``) is a 文号 without a year.
    A 文号 without a serial (``许政〔2023〕``) parses with ``serial=None``; the dashed form
    (``许政2023-14``) needs a serial.
    """
    if not text:
        return None
    folded = _digits(text).strip()
    for pattern in (_BRACKETED, _DASHED):
        m = (pattern.fullmatch if whole else pattern.search)(folded)
        if m is None:
            continue
        agency = m["agency"]
        year = int(m["year"])
        serial = int(m["serial"]) if m["serial"] else None
        normalized = f"{agency}〔{year}〕" + (f"{serial}号" if serial is not None else "")
        printed = text.strip() if whole else m.group(0).strip()
        return DocNo(printed=printed, normalized=normalized, agency=agency, year=year,
                     serial=serial)
    m = (_ORDER.fullmatch if whole else _ORDER.search)(folded)
    if m is not None:
        found = order_doc_no(m["agency"], int(m["serial"]), int(m["year"]) if m["year"] else None)
        printed = text.strip() if whole else m.group(0).strip()
        return DocNo(printed, found.normalized, found.agency, found.year, found.serial)
    return None


def printed_forms(no: DocNo) -> list[str]:
    """The ways a bracketed 文号 is printed (``许政[2023]14号``, ``许政（2023）14号``,
    ``许政﹝2023﹞14号``, ``许政〔2023〕第14号`` …), to find it in text as printed; a 令's or a
    number without a year or serial has only its own."""
    if no.year is None or no.serial is None or "〔" not in no.normalized:
        return [no.normalized]
    forms = [f"{no.agency}{o}{no.year}{c}{no.serial}号" for o, c in zip(OPEN_BRACKETS, CLOSE_BRACKETS)]
    return list(dict.fromkeys([no.normalized, *forms, f"{no.agency}〔{no.year}〕第{no.serial}号"]))


def is_doc_no_line(text: str) -> bool:
    """Is the line a 文号 alone (full-width digits allowed)?"""
    return "号" in text and bool(DOC_NO_LINE.match(_digits(text)))
