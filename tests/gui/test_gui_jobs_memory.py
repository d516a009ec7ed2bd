"""A finished job keeps nothing of its work: whoever still holds it (a panel's last job)
must not keep its payload — the search panel's results (~200 KB a search) piled up in the jobs
PySide kept alive when they were QRunnables (found by the soak; the jobs themselves are freed
now, see test_gui_session_memory.py)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


def test_a_finished_job_drops_its_result_and_function(qapp, qtbot, tmp_path):
    from gui.jobs import JobRunner
    from gui.ops import run_op

    runner = JobRunner(tmp_path / "library.sqlite", tmp_path / "index")
    got = []
    big = list(range(100_000))
    job = run_op(runner, lambda wctx, progress, cancel: big, "检索", pool="reader",
                 on_success=got.append)
    qtbot.waitUntil(lambda: bool(got) and job not in runner._alive, timeout=30000)
    assert got[0] is big                      # delivered to the handler
    assert job.result is None and job.fn is None
    runner.wait()
    runner.deleteLater()
