"""The architecture's lines: core/ and index/ never import Qt; only core/store imports
sqlite_utils; gui/ never imports sqlite_utils or whoosh."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imports(folder: str, pattern: str) -> list[str]:
    rx = re.compile(rf"^\s*(from|import)\s+({pattern})\b", re.M)
    return [str(p.relative_to(ROOT)) for p in (ROOT / folder).rglob("*.py")
            if rx.search(p.read_text(encoding="utf-8"))]


def test_core_and_index_have_no_qt():
    assert imports("core", "PySide6|PyQt\\w*|shiboken6") == []
    assert imports("index", "PySide6|PyQt\\w*|shiboken6") == []


def test_only_the_store_writes_sql():
    users = imports("core", "sqlite_utils|sqlite3") + imports("index", "sqlite_utils|sqlite3")
    assert all(u.startswith("core/store/") for u in users), users
    assert imports("gui", "sqlite_utils|sqlite3|whoosh|jieba") == []


def test_headless_commands_do_not_load_qt():
    import subprocess
    import sys

    code = ("import sys, main; main.build_parser(); "
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr
