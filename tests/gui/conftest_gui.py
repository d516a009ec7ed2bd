"""GUI fixtures: a main window on a temporary data folder, settings in a temp file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.gazettes import LINCHENG, render

pytest.importorskip("PySide6")

SIZE = (1366, 768)


@pytest.fixture
def gui_app(qapp):
    """The QApplication with the app's font and style sheet; returns the reading font."""
    from gui.app import make_app

    _app, reading = make_app()
    return reading


@pytest.fixture
def make_window(gui_app, qtbot, data_dir: Path, tmp_path: Path):
    """``make_window()`` -> a shown MainWindow on ``data_dir`` (call again = a restart)."""
    from gui.app import create_window

    made = []

    def make(restore: bool = False):
        win = create_window(data_dir, tmp_path / "settings.ini", gui_app)
        win.importer.show_summary = lambda text: setattr(win, "last_summary", text)
        win.importer.ask_replace = lambda dups: []
        qtbot.addWidget(win)
        win.resize(*SIZE)
        with qtbot.waitActive(win, timeout=30000):
            win.show()
            win.activateWindow()
        if restore:
            win.restore_state()         # as run_app(): right after show()
        made.append(win)
        return win

    yield make
    for win in made:
        win.close()
        win.ctx.close()        # waits for the jobs; frees the runner on this thread


@pytest.fixture
def lincheng_files(tmp_path: Path) -> list[Path]:
    """Two issues of an imaginary city's gazette (4th and 5th issue, same documents)."""
    out = []
    for n in (4, 5):
        p = tmp_path / f"lincheng-2024-{n}.txt"
        p.write_text(render(LINCHENG, header=f"临城市人民政府公报（2024 年第 {n} 期）"),
                     encoding="utf-8")
        out.append(p)
    return out


def import_and_wait(qtbot, win, paths, timeout: int = 60000) -> list:
    """Import through the window's own controller and wait for its summary."""
    with qtbot.waitSignal(win.importer.finished, timeout=timeout) as blocker:
        win.importer.start(paths)
    if not win.isActiveWindow():       # the progress dialog had the focus
        with qtbot.waitActive(win, timeout=30000):
            win.activateWindow()
    return blocker.args[0]


def wait_index(qtbot, win, timeout: int = 120000) -> None:
    """Check (and rebuild) the index through the window's own job; wait until it is done."""
    win.check_index()
    qtbot.waitUntil(lambda: win.index_job is None, timeout=timeout)


def shot(win, output_dir: Path, name: str) -> Path:
    folder = output_dir / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    from PySide6.QtWidgets import QApplication

    tables = getattr(win, "tables", None)       # the 表格 panel fits its grid in slices
    for _ in range(200):
        if tables is None or not tables.isVisible() or not tables.fitting():
            break
        QApplication.processEvents()
    assert win.grab().save(str(path))
    return path


def settle(qtbot, win, timeout: int = 30000) -> None:
    """Wait until every annotation change made in ``win`` is stored (serial pool)."""
    qtbot.waitUntil(lambda: win.annotator.pending == 0, timeout=timeout)
