"""GUI fixtures (see conftest_gui.py for the helpers tests import)."""

from conftest_gui import gui_app, lincheng_files, make_window  # noqa: F401
