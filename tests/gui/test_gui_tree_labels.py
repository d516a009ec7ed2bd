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
    win = make_window()
    model, tree = win.tree_model, win.tree
    issue = model.index(0, 0, model.index(0, 0))
    tree.expand(model.index(0, 0))
    tree.expand(issue)
    docs = [model.index(r, 0, issue) for r in range(model.rowCount(issue))]
    printed = [d.data(Qt.ItemDataRole.ToolTipRole).split("\n")[0] for d in docs]
    assert sum(t.startswith("关于印发") for t in printed) >= 5
    # what the user sees: each label elided to its row's width, as the tree paints it
    # (the 文号 aside: the reviewer saw ``许政〔2023〕N 号 关于印发许昌市“…`` on every row)
    metrics = tree.fontMetrics()
    titles = []
    for index in docs:
        tree.scrollTo(index)
        width = tree.visualRect(index).width()
        assert 0 < width < metrics.horizontalAdvance(index.data())     # narrow: elided
        seen = metrics.elidedText(index.data(), Qt.TextElideMode.ElideRight, width)
        no = corpus_library.document(index.data(ID_ROLE)).doc_no.printed
        titles.append(seen.replace(no, "").replace("…", "").strip())
    assert len(set(titles)) == len(titles), titles
    assert all(len(t) >= 8 and not t.startswith("关于") for t in titles), titles
    # the tooltip: the full title, its 文号 and issuer
    for index in docs:
        stored = corpus_library.document(index.data(ID_ROLE))
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        assert tip.split("\n")[0] == stored.title
        assert stored.doc_no.printed in tip and stored.issuers[0] in tip
