"""Responsibility lists (责任分工) in running text: inline brackets, duty lists, sentences.

Forms recognised, each on the blocks of one document:

* inline after a task: （责任单位：市商务局、市财政局）, （牵头单位：……；配合单位：……）,
  （市工业和信息化局牵头，市财政局配合）, with nested brackets and a 完成时限 inside;
* duty lists: ``1．市委宣传部：负责……`` (source ``duty``);
* sentences ``市发展和改革委员会牵头推进……`` (source ``sentence``, confidence 0.6);
* general notes (以下各项任务……均负有落实责任，不再逐项列明) recorded on the tasks after them.

Table columns (责任单位 ...) are handled in :mod:`core.extract.tables`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Block, Task
from .deadlines import find_deadline, parse_deadline
from .units import UnitAliases, looks_like_unit, split_outside

LEAD_LABELS = ("牵头单位", "牵头部门", "主办单位", "牵头")
SUPPORT_LABELS = ("配合单位", "配合部门", "协办单位", "参与单位", "协同单位", "配合")
RESP_LABELS = ("责任单位", "责任部门", "责任主体", "实施单位", "承办单位", "起草单位",
               "负责单位", "主责单位", "落实单位")
DEADLINE_LABELS = ("完成时限", "完成时间", "完成期限", "时间节点", "时间要求", "时限", "时间")
_ALL_LABELS = sorted(LEAD_LABELS + SUPPORT_LABELS + RESP_LABELS + DEADLINE_LABELS,
                     key=len, reverse=True)
_LABEL = re.compile(r"^\s*(" + "|".join(_ALL_LABELS) + r")\s*[:：]\s*")
_LEAD_SUPPORT = re.compile(r"^(?P<lead>.+?)牵头(?:负责)?(?:[，,、；;]\s*(?P<support>.+?)"
                           r"(?:配合|参与|协同|按职责分工负责|按职责负责)?)?$")
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十]+[）)]|"
                        r"第[一二三四五六七八九十百零〇]+条(?=\s)|"
                        r"\d+(?:[．.]\d+)*[．.、]|[（(]\d+[）)]|[①-⑳])\s*")
_DUTY = re.compile(r"^\s*(?:\d+\s*[．.、]|[（(]\d+[）)])\s*(?P<unit>[^：:，。；]{2,30}?)[：:]\s*"
                   r"(?P<text>.+)$", re.S)
_SENTENCE = re.compile(r"(?:^|(?<=[。；，：]))\s*(?P<unit>[市县区省][^，。；：、\s]{1,24}?"
                       r"(?:委员会|办公室|局|委|办|中心|政府|部|厅))(?:要|负责)?牵头"
                       r"(?P<rest>[^。；]{4,})[。；]?")
_SUPPORT_TAIL = re.compile(r"^[，,、]\s*(?P<units>[^，,。；]{2,}(?:[、，,][^，,。；]+)*?)"
                           r"(?:等(?:有关|相关)?(?:单位|部门))?(?:组成|配合|参与|参加|协同|协助)")
_NOTE_KEY = re.compile(r"不再(?:逐项|一一)?列[明出举]|均负有[^。；]*责任")


def find_note(text: str) -> str:
    """A general note (……均负有落实责任，不再逐项列明) in ``text``: its sentence, or ""."""
    m = _NOTE_KEY.search(text)
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
    return text[start:end].strip()


@dataclass
class Responsibility:
    """What a bracket or a cell says about who does a task and by when."""

    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    deadline_text: str = ""

    def add(self, role: str, names: list[str]) -> None:
        target = {"lead": self.lead, "support": self.support}.get(role)
        for name in names:
            if target is not None and name not in target:
                target.append(name)
            if name not in self.units:
                self.units.append(name)

    def __bool__(self) -> bool:
        return bool(self.units)


def _units_in(text: str, aliases: UnitAliases, resp: Responsibility) -> list[str]:
    """Units of a list; a deadline found among the pieces goes to ``resp``."""
    names = []
    pieces = aliases.split(text)
    if len(text.split()) > 1 and not all(looks_like_unit(p) or aliases.is_known(p)
                                         for p in pieces):
        pieces = [p for chunk in text.split() for p in aliases.split(chunk)]
    for piece in pieces:
        if not resp.deadline_text and find_deadline(piece) and not looks_like_unit(piece):
            resp.deadline_text = find_deadline(piece)
        elif looks_like_unit(piece) or aliases.is_known(piece):
            names.append(piece)
    return names


# A label after a space or a comma starts a new part: （责任单位：市城市管理局，完成时限：2025 年底）.
_NEXT_LABEL = re.compile(r"\s*[，,]\s*(?=(?:" + "|".join(_ALL_LABELS) + r")\s*[:：])"
                         r"|\s+(?=(?:" + "|".join(_ALL_LABELS) + r")\s*[:：])")
_DUTY_TAIL = re.compile(r"(?:按(?:照)?职责(?:分工)?)?(?:分别)?负责(?:落实)?$|按职责分工落实$")


def parse_responsibility(content: str, aliases: UnitAliases) -> Responsibility:
    """Parse the inside of a responsibility bracket or a 责任单位 cell."""
    resp = Responsibility()
    parts = [p for part in split_outside(content, "；;。") for p in _NEXT_LABEL.split(part)]
    if parts and not any(_LABEL.match(p) or "牵头" in p for p in parts):
        # （市商务局、市财政局按职责分工负责）: a plain list of units.
        for part in parts:
            if find_deadline(part) and not resp.deadline_text:
                resp.deadline_text = find_deadline(part)
            else:
                resp.add("responsible", _units_in(_DUTY_TAIL.sub("", part), aliases, resp))
        return resp
    for part in parts:
        m = _LABEL.match(part)
        if m:
            label, value = m[1], part[m.end():]
            if label in DEADLINE_LABELS:
                resp.deadline_text = resp.deadline_text or value.strip()
                continue
            ls = _LEAD_SUPPORT.match(value) if "牵头" in value else None
            if ls and label in RESP_LABELS:
                resp.add("lead", _units_in(ls["lead"], aliases, resp))
                resp.add("support", _units_in(ls["support"] or "", aliases, resp))
                continue
            role = ("lead" if label in LEAD_LABELS else
                    "support" if label in SUPPORT_LABELS else "responsible")
            resp.add(role, _units_in(value, aliases, resp))
            continue
        ls = _LEAD_SUPPORT.match(part) if "牵头" in part else None
        if ls:
            resp.add("lead", _units_in(ls["lead"], aliases, resp))
            resp.add("support", _units_in(ls["support"] or "", aliases, resp))
        elif find_deadline(part) and not resp.deadline_text:
            resp.deadline_text = find_deadline(part)
    return resp


def _units_only(content: str, aliases: UnitAliases) -> bool:
    """True when a bracket holds nothing but units (and maybe a deadline)."""
    parts = split_outside(_DUTY_TAIL.sub("", content.strip()), "；;")
    names = [n for p in parts if not find_deadline(p) for n in aliases.split(p)]
    return bool(names) and all(looks_like_unit(n) or aliases.is_known(n) for n in names)


def _is_resp_bracket(content: str, aliases: UnitAliases | None = None,
                     after_sentence: bool = False) -> bool:
    if _LABEL.match(content):
        return True
    if aliases is not None and (after_sentence or _DUTY_TAIL.search(content)) \
            and _units_only(content, aliases):
        return True
    head = content.split("，")[0].split(",")[0]
    return bool(re.match(r"^[^（）()]{2,40}?牵头", head)) and looks_like_unit(
        re.sub(r"牵头.*", "", head).split("、")[0])


def find_brackets(text: str, aliases: UnitAliases | None = None) -> list[tuple[int, int, str]]:
    """Responsibility brackets in ``text``: (start, end, content), nesting respected.

    A bracket left open at the end of the text is returned with ``end = len(text)``. With
    ``aliases``, a bracket holding only units also counts when it closes a sentence
    (……。（市商务局、市财政局）) or ends with 负责.
    """
    found, i = [], 0
    while True:
        start = min((p for p in (text.find("（", i), text.find("(", i)) if p >= 0), default=-1)
        if start < 0:
            return found
        depth, j = 0, start
        while j < len(text):
            depth += text[j] in "（("
            depth -= text[j] in "）)"
            if depth == 0:
                break
            j += 1
        content = text[start + 1:j]
        after = text[:start].rstrip()[-1:] in ("。", "；", ";", "") and start > 0
        if _is_resp_bracket(content, aliases, after):
            found.append((start, min(j + 1, len(text)), content))
            i = j + 1
        else:
            i = start + 1


def _deadline_after(text: str, end: int) -> str:
    """A deadline right after a responsibility bracket: （……）（2023 年 6 月底前完成）."""
    rest = text[end:end + 30].lstrip()
    m = re.match(r"[（(]([^（）()]{2,24})[）)]", rest)
    return find_deadline(m[1]) if m else ""


def _strip_numbering(text: str) -> tuple[str, str]:
    m = _NUMBERING.match(text)
    return (m.group(0).strip(), text[m.end():]) if m else ("", text)


def _task(block: Block, path: str, note: str, task_text: str, resp: Responsibility,
          source: str, conf: float, hint: str, default_year: int | None) -> Task:
    deadline_text = resp.deadline_text or hint
    return Task(id="", doc_id=block.doc_id, ordinal=0, text=task_text.strip().rstrip("，,；;"),
                section_path=path, lead=resp.lead, support=resp.support, units=resp.units,
                deadline_text=deadline_text, deadline=parse_deadline(deadline_text, default_year),
                note=note, source=source, confidence=conf, block_id=block.id, page=block.page)


def extract_text_tasks(blocks: list[Block], section_path: dict[str | None, str],
                       aliases: UnitAliases, default_year: int | None = None,
                       skip: set[str] | None = None,
                       heading_blocks: set[str] | None = None) -> list[tuple[int, Task]]:
    """Tasks of one document's blocks (table rows in ``skip`` are left to the table pass).

    ``section_path`` maps a section id to its printed path (二、（三）); ``heading_blocks`` are
    the ids of heading blocks, whose numbering is already in that path. Returns
    ``(block ordinal, task)`` pairs; ids and ordinals are assigned by the caller.
    """
    skip = skip or set()
    heading_blocks = heading_blocks or set()
    out: list[tuple[int, Task]] = []
    note = ""
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.id in skip or block.kind in ("table_row", "caption"):
            i += 1
            continue
        text = block.text
        consumed = 0
        # An open bracket wraps onto the next blocks (a page break inside the bracket).
        while text.count("（") > text.count("）") and i + consumed + 1 < len(blocks) \
                and consumed < 3 and "单位" in text[text.rfind("（"):]:
            consumed += 1
            text += blocks[i + consumed].text
        m_note = find_note(text)
        path = section_path.get(block.section_id, "")
        numbering, body = _strip_numbering(text)
        if numbering and block.id not in heading_blocks:
            path += numbering
        offset = len(text) - len(body)

        def make(task_text: str, resp: Responsibility, source: str, conf: float,
                 hint: str = "", block: Block = block, path: str = path,
                 note: str = note) -> Task:
            return _task(block, path, note, task_text, resp, source, conf, hint, default_year)

        brackets = [b for b in find_brackets(text, aliases) if b[0] >= offset]
        if brackets:
            prev = offset
            for start, end, content in brackets:
                resp = parse_responsibility(content, aliases)
                if not resp.deadline_text:
                    resp.deadline_text = _deadline_after(text, end)
                task_text = text[prev:start]
                if not task_text.strip() and i > 0:
                    task_text = _strip_numbering(blocks[i - 1].text)[1]
                prev = end
                if resp:
                    hint = find_deadline(task_text)
                    out.append((block.ordinal, make(task_text, resp, "inline", 1.0, hint)))
        else:
            duty = _DUTY.match(text)
            if duty and looks_like_unit(duty["unit"]):
                resp = Responsibility()
                resp.add("responsible", [aliases.split(duty["unit"])[0]])
                out.append((block.ordinal, make(duty["text"], resp, "duty", 0.9)))
            else:
                for m in _SENTENCE.finditer(body):
                    resp = Responsibility()
                    resp.add("lead", aliases.split(m["unit"])[:1])
                    sup = _SUPPORT_TAIL.match(m["rest"])
                    if sup:
                        resp.add("support", [u for u in aliases.split(sup["units"])
                                             if looks_like_unit(u) or aliases.is_known(u)])
                    sentence = m.group(0).strip().lstrip("。；，")
                    if sup and block.kind == "list_item":
                        sentence = body       # a working group: the item names its duties
                    out.append((block.ordinal, make(sentence, resp, "sentence", 0.6,
                                                    find_deadline(sentence))))
        if m_note:              # a general note applies to the tasks after it
            note = m_note
        i += 1 + consumed
    return out
