"""The architecture's lines (see ARCHITECTURE.md).

core/ imports none of index/, service/, cli/, gui/; index/ none of service/, cli/, gui/;
service/ none of cli/, gui/; cli/ not gui/. Only gui/ imports Qt. Only core/store imports
sqlite_utils. gui/ never imports sqlite_utils, whoosh or jieba. Every library change in the
command line and the window goes through service/."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imports(folder: str, pattern: str) -> list[str]:
    rx = re.compile(rf"^\s*(from|import)\s+({pattern})\b", re.M)
    return [str(p.relative_to(ROOT)) for p in (ROOT / folder).rglob("*.py")
            if rx.search(p.read_text(encoding="utf-8"))]


QT = "PySide6|PyQt\\w*|shiboken6"


def test_only_the_window_imports_qt():
    for folder in ("core", "index", "service", "cli"):
        assert imports(folder, QT) == [], folder


def test_layers_only_import_downwards():
    assert imports("core", "index|service|cli|gui") == []
    assert imports("index", "service|cli|gui") == []
    assert imports("service", "cli|gui") == []
    assert imports("cli", "gui") == []


CHANGES = re.compile(r"(?<!self)\.(import_issue|remove_issue|add_issue|rebuild|mark_stale|merge|merge_all|"
                     r"ensure_refs|reextract_refs|refresh_refs)\(|"
                     r"\b(import_file|reextract_library)\(")


def test_library_changes_go_through_the_service_layer():
    offenders = []
    for folder in ("cli", "gui"):
        for p in (ROOT / folder).rglob("*.py"):
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
                if CHANGES.search(line) and "service" not in line:
                    offenders.append(f"{p.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_only_the_store_writes_sql():
    users = imports("core", "sqlite_utils|sqlite3") + imports("index", "sqlite_utils|sqlite3")
    assert all(u.startswith("core/store/") for u in users), users
    assert imports("gui", "sqlite_utils|sqlite3|whoosh|jieba") == []


def test_the_window_uses_the_index_public_api_only():
    """gui/ imports ``from index import …`` only, never the index's modules."""
    assert imports("gui", r"index\.\w+") == []


def test_headless_commands_do_not_load_qt():
    import subprocess
    import sys

    code = ("import sys, main; main.build_parser(); "
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_the_window_runs_jobs_through_one_operation_helper():
    """Every job of the window starts through gui.ops.run_op (connected before it starts)."""
    hand = re.compile(r"\.jobs\.(make|start|submit)\(|\bjobs\.(make|start|submit)\(")
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in (ROOT / "gui").rglob("*.py")
                 if p.name not in ("jobs.py", "ops.py")
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if hand.search(line)]
    assert offenders == []
