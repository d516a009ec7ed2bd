"""The 表格 panel: the open document's tables as grids, with export and copy; or (本期概要)
every table of the issue, grouped under its document, exported together."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..models.tables import TableGridModel
from .saving import ask_and_write

HEADER_ALIGNMENT = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap


def table_label(t) -> str:
    page = ""
    if t.first_page:
        about = "约" if getattr(t, "pages_estimated", False) else ""
        page = f"（{about}第{t.first_page}页）" if t.last_page in (None, t.first_page) else \
            f"（{about}第{t.first_page}–{t.last_page}页）"
    marks = ""
    if t.structure == "partial":
        marks += " · 部分结构化"
    if any(not c["ok"] for c in t.checks):
        marks += " · ✗ 核对不符"
    return f"{t.ordinal}. {t.caption or '未命名表格'}{page}{marks}"


def checks_html(table) -> str:
    """The table's checks against the totals its text states (✓, or the difference in red),
    and how many rows were kept whole."""
    from html import escape

    from core.extract.checks import check_message

    parts = []
    for check in table.checks:
        text = escape(check_message(check))
        parts.append(f'<span style="color:#2e7d32">{text}</span>' if check["ok"] else
                     f'<span style="color:#c62828"><b>✗ {text}</b></span>')
    if table.structure == "partial":
        parts.append(f'<span style="color:#8d6e00">部分结构化：{len(table.raw_rows)} 行未能可靠分列，'
                     "按原文整行保存</span>")
    return "核对：" + "；".join(parts) if table.checks else "；".join(parts)


def document_label(doc) -> str:
    """A document as the picker's group heading: its 文号 and title (the title alone when it
    has no 文号), the title cut at 30 characters."""
    title = " ".join((doc.title or "").split())
    title = title if len(title) <= 30 else title[:29] + "…"
    return f"{doc.doc_no.printed}  {title}" if doc.doc_no else title


def table_file_name(table, doc) -> str:
    """A default file name for a table: its caption when short, else the document's 文号 (or
    title) and the table's number — never a caption cut in the middle."""
    from core.export.atomic import safe_filename

    caption = " ".join((table.caption or "").split())
    if caption and len(caption) <= 24:
        return safe_filename(caption, "表格")
    source = doc.doc_no.printed if doc is not None and doc.doc_no else \
        (doc.title if doc is not None else "")
    source = safe_filename(" ".join(source.split()), "", 40)
    return f"{source} 表{table.ordinal}".strip() if source else f"表{table.ordinal}"


class TablesPanel(QWidget):
    """The tables of the document shown (:meth:`set_tables`) or of an issue
    (:meth:`set_issue`, 本期概要: grouped under their document in the picker). Signals:
    ``jump(doc_id, block_id)`` to show a table in its document (在正文中显示, or a row of the
    grid activated)."""

    jump = Signal(str, str)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.setObjectName("tablesPanel")
        self.ctx = ctx
        self.tables: list = []
        self.issue = None              # 本期概要: the issue whose tables are listed
        self.documents: dict = {}      # doc id → Document (issue mode)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        self.picker = QComboBox()
        lay.addWidget(self.picker)
        self.info = QLabel("打开文件后，这里列出其中的表格。")
        self.info.setWordWrap(True)
        lay.addWidget(self.info)
        self.source = QLabel()         # issue mode: the current table's document
        self.source.setObjectName("tableSource")
        self.source.setTextFormat(Qt.TextFormat.PlainText)       # document text, never HTML
        self.source.setWordWrap(True)
        self.source.hide()
        lay.addWidget(self.source)
        self.checks = QLabel()
        self.checks.setObjectName("tableChecks")
        self.checks.setWordWrap(True)
        self.checks.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.checks)
        self.model = TableGridModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(False)
        # headers wrap (一级指标, 2020年基数 on two lines in a narrow column) and the header is
        # as tall as the most wrapped one: never a header clipped on both sides
        self.view.horizontalHeader().setDefaultAlignment(HEADER_ALIGNMENT)
        self.view.horizontalHeader().sectionResized.connect(self._fit_header_height)
        self.view.verticalHeader().setDefaultSectionSize(24)
        lay.addWidget(self.view, 1)
        # the grid is fitted in later slices of the event loop, once the panel is in view:
        # opening a document with a long table does not wait for it (see ``_fit_later``)
        self._unfitted = False
        self._rows_done = 0
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_step)
        # two rows of two: four buttons in one row were cut off at the panel's usual width
        buttons = QGridLayout()
        self.xlsx_btn = QPushButton("导出 Excel")
        self.csv_btn = QPushButton("导出 CSV")
        self.copy_btn = QPushButton("复制")
        self.show_btn = QPushButton("在正文中显示")
        for i, b in enumerate((self.xlsx_btn, self.csv_btn, self.copy_btn, self.show_btn)):
            buttons.addWidget(b, i // 2, i % 2)
        self.all_btn = QPushButton("导出本期全部表格")
        self.all_btn.setToolTip("本期的全部表格写成一个 Excel 文件：目录一页，每张表格一页")
        self.all_btn.hide()
        buttons.addWidget(self.all_btn, 2, 0, 1, 2)
        lay.addLayout(buttons)
        self.picker.currentIndexChanged.connect(self._pick)
        self.view.activated.connect(self._show_in_reader)     # a row: its table in the text
        self.all_btn.clicked.connect(self.ask_export_all)
        self.xlsx_btn.clicked.connect(lambda: self.ask_export("xlsx"))
        self.csv_btn.clicked.connect(lambda: self.ask_export("csv"))
        self.copy_btn.clicked.connect(self.copy)
        self.show_btn.clicked.connect(self._show_in_reader)
        self.set_tables([])

    def set_tables(self, tables: list, hint: str | None = None) -> None:
        """The tables of the document shown; ``hint`` replaces 本文件没有表格 when no document
        is."""
        self.issue, self.documents = None, {}
        self._fill(list(tables))
        self.info.setText(f"本文件共有 {len(self.tables)} 个表格。" if self.tables
                          else hint or "本文件没有表格。")

    def set_issue(self, issue_id: str) -> None:
        """本期概要: every table of the issue, grouped under its document in the picker (a
        heading that cannot be chosen), the current table's document named above it."""
        lib = self.ctx.library
        self.issue = lib.issue(issue_id)
        self.documents = {d.id: d for d in lib.documents(issue_id)}
        self._fill(lib.tables(issue_id=issue_id))
        docs = len({t.doc_id for t in self.tables})
        self.info.setText(f"本期共有 {len(self.tables)} 个表格，来自 {docs} 份文件。"
                          if self.tables else "本期没有表格。")

    def _fill(self, tables: list) -> None:
        self.tables = tables
        self.picker.blockSignals(True)
        self.picker.clear()
        last = None
        for i, t in enumerate(self.tables):
            doc = self.documents.get(t.doc_id)
            if doc is not None and t.doc_id != last:       # issue mode: the group heading
                last = t.doc_id
                self.picker.addItem(document_label(doc), None)
                item = self.picker.model().item(self.picker.count() - 1)
                item.setEnabled(False)
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.picker.addItem(("    " if doc is not None else "") + table_label(t), i)
        self.picker.blockSignals(False)
        has = bool(self.tables)
        for w in (self.picker, self.xlsx_btn, self.csv_btn, self.copy_btn, self.show_btn):
            w.setEnabled(has)
        self.all_btn.setVisible(self.issue is not None)
        self.all_btn.setEnabled(has)
        self.source.setVisible(self.issue is not None and has)
        first = next((k for k in range(self.picker.count())
                      if self.picker.itemData(k) is not None), -1)
        if first >= 0 and self.picker.currentIndex() != first:
            self.picker.setCurrentIndex(first)     # past the first group heading: → _pick
        else:
            self._pick(first)

    def _pick(self, i: int) -> None:
        n = self.picker.itemData(i) if i >= 0 else None
        table = self.tables[n] if n is not None and 0 <= n < len(self.tables) else None
        self.model.set_table(table)
        self.view.clearSpans()
        self.checks.setText(checks_html(table) if table is not None else "")
        self.checks.setVisible(bool(table is not None and (table.checks or table.raw_rows)))
        doc = self.documents.get(table.doc_id) if table is not None else None
        self.source.setText(f"来自：{doc.doc_no.printed + ' ' if doc.doc_no else ''}"
                            f"《{doc.title}》" if doc is not None else "")
        if table is not None:
            for r in self.model.spanning_rows():    # group labels, rows kept whole
                self.view.setSpan(r, 0, 1, max(1, self.model.columnCount()))
            for first, count in self.model.label_spans:     # a label spanning its rows
                self.view.setSpan(first, 0, count, 1)
            self._fit_later()

    ROWS_PER_STEP = 16

    def _fit_later(self) -> None:
        """Fit the grid soon: the columns and the first rows' heights in the next slice of the
        event loop, the other rows' heights ``ROWS_PER_STEP`` at a time after it; not before
        the panel is shown (a closed dock)."""
        self._unfitted, self._rows_done = True, 0
        if self.isVisible():
            self._fit_timer.start()

    def _fit_step(self) -> None:
        if self.current_table() is None or not self.isVisible():
            return
        n = self.model.rowCount()
        if self._unfitted:
            self._unfitted = False
            self.fit_columns(rows=False)
        end = min(n, self._rows_done + self.ROWS_PER_STEP)
        for r in range(self._rows_done, end):
            self.view.resizeRowToContents(r)
        self._rows_done = end
        if end < n:
            self._fit_timer.start()

    def fitting(self) -> bool:
        """True while the grid's columns or rows are still to be fitted."""
        return self.current_table() is not None and (
            self._unfitted or self._rows_done < self.model.rowCount())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.fitting():
            self._fit_timer.start()

    def fit_columns(self, rows: bool = True) -> None:
        """Every column in view (the amount column last included): columns as wide as their
        contents, the wide ones narrowed (their cells wrap) until the grid fits the panel;
        the user may still drag them wider."""
        view, n = self.view, self.model.columnCount()
        self._unfitted = False
        if not n:
            self._fit_header_height()
            return
        view.resizeColumnsToContents()
        # a column is never narrowed below what its header needs on two lines
        floors = [max(48, min(self.header_width(c), 260)) for c in range(n)]
        widths = [max(min(view.columnWidth(c), 260), floors[c]) for c in range(n)]
        room = view.viewport().width() - 2
        while sum(widths) > room:
            above = [c for c in range(n) if widths[c] > floors[c]]
            if not above:
                break
            widest = max(widths[c] for c in above)
            over = sum(widths) - room
            wide = [c for c in above if widths[c] == widest]
            second = max([widths[c] for c in above if widths[c] < widest] or [0])
            cut = max(1, min(widest - second, -(-over // len(wide))))
            for c in wide:
                widths[c] = max(floors[c], widths[c] - cut)
        for c, w in enumerate(widths):
            view.setColumnWidth(c, w)
        self._fit_header_height()
        if rows:
            view.resizeRowsToContents()
            self._rows_done = self.model.rowCount()
        else:
            self._rows_done = 0

    def _header_margin(self) -> int:
        header = self.view.horizontalHeader()
        return header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)

    def header_text_rect(self, section: int, width: int) -> QRect:
        """The rectangle the header of ``section`` takes wrapped in a column ``width`` wide."""
        header = self.view.horizontalHeader()
        text = str(self.model.headerData(section, Qt.Orientation.Horizontal) or "")
        inner = max(1, width - 2 * self._header_margin())
        return QFontMetrics(header.font()).boundingRect(QRect(0, 0, inner, 100000),
                                                        int(HEADER_ALIGNMENT), text)

    def header_width(self, section: int) -> int:
        """The narrowest column in which the header of ``section`` takes at most two lines."""
        header = self.view.horizontalHeader()
        fm = QFontMetrics(header.font())
        text = str(self.model.headerData(section, Qt.Orientation.Horizontal) or "")
        pad = 2 * self._header_margin()
        width = -(-fm.horizontalAdvance(text) // 2) + pad
        two_lines = fm.boundingRect(QRect(0, 0, 1000, 1000), int(HEADER_ALIGNMENT), "指\n标").height()
        while width < 1000:
            r = self.header_text_rect(section, width)
            if r.height() <= two_lines and r.width() <= width - pad:
                break
            width += 2
        return width

    def _fit_header_height(self, *_args) -> None:
        """The header as tall as its most wrapped section (it had one line's height)."""
        header, n = self.view.horizontalHeader(), self.model.columnCount()
        tall = max((self.header_text_rect(c, header.sectionSize(c)).height()
                    for c in range(n)), default=0)
        header.setMinimumHeight(tall + 2 * self._header_margin())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.current_table() is not None:
            self._fit_later()

    def current_table(self):
        n = self.picker.currentData()
        return self.tables[n] if n is not None and 0 <= n < len(self.tables) else None

    def export(self, path: str | Path, table=None) -> Path:
        """Write a table, by default the current one (xlsx, or CSV when the name ends
        with .csv)."""
        from core.export.ledger import write_table

        return write_table(table or self.current_table(), path)

    def ask_export(self, kind: str) -> None:
        table = self.current_table()
        if table is None:
            return
        name = table_file_name(table, self.ctx.library.document(table.doc_id)) + f".{kind}"
        filt = "Excel 工作簿 (*.xlsx)" if kind == "xlsx" else "CSV 文件 (*.csv)"
        ask_and_write(self, self.ctx.jobs, "导出表格", name, filt,
                      lambda path: self.export(path, table), "已导出表格到")

    def export_all(self, path: str | Path, tables=None, documents=None, title: str = "") -> Path:
        """Write the issue's tables (or ``tables``) into one workbook: a 目录 sheet, then a
        sheet per table."""
        from core.export.ledger import write_tables

        if tables is None:
            tables, documents = list(self.tables), dict(self.documents)
            title = f"{self.issue.label} 表格" if self.issue is not None else "表格"
        return write_tables(tables, path, documents, title)

    def ask_export_all(self) -> None:
        if not self.tables or self.issue is None:
            return
        from core.export.atomic import safe_filename

        tables, documents = list(self.tables), dict(self.documents)   # the worker's copy
        title = f"{self.issue.label} 表格"
        ask_and_write(self, self.ctx.jobs, "导出本期全部表格",
                      safe_filename(title, "本期表格") + ".xlsx", "Excel 工作簿 (*.xlsx)",
                      lambda path: self.export_all(path, tables, documents, title),
                      "已导出本期表格到")

    def copy(self) -> None:
        """The grid on the clipboard as HTML (pasted into Excel or WPS as a grid) and as
        tab-separated text."""
        mime = QMimeData()
        mime.setHtml(self.model.as_html())
        mime.setText(self.model.as_tsv())
        QGuiApplication.clipboard().setMimeData(mime)

    def _show_in_reader(self, *_args) -> None:
        table = self.current_table()
        if table is not None and table.block_ids:
            self.jump.emit(table.doc_id, table.block_ids[0])

    def sizeHint(self) -> QSize:       # the dock's initial width at 1366×768
        return QSize(430, super().sizeHint().height())
