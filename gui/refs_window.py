"""Citations and status in the window, wired by one controller so that the main window only
creates it: the 关联 dock (``panels/relations.py``), citation links in the reader
(``citation_links.py``), 本期概要 in the centre when an issue is selected in the tree
(``panels/digest.py``), and the first extraction of citations for a library stored before
they existed (on the serial pool).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Qt

from .citation_links import CitationLinks
from .models import ID_ROLE, KIND_ROLE
from .panels.digest import DigestPage
from .panels.relations import RelationsPanel

# What the side panels say while 本期概要 (an issue, not a document) is shown and has no
# issue-wide view of its own (表格 and 责任分工 list the issue's).
DIGEST_HINTS = {
    "tables": "当前显示本期概要。在左侧选择一份文件后，这里列出它的表格。",
    "tasks": "当前显示本期概要。在左侧选择一份文件后，这里列出它的任务与责任单位。",
    "relations": "当前显示本期概要。在左侧选择一份文件后，这里显示它的效力和引用关系。",
}


class RefsController(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        ctx = window.ctx
        self.panel = RelationsPanel(ctx)
        self.dock = window._dock("关联", "relationsDock", self.panel,
                                 Qt.DockWidgetArea.RightDockWidgetArea)
        window.tabifyDockWidget(window.annotations_dock, self.dock)
        window.tasks_dock.raise_()
        for action in window.menuBar().actions():
            if action.text().startswith("视图") and action.menu() is not None:
                action.menu().addAction(self.dock.toggleViewAction())
        self.links = CitationLinks(window.reader, lambda: ctx.library, self)
        self.digest = DigestPage(ctx)
        window.stack.addWidget(self.digest)
        self.ensure_job = None
        # wiring
        window.documentOpened.connect(self._opened)
        window.tree.clicked.connect(self._tree_clicked)
        window.tree.activated.connect(self._tree_clicked)
        window.tree.keyboardMoved.connect(self._tree_clicked)     # arrow keys, as a click
        window.tree_model.modelReset.connect(self.refresh)
        self.panel.openDocument.connect(self._open)
        self.panel.jump.connect(lambda b: b and window.reader.jump_to(b))
        self.links.openDocument.connect(self._open)
        self.digest.openDocument.connect(self._open)
        # a search hit, a task or an annotation of the document already open (after the
        # window's own handlers, connected first): the reader comes back over 本期概要
        for signal in (window.search.openHit, window.tasks.jump, window.annotations.jump,
                       window.tables.jump):
            signal.connect(lambda *_args: self.show_reader())
        self._ensure_refs()

    def _open(self, doc_id: str, block_id: str) -> None:
        if doc_id:
            self.window.open_document(doc_id, block_id=block_id or None)
            self.show_reader()

    def _opened(self, doc_id: str) -> None:
        self.panel.set_document(doc_id)
        self.links.set_document(doc_id)

    def show_reader(self) -> None:
        if self.window.doc_id is not None and self.window.stack.currentWidget() is self.digest:
            self.window.stack.setCurrentIndex(1)
            self._fill_panels()

    def _digest_shown(self) -> bool:
        return self.window.stack.currentWidget() is self.digest

    def _fill_panels(self) -> None:
        """The side panels follow what the centre shows: the open document's tables, tasks
        and relations, or (本期概要) the issue's tables and tasks, each labelled by its
        document, and a hint that relations belong to a document."""
        w = self.window
        data = w.reader.data
        issue_id = self.digest.issue_id if self._digest_shown() else None
        if issue_id is not None:
            w.tables.set_issue(issue_id)
            w.tasks.set_issue(issue_id)
            self.panel.set_document(None, DIGEST_HINTS["relations"])
            return
        if self._digest_shown() or w.doc_id is None or data is None:
            w.tables.set_tables([], DIGEST_HINTS["tables"] if self._digest_shown() else None)
            w.tasks.set_document(None, DIGEST_HINTS["tasks"] if self._digest_shown() else None)
            self.panel.set_document(None, DIGEST_HINTS["relations"]
                                    if self._digest_shown() else None)
            return
        w.tables.set_tables(data.tables)
        w.tasks.set_document(w.doc_id)
        self.panel.set_document(w.doc_id)

    def _tree_clicked(self, index: QModelIndex) -> None:
        kind = index.data(KIND_ROLE)
        if kind == "issue":
            self.show_digest(index.data(ID_ROLE))
        elif kind in ("document", "section"):
            self.show_reader()

    def show_digest(self, issue_id: str) -> None:
        self.digest.show_issue(issue_id)
        self.window.statusBar().clearMessage()    # 第 1 / 3 处 … was about the reader
        self.window.stack.setCurrentWidget(self.digest)
        self._fill_panels()       # not the last document's tables, tasks and relations

    def refresh(self) -> None:
        """The library changed (import, removal): statuses and links may have changed."""
        doc_id = self.window.doc_id
        if doc_id is not None:
            try:
                self.window.ctx.library.document(doc_id)
            except Exception:  # noqa: BLE001 - removed
                doc_id = None
        reader = self.window.reader
        if doc_id is not None and reader.data is not None and reader.data.doc.id == doc_id:
            from core.refs import has_status

            status = self.window.ctx.library.status(doc_id) \
                if has_status(reader.data.doc) else None
            old = getattr(reader.data.status, "status", None)
            if old != getattr(status, "status", None):      # rebuild the title block's badge
                top = reader.top_block_id()
                reader.data.status = status
                reader.show_document(reader.data)
                if top:
                    reader.scroll_to_block(top)
        self.links.set_document(doc_id, force=True)     # the library changed
        self.digest.refresh()
        if self._digest_shown():         # the issue's tables and tasks (gone: the hints)
            self._fill_panels()
        else:
            self.panel.set_document(doc_id)

    def _refs_ready(self, _result) -> None:
        try:
            self.window.tree_model.reload()       # statuses for the badges; refresh() follows
        except Exception:  # noqa: BLE001 - the window was closed meanwhile
            pass

    def _ensure_refs(self):
        lib = self.window.ctx.library
        from core.store.refs import REFS_VERSION

        if lib.get_meta("refs_version") == REFS_VERSION or not lib.stats().documents:
            return None            # up to date, or empty (the first import marks it)

        def work(wctx, progress, cancel):
            wctx.service().ensure_refs()
            return True

        from .ops import run_op

        self.ensure_job = run_op(self.window.ctx.jobs, work, "提取引用关系",
                                 on_success=self._refs_ready, parent=self.window, quiet=True)
        return self.ensure_job
