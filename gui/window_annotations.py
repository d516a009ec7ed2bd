"""The main window's annotation and export parts (a mixin of MainWindow): the 批注 panel's
jumps, repainting after a change, and the 导出 PDF / 打印 dialog."""

from __future__ import annotations

from pathlib import Path


class AnnotationsWindowMixin:
    def focus_annotations(self) -> None:
        self.annotations_dock.show()
        self.annotations_dock.raise_()

    def export_pdf(self, doc_ids: list[str] | None = None, from_tree: bool = False):
        """Ctrl+P / 导出 PDF / the tree's 导出: the export dialog for the open document, or
        for what is selected in the tree (documents, sections); returns the dialog, shown."""
        from .export_dialog import ExportDialog, selected_scope

        ids = doc_ids if isinstance(doc_ids, list) else ([self.doc_id] if self.doc_id else [])
        sections: dict = {}
        chosen = self.tree.selectionModel().selectedIndexes()
        if from_tree or self.tree.hasFocus() or len(chosen) > 1:
            ids, sections = selected_scope(self, ids)
        if not ids:
            self.statusBar().showMessage("导出 PDF：请先打开一份文件，或在资料库中选中要导出的文件。",
                                         6000)
            return None
        if self.export_dialog is not None:
            self.export_dialog.close()
        folder = self.ctx.settings.value("export/folder") or str(Path.home())
        dlg = ExportDialog(self, ids, sections, folder)
        dlg.exported.connect(lambda r: self.ctx.settings.setValue("export/folder",
                                                                  str(Path(r.path).parent)))
        self.export_dialog = dlg
        dlg.show()
        return dlg

    # -- annotations ----------------------------------------------------------------------
    def _annotations_changed(self, doc_id: str) -> None:
        if doc_id == self.doc_id:
            self.annotator.refresh_reader()
        self.annotations.refresh()
        self.tree_model.refresh_counts()

    def open_annotation(self, ann_id: str) -> bool:
        """Open the annotation's document and show its passage (underlined)."""
        from core.errors import GazetteError

        try:
            ann = self.ctx.library.annotation(ann_id)
        except GazetteError as e:
            self.statusBar().showMessage(str(e), 5000)
            return False
        if ann.status == "orphan" or not self.open_document(ann.doc_id):
            self.statusBar().showMessage(f"这条批注未能定位：原文件已删除或已更正，找不到“"
                                         f"{ann.quote[:20]}”。", 6000)
            return False
        pos = self.reader.position_of(ann.block_id, ann.start)
        if pos is None:
            return False
        self.reader.focus_range(pos, ann.id)
        return True

