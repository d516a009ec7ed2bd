"""The reading desk: fits the screen, Qt in Chinese, marks that tell the truth, tabs and
history, 收藏 and 最近打开, keyboard navigation, F3 across documents, direct printing."""

from __future__ import annotations

from conftest_gui import import_and_wait, settle, wait_index
from PySide6.QtCore import QEvent, QMargins, QPointF, QRect, Qt
from PySide6.QtGui import QMouseEvent, QTextCursor
from test_gui_annotations import CTRL, painted, plan_doc, select

from gui.window_state import MIN_WIDTH, fit_geometry

ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


# -- fits the screen ---------------------------------------------------------------------
def test_geometry_fits_small_scaled_and_large_screens():
    # 1280×720 less a 40 px panel; 1920×1080 at 150 % is 1280×720 logical pixels
    frame = QMargins(4, 30, 4, 4)
    for free in (QRect(0, 0, 1280, 680), QRect(0, 0, 1280, 720), QRect(0, 0, 1366, 728)):
        geo = fit_geometry(free, frame=frame)
        assert free.contains(geo.marginsAdded(frame))       # title bar and frame on screen
        assert geo.width() == free.width() - 8
    big = QRect(0, 0, 1920, 1040)
    geo = fit_geometry(big)
    assert big.contains(geo) and 1500 < geo.width() < 1920 and geo.height() > 800
    assert abs(geo.center().x() - big.center().x()) <= 1              # centred
    # a saved geometry is kept where it fits, and refitted where it does not
    saved = QRect(100, 100, 1000, 600)
    assert fit_geometry(big, saved) == saved
    assert QRect(0, 0, 1280, 680).contains(fit_geometry(QRect(0, 0, 1280, 680),
                                                         QRect(0, 0, 1800, 1000)))


def test_window_goes_narrow_with_panels_as_tabs(make_window, qtbot, lincheng_files,
                                                output_dir):
    from conftest_gui import shot
    from PySide6.QtWidgets import QApplication

    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    win.open_document(plan_doc(win).id)
    assert MIN_WIDTH <= 900 and win.minimumWidth() <= 900
    win.resize(880, 600)
    qtbot.waitUntil(lambda: win.width() == 880)
    left = Qt.DockWidgetArea.LeftDockWidgetArea
    assert all(win.dockWidgetArea(d) == left for d in (win.tables_dock, win.tasks_dock,
                                                      win.annotations_dock))
    assert win.reader.width() >= 400                  # the page keeps room to read
    assert win.statusBar().geometry().bottom() <= win.height()
    qtbot.waitUntil(lambda: win.tasks.width() >= 280)          # room for the panels' tables
    QApplication.processEvents()
    shot(win, output_dir, "desk-narrow-880")
    win.resize(1366, 768)
    qtbot.waitUntil(lambda: win.width() == 1366)
    assert win.dockWidgetArea(win.tasks_dock) == Qt.DockWidgetArea.RightDockWidgetArea


def test_reading_width_is_capped_and_centred(make_window, qtbot, lincheng_files):
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    win.open_document(plan_doc(win).id)
    from PySide6.QtWidgets import QDockWidget

    for d in win.findChildren(QDockWidget):
        d.hide()
    reader = win.reader
    qtbot.waitUntil(lambda: reader.width() > 1200)
    m = reader.viewportMargins()
    assert m.left() > 100 and abs(m.left() - m.right()) <= 1
    assert reader.viewport().width() <= reader.reading_width() + 2


# -- speaks Chinese ---------------------------------------------------------------------
def test_qt_dialogs_speak_chinese(gui_app, qtbot):
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from gui.app import install_translations

    assert install_translations(QApplication.instance())      # qtbase_zh_CN loaded
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel
                           | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    assert "保存" in box.button(QDialogButtonBox.StandardButton.Save).text()
    assert QApplication.translate("QLineEdit", "&Copy") != "&Copy"     # the context menu


# -- marks that tell the truth ----------------------------------------------------------
def test_esc_new_search_and_undo_clear_marks(make_window, qtbot, lincheng_files):
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files)
    wait_index(qtbot, win)
    win.open_document(plan_doc(win).id)
    reader = win.reader
    win.find_bar.open_bar("市财政局")
    assert reader.hits and reader.extraSelections()
    qtbot.keyClick(win.find_bar.edit, Qt.Key.Key_Escape)
    assert reader.hits == [] and reader.extraSelections() == []      # no orange left
    # a highlight there, then Ctrl+Z: nothing painted, nothing selected
    select(win, "市财政局")
    win.annotator.highlight("red")
    settle(qtbot, win)
    assert len(painted(reader)) == 1
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key.Key_Z, CTRL)
    settle(qtbot, win)
    assert painted(reader) == [] and reader.extraSelections() == []
    assert not reader.textCursor().hasSelection()
    # a search's hit marks, then a new search: the old marks and 第 n / m 处 go
    with qtbot.waitSignal(win.search.searched, timeout=60000):
        win.search.run_search("数字经济")
    win.search.activate(win.search.model.index(0, 0, win.search.model.index(0, 0)))
    assert reader.hits and "处" in win.statusBar().currentMessage()
    with qtbot.waitSignal(win.search.searched, timeout=60000):
        win.search.run_search("大数据中心")
    assert reader.hits == [] and win.statusBar().currentMessage() == ""
    # Esc in the reader clears the search marks too
    win.search.activate(win.search.model.index(0, 0, win.search.model.index(0, 0)))
    assert reader.hits
    qtbot.keyClick(reader, Qt.Key.Key_Escape)
    assert reader.hits == [] and win.statusBar().currentMessage() == ""


# -- search and navigation --------------------------------------------------------------
def test_click_enter_and_down_open_results(make_window, qtbot, lincheng_files):
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files)
    wait_index(qtbot, win)
    panel = win.search
    win.focus_search()
    with qtbot.waitSignal(panel.searched, timeout=60000):
        panel.query.setText("数字经济")
        qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    model, view = panel.model, panel.view
    assert model.rowCount() == 2
    assert view.isExpanded(model.index(0, 0)) and not view.isExpanded(model.index(1, 0))
    # Down from the query box goes into the results; Enter opens
    panel.query.setFocus()
    qtbot.keyClick(panel.query, Qt.Key.Key_Down)
    assert view.hasFocus() and view.currentIndex().isValid()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    first = model.index(0, 0).data(Qt.ItemDataRole.UserRole + 4)
    assert win.doc_id == first and win.reader.current_hit >= 0
    # a single click on the second document opens it
    win.doc_id and win.close_current_tab()
    second = model.index(1, 0)
    view.scrollTo(second)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(second).center())
    assert win.doc_id == second.data(Qt.ItemDataRole.UserRole + 4)
    assert win.reader.hits                            # the search's terms are marked
    # painting a row again lays nothing out again (the delegate keeps laid-out rows)
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    option.font = view.font()
    delegate = view.itemDelegate()
    assert delegate._document(option, second, 300) is delegate._document(option, second, 300)
    assert delegate._document(option, second, 200) is not delegate._document(option, second,
                                                                                300)


def test_f3_continues_into_the_next_document(make_window, qtbot, lincheng_files):
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files)
    wait_index(qtbot, win)
    with qtbot.waitSignal(win.search.searched, timeout=60000):
        win.search.run_search("市财政局")
    groups = win.search.model.groups
    assert len(groups) == 2
    win.search.activate(win.search.model.index(0, 0))
    reader = win.reader
    assert win.doc_id == groups[0].doc_id
    n = len(reader.hits)
    for _ in range(n - 1 - reader.current_hit):
        win.next_hit()
    assert reader.current_hit == n - 1 and win.doc_id == groups[0].doc_id
    win.next_hit()                                    # past the last: the next document
    assert win.doc_id == groups[1].doc_id and reader.current_hit == 0
    assert "下一份文件" in win.statusBar().currentMessage()
    assert reader.textCursor().selectedText() == "市财政局"
    win.previous_hit()                                # and back to the first's last hit
    assert win.doc_id == groups[0].doc_id and reader.current_hit == len(reader.hits) - 1
    assert "上一份文件" in win.statusBar().currentMessage()


def test_tabs_name_their_documents_distinctly_and_are_never_squeezed(make_window, qtbot,
                                                                    lincheng_files, tmp_path):
    """With many documents open the tabs still tell them apart: each shows its title's
    subject (not the 关于印发… every title shares) in full, and the bar scrolls instead of
    eliding them to “关…”."""
    from PySide6.QtGui import QFontMetrics

    win = make_window()
    from tests.fixtures.gazettes import GUOWUYUAN, render

    gwy = tmp_path / "gwy.txt"
    gwy.write_text(render(GUOWUYUAN), encoding="utf-8")
    import_and_wait(qtbot, win, [lincheng_files[0], gwy])
    docs = win.ctx.library.documents()
    assert len(docs) >= 4 and sum("关于" in d.title for d in docs) >= 3
    for d in docs:
        win.open_document(d.id)
    texts = [win.tabs.tabText(i) for i in range(win.tabs.count())]
    assert not any(t.startswith("关于") for t in texts)
    assert len(set(texts)) == len(texts)
    fm = QFontMetrics(win.tabs.font())
    for i, t in enumerate(texts):
        assert win.tabs.tabRect(i).width() >= fm.horizontalAdvance(t), t
        assert win.tabs.tabToolTip(i) == win.ctx.library.document(win.tabs.tabData(i)).title


def test_tabs_and_history(make_window, qtbot, lincheng_files):
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files)
    docs = [d.id for d in win.ctx.library.documents() if d.id != win.doc_id]
    a, b, c = docs[:3]
    win.open_document(a)
    blocks = win.ctx.library.blocks(b)
    deep = blocks[len(blocks) * 2 // 3].id
    win.open_document(b, block_id=deep)
    win.open_document(c)
    assert win.tab_doc_ids()[-3:] == [a, b, c]
    assert win.tabs.tabData(win.tabs.currentIndex()) == c
    # Alt+Left twice, Alt+Right once
    qtbot.keyClick(win.reader, Qt.Key.Key_Left, ALT)
    assert win.doc_id == b
    assert win.reader.top_block_id() is not None
    qtbot.keyClick(win.reader, Qt.Key.Key_Left, ALT)
    assert win.doc_id == a
    qtbot.keyClick(win.reader, Qt.Key.Key_Right, ALT)
    assert win.doc_id == b
    # the mouse's back button
    press = QMouseEvent(QEvent.Type.MouseButtonPress, QPointF(10, 10), QPointF(10, 10),
                        Qt.MouseButton.BackButton, Qt.MouseButton.BackButton,
                        Qt.KeyboardModifier.NoModifier)
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(win.reader.viewport(), press)
    assert win.doc_id == a
    # a tab click switches; closing the current tab shows its neighbour
    win.tabs.setCurrentIndex(win.tab_doc_ids().index(c))
    assert win.doc_id == c
    win.close_current_tab()
    assert c not in win.tab_doc_ids() and win.doc_id in win.tab_doc_ids()
    while win.tabs.count():
        win.close_current_tab()
    assert win.doc_id is None and win.stack.currentWidget() is win.welcome


def test_bookmarks_and_recent_persist(make_window, qtbot, lincheng_files):
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    doc = plan_doc(win)
    blocks = win.ctx.library.blocks(doc.id)
    target = blocks[len(blocks) // 2].id
    win.open_document(doc.id, block_id=target)
    win.reader.scroll_to_block(target)
    qtbot.keyClick(win.reader, Qt.Key.Key_D, CTRL)
    assert "已收藏" in win.statusBar().currentMessage()
    assert not win.add_bookmark()                       # the same place once
    win.close()
    again = make_window()
    marks = again.shelf.bookmarks()
    assert [(m.doc_id, m.block_id) for m in marks] == [(doc.id, win.reader.top_block_id()
                                                         or target)]
    assert again.shelf.recent()[0] == doc.id
    assert again.open_bookmark(marks[0]) and again.doc_id == doc.id
    cur = QTextCursor(again.reader.document())            # the kept place is in view
    cur.setPosition(again.reader.block_pos[marks[0].block_id])
    assert 0 <= again.reader.cursorRect(cur).top() < again.reader.viewport().height() // 2
    again._fill_recent()
    assert doc.title in [a.text() for a in again.recent_menu.actions()]
    # in the tree too, below the years: 收藏 and 最近打开; a click opens the place
    model = again.tree_model
    groups = [model.index(r, 0) for r in range(model.rowCount())]
    shelf = {g.data(): g for g in groups if g.data() in ("收藏", "最近打开")}
    assert set(shelf) == {"收藏", "最近打开"} and model.rowCount(shelf["收藏"]) == 1
    assert model.index(0, 0, shelf["最近打开"]).data() == doc.title
    again.close_current_tab()
    assert again.doc_id is None
    entry = model.index(0, 0, shelf["收藏"])
    again.tree.expand(shelf["收藏"])
    again.tree.scrollTo(entry)
    qtbot.mouseClick(again.tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=again.tree.visualRect(entry).center())
    assert again.doc_id == doc.id
    assert (again.ctx.folder / "gui-settings.ini").exists() or again.ctx.settings.fileName()


def test_tree_keeps_expansion_arrows_open_and_labels(make_window, qtbot, lincheng_files):
    from gui.models.library_tree import section_label

    assert section_label("专栏2", "2023 年重点项目") == "专栏2  2023 年重点项目"
    assert section_label("附件 1", "临城市清单") == "附件 1  临城市清单"
    assert section_label("一、", "总体要求") == "一、总体要求"
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    model, tree = win.tree_model, win.tree
    issue = model.index(0, 0, model.index(0, 0))
    doc = model.index(1, 0, issue)
    tree.expand(doc)
    assert tree.isExpanded(doc)
    doc_id = doc.data(Qt.ItemDataRole.UserRole + 1)
    import_and_wait(qtbot, win, lincheng_files[:1])        # nothing changed; tree reloaded
    doc = model.index_of(doc_id, doc_id)
    assert tree.isExpanded(doc) and tree.isExpanded(doc.parent())
    # arrow keys open what they move to
    assert win.doc_id != doc_id
    tree.setFocus()
    tree.setCurrentIndex(model.index(0, 0, doc))          # its first heading (not opened)
    qtbot.keyClick(tree, Qt.Key.Key_Up)                    # up to the document: opened
    assert tree.currentIndex() == doc and win.doc_id == doc_id
    qtbot.keyClick(tree, Qt.Key.Key_Down)                  # down to the heading: shown
    node = model.node(tree.currentIndex())
    assert node.kind == "section"
    assert win.reader.textCursor().position() == win.reader.block_pos[node.payload.block_id]


# -- small things -----------------------------------------------------------------------
def test_zoom_reset_cursor_and_summary_icon(make_window, qtbot, lincheng_files):
    from pathlib import Path

    from PySide6.QtWidgets import QMessageBox

    from gui.importing import Outcome, summary_icon
    from gui.views.reader import DEFAULT_SIZE

    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    win.open_document(plan_doc(win).id)
    win.reader.set_font_size(20)
    qtbot.keyClick(win.reader, Qt.Key.Key_0, CTRL)
    assert win.reader.font_size == DEFAULT_SIZE
    assert win.reader.cursorWidth() == 0
    failed = [Outcome(Path("a.pdf"), "failed", "坏文件")]
    assert summary_icon(failed) == QMessageBox.Icon.Critical
    assert summary_icon(failed + [Outcome(Path("b.txt"), "ok")]) == QMessageBox.Icon.Warning
    assert summary_icon([Outcome(Path("b.txt"), "ok")]) == QMessageBox.Icon.Information


def test_ctrl_p_prints_document_selection_and_table(make_window, qtbot, lincheng_files,
                                                    tmp_path):
    import pypdfium2 as pdfium
    from PySide6.QtPrintSupport import QPrinter

    def printed(name: str) -> str:
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        path = tmp_path / name
        printer.setOutputFileName(str(path))
        job = win.print_current(printer)                # a job: the window does not wait
        assert job is not None
        qtbot.waitUntil(lambda: not win.printing.busy(), timeout=60000)
        pdf = pdfium.PdfDocument(str(path))
        try:
            return "".join(pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf)))
        finally:
            pdf.close()

    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    doc = plan_doc(win)
    win.open_document(doc.id)
    win.reader.setFocus()
    whole = "".join(printed("doc.pdf").split())
    assert "建设城市大数据中心" in whole and len(whole) > 200
    select(win, "市财政局")
    part = "".join(printed("sel.pdf").split())
    assert part.rstrip("0123456789") == "市财政局"          # (and the page number)
    table_doc = next((d for d in win.ctx.library.documents() if win.ctx.library.tables(d.id)),
                     None)
    if table_doc is not None:
        win.open_document(table_doc.id)
        win.tables_dock.raise_()
        win.tables.view.setFocus()
        table = "".join(printed("table.pdf").split())
        first = win.tables.model.index(0, 0).data()
        assert first and "".join(str(first).split()) in table


# -- panels -------------------------------------------------------------------------------
def test_tables_panel_fits_columns_and_comes_forward(make_window, qtbot, tmp_path):
    from types import SimpleNamespace

    from gui.panels.tables import table_file_name
    from tests.fixtures.tables_gazette import award_text

    text, _truth = award_text()
    path = tmp_path / "award.txt"
    path.write_text(text, encoding="utf-8")
    win = make_window()
    import_and_wait(qtbot, win, [path])
    lib = win.ctx.library
    doc = next(d for d in lib.documents() if lib.tables(d.id))
    assert not lib.tasks(doc.id)
    win.close_current_tab()
    win.tasks_dock.raise_()
    win.open_document(doc.id)
    assert not win.tables_dock.visibleRegion().isEmpty()          # 表格 in front, not 责任分工
    view = win.tables.view
    win.resizeDocks([win.tables_dock], [360], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: win.tables.width() < 420)
    n = win.tables.model.columnCount()
    assert n >= 3
    qtbot.waitUntil(lambda: sum(view.columnWidth(c) for c in range(n))
                    <= view.viewport().width())                    # the last column in view
    assert all(view.columnWidth(c) >= 24 for c in range(n))      # none squeezed away
    # the default file name: a short caption, else 文号/title and the table's number
    table = lib.tables(doc.id)[0]
    long = SimpleNamespace(caption="关于" + "很长的标题" * 10, ordinal=3)
    assert table_file_name(long, doc).endswith(" 表3")
    assert "…" not in table_file_name(table, doc) and len(table_file_name(table, doc)) <= 44


def test_dark_theme_keeps_the_page_and_highlights_readable(make_window, qtbot, lincheng_files,
                                                           output_dir):
    from conftest_gui import shot
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from gui.theme import apply_theme

    app = QApplication.instance()
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    win.open_document(plan_doc(win).id)
    try:
        assert apply_theme(app, dark=True)
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
        win.find_bar.open_bar("市财政局")
        qtbot.waitUntil(lambda: win.reader.hits != [])
        shot(win, output_dir, "desk-dark")
        page = win.reader.viewport().grab().toImage()
        # the page stays light paper (dark text, highlights readable on it)
        assert page.pixelColor(page.width() // 2, 4).lightness() > 200
    finally:
        apply_theme(app, dark=False)
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 150


def test_search_cancelled_and_left_document_folded(make_window, qtbot, lincheng_files):
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files)
    wait_index(qtbot, win)
    panel = win.search
    job = panel.run_search("数字经济")
    assert panel.summary.text() == "正在检索……"
    panel.query.setFocus()
    qtbot.keyClick(panel.query, Qt.Key.Key_Escape)
    assert panel.summary.text() == "已取消检索。" and job.cancel_event.is_set()
    qtbot.waitUntil(lambda: not win.ctx.jobs.running("reader"), timeout=60000)
    assert panel.model.rowCount() == 0                       # its results are not shown
    # following a document's headings unfolds it in the tree; leaving it folds it again
    docs = [d.id for d in win.ctx.library.documents()]
    win.open_document(docs[0])
    first = win.tree_model.index_of(docs[0], docs[0])
    win.tree.expand(first)
    win.open_document(docs[1])
    assert not win.tree.isExpanded(first)
