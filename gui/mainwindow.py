"""The main window: library tree, reader, search, side panels (表格, 责任分工, 批注), import,
annotations (``annotations.py``), export and print (``export_dialog.py``), status, settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from .annotations import AnnotationController
from .importing import ImportController
from .models import DOC_ROLE, ID_ROLE, KIND_ROLE
from .models.library_tree import LibraryTreeModel
from .panels.annotations import AnnotationsPanel
from .panels.search import SearchPanel
from .panels.tables import TablesPanel
from .panels.tasks import TasksPanel
from .views.findbar import FindBar
from .views.reader import DocumentData, ReaderView
from .welcome import WelcomePage
from .window_annotations import AnnotationsWindowMixin
from .window_state import WindowStateMixin


class MainWindow(AnnotationsWindowMixin, WindowStateMixin, QMainWindow):
    """Signals: ``documentOpened(doc_id)``; ``indexReady(bool rebuilt)``."""

    documentOpened = Signal(str)
    indexReady = Signal(bool)

    def __init__(self, ctx, reading_font: str = "", parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.doc_id: str | None = None
        self.index_job = None
        self.export_dialog = None
        self.setWindowTitle("公报阅读器")
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        # centre: welcome page or reader with its find bar
        self.stack = QStackedWidget()
        self.welcome = WelcomePage(str(ctx.folder))
        self.reader = ReaderView(reading_font)
        self.find_bar = FindBar(self.reader)
        self.find_bar.hide()
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.reader, 1)
        lay.addWidget(self.find_bar)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(page)
        self.setCentralWidget(self.stack)
        # left: library tree + search; right: tables + tasks
        self.tree_model = LibraryTreeModel(ctx.library, self)
        self.tree = QTreeView()
        self.tree.setObjectName("libraryTree")
        self.tree.setModel(self.tree_model)
        self.tree.setHeaderHidden(True)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.setSelectionMode(QTreeView.SelectionMode.ExtendedSelection)
        self.search = SearchPanel(ctx)
        self.tables = TablesPanel(ctx)
        self.tasks = TasksPanel(ctx)
        self.annotations = AnnotationsPanel(ctx)
        self.tree_dock = self._dock("资料库", "libraryDock", self.tree,
                                    Qt.DockWidgetArea.LeftDockWidgetArea)
        self.search_dock = self._dock("检索", "searchDock", self.search,
                                      Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.tree_dock, self.search_dock)
        self.tables_dock = self._dock("表格", "tablesDock", self.tables,
                                      Qt.DockWidgetArea.RightDockWidgetArea)
        self.tasks_dock = self._dock("责任分工", "tasksDock", self.tasks,
                                     Qt.DockWidgetArea.RightDockWidgetArea)
        self.annotations_dock = self._dock("批注", "annotationsDock", self.annotations,
                                           Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.tables_dock, self.tasks_dock)
        self.tabifyDockWidget(self.tasks_dock, self.annotations_dock)
        self.tree_dock.raise_()
        self.tasks_dock.raise_()
        self._sized = False
        # status bar
        self.count_label = QLabel()
        self.index_label = QLabel()
        self.statusBar().addPermanentWidget(self.index_label)
        self.statusBar().addPermanentWidget(self.count_label)
        self.importer = ImportController(ctx, self)
        self.annotator = AnnotationController(self)
        self.annotations.controller = self.annotator
        self._actions()
        self._connect()
        from .refs_window import RefsController

        self.refs = RefsController(self)         # 关联 dock, citation links, 本期概要
        self.refresh_library()
        self.resize(1366, 768)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._sized:           # first show: give the reader the room
            self._sized = True
            # Tabified docks are sized through the tab that is shown; after the first
            # layout pass, so the docks' size hints do not win.
            QTimer.singleShot(0, self._size_docks)

    def _size_docks(self) -> None:
        width = max(self.width(), 800)
        left, right = int(width * 0.22), int(width * 0.26)
        self.resizeDocks([self.tree_dock, self.tables_dock], [left, right],
                         Qt.Orientation.Horizontal)

    def _dock(self, title: str, name: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, menu: QMenu, text: str, slot, shortcut=None) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        menu.addAction(act)
        self.addAction(act)
        return act

    def _actions(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu("文件(&F)")
        self.import_action = self._action(m, "导入公报…", self.ask_import, QKeySequence.Open)
        self._action(m, "导入文件夹…", self.ask_import_folder)
        m.addSeparator()
        self.print_action = self._action(m, "导出 PDF / 打印…", self.export_pdf, "Ctrl+P")
        m.addSeparator()
        from .maintenance import MaintenanceActions  # 备份资料库… / 检查资料库

        self.maintenance = MaintenanceActions(self)
        self.maintenance.add_to_menu(m)
        m.addSeparator()
        self._action(m, "退出", self.close, "Ctrl+Q")
        m = bar.addMenu("编辑(&E)")
        m.addAction(self.annotator.undo_action)
        m.addAction(self.annotator.redo_action)
        m.addSeparator()
        self._action(m, "复制", self.reader.copy, QKeySequence.Copy)
        m.addAction(self.reader.copy_cite_action)
        m.addSeparator()
        self._action(m, "在本文件中查找…", lambda: self.find_bar.open_bar(
            self.reader.textCursor().selectedText()), QKeySequence.Find)
        self._action(m, "检索全部公报…", self.focus_search, "Ctrl+Shift+F")
        self._action(m, "下一处", self.reader.next_hit, "F3")
        self._action(m, "上一处", self.reader.previous_hit, "Shift+F3")
        m = bar.addMenu("批注(&A)")
        self.annotator.add_to_menu(m)
        m.addSeparator()
        self._action(m, "批注列表", self.focus_annotations, "Ctrl+Shift+M")
        self._action(m, "全部批注", lambda: (self.focus_annotations(),
                                          self.annotations.show_all()))
        m = bar.addMenu("视图(&V)")
        self._action(m, "放大字号", lambda: self.reader.zoom(1), QKeySequence.ZoomIn)
        self._action(m, "放大字号（=）", lambda: self.reader.zoom(1), "Ctrl+=")
        self._action(m, "缩小字号", lambda: self.reader.zoom(-1), QKeySequence.ZoomOut)
        m.addSeparator()
        for dock in (self.tree_dock, self.search_dock, self.tables_dock, self.tasks_dock,
                     self.annotations_dock):
            m.addAction(dock.toggleViewAction())
        m = bar.addMenu("帮助(&H)")
        self._action(m, "关于公报阅读器", lambda: QMessageBox.about(
            self, "关于公报阅读器", "公报阅读器：政府公报离线阅读、检索、摘录。\n"
            f"资料库：{self.ctx.folder}"))

    def _connect(self) -> None:
        self.welcome.importRequested.connect(self.ask_import)
        self.welcome.searchRequested.connect(self.focus_search)
        self.welcome.latestRequested.connect(self.open_latest)
        self.tree.activated.connect(self._tree_activated)
        self.tree.clicked.connect(self._tree_activated)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        self.search.openHit.connect(self.open_hit)
        self.tables.jump.connect(lambda b: self.reader.jump_to(b))
        self.tasks.jump.connect(lambda d, b: self.open_document(d, block_id=b or None))
        self.reader.sectionVisible.connect(self._sync_tree)
        self.reader.hitChanged.connect(self._hit_status)
        self.importer.finished.connect(self._imported)
        self.annotator.changed.connect(self._annotations_changed)
        self.annotations.jump.connect(self.open_annotation)

    # -- library --------------------------------------------------------------------------
    def refresh_library(self) -> None:
        """Status counts; the start page (invitation or summary) while no document is open."""
        lib = self.ctx.library
        st = lib.stats()
        self.count_label.setText(f"公报 {st.issues} 期 · 文件 {st.documents} 份")
        issues = lib.issues() if st.issues else []
        self.welcome.show_library(st, issues[0].label if issues else "")
        if self.doc_id is None:
            self.stack.setCurrentWidget(self.welcome)
            year = self.tree_model.index(0, 0)      # the newest issue's documents, in view
            self.tree.expand(year)
            self.tree.expand(self.tree_model.index(0, 0, year))

    def _imported(self, outcomes: list) -> None:
        self.tree_model.reload()
        self.annotations.refresh()
        self.annotator.refresh_reader()      # a re-import re-anchors annotations
        self.search.refresh_filters()
        self.tasks.refresh_units()
        self.refresh_library()
        new = [o for o in outcomes if o.status == "ok"]
        if new and self.doc_id is None:
            docs = self.ctx.library.documents(new[0].issue_id)
            if docs:
                self.open_document(docs[0].id)
        self.check_index()

    def check_index(self):
        """Bring the search index up to date in the background (a full rebuild only when it is
        missing, outdated or damaged) and warm it, so the first search is fast."""
        if self.index_job is not None:
            return self.index_job

        def work(wctx, progress, cancel) -> bool:
            rebuilt = wctx.service().ensure_index(progress, cancel)
            wctx.index().warm(wctx.library, cancel)    # the first search does not open the index
            return rebuilt

        job = self.ctx.jobs.make(work, "重建检索索引")
        job.signals.progress.connect(self._index_progress)
        job.signals.finished.connect(self._index_done)
        job.signals.failed.connect(lambda m: self._index_done(None, m))
        job.signals.cancelled.connect(lambda: self._index_done(None, "索引重建已取消"))
        self.index_label.setText("正在检查检索索引……")
        self.index_job = self.ctx.jobs.start(job)
        return job

    def _index_progress(self, done: int, total: int, stage: str) -> None:
        pct = int(done * 100 / total) if total else 0
        self.index_label.setText(f"正在重建索引 {pct}%")

    def _index_done(self, rebuilt, message: str = "") -> None:
        self.index_job = None
        self.index_label.setText(message or ("检索索引已重建" if rebuilt else "检索索引就绪"))
        if rebuilt is not None:
            self.indexReady.emit(bool(rebuilt))

    # -- opening documents ----------------------------------------------------------------
    def load_data(self, doc_id: str) -> DocumentData:
        lib = self.ctx.library
        doc = lib.document(doc_id)
        data = DocumentData(doc=doc, issue=lib.issue(doc.issue_id), blocks=lib.blocks(doc_id),
                            tables=lib.tables(doc_id))
        data.levels = {s.id: s.level for s in lib.sections(doc_id)}
        data.status = lib.status(doc_id)
        return data

    def open_document(self, doc_id: str, block_id: str | None = None, offset: int = 0,
                      query: str | None = None) -> bool:
        from core.errors import NotFound

        if doc_id != self.doc_id:
            try:
                data = self.load_data(doc_id)
            except NotFound as e:
                self.statusBar().showMessage(str(e), 5000)
                return False
            self.doc_id = doc_id
            self.reader.show_document(data)
            self.annotator.refresh_reader()
            self.tables.set_tables(data.tables)
            self.tasks.set_document(doc_id)
            self.annotations.set_document(doc_id)
            self.stack.setCurrentIndex(1)
            self.setWindowTitle(f"{data.doc.title} — 公报阅读器")
            self._select_in_tree(doc_id, doc_id)
            self.documentOpened.emit(doc_id)
        if query is not None:
            from index.query import parse_query

            self.reader.set_terms(parse_query(query).terms)
        if block_id:
            self.reader.jump_to(block_id, offset)
        return True

    def open_hit(self, doc_id: str, block_id: str, offset: int, query: str) -> None:
        self.open_document(doc_id, block_id=block_id or None, offset=offset, query=query)
        self.reader.setFocus()

    def _tree_activated(self, index: QModelIndex) -> None:
        kind = index.data(KIND_ROLE)
        if kind == "document":
            self.open_document(index.data(ID_ROLE))
        elif kind == "section":
            node = self.tree_model.node(index)
            self.open_document(node.doc_id, block_id=node.payload.block_id)
            self.reader.scroll_to_block(node.payload.block_id)

    def _select_in_tree(self, node_id: str, doc_id: str) -> None:
        index = self.tree_model.index_of(node_id, doc_id)
        if index.isValid():       # one item, whatever modifier keys are down (multi-selection)
            self.tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.tree.scrollTo(index)

    def _sync_tree(self, section_id: str) -> None:
        if self.doc_id:
            self._select_in_tree(section_id, self.doc_id)

    def _hit_status(self, current: int, total: int) -> None:
        if total:
            self.statusBar().showMessage(f"第 {current} / {total} 处" if current
                                         else f"共 {total} 处")

    def _tree_menu(self, pos) -> None:
        index = self.tree.indexAt(pos)
        if not index.isValid():
            return
        kind, node = index.data(KIND_ROLE), self.tree_model.node(index)
        menu = QMenu(self)
        if kind in ("document", "section"):
            menu.addAction("打开", lambda: self._tree_activated(index))
            doc = self.ctx.library.document(index.data(DOC_ROLE))
            if doc.doc_no:
                menu.addAction("复制文号", lambda: QGuiApplication.clipboard().setText(
                    doc.doc_no.printed))
            menu.addAction("导出 PDF / 打印…", lambda: self.export_pdf([doc.id], from_tree=True))
            issue_id = doc.issue_id
        elif kind == "issue":
            issue_id = node.id
        else:
            return
        menu.addSeparator()
        menu.addAction("删除本期…", lambda: self.ask_remove_issue(issue_id))
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def ask_remove_issue(self, issue_id: str) -> None:
        issue = self.ctx.library.issue(issue_id)
        if QMessageBox.question(self, "删除本期", (f"确定从资料库删除{issue.label}吗？\n本期的批注会保留（列为“未能定位”），"
                                 "重新导入本期后自动恢复。"),
                                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return
        self.remove_issue(issue_id)

    def remove_issue(self, issue_id: str):
        """Remove an issue (and its index entries) on the serial pool; returns the job."""
        def work(wctx, progress, cancel):
            return wctx.service().remove_issue(issue_id)

        if self.doc_id and self.ctx.library.document(self.doc_id).issue_id == issue_id:
            self.doc_id = None
            self.reader.show_document(None)
            self.tables.set_tables([])
            self.tasks.set_document(None)
            self.annotations.set_document(None)
            self.setWindowTitle("公报阅读器")
            self.stack.setCurrentWidget(self.welcome)
        job = self.ctx.jobs.make(work, "删除公报")
        job.signals.finished.connect(lambda _r: self._imported([]))
        job.signals.failed.connect(lambda m: QMessageBox.warning(self, "删除失败", m))
        return self.ctx.jobs.start(job)

    # -- import ---------------------------------------------------------------------------
    def ask_import(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "导入公报", str(Path.home()),
                                                "公报文件 (*.pdf *.txt);;所有文件 (*)")
        if files:
            self.importer.start(files)

    def ask_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "导入文件夹中的公报", str(Path.home()))
        if folder:
            self.importer.start([folder])

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and not self.importer.busy():
            event.acceptProposedAction()
            self.importer.start(paths)

    # -- search / export ------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search.focus_query()

    def closeEvent(self, event) -> None:
        self.save_state()
        self.ctx.jobs.cancel_all()
        super().closeEvent(event)
