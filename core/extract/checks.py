"""Checks of a table against the totals and counts its text states.

Gazette lists say how long they are: in a group label (``一、禹州市，共 22 家企业，奖励资金共
530 万元。``, ``二、传统美术（6 项）``), in a spanning label (``高新技术企业（首次认定 102 家）``), in
the caption (``（共计 2328 万元）``) or in the sentence before the table (``共计 52 项``). Each
statement is compared with the rows: a count with the number of rows it covers, an amount with
the sum of the amount column. A check is ``{label, stated, counted, unit, ok}``.
"""

from __future__ import annotations

import re

from ..model import Table
from ..textmatch import dense
from .grid import NUMBER, column_kinds, to_number, unit_ending

COUNT_UNITS = "家个项人名条户所件处座只位批类"
_NUM = r"(\d+(?:[.．]\d+)?)"
_COUNT = re.compile(rf"(?:共|共计|合计|总计|计|首次认定|认定|列入|涉及)?\s*{_NUM}\s*([{COUNT_UNITS}])"
                    r"(?:[\u4e00-\u9fff]{0,6})?")
_AMOUNT = re.compile(rf"(?:共|共计|合计|总计|奖励资金共|资金共|金额共|总额)\s*{_NUM}\s*(万元|亿元|元)")
_STATED_COUNT = re.compile(rf"(?:共|共计|合计|总计|计|首次认定|^[^：:，。]{{1,16}}[：:])\s*{_NUM}\s*"
                           rf"([{COUNT_UNITS}])")
_PAREN_COUNT = re.compile(rf"[（(][\u4e00-\u9fff]{{0,6}}?\s*{_NUM}\s*([{COUNT_UNITS}])"
                          r"[\u4e00-\u9fff]{0,4}\s*(?:[，,；;、][^（）()]{0,24})?[）)]")
# An amount a label states without 共 (in a group label or caption, not in a body sentence,
# where 每家奖励 10 万元 is not a total): （23 家，490 万元）, （23 家企业，奖励 490 万元）.
_LABEL_AMOUNT = re.compile(rf"(?:[（(]|[，,；;、]|奖励|奖补|补助|资金|金额)\s*{_NUM}\s*(万元|亿元|元)"
                           r"\s*(?=[）)，,；;。]|$)")


def _num(text: str) -> float:
    value = float(text.replace("．", "."))
    return int(value) if value.is_integer() else value


def stated_counts(text: str) -> list[tuple[float, str]]:
    """Counts a label states: ``共 22 家``, ``（4 项）``, ``（首次认定 102 家）``."""
    found = [(_num(m[1]), m[2]) for m in _STATED_COUNT.finditer(text)]
    found += [(_num(m[1]), m[2]) for m in _PAREN_COUNT.finditer(text)
              if (_num(m[1]), m[2]) not in found]
    return found


def stated_amounts(text: str) -> list[tuple[float, str]]:
    """Amounts a label states: ``奖励资金共 530 万元``, ``（共计 2328 万元）``."""
    return [(_num(m[1]), m[2]) for m in _AMOUNT.finditer(text)]


def label_amounts(text: str) -> list[tuple[float, str]]:
    """Amounts a group label or caption states: those of :func:`stated_amounts`, else one
    printed without 共 in the label's bracket or after 奖励 (``（23 家，490 万元）``)."""
    found = stated_amounts(text)
    return found or [(_num(m[1]), m[2]) for m in _LABEL_AMOUNT.finditer(text)][:1]


def label_name(label: str) -> str:
    """The short name of a group label: ``一、禹州市，共 22 家…`` → ``禹州市``."""
    name = re.sub(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[．.、])\s*",
                  "", label)
    name = re.split(r"[，,：:。；（(]", name, maxsplit=1)[0].strip()
    return name or label.strip()


def amount_column(table: Table, unit: str) -> int | None:
    """The column holding amounts in ``unit`` (万元, 元): named so, or the only amount column."""
    header = table.header[0] if table.header else []
    kinds = column_kinds(header)
    named = [i for i, h in enumerate(header) if unit in h and kinds[i] == NUMBER]
    if named:
        return named[0]
    numeric = [i for i, k in enumerate(kinds) if k == NUMBER and ("金" in header[i] or "资" in
                                                                     header[i] or "奖" in header[i])]
    return numeric[0] if len(numeric) == 1 else None


def is_total(row: list[str]) -> bool:
    """A 小计 / 合计 / 总计 row (not one of the listed items)."""
    if not row or row[0].lstrip()[:1] not in ("小", "合", "总"):
        return False        # most rows: no need to normalise the cell
    return dense(row[0])[:2] in ("小计", "合计", "总计")


def _sum(table: Table, rows: range, col: int) -> float:
    total = 0.0
    for r in rows:
        row = table.rows[r]
        if r in table.raw_rows or col >= len(row) or is_total(row):
            continue
        value = to_number(row[col])
        if value is not None:
            total += value
    return round(total, 4)


def _check(label: str, stated: float, counted: float, unit: str) -> dict:
    counted = int(counted) if float(counted).is_integer() else counted
    return {"label": label, "stated": stated, "counted": counted, "unit": unit,
            "ok": abs(stated - counted) < 1e-6}


def table_checks(table: Table, before: str = "", spans: list[tuple[int, int, str]] = ()
                 ) -> list[dict]:
    """The checks of ``table``: its groups, spanning labels (``spans``: first row, end row,
    label), caption and the sentence ``before`` it."""
    checks: list[dict] = []
    n = len(table.rows)
    starts = sorted({g[0] for g in table.groups})
    # A group runs from its label to the next label of its level or above (一、民间文学（6 项）
    # covers its （一）新增项目 and （二）扩展项目).
    levels = _levels([label for _, label in table.groups])
    for k, (idx, label) in enumerate(table.groups):
        end = next((table.groups[m][0] for m in range(k + 1, len(table.groups))
                    if levels[m] <= levels[k] and table.groups[m][0] > idx), n)
        _add(checks, table, label_name(label), label, range(idx, end))
    for first, end, label in spans:
        _add(checks, table, label_name(label), label, range(first, end))
    whole = range(0, n)
    # A 小计 row states the sum of the rows above it (since the group label or the last total).
    first = 0
    for r, row in enumerate(table.rows):
        if r in starts:
            first = r
        if not is_total(row) or r in table.raw_rows:
            continue
        whole_table = row[0].replace(" ", "")[:2] in ("合计", "总计")
        for c, value in enumerate(row[1:], start=1):
            stated = to_number(value)
            if stated is not None:
                name = row[0] if whole_table else f"{label_of(table, r)}{row[0]}"
                above = range(0, r) if whole_table else range(first, r)
                checks.append(_check(name, stated, _sum(table, above, c), _unit_of(table, c)))
        first = r + 1
    stated_by_caption = _add(checks, table, "全表", table.caption, whole)
    if before and not stated_by_caption:
        # The last sentence before the table that states a total (共计 52 项, 认定 5 家企业…
        # 奖励资金共计 76 万元, 李浩等 5 名同志).
        sentences = [x for x in re.split(r"[。；]", before) if _BODY_TOTAL.search(x)]
        if sentences and len(_BODY_TOTAL.findall(sentences[-1])) > 1 and table.groups:
            # 授予…等 6 个单位…，授予…等 10 名同志…: the groups say which is which
            sentences = []
        if sentences:
            _add(checks, table, "全表", sentences[-1], whole, body=True)
    return checks


def _levels(labels: list[str]) -> list[int]:
    """The nesting level of each group label: its numbering style (一、, （一）, none) ranked
    by where the style first appears (the outer groups come first)."""
    def style(label: str) -> str:
        if re.match(r"^\s*[一二三四五六七八九十]+、", label):
            return "cn"
        if re.match(r"^\s*[（(][一二三四五六七八九十]+[）)]", label):
            return "paren"
        return "bare"
    order: list[str] = []
    for label in labels:
        if style(label) not in order:
            order.append(style(label))
    return [order.index(style(label)) for label in labels]


_BODY_TOTAL = re.compile(rf"(?:共|共计|合计|总计|等|认定|确定|评选出|命名|表彰)\s*{_NUM}\s*"
                         rf"[{COUNT_UNITS}]|共计?\s*{_NUM}\s*(?:万元|亿元|元)")


def _listed(table: Table, rows: range) -> int:
    """How many items ``rows`` list: one per row, or one per cell in a list printed several
    names to a line (every cell a unit or company name, or every cell a person's name)."""
    body = [table.rows[r] for r in rows if not is_total(table.rows[r])]
    if table.header or not any(len([c for c in row if c]) > 1 for row in body):
        return len(body)
    cells = [c for r in rows if r not in table.raw_rows for c in table.rows[r] if c]
    if cells and (all(unit_ending(c) for c in cells)
                  or all(re.fullmatch(r"[\u4e00-\u9fff·]{2,4}", c) for c in cells)):
        return len(cells) + sum(1 for r in rows if r in table.raw_rows)
    return len(body)


def label_of(table: Table, row: int) -> str:
    """The short name of the group a row is in (``禹州市``), or ``""``."""
    names = [label_name(label) for idx, label in table.groups if idx <= row]
    return names[-1] if names else ""


MONEY_UNITS = {"元": 1, "万元": 10 ** 4, "亿元": 10 ** 8}


def _in_unit(value: float, column_unit: str, unit: str) -> float:
    """A sum of a column in ``column_unit`` (元, from its header) expressed in the ``unit`` the
    text states it in (万元): 250000 元 is 25 万元."""
    if column_unit in MONEY_UNITS and unit in MONEY_UNITS and column_unit != unit:
        return round(value * MONEY_UNITS[column_unit] / MONEY_UNITS[unit], 6)
    return value


def _unit_of(table: Table, col: int) -> str:
    header = table.header[0][col] if table.header and col < len(table.header[0]) else ""
    m = re.search(r"[（(]([^）)]*)[）)]", header)
    return m[1] if m else ""


def _add(checks: list[dict], table: Table, name: str, text: str, rows: range,
         body: bool = False) -> bool:
    added = False
    listed = _listed(table, rows)
    counts = stated_counts(text or "")
    if body:
        counts = [(_num(m[1]), m[2]) for m in re.finditer(
            rf"(?:共|共计|合计|总计|等|认定|确定|评选出|命名|表彰)\s*{_NUM}\s*([{COUNT_UNITS}])",
            text)]
    for stated, unit in counts:
        checks.append(_check(name, stated, listed, unit))
        added = True
        break      # one count per label: the first (共 22 家企业)
    for stated, unit in (stated_amounts if body else label_amounts)(text or ""):
        col = amount_column(table, unit)
        if col is None:
            continue
        checks.append(_check(name, stated, _in_unit(_sum(table, rows, col),
                                                    _unit_of(table, col), unit), unit))
        added = True
    return added


def check_message(check: dict) -> str:
    """``禹州市：列出 21 家，文中称 22 家`` or ``禹州市：22 家 ✓``."""
    def fmt(v):
        return f"{v:g}" if isinstance(v, float) else str(v)

    unit = check["unit"]
    if check["ok"]:
        return f"{check['label']}：{fmt(check['stated'])} {unit} ✓"
    verb = "合计" if unit.endswith("元") else "列出"
    return (f"{check['label']}：{verb} {fmt(check['counted'])} {unit}，"
            f"文中称 {fmt(check['stated'])} {unit}")
