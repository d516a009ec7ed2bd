"""Saving and restoring the main window's state (a mixin of MainWindow): geometry, docks,
reader font size, the open document and the reading position; the start page's 阅读最新一期."""

from __future__ import annotations


class WindowStateMixin:
    def restore_state(self) -> None:
        s = self.ctx.settings
        size = s.value("reader/font_size")
        if size is not None:
            self.reader.set_font_size(int(size))
        doc_id = s.value("reader/doc_id")
        opened = bool(doc_id) and self.open_document(str(doc_id))
        geometry, state = s.value("window/geometry"), s.value("window/state")
        if state is not None:
            self.restoreState(state)
        if geometry is not None:
            self.restoreGeometry(geometry)
        saved = s.value("window/size")
        if saved is not None and not self.isMaximized():
            self.resize(saved)      # restoreGeometry() shrinks to a (virtual) small screen
        if opened:
            top = s.value("reader/top_block")
            if top:
                self.reader.scroll_to_block(str(top))

    def save_state(self) -> None:
        s = self.ctx.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/size", self.size())
        s.setValue("reader/font_size", self.reader.font_size)
        s.setValue("reader/doc_id", self.doc_id or "")
        s.setValue("reader/top_block", self.reader.top_block_id() or "")
        s.sync()


    def open_latest(self) -> bool:
        """Open the first document of the newest issue (the start page's 阅读最新一期)."""
        for issue in self.ctx.library.issues():
            docs = self.ctx.library.documents(issue.id)
            if docs:
                return self.open_document(docs[0].id)
        return False
