"""Annotations in the window: select → highlight → note → panel → painted → undo / redo →
export through the dialog's worker → print; 全部 mode; restart; 未能定位."""

from __future__ import annotations

from conftest_gui import import_and_wait, settle
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from core.annotations import color_hex
from gui.models.library_tree import COUNT_ROLE

NOTE = "我局牵头，6月底前报送"
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def plan_doc(win):
    return next(d for d in win.ctx.library.documents() if "数字经济" in d.title)


def select(win, quote: str, nth: int = 0) -> tuple[int, int]:
    """Select ``quote`` in the reader (found in the stored blocks); returns (start, end)."""
    reader = win.reader
    found = [(b, i) for b in reader.data.blocks if b.kind != "table_row"
             for i in _all(b.text, quote)]
    block, i = found[nth]
    start = reader.position_of(block.id, i)
    cur = QTextCursor(reader.document())
    cur.setPosition(start)
    cur.setPosition(start + len(quote), QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cur)
    assert reader.textCursor().selectedText() == quote
    return start, start + len(quote)


def _all(text: str, quote: str) -> list[int]:
    out, i = [], text.find(quote)
    while i >= 0:
        out.append(i)
        i = text.find(quote, i + 1)
    return out


def painted(reader) -> list[tuple[int, int, str]]:
    """The annotation layer as (start, end, background) from the reader's ExtraSelections."""
    out = []
    for sel in reader.extraSelections():
        color = sel.format.background().color().name().upper()
        if color in {color_hex(k).upper() for k in ("yellow", "green", "red", "blue")}:
            out.append((sel.cursor.selectionStart(), sel.cursor.selectionEnd(), color))
    return out


def open_plan(make_window, qtbot, lincheng_files, n: int = 1):
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:n])
    win.open_document(plan_doc(win).id)
    win.reader.setFocus()
    return win


def test_highlight_note_panel_paint_undo_redo(make_window, qtbot, lincheng_files):
    win = open_plan(make_window, qtbot, lincheng_files)
    reader, panel, lib = win.reader, win.annotations, win.ctx.library
    doc_id = win.doc_id
    # highlight with the keyboard (Ctrl+1 = yellow)
    s1, e1 = select(win, "新建 5G 基站 2000 个")
    qtbot.keyClick(reader, Qt.Key.Key_1, CTRL)
    settle(qtbot, win)
    anns = lib.annotations(doc_id)
    assert [(a.quote, a.color, a.note) for a in anns] == [("新建 5G 基站 2000 个", "yellow", "")]
    assert painted(reader) == [(s1, e1, color_hex("yellow").upper())]
    assert not reader.textCursor().hasSelection()
    # a note with Ctrl+Alt+M (the dialog answered by the test)
    asked = []
    win.annotator.ask_note = lambda parent, quote, note, color, *a: (
        asked.append(quote) or (NOTE, "green"))
    s2, e2 = select(win, "市财政局")
    qtbot.keyClick(reader, Qt.Key.Key_M, CTRL | ALT)
    settle(qtbot, win)
    assert asked == ["市财政局"]
    noted = next(a for a in lib.annotations(doc_id) if a.note)
    assert (noted.note, noted.color, noted.quote) == (NOTE, "green", "市财政局")
    # the panel lists both in reading order; the reader paints both, a marker on the note
    assert panel.model.rowCount() == 2
    texts = [panel.model.index(r).data() for r in range(2)]
    assert any(NOTE in t for t in texts) and any("新建 5G 基站" in t for t in texts)
    assert sorted(painted(reader)) == sorted([(s1, e1, color_hex("yellow").upper()),
                                              (s2, e2, color_hex("green").upper())])
    assert [(m.position, m.number) for m in reader.note_markers] == [(e2, 1)]
    marker = reader.marker_rect(reader.note_markers[0]).center()
    assert NOTE in reader.tooltip_at(marker)
    cur = QTextCursor(reader.document())
    cur.setPosition(s2 + 1)
    assert NOTE in reader.tooltip_at(reader.cursorRect(cur).center())
    # Ctrl+Z removes the note, Ctrl+Shift+Z puts it back (same id), Ctrl+Y too
    qtbot.keyClick(reader, Qt.Key.Key_Z, CTRL)
    settle(qtbot, win)
    assert [a.quote for a in lib.annotations(doc_id)] == ["新建 5G 基站 2000 个"]
    assert painted(reader) == [(s1, e1, color_hex("yellow").upper())]
    assert panel.model.rowCount() == 1 and reader.note_markers == []
    qtbot.keyClick(reader, Qt.Key.Key_Z, CTRL | SHIFT)
    settle(qtbot, win)
    assert {a.id for a in lib.annotations(doc_id)} == {a.id for a in anns} | {noted.id}
    assert panel.model.rowCount() == 2 and len(reader.note_markers) == 1
    # change colour, then undo; delete from the panel, then undo
    win.annotator.set_color(noted.id, "red")
    settle(qtbot, win)
    assert lib.annotation(noted.id).color == "red"
    assert (s2, e2, color_hex("red").upper()) in painted(reader)
    win.annotator.undo_action.trigger()
    settle(qtbot, win)
    assert lib.annotation(noted.id).color == "green"
    panel.view.setCurrentIndex(panel.model.index(panel.model.row_of(noted.id)))
    panel.delete_btn.click()
    settle(qtbot, win)
    assert len(lib.annotations(doc_id)) == 1 and panel.model.rowCount() == 1
    qtbot.keyClick(reader, Qt.Key.Key_Z, CTRL)
    settle(qtbot, win)
    assert lib.annotation(noted.id).note == NOTE
    qtbot.keyClick(reader, Qt.Key.Key_Y, CTRL)
    settle(qtbot, win)
    assert len(lib.annotations(doc_id)) == 1
    qtbot.keyClick(reader, Qt.Key.Key_Z, CTRL)
    settle(qtbot, win)
    # the tree counts the document's annotations
    index = win.tree_model.index_of(doc_id, doc_id)
    assert index.data(COUNT_ROLE) == 2
    assert "2 条批注" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None


def test_empty_selection_and_table_refused(make_window, qtbot, lincheng_files):
    win = open_plan(make_window, qtbot, lincheng_files)
    assert win.annotator.highlight() is None
    assert win.statusBar().currentMessage() == "请先选中要标注的文字。"
    assert win.ctx.library.annotations() == []
    select(win, "市财政局")                         # Ctrl+H: the last colour used (yellow)
    qtbot.keyClick(win.reader, Qt.Key.Key_H, CTRL)
    settle(qtbot, win)
    assert [(a.quote, a.color) for a in win.ctx.library.annotations()] == [("市财政局", "yellow")]
    select(win, "新建 5G 基站 2000 个")
    qtbot.keyClick(win.reader, Qt.Key.Key_4, CTRL)      # Ctrl+4: blue, remembered
    settle(qtbot, win)
    select(win, "市大数据局")
    qtbot.keyClick(win.reader, Qt.Key.Key_H, CTRL)
    settle(qtbot, win)
    assert {a.quote: a.color for a in win.ctx.library.annotations()} == {
        "市财政局": "yellow", "新建 5G 基站 2000 个": "blue", "市大数据局": "blue"}


def test_context_menu_entries(make_window, qtbot, lincheng_files):
    from PySide6.QtWidgets import QMenu

    win = open_plan(make_window, qtbot, lincheng_files)
    start, _ = select(win, "市财政局")
    ann = win.annotator.highlight("blue", note="重点")
    settle(qtbot, win)
    select(win, "市财政局")
    menu = QMenu()
    win.annotator._context_menu(menu, start + 1)
    labels = [a.text() for a in menu.actions()]
    assert "高亮" in labels and "添加批注…" in labels
    assert any(t.startswith("编辑批注…") for t in labels) and "删除批注" in labels
    assert "更改颜色" in labels
    delete = next(a for a in menu.actions() if a.text() == "删除批注")
    delete.trigger()
    settle(qtbot, win)
    assert win.ctx.library.annotations() == [] and ann is not None


def test_all_mode_filters_and_jumps(make_window, qtbot, lincheng_files):
    win = open_plan(make_window, qtbot, lincheng_files, n=2)
    lib, panel = win.ctx.library, win.annotations
    select(win, "市财政局")
    win.annotator.highlight("yellow", note="财政口径")
    settle(qtbot, win)
    select(win, "新建 5G 基站 2000 个")
    win.annotator.highlight("green")
    settle(qtbot, win)
    other = next(d for d in lib.documents() if "数字经济" in d.title and d.id != win.doc_id)
    win.open_document(other.id)
    select(win, "市财政局")
    win.annotator.highlight("yellow")
    settle(qtbot, win)
    assert panel.model.rowCount() == 1                 # 本文件: the open document only
    panel.show_all()
    assert panel.model.rowCount() == 3 and "涉及 2 份文件" in panel.info.text()
    panel.show_all("财政")
    assert panel.model.rowCount() == 2
    panel.show_all("财政口径")                          # the note's text
    assert panel.model.rowCount() == 1
    panel.show_all("", "green")
    assert [r.annotation.quote for r in panel.model.records] == ["新建 5G 基站 2000 个"]
    panel.color.setCurrentIndex(panel.color.findData("yellow"))
    assert panel.model.rowCount() == 2 and "第4期" in panel.model.index(0).data() + \
        panel.model.index(1).data()
    # click jumps to the passage in its document
    rec = panel.model.records[0]
    panel.view.clicked.emit(panel.model.index(0))
    assert win.doc_id == rec.annotation.doc_id
    assert win.reader.textCursor().position() == win.reader.position_of(
        rec.annotation.block_id, rec.annotation.start)
    assert win.reader.current_annotation == rec.annotation.id


def test_annotations_survive_restart_and_orphans_listed(make_window, qtbot, lincheng_files):
    win = open_plan(make_window, qtbot, lincheng_files, n=2)
    start, end = select(win, "市财政局")
    ann = win.annotator.highlight("red", note=NOTE)
    settle(qtbot, win)
    doc_id = win.doc_id
    win.close()
    again = make_window(restore=True)
    assert again.doc_id == doc_id
    assert painted(again.reader) == [(start, end, color_hex("red").upper())]
    assert again.annotations.model.records[0].annotation.id == ann.id
    # removing the issue keeps the annotation, listed as 未能定位
    issue_id = again.ctx.library.document(doc_id).issue_id
    job = again.remove_issue(issue_id)
    qtbot.waitUntil(lambda: job not in again.ctx.jobs._alive, timeout=30000)
    qtbot.waitUntil(lambda: again.ctx.library.stats().issues == 1, timeout=30000)
    again.annotations.show_all()
    assert again.annotations.model.rowCount() == 1
    assert "未能定位" in again.annotations.model.index(0).data()
    assert not again.open_annotation(ann.id)
    assert "未能定位" in again.statusBar().currentMessage()


def test_markdown_and_excel_from_panel(make_window, qtbot, lincheng_files, tmp_path):
    from openpyxl import load_workbook

    win = open_plan(make_window, qtbot, lincheng_files)
    select(win, "市财政局")
    win.annotator.highlight("yellow", note=NOTE)
    settle(qtbot, win)
    md = win.annotations.export(tmp_path / "批注.md")
    assert NOTE in md.read_text(encoding="utf-8")
    xlsx = win.annotations.export(tmp_path / "批注.xlsx")
    rows = list(load_workbook(xlsx).active.values)
    assert rows[0][:5] == ("文件", "文号", "页码", "原文", "批注") and rows[1][4] == NOTE
