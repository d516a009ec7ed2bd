"""Tasks read from tables whose header has a 责任单位 / 牵头单位 / 配合单位 / 起草单位 column."""

from __future__ import annotations

import re

from ..model import Task
from ..textmatch import dense
from ..textutil import display_width, join_wrapped
from .deadlines import find_deadline, parse_deadline
from .tables import RESP_COLUMNS, TEXT_COLUMNS, FoundTable, column_index
from .tasks import Responsibility, parse_responsibility
from .units import UnitAliases, looks_like_unit

_LEAD_COLS = ("牵头单位", "牵头部门", "主办单位")
_SUPPORT_COLS = ("配合单位", "配合部门", "协办单位")
_DATE_COLS = ("完成时限", "完成时间", "时间节点", "时限", "时间")
# a column holding the work itself (主要内容, 工作内容, 具体措施, 工作任务 …), as against a
# short name column (任务, 重点任务, 事项 …) before it
_CONTENT_WORDS = ("内容", "措施", "举措")
_CONTENT_HEADS = ("工作任务", "具体任务", "任务分解", "细化任务", "工作要求", "具体要求")
_NOT_TEXT = ("依据", "文件", "来源")


def _is_content(head: str) -> bool:
    return any(w in head for w in _CONTENT_WORDS) or any(head.endswith(h) for h in _CONTENT_HEADS)


def _content_col(header: list[str], text_col: int | None, skip: tuple) -> int | None:
    """The content column after a name column ``text_col`` (None when ``text_col`` is itself
    the content or there is no content column after it)."""
    if text_col is None or _is_content(header[text_col]):
        return None
    return next((i for i, h in enumerate(header) if i > text_col and i not in skip
                 and _is_content(h) and not any(w in h for w in _NOT_TEXT)), None)


def named_text(name: str, content: str) -> str:
    """A task's text from its name cell and its content cell: ``name：content`` (the content
    alone when it already begins with the name, the one present when the other is empty)."""
    name, content = name.strip(), content.strip()
    if not name or dense(content).startswith(dense(name)):
        return content or name
    if not content:
        return name
    return f"{name.rstrip('：:')}：{content}"
_UNIT_FIND = re.compile(
    r"(?:各县（市、区）(?:人民)?政府|各县（市、区）"
    r"|[市县区](?:(?!的)[\u4e00-\u9fff]){1,18}?"
    r"(?:委员会|管理局|总局|局|中心|办公室|政府|委|办|部|厅|院|支队|公司)(?![\u4e00-\u9fff]*?[局会]))")
_NOT_UNIT = re.compile(r"^[市县区](?:级|民|区|域|内|外|长|场(?!监))")


def _cell_units(cell: str, role: str, aliases: UnitAliases, resp: Responsibility) -> None:
    if "牵头" in cell:
        found = parse_responsibility(cell, aliases)
        resp.add("lead", found.lead)
        resp.add("support", found.support)
        return
    resp.add(role, [u for u in aliases.split(cell) if looks_like_unit(u) or aliases.is_known(u)])


def units_in_raw(text: str, aliases: UnitAliases) -> list[str]:
    """Units named in a row of raw text (titles in 《》 and bracketed references ignored)."""
    text = dense(text)
    text = re.sub(r"《[^》]*》?", "|", text)
    text = re.sub(r"[（(][^（）()]*[〔\d号][^（）()]*[）)]", "|", text)
    out: list[str] = []
    for m in _UNIT_FIND.finditer(text):
        name = m.group(0)
        if _NOT_UNIT.match(name) and not aliases.is_known(name):
            continue
        if (aliases.is_known(name) or looks_like_unit(name)) and name not in out:
            out.append(name)
    return out


_SENTENCE_END = ("。", "！", "？", "!", "?")


def _unit_start(lines: list[str], aliases: UnitAliases) -> tuple[int, int] | None:
    """Where the unit cell of a raw row begins: (line, column) of the first unit name that
    starts a line or follows a space (a cell boundary), read across the wrapped lines."""
    for k, line in enumerate(lines):
        starts = [0] + [m.end() for m in re.finditer(r"\s+", line)]
        for p in starts:
            rest = dense(line[p:] + "".join(lines[k + 1:k + 3]))
            m = _UNIT_FIND.match(rest)
            if m and not (_NOT_UNIT.match(m[0]) and not aliases.is_known(m[0])) \
                    and (aliases.is_known(m[0]) or looks_like_unit(m[0])):
                return k, p
    return None


def _content_lines(lines: list[str]) -> tuple[list[str], bool]:
    """A raw row's lines with the serial (and a short label before it) removed; and whether
    text shares the serial's line."""
    lines = [ln.strip() for ln in lines if ln.strip()]
    if not lines:
        return [], False
    first = re.sub(r"^\S{0,4}\s+(?=\d)", "", lines[0])
    first = re.sub(r"^\d+[．.、]?\s*", "", first)
    return ([first] if first else []) + lines[1:], bool(first)


def _join(lines: list[str]) -> str:
    out = ""
    for line in lines:
        out = join_wrapped(out, line.strip())
    return out


def _row_text(lines: list[str], aliases: UnitAliases, text_first: bool = True,
              width: int = 0) -> tuple[str, bool, str]:
    """The task text of a raw row, whether its cell boundaries were recovered, and the row
    text from the unit cell on (where its units are read).

    With the task column right after the serial (``text_first``), the cell runs from the
    serial to a line ending a sentence: the first such line that is clearly shorter than the
    lines before it (a paragraph end), else the last one before the unit cell. A cell with
    no sentence end is the text on the serial's line when that line is short of the column
    ``width`` (a title such as 社区养老服务免征增值税优惠). Otherwise the boundaries are not
    known and the whole row text without the unit cell is returned, never a cut fragment.
    """
    content, on_serial_line = _content_lines(lines)
    if not content:
        return "", False, ""
    at = _unit_start(content, aliases)
    if at is None:
        return _join(content), False, ""
    k, p = at
    before = content[:k] + ([content[k][:p].strip()] if content[k][:p].strip() else [])
    tail = _join([content[k][p:]] + content[k + 1:])
    if text_first and before:
        ends = [i for i, ln in enumerate(before) if ln.endswith(_SENTENCE_END)]
        for e in ends:
            widest = max(display_width(ln) for ln in before[:e + 1])
            if display_width(before[e]) <= 0.8 * widest:
                return _join(before[:e + 1]), True, tail
        if ends:
            return _join(before[:ends[-1] + 1]), True, tail
        head = before[0]
        if on_serial_line and width and display_width(head) <= width - 4 \
                and not head.endswith(("，", "、", "（", "(", "《", "“", ",")):
            return head, True, tail
    rest = _strip_units(tail, aliases)
    return " ".join(part for part in (_join(before), rest) if part), False, tail


def _strip_units(text: str, aliases: UnitAliases) -> str:
    """``text`` without the unit names (and their separators) it starts with."""
    while True:
        text = text.lstrip(" 、，,；;")
        m = _UNIT_FIND.match(text)
        if not m or not (aliases.is_known(m[0]) or looks_like_unit(m[0])):
            return text
        text = text[m.end():]


def _raw_lines(ft: FoundTable, r: int) -> list[str]:
    blocks = ft.row_blocks[r] if r < len(ft.row_blocks) else []
    return [b.text for b in blocks] or ft.table.rows[r][0].split("\n")


def table_tasks(ft: FoundTable, aliases: UnitAliases, section_path: str,
                default_year: int | None = None, note: str = "") -> list[Task]:
    """Tasks of a table with a responsibility column (none when it has no such column)."""
    table = ft.table
    header = table.header[0] if table.header else []
    resp_col = column_index(header, RESP_COLUMNS)
    if resp_col is None:
        return []
    lead_col = column_index(header, _LEAD_COLS)
    support_col = column_index(header, _SUPPORT_COLS)
    other = column_index(header, ("责任单位", "责任部门", "起草单位", "实施单位", "责任主体"))
    date_col = column_index(header, _DATE_COLS)
    text_col = next((i for i, h in enumerate(header)
                     if any(w in h for w in TEXT_COLUMNS) and i not in (lead_col, support_col)),
                    None)
    content_col = _content_col(header, text_col, (lead_col, support_col, other, date_col))
    text_first = text_col is not None and (text_col == 0 or (text_col == 1 and "序" in header[0]))
    width = 0
    raw_rows = set(table.raw_rows) if not table.structured else set()
    if not table.structured:
        for r in sorted(raw_rows or range(len(table.rows))):
            content, _ = _content_lines(_raw_lines(ft, r))
            at = _unit_start(content, aliases)
            width = max([width] + [display_width(ln) for ln in content[:at[0] if at else 0]])
    tasks: list[Task] = []
    for r, row in enumerate(table.rows):
        blocks = ft.row_blocks[r] if r < len(ft.row_blocks) else []
        resp = Responsibility()
        deadline_text = ""
        in_cells = table.structured or (r not in raw_rows and len(row) == len(header) > 1)
        if in_cells:
            if lead_col is not None:
                _cell_units(row[lead_col], "lead", aliases, resp)
            if support_col is not None:
                _cell_units(row[support_col], "support", aliases, resp)
            if other is not None and other not in (lead_col, support_col):
                _cell_units(row[other], "responsible", aliases, resp)
            if date_col is not None:
                deadline_text = row[date_col]
            if text_col is not None:
                text = row[text_col]
                if content_col is not None:
                    text = named_text(text, row[content_col])
            else:
                text = next((c for c in row[1:] if c), row[0])
            confidence = 1.0
        else:
            lines = _raw_lines(ft, r)
            text, recovered, tail = _row_text(lines, aliases, text_first, width)
            resp.add("responsible", units_in_raw(tail, aliases))
            confidence = 0.7 if recovered else 0.5
        if not resp:
            continue
        deadline_text = deadline_text or find_deadline(text)      # a period in the text
        block = blocks[0] if blocks else None
        block_id = block.id if block else (table.block_ids[0] if table.block_ids else None)
        page = block.page if block else table.first_page
        tasks.append(Task(
            id="", doc_id=table.doc_id, ordinal=0, text=text, section_path=section_path,
            lead=resp.lead, support=resp.support, units=resp.units,
            deadline_text=deadline_text,
            deadline=parse_deadline(deadline_text, default_year) if deadline_text else None,
            note=note, source="table", confidence=confidence,
            block_id=block_id, table_id=table.id, page=page))
    return tasks
