"""The library search: query box with filters, results grouped by document, recent searches.

Searches run on the jobs' reader pool (each worker opens its own Library); the panel emits
``openHit(doc_id, block_id, offset, query)`` when the user activates a result.
"""

from __future__ import annotations

import math
from collections import OrderedDict

from PySide6.QtCore import QEvent, QModelIndex, QRectF, QSize, QStringListModel, Qt, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..models import BLOCK_ROLE, DOC_ROLE, KIND_ROLE, SPANS_ROLE
from ..models.search_results import HTML_ROLE, SearchResultsModel
from ..ops import run_op

MAX_RECENT = 15
PAGE = 30              # documents per page of results; the next page loads on scroll
HITS = 5               # hits built per document; 还有 N 段 builds the rest on request
SORTS = (("相关度", "relevance"), ("日期", "date"))


class HtmlDelegate(QStyledItemDelegate):
    """Paints a row's HTML_ROLE (hits marked) instead of its plain text.

    The row height is the HTML laid out at the width the row is painted at: the column
    width less the tree's indentation of that row (Qt hands ``sizeHint`` no usable width).
    """

    MARGIN = 2
    CACHE = 64             # laid-out rows kept (a screenful and more): a repaint builds nothing

    def __init__(self, parent=None):
        super().__init__(parent)
        self._cache: OrderedDict[tuple, QTextDocument] = OrderedDict()

    def _document(self, option, index, width: int) -> QTextDocument:
        html = index.data(HTML_ROLE) or ""
        key = (html, max(50, width), option.font.key())
        doc = self._cache.get(key)
        if doc is not None:
            self._cache.move_to_end(key)
            return doc
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(self.MARGIN)
        doc.setHtml(html)
        doc.setTextWidth(max(50, width))
        self._cache[key] = doc
        if len(self._cache) > self.CACHE:
            self._cache.popitem(last=False)
        return doc

    def row_width(self, option, index) -> int:
        """The width ``index`` is painted at: its column less the indentation of its level."""
        view = self.parent()
        if not isinstance(view, QTreeView):
            return option.rect.width() if option.rect.width() > 0 else 320
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        if view.rootIsDecorated():
            depth += 1
        column = view.columnWidth(index.column()) or view.viewport().width()
        return column - depth * view.indentation()

    def paint(self, painter, option, index) -> None:
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter,
                              option.widget)
        doc = self._document(option, index, option.rect.width())
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        doc.drawContents(painter)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        width = self.row_width(option, index)
        doc = self._document(option, index, width)
        return QSize(max(50, width), math.ceil(doc.size().height()) + 2)


class ResultsView(QTreeView):
    """The results tree; word-wrapped rows get their heights again when the width changes."""

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.Resize and \
                event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()
        return super().viewportEvent(event)


class SearchPanel(QWidget):
    """Signals: ``openHit(doc_id, block_id, offset, terms)`` (the query's terms, parsed once
    when the search starts, for the reader to mark); ``searchStarted(query)``;
    ``searched(results)``."""

    openHit = Signal(str, str, int, object)
    searchStarted = Signal(str)
    searched = Signal(object)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self.ctx = ctx
        self.job = None
        self.page_job = None
        self.count_job = None               # the exact count of the shown results' totals
        self.exact = None                   # its result (index.Totals), once counted
        self.last_query = ""
        self.last_filters: dict = {}
        self.terms: list[str] = []          # the last query's terms (index.parse_query)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        self.query = QLineEdit()
        self.query.setPlaceholderText("检索全部公报：关键词、“精确短语”、文号……（Enter 检索）")
        self.query.setToolTip("筛选：文号:  发文机关:  文种:  年:  期:  状态:有效 / 已废止 / 已到期")
        self.query.setClearButtonEnabled(True)
        self.recent = QStringListModel(self._load_recent(), self)
        completer = QCompleter(self.recent, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.query.setCompleter(completer)
        lay.addWidget(self.query)
        grid = QGridLayout()
        grid.setHorizontalSpacing(4)
        self.year = QComboBox()
        self.issue = QComboBox()
        self.doc_type = QComboBox()
        self.issuer = QComboBox()
        self.issuer.setEditable(True)
        self.sort = QComboBox()
        for label, key in SORTS:
            self.sort.addItem(label, key)
        for combo in (self.year, self.issue, self.doc_type, self.issuer, self.sort):
            # Long entries (期 labels, issuers) must not widen the dock.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(4)
        for i, (label, w) in enumerate((("年份", self.year), ("期", self.issue),
                                        ("文种", self.doc_type), ("发文机关", self.issuer),
                                        ("排序", self.sort))):
            r, c = divmod(i, 2)
            grid.addWidget(QLabel(label), r, c * 2)
            grid.addWidget(w, r, c * 2 + 1)
        self.go = QPushButton("检索")
        grid.addWidget(self.go, 2, 2, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        lay.addLayout(grid)
        self.summary = QLabel("输入关键词后按 Enter 检索。")
        self.summary.setObjectName("searchSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)      # the query, never HTML
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.model = SearchResultsModel(self)
        self.view = ResultsView()
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setWordWrap(True)
        self.view.setUniformRowHeights(False)
        self.view.setItemDelegate(HtmlDelegate(self.view))
        self.model.modelReset.connect(self.view.itemDelegate()._cache.clear)   # a new search
        self.view.setIndentation(14)
        lay.addWidget(self.view, 1)
        self.query.returnPressed.connect(self.run_search)
        self.go.clicked.connect(self.run_search)
        self.view.activated.connect(self.activate)
        self.view.clicked.connect(self.activate)     # one click opens the hit, as in the tree
        self.view.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.query.installEventFilter(self)
        ctx.changed.connect(lambda change: change.issues and self.refresh_filters())
        self.refresh_filters()

    # -- filters and recent searches ------------------------------------------------------
    def refresh_filters(self) -> None:
        lib = self.ctx.library
        issues = lib.issues()
        docs = lib.documents()
        self._fill(self.year, "全部年份", sorted({str(i.year) for i in issues if i.year},
                                              reverse=True))
        self.issue.clear()
        self.issue.addItem("全部期", None)
        for i in issues:
            self.issue.addItem(i.label, i.id)
        self._fill(self.doc_type, "全部文种", sorted({d.doc_type for d in docs if d.doc_type}))
        self._fill(self.issuer, "", sorted({n for d in docs for n in d.issuers}))
        self.issuer.lineEdit().setPlaceholderText("全部机关")

    @staticmethod
    def _fill(combo: QComboBox, all_label: str, values: list[str]) -> None:
        current = combo.currentText()
        combo.clear()
        combo.addItem(all_label, None)
        for v in values:
            combo.addItem(v, v)
        if current and combo.findText(current) > 0:
            combo.setCurrentIndex(combo.findText(current))

    def _load_recent(self) -> list[str]:
        value = self.ctx.settings.value("search/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _remember(self, query: str) -> None:
        items = [query] + [q for q in self.recent.stringList() if q != query]
        items = items[:MAX_RECENT]
        self.recent.setStringList(items)
        self.ctx.settings.setValue("search/recent", items)

    def filters(self) -> dict:
        issuer = self.issuer.currentText().strip()
        return {"year": self.year.currentData(), "issue_id": self.issue.currentData(),
                "doc_type": self.doc_type.currentData(), "issuer": issuer or None,
                "sort": self.sort.currentData() or "relevance"}

    # -- searching ------------------------------------------------------------------------
    def run_search(self, query: str | None = None):
        """Start a search on the reader pool; returns the job (tests wait on it)."""
        text = (query if isinstance(query, str) else self.query.text()).strip()
        if query is not None and isinstance(query, str):
            self.query.setText(text)
        if not text:
            return None
        from index import parse_query

        self.last_query = text
        self.terms = list(parse_query(text).terms)
        self.searchStarted.emit(text)
        self._remember(text)
        filters = self.filters()
        self.last_filters = filters
        self._stop_count()
        self.summary.setText("正在检索……")

        def work(wctx, progress, cancel):
            from index import search_with_status  # 状态:有效/已废止/已到期

            return search_with_status(wctx.index(), wctx.library, text, limit=PAGE,
                                      max_hits=HITS, **filters)

        if self.job is not None:
            self.job.cancel()
        self.job = run_op(self.ctx.jobs, work, "检索", pool="reader", on_success=self._show,
                          on_failure=self._failed)
        return self.job

    def _show(self, results) -> None:
        if results.query != self.last_query:
            return
        self.page_job = None
        self.model.set_results(results)
        if results.total_docs or results.groups:
            if not results.total_exact:
                self._start_count()
            self._summarize(results)
            self.view.expand(self.model.index(0, 0))     # the first document's hits only
            self.view.setCurrentIndex(self.model.index(0, 0))
        else:
            self.summary.setText(f"“{results.query}”：没有找到匹配的内容。")
        self.searched.emit(results)

    def _summarize(self, results) -> None:
        self._apply_exact(results)
        shown = len(self.model.groups)
        about = "" if results.total_exact else "约 "
        more = "" if shown >= results.total_docs else f"（已显示 {shown} 份，向下滚动显示更多）"
        counting = "，正在精确计数" if self.count_job is not None else ""
        self.summary.setText(f"“{results.query}”：{about}{results.total_docs} 份文件，"
                             f"{about}{results.total_hits} 段{more}，用时 "
                             f"{results.elapsed_ms:.0f} 毫秒{counting}")

    # -- the exact count: estimated totals (约) are counted in the background -------------
    def _start_count(self):
        """Count the current results' totals exactly on the reader pool (after the first
        page is shown); returns the job. A new search cancels it."""
        self._stop_count()
        text, filters = self.last_query, dict(self.last_filters)

        def work(wctx, progress, cancel):
            from index import exact_totals_with_status

            return (text, filters), exact_totals_with_status(
                wctx.index(), wctx.library, text, cancel=cancel, **filters)

        self.count_job = run_op(self.ctx.jobs, work, "计数", pool="reader",
                                on_success=self._counted, on_failure=self._count_failed)
        return self.count_job

    def _stop_count(self) -> None:
        if self.count_job is not None:
            self.count_job.cancel()
        self.count_job = None
        self.exact = None

    def _counted(self, outcome) -> None:
        asked, totals = outcome
        if asked != (self.last_query, self.last_filters) or self.model.results is None:
            return              # counted for an earlier search
        self.count_job = None
        self.exact = totals
        self._summarize(self.model.results)

    def _count_failed(self, _message: str) -> None:
        self.count_job = None           # the estimate stays (约); the search itself worked
        if self.model.results is not None and self.model.results.query == self.last_query:
            self._summarize(self.model.results)

    def _apply_exact(self, results) -> None:
        """Give ``results`` (a page of the current query) the exact totals once counted."""
        if self.exact is not None and results.query == self.last_query:
            results.total_docs, results.total_hits = self.exact
            results.total_exact = True

    # -- paging: the next page is searched when the list is scrolled to its end ----------
    def has_more(self) -> bool:
        r = self.model.results
        return r is not None and len(self.model.groups) < r.total_docs and \
            self.model.results.query == self.last_query

    def _scrolled(self, value: int) -> None:
        if value >= self.view.verticalScrollBar().maximum() - 2:
            self.fetch_more()

    def fetch_more(self):
        """Search the next page of the current results; returns the job (or None)."""
        if self.page_job is not None or not self.has_more():
            return None
        text, filters, offset = self.last_query, dict(self.last_filters), len(self.model.groups)

        def work(wctx, progress, cancel):
            from index import search_with_status

            return search_with_status(wctx.index(), wctx.library, text, limit=PAGE,
                                      offset=offset, max_hits=HITS, **filters)

        self.page_job = run_op(self.ctx.jobs, work, "检索", pool="reader",
                               on_success=self._append, on_failure=self._failed)
        return self.page_job

    def _append(self, results) -> None:
        self.page_job = None
        if results.query != self.last_query or self.model.results is None:
            return
        self.model.append_results(results)        # folded: a click or Enter opens
        self._summarize(results)

    def _failed(self, message: str) -> None:
        self.summary.setText(message)

    def show_all_hits(self, doc_id: str):
        """Build every hit of one result (a page builds the first :data:`HITS`); returns
        the job (or None when there is nothing to build)."""
        text = self.last_query
        if not text or doc_id in self.model.complete:
            return None

        def work(wctx, progress, cancel):
            from index import search_with_status

            return search_with_status(wctx.index(), wctx.library, text, doc_id=doc_id,
                                      limit=1)

        def done(results) -> None:
            if results.query != self.last_query:
                return
            group = next((g for g in results.groups if g.doc_id == doc_id), None)
            if group is not None:
                self.model.set_hits(doc_id, group.hits)

        return run_op(self.ctx.jobs, work, "检索", pool="reader", on_success=done,
                      on_failure=self._failed)

    def activate(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        if index.data(KIND_ROLE) == "more":
            self.show_all_hits(index.data(DOC_ROLE))
            return
        doc_id = index.data(DOC_ROLE)
        block_id = index.data(BLOCK_ROLE) or ""
        offset = 0
        if index.data(KIND_ROLE) == "hit":
            spans = index.data(SPANS_ROLE) or []
            offset = spans[0][0] if spans else 0
        elif index.data(KIND_ROLE) == "group":
            child = self.model.index(0, 0, index)
            spans = child.data(SPANS_ROLE) if child.isValid() else []
            offset = spans[0][0] if spans else 0
        self.openHit.emit(doc_id, block_id, offset, list(self.terms))

    def show_current(self, doc_id: str) -> None:
        """The results follow the reader (F3 into the next document): ``doc_id``'s row is the
        current one, in view and unfolded; nothing is opened."""
        row = next((i for i, g in enumerate(self.model.groups) if g.doc_id == doc_id), None)
        if row is None:
            return
        index = self.model.index(row, 0)
        self.view.expand(index)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def cancel_search(self) -> bool:
        """Esc while searching: the running search is dropped; True when there was one."""
        if self.job is None or self.summary.text() != "正在检索……":
            return False
        self.job.cancel()
        self._stop_count()
        self.last_query = ""           # its results, when they come, are not shown
        self.summary.setText("已取消检索。")
        return True

    def eventFilter(self, obj, event) -> bool:
        """In the query box: Down moves into the results; Esc cancels a running search."""
        if obj is self.query and event.type() == QEvent.Type.KeyPress:
            popup = self.query.completer().popup() if self.query.completer() else None
            if popup is not None and popup.isVisible():
                return False
            if event.key() == Qt.Key.Key_Down and self.model.rowCount():
                self.view.setFocus()
                if not self.view.currentIndex().isValid():
                    self.view.setCurrentIndex(self.model.index(0, 0))
                return True
            if event.key() == Qt.Key.Key_Escape and self.cancel_search():
                return True
        return super().eventFilter(obj, event)

    def focus_query(self) -> None:
        self.query.setFocus()
        self.query.selectAll()

    def sizeHint(self) -> QSize:       # the dock's initial width at 1366×768
        return QSize(280, super().sizeHint().height())
