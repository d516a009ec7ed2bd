"""A library whose folder cannot be written and holds no search index: the window builds the
index in the user's cache folder (progress in the status bar, which says the library is
read-only) and searches it; nothing is written into the data folder. The "not writable"
decision is injected (tests run as root)."""

from __future__ import annotations

import shutil
import sqlite3

from conftest_gui import import_and_wait, wait_index

import core.store.library as library
import service.index_place as index_place_module


def test_read_only_folder_without_index_is_searched(make_window, qtbot, lincheng_files,
                                                     data_dir, tmp_path, monkeypatch):
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    wait_index(qtbot, win)
    win.close()
    win.ctx.close()
    shutil.rmtree(data_dir / "index")                      # copied onto a CD without it
    (data_dir / "index.lock").unlink(missing_ok=True)
    before = sorted(p.name for p in data_dir.iterdir()
                    if not p.name.endswith(("-shm", "-wal")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    def readonly(self):                 # the read-write open fails as on a read-only disk
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(library.LibraryBase, "_migrate", readonly)
    monkeypatch.setattr(index_place_module, "data_folder_writable", lambda folder: False)
    win = make_window()
    assert win.ctx.library.read_only and "只读" in win.read_only_label.text()
    win.statusBar().showMessage("另一条消息")     # the notice stays, beside the message
    assert win.read_only_label.isVisible()
    shown = []
    progress = win._index_progress            # connected when the job starts: record it

    def record(done, total, stage):
        progress(done, total, stage)
        shown.append(win.index_label.text())

    win._index_progress = record
    wait_index(qtbot, win)
    assert shown and all("本机缓存" in t and "资料库只读" in t for t in shown)
    assert any(t.startswith("正在本机缓存中建立检索索引 100%") for t in shown)
    label = win.index_label.text()
    assert "检索索引已重建" in label and "资料库只读，索引在本机缓存" in label
    cache = tmp_path / "cache" / "GazetteReader" / "indexes"
    (entry,) = cache.iterdir()
    assert win.ctx.index_dir == entry / "index" == win.ctx.jobs.index_dir
    with qtbot.waitSignal(win.search.searched, timeout=60000) as got:
        win.search.run_search("数字经济")
    assert got.args[0].total_hits > 0
    after = sorted(p.name for p in data_dir.iterdir() if not p.name.endswith(("-shm", "-wal")))
    assert after == before and not (data_dir / "index").exists()
