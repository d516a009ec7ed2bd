"""Indicator tables (序号 指标 基数 目标 属性): one text column, the others short values.

Their rows are read from both ends: the serial number first, then, from the right, one value
per value column (``100%``, ``—``, ``≥3 名／社区``, ``预期性``), and the 指标 text in between.
Pieces of the 指标 text wrapped onto lines of their own (``积比例`` after the values) are put
back at the end of the text. A row that does not read this way makes the whole table stay
unstructured: cells are never guessed.
"""

from __future__ import annotations

import re

from ..textutil import join_wrapped

TEXT_HEADS = ("指标", "名称", "项目", "内容")
_YEAR = re.compile(r"^\d{4}年$")
_VALUE_WORD = re.compile(r"^(?:基础值|基数|基期值|目标值|目标|预期值|现状值|实际值)$")
_NUMBER = re.compile(r"^(?:[—－-]+|[≥≤＞＜<>约]?[\[［]?\d+(?:[.．]\d+)?[\]］]?[%％‰]?[①-⑳]?)$")
_MEASURE = re.compile(r"^[\u4e00-\u9fff／/]{1,6}$")
_PHRASE = re.compile(r"^[\u4e00-\u9fff]{2,12}$")
_ATTRIBUTE = re.compile(r"^(?:预期性|约束性|指导性)$")
_CJK_PIECE = re.compile(r"^[\u4e00-\u9fff（）()、，]+$")


def indicator_header(lines: list[str], merge_single) -> list[str] | None:
    """Header cells of an indicator table, or ``None``: the words of each header line, with
    a year line joined to the value word under it (``2020 年`` + ``基础值``)."""
    cells: list[str] = []
    for line in lines:
        cells += merge_single(line.split()) if len(line.split()) > 1 and not re.search(
            r"\d", line) else ["".join(line.split())]
    out: list[str] = []
    for cell in cells:
        if out and _YEAR.match(out[-1]) and _VALUE_WORD.match(cell):
            out[-1] += cell
        else:
            out.append(cell)
    if len(out) < 4 or "序" not in out[0] or not any(w in out[1] for w in TEXT_HEADS):
        return None
    return out


def _values_from_right(tokens: list[str], count: int) -> tuple[list[str], int] | None:
    """``count`` value cells at the end of ``tokens`` and where they start."""
    values: list[str] = []
    i = len(tokens)
    while len(values) < count and i > 0:
        tok = tokens[i - 1]
        if _ATTRIBUTE.match(tok) or _NUMBER.match(tok):
            values.insert(0, tok)
            i -= 1
        elif _MEASURE.match(tok) and i > 1 and _NUMBER.match(tokens[i - 2]) \
                and re.search(r"\d", tokens[i - 2]):
            values.insert(0, f"{tokens[i - 2]} {tok}")      # 30 平方米, 0.36 人
            i -= 2
        elif _PHRASE.match(tok) and len(values) < count - 1 and i > 1 \
                and _NUMBER.match(tokens[i - 2]) and (count == 2 or values):
            # a target in words after a number (— 稳定增长); with three values or more the
            # last is the indicator's attribute (预期性), never words
            values.insert(0, tok)
            i -= 1
        else:
            return None
    return (values, i) if len(values) == count else None


def indicator_cells(lines: list[str], n: int, ncols: int) -> list[str] | None:
    """The cells of row ``n`` of an indicator table with ``ncols`` columns, or ``None``."""
    lines = [ln.strip() for ln in lines if ln.strip()]
    tokens = lines[0].split() if lines else []
    if not tokens or not re.fullmatch(rf"{n}[．.、]?", tokens[0]):
        return None
    body = ([" ".join(tokens[1:])] if tokens[1:] else []) + lines[1:]
    for k, line in enumerate(body):
        found = _values_from_right(line.split(), ncols - 2)
        if found is not None:
            values, start = found
            head = " ".join(line.split()[:start])
            before, after = body[:k] + ([head] if head else []), body[k + 1:]
            break
    else:
        return None
    # The wrapped end of the 指标 text may follow the values line (积比例); nothing else may.
    if not before or any(not _CJK_PIECE.match(x) for x in after):
        return None
    text = ""
    for piece in before + after:
        text = join_wrapped(text, piece)
    if _NUMBER.match(text):
        return None
    return [tokens[0].rstrip("．.、"), text, *values]


def indicator_table(header_lines: list[str], rows: list[list[str]], merge_single
                    ) -> tuple[list[str], list[list[str]]] | None:
    """Header and cells of an indicator table when every row reads as one, else ``None``."""
    header = indicator_header(header_lines, merge_single)
    if header is None:
        return None
    cells = [indicator_cells(r, n, len(header)) for n, r in enumerate(rows, start=1)]
    if not rows or any(c is None for c in cells):
        return None
    return header, [c for c in cells if c is not None]
