"""Application entry: ``run_app(data=None)`` opens the main window.

The QApplication gets an explicitly chosen CJK font (a font bundled in ``resources/fonts``
first, then the usual system fonts) and the style sheet from ``resources/styles/app.qss``.
Everything the window needs travels in an :class:`~gui.context.AppContext`; the search
index is checked (and rebuilt if needed) in the background after the window is shown.
Before any window exists, :mod:`gui.safety` checks that the Qt binding does not corrupt
Python's memory (PySide6 6.12.0 on Python 3.11 does) and refuses to start with a message if it does.
"""

from __future__ import annotations

import atexit
import sys
from pathlib import Path

UI_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
            "WenQuanYi Micro Hei", "Hiragino Sans GB", "SimHei")
READING_FONTS = ("Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun",
                 "AR PL UMing CN")
_AT_EXIT: list = []          # release_clipboard, once registered


def load_bundled_fonts() -> list[str]:
    """Register fonts shipped in resources/fonts; returns their families."""
    from PySide6.QtGui import QFontDatabase

    from core.paths import resources_dir

    families: list[str] = []
    folder = resources_dir() / "fonts"
    if folder.is_dir():
        for f in sorted(folder.iterdir()):
            if f.suffix.lower() in (".ttf", ".otf", ".ttc"):
                fid = QFontDatabase.addApplicationFont(str(f))
                families += QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
    return families


def choose_fonts() -> tuple[str, str]:
    """(UI family, reading family): the first available of the preference lists."""
    from PySide6.QtGui import QFontDatabase

    bundled = load_bundled_fonts()
    available = set(QFontDatabase.families())
    ui = next((f for f in (*bundled, *UI_FONTS) if f in available), "")
    reading = next((f for f in READING_FONTS if f in available), ui)
    return ui, reading


def release_clipboard() -> None:
    """Run at exit, while Python still runs: data that Python put on the clipboard (a
    QMimeData made in Python, as the 表格 panel's copy) is handed back to Qt as plain text.
    Left there, Qt's own exit handlers delete it after the interpreter is gone, into
    Python's wrapper: a segfault at exit (whenever the QApplication outlives Python, as in
    the test session)."""
    import shiboken6
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        return
    clipboard = QGuiApplication.clipboard()
    data = clipboard.mimeData()
    if data is not None and shiboken6.isValid(data) and shiboken6.createdByPython(data):
        clipboard.setText(data.text()) if data.hasText() else clipboard.clear()


def install_qt_chinese(app) -> bool:
    """Qt's own texts in Chinese (the text views' 复制 / 全选 menu, message box and file
    dialog buttons): Qt's qtbase_zh_CN translation, installed once."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    if getattr(app, "_qt_chinese", None) is not None:
        return True
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    china = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    if not translator.load(china, "qtbase", "_", folder):
        return False
    app.installTranslator(translator)
    app._qt_chinese = translator            # keep the translator alive with the app
    return True


# Qt's own texts its zh_CN translation lacks: the widget file dialog's (the one Qt shows
# without a desktop's native dialog) labels gained a mnemonic in Qt 6 ("&Look in:", "Files of
# &type:"), and the translation still has them without one, so the import and export dialogs
# said Look in: and Files of type: in English.
QT_MISSING = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
}


def install_missing_chinese(app) -> bool:
    """A translator for :data:`QT_MISSING`, searched before qtbase_zh_CN (installed once)."""
    from PySide6.QtCore import QTranslator

    class Missing(QTranslator):
        def translate(self, context, source, disambiguation=None, n=-1):
            return QT_MISSING.get((context, source))     # None: not here (a null string)

        def isEmpty(self) -> bool:
            return False

    if getattr(app, "_qt_missing", None) is not None:
        return True
    translator = Missing(app)
    app.installTranslator(translator)
    app._qt_missing = translator            # keep the translator alive with the app
    return True


def install_translations(app) -> list:
    """Qt's own texts in Chinese everywhere (standard buttons, file and print dialogs, the
    reader's context menu): the default locale zh_CN and qtbase_zh_CN (above). Returns the
    translators loaded."""
    from PySide6.QtCore import QLocale

    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    install_qt_chinese(app)
    install_missing_chinese(app)
    translator = getattr(app, "_qt_chinese", None)
    return [translator] if translator is not None else []


SWITCH_INTERVAL = 0.001     # seconds; Python's default is 0.005


def make_app(argv: list[str] | None = None):
    """The QApplication (created once) with font and style sheet; returns (app, reading)."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    if release_clipboard not in _AT_EXIT:
        _AT_EXIT.append(release_clipboard)
        atexit.register(release_clipboard)
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    # The GUI thread gets the GIL back sooner from a job's Python thread (jieba's dictionary,
    # a search count, an import): each Qt call releases it, and getting it back waited up
    # to the 5 ms default each time; opening a document took ~3× its CPU time in wall time
    # while a job ran (``python -m tests.bench.bench_open --busy``).
    sys.setswitchinterval(SWITCH_INTERVAL)
    app.setApplicationName("公报阅读器")
    app.setOrganizationName("GazetteReader")
    install_translations(app)
    ui, reading = choose_fonts()
    if ui:
        app.setFont(QFont(ui, 10))
    from .theme import apply_theme, follow_system

    if not getattr(app, "_gazette_themed", False):
        app._gazette_themed = True
        follow_system(app)
    apply_theme(app)
    return app, reading


def create_window(folder: Path, settings_file: Path | None = None, reading_font: str = ""):
    """An AppContext on ``folder`` and its MainWindow (not shown yet)."""
    from .context import AppContext
    from .mainwindow import MainWindow

    ctx = AppContext.create(folder, settings_file)
    return MainWindow(ctx, reading_font)


def refuse_to_start(message: str) -> None:
    """Say why the window will not open: on stderr and in a dialog."""
    from PySide6.QtWidgets import QMessageBox

    sys.stderr.write(message + "\n")
    QMessageBox.critical(None, "公报阅读器无法启动", message)


def fit_to_screen(window, available) -> None:
    """Shrink and move ``window`` into ``available`` (the screen's QRect without taskbars) when
    it does not fit: the first start's 1366×768, or a size saved on a bigger screen, would
    leave the status bar and the dock tabs off a 1280×720 screen."""
    frame = window.frameGeometry()
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    w = min(window.width(), available.width() - extra_w)
    h = min(window.height(), available.height() - extra_h)
    if (w, h) != (window.width(), window.height()):
        window.resize(w, h)
    frame = window.frameGeometry()
    x = max(available.left(), min(frame.left(), available.right() + 1 - frame.width()))
    y = max(available.top(), min(frame.top(), available.bottom() + 1 - frame.height()))
    if (x, y) != (frame.left(), frame.top()):
        window.move(x, y)


def run_app(data: str | None = None) -> int:
    from core.paths import data_dir

    from .safety import check_binding

    app, reading = make_app()
    problem = check_binding()
    if problem:
        refuse_to_start(problem)
        return 1
    from core.errors import GazetteError

    try:                      # a bad --data or a damaged library: one message, no traceback
        window = create_window(data_dir(data), reading_font=reading)
        _ = window.ctx.library
    except GazetteError as e:
        refuse_to_start(str(e))
        return 1
    window.show()
    window.restore_state()
    if window.screen() is not None and not window.isMaximized():
        fit_to_screen(window, window.screen().availableGeometry())
    from . import errors

    reporter = errors.install(window, window.ctx.db_file)   # a slot's error: logged, told
    # once the index is warm, the window's long-lived objects leave the collector's
    # generations: a full collection no longer pauses a search for 10-20 ms (core.heap)
    from core.heap import freeze_long_lived

    window.indexReady.connect(lambda _rebuilt: freeze_long_lived())
    window.check_index()
    code = app.exec()
    reporter.uninstall()
    window.ctx.close()
    return code
