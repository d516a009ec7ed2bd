"""The window fits the screen it opens on: its first size (1366×768) or a size saved on a
bigger screen is shrunk into a 1280×720 screen, so the status bar and the dock tabs show."""

from __future__ import annotations

from PySide6.QtCore import QRect

from gui.app import fit_to_screen


def test_window_is_shrunk_and_moved_into_a_small_screen(make_window):
    win = make_window()
    win.resize(1366, 768)
    win.move(200, 150)
    screen = QRect(0, 0, 1280, 720)
    fit_to_screen(win, screen)
    assert win.width() <= 1280 and win.height() <= 720
    assert screen.contains(win.frameGeometry())
    assert win.statusBar().isVisible()


def test_window_that_fits_is_left_alone(make_window):
    win = make_window()
    win.resize(900, 600)
    win.move(10, 20)
    before = win.frameGeometry()
    fit_to_screen(win, QRect(0, 0, 1920, 1080))
    assert win.frameGeometry() == before
