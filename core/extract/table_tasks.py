"""Tasks read from tables whose header has a 责任单位 / 牵头单位 / 配合单位 / 起草单位 column."""

from __future__ import annotations

import re

from ..model import Task
from .deadlines import parse_deadline
from .tables import RESP_COLUMNS, TEXT_COLUMNS, FoundTable, column_index
from .tasks import Responsibility, parse_responsibility
from .units import UnitAliases, looks_like_unit

_LEAD_COLS = ("牵头单位", "牵头部门", "主办单位")
_SUPPORT_COLS = ("配合单位", "配合部门", "协办单位")
_DATE_COLS = ("完成时限", "完成时间", "时间节点", "时限", "时间")
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
    text = re.sub(r"\s+", "", text)
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


def _row_text(lines: list[str]) -> str:
    """The task text of a raw row: the first cell's sentence (serial removed)."""
    lines = [ln.strip() for ln in lines if ln.strip()]
    if not lines:
        return ""
    first = re.sub(r"^\S{0,4}\s+(?=\d)", "", lines[0])
    first = re.sub(r"^\d+[．.、]?\s*", "", first)
    start = 0 if first else 1
    parts = [first] if first else []
    if start == 1 and len(lines) > 1:
        parts = [lines[1]]
        start = 1
    if parts and not parts[0].endswith("。"):
        for k in range(start + 1, min(len(lines), start + 12)):
            if lines[k].endswith("。"):
                parts += lines[start + 1:k + 1]
                break
    return "".join(parts)


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
    tasks: list[Task] = []
    for r, row in enumerate(table.rows):
        blocks = ft.row_blocks[r] if r < len(ft.row_blocks) else []
        resp = Responsibility()
        deadline_text = ""
        if table.structured:
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
            else:
                text = next((c for c in row[1:] if c), row[0])
            confidence = 1.0
        else:
            lines = [b.text for b in blocks] or row[0].split("\n")
            text = _row_text(lines)
            raw = "".join(lines)
            tail = raw[raw.find(text[-8:]) + 8:] if text and text[-8:] in raw else raw
            resp.add("responsible", units_in_raw(tail, aliases))
            confidence = 0.7
        if not resp:
            continue
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
