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


def test_file_dialogs_start_in_the_folder_last_used(make_window, qtbot, lincheng_files,
                                                    tmp_path, monkeypatch):
    """导入公报 and every export's dialog started in the home folder, so a clerk importing
    each month from one folder, or saving ledgers into one working folder, looked for it each
    time; the folders are remembered (imports and exports apart), across a restart."""
    from PySide6.QtWidgets import QFileDialog

    starts = []
    out = tmp_path / "台账"
    out.mkdir()

    def open_names(parent, title, start, filters=""):
        starts.append(start)
        return ([str(p) for p in lincheng_files] if len(starts) == 1 else []), ""

    def save_name(parent, title, start, filters=""):
        starts.append(start)
        return str(out / f"导出{len(starts)}{start[start.rfind('.'):]}"), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(open_names))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    win = make_window()
    with qtbot.waitSignal(win.importer.finished, timeout=60000):
        win.ask_import()
    win.ask_import()                                   # the next import: where the last was
    assert starts[1] == str(lincheng_files[0].parent)
    plan = next(d for d in win.ctx.library.documents() if "数字经济" in d.title)
    win.open_document(plan.id)
    win.tasks.ask_export()                             # 导出台账
    qtbot.waitUntil(lambda: len(list(out.iterdir())) == 1, timeout=30000)
    win.annotations.ask_export("md")                   # 导出批注: where the ledger went
    assert starts[3].startswith(str(out))
    qtbot.waitUntil(lambda: len(list(out.iterdir())) == 2, timeout=30000)
    win.ctx.settings.sync()
    again = make_window()                              # a restart
    again.ask_import()
    again.tasks.ask_export()
    assert starts[4] == str(lincheng_files[0].parent) and starts[5].startswith(str(out))


def test_an_import_of_nothing_new_does_not_say_it_succeeded(make_window, qtbot, lincheng_files,
                                                            tmp_path):
    """The same issue again, or only files that are not gazettes: the summary began with
    成功导入 0 个文件。 It says 没有导入新的公报。 and then why."""
    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    assert win.last_summary.startswith("成功导入 1 个文件。")
    empty = tmp_path / "空文件.txt"
    empty.write_bytes(b"")
    import_and_wait(qtbot, win, [lincheng_files[0], empty])
    first, *rest = win.last_summary.splitlines()
    assert first == "没有导入新的公报。"
    assert any("已导入过" in line for line in rest) and any("导入失败 1 个" in line for line in rest)


def test_a_contents_entry_keeps_its_page_number_on_its_line(make_window, qtbot, tmp_path):
    """The 目录 (the first document an import opens) wrapped each entry's dot leader, so its
    page number stood alone at the left of the next line (``城镇供热管理条例 ……………`` /
    ``4``). The leader is drawn in small dots: entry, leader and number on one line (an entry
    too long for one line ends its last line with them, the spaces around the leader do not
    break); the text (what is found, selected and annotated) is unchanged."""
    from tests.fixtures.probe_gazettes import (
        STATE,
        STATE_GAZETTE,
        STATE_ISSUE,
        STATE_SECTIONS,
        render,
    )

    path = tmp_path / "state.txt"
    path.write_text(render(STATE, STATE_SECTIONS, STATE_GAZETTE, STATE_ISSUE, first_page=3),
                    encoding="utf-8")
    win = make_window()
    win.resize(1272, 684)                          # a 1280×720 screen's window
    import_and_wait(qtbot, win, [path])
    toc = next(d for d in win.ctx.library.documents() if d.kind == "gazette_section")
    win.open_document(toc.id)
    reader = win.reader
    qtbot.waitUntil(lambda: reader.viewport().width() < 660)
    doc = reader.document()
    doc.documentLayout().documentSize()            # laid out at the reader's width
    entries = [b for b in reader.data.blocks if b.text.rstrip()[-1:].isdigit()]
    assert len(entries) >= 4
    for b in entries:
        block = doc.findBlock(reader.position_of(b.id))
        assert block.text().replace("\u00a0", " ") == b.text
        layout = block.layout()
        last = layout.lineAt(layout.lineCount() - 1)
        tail = block.text()[last.textStart():]
        # the number ends a line that holds words of the entry (one line when it fits)
        assert any(ch not in "…⋯·•．. 0123456789" for ch in tail), (b.text, tail)
    assert sum(doc.findBlock(reader.position_of(b.id)).layout().lineCount() == 1
               for b in entries) >= 3
    win.find_bar.open_bar("城镇供热管理条例")           # found where it is, as before
    assert len(reader.hits) == 1


def test_removing_the_open_issue_shows_the_tab_left(make_window, qtbot, lincheng_files,
                                                    monkeypatch):
    """删除本期 of the issue whose document was open: its tabs went, but the window showed the
    start page with the other issue's tab hidden behind it (and no document open). The tab
    left comes forward."""
    from PySide6.QtWidgets import QMessageBox

    win = make_window()
    import_and_wait(qtbot, win, lincheng_files)
    lib = win.ctx.library
    first, second = lib.issues()[:2]
    kept = lib.documents(second.id)[0]
    win.open_document(kept.id)
    win.open_document(lib.documents(first.id)[0].id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    win.ask_remove_issue(first.id)
    qtbot.waitUntil(lambda: not win.ctx.jobs.busy() and lib.stats().issues == 1,
                    timeout=30000)
    qtbot.waitUntil(lambda: win.tab_doc_ids() == [kept.id])
    assert win.doc_id == kept.id and win.reader.data.doc.id == kept.id
    assert win.stack.currentIndex() == 1 and win.tabs.isVisible()


def test_an_annotation_of_a_removed_document_names_its_wenhao(make_window, qtbot,
                                                              lincheng_files):
    """After 删除本期 the 批注 panel lists the issue's annotations as 未能定位 under
    《（文件已不在资料库中）》: the 文号 the library kept for them was not shown, so nothing said
    which document they belonged to. It reads 临政办〔2024〕11号（文件已不在资料库中） now."""
    from core.annotations import make_annotation

    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    lib = win.ctx.library
    doc = next(d for d in lib.documents() if d.doc_no and "数字经济" in d.title)
    blocks = lib.blocks(doc.id)
    para = next(b for b in blocks if b.kind == "paragraph")
    lib.add_annotation(make_annotation(blocks, para.id, 0, para.id, 4, color="red", note="留存"))
    job = win.remove_issue(doc.issue_id)
    qtbot.waitUntil(lambda: job is not None and not win.ctx.jobs.busy(), timeout=30000)
    panel = win.annotations
    panel.all_mode.setChecked(True)
    qtbot.waitUntil(lambda: len(panel.model.records) == 1)
    text = panel.model.index(0, 0).data()
    assert f"{doc.doc_no.normalized}（文件已不在资料库中）" in text, text
    assert "《（" not in text


def test_copy_with_citation_says_what_it_copied(make_window, qtbot, lincheng_files):
    """Ctrl+Shift+C (复制并注明出处) put the passage and its source on the clipboard without a
    word on screen, so the clerk could not tell it had worked; the status bar says so, with
    the source."""
    from PySide6.QtGui import QGuiApplication
    from test_gui_annotations import plan_doc, select

    win = make_window()
    import_and_wait(qtbot, win, lincheng_files[:1])
    win.open_document(plan_doc(win).id)
    select(win, "市财政局")
    win.reader.copy_cite_action.trigger()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("市财政局\n——")
    message = win.statusBar().currentMessage()
    assert message.startswith("已复制并注明出处：") and plan_doc(win).title in message
    assert message.endswith(copied.split("——", 1)[1])
