"""Shared fixtures. Qt runs offscreen: the platform is set before any Qt import."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CORPUS_DIR = ROOT.parent / "shared" / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
OUTPUT_DIR = ROOT / "tests" / "output"     # screenshots and rendered pages (git-ignored)


def corpus_files() -> list[Path]:
    return sorted(CORPUS_DIR.glob("*.txt")) if CORPUS_DIR.is_dir() else []


@pytest.fixture(autouse=True)
def background_merges_end():
    """Every background index merge a test started (a command-line ``import`` run in-process
    starts ``merge-index`` when a tier of segments is full) has ended, and ended well, when
    the test ends: no test leaves a process writing into its temporary folders."""
    yield
    service = sys.modules.get("service.library")
    if service is None:
        return
    started = list(service.started_merges)
    service.started_merges.clear()
    failed = []
    for process in started:
        try:
            code = process.wait(timeout=600)
        except Exception:  # noqa: BLE001 - a merge that does not end is a failure
            process.kill()
            code = process.wait()
        if code != 0:
            failed.append((process.args, code))
    assert failed == [], f"a background merge failed: {failed}"


@pytest.fixture(scope="session")
def corpus_path() -> Path:
    """The shared sample issue (skips when ../shared/corpus is absent)."""
    files = corpus_files()
    if not files:
        pytest.skip("../shared/corpus is absent")
    return files[0]


@pytest.fixture(scope="session")
def corpus_text(corpus_path: Path) -> str:
    return corpus_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def corpus_parsed(corpus_path: Path):
    """The corpus parsed once per session (a ParsedIssue; do not mutate)."""
    from core.importer import parse_file

    return parse_file(corpus_path)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch) -> Path:
    """An empty data folder, also set as $GAZETTE_DATA so nothing touches the user's library."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("GAZETTE_DATA", str(folder))
    return folder


@pytest.fixture
def library(data_dir: Path):
    from core.paths import db_path
    from core.store import Library

    lib = Library(db_path(data_dir))
    yield lib
    lib.close()


@pytest.fixture(scope="session")
def corpus_library_template(tmp_path_factory, corpus_path: Path) -> Path:
    """A library file holding the corpus, built once; tests copy it (Anki's getEmptyCol idea)."""
    from core.importer import import_file
    from core.store import Library

    folder = tmp_path_factory.mktemp("corpus-lib")
    path = folder / "library.sqlite"
    with Library(path) as lib:
        import_file(lib, corpus_path)
        lib.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def corpus_library(corpus_library_template: Path, data_dir: Path):
    """A fresh copy of the corpus library in this test's data folder."""
    import shutil

    from core.paths import db_path
    from core.store import Library

    shutil.copy(corpus_library_template, db_path(data_dir))
    lib = Library(db_path(data_dir))
    yield lib
    lib.close()


@pytest.fixture
def output_dir() -> Path:
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    return OUTPUT_DIR
