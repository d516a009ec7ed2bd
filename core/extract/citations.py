"""Citations, relations and terms of a document: what it cites, repeals, amends, replaces or
implements, and when it takes effect and expires.

``extract_refs(document, blocks, sections)`` reads the clean blocks of one document and
returns a :class:`DocRefs`:

* **citations**: every cited 文号 in any printed form (``许政〔2023〕14 号``, ``许政[2023]14号``,
  ``许政（2023）14 号``, ``许政〔2023〕第 14 号``, ``许政2023-14号``, ``国家税务总局公告 2023 年第 1 号``,
  ``国务院令第 707 号``, ``国务院第 707 号令``; a short 令 reference, ``市政府令第 5 号`` or
  ``第 5 号令``, keyed by the citing document's government: ``江岭市人民政府令第5号``, see
  :func:`ling_number`), with or without the ``《title》`` before it, and every ``《title》``
  that names a document (its last word is a 文种: 通知, 办法, 条例, 规划 …). Each has the block
  and offsets where it starts and ends; a citation wrapped over several rows of a flattened
  table is found across the rows. The document's own title and 文号, and the title of the
  text a 印发 notice issues, are not citations.
* **relations**: ``cites`` (every cited document), ``repeals`` (废止, 停止执行, 不再执行,
  同时废止, 失效; also each item of a numbered list that a sentence before it — ``决定废止以下
  3 件规范性文件：`` — or right after it — ``上述文件自本决定印发之日起停止执行。`` — repeals),
  ``amends`` (修改, 修订, 修正), ``replaces`` (代替, 取代), ``implements``
  (根据/按照/依据 …… 精神/要求/规定), each with the sentence that says it and a confidence
  (below 0.7: a plan to do it, or a loose reading; such relations do not decide a status).
* **term**: the 施行 date (``自 2023 年 5 月 1 日起施行``, ``自印发之日起施行`` = the 成文日期)
  and the end of the term (``有效期 3 年`` from the 施行 date, ``有效期至 2025 年 12 月 31 日``).

Every pattern is linear (no nested quantifiers) and every scanned text is size-guarded.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..headings import CLAUSE_NUMBER_RE, ITEM_NUMBER_RE
from ..model import Block, Document, Section
from ..textmatch import dense, fold_width
from ..wenhao import CLOSE_BRACKETS, OPEN_BRACKETS, order_agency

MAX_RUN = 20_000          # characters of one scanned run of blocks (longer text is cut)
MAX_SENTENCE = 600        # a sentence longer than this is cut for the relation patterns
MAX_TITLE = 120           # a 《title》 longer than this is not a document title
DECISIVE = 0.7            # relations at or above this confidence decide a status

RELATION_KINDS = ("cites", "repeals", "amends", "replaces", "implements")

_CJK = "\u4e00-\u9fff"

# 文号 forms, found by their anchor (the bracketed year, ``公告 2023 年第``, ``令第 N 号``,
# ``2023-14号``); the agency (机关代字) is then read backwards from the anchor as up to 14 CJK
# characters and trimmed on the left (see _agency_before). Every pattern is linear.
_ANCHOR_BRACKETED = re.compile(
    rf"[{re.escape(OPEN_BRACKETS)}][ \t]*(?P<year>(?:19|20)\d\d)[ \t]*[{re.escape(CLOSE_BRACKETS)}][ \t]*第?[ \t]*"
    r"(?P<serial>\d{1,5})[ \t]*号")
_ANCHOR_DASHED = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)[ \t]*[-—－][ \t]*(?P<serial>\d{1,5})[ \t]*号")
_ANCHOR_GONGGAO = re.compile(
    r"(?P<kind>公告|通告)[ \t]*(?P<year>(?:19|20)\d\d)[ \t]*年[ \t]*第[ \t]*(?P<serial>\d{1,5})[ \t]*号")
# the number before the word: 国家税务总局 2023 年第 1 号公告, 市政府 2024 年第 3 号通告,
# 第 3 号通告
_ANCHOR_GONGGAO_AFTER = re.compile(
    r"(?:(?P<year>(?:19|20)\d\d)[ \t]*年[ \t]*)?第[ \t]*(?P<serial>\d{1,5})[ \t]*号[ \t]*"
    r"(?P<kind>公告|通告)")
_ANCHOR_LING = re.compile(r"令[ \t]*第[ \t]*(?P<serial>\d{1,5})[ \t]*号")
# a ministry's 令, numbered in its year: 交通运输部令 2017 年第 27 号
_ANCHOR_LING_YEAR = re.compile(
    r"令[ \t]*(?P<year>(?:19|20)\d\d)[ \t]*年[ \t]*第[ \t]*(?P<serial>\d{1,5})[ \t]*号")
# 第5号令, 市政府第5号令, 国务院第707号令: the number before 令; what stands before it is the
# issuer only when it ends as an issuer does (else the 令 is cited bare: 按照第5号令).
_ANCHOR_LING_AFTER = re.compile(r"(?:(?P<year>(?:19|20)\d\d)[ \t]*年[ \t]*)?"
                                r"第[ \t]*(?P<serial>\d{1,5})[ \t]*号[ \t]*令(?![牌箭旗状])")
_ISSUER_TAIL = re.compile(r"(?:政府|国务院|部|委员会|委|局|厅|署|院)$")
# A 令 cited by its issuer's level (省政府令, 市政府令), and what may stand before it in a
# sentence that is not a place name.
_SHORT_LING_END = re.compile(r"(?:自治区|自治州|省|市|县|区|州)政府令$")
_BEFORE_SHORT = set("了布发是为以由经将把对从本和与及或并")
_AGENCY_BEFORE = re.compile(rf"[{_CJK}]{{1,24}}$")

# Words that end the text before an agency code: the code starts after the last of them.
_AGENCY_CUT = re.compile(
    r"发布|印发|转发|根据|依据|依照|按照|参照|落实|贯彻|执行|详见|参见|结合|对照|参考|见|即|的|和|与|及|或|"
    r"日|月|年|原|在|对|将|由|为|以|照|据|是|等|于|并|向|文件|号")
_LONG_AGENCY_CUT = re.compile(r"发布|印发|转发|根据|依据|依照|按照|参照|落实|贯彻|执行|详见|参见|的|见|即|号")

_TITLE = re.compile(rf"《([^《》\n]{{2,{MAX_TITLE}}})》")
_TRAILING_PAREN = re.compile(r"[（(][^（()）]{0,30}[)）]$")
_DOC_WORDS = (
    "法", "条例", "规定", "办法", "细则", "规则", "决定", "通知", "意见", "方案", "规划", "纲要",
    "计划", "批复", "函", "公告", "通告", "通报", "令", "标准", "规范", "规程", "导则", "指南",
    "目录", "清单", "名录", "要点", "措施", "政策", "制度", "报告", "决议", "协定", "公约",
    "章程", "预案", "指引", "若干规定", "纪要", "准则", "守则", "的答复",
)
_ALIAS = re.compile(r"[（(]\s*以下简称\s*[“\"《]?([^”\"》）)]{1,20})[”\"》]?\s*[）)]")

_SENTENCE = re.compile(r"[^。；！？!?;]{0,2000}[。；！？!?;]?")

_BASIS = re.compile(r"(?:根据|按照|依据|依照|参照|遵照|为贯彻|贯彻|落实)[^，。；]{0,6}$")
_REPEAL = re.compile(r"废止|停止执行|不再执行|停止施行|同时失效|予以失效|宣布失效|自行失效|自动失效")
_AMEND = re.compile(r"修改|修订|修正")
_AMEND_STRONG = re.compile(r"如下修改|修改如下|修订如下|修正如下|予以修改|作出修改|作修改|"
                           r"进行修改|修改为|修订为|的修改|修改的决定|修正案")
_REPLACE = re.compile(r"代替|取代|替代")
_INTENT = re.compile(r"推动|推进|适时|研究|拟|计划|开展|组织|做好|加快|启动|抓紧|需要|建议|提请")
_IMPLEMENT_TAIL = re.compile(r"精神|要求|规定|部署|有关|安排")
_YEAR_REVISION = re.compile(r"[（(][ \t]*\d{4}[ \t]*年[^（()）]{0,8}[)）]")

# Dates and terms.
_DATE = (r"(?:19|20)\d\d[ \t]*年[ \t]*\d{1,2}[ \t]*月[ \t]*\d{1,2}[ \t]*日"
         r"|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日")
_EFFECTIVE = re.compile(
    rf"自[ \t]*(?P<date>{_DATE}|(?:印发|发布|公布|下发|颁布|发文|签发|公告)之日)[ \t]*(?:起|开始)?[ \t]*"
    r"(?P<verb>施行|实施|执行|生效|试行)")
_TERM_YEARS = re.compile(r"(?:有效期|试行期|有效期限)[ \t]*(?:为|是)?[ \t]*(?P<n>\d{1,2}|[一二三四五六七八九十两]{1,3})"
                         r"[ \t]*(?:个)?[ \t]*年")
_TERM_UNTIL = re.compile(
    rf"(?:有效期|有效期限)[ \t]*(?:为|是)?[^，。；]{{0,30}}?(?:至|到|截至|截止到|截止)[ \t]*(?P<date>{_DATE})")
_SELF_SUBJECT = re.compile(r"^[ \t]*(?:本|此|以上|上述|该)?[^，。；“”《》]{0,14}$")

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass(slots=True)
class Citation:
    """One place a document is cited: ``《title》（文号）``, a 文号 alone, or a title alone."""

    doc_id: str
    ordinal: int
    block_id: str
    start: int                    # offset in the start block's text
    end_block_id: str             # block where the citation ends (same block mostly)
    end: int                      # offset in the end block's text (exclusive)
    doc_no: str | None = None     # as printed
    doc_no_norm: str | None = None
    agency: str | None = None     # 机关代字
    title: str | None = None      # as printed, without 《》
    key: str = ""                 # the cited document: normalised 文号, else 《folded title》
    text: str = ""                # the citation as printed

    @property
    def title_key(self) -> str | None:
        return title_key(self.title) if self.title else None


@dataclass(slots=True)
class Relation:
    doc_id: str
    ordinal: int
    kind: str                      # one of RELATION_KINDS
    target_key: str
    target_doc_no: str | None
    target_title: str | None
    sentence: str
    block_id: str
    confidence: float
    date: str | None = None        # explicit date of the repeal/amendment, ISO


@dataclass(slots=True)
class Term:
    doc_id: str
    effective: str | None = None         # 施行 date, ISO
    effective_text: str = ""             # the sentence
    effective_block: str | None = None
    expires: str | None = None           # last day in force, ISO
    term_years: int | None = None
    expires_text: str = ""
    expires_block: str | None = None


@dataclass(slots=True)
class DocRefs:
    citations: list[Citation] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    term: Term | None = None


# -- helpers -------------------------------------------------------------------------------
@lru_cache(maxsize=8192)
def title_key(title: str) -> str:
    """A cited or stored title folded for matching: width, spaces and quotes ignored."""
    t = fold_width(title)
    t = re.sub(r"[\s\"“”‘’'「」]", "", t[:400])
    return "《" + t + "》"


def _cn_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if "十" in text:
        head, _, tail = text.partition("十")
        return (_CN_DIGITS.get(head, 1) if head else 1) * 10 + (_CN_DIGITS.get(tail, 0) if tail else 0)
    if len(text) == 1:
        return _CN_DIGITS.get(text)
    return None


def parse_cn_date(text: str) -> str | None:
    """``2023 年 5 月 1 日`` or ``二〇二三年五月一日`` → ``2023-05-01`` (None if not a date)."""
    t = re.sub(r"[ \t]", "", fold_width(text))
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", t)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = re.fullmatch(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月"
                         r"([一二三四五六七八九十]{1,3})日", t)
        if not m:
            return None
        y = int("".join(str(_CN_DIGITS[c]) for c in m[1]))
        mo, d = _cn_number(m[2]), _cn_number(m[3])
        if mo is None or d is None:
            return None
    try:
        return _dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def add_years(iso: str, years: int) -> str:
    """The last day of a term of ``years`` years starting on ``iso``."""
    d = _dt.date.fromisoformat(iso)
    try:
        end = d.replace(year=d.year + years)
    except ValueError:                      # 29 February
        end = d.replace(year=d.year + years, day=28)
    return (end - _dt.timedelta(days=1)).isoformat()


def is_document_title(title: str) -> bool:
    """Does a 《title》 name a document (its last word is a 文种), not a book, show or paper?"""
    t = dense(fold_width(title))
    for _ in range(3):
        stripped = _TRAILING_PAREN.sub("", t)
        if stripped == t:
            break
        t = stripped
    if len(t) < 3:
        return False
    return t.endswith(_DOC_WORDS)


def _enclosed_title(title: str) -> str | None:
    """关于印发X的通知 → X."""
    m = re.search(r"(?:印发|转发|公布|发布)(.{2,120}?)的(?:通知|决定|公告|通告|函|批复)$", title)
    return m[1] if m else None


def doc_title_keys(doc: Document) -> set[str]:
    """The title keys a library document answers to: its title, with an issuer before it, and
    the title of the text a 印发/转发 notice issues."""
    keys = {title_key(doc.title)}
    for issuer in doc.issuers:
        keys.add(title_key(issuer + doc.title))
    if doc.issuers:
        keys.add(title_key("".join(doc.issuers) + doc.title))
    enclosed = _enclosed_title(doc.title)
    if enclosed:
        keys.add(title_key(enclosed))
    return keys


# -- runs: the text the patterns scan ------------------------------------------------------
_SKIP_KINDS = {"doc_no", "issuer", "signature", "date", "recipients"}


@dataclass(slots=True)
class _Run:
    text: str
    pieces: list[tuple[int, Block]]       # (offset of the block's text in ``text``, block)

    def locate(self, pos: int) -> tuple[Block, int]:
        """The block and offset in it of a position in the run."""
        chosen = self.pieces[0]
        for piece in self.pieces:
            if piece[0] <= pos:
                chosen = piece
            else:
                break
        offset, block = chosen
        return block, min(pos - offset, len(block.text))

    def locate_end(self, pos: int) -> tuple[Block, int]:
        block, off = self.locate(max(pos - 1, 0))
        return block, off + 1


def _runs(blocks: list[Block]) -> list[_Run]:
    """Blocks to scan, one run each; consecutive table rows form one run (a citation in a
    flattened table wraps over several rows)."""
    runs: list[_Run] = []
    table: list[Block] = []

    def flush() -> None:
        if table:
            text, pieces, pos = [], [], 0
            for b in table:
                if pos >= MAX_RUN:
                    break
                pieces.append((pos, b))
                text.append(b.text)
                pos += len(b.text)
            runs.append(_Run("".join(text)[:MAX_RUN], pieces))
            table.clear()

    for b in blocks:
        if b.kind in _SKIP_KINDS:
            flush()
            continue
        if b.kind == "table_row":
            table.append(b)
            continue
        flush()
        runs.append(_Run(b.text[:MAX_RUN], [(0, b)]))
    flush()
    return runs


# -- citations -----------------------------------------------------------------------------
# -- short references to a 令 -----------------------------------------------------------------
# A 令 is cited in full (江岭市人民政府令第5号, 国务院令第707号) or short: by its issuer's level
# (市政府令第5号, 省政府令第12号) or bare (政府令第12号, 第5号令). A short reference names a
# 令 of the citing document's own government when the level is its own (or none is printed):
# a city's 市政府令第5号 is that city's, whatever other city's 第5号 the library holds. Its
# key is qualified at extraction: 江岭市人民政府令第5号, as the 令's own 文号 reads. A short
# reference that the citing document cannot qualify (another level: a city's 省政府令第12号;
# no government among its issuers) keeps a short key, resolved library-wide when only one
# 令 of the library fits (core.refs.RefGraph.canonical).
# the levels of a government, longest first (a regex alternation; core.refs reads the keys
# written with them by the same list), and the ones that are one level
LEVELS = "自治区|自治州|自治县|省|市|县|区|州|盟|旗"
SAME_LEVEL = {"自治州": "州", "自治县": "县"}
_LEVELS = tuple(LEVELS.split("|"))
# a place's name before its level (沛县 has one character), not 国家 (国家市场监督管理总局),
# the level not the start of a word (省市场监督管理局: 市场; 区域, 县级 …); not 州 or 旗, which
# end the first part of many a place's name (广州市财政局 would be 广州's)
_PLACE = re.compile(r"^(?!国家)[\u4e00-\u9fff]{1,10}?(?:自治区|自治州|自治县|省|市|县|区|盟)"
                    r"(?!场|域|级|容|貌|区划)")
_SHORT_LEVEL_LING = re.compile(rf"^(?P<level>{LEVELS})(?:人民)?政府令$")
_OWN_LING = {"令", "政府令", "人民政府令", "本府令", "本政府令"}
_PLACE_GOV_LING = re.compile(rf"^(?P<place>[\u4e00-\u9fff]{{1,20}}?(?:{LEVELS}))"
                             r"政府令$")


@dataclass(frozen=True, slots=True)
class Government:
    """The government a document speaks for: whose 令 its short references name."""

    name: str          # 江岭市人民政府, 云川省人民政府, 国务院
    level: str         # 市, 省, 县, 区, 州, 自治区, 盟, 旗; 国 for 国务院


def level_of(place: str) -> str | None:
    """The level a place name ends with (自治州 and 州, 自治县 and 县 are one level)."""
    level = next((lv for lv in _LEVELS if place.endswith(lv)), None)
    if level is None or len(place) <= len(level):
        return None
    return SAME_LEVEL.get(level, level)


def citing_government(issuers: list[str]) -> Government | None:
    """The government of a document's issuers: 江岭市人民政府办公室, 江岭市财政局 and 中共江岭市委
    speak for 江岭市人民政府; 国务院办公厅 for 国务院. None when no issuer names a place."""
    for issuer in issuers:
        name = dense(fold_width(issuer)).removeprefix("中华人民共和国").removeprefix("中共")
        if name.startswith("国务院"):
            return Government("国务院", "国")
        at = name.find("人民政府")
        if at > 0:
            place = name[:at]
        else:
            m = _PLACE.match(name)
            place = m.group(0) if m else ""
        level = level_of(place)
        if level is not None:
            return Government(place + "人民政府", level)
    for issuer in issuers:
        m = _MINISTRY_NAME.match(dense(fold_width(issuer)).removeprefix("中华人民共和国"))
        if m:
            return Government(m["name"], "部")
    return None


# A body of the State Council that issues 令 of its own (部门令): 交通运输部, 国家发展和改革委员会,
# 国家市场监督管理总局, 中国人民银行 (its 办公厅 speaks for it); no place before it.
_MINISTRY_NAME = re.compile(r"^(?![省市县区州旗盟])(?P<name>[\u4e00-\u9fff]{2,20}?(?:部|委员会|总局|局|署|银行))"
                            r"(?:办公厅)?$")
# how a ministry's document cites its own 令 short: 部令第5号, 本部令第5号, 总局令第5号
_MINISTRY_OWN_LING = {"部令", "本部令", "委令", "本委令", "总局令", "本局令", "署令", "行令"}


def ling_number(agency: str, serial: int, gov: Government | None) -> tuple[str, str]:
    """(normalised 文号, agency) of a 令 cited as ``agency`` (ending in 令) and ``serial``, by a
    document speaking for ``gov``: a short reference of the government's own level, or a bare
    one, is the government's own 令; another level keeps the short key (市政府令第5号), a bare
    one without a government too (政府令第12号, 第5号令); 江岭市政府令 reads 江岭市人民政府令."""
    if gov is not None and gov.level == "部" and (
            agency in _OWN_LING and agency != "政府令" or agency in _MINISTRY_OWN_LING):
        # a ministry's 第5号令, 部令第5号: its own 令 (交通运输部令第5号)
        agency = gov.name + "令"
        return f"{agency}第{serial}号", agency
    m = _SHORT_LEVEL_LING.match(agency)
    if m:
        level = SAME_LEVEL.get(m["level"], m["level"])
        agency = gov.name + "令" if gov is not None and gov.level == level else f"{level}政府令"
    elif agency in _OWN_LING:
        if gov is not None:
            agency = gov.name + "令"
        elif agency == "令":
            return f"第{serial}号令", "令"
        else:
            agency = "政府令"
    else:
        m = _PLACE_GOV_LING.match(agency)
        if m:
            agency = m["place"] + "人民政府令"
    return f"{agency}第{serial}号", agency


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    doc_no: str | None = None
    norm: str | None = None
    agency: str | None = None
    title: str | None = None


def _agency_before(text: str, pos: int, limit: int, cut: re.Pattern) -> str:
    m = _AGENCY_BEFORE.search(text[max(0, pos - limit):pos])
    if not m:
        return ""
    agency = m.group(0)
    last = None
    for c in cut.finditer(agency):
        last = c
    if last:
        return agency[last.end():]
    start = pos - len(agency)
    if agency[0] in "年月日" and text[:start].rstrip(" \t")[-1:].isdigit():
        return agency[1:]        # 2018年12月18日中华人民共和国国务院令: the date's 日 is not the agency's
    return agency


def _ling_agency(folded: str, pos: int, after: bool) -> tuple[int, str]:
    """The issuer read back from a 令's anchor at ``pos``: (where it starts, agency + 令).
    ``after``: the number stood before 令 (第5号令), the issuer is kept only when it ends as an
    issuer does."""
    before = _agency_before(folded, pos, 24, _LONG_AGENCY_CUT)
    if after and not _ISSUER_TAIL.search(before):
        before = ""
    agency = before + "令"
    short = _SHORT_LING_END.search(agency)
    if short and short.start() and ("政府" in agency[:short.start()]
                                    or agency[short.start() - 1] in _BEFORE_SHORT):
        agency = short.group(0)      # 市政府公布了市政府令第5号: the short form only
    return pos - len(agency) + 1, agency


_SHORT_GOV = re.compile(rf"^(?:本府|本政府|(?P<level>{LEVELS})(?:人民)?政府)$")
_PLACE_GOV = re.compile(rf"^(?P<place>[\u4e00-\u9fff]{{1,20}}?(?:{LEVELS}))政府$")


def notice_agency(issuer: str, kind: str, gov: Government | None, own: str | None) -> str:
    """The agency of a 公告 or 通告 cited by its number (``2024 年第 3 号通告``), as its own
    number reads (白沙市人民政府通告): the issuer printed before it (白沙市政府 is
    白沙市人民政府); 市政府 (本府) is the citing document's government when of its level; none
    is the citing document's own issuer (``own``). "" when it cannot be named."""
    if issuer in ("", "本", "该", "此", "上述", "前述"):
        return order_agency(own + kind) if own else ""
    m = _SHORT_GOV.match(issuer)
    if m:
        level = SAME_LEVEL.get(m["level"], m["level"]) if m["level"] else None
        if gov is None or gov.level == "部" or level is not None and level != gov.level:
            return ""
        return gov.name + kind
    m = _PLACE_GOV.match(issuer)
    if m:
        issuer = m["place"] + "人民政府"
    return order_agency(issuer + kind) if len(issuer) >= 2 else ""


def _doc_no_hits(text: str, gov: Government | None = None, own: str | None = None) -> list[_Hit]:
    """The 文号 printed in ``text``; a short 令 reference is qualified by ``gov``, the citing
    document's government (see :func:`ling_number`), and a 公告 or 通告 cited by its number
    alone by ``own``, the citing document's issuer (see :func:`notice_agency`)."""
    hits: list[_Hit] = []
    taken: list[tuple[int, int]] = []
    folded = text.translate(_FW_DIGITS)

    def add(start: int, end: int, norm: str, agency: str | None) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        hits.append(_Hit(start, end, text[start:end], norm, agency or None))

    for m in _ANCHOR_GONGGAO.finditer(folded):
        before = _agency_before(folded, m.start(), 24, _LONG_AGENCY_CUT)
        agency = notice_agency(before, m["kind"], gov, own)
        if agency:
            add(m.start() - len(before), m.end(),
                f"{agency}{m['year']}年第{int(m['serial'])}号", agency)
    for m in _ANCHOR_GONGGAO_AFTER.finditer(folded):
        pos = m.start()
        while m["year"] and pos > 0 and folded[pos - 1] in " \t":
            pos -= 1              # 市政府 2024 年第 3 号通告
        before = _agency_before(folded, pos, 24, _LONG_AGENCY_CUT)
        agency = notice_agency(before, m["kind"], gov, own)
        if agency:
            year = f"{m['year']}年" if m["year"] else ""
            add(pos - len(before), m.end(), f"{agency}{year}第{int(m['serial'])}号", agency)
    for m in _ANCHOR_LING_YEAR.finditer(folded):
        start, agency = _ling_agency(folded, m.start(), False)
        if len(agency) >= 3:
            agency = order_agency(agency)
            add(start, m.end(), f"{agency}{m['year']}年第{int(m['serial'])}号", agency)
    for m in _ANCHOR_LING.finditer(folded):
        start, agency = _ling_agency(folded, m.start(), False)
        if len(agency) >= 3:
            # 中华人民共和国国务院令第707号 is 国务院令第707号, as the 令's own 文号 reads
            add(start, m.end(), *ling_number(order_agency(agency), int(m["serial"]), gov))
    for m in _ANCHOR_LING_AFTER.finditer(folded):
        pos = m.start()
        while m["year"] and pos > 0 and folded[pos - 1] in " \t":
            pos -= 1              # 交通运输部 2017 年第 27 号令
        start, agency = _ling_agency(folded, pos, True)
        if agency == "令":
            start = m.start()
        norm, agency = ling_number(order_agency(agency), int(m["serial"]), gov)
        if m["year"] and agency != "令":
            # a ministry's 令 numbered in its year: 交通运输部 2017 年第 27 号令, or its own
            # 2024 年第 3 号令: 交通运输部令2017年第27号, as the 令's own number reads
            norm = f"{agency}{m['year']}年第{int(m['serial'])}号"
        add(start, m.end(), norm, agency)
    for m in _ANCHOR_BRACKETED.finditer(folded):
        pos = m.start()
        while pos > 0 and folded[pos - 1] in " \t":
            pos -= 1
        agency = _agency_before(folded, pos, 14, _AGENCY_CUT)
        kind = agency[-2:]
        if kind in ("公告", "通告"):
            # 白沙市人民政府通告〔2024〕第 3 号: the 通告 numbered in its year
            long = _agency_before(folded, pos, 24, _LONG_AGENCY_CUT)
            named = notice_agency(long[:-2], kind, gov, own)
            if named:
                add(pos - len(long), m.end(), f"{named}{m['year']}年第{int(m['serial'])}号",
                    named)
                continue
        add(pos - len(agency), m.end(), f"{agency}〔{m['year']}〕{int(m['serial'])}号", agency)
    for m in _ANCHOR_DASHED.finditer(folded):
        agency = _agency_before(folded, m.start(), 14, _AGENCY_CUT)
        if agency:
            add(m.start() - len(agency), m.end(), f"{agency}〔{m['year']}〕{int(m['serial'])}号",
                agency)
    hits.sort(key=lambda h: h.start)
    return hits


_FW_DIGITS = {c: ord("0") + i for i, c in enumerate(range(0xFF10, 0xFF1A))}


def _title_hits(text: str, aliases: set[str]) -> list[_Hit]:
    out = []
    for m in _TITLE.finditer(text):
        title = m[1].strip()
        if title in aliases or not is_document_title(title):
            continue
        out.append(_Hit(m.start(), m.end(), title=title))
    return out


def _pair(titles: list[_Hit], numbers: list[_Hit], text: str) -> list[_Hit]:
    """Join ``《title》（文号）`` into one hit; the rest stay alone."""
    out: list[_Hit] = []
    used: set[int] = set()
    for t in titles:
        for i, n in enumerate(numbers):
            if i not in used and t.start < n.start and n.end < t.end \
                    and n.start - t.start <= 1 + len(n.agency or "") and t.end - n.end <= 2:
                # the number is the title: 《白沙市人民政府 2024 年第 3 号通告》
                out.append(_Hit(t.start, t.end, n.doc_no, n.norm, n.agency, t.title))
                used.add(i)
                break
            if i in used or n.start < t.end:
                continue
            gap = text[t.end:n.start]
            if len(gap) <= 2 and all(c in " \t（(【[" for c in gap):
                close = n.end
                while close < len(text) and close - n.end < 2 and text[close] in " \t）)】]":
                    close += 1
                out.append(_Hit(t.start, close, n.doc_no, n.norm, n.agency, t.title))
                used.add(i)
            break
    out.extend(n for i, n in enumerate(numbers) if i not in used)
    # titles not paired
    paired_starts = {h.start for h in out if h.title}
    out.extend(t for t in titles if t.start not in paired_starts)
    out.sort(key=lambda h: h.start)
    return out


# -- relations -----------------------------------------------------------------------------
_DELIMS = "。；！？!?;"
_MASK = re.compile(r"《[^《》]{0,120}》|[（(][^（()）]{0,40}[)）]")


def _sentence_at(text: str, pos: int, end: int | None = None) -> tuple[int, str]:
    """The sentence around ``text[pos:end]``: (its start in ``text``, the sentence)."""
    end = pos if end is None else end
    lo = max(0, pos - MAX_SENTENCE)
    start = max(text.rfind(d, lo, pos) for d in _DELIMS) + 1
    if start == 0:
        start = lo
    hi = min(len(text), end + MAX_SENTENCE)
    stops = [i for i in (text.find(d, end, hi) for d in _DELIMS) if i >= 0]
    stop = min(stops) + 1 if stops else hi
    return start, text[start:stop]


# The cell before a 文号 in a table row, when it names a document (its title, unquoted).
_ROW_TITLE = re.compile(rf"([\u4e00-\u9fff（(][^\s《》]{{3,{MAX_TITLE}}})\s+$")
# A sentence after a list that repeals what the list names: 上述文件自…起停止执行。
_BACK_REF = re.compile(r"^(?:上述|以上|前述)[^。；]{0,40}?(?:废止|停止执行|不再执行|停止施行|失效)[^。；]*")


def _list_leads(blocks: list[Block]) -> dict[str, str]:
    """Block id → the sentence that decides the numbered list the block is an item of: the
    lead-in ending in ： just before the list (``经省政府同意，决定废止以下 3 件规范性文件：``)
    and the sentence just after it that refers back to it (``上述文件……停止执行``)."""
    out: dict[str, str] = {}
    k = 0
    while k < len(blocks):
        if blocks[k].kind == "table_row" or not ITEM_NUMBER_RE.match(blocks[k].text):
            k += 1
            continue
        end = k
        while end < len(blocks) and blocks[end].kind != "table_row" and ITEM_NUMBER_RE.match(
                blocks[end].text):
            end += 1
        lead = []
        before = blocks[k - 1].text.strip() if k else ""
        if before.endswith(("：", ":")) and blocks[k - 1].kind not in _SKIP_KINDS:
            lead.append(re.split(r"[。；！？]", before[:-1])[-1][-MAX_SENTENCE:] + before[-1])
        if end < len(blocks) and blocks[end].kind not in _SKIP_KINDS:
            back = _BACK_REF.match(blocks[end].text.strip())
            if back:
                lead.append(back[0][:MAX_SENTENCE])
        if lead:
            for b in blocks[k:end]:
                out[b.id] = "……".join(lead)
        k = end
    return out


def _classify(sentence: str, rel_start: int, rel_end: int, heading: str,
              doc_title: str, lead: str = "") -> list[tuple[str, float, str]]:
    """Relations a citation at [rel_start, rel_end) of a sentence stands in:
    (kind, confidence, the text that decided it: the section ``heading`` or the list's
    ``lead``, "" when the sentence itself did)."""
    s = sentence
    before = _MASK.sub("", s[max(0, rel_start - 300):rel_start])[-40:]
    after = s[rel_end:rel_end + 300]
    clause_before = re.split(r"[，,：:]", before)[-1][-20:]
    clause_after = _MASK.sub("", re.split(r"[，,。；;]", after)[0])[:20]
    rest = _MASK.sub("", s[rel_end:])
    kinds: list[tuple[str, float, str]] = [("cites", 1.0, "")]
    basis = bool(_BASIS.search(clause_before.rstrip("、和及与以")))
    intent = bool(_INTENT.search(clause_before))
    if not basis:
        # repeals: 《X》……同时废止 / 废止《X》 / 原《X》……停止执行 / a heading 一、废止的文件
        if _REPEAL.search(clause_after):
            kinds.append(("repeals", 0.5 if intent else 0.95, ""))
        elif clause_before.endswith("原") and _REPEAL.search(rest):
            kinds.append(("repeals", 0.95, ""))
        elif _REPEAL.search(clause_before):
            kinds.append(("repeals", 0.5 if intent else 0.9, ""))
        elif _REPEAL.search(rest) and not _REPLACE.search(s):
            kinds.append(("repeals", 0.5 if intent else 0.75, ""))
        elif heading and _REPEAL.search(heading) and _REPEAL.search(doc_title):
            kinds.append(("repeals", 0.85, heading))
        elif lead and _REPEAL.search(lead) and not _INTENT.search(lead):
            kinds.append(("repeals", 0.85, lead))
        # amends: 对《X》作如下修改 / 修改《X》 / 关于修改《X》的决定
        if not any(k == "repeals" for k, _, _ in kinds):
            if _AMEND.search(clause_after) or _AMEND.search(clause_before):
                strong = bool(_AMEND_STRONG.search(_MASK.sub("", s))) or (
                    bool(_AMEND.search(doc_title)) and "《" in doc_title)
                kinds.append(("amends", 0.9 if strong and not intent else 0.5, ""))
            elif heading and _AMEND.search(heading) and _AMEND.search(doc_title):
                kinds.append(("amends", 0.85, heading))
            elif lead and _AMEND_STRONG.search(lead) and not _INTENT.search(lead):
                kinds.append(("amends", 0.85, lead))
        # replaces: 本办法代替《X》 / 《X》被……取代
        if _REPLACE.search(clause_before) or _REPLACE.search(clause_after):
            kinds.append(("replaces", 0.5 if intent else 0.9, ""))
    else:
        tail = _IMPLEMENT_TAIL.search(_MASK.sub("", s[rel_end:rel_end + 300]))
        kinds.append(("implements", 0.6 if tail else 0.5, ""))
    return kinds


# -- terms ---------------------------------------------------------------------------------
def _own_subject(sentence: str, start: int) -> bool:
    """Is the clause before a 施行/有效期 phrase about the document itself (本办法, nothing)?"""
    clause = re.split(r"[，,：:]", sentence[:start])[-1]
    clause = _NUMBERING.sub("", clause.strip())
    if not clause:
        return True
    return bool(_SELF_SUBJECT.match(clause)) and (clause.startswith(("本", "此", "以上", "上述", "该"))
                                                  or len(clause) <= 2)


_FROM_DATE = re.compile(rf"自[ \t]*({_DATE})[ \t]*起")
_NUMBERING = CLAUSE_NUMBER_RE
_TERM_HINT = re.compile(r"施行|实施|执行|生效|试行|有效期")


def _find_term(doc: Document, runs: list[_Run]) -> Term:
    term = Term(doc.id)
    for run in runs:
        text = run.text
        if _TERM_HINT.search(text) is None:
            continue
        if term.effective is None:
            for m in _EFFECTIVE.finditer(text):
                s_start, s = _sentence_at(text, m.start(), m.end())
                if not _own_subject(s, m.start() - s_start):
                    continue
                date = m["date"]
                iso = parse_cn_date(date) if not date.endswith("之日") else doc.date
                if iso:
                    term.effective, term.effective_text = iso, s.strip()
                    term.effective_block = run.locate(m.start())[0].id
                    break
        if term.expires is None and term.term_years is None and "期" in text:
            for pattern in (_TERM_UNTIL, _TERM_YEARS):
                m = pattern.search(text)
                if m is None:
                    continue
                s_start, s = _sentence_at(text, m.start(), m.end())
                own = bool(re.search(r"施行|实施|执行|生效|印发之日|发布之日", s))
                if not (own or _own_subject(s, m.start() - s_start)):
                    continue
                if pattern is _TERM_UNTIL:
                    iso = parse_cn_date(m["date"])
                    if not iso:
                        continue
                    term.expires = iso
                else:
                    n = _cn_number(m["n"])
                    if not n or not 0 < n <= 50:
                        continue
                    term.term_years = n
                term.expires_text, term.expires_block = s.strip(), run.locate(m.start())[0].id
                break
    if term.term_years and term.expires is None:
        start = term.effective or doc.date
        if start:
            term.expires = add_years(start, term.term_years)
    return term


# -- the whole document --------------------------------------------------------------------
def extract_refs(doc: Document, blocks: list[Block],
                 sections: list[Section] | None = None) -> DocRefs:
    """Citations, relations and term of one document (see the module docstring).

    A page of the gazette itself (``kind == "gazette_section"``: 目录, 领导活动, 政务动态 …)
    names documents, it does not cite them: it has no citations, relations or term."""
    if doc.kind == "gazette_section":
        return DocRefs()
    sections = sections or []
    heading_of = {s.id: s for s in sections}
    own_keys = {title_key(doc.title)}
    enclosed = _enclosed_title(doc.title)
    if enclosed:
        own_keys.add(title_key(enclosed))
    for s in sections:
        if s.kind == "enclosure" and s.title:
            own_keys.add(title_key(s.title))
    own_no = doc.doc_no.normalized if doc.doc_no else None
    gov = citing_government(doc.issuers)
    own = dense(fold_width(doc.issuers[0])) if doc.issuers else None
    aliases: set[str] = set()
    titles = {b.id for b in blocks if b.kind == "title"}
    runs = _runs(blocks)
    leads = _list_leads(blocks)
    out = DocRefs()
    relations: dict[tuple[str, str], Relation] = {}
    for run in runs:
        text = run.text
        if "《" not in text and "号" not in text:
            continue
        for m in _ALIAS.finditer(text):
            aliases.add(m[1].strip())
        hits = _pair(_title_hits(text, aliases), _doc_no_hits(text, gov, own) if "号" in text else [], text)
        if not hits:
            continue
        for hit in hits:
            if hit.norm and hit.norm == own_no:
                continue
            if hit.title and not hit.norm and title_key(hit.title) in own_keys:
                continue
            block, start = run.locate(hit.start)
            end_block, end = run.locate_end(hit.end)
            if block.kind == "table_row" and hit.norm and not hit.title:
                # a list of documents: 1  ××关于……的意见  岭政发〔2014〕31 号
                cell = _ROW_TITLE.search(block.text[:start])
                if cell and is_document_title(cell[1]):
                    hit.title = cell[1]
            key = hit.norm or title_key(hit.title or "")
            cit = Citation(doc.id, len(out.citations) + 1, block.id, start, end_block.id, end,
                           hit.doc_no, hit.norm, hit.agency, hit.title, key,
                           text[hit.start:hit.end])
            out.citations.append(cit)
            if block.kind == "table_row":
                # a row is the sentence (rows are run together only to find a citation
                # wrapped over them)
                s_start = next(off for off, b in run.pieces if b is block)
                s_end = next(off + len(b.text) for off, b in run.pieces if b is end_block)
                sentence = text[s_start:s_end][:MAX_SENTENCE]
            else:
                s_start, sentence = _sentence_at(text, hit.start, hit.end)
            heading = _deciding_heading(heading_of, block.section_id)
            lead = leads.get(block.id, "")
            in_title = block.kind == "title"
            for kind, confidence, decided_by in _classify(
                    sentence, hit.start - s_start, hit.end - s_start, heading, doc.title, lead):
                rel_key = (kind, key)
                old = relations.get(rel_key)
                if old is not None and (old.confidence > confidence or (
                        old.confidence == confidence and (in_title or old.block_id not in titles))):
                    continue        # keep the first, but prefer the body to the title
                date = None
                if kind in ("repeals", "amends", "replaces"):
                    dm = _FROM_DATE.search(sentence) or (
                        _FROM_DATE.search(decided_by) if decided_by else None)
                    if dm:
                        date = parse_cn_date(dm[1])
                shown = sentence.strip()
                if decided_by:                  # the heading's or the lead's words first
                    shown = f"{decided_by.strip().rstrip('：:')}：{shown}"
                relations[rel_key] = Relation(doc.id, 0, kind, key, hit.norm, hit.title,
                                              shown[:MAX_SENTENCE], block.id, confidence, date)
    order = {k: i for i, k in enumerate(RELATION_KINDS)}
    out.relations = sorted(relations.values(), key=lambda r: (order[r.kind], r.target_key))
    for n, r in enumerate(out.relations, start=1):
        r.ordinal = n
    out.term = _find_term(doc, runs)
    # a title cited alone somewhere and with its 文号 elsewhere in the document: one document
    by_title = {c.title_key: c.doc_no_norm for c in out.citations if c.title and c.doc_no_norm}
    for c in out.citations:
        if c.title and not c.doc_no_norm and by_title.get(c.title_key):
            c.key = by_title[c.title_key]
    for r in out.relations:
        if r.target_title and not r.target_doc_no and by_title.get(title_key(r.target_title)):
            r.target_doc_no = by_title[title_key(r.target_title)]
            r.target_key = r.target_doc_no
    _dedupe_relations(out, titles)
    return out


def _deciding_heading(heading_of: dict[str, Section], section_id: str | None) -> str:
    """The title of the section (or its parent) that says 废止/修改, else the section's."""
    section = heading_of.get(section_id or "")
    if section is None:
        return ""
    chain = [section]
    if section.parent_id in heading_of:
        chain.append(heading_of[section.parent_id])
    for s in chain:
        if _REPEAL.search(s.title) or _AMEND.search(s.title):
            return s.title
    return section.title


def _dedupe_relations(out: DocRefs, titles: set[str]) -> None:
    """One relation per kind and target: the most confident; the body's before the title's."""
    best: dict[tuple[str, str], Relation] = {}
    for r in out.relations:
        old = best.get((r.kind, r.target_key))
        if old is None or r.confidence > old.confidence or (
                r.confidence == old.confidence and old.block_id in titles
                and r.block_id not in titles):
            best[(r.kind, r.target_key)] = r
    order = {k: i for i, k in enumerate(RELATION_KINDS)}
    out.relations = sorted(best.values(), key=lambda r: (order[r.kind], r.target_key))
    for n, r in enumerate(out.relations, start=1):
        r.ordinal = n


def extract_issue_refs(documents: list[Document], blocks: list[Block],
                       sections: list[Section]) -> dict[str, DocRefs]:
    """``extract_refs`` for every document of an issue, by document id."""
    by_doc: dict[str, list[Block]] = {}
    for b in blocks:
        by_doc.setdefault(b.doc_id, []).append(b)
    secs: dict[str, list[Section]] = {}
    for s in sections:
        secs.setdefault(s.doc_id, []).append(s)
    return {d.id: extract_refs(d, by_doc.get(d.id, []), secs.get(d.id, [])) for d in documents}
