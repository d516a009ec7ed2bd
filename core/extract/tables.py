"""Tables flattened into runs of short blocks: detection, header, rows, groups, structure.

A table starts at a header row (序号 名称 …, 姓名 性别 …, 类别 序号 指标 …) or at a caption
``专栏 N`` / ``表 N``; its caption is the title line above the header (with the ``附件 N`` line
above that). Rows are cut at the running serial number (1, 2, 3 …) when the table has one,
else one row per line. A row whose cells can be told apart (its line splits into exactly as
many cells as the header has columns) is structured; when one row cannot, the whole table is
kept as rows of raw text (one cell per row, lines joined with newlines) and marked
unstructured: cells are never invented or shifted. An indicator table (序号 指标 基数 目标 属性)
whose rows all read from both ends is structured too (:mod:`core.extract.indicators`). A 专栏
box without a header is kept as a list: one raw row per line (under 表 N, up to body text). A 名单 / 名录 title followed by short lines (grouped under
一、…… headings) is a name list: one row per line, the group headings as group labels.
Ruled tables of a PDF are applied afterwards (:mod:`core.extract.pdf_tables`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Block, Table
from .indicators import indicator_table

HEADER_WORDS = (
    "序号", "名称", "姓名", "性别", "民族", "单位", "职称", "职务", "类别", "类型", "指标", "基数",
    "目标", "属性", "责任", "牵头", "配合", "部门", "时间", "时限", "备注", "内容", "主体", "依据",
    "电话", "项目", "规模", "投资", "地址", "地点", "级别", "数量", "面积", "任务", "措施", "年度",
    "编号", "代码", "区域", "类", "级", "说明", "标准", "批次", "企业", "规章", "起草", "审查",
)
RESP_COLUMNS = ("责任单位", "牵头单位", "配合单位", "责任部门", "牵头部门", "配合部门", "起草单位",
                "实施单位", "责任主体", "主办单位", "协办单位")
TEXT_COLUMNS = ("任务", "内容", "名称", "事项", "措施", "项目", "政策", "指标")
CAPTION_RE = re.compile(r"^\s*(专栏|表)\s*(\d+|[一二三四五六七八九十]+)(?:\s+(.*)|$)")
LIST_TITLE = re.compile(r"(?:清单|名单|名录|名册|一览表|目录|统计表|汇总表|明细表|计划|指标)"
                        r"(?:（[^）]*）)?\s*$")
ATTACHMENT_RE = re.compile(r"^\s*附\s*件\s*(\d*)\s*$")
GROUP_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
STOP_KINDS = {"title", "issuer", "doc_no", "recipients", "signature", "date",
              "attachment_note"}
OPTIONAL_LAST = ("备注", "说明", "咨询电话")
LONG = 60


@dataclass
class FoundTable:
    """A table and the blocks it was read from (the caller assigns ids)."""

    table: Table
    header_blocks: list[Block] = field(default_factory=list)
    row_blocks: list[list[Block]] = field(default_factory=list)   # blocks of each row
    caption_block: Block | None = None


def _tokens(text: str) -> list[str]:
    return text.split()


def _merge_single(toks: list[str]) -> list[str]:
    """Single characters split by spaces (指   标, 李 浩) belong together."""
    merged: list[str] = []
    for t in toks:
        if merged and len(t) == 1 and len(merged[-1]) == 1 and not t.isdigit():
            merged[-1] += t
        else:
            merged.append(t)
    return merged


def is_header(text: str, loose: bool = False) -> bool:
    """True when a line reads as a table header: mostly column names such as 序号 名称 单位.

    ``loose`` (under a caption): any line of two or more short cells without a full stop.
    """
    toks = _merge_single(_tokens(text))
    if loose and 2 <= len(toks) <= 12 and all(len(t) <= 10 for t in toks) \
            and not re.search(r"[。；，：]", text) and not toks[0][0].isdigit() \
            and not GROUP_RE.match(text) and not ATTACHMENT_RE.match(text):
        return True
    if len(toks) < 2 or len(text) > 80 or "。" in text:
        return False
    hits = sum(1 for t in toks if len(t) <= 7 and any(w in t for w in HEADER_WORDS))
    return hits >= 2 and hits * 2 >= len(toks)


def _serial(text: str, n: int) -> bool:
    """True when the line starts row ``n`` (its first token, or second after a short label)."""
    toks = _tokens(text)
    if not toks:
        return False
    if re.fullmatch(rf"{n}[．.、]?", toks[0]):
        return True
    return (len(toks) > 1 and re.fullmatch(rf"{n}[．.、]?", toks[1]) is not None
            and len(toks[0]) <= 4 and not toks[0][0].isdigit())


def _fold_dates(text: str) -> str:
    return re.sub(r"(\d)\s+(?=[年月日])|(?<=[年月])\s+(?=\d)", r"\1", text)


def _header_cells(lines: list[str]) -> list[str]:
    """Rebuild header cells from the header lines: 序 / 号 政策内容 … 咨询 / 电话."""
    main = max(range(len(lines)), key=lambda i: len(_tokens(lines[i])))
    merged = _merge_single(_tokens(lines[main]))
    if len(merged) < 3 and len(lines) > 2:        # one cell per line (一级 / 指标 / 二级指标 …): keep the lines
        return ["".join(_tokens(x)) for x in lines]
    before = "".join("".join(_tokens(x)) for x in lines[:main])
    if before and merged:
        merged[0] = before + merged[0]
    after = ["".join(_tokens(x)) for x in lines[main + 1:]]
    if after and merged:
        if merged[-1].endswith("”") and len(after) > 1:
            merged[-1] += after[0]
            merged.append("".join(after[1:]))
        else:
            merged[-1] += "".join(after)
    return merged


def _join_lines(lines: list[str]) -> str:
    """Join a row's lines: no space inside an open 《 or （, else one space."""
    out = ""
    for line in lines:
        line = line.strip()
        if not out:
            out = line
        elif out.count("《") > out.count("》") or out.count("（") > out.count("）") \
                or out.count("(") > out.count(")"):
            out += line
        else:
            out += " " + line
    return _fold_dates(out)


def _cells(lines: list[str], ncols: int, header: list[str]) -> list[str] | None:
    """The cells of a row when they can be told apart, else ``None``."""
    toks = _tokens(_join_lines(lines))
    if len(toks) == ncols:
        return toks
    if len(toks) == ncols - 1 and header and any(w in header[-1] for w in OPTIONAL_LAST):
        return toks + [""]
    return None


def _title_like(block: Block) -> bool:
    t = block.text.strip()
    return 0 < len(t) <= LONG and not t.endswith(("。", "；", "：")) and not is_header(t)


def find_tables(blocks: list[Block]) -> list[FoundTable]:
    """The tables of one document's blocks, in order (ids and ordinals are left empty)."""
    found: list[FoundTable] = []
    used: set[int] = set()
    i = 0
    while i < len(blocks):
        b = blocks[i]
        cap = CAPTION_RE.match(b.text)
        header_at = None
        listed = False
        if cap and i + 1 < len(blocks):
            header_at = _header_start(blocks, i + 1, loose=True)
        elif b.kind not in STOP_KINDS:
            header_at = _header_start(blocks, i)
            if header_at is None and LIST_TITLE.search(b.text) and _title_like(b) \
                    and not re.match(r"^\s*(?:[一二三四五六七八九十]+、|[（(]|\d)", b.text) \
                    and i + 1 < len(blocks):
                header_at = _header_start(blocks, i + 1, loose=True)
                if header_at is None and _is_list_start(blocks, i + 1):
                    listed = True
        if header_at is None and not cap and not listed:
            i += 1
            continue
        if listed:
            cap_block = b
            ft, end = _read_list(blocks, i + 1)
            if ft is None:
                i += 1
                continue
            ft.table.caption = _caption_text(blocks, i)
            ft.caption_block = cap_block
            found.append(ft)
            used.update(range(i, end))
            i = end
            continue
        caption_block, caption = None, ""
        if cap:
            caption_block = b
            caption = re.sub(r"\s+", " ", b.text.strip())
        elif header_at > 0 and header_at - 1 not in used and _title_like(blocks[header_at - 1]):
            caption_block = blocks[header_at - 1]
            caption = _caption_text(blocks, header_at - 1)
        if header_at is None:
            ft, end = _read_box(blocks, i + 1, grid=cap[1] == "表")
        else:
            ft, end = _read_grid(blocks, header_at)
        if ft is None:
            i += 1
            continue
        ft.table.caption = caption
        ft.caption_block = caption_block
        found.append(ft)
        used.update(range(i, end))
        i = max(end, i + 1)
    return found


def _caption_text(blocks: list[Block], k: int) -> str:
    """The caption line at ``k``, with the 附件 N line above it (附件 2 全市……清单)."""
    caption = re.sub(r"\s+", " ", blocks[k].text.strip())
    m = ATTACHMENT_RE.match(blocks[k - 1].text) if k > 0 else None
    if m:
        caption = f"附件{' ' + m[1] if m[1] else ''} {caption}"
    return caption


def _header_start(blocks: list[Block], i: int, loose: bool = False) -> int | None:
    """Index of a header row starting at ``i`` (a one-character fragment such as 序 may lead).

    With ``loose`` (right under a caption), a run of very short lines (一级 / 指标 / 二级指标)
    also counts as a header.
    """
    if i >= len(blocks) or blocks[i].kind in STOP_KINDS or blocks[i].kind == "heading":
        return None
    if is_header(blocks[i].text, loose):
        return i
    if i + 1 < len(blocks) and len(blocks[i].text.strip()) <= 2 \
            and is_header(blocks[i + 1].text, loose) and not blocks[i].text.strip().isdigit():
        return i
    if loose and i + 1 < len(blocks) and all(
            0 < len(b.text.strip()) <= 6 and b.kind not in STOP_KINDS and b.kind != "heading"
            for b in blocks[i:i + 2]):
        return i
    return None


def _is_list_start(blocks: list[Block], i: int) -> bool:
    """A name list under a 名单 title: group headings and short lines, no header row."""
    window = [b for b in blocks[i:i + 4]]
    return len(window) >= 2 and all(
        (GROUP_RE.match(b.text) or 0 < len(b.text) <= 40) and b.kind not in STOP_KINDS
        and not b.text.rstrip().endswith("。") for b in window)


def _read_list(blocks: list[Block], j: int) -> tuple[FoundTable | None, int]:
    """Rows of a name list: one row per line, the line's space-separated cells; 一、 groups."""
    rows: list[list[Block]] = []
    groups: list[tuple[int, str]] = []
    while j < len(blocks):
        b = blocks[j]
        if GROUP_RE.match(b.text) and len(b.text) <= LONG:
            groups.append((len(rows), b.text.strip()))
        elif _stops(b) or b.text.rstrip().endswith("。"):
            break
        else:
            rows.append([b])
        j += 1
    if not rows:
        return None, j
    cells = [_merge_single(_tokens(r[0].text)) for r in rows]
    structured = len({len(c) for c in cells}) == 1
    body = cells if structured else [[r[0].text.strip()] for r in rows]
    table = _table(header=[], rows=body, groups=groups, structured=structured,
                   blocks=[r[0] for r in rows])
    return FoundTable(table, [], rows), j


def _stops(block: Block, long_ok: bool = False) -> bool:
    if block.kind in STOP_KINDS or block.kind == "heading":
        return True
    if CAPTION_RE.match(block.text) or ATTACHMENT_RE.match(block.text):
        return True
    if len(block.text) <= 20 and block.text.rstrip().endswith(("：", ":")):
        return True     # a note under the table: 指标说明：
    return not long_ok and len(block.text) > LONG


def _read_grid(blocks: list[Block], h: int) -> tuple[FoundTable | None, int]:
    # Header: the header line, a leading fragment, and short trailing fragments.
    j = h
    header_blocks = []
    while j < len(blocks) and (is_header(blocks[j].text) or not header_blocks
                               or (len(blocks[j].text.strip()) <= 8
                                   and not _serial(blocks[j].text, 1)
                                   and blocks[j].kind not in STOP_KINDS
                                   and (not blocks[j].text.strip()[:1].isdigit()
                                        or re.match(r"^\d{4}\s*年", blocks[j].text)))):
        header_blocks.append(blocks[j])
        j += 1
        if len(header_blocks) > 6:
            break
    if "序" in "".join(b.text for b in header_blocks) and not (
            j < len(blocks) and _serial(blocks[j].text, 1)):
        # A 序号 table: the header goes on until row 1 (or the end: a table with no rows).
        k = j
        while k < len(blocks) and k - j < 12 and not _stops(blocks[k]) \
                and not _serial(blocks[k].text, 1):
            k += 1
        if k - j < 12:
            header_blocks += blocks[j:k]
            j = k
    header = _header_cells([b.text for b in header_blocks])
    serial = j < len(blocks) and _serial(blocks[j].text, 1)
    rows: list[list[Block]] = []
    groups: list[tuple[int, str]] = []
    group_at: list[int] = []
    n = 1
    while j < len(blocks):
        b = blocks[j]
        if serial and _serial(b.text, n):
            rows.append([b])
            n += 1
        elif GROUP_RE.match(b.text) and len(b.text) <= LONG:
            groups.append((len(rows), b.text.strip()))
            group_at.append(j)
        elif _stops(b) or is_header(b.text):
            break
        elif serial and rows:
            rows[-1].append(b)
        elif not serial:
            rows.append([b])
        else:
            break
        j += 1
    while groups and groups[-1][0] == len(rows):     # headings after the table, not groups
        groups.pop()
        j = group_at.pop()
    if not rows and len(header) < 3:
        return None, j
    ncols = len(header)
    cells = [_cells([b.text for b in r], ncols, header) for r in rows]
    structured = ncols >= 2 and bool(rows) and all(c is not None for c in cells)
    if not structured and serial and rows and not groups:
        found = indicator_table([b.text for b in header_blocks],
                                [[b.text for b in r] for r in rows], _merge_single)
        if found is not None:
            (header, cells), structured = found, True
    if structured:
        body = [c for c in cells if c is not None]
    else:
        body = [["\n".join(b.text.strip() for b in r)] for r in rows]
    all_blocks = header_blocks + [b for r in rows for b in r]
    table = _table(header=[header], rows=body, groups=groups, structured=structured,
                   blocks=all_blocks)
    return FoundTable(table, header_blocks, rows), j


MAJOR_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|"
                           r"第[一二三四五六七八九十百]+[章节条]|专栏|表\s*\d)")


LABEL_ITEM = re.compile(r"^[^，。：:；]{1,15}[：:]\S")


def _box_stops(block: Block) -> bool:
    if block.kind == "heading":
        return bool(MAJOR_HEADING.match(block.text))
    return (block.kind in STOP_KINDS or bool(CAPTION_RE.match(block.text))
            or bool(ATTACHMENT_RE.match(block.text)))


def _read_box(blocks: list[Block], j: int, grid: bool = False
              ) -> tuple[FoundTable | None, int]:
    """A 专栏 box: one raw row per line until the next major heading or caption. When the box
    opens with "名称：内容" items (魏都区：……), it ends at the first line that is not one.
    Under a ``表 N`` caption (``grid``) the box also ends at a long sentence: body text (or
    the note under the table), not a table line."""
    rows: list[list[Block]] = []
    labelled = all(j + k < len(blocks) and LABEL_ITEM.match(blocks[j + k].text)
                   for k in range(2))
    while j < len(blocks) and not _box_stops(blocks[j]) and len(rows) < 80:
        if labelled and not LABEL_ITEM.match(blocks[j].text):
            break
        if grid and len(blocks[j].text) > LONG and blocks[j].text.rstrip().endswith("。"):
            break
        rows.append([blocks[j]])
        j += 1
    if not rows:
        return None, j
    table = _table(header=[], rows=[[r[0].text.strip()] for r in rows], groups=[],
                   structured=False, blocks=[r[0] for r in rows])
    return FoundTable(table, [], rows), j


def _table(header, rows, groups, structured, blocks: list[Block]) -> Table:
    pages = [b.page for b in blocks if b.page is not None]
    return Table(id="", doc_id=blocks[0].doc_id, ordinal=0, caption="", header=header,
                 rows=rows, groups=groups, structured=structured,
                 section_id=blocks[0].section_id, block_ids=[b.id for b in blocks],
                 first_page=min(pages) if pages else None,
                 last_page=max(pages) if pages else None)


def column_index(header: list[str], names: tuple[str, ...]) -> int | None:
    """Index of the first header cell that contains one of ``names``."""
    for i, cell in enumerate(header):
        if any(n in cell for n in names):
            return i
    return None
