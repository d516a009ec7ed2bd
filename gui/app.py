"""Application entry: ``run_app(data=None)`` opens the main window.

(Until the main window lands, it prints the library summary.)
"""

from __future__ import annotations


def run_app(data: str | None = None) -> int:
    from core.paths import data_dir, db_path
    from core.store import Library

    folder = data_dir(data)
    with Library(db_path(folder)) as lib:
        st = lib.stats()
    print(f"资料库：{folder}")
    print(f"公报 {st.issues} 期，文件 {st.documents} 份。窗口界面尚在开发中；"
          "请用 `python main.py --help` 查看命令。")
    return 0
