"""The window refuses to start on a damaged library or a bad --data with one message."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("case", ["junk", "empty", "bad-data"])
def test_window_says_why_it_cannot_open(gui_app, tmp_path, monkeypatch, case):
    import gui.app as app

    said = []
    monkeypatch.setattr(app, "refuse_to_start", said.append)
    monkeypatch.setattr("gui.safety.check_binding", lambda: None)
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / "library.sqlite"
    if case == "junk":
        db.write_bytes(b"not a database" * 100)
    elif case == "empty":
        db.write_bytes(b"")
    data = "" if case == "bad-data" else str(folder)
    before = db.read_bytes() if db.exists() else None
    assert app.run_app(data=data) == 1
    assert len(said) == 1 and ("备份" in said[0] or "--data" in said[0]), said
    assert (db.read_bytes() if db.exists() else None) == before
