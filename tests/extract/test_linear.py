"""Responsibility extraction stays linear on hostile input (issue 13, items 1 and 2).

Two kinds of evidence, neither a clock:

* every regular expression of core/extract/tasks.py, units.py and deadlines.py is read with
  Python's own regex parser: no repeat nested in an open-ended repeat (the shape that
  backtracks exponentially), no open-ended repeat at all except ``\\s+`` alone;
* the extractors run on pathological inputs of two sizes, and the work they report through
  :data:`core.extract.limits.meter` (characters examined) grows in proportion to the input.
"""

from __future__ import annotations

import re
import re._constants as C
import re._parser as P
import threading

import pytest

from core.errors import Cancelled
from core.extract import deadlines as deadlines_mod
from core.extract import extract_document, limits
from core.extract import tasks as tasks_mod
from core.extract import units as units_mod
from core.extract.deadlines import find_deadline, parse_deadline
from core.extract.limits import meter
from core.extract.tasks import extract_text_tasks, find_brackets, parse_responsibility
from core.extract.units import UnitAliases, default_aliases, looks_like_unit
from core.model import Block

MODULES = (tasks_mod, units_mod, deadlines_mod)
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)


def _repeats(tree, outer_max=1):
    """(min, max, body, max of the enclosing repeats) for every repeat of a parsed pattern."""
    for op, av in tree:
        if op in _REPEATS:
            lo, hi, body = av
            yield lo, hi, body, outer_max
            yield from _repeats(body, max(outer_max, hi))
        elif op is C.SUBPATTERN:
            yield from _repeats(av[3], outer_max)
        elif op is C.BRANCH:
            for branch in av[1]:
                yield from _repeats(branch, outer_max)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            yield from _repeats(av[1], outer_max)
        elif op is C.ATOMIC_GROUP:
            yield from _repeats(av, outer_max)


def problems(pattern: re.Pattern) -> list[str]:
    """Why ``pattern`` could take more than linear time on document text ([] when it cannot)."""
    tree = P.parse(pattern.pattern, pattern.flags)
    found = []
    single_class = len(tree) == 1 and tree[0][0] in _REPEATS and len(tree[0][1][2]) == 1 \
        and tree[0][1][2][0][0] in (C.IN, C.CATEGORY, C.LITERAL, C.NOT_LITERAL)
    for _lo, hi, _body, outer in _repeats(tree):
        if outer > 1 and hi > 1 and (outer == C.MAXREPEAT or outer > 8):
            found.append("a repeat inside an open-ended repeat")
        if hi == C.MAXREPEAT and not single_class:
            found.append("an open-ended repeat")
    return found


def _patterns():
    for mod in MODULES:
        for name, value in vars(mod).items():
            if isinstance(value, re.Pattern):
                yield f"{mod.__name__.rsplit('.', 1)[1]}.{name}", value


@pytest.mark.parametrize(("name", "pattern"), list(_patterns()))
def test_every_pattern_is_linear(name, pattern):
    assert problems(pattern) == [], name


def test_the_checker_catches_the_old_patterns():
    """The shapes of issue 13 are caught: the old support tail (exponential) and the old
    lead/support split (two open-ended repeats)."""
    old_support = re.compile(r"^[，,、]\s*(?P<units>[^，,。；]{2,}(?:[、，,][^，,。；]+)*?)"
                             r"(?:等(?:有关|相关)?(?:单位|部门))?(?:组成|配合|参与)")
    old_lead = re.compile(r"^(?P<lead>.+?)牵头(?:负责)?(?:[，,、；;]\s*(?P<support>.+?))?$")
    assert "a repeat inside an open-ended repeat" in problems(old_support)
    assert "an open-ended repeat" in problems(old_lead)
    assert problems(re.compile(r"\s+")) == []


def test_no_inline_regex_calls_in_the_extractors():
    """Patterns on document text are compiled at module level, where the test above sees them."""
    inline = re.compile(r"\bre\.(?:search|match|fullmatch|sub|subn|split|finditer|findall)\(")
    for mod in MODULES:
        source = open(mod.__file__, encoding="utf-8").read()
        assert not inline.search(source), mod.__name__


def _work(fn, *args) -> int:
    meter.reset()
    fn(*args)
    return meter.reset()


def assert_linear(fn, make, n: int, factor: int = 4) -> None:
    """The work for an input ``factor`` times larger is at most ``factor`` × (1.25) as much."""
    small, large = _work(fn, make(n)), _work(fn, make(n * factor))
    assert small > 0
    assert large <= small * factor * 1.25, (small, large)


ALIASES = default_aliases()
_STEMS = "甲乙丙丁戊己庚辛壬癸"
UNITS = [f"市{c}{a}{b}委员会办公室" for c in "东西" for a in _STEMS for b in _STEMS]


def _member_sentence(n: int) -> str:
    return "市政府办公室牵头，" + "、".join(UNITS[:n]) + "为成员单位。"


def _doc_blocks(text: str) -> list[Block]:
    return [Block(id="d-b0001", doc_id="d", ordinal=1, kind="paragraph", text=text,
                  section_id=None, page=1)]


def _tasks(text: str):
    return extract_text_tasks(_doc_blocks(text), {None: ""}, ALIASES, 2023)


def test_member_list_of_100_units_is_read_in_one_pass():
    """市政府办公室牵头，市发展改革委、……（N 个单位）为成员单位。 — exponential before."""
    [(_, task)] = _tasks(_member_sentence(100))
    assert task.lead == ["市政府办公室"]
    assert task.support == UNITS[:100]
    assert_linear(_tasks, _member_sentence, 25)


def test_100_unit_bracket():
    content = "责任单位：" + "、".join(UNITS[:100])
    assert parse_responsibility(content, ALIASES).units == UNITS[:100]
    unlabelled = "（" + "、".join(UNITS[:40]) + "负责）"
    [(_, task)] = _tasks("推进各项工作。" + unlabelled)
    assert task.units == UNITS[:40]
    assert_linear(_tasks, lambda n: "推进工作。（" + "、".join(UNITS[:n]) + "负责）", 10)


@pytest.mark.parametrize("unit", ["（", "(", "（（）", "（a）", "（市财政局负责）。", "。（"])
def test_100000_brackets(unit):
    """Quadratic before: 10,000 （ took 30 s, 100,000 did not finish in 300 s."""
    n = 50_000 if "负责" in unit else 100_000        # 50,000 real tasks are enough there
    meter.reset()
    find_brackets(unit * (n // 10), ALIASES)
    small = meter.reset()
    found = find_brackets(unit * n, ALIASES)
    large = meter.reset()
    assert 0 < large <= small * 10 * 1.25, (small, large)
    assert len(found) == (n if "负责" in unit else 0)


@pytest.mark.parametrize("run", ["、", "，", "：", "（", "1", "（1、", "市局、", "2023年", "年月日至",
                                 "牵头，", "负责）", " ", "以下均需"])
def test_runs_of_separators_and_digits(run):
    """Each extractor on long runs of one pattern: same work per character at any length."""
    assert_linear(_tasks, lambda n: run * n, 2_000)
    assert_linear(find_deadline, lambda n: run * n, 2_000)
    assert_linear(ALIASES.split, lambda n: run * n, 50)
    parse_deadline(run * 10_000, 2023)
    looks_like_unit(run * 10_000)
    find_brackets(run * 100_000, ALIASES)


def test_size_guards():
    """Oversized pieces are not read as names, brackets or lists."""
    assert not looks_like_unit("市" + "财政" * 20 + "局")
    big = "（责任单位：" + "市财政局、" * (limits.MAX_BRACKET_CHARS // 5) + "）"
    assert find_brackets("推进工作。" + big, ALIASES) == []
    many = "、".join(UNITS[:200])
    assert len(ALIASES.split(many)) <= limits.MAX_LIST_PIECES
    table = UnitAliases.parse("市大数据局 = *市数据局\n")
    assert not table.is_known("市" * 100 + "数据局")


class CountingEvent(threading.Event):
    """An event that is set after ``after`` looks: counts how far the work went."""

    def __init__(self, after: int) -> None:
        super().__init__()
        self.after, self.looks = after, 0

    def is_set(self) -> bool:
        self.looks += 1
        return self.looks > self.after


def test_cancel_is_checked_between_blocks():
    blocks = [Block(id=f"d-b{n:04d}", doc_id="d", ordinal=n, kind="paragraph",
                    text=f"{n}．推进工作。（市财政局负责）", section_id=None, page=1)
              for n in range(1, 1001)]
    event = CountingEvent(after=10)
    with pytest.raises(Cancelled):
        extract_document("d", blocks, [], cancel=event)
    assert event.looks == 11          # stopped at the 11th block, nothing read after it


def test_cancel_reaches_the_extraction_of_an_import():
    from core.importer import parse_text
    from tests.fixtures.gazettes import GUOWUYUAN, render

    text = render(GUOWUYUAN, header="国务院公报 2024 年第 3 号")
    event = threading.Event()
    parsed = parse_text(text, source_name="a.txt", sha256="0" * 64, cancel=event)
    assert parsed.documents
    seen = []

    def progress(done, total, stage):
        if stage == "提取表格与分工":
            event.set()
            seen.append(stage)
    with pytest.raises(Cancelled):
        parse_text(text, source_name="a.txt", sha256="0" * 64, cancel=event, progress=progress)
    assert seen
