"""What a clerk stumbled on in a working session in a real window (1280×720 and 150 %)."""

from __future__ import annotations

from conftest_gui import import_and_wait


def test_a_document_opens_at_its_top_after_another_was_scrolled(make_window, qtbot,
                                                                lincheng_files):
    """A document opened after another one had been read further down showed its first line
    (the 效力 badge, the gazette, the pages) cut by the tab bar: QTextEdit kept its cursor
    line just in view, 26 px down (the page's margin)."""
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files)
    first, second = win.ctx.library.documents()[:2]
    win.open_document(first.id)
    bar = win.reader.verticalScrollBar()
    win.reader.resize(win.reader.width(), 200)      # room to scroll in the short fixture
    qtbot.waitUntil(lambda: bar.maximum() > 100)
    bar.setValue(bar.maximum())
    win.open_document(second.id)
    assert bar.value() == 0
    win.open_document(first.id, block_id=win.ctx.library.blocks(first.id)[-1].id)
    assert bar.value() > 0                          # a jump still goes where it was asked
