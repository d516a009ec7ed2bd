"""Cells of a flattened table row, told apart by what each column holds.

A row flattened to text is a run of tokens (words separated by spaces, and line breaks where a
cell wrapped). The header says what each column holds: a serial number (序号), a code
(``Ⅰ－26``), an amount or a count (金额, 万元, 数量), a sex (性别), or text (名称, 单位, 地区 …).
:func:`split_row` tries every way of cutting the tokens into as many cells as there are
columns, keeps the cuts where each typed column holds one token of its kind, and scores them:
a space inside a cell costs (a space between two cells is what the extraction leaves; a line
break inside a cell is a wrap), a unit or company name (…公司, …局, …中心) ending a name
column, a place (…市, …县, …区) in a place column and a value already seen down the column
earn. The best cut is taken only when it is better than every other; otherwise the row is not
split (``None``) and stays whole as a raw row: a cell is never guessed.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..textmatch import dense
from ..textutil import join_wrapped

SERIAL, CODE, NUMBER, SEX, PHONE, DATE, TEXT = ("serial", "code", "number", "sex", "phone",
                                                "date", "text")
LINE_BREAK = "\n"

_NUMBER_HEAD = re.compile(r"金额|资金|万元|（元）|\(元\)|数量|人数|户数|个数|家数|面积|投资|补助|"
                          r"奖励（|奖补（|得分|分值|合计|小计|总计|规模（|基期值|基础值|现状值|"
                          r"目标值|预期值")
_SERIAL_TOKEN = re.compile(r"^\d{1,4}[．.、]?$")
_CODE_TOKEN = re.compile(r"^(?=[^\u4e00-\u9fff]*[\dⅠ-Ⅻⅰ-ⅻ])[A-Za-zＡ-Ｚａ-ｚⅠ-Ⅻⅰ-ⅻ\d０-９]"
                         r"[A-Za-zＡ-Ｚａ-ｚⅠ-Ⅻⅰ-ⅻ\d０-９\-－—–_.．/／]*$")
_NUMBER_TOKEN = re.compile(r"^(?:[-+－]?\d[\d,，]*(?:[.．]\d+)?[%％]?(?:[/／]\d+)?|[—－-]{1,2}|/|／"
                           r"|[〔\[［]\d[\d,，]*(?:[.．]\d+)?[〕\]］])$")
_PHONE_TOKEN = re.compile(r"^[\d\-－（）()]{5,}$")
_UNIT_END = re.compile(r"(?:公司|厂|局|中心|院|所|社|会|站|部|店|场|馆|园|委|办|校|学|队|行|处|室|"
                       r"集团|合作社|医院|政府|支队|大队|组|基地|街道|乡|镇|村|社区|团|台|报|"
                       r"协会|联合会|商会|事务所|诊所|银行|分行|支行|研究所|（[^）]*）)$")
_PLACE_END = re.compile(r"(?:市|县|区|镇|乡|村|街道|社区)$")
_NAME_HEAD = ("单位", "企业", "公司", "名称", "机构", "主体")
_PLACE_HEAD = ("地区", "县", "市", "区域", "属地", "所在地", "乡镇")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def column_kinds(header: list[str]) -> list[str]:
    """What each column of ``header`` holds (SERIAL, CODE, NUMBER, SEX, PHONE, DATE, TEXT)."""
    kinds = []
    for i, h in enumerate(header):
        h = dense(h)
        if h in ("序号", "序", "编号", "排序") and i == 0 or h == "序号":
            kinds.append(SERIAL)
        elif re.search(r"编号|代码|代号|编码", h):
            kinds.append(CODE)
        elif h == "性别":
            kinds.append(SEX)
        elif re.search(r"电话|号码|联系方式", h):
            kinds.append(PHONE)
        elif _NUMBER_HEAD.search(h) and not re.search(r"名称|内容|项目(?!.*[（(])|单位$|依据", h):
            kinds.append(NUMBER)
        elif re.search(r"时间|日期|时限", h):
            kinds.append(DATE)
        else:
            kinds.append(TEXT)
    return kinds


def unit_ending(text: str) -> bool:
    """Does ``text`` end like the name of a unit or company (…公司, …局, …中心)?"""
    return bool(_UNIT_END.search(text))


def is_number(text: str) -> bool:
    return bool(_NUMBER_TOKEN.match(text.strip()))


def to_number(text: str) -> float | int | None:
    """The value of a number cell (``1,200`` → 1200, ``2.5`` → 2.5), ``None`` when it is not
    one (``—``, text, a percentage, a number with a leading zero such as a code)."""
    t = text.strip().replace(",", "").replace("，", "").replace("．", ".").replace("－", "-")
    if not re.fullmatch(r"-?\d+(?:\.\d+)?", t) or re.fullmatch(r"-?0\d+", t):
        return None
    value = float(t)
    return int(value) if value.is_integer() and "." not in t else value


def _fits(kind: str, tokens: list[str]) -> bool:
    """Can ``tokens`` (one or more) make a cell of a column of ``kind``?"""
    text = "".join(tokens)
    if kind == SERIAL:
        return len(tokens) == 1 and bool(_SERIAL_TOKEN.match(text))
    if kind == CODE:
        return len(tokens) == 1 and bool(_CODE_TOKEN.match(text))
    if kind == NUMBER:
        return len(tokens) == 1 and bool(_NUMBER_TOKEN.match(text))
    if kind == SEX:
        return len(tokens) == 1 and text in ("男", "女")
    if kind == PHONE:
        return bool(_PHONE_TOKEN.match(tokens[0])) or bool(_CJK.search(text))
    # TEXT and DATE: anything but a lone serial-like number or a lone sex
    return not (len(tokens) == 1 and (_SERIAL_TOKEN.match(text) and kind == TEXT
                                      or text in ("男", "女")))


@dataclass
class Column:
    kind: str
    name: bool = False        # holds unit or company names
    place: bool = False       # holds place names
    seen: frozenset = frozenset()
    source: bool = False      # a legal basis: 《…》（…号）
    sentence: bool = False    # a text of sentences (政策内容, 主要任务): ends with 。
    short: bool = False       # a category (类别, 类型, 属性): a word or two


def columns_for(header: list[str], seen: list[set[str]] | None = None) -> list[Column]:
    cols = []
    for i, (h, kind) in enumerate(zip(header, column_kinds(header))):
        text = kind == TEXT
        cols.append(Column(kind, name=text and any(w in h for w in _NAME_HEAD),
                           place=text and any(w in h for w in _PLACE_HEAD),
                           seen=frozenset(seen[i]) if seen else frozenset(),
                           source=text and "依据" in h,
                           sentence=text and bool(re.search(r"内容|措施|任务|事项|要求", h)),
                           short=text and bool(re.fullmatch(r"类别|类型|属性|性质|级别", h))))
    return cols


def _cell_text(tokens: list[str], seps: list[str]) -> str:
    out = tokens[0]
    for sep, tok in zip(seps, tokens[1:]):
        if sep == LINE_BREAK or (_CJK.match(out[-1:]) and _CJK.match(tok[:1])):
            out = join_wrapped(out, tok)      # a wrap, or a word spaced out (李 浩)
        else:
            out += " " + tok                  # 10 万元 as printed
    return out


def _space_cost(a: str, b: str) -> float:
    """What a space inside a cell costs: a space between two Chinese words is what the
    extraction leaves between cells; one next to a number or a Latin word (``10 万元``) is how
    the text is printed."""
    wide = re.compile(r"[\u4e00-\u9fff（）()《》“”]")
    return 2.0 if wide.match(a[-1:]) and wide.match(b[:1]) else 0.25


def _score(col: Column, tokens: list[str], seps: list[str],
           common: frozenset = frozenset()) -> float:
    score = -sum(0.5 if f"{tokens[i]} {tokens[i + 1]}" in common
                 else _space_cost(tokens[i], tokens[i + 1])
                 for i, s in enumerate(seps) if s != LINE_BREAK)
    text = "".join(tokens)
    if col.name and _UNIT_END.search(text):
        score += 1.0
    if col.place and _PLACE_END.search(text):
        score += 1.0
    if text in col.seen:
        score += 1.5
    if col.kind == TEXT and is_number(text):
        score -= 1.0
    if col.source and text.startswith("《"):
        score += 1.0
    if col.sentence:
        score += 1.0 if text.endswith(("。", "；")) else -1.0
    elif re.search(r"[。；](?!$)", text):
        score -= 2.0        # only a text of sentences holds a sentence end inside
    if col.short and len(text) > 6:
        score -= 2.0
    if col.kind == PHONE and text[:1].isdigit():
        score += 0.5
    if col.kind == TEXT and re.search(r"[的和与及在对为按由从将把被向于或、，,]$", text):
        score -= 1.0        # a cell does not end on a function word: a wrap
    if _unbalanced(text):
        score -= 3.0
    if text.endswith(("，", "、", "（", "《", "“")):
        score -= 1.0
    return score


_BRACKET = re.compile(r"[《》（）()“”]")


def _unbalanced(text: str) -> bool:
    if not _BRACKET.search(text):
        return False
    marks = _BRACKET.findall(text)
    for a, b in (("《", "》"), ("（", "）"), ("(", ")"), ("“", "”")):
        if a not in marks and b not in marks:
            continue
        depth = 0
        for ch in marks:
            depth += (ch == a) - (ch == b)
            if depth < 0:
                return True
        if depth:
            return True
    return False


MIN_SCORE = -2.5
MAX_WRAPS = 6         # a row wrapped over more lines is not cut (too many ways to read it)
DEBUG: list = []      # a cut worse than this (an unbalanced bracket) is not trusted


def split_row(tokens: list[str], seps: list[str], cols: list[Column]) -> list[str] | None:
    """The cells of one row, or ``None`` when they cannot be told apart with confidence.

    ``seps[i]`` is what stood between ``tokens[i]`` and ``tokens[i + 1]``: a space or
    :data:`LINE_BREAK`."""
    found = scored_split(tokens, seps, cols)
    return found[0] if found is not None else None


def scored_split(tokens: list[str], seps: list[str], cols: list[Column],
                 common: frozenset = frozenset()) -> tuple[list[str], float] | None:
    """:func:`split_row` with the score of the cut taken. ``common``: word pairs (``矿石
    万吨/年``) that recur in many rows of the table, so are more likely one cell's value."""
    n, k = len(tokens), len(cols)
    if n < k or k == 0 or n > k + 30 or seps.count(LINE_BREAK) > MAX_WRAPS:
        return None
    neg = float("-inf")
    # best[c][i]: the two best (score, cut) for tokens[:i] in the first c columns
    best: list[list[list[tuple[float, tuple[int, ...]]]]] = [
        [[] for _ in range(n + 1)] for _ in range(k + 1)]
    best[0][0] = [(0.0, ())]
    for c in range(1, k + 1):
        col = cols[c - 1]
        single = col.kind not in (TEXT, DATE, PHONE)
        for i in range(c, n - (k - c) + 1):
            cands: list[tuple[float, tuple[int, ...]]] = []
            lo = i - 1 if single else c - 1
            for j in range(max(lo, c - 1), i):
                if not best[c - 1][j]:
                    continue
                cell = tokens[j:i]
                if not _fits(col.kind, cell):
                    continue
                s = _score(col, cell, seps[j:i - 1], common)
                if j > 0 and seps[j - 1] != LINE_BREAK:
                    s += 0.5        # the cell starts after a space: a cell boundary
                for prev, cut in best[c - 1][j]:
                    cands.append((prev + s, cut + (j,)))
            cands.sort(key=lambda x: -x[0])
            best[c][i] = cands[:2]
    final = best[k][n]
    if DEBUG:
        DEBUG.append(final)
    if not final or final[0][0] == neg or final[0][0] < MIN_SCORE:
        return None
    margin = 1.0 if seps.count(LINE_BREAK) > 3 else 0.0   # many wraps: a clear winner only
    if len(final) > 1 and final[1][0] >= final[0][0] - margin:
        return None
    cut = final[0][1] + (n,)
    return [_cell_text(tokens[cut[c]:cut[c + 1]], seps[cut[c]:cut[c + 1] - 1])
            for c in range(k)], final[0][0]


def tokenize(lines: list[str]) -> tuple[list[str], list[str]]:
    """Tokens of a row's lines and what separated them (a space or a line break)."""
    tokens, seps = _tokenize(tuple(lines))
    return list(tokens), list(seps)


@functools.lru_cache(maxsize=4096)
def _tokenize(lines: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    tokens: list[str] = []
    seps: list[str] = []
    for line in lines:
        words = _fold_dates(line).split()
        for wi, w in enumerate(words):
            if tokens:
                seps.append(LINE_BREAK if wi == 0 else " ")
            tokens.append(w)
    return tuple(tokens), tuple(seps)


def _fold_dates(text: str) -> str:
    """``2023 年 9 月 1 日`` → ``2023年9月1日``; ``（万 元）`` stays."""
    if "年" not in text and "月" not in text and "日" not in text:
        return text
    text = _YEAR_MONTH.sub(r"\1年", text)
    text = _MONTH_DAY.sub(r"\1月", text)
    return _NUMBER_UNIT.sub(r"\1", text)


_YEAR_MONTH = re.compile(r"(?<!\d)(\d{4})\s*年\s*(?=\d{1,2}\s*月)")
_MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(?=\d{1,2}\s*日)")
_NUMBER_UNIT = re.compile(r"(?<!\d)(\d{4}|\d{1,2}(?=\s*[月日]))\s+(?=[年月日])")
