"""The 导出 PDF / 打印 dialog: scope from the tree, export on the serial pool (progress, cancel,
errors), the file opened with pypdfium2, the print preview and printing of the same PDF."""

from __future__ import annotations

import threading

import pypdfium2 as pdfium
from conftest_gui import import_and_wait, settle
from PySide6.QtCore import QItemSelectionModel, Qt
from test_gui_annotations import CTRL, NOTE, open_plan, select


def dense(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


def pdf_text(path_or_bytes) -> tuple[int, str]:
    pdf = pdfium.PdfDocument(path_or_bytes)
    try:
        text = "".join(pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf)))
        return len(pdf), text
    finally:
        pdf.close()


def annotate(win, qtbot):
    select(win, "新建 5G 基站 2000 个")
    win.annotator.highlight("yellow", note=NOTE)
    select(win, "市财政局")
    win.annotator.highlight("green")
    settle(qtbot, win)


def test_ctrl_p_export_through_worker(make_window, qtbot, lincheng_files, tmp_path):
    win = open_plan(make_window, qtbot, lincheng_files)
    annotate(win, qtbot)
    qtbot.keyClick(win.reader, Qt.Key.Key_P, CTRL | Qt.KeyboardModifier.ShiftModifier)
    dlg = win.export_dialog
    assert dlg is not None and dlg.isVisible()
    assert [s.doc_id for s in dlg.scopes()] == [win.doc_id]
    assert dlg.scopes()[0].sections == [] and not dlg.scopes()[0].annotated_only
    target = tmp_path / "out" / "摘录.pdf"
    target.parent.mkdir()
    dlg.path.setText(str(target))
    seen = []
    dlg.progress.valueChanged.connect(seen.append)
    with qtbot.waitSignal(dlg.exported, timeout=60000) as got:
        dlg.export_btn.click()
    result = got.args[0]
    assert target.is_file() and result.path == target
    pages, text = pdf_text(target)
    assert pages == result.pages >= 1 and result.notes == 1
    assert result.annotations == 2 and "批注 2 条" in dlg.status.text()     # as listed
    assert dense(NOTE) in dense(text) and "新建5G基站2000个" in dense(text)
    assert seen and seen[-1] == 100
    qtbot.waitUntil(lambda: dlg.job is None, timeout=30000)         # ``done`` follows ``finished``
    assert "已导出" in dlg.status.text() and dlg.export_btn.isEnabled()
    assert "批注 2 条" in dlg.status.text()     # both annotations, as the tree and the CLI count
    assert [p.name for p in target.parent.iterdir()] == ["摘录.pdf"]      # no temp file


def test_tree_selection_sections_and_annotated_only(make_window, qtbot, lincheng_files,
                                                   tmp_path):
    win = open_plan(make_window, qtbot, lincheng_files)
    annotate(win, qtbot)
    model, tree = win.tree_model, win.tree
    doc_index = model.index_of(win.doc_id, win.doc_id)
    tree.expand(doc_index)
    top = model.index(0, 0, doc_index)
    first, second = model.index(0, 0, top), model.index(1, 0, top)      # two subsections
    assert first.isValid() and second.isValid()
    sel = tree.selectionModel()
    sel.select(first, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    sel.select(second, QItemSelectionModel.SelectionFlag.Select)
    dlg = win.export_pdf([win.doc_id], from_tree=True)
    scope = dlg.scopes()[0]
    assert scope.sections == [model.node(first).id, model.node(second).id]
    dlg.annotated_only.setChecked(True)
    dlg.notes_below.setChecked(True)
    assert dlg.options() == {"notes": "below", "excerpt_note": True}
    dlg.path.setText(str(tmp_path / "节选.pdf"))
    with qtbot.waitSignal(dlg.exported, timeout=60000) as got:
        dlg.export()
    assert got.args[0].documents == 1 and (tmp_path / "节选.pdf").is_file()


def test_several_documents(make_window, qtbot, lincheng_files, tmp_path):
    win = open_plan(make_window, qtbot, lincheng_files)
    annotate(win, qtbot)
    ids = [d.id for d in win.ctx.library.documents()]
    dlg = win.export_pdf(ids)
    assert [s.doc_id for s in dlg.scopes()] == ids
    dlg.path.setText(str(tmp_path / "两份.pdf"))
    with qtbot.waitSignal(dlg.exported, timeout=60000) as got:
        dlg.export()
    assert got.args[0].documents == 2
    _, text = pdf_text(tmp_path / "两份.pdf")
    for doc in win.ctx.library.documents():
        assert dense(doc.title) in dense(text)


def test_cancel_and_failure_leave_no_file(make_window, qtbot, lincheng_files, tmp_path):
    win = open_plan(make_window, qtbot, lincheng_files)
    annotate(win, qtbot)
    dlg = win.export_pdf()
    target = tmp_path / "取消.pdf"
    dlg.path.setText(str(target))
    gate = threading.Event()            # hold the serial pool so that 取消 comes first
    blocker = win.ctx.jobs.submit(lambda *a: gate.wait(30), "等待")
    job = dlg.export()
    assert dlg.close_btn.text() == "取消" and not dlg.export_btn.isEnabled()
    cancelled = []
    job.signals.cancelled.connect(lambda: cancelled.append(True))   # before the job can emit
    dlg.close_btn.click()
    gate.set()
    qtbot.waitUntil(lambda: bool(cancelled) and dlg.job is None and blocker not in win.ctx.jobs._alive,
                    timeout=60000)
    assert not target.exists() and "已取消" in dlg.status.text()
    assert dlg.close_btn.text() == "关闭" and dlg.isVisible()
    errors = []
    dlg.show_error = errors.append
    (tmp_path / "file").write_text("x")
    dlg.path.setText(str(tmp_path / "file" / "sub" / "x.pdf"))     # a file as a folder
    dlg.export()          # the dialog connected its handlers before starting the job
    qtbot.waitUntil(lambda: dlg.job is None and bool(errors), timeout=60000)
    assert len(errors) == 1 and errors[0] == dlg.status.text()
    assert not (tmp_path / "file" / "sub").exists()


def test_print_preview_and_print(make_window, qtbot, lincheng_files, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from gui.printing import make_preview, paint_pdf, setup_printer

    win = open_plan(make_window, qtbot, lincheng_files)
    annotate(win, qtbot)
    dlg = win.export_pdf()
    got_data = []
    dlg.open_preview = got_data.append
    with qtbot.waitSignal(dlg.previewReady, timeout=60000):
        dlg.preview_btn.click()
    data = got_data[0]
    pages, text = pdf_text(data)
    assert data.startswith(b"%PDF") and dense(NOTE) in dense(text)
    assert len(dlg.preview_images) == pages                  # rendered by the job
    preview = make_preview(dlg, data, "测试", dlg.preview_images)
    preview.show()
    qtbot.waitUntil(lambda: preview.painted == pages, timeout=30000)
    preview.close()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    setup_printer(printer, "测试")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert paint_pdf(printer, data) == pages
    printed = pdfium.PdfDocument(str(tmp_path / "printed.pdf"))
    assert len(printed) == pages
    w, h = printed[0].get_size()
    printed.close()
    assert abs(w - 595.3) < 2 and abs(h - 841.9) < 2                  # A4


def test_tree_context_export_and_empty(make_window, qtbot, lincheng_files):
    win = make_window()
    assert win.export_pdf() is None                      # nothing open: a message, no dialog
    assert "请先打开一份文件" in win.statusBar().currentMessage()
    import_and_wait(qtbot, win, lincheng_files[:1])
    doc = win.ctx.library.documents()[0]
    dlg = win.export_pdf([doc.id], from_tree=True)
    assert [s.doc_id for s in dlg.scopes()][0] == doc.id
