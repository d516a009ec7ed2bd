"""Item 4 of the hardening drill: a gazette full of markup is shown as text everywhere.

Qt takes a tooltip or a label whose first line looks like a tag for HTML, and would load
``<img src="file:///…">`` from the disk. Every surface that shows document text must show the
markup as written: a tooltip either is plain text to Qt, or is HTML that renders to exactly the
text; a label showing it is ``Qt.PlainText``."""

from __future__ import annotations

from conftest_gui import import_and_wait, settle, wait_index
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel
from test_gui_annotations import select

from tests.fixtures.gazettes import LINCHENG, L, P, render

IMG = '<img src="file:///etc/passwd">'
BOLD = "<b>加粗</b>"


def markup_gazette(tmp_path):
    items = []
    for item in LINCHENG:
        if isinstance(item, L) and item.text == "关于印发临城市数字经济发展行动方案的通知":
            item = L(f"关于印发临城市{IMG}数字经济发展行动方案的通知")
        elif isinstance(item, P) and "推进 5G 网络建设" in item.text:
            item = P(item.text.replace("推进 5G 网络建设。", f"推进 5G 网络建设。{IMG}{BOLD}"))
        items.append(item)
    p = tmp_path / "lincheng-2024-4.txt"
    p.write_text(render(items, header="临城市人民政府公报（2024 年第 4 期）"), encoding="utf-8")
    return p


def shown(text: str) -> str:
    """What Qt shows for a tooltip or an AutoText label: the text itself, or its rendering
    when Qt takes it for rich text."""
    if not text or not GuiQt.mightBeRichText(text):
        return text or ""
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def rendered_images(text: str) -> int:
    if not text or not GuiQt.mightBeRichText(text):
        return 0
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toHtml().count("<img")


def all_tips(model, parent=None):
    from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex

    parent = parent or QModelIndex()
    flat = isinstance(model, (QAbstractListModel, QAbstractTableModel))
    columns = 1 if isinstance(model, QAbstractListModel) else max(model.columnCount(parent), 1)
    tree = not flat
    for r in range(model.rowCount(parent)):
        for c in range(columns):
            index = model.index(r, c, parent)
            tip = index.data(Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str):
                yield tip
            if tree and c == 0 and model.hasChildren(index):
                if hasattr(model, "canFetchMore") and model.canFetchMore(index):
                    model.fetchMore(index)
                yield from all_tips(model, index)


def check_tips(tips, needle=IMG) -> int:
    seen = 0
    for tip in tips:
        assert rendered_images(tip) == 0, tip
        if needle in tip or needle in shown(tip):
            assert needle in shown(tip), tip
            seen += 1
    return seen


def test_markup_in_a_gazette_is_never_interpreted(make_window, qtbot, tmp_path):
    win = make_window()
    import_and_wait(qtbot, win, [markup_gazette(tmp_path)])
    lib = win.ctx.library
    plan = next(d for d in lib.documents() if "数字经济" in d.title)
    assert IMG in plan.title                                   # stored as written
    # the tree: the plan's tooltip shows the markup as text
    assert check_tips(all_tips(win.tree_model)) >= 1
    # search: group and hit tooltips
    wait_index(qtbot, win)
    job = win.search.run_search("网络建设")
    with qtbot.waitSignal(win.search.searched, timeout=60000):
        pass
    assert job is not None and win.search.model.rowCount() >= 1
    assert check_tips(all_tips(win.search.model)) >= 1
    # the reader, a note with markup, its hover tooltip and the 批注 panel
    win.open_document(plan.id)
    win.reader.setFocus()
    s, e = select(win, "推进 5G 网络建设")
    note = f"{IMG} 备注{BOLD}"
    win.annotator.highlight("green", note=note)
    settle(qtbot, win)
    marker = win.reader.marker_rect(win.reader.note_markers[0]).center()
    tip = win.reader.tooltip_at(marker)
    assert note in shown(tip) and rendered_images(tip) == 0
    assert check_tips(all_tips(win.annotations.model)) >= 1
    # tasks and tables panels' tooltips
    check_tips(all_tips(win.tasks.model))
    # the 添加批注 dialog quotes the passage as text
    from gui.annotations import NoteDialog

    dlg = NoteDialog(win, f"{IMG}推进 5G 网络建设")
    labels = [w for w in dlg.findChildren(QLabel) if IMG in w.text()]
    assert labels and all(w.textFormat() == Qt.TextFormat.PlainText for w in labels)
    dlg.deleteLater()
    # the 关联 panel and any other tree widget: no tooltip renders an image
    from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItemIterator

    for tree in win.findChildren(QTreeWidget):
        it = QTreeWidgetItemIterator(tree)
        while it.value():
            check_tips([it.value().toolTip(0)])
            it += 1
    # every label in the window that holds the markup shows it as text
    for w in win.findChildren(QLabel):
        if "<img" in w.text():
            assert w.textFormat() == Qt.TextFormat.PlainText or (
                w.textFormat() == Qt.TextFormat.AutoText and not GuiQt.mightBeRichText(w.text())
            ), (w.objectName(), w.text())
