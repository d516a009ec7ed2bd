"""Responsibility lists (责任分工) in running text: inline brackets, duty lists, sentences.

Forms recognised, each on the blocks of one document:

* inline after a task: （责任单位：市商务局、市财政局）, （牵头单位：……；配合单位：……）,
  （负责部门：商务部，适用范围：……）, with nested brackets and a 完成时限 inside; unlabelled
  ones read clause by clause: （市工业和信息化局牵头，市财政局配合）, （A、B等负责）,
  （A指导，B参与）, （A会同有关部门负责） (A leads), （A等按职责分工负责，B落实）;
* the rider （A、B负责。列第一位者为牵头单位，下同）: the first unit leads, for that task and,
  with 下同, every later task of the document;
* duty lists: ``1．市委宣传部：负责……`` (source ``duty``; ``（2）产业布局：`` is a heading);
* sentences ``市发展和改革委员会牵头推进……`` (source ``sentence``, confidence 0.6);
* general notes (以下各项任务……均负有落实责任，不再逐项列明; 以下均需……落实) recorded on the
  tasks after them.

A bracket inside a sentence (……认定（技工院校内由……部门负责），……) assigns nothing. Every
step is linear in its input and bounded by :mod:`core.extract.limits`.

Table columns (责任单位 ...) are handled in :mod:`core.extract.tables`.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from ..headings import ARABIC_ITEM, ITEM_NUMBER_RE
from ..model import Block, Task
from ..progress import check_cancel
from .deadlines import find_deadline, parse_deadline
from .limits import (
    MAX_BLOCK_CHARS,
    MAX_BRACKET_CHARS,
    MAX_LIST_CHARS,
    MAX_LIST_PIECES,
    MAX_WRAP_BLOCKS,
    meter,
)
from .units import UnitAliases, looks_like_unit, split_outside

LEAD_LABELS = ("牵头单位", "牵头部门", "主办单位", "牵头")
SUPPORT_LABELS = ("配合单位", "配合部门", "协办单位", "参与单位", "协同单位", "配合")
RESP_LABELS = ("责任单位", "责任部门", "责任主体", "实施单位", "承办单位", "起草单位",
               "负责单位", "负责部门", "主责单位", "落实单位", "指导单位", "指导部门")
DEADLINE_LABELS = ("完成时限", "完成时间", "完成期限", "时间节点", "时间要求", "时限", "时间")
# Labels whose value is not a unit: （负责部门：商务部，适用范围：福建自贸试验区）.
OTHER_LABELS = ("适用范围", "责任人", "联系人", "联系电话")
_ALL_LABELS = sorted(LEAD_LABELS + SUPPORT_LABELS + RESP_LABELS + DEADLINE_LABELS + OTHER_LABELS,
                     key=len, reverse=True)
_LABEL = re.compile(r"^\s{0,8}(" + "|".join(_ALL_LABELS) + r")\s{0,8}[:：]\s{0,8}")
_LABEL_AT = re.compile("(?:" + "|".join(_ALL_LABELS) + r")\s{0,8}[:：]")
_NUMBERING = ITEM_NUMBER_RE
_DUTY = re.compile(rf"^\s{{0,8}}{ARABIC_ITEM}\s{{0,8}}"
                   r"(?P<unit>[^：:，。；]{2,30}?)[：:]\s{0,8}")
_SENTENCE = re.compile(r"(?:^|(?<=[。；，：]))\s{0,8}(?P<unit>[市县区省][^，。；：、\s]{1,24}?"
                       r"(?:委员会|办公室|局|委|办|中心|政府|部|厅))(?:要|负责)?牵头"
                       r"(?P<rest>[^。；]{4,2000})[。；]?")
# What ends the support list after 牵头: ……等有关单位组成 / ……配合 / ……为成员单位.
_SUPPORT_VERB = re.compile(r"(?:等(?:有关|相关)?(?:单位|部门))?(?:组成|配合|参与|参加|协同|协助|为成员)")
_NOTE_KEY = re.compile(r"不再(?:逐项|一一)?列[明出举]|均负有[^。；]{0,40}责任"
                       r"|以下(?:各项|所有)?(?:任务|工作|措施|事项)?均(?:需|须|由|要)")
# 列第一位者为牵头单位 / 排在第一位的部门为牵头部门 (， 下同: for every later task too).
_RIDER = re.compile(r"[，,；;。]?\s{0,4}(?:列|排)在?第[一1]位的?(?:者|单位|部门)?为牵头(?:单位|部门)"
                    r"(?P<same>[，,；;]?\s{0,4}下同)?")
_HEAD_BEFORE_BRACKET = "。；;！？!?"
_ENDS_SENTENCE = "。；;！？!?（(\n"
# A unit's name ends with one of these (局, 委, 政府 …; 各区、县级市): a bracket without any names none.
_UNIT_CHAR = re.compile(r"[局委办厅部心院所会司团队处站社馆署行联位门关台组构府省市县区州旗镇道]")


def find_note(text: str) -> str:
    """A general note (……均负有落实责任，不再逐项列明) in ``text``: its sentence, or ""."""
    m = _NOTE_KEY.search(text[:MAX_BLOCK_CHARS])
    if not m:
        return ""
    start, depth = 0, 0
    for i in range(m.start() - 1, -1, -1):      # back to the sentence or bracket start
        ch = text[i]
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            if depth == 0:
                start = i + 1
                break
            depth -= 1
        elif ch in "。；;" and depth == 0:
            start = i + 1
            break
    end, depth = len(text), 0
    for i in range(m.end(), len(text)):
        ch = text[i]
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            if depth == 0:
                end = i
                break
            depth -= 1
        elif ch in "。；;" and depth == 0:
            end = i + 1
            break
    meter.add(end - start)
    note = text[start:end].strip()
    # （市发展改革委牵头，以下任务均需各县〔市、区〕政府落实，不再列出）: the note is the 以下 part.
    below = note.find("以下")
    if below > 0 and note[below - 1] in "，,。；;":
        note = note[below:]
    return note


# The units a general note names, and the words around them: 以下各项任务 / 各县（市、区）政府 /
# 均负有落实责任; 以下均需 / 各县〔市、区〕人民政府 / 落实; 各县（市、区）政府 / 均为责任单位.
_NOTE_LEAD_IN = re.compile(r"^以下(?:的)?(?:各项|所有|其他|其余)?(?:重点)?(?:任务|工作|措施|事项)?")
_NOTE_UNITS_BEFORE = re.compile(r"均(?:为|是|系)?(?:负有|承担)|均(?:为|是|系)(?:责任|落实|实施)")
_NOTE_UNITS_AFTER = re.compile(r"^(?:均|也|还)?(?:需|须|由|要|应|应当)")
_NOTE_TAIL = re.compile(r"(?:负责|组织|抓好|认真|具体)?(?:落实|实施|负责)$")
_NOT_LISTED = re.compile(r"不再(?:逐项|一一)?列")


def note_units(note: str, aliases: UnitAliases) -> tuple[list[str], str]:
    """The units a general note names for the tasks after it, and their role:
    ``各县（市、区）政府均为责任单位，不再列出`` → (["各县（市、区）政府"], responsible);
    ``以下均需各县〔市、区〕人民政府〔管委会〕落实，不再列出`` → ([…], support: they carry
    out what the units named by each task lead)."""
    names: list[str] = []
    role = "responsible"
    for clause in split_outside(note[:MAX_LIST_CHARS], "，,；;。")[:MAX_LIST_PIECES]:
        if _NOT_LISTED.search(clause):
            continue
        body = _NOTE_LEAD_IN.sub("", clause, count=1)
        before = _NOTE_UNITS_BEFORE.search(body)
        if before:
            body = body[:before.start()]
        else:
            after = _NOTE_UNITS_AFTER.match(body)
            if not after:
                continue
            body = body[after.end():]
            if body.endswith("落实"):
                role = "support"
            body = _NOTE_TAIL.sub("", body)
        body = _strip_etc(body)
        for name in _names(body, aliases):
            if name not in _GENERIC and _is_unit(name, aliases) and name not in names:
                names.append(name)
    return names, role


@dataclass
class Responsibility:
    """What a bracket or a cell says about who does a task and by when.

    ``first_lead`` is set by a rider such as 列第一位者为牵头单位; ``same_below`` when it adds
    下同 (it then holds for every later task of the document).
    """

    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    deadline_text: str = ""
    first_lead: bool = False
    same_below: bool = False

    def add(self, role: str, names: list[str]) -> None:
        target = {"lead": self.lead, "support": self.support}.get(role)
        for name in names:
            if target is not None and name not in target:
                target.append(name)
            if name not in self.units:
                self.units.append(name)

    def apply_first_lead(self) -> None:
        """The first unit leads and the others support (unless a unit was named lead)."""
        if self.units and not self.lead:
            self.lead = self.units[:1]
            self.support = self.units[1:]

    def __bool__(self) -> bool:
        return bool(self.units)


def _is_unit(name: str, aliases: UnitAliases) -> bool:
    return looks_like_unit(name) or aliases.is_known(name)


def _names(text: str, aliases: UnitAliases) -> list[str]:
    """The pieces of a printed list; spaces separate units too when the list reads better so
    (市商务局 市财政局)."""
    pieces = aliases.split(text)
    if len(text.split()) > 1 and not all(_is_unit(p, aliases) for p in pieces):
        pieces = [p for chunk in text.split()[:MAX_LIST_PIECES] for p in aliases.split(chunk)]
    return pieces


def _next_label_at(part: str, i: int) -> int:
    """Length of the label (with its colon) starting at ``i``, or 0."""
    m = _LABEL_AT.match(part, i)
    return m.end() - i if m else 0


def _split_labels(part: str) -> list[str]:
    """A label after a space or a comma starts a new part: （责任单位：市城市管理局，完成时限：
    2025 年底）, （责任单位：市发展改革委 完成时限：2024 年 3 月底前）."""
    out, begin = [], 0
    for i, ch in enumerate(part):
        if ch in "，, \t　" and i + 1 < len(part) and _next_label_at(part, i + 1):
            out.append(part[begin:i])
            begin = i + 1
    out.append(part[begin:])
    return [p.strip() for p in out if p.strip()]


# What a clause ends with, and the role it gives its units.
_LEAD_TAILS = ("牵头负责", "牵头抓总", "牵头落实", "牵头")
_SUPPORT_TAILS = ("配合", "参与", "参加", "协同", "协助")
_RESP_TAILS = ("按照职责分工负责", "按职责分工负责", "按照职责负责", "按职责负责", "按职责分工落实",
               "按职责抓好落实", "分别负责", "共同负责", "负责落实", "抓好落实", "负责", "指导", "落实")
_ETC_TAILS = ("等有关部门", "等相关部门", "等有关单位", "等相关单位", "等部门", "等单位", "等",
              "按照职责分工", "按职责分工", "按照职责", "按职责", "分别", "共同", "要")
_GENERIC = ("有关部门", "相关部门", "有关单位", "相关单位", "各有关部门", "各相关部门")


def _clause_role(clause: str) -> tuple[str, str | None]:
    """(the clause without its role verb, the role it names or None)."""
    for tails, role in ((_LEAD_TAILS, "lead"), (_SUPPORT_TAILS, "support"),
                        (_RESP_TAILS, "responsible")):
        for tail in tails:
            if clause.endswith(tail) and len(clause) > len(tail):
                return _strip_etc(clause[:-len(tail)]), role
    return clause, None


def _strip_etc(text: str) -> str:
    changed = True
    while changed and text:
        changed = False
        for tail in _ETC_TAILS:
            if text.endswith(tail) and len(text) > len(tail):
                text, changed = text[:-len(tail)], True
                break
    return text


def _is_note_clause(clause: str) -> bool:
    return bool(_NOTE_KEY.search(clause)) or clause.startswith(("以下", "下同"))


def _clauses(text: str, aliases: UnitAliases, default: str | None
             ) -> tuple[list[tuple[str, list[str]]], bool, str]:
    """The clauses of a responsibility text: ``[(role, units)]``, whether every clause read
    as units (or a deadline or a note), and a deadline found.

    A clause without a role verb takes ``default`` (responsible when None); once a clause
    leads (牵头), clauses that are only 负责 support: （教育部牵头，财政部等按职责分工负责）.
    """
    out: list[tuple[str, list[str]]] = []
    all_units, deadline = True, ""
    for clause in split_outside(text[:MAX_LIST_CHARS], "，,；;。")[:MAX_LIST_PIECES]:
        meter.add(len(clause))
        if _is_note_clause(clause):
            continue
        dl = find_deadline(clause)
        if dl and not _UNIT_CHAR.search(clause.replace(dl, "")):
            # a deadline, labelled or not: 完成时限：2025 年 12 月底前, 2025 年底前完成
            deadline = deadline or dl
            continue
        body, role = _clause_role(clause)
        role = role or default or "responsible"
        lead_part, sep, with_part = body.partition("会同")
        groups = [(role if not sep or role != "responsible" else "lead", lead_part)]
        if sep:
            groups.append(("support", with_part))
        found_any = False
        for grole, gtext in groups:
            names = _names(gtext, aliases)
            names = [n for n in names if n not in _GENERIC or grole != "support"]
            flags = [_is_unit(n, aliases) for n in names]
            units = [n for n, ok in zip(names, flags) if ok]
            rest = [n for n, ok in zip(names, flags) if not ok]
            for piece in rest:
                dl = find_deadline(piece)
                if dl:
                    deadline = deadline or dl
                else:
                    all_units = False
            if units:
                out.append((grole, units))
                found_any = True
        if not found_any and not deadline and find_deadline(clause):
            deadline = find_deadline(clause)
    if any(role == "lead" for role, _ in out) and default is None:
        out = [("support" if role == "responsible" else role, names) for role, names in out]
    return out, all_units, deadline


def _take_rider(content: str) -> tuple[str, bool, bool]:
    """``content`` without a 列第一位者为牵头单位 rider; whether there was one; whether 下同."""
    m = _RIDER.search(content)
    if not m:
        return content, False, False
    return content[:m.start()] + content[m.end():], True, bool(m["same"])


def parse_responsibility(content: str, aliases: UnitAliases) -> Responsibility:
    """Parse the inside of a responsibility bracket or a 责任单位 cell."""
    resp = Responsibility()
    content = content[:MAX_LIST_CHARS]
    meter.add(len(content))
    content, resp.first_lead, resp.same_below = _take_rider(content)
    parts = [p for part in split_outside(content, "；;。") for p in _split_labels(part)]
    for part in parts:
        m = _LABEL.match(part)
        if m:
            label, value = m[1], part[m.end():]
            if label in DEADLINE_LABELS:
                resp.deadline_text = resp.deadline_text or value.strip()
                continue
            if label in OTHER_LABELS:
                continue
            default = ("lead" if label in LEAD_LABELS else
                       "support" if label in SUPPORT_LABELS else None)
        else:
            if _is_note_clause(part):
                continue
            default = None
        found, _, deadline = _clauses(part[m.end():] if m else part, aliases, default)
        for role, names in found:
            resp.add(role, names)
        if deadline and not resp.deadline_text:
            resp.deadline_text = deadline
    if resp.first_lead:
        resp.apply_first_lead()
    return resp


def _units_only(content: str, aliases: UnitAliases) -> tuple[bool, bool]:
    """Whether a bracket holds nothing but units (with role verbs, a deadline, a note), and
    whether it names a role (负责, 牵头, 指导 ...)."""
    content, rider, _ = _take_rider(content)
    found, all_units, _ = _clauses(content, aliases, None)
    if not found or not all_units:
        return False, False
    has_role = rider or any(_clause_role(c)[1] for c in split_outside(content, "，,；;。"))
    return True, bool(has_role)


def _is_resp_bracket(content: str, aliases: UnitAliases | None = None,
                     after_sentence: bool = False, passing: bool = False) -> bool:
    """Whether a bracket's content assigns the task before it.

    A labelled bracket always does; an unlabelled one when it holds only units and either
    names a role (负责, 牵头 ...) or closes a sentence, unless it stands inside a sentence
    (``passing``: ……认定（技工院校内由人力资源社会保障行政部门负责），……).
    """
    if len(content) > MAX_BRACKET_CHARS:
        return False
    if _LABEL.match(content):
        return True
    if aliases is None or passing or not _UNIT_CHAR.search(content):
        return False
    only_units, has_role = _units_only(content, aliases)
    return only_units and (has_role or after_sentence)


_BRACKET_CHARS = re.compile(r"[（()）]")


def _bracket_pairs(text: str) -> list[list[int]]:
    """``[open, close]`` for every opening bracket, in order; close = len(text) when the
    bracket is left open. One pass with a stack (nesting respected)."""
    pairs: list[list[int]] = []
    stack: list[int] = []
    for m in _BRACKET_CHARS.finditer(text):
        if m[0] in "（(":
            stack.append(len(pairs))
            pairs.append([m.start(), len(text)])
        elif stack:
            pairs[stack.pop()][1] = m.start()
    meter.add(len(text))
    return pairs


def _char_before(text: str, i: int) -> str:
    """The last non-space character before ``i`` (within 8), "" at the start."""
    j = i - 1
    while j >= 0 and i - j <= 8 and text[j].isspace():
        j -= 1
    return text[j] if j >= 0 and not text[j].isspace() else ""


def _char_after(text: str, i: int) -> str:
    j = i
    while j < len(text) and j - i < 8 and text[j].isspace():
        j += 1
    return text[j] if j < len(text) and not text[j].isspace() else ""


def find_brackets(text: str, aliases: UnitAliases | None = None) -> list[tuple[int, int, str]]:
    """Responsibility brackets in ``text``: (start, end, content), nesting respected.

    A bracket left open at the end of the text is returned with ``end = len(text)``. With
    ``aliases``, a bracket holding only units also counts when it closes a sentence
    (……。（市商务局、市财政局）) or names a role (负责, 指导 ...). Linear: one pass pairs the
    brackets, and at most ``4 × len(text)`` characters of bracket content are read.
    """
    found: list[tuple[int, int, str]] = []
    pos = 0
    budget = 4 * len(text) + 4096
    for start, close in _bracket_pairs(text):
        if start < pos:
            continue                                  # inside a bracket already taken
        if close - start - 1 > MAX_BRACKET_CHARS:
            continue                                  # too long: brackets inside may still be
        budget -= close - start
        if budget < 0:
            break
        meter.add(close - start)
        content = text[start + 1:close]
        end = min(close + 1, len(text))
        before = _char_before(text, start)       # "" when only spaces come before
        after_sentence = start > 0 and (before == "" or before in _HEAD_BEFORE_BRACKET)
        nxt = _char_after(text, end)
        passing = (start > 0 and before != "" and before not in _HEAD_BEFORE_BRACKET
                   and nxt != "" and nxt not in _ENDS_SENTENCE and not nxt.isdigit())
        if _is_resp_bracket(content, aliases, after_sentence, passing):
            found.append((start, end, content))
            pos = end
    return found


_BRACKET_DEADLINE = re.compile(r"[（(]([^（）()]{2,24})[）)]")


def _deadline_after(text: str, end: int) -> str:
    """A deadline right after a responsibility bracket: （……）（2023 年 6 月底前完成）."""
    m = _BRACKET_DEADLINE.match(text[end:end + 30].lstrip())
    return find_deadline(m[1]) if m else ""


def _strip_numbering(text: str) -> tuple[str, str]:
    m = _NUMBERING.match(text)
    return (m.group(0).strip(), text[m.end():]) if m else ("", text)


def _support_tail(rest: str) -> str:
    """The supporting units after ……牵头: ``，市发展改革委、市教育局……为成员单位`` /
    ``……配合``; "" when the sentence names none. No backtracking: the first verb found."""
    if not rest or rest[0] not in "，,、":
        return ""
    body = rest[1:MAX_LIST_CHARS].lstrip()
    m = _SUPPORT_VERB.search(body)
    if not m or m.start() < 2:
        return ""
    units = body[:m.start()]
    if units[0] in "，,、" or "，，" in units or "、、" in units:
        return ""
    return units


def _task(block: Block, path: str, note: str, task_text: str, resp: Responsibility,
          source: str, conf: float, hint: str, default_year: int | None) -> Task:
    deadline_text = resp.deadline_text or hint
    return Task(id="", doc_id=block.doc_id, ordinal=0, text=task_text.strip().rstrip("，,；;"),
                section_path=path, lead=resp.lead, support=resp.support, units=resp.units,
                deadline_text=deadline_text, deadline=parse_deadline(deadline_text, default_year),
                note=note, source=source, confidence=conf, block_id=block.id, page=block.page)


def _open_bracket_wraps(text: str) -> bool:
    return text.count("（") > text.count("）") and "单位" in text[text.rfind("（"):]


def extract_text_tasks(blocks: list[Block], section_path: dict[str | None, str],
                       aliases: UnitAliases, default_year: int | None = None,
                       skip: set[str] | None = None,
                       heading_blocks: set[str] | None = None,
                       cancel: threading.Event | None = None) -> list[tuple[int, Task]]:
    """Tasks of one document's blocks (table rows in ``skip`` are left to the table pass).

    ``section_path`` maps a section id to its printed path (二、（三）); ``heading_blocks`` are
    the ids of heading blocks, whose numbering is already in that path. Returns
    ``(block ordinal, task)`` pairs; ids and ordinals are assigned by the caller. ``cancel``
    is checked before every block (raises :class:`core.errors.Cancelled`).
    """
    skip = skip or set()
    heading_blocks = heading_blocks or set()
    out: list[tuple[int, Task]] = []
    note = ""
    note_names: tuple[list[str], str] = ([], "")   # the units the note names, their role
    first_lead_below = False          # 列第一位者为牵头单位，下同
    i = 0
    while i < len(blocks):
        check_cancel(cancel)
        block = blocks[i]
        if block.id in skip or block.kind in ("table_row", "caption"):
            i += 1
            continue
        text = block.text[:MAX_BLOCK_CHARS]
        consumed = 0
        # An open bracket wraps onto the next blocks (a page break inside the bracket).
        while _open_bracket_wraps(text) and i + consumed + 1 < len(blocks) \
                and consumed < MAX_WRAP_BLOCKS and len(text) < MAX_BLOCK_CHARS:
            consumed += 1
            text = (text + blocks[i + consumed].text)[:MAX_BLOCK_CHARS]
        meter.add(len(text))
        m_note = find_note(text)
        path = section_path.get(block.section_id, "")
        numbering, body = _strip_numbering(text)
        if numbering and block.id not in heading_blocks:
            path += numbering
        offset = len(text) - len(body)

        def make(task_text: str, resp: Responsibility, source: str, conf: float,
                 hint: str = "", block: Block = block, path: str = path,
                 note: str = note, note_names: tuple = note_names) -> Task:
            names, role = note_names
            if names and resp:          # the note's units are responsible for it too
                resp.add("support" if role == "support" and resp.lead else "responsible",
                         [n for n in names if n not in resp.units])
            return _task(block, path, note, task_text, resp, source, conf, hint, default_year)

        brackets = [b for b in find_brackets(text, aliases) if b[0] >= offset]
        if brackets:
            prev = offset
            for start, end, content in brackets:
                resp = parse_responsibility(content, aliases)
                if resp.same_below:
                    first_lead_below = True
                elif first_lead_below:
                    resp.apply_first_lead()
                if not resp.deadline_text:
                    resp.deadline_text = _deadline_after(text, end)
                task_text = text[prev:start]
                if not task_text.strip() and i > 0:
                    task_text = _strip_numbering(blocks[i - 1].text[:MAX_BLOCK_CHARS])[1]
                prev = end
                if resp:
                    hint = find_deadline(task_text)
                    out.append((block.ordinal, make(task_text, resp, "inline", 1.0, hint)))
        else:
            duty = _DUTY.match(text)
            if duty and _is_unit_name(duty["unit"], aliases):
                resp = Responsibility()
                resp.add("responsible", [aliases.split(duty["unit"])[0]])
                out.append((block.ordinal, make(text[duty.end():], resp, "duty", 0.9)))
            else:
                for m in (_SENTENCE.finditer(body) if "牵头" in body else ()):
                    resp = Responsibility()
                    resp.add("lead", aliases.split(m["unit"])[:1])
                    sup = _support_tail(m["rest"])
                    if sup:
                        resp.add("support", [u for u in aliases.split(sup)
                                             if _is_unit(u, aliases)])
                    sentence = m.group(0).strip().lstrip("。；，")
                    if sup and block.kind == "list_item":
                        sentence = body       # a working group: the item names its duties
                    out.append((block.ordinal, make(sentence, resp, "sentence", 0.6,
                                                    find_deadline(sentence))))
        if m_note:              # a general note applies to the tasks after it
            note = m_note
            note_names = note_units(m_note, aliases)
        i += 1 + consumed
    return out


def _is_unit_name(name: str, aliases: UnitAliases) -> bool:
    """A duty list's 单位： prefix is a unit, not a heading word (（2）产业布局：……)."""
    return _is_unit(name.strip(), aliases)
