"""A crash mid-write loses nothing committed: a subprocess adds annotations in a loop and
reports each one after add_annotation returns; it is killed (SIGKILL) while still writing."""

from __future__ import annotations

import subprocess
import sys

from core.store import Library

from .conftest import ROOT, doc_with

CHILD = r"""
import sys
sys.path.insert(0, sys.argv[1])
from core.annotations import annotation_for_quote
from core.store import Library
lib = Library(sys.argv[2])
blocks = lib.blocks(sys.argv[3])
i = 0
while True:
    ann = annotation_for_quote(blocks, "再接再厉", note=f"批注 {i}", color="green")
    lib.add_annotation(ann)
    sys.stdout.write(f"{ann.id} {i}\n")
    sys.stdout.flush()
    i += 1
"""


def test_killed_writer_leaves_every_committed_annotation(lincheng):
    doc = doc_with(lincheng, "决定")
    path = lincheng.path
    lincheng.close()
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(ROOT), str(path), doc.id],
                             stdout=subprocess.PIPE, text=True)
    committed = {}
    try:
        for line in child.stdout:
            ann_id, n = line.split()
            committed[ann_id] = int(n)
            if len(committed) == 60:
                break
        child.kill()                         # SIGKILL while it is writing the next ones
    finally:
        child.wait()
        child.stdout.close()
    assert child.returncode != 0 and len(committed) == 60
    with Library(path) as lib:
        assert lib.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {a.id: a for a in lib.annotations(doc.id)}
        for ann_id, n in committed.items():
            assert stored[ann_id].note == f"批注 {n}" and stored[ann_id].quote == "再接再厉"
        assert len(stored) >= 60
