"""``main.py search --exact-count``: totals counted exactly when a page only estimates them."""

from __future__ import annotations

import json

import index.search as search_module
import main


def run(capsys, *argv):
    code = main.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_exact_count_replaces_the_estimate(small_library, data_dir, capsys, monkeypatch):
    monkeypatch.setattr(search_module, "EXACT_BUDGET", 0)     # pages estimate their totals
    whole = json.loads(run(capsys, "search", "发展", "--data", str(data_dir), "--json",
                           "--limit", "100")[1])
    assert whole["total_exact"] and whole["total_docs"] == 2
    code, out, _ = run(capsys, "search", "发展", "--limit", "1", "--data", str(data_dir))
    assert code == 0 and "约" in out
    code, out, err = run(capsys, "search", "发展", "--limit", "1", "--exact-count",
                         "--data", str(data_dir), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["total_exact"] is True
    assert (data["total_docs"], data["total_hits"]) == (whole["total_docs"], whole["total_hits"])
    assert len(data["documents"]) == 1
    code, out, _ = run(capsys, "search", "发展", "--limit", "1", "--exact-count",
                       "--data", str(data_dir))
    assert f"共 {whole['total_docs']} 个文件、{whole['total_hits']} 段命中" in out
