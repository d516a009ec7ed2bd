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

from ..headings import ATTACHMENT_RE, GROUP_RE
from ..headings import TABLE_CAPTION_RE as CAPTION_RE
from ..model import Block, Table
from ..textmatch import dense
from ..textutil import join_wrapped
from .checks import label_name, stated_counts
from .grid import SERIAL, column_kinds, columns_for, is_number, scored_split, tokenize, unit_ending
from .indicators import indicator_table
from .labelled import labelled_indicator, labelled_lines
from .stacked import looks_stacked, stacked_rows, width

HEADER_WORDS = (
    "序号", "名称", "姓名", "性别", "民族", "单位", "职称", "职务", "类别", "类型", "指标", "基数",
    "目标", "属性", "责任", "牵头", "配合", "部门", "时间", "时限", "备注", "内容", "主体", "依据",
    "电话", "项目", "规模", "投资", "地址", "地点", "级别", "数量", "面积", "任务", "措施", "年度",
    "编号", "代码", "区域", "类", "级", "说明", "标准", "批次", "企业", "规章", "起草", "审查",
)
RESP_COLUMNS = ("责任单位", "牵头单位", "配合单位", "责任部门", "牵头部门", "配合部门", "起草单位",
                "实施单位", "责任主体", "主办单位", "协办单位")
TEXT_COLUMNS = ("任务", "内容", "名称", "事项", "措施", "项目", "政策", "指标")
LIST_TITLE = re.compile(r"(?:清单|名单|名录|名册|一览表|目录|统计表|汇总表|明细表|计划|指标|"
                        r"(?:分配|安排|分工|情况|登记|计划|任务|资金)表)"
                        r"(?:（[^）]*）)?\s*$")
STOP_KINDS = {"title", "issuer", "doc_no", "recipients", "signature", "date",
              "attachment_note"}
OPTIONAL_LAST = ("备注", "说明", "咨询电话")
LONG = 60
TOTAL_ROW = re.compile(r"^\s*(?:小\s*计|合\s*计|总\s*计)(?:\s|[:：]|$)")
NOTE_LINE = re.compile(r"^\s*[（(][^（）()]{2,40}[）)]\s*$")


@dataclass
class FoundTable:
    """A table and the blocks it was read from (the caller assigns ids)."""

    table: Table
    header_blocks: list[Block] = field(default_factory=list)
    row_blocks: list[list[Block]] = field(default_factory=list)   # blocks of each row
    caption_block: Block | None = None
    spans: list[tuple[int, int, str]] = field(default_factory=list)  # spanning labels
    group_blocks: list[Block] = field(default_factory=list)           # group label blocks
    note_blocks: list[Block] = field(default_factory=list)   # caption notes （共计 …）


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


COLUMN_NAMES = (
    "序号", "编号", "项目编号", "名称", "项目名称", "企业名称", "单位名称", "规章名称", "主要内容",
    "工作内容", "建设内容", "政策内容", "工作任务", "重点任务", "主要任务", "任务", "工作措施",
    "具体措施", "措施", "责任单位", "牵头单位", "配合单位", "责任部门", "牵头部门", "配合部门",
    "完成时限", "完成时间", "时间节点", "时限", "备注", "姓名", "性别", "民族", "职务", "职称",
    "工作单位", "单位", "类别", "地区", "金额", "数量", "奖励金额", "奖励项目", "享受主体",
    "政策依据", "咨询电话", "联系电话", "指标", "属性", "目标", "内容", "事项", "依据",
    "一级指标", "二级指标", "三级指标", "指标属性", "指标名称", "基数", "目标值")


def _split_known(word: str) -> list[str] | None:
    """``序号主要内容责任单位`` (a header whose letters were all spaced out) cut into known column
    names, or ``None`` when it cannot be cut into known names only."""
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for i in range(1, len(word) + 1):
        for j in range(max(0, i - 6), i):
            if best[j] is not None and word[j:i] in COLUMN_NAMES:
                cand = best[j] + [word[j:i]]
                if best[i] is None or len(cand) < len(best[i]):
                    best[i] = cand
    return best[len(word)]


def _header_tokens(text: str) -> list[str]:
    """The cells of a header line. Letter-spaced words (``序  号    主 要 内 容``) are closed
    up: cells are split at wider gaps when there are some, else a run of single letters is cut
    into known column names."""
    text = text.strip()
    words = text.split()
    if len(text) > 100 or len(words) < 2:
        return _merge_single(words)
    gaps = sorted({len(g) for g in re.findall(r"\s+", text)})
    if len(gaps) > 1 and sum(len(w) == 1 for w in words) >= 0.8 * len(words):
        # letters spaced out by narrow gaps, cells by wider ones (at the widest jump)
        jump = max(range(len(gaps) - 1), key=lambda k: (gaps[k + 1] / gaps[k], k))
        pieces = [dense(p)
                  for p in re.split(rf"\s{{{gaps[jump + 1]},}}", text)]
        return [p for p in pieces if p]
    if len(words) >= 4 and all(len(w) == 1 for w in words):
        cut = _split_known("".join(words))
        if cut:
            return cut
    return _merge_single(words)


def is_header(text: str, loose: bool = False) -> bool:
    """True when a line reads as a table header: mostly column names such as 序号 名称 单位.

    ``loose`` (under a caption): any line of two or more short cells without a full stop.
    """
    toks = _header_tokens(text)
    if loose and 2 <= len(toks) <= 12 and all(len(t) <= 10 for t in toks) \
            and not re.search(r"[。；，：]", text) and not toks[0][0].isdigit() \
            and not GROUP_RE.match(text) and not ATTACHMENT_RE.match(text) \
            and not NOTE_LINE.match(text):
        return True
    if len(toks) < 2 or len(text) > 80 or "。" in text:
        return False
    hits = sum(1 for t in toks if len(t) <= 7 and any(w in t for w in HEADER_WORDS))
    return hits >= 2 and hits * 2 >= len(toks)


def _serial(text: str, n: int) -> bool:
    """True when the line starts row ``n``: its first token, or a later one after a short
    label piece (``保障 2 基本医疗…``, ``12 家） 7 许昌…``)."""
    return _serial_at(text, n) is not None


def _serial_at(text: str, n: int | None) -> int | None:
    """The index of the token holding serial number ``n`` (any number when ``None``) at the
    start of a row's line, after at most a short label piece; else ``None``."""
    toks = _tokens(text)
    pattern = rf"{n}[．.、]?" if n is not None else r"\d{1,4}[．.、]?"
    if toks and re.fullmatch(pattern, toks[0]):
        return 0
    for k in range(1, min(3, len(toks) - 1) + 1):
        before = "".join(toks[:k])
        if re.fullmatch(pattern, toks[k]) and len(before) <= 10 \
                and re.search(r"[\u4e00-\u9fff]", before) and not before[0].isdigit() \
                or (re.fullmatch(pattern, toks[k]) and k == 2 and re.fullmatch(
                    r"\d+\s*[\u4e00-\u9fff]{1,2}[）)]", " ".join(toks[:2]))):
            return k
    return None


def _fold_dates(text: str) -> str:
    return re.sub(r"(\d)\s+(?=[年月日])|(?<=[年月])\s+(?=\d)", r"\1", text)


def _two_level(lines: list[str]) -> list[str] | None:
    """A two-level header printed column by column: the parent alone on the top line
    (``最低开采规模``), the one-level cells on the middle lines (a wrapped cell goes on with
    ``（单位/年）``), the parent's leaves at the end of the last line (``大型 中型 小型``). The
    leaves are named with their parent: ``最低开采规模（大型）``."""
    if len(lines) < 3 or len(_tokens(lines[0])) != 1 or "序" in lines[0]:
        return None
    last = _tokens(lines[-1])
    k = len(last)
    while k > 0 and len(last[k - 1]) <= 4 and not re.search(r"[（()）\d]", last[k - 1]):
        k -= 1
    leaves = last[k:]
    if len(leaves) < 2:
        return None
    cells: list[str] = []
    for tok in [t for x in lines[1:-1] for t in _header_tokens(x)] + last[:k]:
        if cells and tok.startswith(("（", "(")):
            cells[-1] += tok
        else:
            cells.append(tok)
    if len(cells) < 1 or not any("序" in c for c in cells):
        return None
    parent = "".join(_tokens(lines[0]))
    return cells + [f"{parent}（{leaf}）" for leaf in leaves]


def _tab_header(lines: list[str]) -> list[str] | None:
    """Header cells separated by tabs; a second tabbed line names the sub-columns of the
    cells above it that span several (``行车方向左侧`` over ``X Y``)."""
    tabbed = [x for x in lines if "\t" in x]
    if not tabbed or len(tabbed) != len(lines) or len(lines) > 2:
        return None
    top = [" ".join(c.split()).replace(" ", "") for c in lines[0].split("\t")]
    if len(lines) == 1:
        return top
    sub = [" ".join(c.split()) for c in lines[1].split("\t") if c.strip()]
    # the columns under a parent that spans: the parent's cell and the empty ones after it
    spanned = [i for i in range(len(top))
               if (top[i] and i + 1 < len(top) and not top[i + 1])
               or (not top[i] and i > 0 and (top[i - 1] or i - 1 in spanned_cols(top, i)))]
    if len(spanned) != len(sub):
        return [t for t in top if t] if len(sub) else top
    out, parent, k = [], "", 0
    for i, t in enumerate(top):
        parent = t or parent
        if i in spanned:
            out.append(f"{parent}（{sub[k]}）")
            k += 1
        else:
            out.append(t)
    return out


def spanned_cols(top: list[str], i: int) -> set[int]:
    """The empty cells right after a filled one, up to ``i``."""
    out: set[int] = set()
    j = i - 1
    while j >= 0 and not top[j]:
        out.add(j)
        j -= 1
    return out


def _header_cells(lines: list[str]) -> list[str]:
    """Rebuild header cells from the header lines: 序 / 号 政策内容 … 咨询 / 电话."""
    tabs = _tab_header(lines)
    if tabs is not None:
        return tabs
    two = _two_level(lines)
    if two is not None:
        return two
    main = max(range(len(lines)), key=lambda i: len(_tokens(lines[i])))
    merged = _header_tokens(lines[main])
    if len(merged) < 3 and len(lines) > 2:        # one word per line (一级 / 指标 / 二级指标 …)
        words = ["".join(_tokens(x)) for x in lines]
        if all(len(_header_tokens(x)) == 1 or re.fullmatch(r"\d{4}\s*年\S*", x.strip())
               for x in lines):
            return _word_lines(words)
        return words
    before = "".join("".join(_tokens(x)) for x in lines[:main])
    if before and merged:
        merged[0] = before + merged[0]
    after = ["".join(_tokens(x)) for x in lines[main + 1:]]
    leaves = _leaves_under(merged, lines[main + 1:])
    if leaves is not None:
        return leaves
    placed = _pieces_under(merged, [t for x in lines[main + 1:] for t in _tokens(x)])
    if placed is not None:
        return placed
    if after and merged:
        if merged[-1].endswith("”") and len(after) > 1:
            merged[-1] += after[0]
            merged.append("".join(after[1:]))
        else:
            merged[-1] += "".join(after)
    wrapped = _wrapped_header(lines)
    return wrapped if len(wrapped) > len(merged) else merged


def _word_lines(words: list[str]) -> list[str]:
    """Header cells from a header printed one word a line, a cell wrapped over two lines
    (一级 / 指标 / 二级指标 / 2020年 / 基数 / 2025年目标 / 指标 / 属性): a word goes on the cell
    above when together they are a known column name, or when it is no wider than the cell's
    first line, starts with no digit (a year starts a cell) and the two are not both names of
    columns (目标 / 指标)."""
    cells: list[list[str]] = []
    for w in words:
        if cells and _joins(cells[-1], w):
            cells[-1].append(w)
        else:
            cells.append([w])
    return ["".join(c) for c in cells]


def _joins(cell: list[str], word: str) -> bool:
    above = "".join(cell)
    if above + word in COLUMN_NAMES:
        return True
    if word[:1].isdigit() or len(cell) > 1:
        return False
    if any(above.endswith(n) for n in COLUMN_NAMES) and (
            word in COLUMN_NAMES or any(word.endswith(w) for w in HEADER_WORDS)):
        return False        # two names of columns (企业名称 / 奖励类别, 目标 / 指标)
    return width(word) <= width(cell[0]) + 1


def _wrapped_header(lines: list[str]) -> list[str]:
    """Header cells printed cell after cell, a cell's words wrapped in its column (``入河排污`` /
    ``口名称``, ``排污口`` / ``地址 经度 纬度 排污口`` / ``类型``): the cells of a line are its
    words; the first word of a line goes on the last cell of the line above when that cell
    wraps into it: the lines of a cell are as wide as each other but for the last, which is
    not wider; two known column names (单位 / 地址) are two cells. A word alone on its line
    after a cell that already wrapped, and into which the next line's first word wraps, starts
    a cell (``统一社会`` / ``信用代码`` / ``生产`` / ``地址 经度…``)."""
    toks = [_header_tokens(line) for line in lines]
    cells: list[list[str]] = []
    for n, line in enumerate(toks):
        for k, tok in enumerate(line):
            starts = len(line) == 1 and cells and len(cells[-1]) > 1 and n + 1 < len(toks) \
                and bool(toks[n + 1]) and _wraps_into([tok], toks[n + 1][0])
            if k == 0 and cells and not starts and _wraps_into(cells[-1], tok):
                cells[-1].append(tok)
            else:
                cells.append([tok])
    return ["".join(c) for c in cells]


def _wraps_into(cell: list[str], tok: str) -> bool:
    if cell[-1] in COLUMN_NAMES and tok in COLUMN_NAMES:
        return False
    widths = [width(x) for x in cell]
    return max(widths) - min(widths) <= 1 and width(tok) <= widths[0] + 1


PARENT_HEAD = re.compile(r"目标|预期|规划|计划")
UNIT_PIECE = re.compile(r"^[（(][^（）()]{1,6}[）)]$")      # （万元） under 奖励金额


def _pieces_under(top: list[str], pieces: list[str]) -> list[str] | None:
    """Header words broken over lines with pieces of several cells on the line under (``序
    企业名称 奖励类别 奖励金额`` / ``号 （万元）``): each piece, in order, ends the first cell
    from the left that it completes to a known column name (序 + 号), or, for a unit in
    brackets, the first cell naming an amount or a count. ``None`` unless two or more pieces
    all find their cell (one piece goes on the last cell, as before)."""
    if len(pieces) < 2 or len(top) < 2:
        return None
    cells = list(top)
    k = 0
    for piece in pieces:
        for i in range(k, len(cells)):
            if cells[i] + piece in COLUMN_NAMES or (
                    UNIT_PIECE.match(piece) and column_kinds([cells[i]])[0] == "number"):
                cells[i] += piece
                k = i + 1
                break
        else:
            return None
    return cells


def _leaves_under(top: list[str], below: list[str]) -> list[str] | None:
    """A two-level header printed row by row: the top line holds every one-level cell and the
    parent (``序号 指标名称 单位 基期值 目标值 属性``), the line under it only the parent's
    leaves (``2025 年 2027 年``). The leaves are named with their parent, ``目标值（2025年）``,
    when one top cell is a parent over years or periods (目标, 预期, 规划, 计划), or, for leaves
    that are words (``奖补资金（万元）`` over ``合计 省级 市级``), when one top cell names an
    amount or a count, and the line under holds two or more short leaves and nothing else."""
    if len(below) != 1 or len(top) < 3:
        return None
    leaves = _tokens(re.sub(r"(\d)\s+(?=[年月日])", r"\1", below[0]))
    if len(leaves) < 2 or any(len(x) > 8 for x in leaves):
        return None
    if all(re.search(r"\d", x) for x in leaves):
        parents = [i for i, c in enumerate(top) if PARENT_HEAD.search(c) and len(c) <= 6]
    elif all(re.fullmatch(r"[\u4e00-\u9fff]{1,4}", x) for x in leaves):
        parents = [i for i, kind in enumerate(column_kinds(top)) if kind == "number"]
    else:
        return None
    if len(parents) != 1:
        return None
    k = parents[0]
    return top[:k] + [f"{top[k]}（{leaf}）" for leaf in leaves] + top[k + 1:]


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
                    and not re.match(r"^\s*(?:[一二三四五六七八九十]+、|[（(]|\d(?!\d{3}\s*年))", b.text) \
                    and i + 1 < len(blocks):
                header_at = _header_start(blocks, i + 1, loose=True)
                if header_at is None and i + 2 < len(blocks) and GROUP_RE.match(
                        blocks[i + 1].text) and is_header(blocks[i + 2].text):
                    header_at = i + 2       # 名录 / 一、民间文学（4 项） / 序号 项目编号 …
                if header_at is None and i + 2 < len(blocks) \
                        and NOTE_LINE.match(blocks[i + 1].text):
                    # 分配表 / （共计 4307.5 万元） / 序号 / 企业名称 / … (one cell a line)
                    header_at = _header_start(blocks, i + 2, loose=True)
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
        notes: list[Block] = []
        if cap:
            caption_block = b
            caption = re.sub(r"\s+", " ", b.text.strip())
        elif header_at == i + 2 and GROUP_RE.match(blocks[i + 1].text):
            caption_block = b
            caption = _caption_text(blocks, i)
        elif header_at > 0 and header_at - 1 not in used and _title_like(blocks[header_at - 1]):
            caption_block = blocks[header_at - 1]
            caption = _caption_text(blocks, header_at - 1)
            k = header_at - 1
            if NOTE_LINE.match(caption_block.text) and k > 0 and k - 1 not in used \
                    and _title_like(blocks[k - 1]) and not NOTE_LINE.match(blocks[k - 1].text):
                # A title and a note line under it: 分配表 / （共计 2328 万元）
                notes.append(caption_block)
                caption_block = blocks[k - 1]
                caption = _caption_text(blocks, k - 1) + " " + caption
        if header_at is None:
            ft, end = _read_box(blocks, i + 1, grid=cap[1] == "表")
        else:
            ft, end = _read_grid(blocks, header_at)
        if ft is None:
            i += 1
            continue
        ft.table.caption = caption
        ft.caption_block = caption_block
        ft.note_blocks = notes
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
    if loose and i + 1 < len(blocks) and len(_tokens(blocks[i].text)) == 1 \
            and len(blocks[i].text.strip()) <= 8 and is_header(blocks[i + 1].text, loose) \
            and blocks[i + 1].kind not in STOP_KINDS:
        return i        # the top of a two-level header (最低开采规模 over 大型 中型 小型)
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
    group_idx: list[int] = []
    while j < len(blocks):
        b = blocks[j]
        if GROUP_RE.match(b.text) and len(b.text) <= LONG:
            groups.append((len(rows), b.text.strip()))
            group_idx.append(j)
        elif _stops(b) or b.text.rstrip().endswith("。"):
            break
        elif is_header(b.text) and rows:
            # A header: a table of its own follows (二、先进个人（10 名） / 姓名 性别 …),
            # its group label with it.
            if groups and groups[-1][0] == len(rows):
                groups.pop()
                j = group_idx.pop()
            break
        else:
            rows.append([b])
        j += 1
    if not rows:
        return None, j
    cells = _list_cells([_merge_single(_tokens(r[0].text)) for r in rows],
                        [g for g, _ in groups])
    structured = all(c is not None for c in cells)
    width = max((len(c) for c in cells if c is not None), default=1)
    body = [c + [""] * (width - len(c)) if c is not None else [r[0].text.strip()]
            for c, r in zip(cells, rows)]
    table = _table(header=[], rows=body, groups=groups, structured=structured,
                   blocks=sorted([r[0] for r in rows] + [blocks[k] for k in group_idx],
                                 key=lambda x: x.ordinal))
    table.section_id = rows[0][0].section_id
    table.raw_rows = [i for i, c in enumerate(cells) if c is None]
    ft = FoundTable(table, [], rows)
    ft.group_blocks = [blocks[k] for k in group_idx]
    return ft, j


def _list_cells(cells: list[list[str]], starts: list[int]) -> list[list[str] | None]:
    """The cells of a name list's rows, group by group: a group's rows all have the same
    number of cells (one unit per line; a name and a unit), except a shorter last line of
    short names (names printed several to a line). Any other row is kept whole (``None``)."""
    bounds = sorted(set([0] + [s for s in starts if 0 < s < len(cells)] + [len(cells)]))
    out: list[list[str] | None] = []
    for a, b in zip(bounds, bounds[1:]):
        group = cells[a:b]
        lengths = [len(c) for c in group]
        # the most frequent length, the last line not counted (it may be short) but breaking ties
        common = max(set(lengths), key=lambda n: (lengths[:-1].count(n), n == lengths[-1], n))
        names = all(len(x) <= 4 for c in group for x in c)          # several names a line
        units = all(unit_ending(x) for c in group for x in c)       # several units a line
        for k, c in enumerate(group):
            short_last = k == len(group) - 1 and len(c) < common and (names or units)
            out.append(c if len(c) == common or short_last else None)
    return out


def _stops(block: Block, long_ok: bool = False) -> bool:
    if block.kind in STOP_KINDS or block.kind == "heading":
        return True
    if CAPTION_RE.match(block.text) or ATTACHMENT_RE.match(block.text):
        return True
    if len(block.text) <= 20 and block.text.rstrip().endswith(("：", ":")):
        return True     # a note under the table: 指标说明：
    if re.match(r"^\s*(?:注|备注|说明)\s*\d?\s*[：:]", block.text):
        return True     # 注：坐标系统为……
    return not long_ok and len(block.text) > LONG and "\t" not in block.text


def _read_grid(blocks: list[Block], h: int) -> tuple[FoundTable | None, int]:
    """A table from its header row at ``h``: header, rows, groups, cells, structure.

    The steps: :func:`_header_rows`, :func:`_collect_rows` (rows cut at the serial number,
    group labels, repeated headers, spanning labels), :func:`_split_rows` (cells by what each
    column holds), then the indicator reading when no row splits. Rows that cannot be split
    are kept whole as raw rows and the table is partly structured."""
    header_blocks, j = _header_rows(blocks, h)
    header = _header_cells(_once(header_blocks))
    k = j
    while k < len(blocks) and k - j < 3 and (
            GROUP_RE.match(blocks[k].text) and len(blocks[k].text) <= LONG
            or _header_again(blocks[k], header_blocks)
            or k + 1 < len(blocks) and _lead_label(blocks[k].text, blocks[k + 1].text)):
        k += 1              # a group label (or the header again) may come before row 1
    serial = k < len(blocks) and _serial(blocks[k].text, 1)
    lead_group = _group_before(blocks, h)
    run = _collect_rows(blocks, j, header_blocks, header, serial)
    if lead_group is not None and run.groups:
        run.groups.insert(0, (0, blocks[lead_group].text.strip()))
        run.group_blocks.insert(0, blocks[lead_group])
    if not run.rows and len(header) < 3:
        return None, run.end
    cells = _split_rows(run, header)
    # a blank form (表样: a header and no rows) is as structured as its header
    structured = len(header) >= 2 and all(c is not None for c in cells)
    if not structured and serial and run.rows and not run.groups and len(header) >= 5 \
            and "序" not in header[0] and "序" in header[1]:
        # an indicator table under a label printed once for its rows (类别 社会保障 …)
        found_l = labelled_indicator(len(header) - 1, sorted(
            [b for r in run.rows for b in r] + run.other_blocks, key=lambda b: b.ordinal))
        if found_l is not None:
            run.rows, run.other_blocks, run.spans = (found_l.rows, found_l.piece_blocks,
                                                     found_l.spans)
            cells = list(found_l.cells)
            structured = all(c is not None for c in cells)
    if not structured and not serial and run.rows and not run.groups and len(header) >= 4 \
            and re.search(r"类别|一级|领域|类型", header[0]) and "序" not in header[1]:
        # the same without serial numbers: one row a line (一级指标 资源保护保障 …)
        stream = sorted([b for r in run.rows for b in r] + run.other_blocks,
                        key=lambda b: b.ordinal)
        found_l = labelled_lines(len(header), stream)
        if found_l is not None:
            run.rows, run.other_blocks, run.spans = (found_l.rows, found_l.piece_blocks,
                                                     found_l.spans)
            cells = list(found_l.cells)
            structured = all(c is not None for c in cells)
        elif any(re.fullmatch(r"[\u4e00-\u9fff]{1,4}", b.text.strip()) for b in stream):
            # pieces of a label alone on lines, and the label's rows could not be read: the
            # rows stay whole rather than a piece be read as a row's label
            cells = [None] * len(run.rows)
    if not structured and serial and run.rows and not run.groups and all(
            c is None for c in cells):
        found = indicator_table([b.text for b in header_blocks],
                                [[b.text for b in r] for r in run.rows], _merge_single)
        if found is not None:
            (header, cells), structured = found, True
    if len(header) < 2:
        cells = [None] * len(run.rows)
    body = [c if c is not None else ["\n".join(b.text.strip() for b in r)]
            for c, r in zip(cells, run.rows)]
    raw = [i for i, c in enumerate(cells) if c is None]
    blocks_in = sorted(header_blocks + [b for r in run.rows for b in r] + run.other_blocks
                       + run.group_blocks, key=lambda b: b.ordinal)
    table = _table(header=[header], rows=body, groups=run.groups, structured=structured,
                   blocks=blocks_in)
    table.raw_rows = raw
    ft = FoundTable(table, header_blocks, run.rows)
    ft.spans = run.spans
    ft.group_blocks = run.group_blocks
    return ft, run.end


def _header_rows(blocks: list[Block], h: int) -> tuple[list[Block], int]:
    """The header: the header line, a leading fragment, and short trailing fragments; in a
    序号 table, everything up to row 1."""
    j = h
    header_blocks: list[Block] = []
    while j < len(blocks) and not (_header_again(blocks[j], header_blocks) and (
            j + 1 >= len(blocks) or not _fragment(blocks[j + 1]))) \
            and not (header_blocks and j + 1 < len(blocks)
                     and _lead_label(blocks[j].text, blocks[j + 1].text)) \
            and not (header_blocks and _group_like(blocks[j].text)) \
            and (is_header(blocks[j].text) or not header_blocks
                               or (len(blocks[j].text.strip()) <= 8
                                   and not _serial(blocks[j].text, 1)
                                   and blocks[j].kind not in STOP_KINDS
                                   and (not blocks[j].text.strip()[:1].isdigit()
                                        or re.match(r"^\d{4}\s*年", blocks[j].text)))):
        header_blocks.append(blocks[j])
        j += 1
        if len(header_blocks) > (8 if all(len(dense(b.text)) <= 8 for b in header_blocks) else 6):
            break
    if "序" in "".join(b.text for b in header_blocks) and not (
            j < len(blocks) and _serial(blocks[j].text, 1)):
        k = j
        while k < len(blocks) and k - j < 12 and not _stops(blocks[k]) \
                and not _serial(blocks[k].text, 1) and not GROUP_RE.match(blocks[k].text) \
                and not _header_again(blocks[k], header_blocks) \
                and not (k + 1 < len(blocks) and _lead_label(blocks[k].text, blocks[k + 1].text)):
            k += 1
        if k - j < 12:
            header_blocks += blocks[j:k]
            j = k
    return header_blocks, j


def _group_before(blocks: list[Block], h: int) -> int | None:
    """The index of a group label right above the header (一、民间文学（4 项）), if any."""
    k = h - 1
    if k >= 0 and GROUP_RE.match(blocks[k].text) and len(blocks[k].text) <= LONG \
            and blocks[k].kind not in STOP_KINDS:
        return k
    return None


@dataclass
class _Rows:
    rows: list[list[Block]] = field(default_factory=list)
    groups: list[tuple[int, str]] = field(default_factory=list)
    group_blocks: list[Block] = field(default_factory=list)
    other_blocks: list[Block] = field(default_factory=list)   # repeated headers, labels
    spans: list[tuple[int, int, str]] = field(default_factory=list)   # spanning labels
    prefix: list[int] = field(default_factory=list)   # label tokens before each serial
    end: int = 0


def _repeats_header(block: Block, header_texts: set[str]) -> bool:
    return dense(block.text) in header_texts


def _fragment(block: Block) -> bool:
    """A short piece of a header broken over lines (``时限``)."""
    text = block.text.strip()
    return 0 < len(text) <= 8 and not text[:1].isdigit() and not GROUP_RE.match(text) \
        and block.kind not in STOP_KINDS


def _once(header_blocks: list[Block]) -> list[str]:
    """The header's lines, a whole header line printed again (at the foot of a page and at the
    top of the next, its second line under the repeat: ``… 完成`` / ``… 完成`` / ``时限``) once."""
    out: list[str] = []
    for b in header_blocks:
        if not (is_header(b.text) and dense(b.text) in {dense(x) for x in out}):
            out.append(b.text)
    return out


def _header_again(block: Block, header_blocks: list[Block]) -> bool:
    """A whole header line printed again (the header at the foot of a page and at the top of
    the next), not a one-word fragment that two header lines share (指标 … 指标)."""
    return is_header(block.text) and _repeats_header(
        block, {dense(b.text) for b in header_blocks})


def _collect_rows(blocks: list[Block], j: int, header_blocks: list[Block], header: list[str],
                  serial: bool) -> _Rows:
    """The rows after the header: cut at the running serial number (which may start again
    at 1 after a group label) or one per line; group labels; a header repeated after a page
    break or under a group; the pieces of a label printed once across many rows."""
    run = _Rows()
    header_texts = {dense(b.text) for b in header_blocks if len(dense(b.text)) > 1}
    label_col = serial and len(header) >= 3 and "序" not in header[0] and "序" in header[1]
    pieces: list[tuple[int, str, Block | None]] = []     # (row index, text, block)
    n = 1
    group_at: list[int] = []
    while j < len(blocks):
        b = blocks[j]
        text = b.text.strip()
        skipped = serial and not _serial(text, n) and _skips_to(text, n, run.rows, header)
        if serial and (_serial(text, n) or skipped or (
                run.groups and run.groups[-1][0] == len(run.rows) and _serial(text, 1))):
            if skipped:
                n = skipped
            elif not _serial(text, n):
                n = 1
            lead = _label_prefix(text, n)
            if lead and label_col:
                pieces.append((len(run.rows), lead, None))
            run.prefix.append(len(_tokens(lead)))
            run.rows.append([b])
            n += 1
        elif run.rows and TOTAL_ROW.match(text) and len(text) <= LONG:
            run.prefix.append(0)
            run.rows.append([b])         # 小计 530: a row of its own (see _total_cells)
        elif GROUP_RE.match(text) and len(text) <= LONG:
            run.groups.append((len(run.rows), text))
            run.group_blocks.append(b)
            group_at.append(j)
        elif _repeats_header(b, header_texts):
            last = run.rows[-1] if run.rows else None
            if last is not None and not serial and len(last) == 1 and _title_like(last[0]) \
                    and len(_tokens(last[0].text)) == 1 and "\t" not in last[0].text \
                    and len(header) > 1 and _split_lines(
                        [last[0].text], columns_for(header), header) is None \
                    and not (len(run.rows) > 1 and _completes_name(
                        run.rows[-2], last[0].text, header)):
                # A title, then the header again: the next table (B匝道… after A匝道…).
                if len(run.prefix) == len(run.rows):
                    run.prefix.pop()
                run.rows.pop()
                j -= 1
                break
            run.other_blocks.append(b)
        elif _stops(b) or is_header(text):
            break
        elif serial and not run.rows and not label_col and j + 1 < len(blocks) \
                and _lead_label(text, blocks[j + 1].text):
            run.groups.append((0, text))          # 岚东区（23 家） before row 1
            run.group_blocks.append(b)
            group_at.append(j)
        elif serial and run.rows:
            if label_col and _label_piece(run.rows[-1], b, header):
                pieces.append((len(run.rows) - 1, text, b))
                run.other_blocks.append(b)
            elif not label_col and len(text) <= 40 and "序" in header[0] \
                    and not re.match(r"\d", text) and _bare_group_label(
                        text, _next_text(blocks, j, header_texts), n, run.rows[-1], header):
                run.groups.append((len(run.rows), text))
                run.group_blocks.append(b)
                group_at.append(j)
            else:
                run.rows[-1].append(b)
        elif not serial and _plain_group_label(text, run.rows, header):
            run.groups.append((len(run.rows), text))     # 岚西区（19 家…） in a list
            run.group_blocks.append(b)                   # without serial numbers
            group_at.append(j)
        elif not serial:
            run.rows.append([b])
        else:
            break
        j += 1
    while run.groups and run.groups[-1][0] == len(run.rows):     # headings after the table
        run.groups.pop()
        run.group_blocks.pop()
        j = group_at.pop()
    if not serial:
        run.rows, index = _join_continuations(run.rows, header, {g for g, _ in run.groups})
        run.groups = [(index[g] if g < len(index) else len(run.rows), label)
                      for g, label in run.groups]
    run.spans = _spans(pieces, len(run.rows))
    run.end = j
    return run


PLACE_LABEL = re.compile(r"(?:市|县|区|旗|镇|乡|街道|开发区|园区|新区)[：:]?$")


def _next_text(blocks: list[Block], j: int, header_texts: set[str]) -> str:
    """The text of the line after ``j``, past the header printed again after a page break."""
    k = j + 1
    while k < len(blocks) and _repeats_header(blocks[k], header_texts):
        k += 1
    return blocks[k].text if k < len(blocks) else ""


def _group_like(text: str) -> bool:
    """A line that reads as a group label, not as a piece of a header: it states a count
    (``岚东区：23 家``) or names a place of three characters or more (``岚东区``)."""
    text = text.strip()
    if not text or re.match(r"\d", text) or is_header(text) or len(text) > 40:
        return False
    if stated_counts(text):
        return True
    name = label_name(text)
    return len(name) >= 3 and bool(PLACE_LABEL.search(name)) and name not in COLUMN_NAMES


def _plain_group_label(text: str, rows: list[list[Block]], header: list[str]) -> bool:
    """A group label without 一、 in a table without serial numbers (``岚西区``, ``岚西区：19
    家``, ``岚西区（19 家，402.5 万元）``): a short line naming a place or stating a count that
    is no row of the table and does not finish a name of the row above."""
    if len(text) > 40 or re.match(r"\d", text) or len(header) < 2 \
            or not (stated_counts(text) or PLACE_LABEL.search(label_name(text))):
        return False
    return _split_lines([text], columns_for(header), header) is None \
        and not (rows and _completes_name(rows[-1], text, header))


def _lead_label(text: str, nxt: str) -> bool:
    """A group label without 一、 right before row 1 (``岚东区（23 家，490 万元）``): short, no
    header words, stating a count or naming a place, and the next line is row 1."""
    text = text.strip()
    return 0 < len(text) <= 40 and not re.match(r"\d", text) and not is_header(text) \
        and _serial(nxt, 1) and bool(stated_counts(text)
                                     or PLACE_LABEL.search(label_name(text)))


def _bare_group_label(text: str, nxt: str, n: int, row: list[Block], header: list[str]) -> bool:
    """A group label printed without 一、 between the rows (``岚西区``, ``岚西区：19 家``,
    ``岚西区（19 家，402.5 万元）``): a short line that is no row and finishes no name of the row
    above, which is whole without it, and after which the serial starts again at 1, or goes
    on when the line states a count or names a place."""
    if len(text) > 40 or re.match(r"\d", text) or len(header) < 2 or "序" not in header[0]:
        return False
    restart = n > 2 and _serial(nxt, 1)
    if not restart and not (_serial(nxt, n) and (
            stated_counts(text) or PLACE_LABEL.search(label_name(text)))):
        return False
    cols = columns_for(header)
    return _split_lines([text], cols, header) is None \
        and _split_lines([x.text for x in row], cols, header) is not None \
        and not _completes_name(row, text, header)


def _skips_to(text: str, n: int, rows: list[list[Block]], header: list[str]) -> int | None:
    """The serial a row starts with when one or two numbers were skipped (a row left out of
    the printed list, or misnumbered: 7 then 9): the line starts with N+1 or N+2 and is a
    whole row on its own, and the row above is whole without it (so the line is not the
    wrapped end of that row)."""
    m = re.match(r"(\d{1,4})[．.、]?\s", text)
    if not m or not rows or not n + 1 <= int(m[1]) <= n + 2 or len(header) < 3 \
            or "序" not in header[0]:
        return None
    cols = columns_for(header)
    if _split_lines([text], cols, header) is None \
            or _split_lines([x.text for x in rows[-1]], cols, header) is None:
        return None
    return int(m[1])


def _label_prefix(text: str, n: int) -> str:
    """A label piece printed before the serial on a row's line (保障 2 基本医疗…)."""
    k = _serial_at(text, n) or 0
    return " ".join(_tokens(text)[:k])


def _label_piece(row: list[Block], b: Block, header: list[str]) -> bool:
    """Is ``b`` (a line between rows of a table with a label column) a piece of the label
    rather than the wrapped end of the row above? It is when the row above splits into its
    cells without it and the line is short, unless the line completes a name the row above
    leaves unfinished (``…股份有`` + ``限公司``: a wrapped end)."""
    text = b.text.strip()
    if len(text) > 12:
        return False
    own = header[1:]
    lines = [" ".join(_tokens(x.text)[_serial_at(x.text, None) or 0:]) if k == 0 else x.text
             for k, x in enumerate(row)]
    if _split_lines(lines, columns_for(own), own) is None:
        return False
    return not _completes_name(row, text, own, lines)


OPEN_END = ("、", "，", ",", "（", "(", "和", "及", "与")


def _completes_name(row: list[Block], text: str, header: list[str],
                    lines: list[str] | None = None) -> bool:
    """Does ``text`` (a short line under ``row``) end a name the row leaves unfinished
    (``…股份有`` + ``限公司``, or ``公司`` of ``公司 企业``), or go on with a row whose line
    stops on an open list (``青溪县文化馆、`` / ``岚东区``)?"""
    if row and row[-1].text.rstrip().endswith(OPEN_END):
        return True
    cols = columns_for(header)
    cells = _split_lines(lines or [x.text for x in row], cols, header)
    words = _tokens(text)
    return cells is not None and bool(words) and any(
        col.name and not unit_ending(c) and unit_ending(join_wrapped(c, words[0]))
        for c, col in zip(cells, cols))


def _spans(pieces: list[tuple[int, str, Block | None]], n_rows: int
           ) -> list[tuple[int, int, str]]:
    """Spanning labels from their pieces: pieces on neighbouring rows make one label; a label
    is printed in the middle of the rows it spans, so its rows reach as far below it as
    above, from where the previous label's rows end."""
    labels: list[tuple[list[int], str]] = []
    for row, text, _ in pieces:
        if labels and row - labels[-1][0][-1] <= 2 and _open(labels[-1][1]):
            labels[-1][0].append(row)
            labels[-1] = (labels[-1][0], labels[-1][1] + text)
        elif labels and row - labels[-1][0][-1] <= 1:
            labels[-1][0].append(row)
            labels[-1] = (labels[-1][0], labels[-1][1] + text)
        else:
            labels.append(([row], text))
    spans: list[tuple[int, int, str]] = []
    first = [int(c) for c, _ in stated_counts(labels[0][1]) if float(c).is_integer()] \
        if labels else []
    if labels and labels[0][0][0] == 0 and first and first[0] > labels[0][0][-1] + 2:
        # Labels printed at the top of their rows (the first on row 1, over more rows than
        # its pieces take): each runs to the next label.
        for k, (rows, text) in enumerate(labels):
            end = labels[k + 1][0][0] if k + 1 < len(labels) else n_rows
            spans.append((rows[0], end, text))
        return spans
    start = 0
    for k, (rows, text) in enumerate(labels):
        mid2 = rows[0] + rows[-1]                 # twice the label's middle row
        end = n_rows if k == len(labels) - 1 else min(n_rows, max(rows[-1] + 1,
                                                                   mid2 - start + 1))
        stated = [int(c) for c, _ in stated_counts(text) if float(c).is_integer()]
        if k < len(labels) - 1 and stated and abs(start + stated[0] - end) <= 1 \
                and start + stated[0] > rows[-1]:
            end = start + stated[0]       # a label centred on an even number of rows
        spans.append((start, end, text))
        start = end
    return spans


def _open(text: str) -> bool:
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def _join_continuations(rows: list[list[Block]], header: list[str], starts: set[int] = frozenset()
                        ) -> tuple[list[list[Block]], list[int]]:
    """Rows without a serial number are one line each, except a line that only completes the
    row above: that row splits into its cells with it and not without, or it leaves a name
    unfinished (``…股份有限 省级专精特新中小 50`` / ``公司 企业``: the ends of its wrapped
    cells, which cannot make a row of their own). Never across a group label (``starts``:
    the rows that open a group). Returns the rows and, for each row given, its new index."""
    if len(header) < 2:
        return rows, list(range(len(rows)))
    cols = columns_for(header)
    texts = sum(1 for c in cols if c.kind == "text")
    out: list[list[Block]] = []
    index: list[int] = []
    for k, r in enumerate(rows):
        index.append(len(out))
        words = _tokens(r[0].text) if len(r) == 1 and k not in starts else []
        short = len(words) == 1 and len(r[0].text.strip()) <= 15
        ends = 1 <= len(words) <= texts and len(r[0].text.strip()) <= 24 \
            and not any(is_number(w) for w in words)
        if out and (short or ends) and _split_lines([b.text for b in r], cols, header) is None:
            above = _split_lines([b.text for b in out[-1]], cols, header)
            unfinished = above is not None and any(
                col.name and not unit_ending(c) for c, col in zip(above, cols))
            # In a list of people (a 性别 column) every row says 男 or 女: a short line
            # without it that states no count is the wrapped end of the row above (总 / 工程师).
            sexless = any(c.kind == "sex" for c in cols) and short \
                and not any(w in ("男", "女") for w in words) \
                and not stated_counts(r[0].text) and not re.search(r"[（()）：:]", r[0].text)
            if (above is None and short or unfinished or sexless) and _split_lines(
                    [b.text for b in out[-1] + r], cols, header) is not None:
                out[-1] = out[-1] + r
                index[-1] = len(out) - 1
                continue
        out.append(r)
    return out, index


def _split_lines(lines: list[str], cols, header: list[str],
                 common: frozenset = frozenset()) -> list[str] | None:
    """The cells of a row from its lines, or ``None``."""
    if any("\t" in x for x in lines):
        # Cells the source separates by tabs: taken as they are, or the row stays whole.
        if len(lines) != 1:
            return None
        cells = [" ".join(c.split()) for c in lines[0].strip("\n").split("\t")]
        while len(cells) > len(cols) and not cells[-1]:
            cells.pop()                 # trailing tabs
        if len(cells) == len(cols) - 1 and header and any(w in header[-1] for w in OPTIONAL_LAST):
            cells.append("")            # the 说明 / 备注 cell left empty
        return cells if len(cells) == len(cols) else None
    tokens, seps = tokenize(lines)
    found = scored_split(tokens, seps, cols, common)
    if header and any(w in header[-1] for w in OPTIONAL_LAST) and len(cols) > 2:
        short = scored_split(tokens, seps, cols[:-1], common)     # the 备注 cell left empty
        if short is not None and (found is None or short[1] > found[1]):
            found = (short[0] + [""], short[1])
    if found is None and len(lines) >= 2:
        return _with_wrapped_ends(lines, cols, header)
    if found is None and len(tokens) == len(cols) - 1:
        return _unit_glued(tokens, seps, cols, common)
    return found[0] if found is not None else None


def _unit_glued(tokens: list[str], seps: list[str], cols, common: frozenset) -> list[str] | None:
    """A row one cell short because the space after a unit name was lost where the line
    wrapped (``岚州学院化学与材料工程学院副院长``): the word is cut after the unit's ending
    (学院, 公司, 局 …) when the rest is short (2 to 6 characters) and the row then puts the
    unit in a column of unit names; the longest such unit when the cuts are all in one word
    (…工程学院 rather than …工程学), none when they are in several."""
    found: list[tuple[int, int, list[str]]] = []
    for i, word in enumerate(tokens):
        for p in range(3, len(word) - 1):
            head, tail = word[:p], word[p:]
            if not (unit_ending(head) and 2 <= len(tail) <= 6
                    and re.fullmatch(r"[\u4e00-\u9fff]+", tail) and not unit_ending(tail)):
                continue
            split = scored_split(tokens[:i] + [head, tail] + tokens[i + 1:],
                                 seps[:i] + [" "] + seps[i:], cols, common)
            if split is not None and any(c.name and cell == head
                                         for c, cell in zip(cols, split[0])):
                found.append((i, p, split[0]))
    if not found or len({i for i, _, _ in found}) > 1:
        return None
    return max(found, key=lambda f: f[1])[2]


def _with_wrapped_ends(lines: list[str], cols, header: list[str]) -> list[str] | None:
    """A row whose first line holds all its cells and whose next lines hold the wrapped
    ends of its text cells: one word goes to the one text cell that is unfinished (a name
    without its 公司/局/中心 ending, or an open bracket: ``…股份有限`` / ``公司``); a line of
    several words (``公司 企业``: two cells wrapped side by side) gives one word to each
    unfinished text cell, or to each text cell, in their order, when the counts agree."""
    cells = _split_lines(lines[:1], cols, header)
    if cells is None:
        return None
    text_cells = [i for i, col in enumerate(cols) if col.kind == "text"]
    open_cells = [i for i in text_cells
                  if _open(cells[i]) or (cols[i].name and not unit_ending(cells[i]))]
    for x in lines[1:]:
        words = _tokens(x)
        if len(words) == 1 and len(open_cells) == 1:
            targets = open_cells
        elif len(words) > 1 and not any(is_number(w) for w in words) and (
                len(words) == len(open_cells) or len(words) == len(text_cells)):
            targets = open_cells if len(words) == len(open_cells) else text_cells
        else:
            return None
        for k, word in zip(targets, words):
            cells[k] = join_wrapped(cells[k], word)
    return cells if not any(_open(cells[k]) for k in text_cells) else None


def _total_cells(lines: list[str], cols) -> list[str] | None:
    """A 小计 / 合计 row: its label in the first cell, its numbers in the amount and count
    columns from the right (``小计 530`` under 奖励金额), the other cells empty; ``None`` when the
    numbers do not match those columns."""
    tokens = _tokens(" ".join(lines))
    label = dense(TOTAL_ROW.match(tokens[0] if len(tokens[0]) > 1 else
                                               "".join(tokens[:2]))[0]).rstrip(":：")
    numbers = [t for t in tokens if re.fullmatch(r"\d[\d,，]*(?:[.．]\d+)?", t)]
    slots = [i for i, c in enumerate(cols) if c.kind == "number"]
    if not numbers or len(numbers) > len(slots):
        return None
    cells = [label] + [""] * (len(cols) - 1)
    for i, value in zip(slots[len(slots) - len(numbers):], numbers):
        cells[i] = value
    return cells


def _common_pairs(rows: list[list[str]]) -> frozenset:
    """Word pairs on one line that recur in a third of the rows (at least 3): values down a
    column (``矿石 万吨/年``) rather than two cells."""
    counts: dict[str, int] = {}
    for lines in rows:
        seen = set()
        for line in lines:
            words = _tokens(line)
            for a, b in zip(words[1:], words[2:]):      # not the serial number
                seen.add(f"{a} {b}")
        for pair in seen:
            counts[pair] = counts.get(pair, 0) + 1
    least = max(3, len(rows) // 3)
    return frozenset(p for p, n in counts.items() if n >= least)


def _split_rows(run: _Rows, header: list[str]) -> list[list[str] | None]:
    """Cells of every row (``None`` for a row that cannot be split). Values that recur down a
    column in the rows that split help the rows that did not; a spanning label fills its
    column for the rows it spans."""
    if len(header) < 2:
        return [None] * len(run.rows)
    label_col = bool(run.spans) or (len(header) >= 3 and "序" not in header[0]
                                    and "序" in header[1] and run.rows
                                    and _serial(run.rows[0][0].text, 1))
    own = header[1:] if label_col else header
    cut = run.prefix if label_col and len(run.prefix) == len(run.rows) else [0] * len(run.rows)
    lines = [[" ".join(_tokens(b.text)[cut[i]:]) if k == 0 and cut[i] else b.text
              for k, b in enumerate(r)] for i, r in enumerate(run.rows)]
    cols = columns_for(own)
    common = _common_pairs(lines)
    cells = [_total_cells(x, cols) if TOTAL_ROW.match(x[0]) else
             _split_lines(x, cols, own, common) for x in lines]
    seen = [set() for _ in own]
    for c in cells:
        if c is not None:
            for i, v in enumerate(c):
                seen[i].add(v)
    if any(c is None for c in cells) and any(len(s) < len(run.rows) for s in seen):
        cols = columns_for(own, [s if len(s) * 2 <= max(1, len(run.rows)) else set()
                                 for s in seen])
        cells = [c if c is not None or TOTAL_ROW.match(x[0]) else
                 _split_lines(x, cols, own, common) for c, x in zip(cells, lines)]
    if not label_col and any(c is None for c in cells) and cols and cols[0].kind == SERIAL \
            and len(cols) >= 3 and looks_stacked(lines, len(cols)):
        # Rows printed cell after cell, each cell's wrapped lines one under the other.
        stacked = stacked_rows(lines, cols[1:])
        cells = [None if s is None else [_tokens(x[0])[0].rstrip("．.、")] + s
                 for s, x in zip(stacked, lines)]
    if label_col and any(c is None for c in cells):
        # Label pieces may have been read into the wrong rows: all rows whole, or none.
        return [None] * len(run.rows)
    if label_col:
        label_of = {}
        for first, end, text in run.spans:
            for r in range(first, end):
                label_of[r] = text
        cells = [None if c is None else [label_of.get(r, "")] + c
                 for r, c in enumerate(cells)]
    return cells


MAJOR_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|"
                           r"第[一二三四五六七八九十百]+[章节条]|专栏|表\s*\d)")


LABEL_ITEM = re.compile(r"^[^，。：:；]{1,20}[：:]\S")


def _box_stops(block: Block) -> bool:
    if block.kind == "heading":
        return bool(MAJOR_HEADING.match(block.text))
    return (block.kind in STOP_KINDS or bool(CAPTION_RE.match(block.text))
            or bool(ATTACHMENT_RE.match(block.text)))


def _read_box(blocks: list[Block], j: int, grid: bool = False
              ) -> tuple[FoundTable | None, int]:
    """A 专栏 box: a list, one item per row, until the next major heading or caption. When the
    box opens with "名称：内容" items (魏都区：……), it ends at the first line that is not one.
    Under a ``表 N`` caption (``grid``) the box also ends at a long sentence: body text (or
    the note under the table), not a table line. A paragraph holding two items (the second
    starting after a full stop as ``名称：`` or ``2.``) gives two rows. The list's structure is
    known (one cell per item), so the box is structured; a ``表 N`` box of table lines whose
    header was not found is not."""
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
    items: list[list[str]] = []
    row_blocks: list[list[Block]] = []
    for r in rows:
        for item in ([r[0].text.strip()] if grid else box_items(r[0].text)):
            items.append([item])
            row_blocks.append(r)
    table = _table(header=[], rows=items, groups=[], structured=not grid,
                   blocks=[r[0] for r in rows])
    table.raw_rows = list(range(len(items))) if grid else []
    return FoundTable(table, [], row_blocks), j


_ITEM_START = re.compile(r"(?<=[。；])(?=(?:\d{1,2}[．.、]|[（(]\d{1,2}[）)])?[^，。：:；、\d]{2,16}[：:])"
                         r"|(?<=[。；])(?=\d{1,2}[．.、][\u4e00-\u9fff“])")


def box_items(text: str) -> list[str]:
    """The items of one paragraph of a 专栏 box: cut after a full stop where a new labelled
    (``全社会固定资产投资：``) or numbered (``2.``) item starts, when the paragraph opens with
    one of the same kind."""
    text = text.strip()
    labelled = LABEL_ITEM.match(re.sub(r"^\d{1,2}[．.、]", "", text))
    numbered = re.match(r"^\d{1,2}[．.、]", text)
    if not (labelled or numbered):
        return [text]
    parts = [p.strip() for p in _ITEM_START.split(text) if p and p.strip()]
    return parts or [text]


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
