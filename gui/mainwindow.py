"""The main window: library tree, reader with its tabs, search, side panels (表格, 责任分工,
批注), import, annotations (``annotations.py``), export and print, status, settings.

Collaborators rather than mixins: :class:`~gui.window_state.WindowState` (size, narrow
layout, saved state), :class:`~gui.window_annotations.WindowAnnotations` (批注 jumps, the
export dialog), :class:`~gui.navigation.History` and :class:`~gui.navigation.Shelf` (back /
forward, 收藏, 最近打开). Views follow the library through ``ctx.changed``; background work
goes through :func:`gui.ops.run_op`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTabBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from core.refs import has_status
from core.textutil import short_title

from .annotations import AnnotationController
from .context import Change
from .direct_print import DirectPrint
from .folders import IMPORT, remember, start_path
from .importing import ImportController
from .models import DOC_ROLE, ID_ROLE, KIND_ROLE
from .models.library_tree import LibraryTreeModel
from .navigation import Bookmark, History, Place, Shelf
from .ops import run_op
from .panels.annotations import AnnotationsPanel
from .panels.search import SearchPanel
from .panels.tables import TablesPanel
from .panels.tasks import TasksPanel
from .views.findbar import FindBar
from .views.reader import DocumentData, ReaderView
from .views.treelabels import KeepEndDelegate
from .welcome import WelcomePage
from .window_annotations import WindowAnnotations
from .window_state import WindowState

MAX_TABS = 12


class LibraryTree(QTreeView):
    """The library tree; ``keyboardMoved(index)`` when the keys move the current item (the
    window opens it: arrows read through the library)."""

    keyboardMoved = Signal(QModelIndex)

    def keyPressEvent(self, event) -> None:
        before = self.currentIndex()
        super().keyPressEvent(event)
        after = self.currentIndex()
        if after.isValid() and after != before:
            self.keyboardMoved.emit(after)


def _warm_index(wctx, progress, cancel) -> None:
    wctx.index().warm(wctx.library, cancel)


class MainWindow(QMainWindow):
    """Signals: ``documentOpened(doc_id)``; ``indexReady(bool rebuilt)``."""

    documentOpened = Signal(str)
    indexReady = Signal(bool)

    def __init__(self, ctx, reading_font: str = "", parent=None):
        super().__init__(parent)
        self.ctx = ctx
        # the index opened and its per-document table loaded while the window is built, so a
        # search typed as soon as it shows does not wait for it (check_index, after show,
        # brings the index up to date; a missing or outdated index fails here quietly)
        self._warm_job = run_op(ctx.jobs, _warm_index, "预热检索索引", pool="reader",
                                on_failure=lambda _m: None)
        self.doc_id: str | None = None
        self.index_job = None
        self.export_dialog = None
        self.history = History()
        self.shelf = Shelf(ctx.settings)
        self._navigating = False          # back/forward: do not record the move
        self._tab_pos: dict[str, str | None] = {}     # doc id -> top block when left
        self.setWindowTitle("公报阅读器")
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        # centre: welcome page or tabs + reader + find bar
        self.stack = QStackedWidget()
        self.welcome = WelcomePage(str(ctx.folder))
        self.reader = ReaderView(reading_font)
        self.find_bar = FindBar(self.reader)
        self.find_bar.hide()
        self.tabs = QTabBar()
        self.tabs.setObjectName("documentTabs")
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.setExpanding(False)
        # labels are short already (short_title); eliding them further left every tab as
        # “关…” once a few were open: the tabs keep their width and scroll instead
        self.tabs.setElideMode(Qt.TextElideMode.ElideNone)
        self.tabs.setUsesScrollButtons(True)
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.tabs)
        lay.addWidget(self.reader, 1)
        lay.addWidget(self.find_bar)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(page)
        self.setCentralWidget(self.stack)
        # left: library tree + search; right: tables + tasks + annotations
        self.tree_model = LibraryTreeModel(ctx.library, self)
        self.tree = LibraryTree()
        self.tree.setObjectName("libraryTree")
        self.tree.setModel(self.tree_model)
        self.tree.setHeaderHidden(True)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.setSelectionMode(QTreeView.SelectionMode.ExtendedSelection)
        # a document's 文号 is shown whole, its title shortened (gui/views/treelabels.py)
        self.tree.setItemDelegate(KeepEndDelegate(self.tree))
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        # 12 px a level, not 20: at 280 px a document row (three levels in) kept only
        # “十四五”… of its title beside the whole 文号
        self.tree.setIndentation(12)
        self.search = SearchPanel(ctx)
        self.tables = TablesPanel(ctx)
        self.tasks = TasksPanel(ctx)
        self.annotations = AnnotationsPanel(ctx)
        for w in (self.search, self.tables, self.tasks, self.annotations, self.tree):
            w.setMinimumWidth(180)
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
        self.index_cached = False       # the index is in the user's cache (read-only folder)
        self.statusBar().addPermanentWidget(self.index_label)
        self.statusBar().addPermanentWidget(self.count_label)
        self.importer = ImportController(ctx, self)
        self.annotator = AnnotationController(self)
        self.annotations.controller = self.annotator
        self.state = WindowState(self)
        self.notes = WindowAnnotations(self)
        self.printing = DirectPrint(self)        # Ctrl+P in a job, progress in the status bar
        self._actions()
        self._connect()
        from .refs_window import RefsController

        self.refs = RefsController(self)         # 关联 dock, citation links, 本期概要
        self.tree_model.enable_shelf(self._bookmark_entries(), self._recent_entries())
        self.refresh_library()
        self._show_read_only()
        self.setMinimumSize(self.state.minimum())
        self.state.fit_to_screen()
        QApplication.instance().installEventFilter(self)     # mouse back / forward buttons

    def _show_read_only(self) -> None:
        """A library in a read-only folder: reading, search and export work; a notice in
        the status bar says so and the actions that would change it are off."""
        from .context import READ_ONLY_NOTICE

        if not getattr(self.ctx.library, "read_only", False):
            return
        self.read_only_label = QLabel("只读资料库：不能导入、批注或删除")
        self.read_only_label.setObjectName("readOnlyNotice")
        self.read_only_label.setStyleSheet("color:#b71c1c; font-weight:bold;")
        self.read_only_label.setToolTip(READ_ONLY_NOTICE)
        # permanent: a normal widget shown with the window would be drawn over the message
        self.statusBar().insertPermanentWidget(0, self.read_only_label)
        self.statusBar().showMessage(READ_ONLY_NOTICE, 15000)
        a = self.annotator
        for act in (self.import_action, self.import_folder_action, a.highlight_action,
                    a.note_action, *a.color_actions.values()):
            act.setEnabled(False)
            act.setToolTip(READ_ONLY_NOTICE)

    # -- layout ---------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._sized:           # first show: give the reader the room
            self._sized = True
            # Tabified docks are sized through the tab that is shown; after the first
            # layout pass, so the docks' size hints do not win.
            QTimer.singleShot(0, self.size_docks)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.state.on_resize()

    def size_docks(self) -> None:
        width = max(self.width(), 800)
        left, right = int(width * 0.22), int(width * 0.26)
        if self.state.narrow:          # one column of panels beside the page
            self.resizeDocks([self.tree_dock], [max(300, int(width * 0.36))],
                             Qt.Orientation.Horizontal)
            return
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
            if isinstance(shortcut, (list, tuple)):     # platform keys may repeat ours
                seqs: list[QKeySequence] = []
                for s in map(QKeySequence, shortcut):
                    if not s.isEmpty() and s not in seqs:
                        seqs.append(s)
                act.setShortcuts(seqs)
            else:
                act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        menu.addAction(act)
        self.addAction(act)
        return act

    def _actions(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu("文件(&F)")
        self.import_action = self._action(m, "导入公报…", self.ask_import, QKeySequence.Open)
        self.import_folder_action = self._action(m, "导入文件夹…", self.ask_import_folder)
        m.addSeparator()
        # ``triggered`` hands its slot ``checked``: never let it be taken for the printer
        self.print_action = self._action(m, "打印…", lambda: self.print_current(),
                                         QKeySequence.Print)
        self.export_action = self._action(m, "导出 PDF / 打印预览…", self.export_pdf,
                                          "Ctrl+Shift+P")
        m.addSeparator()
        from .maintenance import MaintenanceActions  # 备份资料库… / 检查资料库

        self.maintenance = MaintenanceActions(self)
        self.maintenance.add_to_menu(m)
        m.addSeparator()
        self._action(m, "关闭标签页", self.close_current_tab, QKeySequence.Close)
        self._action(m, "退出", self.close, "Ctrl+Q")
        m = bar.addMenu("编辑(&E)")
        m.addAction(self.annotator.undo_action)
        m.addAction(self.annotator.redo_action)
        m.addSeparator()
        self._action(m, "复制", self.reader.copy, QKeySequence.Copy)
        m.addAction(self.reader.copy_cite_action)
        # the copy itself is silent: say what went onto the clipboard (after the reader's slot)
        self.reader.copy_cite_action.triggered.connect(self._copied_with_citation)
        m.addSeparator()
        self._action(m, "在本文件中查找…", lambda: self.find_bar.open_bar(
            self.reader.textCursor().selectedText()), QKeySequence.Find)
        self._action(m, "检索全部公报…", self.focus_search, "Ctrl+Shift+F")
        self._action(m, "下一处", self.next_hit, "F3")
        self._action(m, "上一处", self.previous_hit, "Shift+F3")
        esc = QAction("清除标记", self.reader)      # Esc in the reader (the find bar: its own)
        esc.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        esc.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        esc.triggered.connect(self.clear_marks)
        self.reader.addAction(esc)
        m = bar.addMenu("转到(&G)")
        self.back_action = self._action(m, "后退", self.go_back,
                                        [QKeySequence.Back, "Alt+Left"])
        self.forward_action = self._action(m, "前进", self.go_forward,
                                           [QKeySequence.Forward, "Alt+Right"])
        m.addSeparator()
        self._action(m, "下一个标签页", lambda: self._step_tab(1), "Ctrl+Tab")
        self._action(m, "上一个标签页", lambda: self._step_tab(-1), "Ctrl+Shift+Tab")
        self.recent_menu = m.addMenu("最近打开")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        m = bar.addMenu("收藏(&B)")
        self.bookmark_action = self._action(m, "收藏当前位置", self.add_bookmark, "Ctrl+D")
        m.addSeparator()
        self.bookmarks_menu = m
        m.aboutToShow.connect(self._fill_bookmarks)
        m = bar.addMenu("批注(&A)")
        self.annotator.add_to_menu(m)
        m.addSeparator()
        self._action(m, "批注列表", self.focus_annotations, "Ctrl+Shift+M")
        self._action(m, "全部批注", lambda: (self.focus_annotations(),
                                          self.annotations.show_all()))
        m = bar.addMenu("视图(&V)")
        self._action(m, "放大字号", lambda: self.reader.zoom(1), [QKeySequence.ZoomIn, "Ctrl+="])
        self._action(m, "缩小字号", lambda: self.reader.zoom(-1), QKeySequence.ZoomOut)
        self._action(m, "默认字号", self.reader.reset_zoom, "Ctrl+0")
        m.addSeparator()
        for dock in (self.tree_dock, self.search_dock, self.tables_dock, self.tasks_dock,
                     self.annotations_dock):
            m.addAction(dock.toggleViewAction())
        m = bar.addMenu("帮助(&H)")
        self._action(m, "关于公报阅读器", lambda: QMessageBox.about(
            self, "关于公报阅读器", "公报阅读器：政府公报离线阅读、检索、摘录。\n"
            f"资料库：{self.ctx.folder}"))
        self._update_nav_actions()

    def _connect(self) -> None:
        self.welcome.importRequested.connect(self.ask_import)
        self.welcome.searchRequested.connect(self.focus_search)
        self.welcome.latestRequested.connect(self.open_latest)
        self.tree.activated.connect(self._tree_activated)
        self.tree.clicked.connect(self._tree_activated)
        self.tree.keyboardMoved.connect(self._tree_activated)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.search.openHit.connect(self.open_hit)
        self.search.searchStarted.connect(lambda _q: self.clear_marks())
        self.tables.jump.connect(self.open_table)
        self.tasks.jump.connect(self.open_task)
        self.reader.sectionVisible.connect(self._sync_tree)
        self.reader.hitChanged.connect(self._hit_status)
        self.annotations.jump.connect(self.open_annotation)
        self.importer.finished.connect(self._imported)
        self.find_bar.closed.connect(self.clear_marks)
        self.ctx.changed.connect(self._changed)
        self.ctx.changed.connect(self.notes.on_changed)

    # -- collaborators' entry points (kept on the window: menus, tests, the start page) ----
    def restore_state(self) -> None:
        self.state.restore()

    def save_state(self) -> None:
        self.state.save()

    def export_pdf(self, doc_ids: list[str] | None = None, from_tree: bool = False):
        return self.notes.export_pdf(doc_ids, from_tree)

    def focus_annotations(self) -> None:
        self.notes.focus_annotations()

    def open_annotation(self, ann_id: str) -> bool:
        return self.notes.open_annotation(ann_id)

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

    def _expanded_ids(self) -> list[str]:
        out, stack = [], [QModelIndex()]
        while stack:
            parent = stack.pop()
            for r in range(self.tree_model.rowCount(parent)):
                ix = self.tree_model.index(r, 0, parent)
                if self.tree.isExpanded(ix):
                    out.append((ix.data(ID_ROLE), ix.data(DOC_ROLE)))
                    stack.append(ix)
        return out

    def _changed(self, change: Change) -> None:
        """``ctx.changed``: the tree (keeping what was expanded), counts, open tabs."""
        if not change.issues:
            return
        expanded = self._expanded_ids()
        current = self.tree.currentIndex()
        current_id = (current.data(ID_ROLE), current.data(DOC_ROLE)) if current.isValid() \
            else None
        self.tree_model.reload()
        for node_id, doc_id in expanded:
            ix = self.tree_model.index_of(node_id, doc_id)
            if ix.isValid():
                self.tree.expand(ix)
        if current_id:
            ix = self.tree_model.index_of(*current_id)
            if ix.isValid():
                self.tree.selectionModel().setCurrentIndex(
                    ix, QItemSelectionModel.SelectionFlag.NoUpdate)
        self._drop_missing_tabs()
        self.refresh_library()

    def _imported(self, outcomes: list) -> None:
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

        folder = self.ctx.folder

        def work(wctx, progress, cancel):
            from index import IndexUnavailable
            from service.index_place import index_place

            # a library whose folder cannot be written gets its index in the user's cache
            place = index_place(folder, wctx.library)
            if place.cached:
                progress(0, 1, "只读")
            wctx.index_dir = place.dir
            renamed = bool(wctx.service().upgrade().renamed)   # an older version's library
            rebuilt = wctx.service().ensure_index(progress, cancel)
            try:
                wctx.index().warm(wctx.library, cancel)    # the first search does not open it
            except IndexUnavailable:
                # postings found unreadable past an intact table of contents: the index is
                # marked stale by now, so this rebuilds it
                rebuilt = wctx.service().ensure_index(progress, cancel) or rebuilt
                wctx.index().warm(wctx.library, cancel)
            return rebuilt, place, renamed

        self.index_label.setText("正在检查检索索引……")
        self.index_job = run_op(
            self.ctx.jobs, work, "重建检索索引", on_progress=self._index_progress,
            on_success=lambda r: self._index_done(*r),
            on_failure=lambda m: self._index_done(None, message=m),
            on_cancelled=lambda: self._index_done(None, message="索引重建已取消"))
        return self.index_job

    def _index_progress(self, done: int, total: int, stage: str) -> None:
        pct = int(done * 100 / total) if total else 0
        if stage == "只读" or self.index_cached:
            self.index_cached = True
            self.index_label.setText(f"正在本机缓存中建立检索索引 {pct}%（资料库只读）")
        else:
            self.index_label.setText(f"正在重建索引 {pct}%")

    def _index_done(self, rebuilt, place=None, renamed: bool = False,
                    message: str = "") -> None:
        self.index_job = None
        if renamed:                                 # entries named anew: the tree follows
            self.ctx.notify(Change(issues=True))
        if place is not None:
            self.ctx.use_index(place.dir)          # every later job searches there
            self.index_cached = place.cached
        text = message or ("检索索引已重建" if rebuilt else "检索索引就绪")
        if self.index_cached and not message:
            text += "（资料库只读，索引在本机缓存）"
            self.index_label.setToolTip(place.notice() if place is not None else "")
        self.index_label.setText(text)
        if rebuilt is not None:
            self.indexReady.emit(bool(rebuilt))
            self.ctx.notify(Change(index=True))

    # -- opening documents ----------------------------------------------------------------
    def load_data(self, doc_id: str) -> DocumentData:
        lib = self.ctx.library
        doc = lib.document(doc_id)
        data = DocumentData(doc=doc, issue=lib.issue(doc.issue_id), blocks=lib.blocks(doc_id),
                            tables=lib.tables(doc_id))
        data.levels = {s.id: s.level for s in lib.sections(doc_id)}
        data.status = lib.status(doc_id) if has_status(doc) else None    # 目录 …: no badge
        return data

    def open_document(self, doc_id: str, block_id: str | None = None, offset: int = 0,
                      query=None, terms: list[str] | None = None) -> bool:
        """Show a document (in its tab), optionally at ``(block_id, offset)`` with ``terms``
        marked (``query``, a string, is parsed for its terms). The move is recorded in the
        history unless it is a back / forward step."""
        from core.errors import NotFound

        if query is not None and terms is None:
            from index import parse_query

            terms = list(parse_query(query).terms) if isinstance(query, str) else list(query)
        if not self._navigating and self.doc_id is not None:
            self.history.update_current(self.reader.top_block_id())
        if doc_id != self.doc_id:
            try:
                data = self.load_data(doc_id)
            except NotFound as e:
                self.statusBar().showMessage(str(e), 5000)
                return False
            self._fold_in_tree(self.doc_id)
            self.doc_id = doc_id
            if self.stack.currentIndex() != 1:      # the reader sized before it builds the
                self.stack.setCurrentIndex(1)       # document (titles fitted to its width)
                self.stack.currentWidget().layout().activate()    # scroll in a sized view
            self.reader.show_document(data)
            self._load_words()
            self.annotator.refresh_reader()
            self.tables.set_tables(data.tables)
            self.tasks.set_document(doc_id)
            self.annotations.set_document(doc_id)
            self._show_side_panel(data)
            self.setWindowTitle(f"{data.doc.title} — 公报阅读器")
            self._select_in_tree(doc_id, doc_id)
            here = self.tree_model.index_of(doc_id, doc_id)
            if here.isValid() and self.tree_model.canFetchMore(here):
                self.tree_model.fetchMore(here)        # its headings, for the tree to follow
            self._show_tab(doc_id, data)
            self.shelf.add_recent(doc_id)
            self.tree_model.set_shelf("recent", self._recent_entries())
            self.documentOpened.emit(doc_id)
        if terms is not None:
            self.reader.set_terms(terms)
        if block_id:
            self.reader.jump_to(block_id, offset)
        if not self._navigating:
            self.history.visit(Place(doc_id, block_id or None, offset))
        self._update_nav_actions()
        return True

    def _load_words(self) -> None:
        """jieba's dictionary (about a second), loaded once in the background when the first
        document opens; the reader then breaks titles between words."""
        from core import words

        if words.ready() or getattr(self, "_words_job", None) is not None:
            return
        self._words_job = run_op(self.ctx.jobs, lambda wctx, progress, cancel: words.words("公报"),
                                 "载入分词词典", pool="reader",
                                 on_success=lambda _r: self.reader.wrap_titles(),
                                 on_failure=lambda _m: None)     # titles break anywhere

    def _show_side_panel(self, data: DocumentData) -> None:
        """表格 in front when the document has tables and no tasks (else 责任分工 stays)."""
        if self.state.narrow:
            return
        if data.tables and not self.ctx.library.tasks(data.doc.id):
            self.tables_dock.raise_()
        elif not self.annotations_dock.visibleRegion().isEmpty():
            return
        elif self.ctx.library.tasks(data.doc.id):
            self.tasks_dock.raise_()

    def open_hit(self, doc_id: str, block_id: str, offset: int, terms) -> None:
        """A search result: ``terms`` are the search's parsed terms (a query string is
        parsed)."""
        if isinstance(terms, str):
            self.open_document(doc_id, block_id=block_id or None, offset=offset, query=terms)
        else:
            self.open_document(doc_id, block_id=block_id or None, offset=offset,
                               terms=list(terms))
        self.reader.setFocus()

    def open_table(self, doc_id: str, block_id: str) -> None:
        """A table of the 表格 panel (its document's, or 本期概要's): its place in the text."""
        self.open_document(doc_id, block_id=block_id or None)

    def open_task(self, doc_id: str, block_id: str) -> None:
        """A task of the 责任分工 panel: open it, select its passage, the tree follows."""
        if not self.open_document(doc_id, block_id=block_id or None):
            return
        if block_id:
            self.reader.select_block(block_id)
            block = self.reader._blocks.get(block_id)
            if block is not None and block.section_id:
                self._select_in_tree(block.section_id, doc_id)

    # -- tabs -----------------------------------------------------------------------------
    def tab_doc_ids(self) -> list[str]:
        return [self.tabs.tabData(i) for i in range(self.tabs.count())]

    def _show_tab(self, doc_id: str, data: DocumentData) -> None:
        ids = self.tab_doc_ids()
        title = data.doc.title
        label = short_title(title)          # the subject, not 关于印发… shared by every tab
        self.tabs.blockSignals(True)
        if doc_id in ids:
            i = ids.index(doc_id)
        else:
            i = self.tabs.addTab(label)
            self.tabs.setTabData(i, doc_id)
            self.tabs.setTabToolTip(i, title)
            if self.tabs.count() > MAX_TABS:            # the oldest tab that is not this one
                j = 0 if i != 0 else 1
                self._tab_pos.pop(self.tabs.tabData(j), None)
                self.tabs.removeTab(j)
                i = self.tab_doc_ids().index(doc_id)
        self.tabs.setCurrentIndex(i)
        self.tabs.blockSignals(False)

    def _tab_changed(self, i: int) -> None:
        doc_id = self.tabs.tabData(i) if i >= 0 else None
        if doc_id and doc_id != self.doc_id:
            if self.doc_id:
                self._tab_pos[self.doc_id] = self.reader.top_block_id()
            self.open_document(doc_id)
            top = self._tab_pos.get(doc_id)
            if top:
                self.reader.scroll_to_block(top)

    def close_tab(self, i: int) -> None:
        doc_id = self.tabs.tabData(i)
        was_current = doc_id == self.doc_id
        self._tab_pos.pop(doc_id, None)             # where a closed tab was read to
        self.tabs.blockSignals(True)
        self.tabs.removeTab(i)
        self.tabs.blockSignals(False)
        if not was_current:
            return
        if self.tabs.count():
            j = min(i, self.tabs.count() - 1)
            self.tabs.setCurrentIndex(j)
            self._tab_changed(j)
            self._tab_pos.pop(doc_id, None)         # noted again as the tab was left
        else:
            self._close_reader()

    def close_current_tab(self) -> None:
        if self.tabs.currentIndex() >= 0:
            self.close_tab(self.tabs.currentIndex())

    def _step_tab(self, step: int) -> None:
        if self.tabs.count() > 1:
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def _close_reader(self) -> None:
        self.doc_id = None
        self.reader.show_document(None)
        self.tables.set_tables([])
        self.tasks.set_document(None)
        self.annotations.set_document(None)
        self.setWindowTitle("公报阅读器")
        self.stack.setCurrentWidget(self.welcome)

    def _drop_missing_tabs(self) -> None:
        """After a removal: tabs, history and lists lose the documents that are gone."""
        from core.errors import NotFound

        gone = set()
        for doc_id in set(self.tab_doc_ids()) | {p.doc_id for p in self.history.places}:
            try:
                self.ctx.library.document(doc_id)
            except NotFound:
                gone.add(doc_id)
        if not gone:
            return
        for i in reversed(range(self.tabs.count())):
            if self.tabs.tabData(i) in gone:
                self.close_tab(i)
        if self.doc_id is None and self.tabs.count():
            # the open document went with its issue: show the tab left in front, not the
            # start page over tabs that could not be seen
            self._tab_changed(self.tabs.currentIndex())
        self.history.forget(gone)
        self.shelf.forget(gone)
        self._shelf_changed()
        self.tree_model.set_shelf("recent", self._recent_entries())
        self._update_nav_actions()

    # -- history --------------------------------------------------------------------------
    def _go(self, place: Place | None) -> bool:
        if place is None:
            return False
        self._navigating = True
        try:
            ok = self.open_document(place.doc_id)
            if ok and place.block_id:
                self.reader.scroll_to_block(place.block_id)
        finally:
            self._navigating = False
        self._update_nav_actions()
        return ok

    def go_back(self) -> bool:
        if self.doc_id is not None:
            self.history.update_current(self.reader.top_block_id())
        return self._go(self.history.back())

    def go_forward(self) -> bool:
        if self.doc_id is not None:
            self.history.update_current(self.reader.top_block_id())
        return self._go(self.history.forward())

    def _update_nav_actions(self) -> None:
        self.back_action.setEnabled(self.history.can_back())
        self.forward_action.setEnabled(self.history.can_forward())

    def eventFilter(self, obj, event) -> bool:
        """The mouse's back / forward buttons anywhere in this window."""
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(obj, QWidget) \
                and obj.window() is self:
            if event.button() == Qt.MouseButton.BackButton:
                self.go_back()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self.go_forward()
                return True
        return super().eventFilter(obj, event)

    # -- 收藏 and 最近打开 ------------------------------------------------------------------
    def add_bookmark(self) -> bool:
        if self.reader.data is None:
            self.statusBar().showMessage("请先打开一份文件，再收藏。", 5000)
            return False
        block_id = self.reader.top_block_id() or ""
        block = self.reader._blocks.get(block_id)
        doc = self.reader.data.doc
        where = ""
        if block is not None and block.kind == "heading":
            where = f" · {block.text[:20]}"
        label = f"{doc.title}{where}"
        added = self.shelf.add_bookmark(Bookmark(doc.id, block_id, label))
        self._shelf_changed()
        self.statusBar().showMessage(f"已收藏：{label}" if added else "这个位置已在收藏中。", 5000)
        return added

    def _bookmark_entries(self) -> list[tuple[str, str, str]]:
        return [(b.label, b.doc_id, b.block_id) for b in self.shelf.bookmarks()]

    def _recent_entries(self) -> list[tuple[str, str, str]]:
        from core.errors import NotFound

        out = []
        for doc_id in self.shelf.recent():
            try:
                out.append((self.ctx.library.document(doc_id).title, doc_id, ""))
            except NotFound:
                continue
        return out

    def _shelf_changed(self) -> None:
        self.tree_model.set_shelf("bookmarks", self._bookmark_entries())

    def remove_bookmark(self, doc_id: str, block_id: str) -> None:
        self.shelf.remove_bookmark(doc_id, block_id)
        self._shelf_changed()

    def open_bookmark(self, bookmark: Bookmark) -> bool:
        ok = self.open_document(bookmark.doc_id)
        if ok and bookmark.block_id:
            self.reader.scroll_to_block(bookmark.block_id)
            self.history.update_current(bookmark.block_id)
        return ok

    def _fill_bookmarks(self) -> None:
        m = self.bookmarks_menu
        for a in m.actions()[2:]:
            m.removeAction(a)
        items = self.shelf.bookmarks()
        if not items:
            m.addAction("（还没有收藏：Ctrl+D 收藏当前位置）").setEnabled(False)
        for b in items:
            m.addAction(b.label, lambda b=b: self.open_bookmark(b))
        if items:
            m.addSeparator()
            rm = m.addMenu("删除收藏")
            for b in items:
                rm.addAction(b.label, lambda b=b: self.remove_bookmark(b.doc_id, b.block_id))

    def _fill_recent(self) -> None:
        from core.errors import NotFound

        m = self.recent_menu
        m.clear()
        for doc_id in self.shelf.recent():
            try:
                doc = self.ctx.library.document(doc_id)
            except NotFound:
                continue
            m.addAction(doc.title, lambda d=doc_id: self.open_document(d))
        if not m.actions():
            m.addAction("（没有最近打开的文件）").setEnabled(False)

    # -- the tree -------------------------------------------------------------------------
    def _tree_activated(self, index: QModelIndex) -> None:
        kind = index.data(KIND_ROLE)
        if kind == "bookmark":                     # 收藏 / 最近打开
            node = self.tree_model.node(index)
            self.open_bookmark(Bookmark(node.doc_id, node.payload or "", node.text))
        elif kind == "document":
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

    def _fold_in_tree(self, doc_id: str | None) -> None:
        """The document left is folded again (following its headings had unfolded it)."""
        if doc_id:
            index = self.tree_model.index_of(doc_id, doc_id)
            if index.isValid():
                self.tree.collapse(index)

    def _sync_tree(self, section_id: str) -> None:
        if self.doc_id:
            self._select_in_tree(section_id, self.doc_id)

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
            menu.addAction("收藏", lambda: (self.shelf.add_bookmark(
                Bookmark(doc.id, node.payload.block_id if kind == "section" else "",
                         doc.title)), self._shelf_changed()))
            menu.addAction("导出 PDF / 打印预览…",
                           lambda: self.export_pdf([doc.id], from_tree=True))
            issue_id = doc.issue_id
        elif kind == "issue":
            issue_id = node.id
        elif kind == "bookmark" and node.parent.id == "shelf:bookmarks":
            menu.addAction("打开", lambda: self._tree_activated(index))
            menu.addAction("删除收藏", lambda: self.remove_bookmark(node.doc_id,
                                                                 node.payload or ""))
            menu.exec(self.tree.viewport().mapToGlobal(pos))
            return
        else:
            return
        menu.addSeparator()
        menu.addAction("删除本期…", lambda: self.ask_remove_issue(issue_id))
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def _copied_with_citation(self) -> None:
        if self.reader.data is not None:
            self.statusBar().showMessage(
                f"已复制并注明出处：{self.reader.citation_for_selection()}", 6000)

    # -- hits and marks -------------------------------------------------------------------
    def _hit_status(self, current: int, total: int) -> None:
        if total:
            self.statusBar().showMessage(f"第 {current} / {total} 处" if current
                                         else f"共 {total} 处")

    def clear_marks(self) -> None:
        """Esc, a new search: no hit marks, no 第 n / m 处, the find bar closed."""
        if self.find_bar.isVisible():
            self.find_bar.hide()
        self.reader.set_terms([])
        self.statusBar().clearMessage()

    def _other_document(self, step: int):
        """The search result group after (step 1) or before (-1) the open document."""
        groups = self.search.model.groups
        ids = [g.doc_id for g in groups]
        if not ids or self.find_bar.isVisible():
            return None
        i = ids.index(self.doc_id) if self.doc_id in ids else (-1 if step > 0 else len(ids))
        j = i + step
        return groups[j] if 0 <= j < len(groups) else None

    def next_hit(self) -> None:
        """F3: the next occurrence; after the last one, the next document of the search
        results (and the status bar says so)."""
        r = self.reader
        if r.hits and r.current_hit < len(r.hits) - 1:
            r.next_hit()
            return
        group = self._other_document(1)
        if group is None:
            if r.hits:
                r.next_hit()
                self.statusBar().showMessage(f"第 1 / {len(r.hits)} 处 · 已回到本文件第一处")
            return
        self._continue_in(group, first=True)

    def previous_hit(self) -> None:
        r = self.reader
        if r.hits and r.current_hit > 0:
            r.previous_hit()
            return
        group = self._other_document(-1)
        if group is None:
            if r.hits:
                r.previous_hit()
                n = len(r.hits)
                self.statusBar().showMessage(f"第 {n} / {n} 处 · 已回到本文件最后一处")
            return
        self._continue_in(group, first=False)

    def _continue_in(self, group, first: bool) -> None:
        ids = [g.doc_id for g in self.search.model.groups]
        self.open_document(group.doc_id, terms=list(self.search.terms))
        self.search.show_current(group.doc_id)        # the results follow the reader
        r = self.reader
        if r.hits:
            r.go_to_hit(0 if first else len(r.hits) - 1)
        where = "下" if first else "上"
        n = len(r.hits)
        shown = f"第 {r.current_hit + 1} / {n} 处 · " if n else ""
        self.statusBar().showMessage(
            f"{shown}已转到{where}一份文件（检索结果第 {ids.index(group.doc_id) + 1} / "
            f"{len(ids)} 份）：{group.title}")

    # -- printing -------------------------------------------------------------------------
    def print_current(self, printer=None):
        """Ctrl+P: print what is in front — the table or the 责任分工 list whose panel has
        the focus, else the reader's selection or its document — with the print dialog
        (``printer`` given: print there without asking). The printing runs as a job
        (``gui/direct_print.py``): returns it, None when nothing was started."""
        from .printing import ask_printer, printable

        what = printable(self)
        if what is None:
            self.statusBar().showMessage("没有可打印的内容：请先打开一份文件。", 5000)
            return None
        title, doc, selection = what
        if self.printing.busy():
            self.printing.say_busy()
            return None
        if printer is None:
            printer = ask_printer(self, title, selection)
            if printer is None:
                return None
            if selection and printer.printRange() != printer.PrintRange.Selection:
                # 全部 or pages chosen in the dialog, not 选择: the whole document
                title, doc = self.reader.data.doc.title, self.reader.document()
        printer.setDocName(title)
        return self.printing.start(printer, doc, title)

    # -- removing -------------------------------------------------------------------------
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
            self._close_reader()
        return run_op(self.ctx.jobs, work, "删除公报", parent=self,
                      on_success=lambda _r: self.ctx.notify(Change(issues=True)))

    # -- import ---------------------------------------------------------------------------
    def ask_import(self) -> None:
        settings = self.ctx.settings
        files, _ = QFileDialog.getOpenFileNames(self, "导入公报", start_path(settings, IMPORT),
                                                "公报文件 (*.pdf *.txt);;所有文件 (*)")
        if files:
            remember(settings, IMPORT, files[0])
            self.importer.start(files)

    def ask_import_folder(self) -> None:
        settings = self.ctx.settings
        folder = QFileDialog.getExistingDirectory(self, "导入文件夹中的公报",
                                                  start_path(settings, IMPORT))
        if folder:
            remember(settings, IMPORT, Path(folder) / "x")     # the folder itself next time
            self.importer.start([folder])

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and not self.importer.busy():
            event.acceptProposedAction()
            self.importer.start(paths)

    # -- search ---------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search.focus_query()

    def open_latest(self) -> bool:
        """Open the first document of the newest issue (the start page's 阅读最新一期)."""
        for issue in self.ctx.library.issues():
            docs = self.ctx.library.documents(issue.id)
            if docs:
                return self.open_document(docs[0].id)
        return False

    def closeEvent(self, event) -> None:
        self.save_state()
        self.ctx.jobs.cancel_all()
        QApplication.instance().removeEventFilter(self)
        super().closeEvent(event)
