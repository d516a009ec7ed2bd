"""The main window's annotation and export parts (a collaborator of MainWindow): the 批注
panel's jumps, repainting after a change, and the 导出 PDF / 打印 dialog."""

from __future__ import annotations

from .folders import EXPORT, last_folder, remember


class WindowAnnotations:
    def __init__(self, window) -> None:
        self.w = window

    def focus_annotations(self) -> None:
        self.w.annotations_dock.show()
        self.w.annotations_dock.raise_()

    def export_pdf(self, doc_ids: list[str] | None = None, from_tree: bool = False):
        """导出 PDF / the tree's 导出: the export dialog for the open document, or for what is
        selected in the tree (documents, sections); returns the dialog, shown."""
        from .export_dialog import ExportDialog, selected_scope

        w = self.w
        ids = doc_ids if isinstance(doc_ids, list) else ([w.doc_id] if w.doc_id else [])
        sections: dict = {}
        chosen = w.tree.selectionModel().selectedIndexes()
        if from_tree or w.tree.hasFocus() or len(chosen) > 1:
            ids, sections = selected_scope(w, ids)
        if not ids:
            w.statusBar().showMessage("导出 PDF：请先打开一份文件，或在资料库中选中要导出的文件。",
                                      6000)
            return None
        if w.export_dialog is not None:
            w.export_dialog.close()
        folder = str(last_folder(w.ctx.settings, EXPORT))
        dlg = ExportDialog(w, ids, sections, folder)
        dlg.exported.connect(lambda r: remember(w.ctx.settings, EXPORT, r.path))
        w.export_dialog = dlg
        dlg.show()
        return dlg

    def on_changed(self, change) -> None:
        """``AppContext.changed``: repaint the reader when its document's annotations changed
        or a re-import re-anchored them; refresh the tree's counts."""
        w = self.w
        if change.issues or (w.doc_id and w.doc_id in change.annotations):
            w.annotator.refresh_reader()
        if change.annotations and not change.issues:
            w.tree_model.refresh_counts()

    def open_annotation(self, ann_id: str) -> bool:
        """Open the annotation's document and show its passage (underlined)."""
        from core.errors import GazetteError

        w = self.w
        try:
            ann = w.ctx.library.annotation(ann_id)
        except GazetteError as e:
            w.statusBar().showMessage(str(e), 5000)
            return False
        if ann.status == "orphan" or not w.open_document(ann.doc_id):
            w.statusBar().showMessage(f"这条批注未能定位：原文件已删除或已更正，找不到“"
                                      f"{ann.quote[:20]}”。", 6000)
            return False
        pos = w.reader.position_of(ann.block_id, ann.start)
        if pos is None:
            return False
        w.reader.focus_range(pos, ann.id)
        return True
