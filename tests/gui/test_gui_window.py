"""The main window on a temporary data folder: import, browse, search, panels, settings."""

from __future__ import annotations

import threading

from conftest_gui import import_and_wait, wait_index
from PySide6.QtCore import Qt, QTimer

from gui.models import DOC_ROLE, ID_ROLE


def test_empty_library_shows_welcome(make_window):
    win = make_window()
    assert win.stack.currentWidget() is win.welcome
    assert win.welcome.button.text() == "导入公报…"
    assert win.count_label.text() == "公报 0 期 · 文件 0 份"


def test_import_keeps_event_loop_running(make_window, qtbot, lincheng_files):
    """The worker waits, mid-import, until a QTimer on the GUI thread has fired: the import
    only completes if the event loop runs while the worker works."""
    win = make_window()
    ticked = threading.Event()
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(ticked.set)
    seen: list[str] = []

    def on_started(job):
        def in_worker(done, total, stage):
            if not seen:
                assert ticked.wait(30), "the GUI event loop did not run during the import"
            seen.append(stage)
        job.signals.progress.connect(in_worker, Qt.ConnectionType.DirectConnection)
        timer.start()

    win.importer.started.connect(on_started)
    outcomes = import_and_wait(qtbot, win, lincheng_files[:1])
    timer.stop()
    assert ticked.is_set() and seen
    assert [o.status for o in outcomes] == ["ok"]
    assert "成功导入 1 个文件" in win.last_summary
    assert win.ctx.library.stats().issues == 1
    assert win.stack.currentIndex() == 1 and win.doc_id is not None   # opened the first doc
    assert win.count_label.text().startswith("公报 1 期")


def test_cancel_during_import_leaves_library_unchanged(make_window, qtbot, lincheng_files):
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    before = win.ctx.library.stats()

    clicked = threading.Event()

    def click_cancel():               # on the GUI thread, as a click on 取消
        win.importer.dialog.canceled.emit()
        clicked.set()

    def on_started(job):
        def cancel_at(done, total, stage):
            # On the worker thread, which must not touch the window's widgets (cancel()
            # relabels the progress dialog): the click is posted to the GUI thread, and
            # the worker waits for it while the file is parsed.
            if "解析" in stage and not clicked.is_set():
                QTimer.singleShot(0, win.importer, click_cancel)
                assert clicked.wait(30), "the GUI thread never clicked 取消"
        job.signals.progress.connect(cancel_at, Qt.ConnectionType.DirectConnection)

    win.importer.started.connect(on_started)
    outcomes = import_and_wait(qtbot, win, lincheng_files[1:])
    assert [o.status for o in outcomes] == ["cancelled"]
    assert win.ctx.library.stats() == before
    assert "已取消" in win.last_summary


def test_duplicate_asks_to_replace(make_window, qtbot, lincheng_files, tmp_path):
    from tests.fixtures.gazettes import LINCHENG, P, render

    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    asked = []
    win.importer.ask_replace = lambda dups: asked.extend(dups) or list(dups)
    outcomes = import_and_wait(qtbot, win, lincheng_files[:1])       # the same file again
    assert asked == [] and [o.status for o in outcomes] == ["duplicate"]
    assert "未作改动" in win.last_summary
    corrected = tmp_path / "corrected.txt"                            # same issue, new text
    corrected.write_text(render(LINCHENG + [P("本方案自印发之日起施行。")],
                                header="临城市人民政府公报（2024 年第 4 期）"), encoding="utf-8")
    outcomes = import_and_wait(qtbot, win, [corrected])
    assert len(asked) == 1 and asked[0].status == "duplicate" and not asked[0].same_file
    assert [o.status for o in outcomes] == ["ok"] and outcomes[0].replaced_id
    assert win.ctx.library.stats().issues == 1
    assert "已替换旧版本" in win.last_summary


def test_tree_click_opens_document_and_section(make_window, qtbot, lincheng_files):
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    model, tree = win.tree_model, win.tree
    year = model.index(0, 0)
    issue = model.index(0, 0, year)
    tree.expand(year)
    tree.expand(issue)
    assert model.rowCount(issue) == 2
    doc = model.index(1, 0, issue)
    tree.scrollTo(doc)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(doc).center())
    doc_id = doc.data(ID_ROLE)
    assert win.doc_id == doc_id
    assert "临城市数字经济发展行动方案" in win.reader.toPlainText()
    assert "关于印发临城市数字经济发展行动方案的通知" in win.windowTitle()
    tree.expand(doc)
    section = model.index(0, 0, doc)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=tree.visualRect(section).center())
    heading = model.node(section).payload
    pos = win.reader.block_pos[heading.block_id]
    assert win.reader.textCursor().position() == pos


def test_search_result_jumps_to_hit(make_window, qtbot, lincheng_files):
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files)
    wait_index(qtbot, win)
    panel = win.search
    with qtbot.waitSignal(panel.searched, timeout=60000) as got:
        panel.query.setText("市财政局")
        qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    results = got.args[0]
    assert results.total_docs == 2                      # the same plan in both issues
    assert "2 份文件" in panel.summary.text()
    group = panel.model.index(0, 0)
    hit = panel.model.index(0, 0, group)
    panel.view.setCurrentIndex(hit)
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    reader = win.reader
    assert win.doc_id == group.data(DOC_ROLE)
    assert reader.textCursor().selectedText() == "市财政局"
    expected = reader.toPlainText().count("市财政局")
    assert len(reader.hits) == expected >= 1
    assert reader.current_hit == 0
    assert win.statusBar().currentMessage() == f"第 1 / {expected} 处"


def test_find_bar_counts_and_steps(make_window, qtbot, lincheng_files):
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    doc = win.ctx.library.documents()[1]
    win.open_document(doc.id)
    win.find_bar.open_bar()
    win.find_bar.edit.setText("数字经济")
    total = win.reader.toPlainText().count("数字经济")
    assert total >= 3
    assert win.find_bar.count.text() == f"第 1 / {total} 处"
    qtbot.keyClick(win.reader, Qt.Key.Key_F3)
    assert win.find_bar.count.text() == f"第 2 / {total} 处"
    qtbot.keyClick(win.reader, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(win.reader, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert win.find_bar.count.text() == f"第 {total} / {total} 处"
    assert win.reader.textCursor().selectedText() == "数字经济"
    win.find_bar.edit.setText("数字货币")
    assert win.find_bar.count.text() == "无匹配"


def test_copy_with_citation_and_font_size(make_window, qtbot, lincheng_files):
    from PySide6.QtGui import QGuiApplication, QTextCursor

    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    doc = win.ctx.library.documents()[1]
    win.open_document(doc.id)
    reader = win.reader
    reader.set_terms(["市大数据局"])
    reader.go_to_hit(0)
    text = reader.copy_with_citation()
    assert text.startswith("市大数据局\n——《关于印发临城市数字经济发展行动方案的通知》（临政办〔2024〕11 号），"
                           "《临城市人民政府公报》2024年第4期")
    assert QGuiApplication.clipboard().text() == text
    size = reader.font_size
    qtbot.keyClick(reader, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert reader.font_size == size + 1
    qtbot.keyClick(reader, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert reader.font_size == size
    cur = reader.textCursor()
    cur.movePosition(QTextCursor.MoveOperation.End)
    assert len(reader.hits) == 1                          # highlights survive re-rendering


def test_unit_mode_lists_tasks_across_two_issues(make_window, qtbot, lincheng_files):
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files)
    panel = win.tasks
    assert "市财政局" in panel.unit_names.stringList()
    panel.show_unit("市财政局")
    assert panel.unit_mode.isChecked()
    rows = panel.model.rowCount()
    assert rows == 2
    sources = {panel.model.index(r, 5).data() for r in range(rows)}
    assert any("第4期" in s for s in sources) and any("第5期" in s for s in sources)
    assert "来自 2 期公报" in panel.info.text()
    task = panel.model.records[0].task
    assert "建设城市大数据中心" in task.text
    panel.view.clicked.emit(panel.model.index(0, 0))          # click jumps to the paragraph
    assert win.doc_id == task.doc_id
    block_pos = win.reader.block_pos[task.block_id]
    cursor = win.reader.textCursor()            # the passage is marked (selected)
    assert cursor.selectionStart() == block_pos
    assert "建设城市大数据中心" in cursor.selectedText()
    section = win.ctx.library.block(task.block_id).section_id     # the tree follows
    assert win.tree.currentIndex().data(Qt.ItemDataRole.UserRole + 1) == section


def test_settings_restore(make_window, qtbot, lincheng_files):
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    doc = win.ctx.library.documents()[1]
    win.open_document(doc.id)
    win.reader.set_font_size(16)
    win.tasks_dock.hide()
    win.resize(780, 640)                # fits the (offscreen, 800×800) screen
    blocks = win.ctx.library.blocks(doc.id)
    target = blocks[len(blocks) // 2].id
    win.reader.scroll_to_block(target)
    top = win.reader.top_block_id()
    size = (win.width(), win.height())
    win.close()
    again = make_window(restore=True)
    assert again.doc_id == doc.id
    assert again.reader.font_size == 16
    assert again.tasks_dock.isHidden()
    assert (again.width(), again.height()) == size
    assert again.reader.top_block_id() == top
    # a size saved on a larger screen is not restored: the window fits this one
    again.resize(1200, 700)
    again.close()
    third = make_window(restore=True)
    free = third.screen().availableGeometry()
    assert free.contains(third.geometry()) and third.width() < 1200
