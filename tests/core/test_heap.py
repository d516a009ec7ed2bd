"""core.heap: the long-lived objects are frozen once per process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_freeze_long_lived_freezes_the_objects_alive_once():
    code = ("import gc; from core.heap import freeze_long_lived as freeze; "
            "before = gc.get_freeze_count(); first = freeze(); alive = gc.get_freeze_count(); "
            "later = [[] for _ in range(100)]; second = freeze(); "
            "print(before, first, alive > 1000, second, gc.get_freeze_count() == alive)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.split() == ["0", "True", "True", "False", "True"], out.stderr


def test_objects_made_after_the_freeze_are_still_collected():
    code = """
import gc, weakref
from core.heap import freeze_long_lived
freeze_long_lived()

class Node:
    pass

a, b = Node(), Node()
a.other, b.other = b, a          # a cycle: only the collector frees it
gone = weakref.ref(a)
del a, b
gc.collect()
print(gone() is None)
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "True", out.stderr
