"""Annotations (批注) in the window: create from the reader's selection, edit, delete, undo.

:class:`AnnotationController` owns the actions (高亮 Ctrl+H, colours Ctrl+1…4, 添加批注
Ctrl+Alt+M, 撤销 Ctrl+Z, 重做 Ctrl+Shift+Z / Ctrl+Y), the reader's context-menu entries and
the :class:`QUndoStack`.

Every change is one library call (its own small committed transaction, see
``core/store/annotations.py``) run as a job on the ``notes`` pool (one thread, its own
connection with a busy timeout): it is stored at once even while an import runs on the serial
pool — it waits only while the import's own write transaction holds SQLite's lock, not for the
whole import — the GUI thread never waits for that lock, and the writes keep the order they
were made in (a change, its undo, its redo). The GUI thread's Library only reads. The undo command is pushed at once; ``changed(doc_id)`` tells the
reader, the 批注 panel and the tree when a change is stored; ``pending`` counts the changes
not stored yet.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QMenu,
    QPlainTextEdit,
)

from core.annotations import (
    COLORS,
    block_spans,
    color_name,
    make_annotation,
    normalize_color,
    now_iso,
)
from core.errors import GazetteError

from .plaintext import plain_label

COLOR_KEYS = tuple(COLORS)          # yellow, green, red, blue
SAVE_JOB = "保存批注"                # the name of the jobs that store a change
# Changes Ctrl+Z can take back (as in word processors): each step keeps its annotation and
# two closures; without a limit a clerk's day of highlighting piled up in the stack.
UNDO_LIMIT = 100


def short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


class NoteDialog(QDialog):
    """A small dialog: the quoted passage, the note and the colour."""

    def __init__(self, parent, quote: str, note: str = "", color: str = "yellow",
                 title: str = "添加批注"):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("noteDialog")
        form = QFormLayout(self)
        q = plain_label(f"“{short(quote, 120)}”")
        q.setWordWrap(True)
        q.setStyleSheet("color: #555555;")
        form.addRow("原文：", q)
        self.edit = QPlainTextEdit(note)
        self.edit.setPlaceholderText("例如：我局牵头，6月底前报送")
        self.edit.setMinimumSize(360, 90)
        form.addRow("批注：", self.edit)
        self.color = QComboBox()
        for key in COLOR_KEYS:
            self.color.addItem(color_name(key), key)
        self.color.setCurrentIndex(max(0, self.color.findData(color)))
        form.addRow("颜色：", self.color)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.edit.setFocus()

    def values(self) -> tuple[str, str]:
        return self.edit.toPlainText().strip(), self.color.currentData()

    @classmethod
    def ask(cls, parent, quote: str, note: str = "", color: str = "yellow",
            title: str = "添加批注") -> tuple[str, str] | None:
        """(note, colour) or None when cancelled."""
        dlg = cls(parent, quote, note, color, title)
        return dlg.values() if dlg.exec() == QDialog.DialogCode.Accepted else None


class _Command(QUndoCommand):
    """An annotation change already submitted once; redo() repeats it, undo() reverses it.
    ``do`` and ``undo`` take the Library of the worker that runs them."""

    def __init__(self, ctrl: AnnotationController, text: str, doc_id: str, do, undo):
        super().__init__(text)
        self.ctrl, self.doc_id, self._do, self._undo = ctrl, doc_id, do, undo
        self.first = True

    def redo(self) -> None:
        if self.first:           # submitted before push()
            self.first = False
            return
        self.ctrl._submit(self._do, self.doc_id)

    def undo(self) -> None:
        self.ctrl._submit(self._undo, self.doc_id)


class AnnotationController(QObject):
    """Signals: ``changed(doc_id)`` once a change (also undo / redo) is stored or has failed;
    ``settled()`` when no change waits any more (``pending`` is 0)."""

    changed = Signal(str)
    settled = Signal()

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.reader = window.reader
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(UNDO_LIMIT)     # only while the stack is empty
        self.last_color = "yellow"
        self.pending = 0                        # changes submitted, not stored yet
        self.ask_note = NoteDialog.ask          # replaceable in tests (no modal dialog)
        self.reader.context_menu_hook = self._context_menu
        self.highlight_action = self._act("高亮（上次的颜色）", lambda: self.highlight(), "Ctrl+H")
        self.color_actions = {
            key: self._act(f"{color_name(key)}高亮", lambda _c=False, k=key: self.highlight(k),
                           f"Ctrl+{i}")
            for i, key in enumerate(COLOR_KEYS, 1)}
        self.note_action = self._act("添加批注…", lambda: self.add_note(), "Ctrl+Alt+M")
        self.undo_action = self.stack.createUndoAction(self, "撤销")
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = self.stack.createRedoAction(self, "重做")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for a in (self.undo_action, self.redo_action):
            window.addAction(a)

    @property
    def library(self):
        """The GUI thread's Library: reads only."""
        return self.window.ctx.library

    def _act(self, text: str, slot, shortcut: str) -> QAction:
        act = QAction(text, self.window)
        act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        self.window.addAction(act)
        return act

    def add_to_menu(self, menu: QMenu) -> None:
        """The 批注 menu of the menu bar."""
        menu.addAction(self.highlight_action)
        sub = menu.addMenu("高亮颜色")
        for act in self.color_actions.values():
            sub.addAction(act)
        menu.addAction(self.note_action)
        menu.addSeparator()
        menu.addAction(self.undo_action)
        menu.addAction(self.redo_action)

    # -- painting -------------------------------------------------------------------------
    def refresh_reader(self) -> None:
        """Paint the open document's annotations in the reader."""
        data = self.reader.data
        if data is None:
            return
        anns = self.library.annotations(data.doc.id)
        self.reader.set_annotations(block_spans(anns, data.blocks) if anns else {})

    # -- writing on the notes pool -------------------------------------------------------
    def _submit(self, write, doc_id: str, saved: str = ""):
        """Run ``write(library)`` on the notes pool (not behind an import); returns the job.
        ``saved``: the status message once it is stored."""
        from .ops import run_op

        self.pending += 1
        job = run_op(self.window.ctx.jobs, lambda wctx, _progress, _cancel: write(wctx.library),
                     SAVE_JOB, pool="notes",
                     on_success=lambda _r: self._stored(doc_id, saved),
                     on_failure=lambda message: self._failed(doc_id, message),
                     on_done=self._job_done)
        return job

    def _stored(self, doc_id: str, saved: str) -> None:
        if saved:
            self._status(saved)
        self._tell(doc_id)

    def _failed(self, doc_id: str, message: str) -> None:
        self._status(f"批注未能保存：{message}")
        self._tell(doc_id)

    def _tell(self, doc_id: str) -> None:
        from .context import Change

        self.changed.emit(doc_id)
        self.window.ctx.notify(Change(annotations=frozenset({doc_id})))

    def _job_done(self, _job) -> None:
        self.pending -= 1
        if self.pending == 0:
            self.settled.emit()

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 6000)

    # -- creating -------------------------------------------------------------------------
    def _from_selection(self, color: str, note: str):
        data = self.reader.data
        if data is None:
            raise GazetteError("请先打开文件并选中要标注的文字。")
        anchor = self.reader.selection_anchor()
        if anchor is None:
            raise GazetteError("请先选中要标注的文字。")
        if any(b.kind == "table_row" for b in self.reader.selection_blocks()):
            raise GazetteError("表格中的文字暂不能标注：请选中表格之外的正文。")
        b1, s, b2, e, _quote = anchor
        return make_annotation(data.blocks, b1, s, b2, e, color=color, note=note)

    def _read_only(self) -> bool:
        """A read-only library takes no annotation: says so in the status bar."""
        if getattr(self.library, "read_only", False):
            self._status("资料库是只读的，不能添加、修改或删除批注。")
            return True
        return False

    def highlight(self, color: str | None = None, note: str = ""):
        """Annotate the reader's selection; returns the Annotation, stored on the serial pool
        (None + a status message when nothing is selected)."""
        if self._read_only():
            return None
        try:
            ann = self._from_selection(normalize_color(color or self.last_color), note)
        except GazetteError as e:
            self._status(str(e))
            return None
        stamp = now_iso()
        ann = replace(ann, created=stamp, modified=stamp)     # the same times on a redo
        self.last_color = ann.color
        self._clear_selection()
        label = "批注" if ann.note else f"{color_name(ann.color)}高亮"
        self._submit(lambda lib: lib.add_annotation(ann), ann.doc_id,
                     f"已添加{label}：“{short(ann.quote, 24)}”（Ctrl+Z 撤销）")
        self.stack.push(_Command(self, f"添加{label}", ann.doc_id,
                                 lambda lib: lib.restore_annotation(ann),
                                 lambda lib: lib.delete_annotation(ann.id)))
        return ann

    def add_note(self, note: str | None = None, color: str | None = None):
        """Annotate the selection with a note (asked in a dialog when ``note`` is None)."""
        if self._read_only():
            return None
        if note is None:
            anchor = self.reader.selection_anchor()
            if anchor is None or not anchor[4].strip():
                self._status("请先选中要标注的文字。")
                return None
            got = self.ask_note(self.window, anchor[4], "", color or self.last_color)
            if got is None:
                return None
            note, color = got
        return self.highlight(color, note)

    def _clear_selection(self) -> None:
        cur = self.reader.textCursor()
        cur.clearSelection()
        self.reader.setTextCursor(cur)

    # -- changing -------------------------------------------------------------------------
    def edit_note(self, ann_id: str, note: str | None = None, color: str | None = None):
        """Change the note and/or colour (asked in a dialog when both are None); returns the
        annotation as it will be stored."""
        if self._read_only():
            return None
        try:
            old = self.library.annotation(ann_id)
            if note is None and color is None:
                got = self.ask_note(self.window, old.quote, old.note, old.color, "编辑批注")
                if got is None:
                    return None
                note, color = got
            new = replace(old, note=old.note if note is None else note.strip(),
                          color=old.color if color is None else normalize_color(color))
        except GazetteError as e:
            self._status(str(e))
            return None
        what = "更改颜色" if new.note == old.note else "编辑批注"
        self._submit(lambda lib: lib.update_annotation(ann_id, note=new.note, color=new.color),
                     new.doc_id)
        self.stack.push(_Command(
            self, what, new.doc_id,
            lambda lib: lib.update_annotation(ann_id, note=new.note, color=new.color),
            lambda lib: lib.update_annotation(ann_id, note=old.note, color=old.color)))
        return new

    def set_color(self, ann_id: str, color: str):
        return self.edit_note(ann_id, color=color)

    def delete(self, ann_id: str):
        if self._read_only():
            return None
        try:
            gone = self.library.annotation(ann_id)
        except GazetteError as e:
            self._status(str(e))
            return None
        self._submit(lambda lib: lib.delete_annotation(gone.id), gone.doc_id,
                     f"已删除批注：“{short(gone.quote, 24)}”（Ctrl+Z 撤销）")
        self.stack.push(_Command(self, "删除批注", gone.doc_id,
                                 lambda lib: lib.delete_annotation(gone.id),
                                 lambda lib: lib.restore_annotation(gone)))
        return gone

    # -- menus ----------------------------------------------------------------------------
    def annotation_menu(self, menu: QMenu, ann) -> None:
        """编辑批注 / 更改颜色 / 删除批注 for one annotation."""
        tag = f"“{short(ann.quote, 12)}”"
        menu.addAction(f"编辑批注… {tag}", lambda: self.edit_note(ann.id))
        colors = menu.addMenu("更改颜色")
        for key in COLOR_KEYS:
            act = colors.addAction(color_name(key), lambda k=key: self.set_color(ann.id, k))
            act.setCheckable(True)
            act.setChecked(key == ann.color)
        menu.addAction("删除批注", lambda: self.delete(ann.id))

    def _context_menu(self, menu: QMenu, position: int | None) -> None:
        menu.addSeparator()
        has_sel = self.reader.textCursor().hasSelection()
        sub = menu.addMenu("高亮")
        sub.setEnabled(has_sel)
        for act in self.color_actions.values():
            sub.addAction(act)
        menu.addAction(self.note_action)
        cur = self.reader.textCursor()
        anns = (self.reader.annotations_in(cur.selectionStart(), cur.selectionEnd())
                if has_sel else [])
        here = self.reader.annotation_at(position) if position is not None else None
        if here is not None and all(a.id != here.id for a in anns):
            anns.insert(0, here)
        for ann in anns[:3]:
            menu.addSeparator()
            self.annotation_menu(menu, ann)

