"""Size guards and a work meter for the extraction of responsibility lists.

Every step reads at most a fixed amount of text, so no input, however hostile, makes it
slow: a paragraph is read for tasks up to ``MAX_BLOCK_CHARS``, a bracket is a responsibility
bracket only when its content is at most ``MAX_BRACKET_CHARS`` long, a printed list of units
is split up to ``MAX_LIST_CHARS``, a unit name is at most ``MAX_NAME_CHARS``, a deadline is
read from at most ``MAX_DEADLINE_CHARS``. The regular expressions of core/extract/tasks.py,
units.py and deadlines.py have no nested quantifiers, and those that scan a paragraph have
only bounded ones (tests/extract/test_linear.py checks both).

:data:`meter` counts the characters the scanners examine; tests compare its growth across
input sizes (linear work, measured without a clock).
"""

from __future__ import annotations

MAX_BLOCK_CHARS = 20_000      # one paragraph (with up to 3 continuation blocks) read for tasks
MAX_BRACKET_CHARS = 800       # the content of a responsibility bracket
MAX_LIST_CHARS = 2_000        # a printed list of units
MAX_LIST_PIECES = 200         # units in one list
MAX_NAME_CHARS = 32           # one unit name
MAX_DEADLINE_CHARS = 200      # a printed deadline
MAX_WRAP_BLOCKS = 3           # blocks an open bracket may wrap onto


class Meter:
    """Characters examined by the extraction scanners (a counter, not a clock)."""

    __slots__ = ("steps",)

    def __init__(self) -> None:
        self.steps = 0

    def add(self, n: int) -> None:
        self.steps += n

    def reset(self) -> int:
        steps, self.steps = self.steps, 0
        return steps


meter = Meter()
