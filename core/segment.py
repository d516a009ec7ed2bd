"""Splitting an issue's content lines into documents, and reading each document's front matter
(issuers, title, 文号, recipients).

A document is anchored on its 文号 line (``许政〔2023〕3 号`` alone on a line), or on a
``……令`` + ``第 N 号`` pair, or on a one-line title ``××关于……的通知``. Its head is walked back
from the anchor: the title lines (short, no sentence punctuation) and, above them, the issuer
line(s).

Documents without a 文号 start where a document may start (the start of the text, after a date
line or a publication note such as ``（此件公开发布）``, and for the unmistakable forms also after
a sentence): a 任免 notice (``国务院任免国家工作人员``), a 公告 or 通告 (``××市人民政府公告``, with or
without ``第 N 号``), a bulletin (``××市 2022 年……统计公报`` with the issuer or the date under
it), a ``关于……的批复`` title over the recipients line, and the gazette's own sections
(目录, 领导活动, 政务动态 …), which are labelled as not being documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clean import Line
from .model import DocNo
from .textutil import CJK, DATE_RE, fold_width, squeeze_cjk_spaces
from .wenhao import is_doc_no_line, order_doc_no, order_issuer

DOC_TYPES = (
    "实施意见", "指导意见", "实施细则", "实施方案", "工作方案", "行动方案", "行动计划",
    "工作要点", "管理办法", "暂行办法", "政策措施", "若干措施", "决定", "通知", "通报", "意见", "办法", "方案", "规划",
    "计划", "预案", "清单", "名单", "名录", "目录", "批复", "公告", "通告", "报告", "请示", "纪要",
    "命令", "决议", "议案", "条例", "规定", "细则", "规则", "要点", "措施", "函", "令",
)
# Normalise compound types to the 文种 a clerk filters by.
_TYPE_BASE = {"实施意见": "意见", "指导意见": "意见", "实施细则": "细则", "实施方案": "方案",
              "工作方案": "方案", "行动方案": "方案", "行动计划": "计划", "工作要点": "要点",
              "管理办法": "办法", "暂行办法": "办法", "命令": "令",
              "政策措施": "措施", "若干措施": "措施"}

ORG_SUFFIX = re.compile(
    r"(人民政府|人民政府办公室|人民政府办公厅|政府办公室|政府办公厅|国务院|国务院办公厅|办公厅|办公室|"
    r"委员会|管理委员会|管委会|人民代表大会常务委员会|常务委员会|军分区|警备区|[局厅部署委办院])$")
ENCLOSE_RE = re.compile(r"关于(?P<verb>印发|转发|公布|发布|颁布)(?P<what>.+?)的(?:通知|决定|通告|公告)$")
# ××转发××关于……的请示的通知 (the 转发 verb outside 关于).
FORWARD_RE = re.compile(r"转发(?P<what>[^，。]{4,}?)的通知$")
TITLE_ISSUER_RE = re.compile(r"^(?P<issuer>[\u4e00-\u9fff、 ]{2,60}?)关于")
ONE_LINE_TITLE_RE = re.compile(
    r"^(?P<issuer>[\u4e00-\u9fff]{2,30}?(?:人民政府|办公室|办公厅|国务院|委员会))(?:\s*)关于.{2,80}的"
    r"(?:" + "|".join(DOC_TYPES) + r")$")
ORDER_TITLE_RE = re.compile(r"^[\u4e00-\u9fff]{2,30}令$")
# 第 12 号, or as a ministry numbers its 令 and 公告: 2024 年第 3 号
# (or, under a 通告 or 公告, its year in brackets: 〔2024〕第 3 号)
ORDER_NO_RE = re.compile(r"^(?:[〔［\[﹝]\s*(?P<by>(?:19|20)[0-9]{2})\s*[〕］\]﹞]\s*第?"
                         r"|[（(]?(?:(?P<y>(?:19|20)[0-9]{2})\s*年\s*)?第)\s*(?P<n>[0-9０-９]{1,4})\s*号[）)]?$")


def order_year(m: re.Match) -> int | None:
    """The year of a number line matched by ORDER_NO_RE (2024 年第 3 号, 〔2024〕第 3 号)."""
    year = m["y"] or m["by"]
    return int(year) if year else None
ORDER_LINE_RE = re.compile(r"^(?P<title>[\u4e00-\u9fff]{2,30}令)\s*[（(]?(?:(?P<y>(?:19|20)[0-9]{2})\s*年\s*)?"
                           r"第\s*(?P<n>[0-9]{1,4})\s*号[）)]?$")
TERMINAL = "。；！？：:;"
SENTENCE_STOP = "。！？"
# Publication notes after the date: （此件公开发布） （此件主动公开） （此件不公开） （此件有删减）
# （联系人：…；电话：…）. Metadata of the notice, never a title.
MARKER_RE = re.compile(
    r"^[（(]\s*(?P<text>(?:此件|本件)[\u4e00-\u9fff、，]{2,16}|联系人\s*[：:].{1,60}|联系电话\s*[：:].{1,40})"
    r"\s*[）)]$")
# The gazette's own sections: not documents.
GAZETTE_SECTIONS = ("目录", "本期目录", "领导活动", "政务动态", "政务要闻", "政务信息", "工作动态",
                    "大事记", "政府大事记", "领导讲话", "公报信息", "政策解读", "文件解读", "图片新闻")
APPOINTMENT_RE = re.compile(r"^[\u4e00-\u9fff]{0,30}任免[\u4e00-\u9fff]{0,14}$")
ANNOUNCE_RE = re.compile(r"^(?P<issuer>[\u4e00-\u9fff（）()]{2,40}?)(?P<type>公告|通告)$")
BULLETIN_RE = re.compile(r"^[\u4e00-\u9fff0-9０-９“”（）()—－-]{4,80}公报$")


# A column's banner between two documents (the gazette's grouping, as in its 目录):
# 【省政府办公厅文件】, 部  门  文  件, 省政府规章. Not a document's text.
BANNER_RE = re.compile(r"^[\u4e00-\u9fff]{1,10}(?:文件|规章)$")


# A row of a flattened table: its serial number, then cells apart (``34  东川县医药卫生学校  东川县
# 中等职业学校``, ``4 江岭省…的通知 岭政办发〔2017〕40 号``); no title line starts so (a date's
# 12 月 does not count).
TABLE_ROW_LINE_RE = re.compile(r"^\d{1,3}[．.、]?\s+(?![年月日号期届次个项条])[^\s\d]\S*\s+\S")


# ... and the columns of orders and appointments: 省政府令, 国务院令, 部门令; 人事任免
BANNER_ORDER_RE = re.compile(r"^(?:(?:自治区|[省市县区州旗盟])?(?:人民)?政府|国务院|部门|部委)令$")
BANNER_NAMES = ("人事任免", "任免事项", "任免信息", "人事信息")
# A 目录 entry's end: leader dots, its page.
TOC_ENTRY_RE = re.compile(r"(?:[…·.．]{2,}|…)\s*[（(]?\s*\d{1,4}\s*[）)]?$")


def is_column_banner(text: str) -> bool:
    t = re.sub(r"[\s【】\[\]·•—－-]", "", text)
    return len(text) <= 30 and (bool(BANNER_RE.match(t) or BANNER_ORDER_RE.match(t))
                                or t in BANNER_NAMES)


def _set_off(text: str) -> bool:
    """A banner set off as one: in 【】, or its characters spaced out (部  门  文  件)."""
    t = text.strip()
    return t.startswith("【") and t.endswith("】") or bool(re.fullmatch(r"\S(?:\s+\S){2,}", t))


def is_date_line(text: str) -> bool:
    if "年" not in text or len(text) > 30:
        return False
    m = DATE_RE.search(fold_width(text))
    return bool(m) and len(fold_width(text).strip()) <= m.end() - m.start() + 4


def is_marker_line(text: str) -> bool:
    """（此件公开发布） and the like: a publication note, not a title."""
    t = text.strip()
    if len(t) > 90 or t[:1] not in "（(" or t[-1:] not in "）)":
        return False
    return bool(MARKER_RE.match(squeeze_cjk_spaces(t)))


def gazette_section_name(text: str) -> str | None:
    """目  录 / 【领导活动】 / ·政务动态· → the section's name; None for anything else."""
    t = re.sub(r"[\s【】\[\]·•—－-]", "", text)
    if t in GAZETTE_SECTIONS:
        return "目录" if t.endswith("目录") else t
    return None


def clean_title(text: str) -> str:
    """A title as printed, without what the extraction added: spaces between Chinese
    characters or between Chinese and digits or Latin (``关于 2018 年度`` → ``关于2018年度``),
    soft hyphens, and hyphens that only break a Latin word at a line end."""
    t = text.replace("\u00ad", "")
    t = re.sub(r"(?<=[A-Za-z])-\n(?=[a-z])", "", t)
    t = re.sub(r"\s*\n\s*", "", t) if "\n" in t else t
    wide = rf"{CJK}“”‘’《》（）〔〕【】、，：；。"
    t = re.sub(rf"(?<=[{wide}])\s+|\s+(?=[{wide}])", "", t.strip())
    return re.sub(r"\s{2,}", " ", t)


def looks_like_issuer(text: str) -> bool:
    t = squeeze_cjk_spaces(text)
    return (2 <= len(t) <= 40 and bool(ORG_SUFFIX.search(t)) and "关于" not in t
            and not re.search(r"[，。；：、“”《》]|转发|印发", t))


def doc_type_of(title: str) -> str:
    t = re.sub(r"[（(][^）)]*[）)]$", "", title).strip()
    for word in DOC_TYPES:
        if t.endswith(word):
            return _TYPE_BASE.get(word, word)
    return ""


@dataclass(slots=True)
class DocHead:
    """The front matter of one document, as line indices into the issue's lines."""

    start: int                       # first line of the document (issuer or title)
    issuer_lines: list[int] = field(default_factory=list)
    title_lines: list[int] = field(default_factory=list)
    doc_no_line: int | None = None
    body_start: int = 0              # first line after the head
    issuers: list[str] = field(default_factory=list)
    title: str = ""
    kind: str = "document"           # or "gazette_section" (目录, 领导活动 …)
    doc_type: str = ""               # 文种 when the title does not end with it (任免)
    doc_no: DocNo | None = None      # a number not printed as a 文号 (令, 公告 第 N 号)
    order: bool = False              # a 令: the title is the promulgated regulation's name


def find_documents(lines: list[Line], full_width: int, relaxed: bool = False) -> list[DocHead]:
    """Find where each document starts and read its head.

    When nothing is found, the unmistakable forms without a 文号 (任免, 公告/通告, bulletins)
    are looked for again wherever they stand (after a cover page, say): ``relaxed``."""
    heads: list[DocHead] = []
    n = len(lines)
    used_until = -1
    for i, ln in enumerate(lines):
        if i <= used_until:
            continue
        head = None
        if is_doc_no_line(ln.text):
            head = _head_from_anchor(lines, i, full_width, min_start=used_until + 1)
            if head is not None:
                head.doc_no_line = i
                head.body_start = i + 1
        elif "号" in ln.text and len(ln.text) <= 16 and ORDER_NO_RE.match(
                fold_width(ln.text)) and i > 0 and ORDER_TITLE_RE.match(
                squeeze_cjk_spaces(lines[i - 1].text)) and i - 1 > used_until:
            head = DocHead(start=i - 1, title_lines=[i - 1], doc_no_line=i, body_start=i + 1,
                           order=True)
        elif "令" in ln.text and "号" in ln.text and len(ln.text) <= 48 \
                and ORDER_LINE_RE.match(squeeze_cjk_spaces(fold_width(ln.text))):
            head = DocHead(start=i, title_lines=[i], doc_no_line=i, body_start=i + 1, order=True)
        elif "关于" in ln.text and ONE_LINE_TITLE_RE.match(squeeze_cjk_spaces(ln.text)) \
                and _after_document_end(lines, i, sentence=ln.width < full_width - 2) \
                and not (i + 1 < n and is_doc_no_line(lines[i + 1].text)):
            head = DocHead(start=i, title_lines=[i], body_start=i + 1)
        else:
            head = _head_without_doc_no(lines, i, full_width, relaxed)
        if head is None:
            continue
        _red_header(lines, head, full_width)
        _fill_title(lines, head)
        if head.kind == "document" and not head.doc_type and not _plausible_title(head.title):
            continue
        if heads and head.start <= heads[-1].body_start - 1:
            continue
        b = head.start - 1
        if head.kind == "document" and b > used_until and is_column_banner(lines[b].text) \
                and (_after_document_end(lines, b, sentence=True) or _set_off(lines[b].text)
                     or TABLE_ROW_LINE_RE.match(lines[b - 1].text)
                     or TOC_ENTRY_RE.search(lines[b - 1].text)):
            head.start = b      # the banner over it is no line of the document before
        heads.append(head)
        used_until = head.body_start - 1
    if not heads and not relaxed:
        return find_documents(lines, full_width, relaxed=True)
    return heads


def _after_document_end(lines: list[Line], i: int, sentence: bool = False) -> bool:
    """A document without a 文号 may start only at the start, after a date line or a
    publication note, or (``sentence``: the unmistakable forms) after a full sentence."""
    if i == 0:
        return True
    prev = lines[i - 1].text
    if is_date_line(prev) or is_marker_line(prev):
        return True
    return sentence and prev[-1] in SENTENCE_STOP


def _issuer_in_title(title: str) -> bool:
    m = TITLE_ISSUER_RE.match(title)
    return bool(m) and all(looks_like_issuer(p) for p in re.split(r"[、\s]+", m["issuer"]) if p)


def _short_title_line(line: Line, full_width: int, full_ok: bool = False) -> bool:
    """A line that may be (part of) a title: no sentence punctuation, and short of the right
    margin unless ``full_ok`` (a title line that another line completes)."""
    t = line.text
    return (t[-1] not in TERMINAL and len(t) <= 60 and not re.search(r"[，。；：！？]", t)
            and (full_ok or line.width < max((line.full_width or full_width) - 2, 40)))


def _head_without_doc_no(lines: list[Line], i: int, full_width: int,
                         relaxed: bool = False) -> DocHead | None:
    """A document (or a gazette section) that starts at line ``i`` without a 文号 line."""
    ln = lines[i]
    if len(ln.text) > 60 or ln.text[-1] in TERMINAL:
        return None
    name = gazette_section_name(ln.text) if len(ln.text) <= 16 else None
    if name is not None:
        if name != "目录" or _after_document_end(lines, i):
            return DocHead(start=i, title_lines=[i], body_start=i + 1, kind="gazette_section",
                           title=name, doc_type="其他")
        return None
    # Every other form starts after the end of a document or at least of a sentence (a
    # bulletin may have its issuer on the line above).
    if not _short_title_line(ln, full_width, full_ok=True):
        return None
    if relaxed:
        text = squeeze_cjk_spaces(fold_width(ln.text))
        if not (APPOINTMENT_RE.match(text) or ANNOUNCE_RE.match(text) or "公报" in text):
            return None
    elif not _after_document_end(lines, i, sentence=True):
        if i > 0 and squeeze_cjk_spaces(ln.text) in ("公告", "通告") \
                and looks_like_issuer(lines[i - 1].text) \
                and _after_document_end(lines, i - 1, sentence=True):
            return _announcement_under_issuer(lines, i)
        if i > 1 and looks_like_issuer(lines[i - 1].text) and "公报" in ln.text + (
                lines[i + 1].text if i + 1 < len(lines) else "") \
                and _after_document_end(lines, i - 1, sentence=True):
            head = _bulletin(lines, i, full_width)
            if head is not None:
                head.start = i - 1
                head.issuer_lines = [i - 1] + head.issuer_lines
            return head
        return None
    text = squeeze_cjk_spaces(fold_width(ln.text))
    n = len(lines)
    if APPOINTMENT_RE.match(text):
        if text in BANNER_NAMES and i + 1 < n and APPOINTMENT_RE.match(
                squeeze_cjk_spaces(fold_width(lines[i + 1].text))):
            # 人事任免 over 江川省人民政府任免名单: the column's banner over the title
            return DocHead(start=i + 1, title_lines=[i + 1], body_start=i + 2, doc_type="任免")
        return DocHead(start=i, title_lines=[i], body_start=i + 1, doc_type="任免")
    m = ANNOUNCE_RE.match(text)
    if m and looks_like_issuer(m["issuer"]):
        head = DocHead(start=i, title_lines=[i], body_start=i + 1, doc_type=m["type"],
                       issuers=[m["issuer"]])
        if i + 1 < n:
            no = ORDER_NO_RE.match(squeeze_cjk_spaces(fold_width(lines[i + 1].text)))
            if no:
                head.doc_no_line = i + 1
                head.body_start = i + 2
                head.doc_no = order_doc_no(text, int(no["n"]), order_year(no))
        return head
    head = _bulletin(lines, i, full_width)
    if head is not None:
        return head
    # 关于……的批复 / 函 / 通知 without a 文号: issuer line(s), title lines, then the recipients
    # (after a sentence too when an issuer line stands above the title).
    if not _after_document_end(lines, i, sentence=looks_like_issuer(ln.text)):
        return None
    issuers: list[int] = []
    k = i
    while k < n and len(issuers) < 3 and looks_like_issuer(lines[k].text):
        issuers.append(k)
        k += 1
    title: list[int] = []
    while k < n and len(title) < 3 and _short_title_line(lines[k], full_width, full_ok=True) \
            and not is_doc_no_line(lines[k].text) and (title or "关于" in lines[k].text):
        title.append(k)
        joined = squeeze_cjk_spaces("".join(lines[t].text for t in title))
        k += 1
        if "关于" in joined and doc_type_of(joined):
            break
    else:
        return None
    if not title or k >= n:
        return None
    joined = squeeze_cjk_spaces("".join(lines[t].text for t in title))
    if not ("关于" in joined and doc_type_of(joined)):
        return None
    if is_doc_no_line(lines[k].text):
        return None
    if not issuers and not _issuer_in_title(joined):
        return None     # 关于……的请示 under a 转发 notice: the forwarded text, not a document
    recipients = lines[k].text.rstrip()
    if not (recipients.endswith(("：", ":")) and len(recipients) <= 80) and not (
            issuers == [] and ONE_LINE_TITLE_RE.match(joined)):
        return None
    return DocHead(start=i, issuer_lines=issuers, title_lines=title, body_start=k)


def _announcement_under_issuer(lines: list[Line], i: int) -> DocHead:
    """中华人民共和国生态环境部 / 公    告 / 2024 年第 12 号: the 公告 (通告) under its issuer,
    titled with both, numbered by the line under it."""
    kind = squeeze_cjk_spaces(lines[i].text)
    issuer = squeeze_cjk_spaces(lines[i - 1].text)
    head = DocHead(start=i - 1, title_lines=[i - 1, i], body_start=i + 1, doc_type=kind,
                   issuers=[issuer])
    if i + 1 < len(lines):
        no = ORDER_NO_RE.match(squeeze_cjk_spaces(fold_width(lines[i + 1].text)))
        if no:
            head.doc_no_line = i + 1
            head.body_start = i + 2
            head.doc_no = order_doc_no(issuer + kind, int(no["n"]), order_year(no))
    return head


def _bulletin(lines: list[Line], i: int, full_width: int) -> DocHead | None:
    """A bulletin (……统计公报): its title over one or two lines from ``i``, then its issuer(s)
    or its date."""
    n = len(lines)
    for span in (1, 2):
        last = i + span - 1
        if last >= n or not _short_title_line(lines[last], full_width, full_ok=True) \
                or span == 2 and looks_like_issuer(lines[i].text):
            break
        title = clean_title("".join(lines[k].text for k in range(i, last + 1)))
        if not BULLETIN_RE.match(fold_width(title)) or last + 1 >= n:
            continue
        under = last + 1
        issuers = []
        while under < n and len(issuers) < 3 and looks_like_issuer(lines[under].text):
            issuers.append(under)
            under += 1
        if not issuers and not is_date_line(lines[under].text):
            continue
        return DocHead(start=i, title_lines=list(range(i, last + 1)), body_start=under,
                       doc_type="公报", issuer_lines=issuers)
    return None


def _head_from_anchor(lines: list[Line], j: int, full_width: int, min_start: int) -> DocHead | None:
    """Walk back from the 文号 line ``j`` over the title lines to the issuer line(s)."""
    title: list[int] = []
    issuers: list[int] = []
    k = j - 1
    while k >= min_start and len(title) + len(issuers) < 6:
        text = lines[k].text
        below = "".join(lines[t].text for t in title)
        long_title = "关于" in text and bool(doc_type_of(squeeze_cjk_spaces(text + below)))
        if is_date_line(text) or text[-1] in TERMINAL or (
                lines[k].width >= (lines[k].full_width or full_width) - 2 and not long_title) \
                or title and is_column_banner(text) or TABLE_ROW_LINE_RE.match(text):
            # the end of the document before, or a column's banner over this one's title
            # (right over the 文号, ××人民政府文件 is the 版头: see _red_header)
            break
        if looks_like_issuer(text):
            issuers.insert(0, k)
            k -= 1
            # Joint issuers on lines above: only when a boundary (start, date, sentence end)
            # comes right before them, so the last rows of a unit list are not taken.
            extra = []
            while k >= min_start and len(extra) < 3 and looks_like_issuer(lines[k].text):
                extra.insert(0, k)
                k -= 1
            if extra and (k < min_start or is_date_line(lines[k].text)
                          or lines[k].text[-1] in TERMINAL):
                issuers[:0] = extra
            break
        if issuers:
            break
        title.insert(0, k)
        k -= 1
    if not title:
        return None
    if not issuers:
        # No issuer line: the title starts at its line holding 关于 (issuer named in it).
        first = next((t for t in title if re.search(r"关于|转发|印发", lines[t].text)), None)
        if first is None:
            title = title[-3:]
        else:
            title = [t for t in title if t >= first]
    start = issuers[0] if issuers else title[0]
    return DocHead(start=start, issuer_lines=issuers, title_lines=title)


def _plausible_title(title: str) -> bool:
    """A document title names its subject with 关于 or ends with its 文种 (通知, 条例, 令 …)."""
    t = title.strip()
    if t.startswith(("《", "（", "(")) or t.endswith("》") or "》（" in t:   # a citation
        return False
    return ("关于" in t or bool(doc_type_of(t))) and len(t) <= 120


def _red_header(lines: list[Line], head: DocHead, full_width: int) -> None:
    """The 版头 layout: ``××人民政府文件`` above the 文号 and the title below it.

    The lines walked back from the 文号 are then the issuer's name with 文件; the title is
    read forward from the 文号, up to the recipients (a line ending with ：) or the body.
    """
    if not head.title_lines or head.doc_no_line is None:
        return
    above = squeeze_cjk_spaces("".join(lines[t].text for t in head.title_lines))
    if not above.endswith("文件") or "关于" in above:
        return
    head.issuer_lines = head.issuer_lines + head.title_lines
    title: list[int] = []
    k = head.doc_no_line + 1
    while k < len(lines) and len(title) < 4:
        text = lines[k].text
        if text[-1] in TERMINAL or lines[k].width >= (lines[k].full_width or full_width) - 2 \
                or is_date_line(text):
            break
        title.append(k)
        k += 1
    if title:
        head.title_lines = title
        head.body_start = title[-1] + 1


def _split_issuers(text: str) -> list[str]:
    """``中共××市委办公室  ××市人民政府办公室`` → two issuers; ``××市人民政府文件`` → ``××市人民政府``."""
    text = text.strip()
    if text.endswith("文件"):
        text = text[:-2].strip()
    parts = [p for p in re.split(r"\s{1,}|、", text) if p]
    if len(parts) > 1 and all(looks_like_issuer(p) for p in parts):
        return parts
    return [squeeze_cjk_spaces(text)]


def _fill_title(lines: list[Line], head: DocHead) -> None:
    if head.kind == "gazette_section":
        return
    raw = "\n".join(lines[t].text for t in head.title_lines)
    head.title = clean_title(raw)
    if head.order:
        m = ORDER_LINE_RE.match(head.title)
        if m:
            head.title = m["title"]
        else:
            m = ORDER_NO_RE.match(squeeze_cjk_spaces(fold_width(lines[head.doc_no_line].text)))
        head.doc_no = order_doc_no(head.title, int(m["n"]),
                                   order_year(m) if "by" in m.re.groupindex else
                                   int(m["y"]) if m["y"] else None)
        head.doc_type = "令"
    found = [p for k in head.issuer_lines for p in _split_issuers(lines[k].text)]
    head.issuers = found or head.issuers
    if not head.issuers:
        m = TITLE_ISSUER_RE.match(head.title)
        if m:
            issuer = re.split(r"转发|印发", m["issuer"])[0]
            head.issuers = [p for p in re.split(r"[、\s]+", issuer) if p]
        elif head.order:
            head.issuers = [order_issuer(head.title)]
        elif head.doc_type == "任免":
            m = re.match(r"^(?P<issuer>[\u4e00-\u9fff]{2,30}?)任免", head.title)
            if m and looks_like_issuer(m["issuer"]):
                head.issuers = [m["issuer"]]
