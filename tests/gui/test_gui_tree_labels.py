"""Documents in the library tree can be told apart at the default width (review minor 8): the
label starts with the distinctive part of the title; the tooltip has the whole title."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.model import Document
from core.wenhao import parse_doc_no
from gui.models import ID_ROLE
from gui.models.library_tree import doc_label, short_title


def doc(title: str, issuers: list[str], no: str | None = None) -> Document:
    return Document(id="d", issue_id="i", order=1, title=title, issuers=issuers,
                    doc_no=parse_doc_no(no) if no else None)


def test_short_title_keeps_the_distinctive_part():
    assert short_title(doc("关于印发许昌市“十四五”老龄事业发展规划的通知", ["许昌市人民政府"])) \
        == "“十四五”老龄事业发展规划"
    assert short_title(doc("国务院办公厅关于印发《促进创业投资高质量发展的若干政策措施》的通知",
                           ["国务院办公厅"])) == "促进创业投资高质量发展的若干政策措施"
    assert short_title(doc("国务院关于进一步优化外商投资环境加大吸引外商投资力度的意见", ["国务院"])) \
        == "进一步优化外商投资环境加大吸引外商投资力度的意见"
    assert short_title(doc("关于印发郑州市惠企资金直达管理暂行办法的通知",
                           ["郑州市财政局", "郑州市发展和改革委员会"])) == "惠企资金直达管理暂行办法"
    # nothing left that means anything: the whole title
    assert short_title(doc("开封市人民政府令", ["开封市人民政府"])) == "开封市人民政府令"
    # the issuer's place before 人民政府 is part of the name of the text
    assert short_title(doc("关于印发许昌市人民政府 2023 年度立法计划的通知", ["许昌市人民政府办公室"])) \
        == "许昌市人民政府 2023 年度立法计划"
    assert doc_label(doc("关于印发临城市数字经济发展行动方案的通知", ["临城市人民政府办公室"],
                         "临政办〔2024〕11 号")) == "数字经济发展行动方案  临政办〔2024〕11 号"


def test_tree_labels_differ_at_default_width(make_window, qtbot, corpus_library):
    """At a 1280×720 screen's window: every document's label shows its 文号 whole and enough
    of its title to tell the sample issue's five “十四五” plans apart (with the 文号 kept
    whole, the tree's 20 px indentation left them all ``“十四五”…``)."""
    win = make_window()
    win.resize(1272, 684)
    win.resizeDocks([win.tree_dock], [280], Qt.Orientation.Horizontal)    # as it opens there
    model, tree = win.tree_model, win.tree
    issue = model.index(0, 0, model.index(0, 0))
    tree.expand(model.index(0, 0))
    tree.expand(issue)
    docs = [model.index(r, 0, issue) for r in range(model.rowCount(issue))]
    printed = [d.data(Qt.ItemDataRole.ToolTipRole).split("\n")[0] for d in docs]
    assert sum(t.startswith("关于印发") for t in printed) >= 5
    qtbot.waitUntil(lambda: tree.viewport().width() < 285)
    # what the user sees: each label as the tree paints it (the reviewer saw
    # ``许政〔2023〕N 号 关于印发许昌市“…`` on every row)
    metrics = tree.fontMetrics()
    titles = []
    for index in docs:
        tree.scrollTo(index)
        assert 0 < tree.visualRect(index).width() < metrics.horizontalAdvance(index.data())
        seen = painted(tree, index)
        no = corpus_library.document(index.data(ID_ROLE)).doc_no.printed
        assert seen.endswith("  " + no), seen
        titles.append(seen[: -len(no)].replace("…", "").strip())
    assert len(set(titles)) == len(titles), titles
    assert all(len(t) >= 6 and not t.startswith("关于") for t in titles), titles
    # the tooltip: the full title, its 文号 and issuer
    for index in docs:
        stored = corpus_library.document(index.data(ID_ROLE))
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        assert tip.split("\n")[0] == stored.title
        assert stored.doc_no.printed in tip and stored.issuers[0] in tip


def painted(tree, index) -> str:
    """The text the tree paints for ``index``: the label its delegate gives, elided as the
    view elides what does not fit in the row's text rectangle."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    from gui.views.treelabels import text_width

    opt = QStyleOptionViewItem()
    tree.initViewItemOption(opt)
    opt.rect = tree.visualRect(index)
    tree.itemDelegateForIndex(index).initStyleOption(opt, index)
    return opt.fontMetrics.elidedText(opt.text, tree.textElideMode(), text_width(opt, tree))


def test_a_narrow_tree_shows_each_document_s_wenhao_whole(make_window, qtbot, lincheng_files):
    """The 资料库 panel is about 280 px wide at 1280×720: a document's label was elided in its
    middle, so its 文号 lost the 机关代字 (许政〔2023〕5号 and 许政办〔2023〕5号 both read
    ``…2023〕5 号``). The title is shortened now, the 文号 whole, also beside an annotation
    count; a heading is shortened at its end (its numbering stays)."""
    from conftest_gui import import_and_wait

    win = make_window()
    import_and_wait(qtbot, win, lincheng_files)
    model, tree = win.tree_model, win.tree
    win.tree_dock.setFloating(True)
    win.tree_dock.resize(270, 500)
    year = model.index(0, 0)
    tree.expand(year)
    issue = model.index(0, 0, year)
    tree.expand(issue)
    docs = [model.index(r, 0, issue) for r in range(model.rowCount(issue))]
    numbered = [d for d in docs if win.ctx.library.document(d.data(ID_ROLE)).doc_no]
    assert len(numbered) >= 2
    model.counts[numbered[0].data(ID_ROLE)] = 12        # a count badge takes room too
    metrics = tree.fontMetrics()
    for index in numbered:
        doc = win.ctx.library.document(index.data(ID_ROLE))
        no = doc.doc_no.printed
        assert metrics.horizontalAdvance(index.data()) > tree.visualRect(index).width()
        seen = painted(tree, index)
        assert seen.endswith("  " + no), seen
        assert seen[0] == index.data()[0] and "…" in seen, seen
    tree.expand(numbered[-1])
    qtbot.waitUntil(lambda: model.rowCount(numbered[-1]) > 0)
    heading = model.index(0, 0, numbered[-1])
    text = heading.data()
    seen = painted(tree, heading)
    assert seen == text or (seen.endswith("…") and text.startswith(seen[:-1])), seen
