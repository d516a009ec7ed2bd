"""文件 → 备份资料库… / 检查资料库 in the window."""

from __future__ import annotations

from conftest_gui import import_and_wait

from core.store import Library


def test_backup_and_check_from_the_file_menu(make_window, qtbot, lincheng_files, tmp_path):
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    from PySide6.QtWidgets import QMenu

    file_menu = next(m for m in win.findChildren(QMenu) if m.title().startswith("文件"))
    texts = [a.text() for a in file_menu.actions()]
    assert "备份资料库…" in texts and "检查资料库" in texts
    shown = []
    win.maintenance.show = lambda title, text, ok: shown.append((title, text, ok))
    target = tmp_path / "backup.sqlite"
    job = win.maintenance.backup(str(target))
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=60000)
    assert shown[-1][0] == "备份资料库" and shown[-1][2] and job.error is None
    with Library(target) as copy:
        assert copy.stats().issues == 1
    win.maintenance.check()
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=60000)
    title, text, _ok = shown[-1]
    assert title == "检查资料库" and "完好" in text
    # a FIFO as target: the export writer's message, nothing written
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    win.maintenance.backup(str(fifo))
    qtbot.waitUntil(lambda: len(shown) == 3, timeout=60000)
    assert shown[-1][0] == "备份失败" and "管道" in shown[-1][1] and not shown[-1][2]
