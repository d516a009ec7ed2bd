"""The look: the light style sheet, or a dark one when the system is in dark mode.

The reader stays paper (a light page with dark text) in both: the highlight colours of
annotations and search hits were chosen for it and stay readable; everything around it follows
the system. ``apply_theme(app)`` is called at start and again when the system changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette


def is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for r, color in ((role.Window, "#2b2d31"), (role.WindowText, "#e6e6e6"),
                     (role.Base, "#1f2023"), (role.AlternateBase, "#2b2d31"),
                     (role.Text, "#e6e6e6"), (role.Button, "#34363b"),
                     (role.ButtonText, "#e6e6e6"), (role.Highlight, "#3d6fb6"),
                     (role.HighlightedText, "#ffffff"), (role.ToolTipBase, "#34363b"),
                     (role.ToolTipText, "#e6e6e6"), (role.PlaceholderText, "#9a9a9a"),
                     (role.Link, "#8ab4f8"), (role.BrightText, "#ff6b6b")):
        p.setColor(r, QColor(color))
    for r in (role.Text, role.WindowText, role.ButtonText):
        p.setColor(group.Disabled, r, QColor("#7a7a7a"))
    return p


def style_sheet(dark: bool) -> str:
    from core.paths import resources_dir

    folder = resources_dir() / "styles"
    text = (folder / "app.qss").read_text(encoding="utf-8") if (folder / "app.qss").is_file() \
        else ""
    if dark and (folder / "app-dark.qss").is_file():
        text += "\n" + (folder / "app-dark.qss").read_text(encoding="utf-8")
    return text


def apply_theme(app, dark: bool | None = None) -> bool:
    """Style the application for the system's colour scheme (or ``dark`` as given); returns
    True when dark."""
    dark = is_dark() if dark is None else dark
    if dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    elif getattr(app, "_gazette_dark", False):       # back from dark: the style's own colours
        app.setPalette(app.style().standardPalette())
    app._gazette_dark = dark
    app.setStyleSheet(style_sheet(dark))
    return dark


def follow_system(app) -> None:
    """Restyle when the system switches between light and dark."""
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))
