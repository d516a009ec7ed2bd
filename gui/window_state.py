"""The main window's size and saved state (a collaborator of MainWindow): the first size from
the screen's available geometry, a saved geometry restored only where it still fits, narrow
windows with every panel as a tab on one side, and the saved reading position."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, QSize, Qt, QTimer

NARROW = 1100          # below this width the right panels join the left ones as tabs
MIN_WIDTH = 760        # half a 1920 screen is 960: the window must go below that
MIN_HEIGHT = 480
FRAME = QMargins(4, 32, 4, 4)      # a title bar and frame, until the real one is known


def fit_geometry(available: QRect, saved: QRect | None = None,
                 frame: QMargins = FRAME) -> QRect:
    """The window's geometry (client area, inside a frame of ``frame`` margins) on a screen
    whose free area is ``available``: the saved one when it lies wholly inside; else the
    whole free area on a small screen and most of it, centred, on a large one."""
    room = available.marginsRemoved(frame)
    if saved is not None and saved.isValid() and room.contains(saved):
        return QRect(saved)
    aw, ah = room.width(), room.height()
    if available.width() <= 1440:
        w, h = aw, ah
    else:
        w, h = min(int(aw * 0.85), 1800), min(int(ah * 0.9), 1200)
    w, h = max(min(w, aw), min(MIN_WIDTH, aw)), max(min(h, ah), min(MIN_HEIGHT, ah))
    return QRect(room.x() + (aw - w) // 2, room.y() + (ah - h) // 2, w, h)


class WindowState:
    """Sizes the window and keeps its state in the data folder's settings."""

    def __init__(self, window) -> None:
        self.w = window
        self.narrow = False
        self.moved: list = []          # the right side's docks, while narrow on the left

    # -- size -----------------------------------------------------------------------------
    def available(self) -> QRect:
        screen = self.w.screen()
        return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)

    def frame(self) -> QMargins:
        """The window manager's frame around the client area (estimated before showing)."""
        w = self.w
        if not w.isVisible():
            return FRAME
        f, g = w.frameGeometry(), w.geometry()
        m = QMargins(g.left() - f.left(), g.top() - f.top(), f.right() - g.right(),
                     f.bottom() - g.bottom())
        return m if m.top() > 0 or m.left() > 0 else FRAME

    def fit_to_screen(self, saved: QRect | None = None) -> QRect:
        geo = fit_geometry(self.available(), saved, self.frame())
        self.w.setGeometry(geo)
        return geo

    def on_resize(self) -> None:
        """Panels side by side when there is room, as tabs on one side when narrow."""
        narrow = self.w.width() < NARROW
        if narrow != self.narrow:
            self.narrow = narrow
            self.arrange(narrow)

    def arrange(self, narrow: bool) -> None:
        """Narrow: every panel of the right side joins the left ones as a tab (one column
        beside the page); wide again: they go back to the right."""
        from PySide6.QtWidgets import QDockWidget

        w = self.w
        left, right_area = Qt.DockWidgetArea.LeftDockWidgetArea, \
            Qt.DockWidgetArea.RightDockWidgetArea
        if narrow:
            self.moved = [d for d in w.findChildren(QDockWidget)
                          if w.dockWidgetArea(d) == right_area and not d.isFloating()]
        moved = [d for d in self.moved if d.parent() is w]
        if not moved:
            return
        current = next((d for d in moved if not d.visibleRegion().isEmpty()), moved[0])
        area = left if narrow else right_area
        for d in moved:
            if w.dockWidgetArea(d) != area:
                w.addDockWidget(area, d)
        anchor = w.search_dock if narrow else moved[0]
        for d in moved:
            if d is not anchor:
                w.tabifyDockWidget(anchor, d)
        current.raise_()
        QTimer.singleShot(0, w, w.size_docks)      # once the docks have moved

    # -- saved state ----------------------------------------------------------------------
    def restore(self) -> None:
        w, s = self.w, self.w.ctx.settings
        size = s.value("reader/font_size")
        if size is not None:
            w.reader.set_font_size(int(size))
        tabs = s.value("reader/tabs")
        tabs = [tabs] if isinstance(tabs, str) else list(tabs or [])
        doc_id = s.value("reader/doc_id")
        for t in tabs:
            if t and t != doc_id:
                w.open_document(str(t))
        opened = bool(doc_id) and w.open_document(str(doc_id))
        state = s.value("window/state")
        if state is not None:
            w.restoreState(state)
        saved = s.value("window/rect")
        maximized = str(s.value("window/maximized", "false")).lower() == "true"
        if maximized:
            w.showMaximized()
        else:
            self.fit_to_screen(saved if isinstance(saved, QRect) else None)
        self.narrow = not self.narrow        # arrange for the restored width
        self.on_resize()
        if opened:
            top = s.value("reader/top_block")
            if top:
                w.reader.scroll_to_block(str(top))

    def save(self) -> None:
        w, s = self.w, self.w.ctx.settings
        s.setValue("window/state", w.saveState())
        s.setValue("window/maximized", w.isMaximized())
        if not w.isMaximized():
            s.setValue("window/rect", w.geometry())
        s.setValue("reader/font_size", w.reader.font_size)
        s.setValue("reader/doc_id", w.doc_id or "")
        s.setValue("reader/top_block", w.reader.top_block_id() or "")
        s.setValue("reader/tabs", w.tab_doc_ids())
        s.sync()

    def minimum(self) -> QSize:
        return QSize(MIN_WIDTH, MIN_HEIGHT)
