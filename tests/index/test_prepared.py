"""The command line's import writes the issue's index segment in a child process while the
issue is stored (index.prepared, issue 12): the segment is the one the library's rows give,
byte for byte; the index it makes equals a fresh rebuild's; a child that fails, an import
that fails and a killed import leave nothing behind and lose nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from core.importer import parse_text
from core.store import Library
from index import build, prepared
from index.schema import build_schema
from index.search import SearchIndex
from tests.fixtures import sample_gazette
from tests.fixtures.gazettes import GUOWUYUAN, LINCHENG, render
from tests.fixtures.search_library import search_snapshot
from tests.fixtures.tables_gazette import award_text

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ("数字经济", "城市更新", "责任单位", "临政〔2024〕2号", "江政〔2024〕7号", "先进单位 名单")

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the child is forked on Linux only")


def _texts() -> dict[str, str]:
    return {
        "sample": sample_gazette.as_extracted_text(),
        "lincheng": render(LINCHENG, header="临城市人民政府公报（2024 年第 4 期）"),
        "guowuyuan": render(GUOWUYUAN, header="国务院公报（2024 年第 3 期）"),
        "awards": award_text()[0],
    }


def _segment_bytes(folder: Path) -> dict[str, bytes]:
    """The files of the one segment in ``folder``, by their suffix."""
    ix = whoosh_index.open_dir(str(folder))
    (seg,) = ix._segments()
    ix.close()
    names = [p.name for p in folder.iterdir() if p.name.startswith(seg.segment_id() + ".")]
    return {Path(n).suffix: (folder / n).read_bytes() for n in names}


@pytest.mark.parametrize("name", sorted(_texts()))
def test_the_segment_from_the_parse_is_the_segment_from_the_library(tmp_path, name):
    text = _texts()[name]
    parsed = parse_text(text, source_name=f"{name}.txt", sha256=f"{hash(text):064x}"[-64:])
    assert parsed.documents and parsed.blocks
    library = Library(tmp_path / "library.sqlite")
    library.import_issue(parsed)
    stored = library.issue(parsed.issue.id)

    folders = {}
    for way in ("parse", "library"):
        folder = folders[way] = tmp_path / way
        folder.mkdir()
        ix = whoosh_index.create_in(str(folder), build_schema())
        writer = ix.writer(**build.writer_options())
        if way == "parse":
            build.add_documents(writer, parsed.issue,
                                build.parsed_documents(parsed.documents, parsed.blocks))
        else:
            build.add_issue_documents(writer, library, stored)
        writer.commit(merge=False)
        ix.close()
    got, want = _segment_bytes(folders["parse"]), _segment_bytes(folders["library"])
    assert {".trm", ".pst"} <= set(want)
    assert got == want
    library.close()


# -- the command line, in processes of its own (one thread each, as a user runs it) -------
def _gazettes(folder: Path) -> list[Path]:
    out = []
    for k, (name, text) in enumerate(sorted(_texts().items())):
        p = folder / f"{k}-{name}.txt"
        p.write_text(text, encoding="utf-8")
        out.append(p)
    return out


RUN = textwrap.dedent("""
    import json, pathlib, sys
    import main
    from index import prepared
    from index.search import SearchIndex
    mode, argv = sys.argv[1], sys.argv[2:]
    used = []
    real_start = prepared.start
    def start(*a, **k):
        got = real_start(*a, **k)
        used.append(got is not None)
        return got
    prepared.start = start
    if mode == "child-only":           # the issue must come from the child's segment
        def refuse(*a, **k):
            raise AssertionError("added from the library")
        SearchIndex._add = refuse
    elif mode == "child-fails":
        prepared._write = lambda *a, **k: 1 / 0
    elif mode == "removed-meanwhile":  # another process removes the issue before the commit
        from core.store import Library
        real_wait = prepared.PreparedSegment.wait
        def wait(self):
            done = real_wait(self)
            lib = Library(argv[argv.index("--data") + 1] + "/library.sqlite")
            for issue in lib.issues():
                if issue.source_name == pathlib.Path(argv[1]).name:
                    lib.remove_issue(issue.id)
            lib.close()
            return done
        prepared.PreparedSegment.wait = wait
    elif mode == "store-fails":        # after the parse, inside the transaction
        from core.errors import InputError
        from core.store import Library
        def fail(*a, **k):
            raise InputError("写入资料库失败（测试）")
        Library.insert_issue_rows = fail
    code = main.main(argv)
    print("\\nPREPARED " + json.dumps(used))
    sys.exit(code)
""")


def _cli(mode: str, *argv: str, fork: bool = True) -> tuple[int, list[bool], str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env[prepared.ENV_SWITCH] = "1" if fork else "0"
    done = subprocess.run([sys.executable, "-c", RUN, mode, *argv], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8")
    out, _, tail = done.stdout.rpartition("\nPREPARED ")
    return done.returncode, json.loads(tail), out + done.stderr


def _snapshot(idx: SearchIndex, lib: Library) -> dict:
    return search_snapshot(idx, lib, QUERIES)


def _same_as_a_fresh_rebuild(data: Path, tmp_path: Path) -> dict:
    lib = Library(data / "library.sqlite")
    idx = SearchIndex(data / "index")
    fresh = SearchIndex(tmp_path / "fresh")
    fresh.rebuild(lib)
    try:
        got = _snapshot(idx, lib)
        assert got == _snapshot(fresh, lib)
        assert idx.indexed_issue_ids() == {i.id for i in lib.issues()}
        return got
    finally:
        idx.close()
        fresh.close()
        lib.close()


def _leftovers(data: Path) -> list[str]:
    return sorted(p.name for p in data.iterdir() if prepared.PREFIX in p.name)


def test_cli_imports_commit_the_childs_segments(tmp_path):
    data = tmp_path / "data"
    first, *rest = _gazettes(tmp_path)
    code, used, out = _cli("plain", "import", str(first), "--data", str(data))
    assert code == 0, out
    assert used == []                   # no index yet: the import builds it
    for path in rest:
        code, used, out = _cli("child-only", "import", str(path), "--data", str(data), "--json")
        assert code == 0, out
        assert used == [True]
        assert json.loads(out)["imported"][0]["documents"] > 0
    assert _leftovers(data) == []
    got = _same_as_a_fresh_rebuild(data, tmp_path)
    assert got["江政〔2024〕7号"][0] == 1 and got["临政〔2024〕2号"][0] == 1

    # --replace: the old file's documents leave the index, the new file's segment comes in
    code, used, out = _cli("child-only", "import", str(rest[0]), "--data", str(data),
                           "--replace")
    assert code == 0 and used == [], out     # the same file again: nothing to do, no child
    again = tmp_path / "again.txt"
    again.write_text(rest[0].read_text(encoding="utf-8").replace("。", "。\n", 1),
                     encoding="utf-8")
    code, used, out = _cli("child-only", "import", str(again), "--data", str(data),
                           "--replace")
    assert code == 0 and used == [True], out
    assert _leftovers(data) == []
    _same_as_a_fresh_rebuild(data, tmp_path)


def test_a_child_that_fails_leaves_the_usual_way(tmp_path):
    data = tmp_path / "data"
    first, second, *_ = _gazettes(tmp_path)
    assert _cli("plain", "import", str(first), "--data", str(data))[0] == 0
    code, used, out = _cli("child-fails", "import", str(second), "--data", str(data))
    assert code == 0 and used == [True], out
    assert "索引" not in out.replace("检索索引已", "")     # no warning: the issue is indexed
    assert _leftovers(data) == []
    _same_as_a_fresh_rebuild(data, tmp_path)


def test_a_failed_import_throws_the_childs_segment_away(tmp_path):
    data = tmp_path / "data"
    first, second, third, *_ = _gazettes(tmp_path)
    assert _cli("plain", "import", str(first), "--data", str(data))[0] == 0
    assert _cli("plain", "import", str(second), "--data", str(data))[0] == 0
    before = sorted(p.name for p in (data / "index").iterdir())
    # the same issue from another file, without --replace: refused before a child starts
    other = tmp_path / "other.txt"
    other.write_text(second.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    code, used, out = _cli("plain", "import", str(other), "--data", str(data))
    assert code != 0 and "--replace" in out and used == []
    # the store fails inside the transaction, after the child has started
    code, used, out = _cli("store-fails", "import", str(third), "--data", str(data))
    assert code != 0 and "写入资料库失败（测试）" in out and used == [True]
    assert _leftovers(data) == []
    assert sorted(p.name for p in (data / "index").iterdir()) == before
    _same_as_a_fresh_rebuild(data, tmp_path)


def test_no_child_where_it_may_not_fork(monkeypatch):
    monkeypatch.setenv(prepared.ENV_SWITCH, "0")
    assert not prepared.can_fork()
    monkeypatch.delenv(prepared.ENV_SWITCH)
    import threading
    monkeypatch.setattr(threading, "active_count", lambda: 2)     # the window's threads
    assert not prepared.can_fork()


def test_the_service_forks_only_when_asked(monkeypatch, tmp_path):
    """The window's service (no parallel_index) never starts a child."""
    from service import LibraryService

    asked = []
    monkeypatch.setattr(SearchIndex, "prepare_issue", lambda self, parsed: asked.append(parsed))
    lib = Library(tmp_path / "library.sqlite")
    service = LibraryService(lib, tmp_path / "index")
    paths = _gazettes(tmp_path)
    for path in paths[:3]:
        outcome = service.import_file(path)
        assert outcome.status == "ok", outcome
    assert asked == []
    assert SearchIndex(tmp_path / "index").indexed_issue_ids() == {i.id for i in lib.issues()}
    # and the command line's does (the index exists after the first file)
    cli = LibraryService(lib, tmp_path / "index", parallel_index=True)
    assert cli.import_file(paths[3]).status == "ok"
    assert [p.issue.source_name for p in asked] == [paths[3].name]
    lib.close()


def test_an_issue_removed_meanwhile_is_not_left_in_the_index(tmp_path):
    """Another process removes the issue between the transaction and the index's commit:
    the child's segment is not committed, and the index is marked stale with a warning,
    as when the issue is added from the library."""
    data = tmp_path / "data"
    first, second, *_ = _gazettes(tmp_path)
    assert _cli("plain", "import", str(first), "--data", str(data))[0] == 0
    code, used, out = _cli("removed-meanwhile", "import", str(second), "--data", str(data))
    assert used == [True]
    assert "检索索引未能更新" in out, out
    assert build.is_stale(data / "index")
    lib = Library(data / "library.sqlite")
    assert [i.source_name for i in lib.issues()] == [first.name]
    lib.close()
    assert _leftovers(data) == []


def test_folders_of_killed_imports_go_with_any_import_or_rebuild(tmp_path):
    data = tmp_path / "data"
    first, second, third, *_ = _gazettes(tmp_path)
    assert _cli("plain", "import", str(first), "--data", str(data))[0] == 0
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()

    def plant(pid, token: str) -> Path:
        folder = data / f"index{prepared.PREFIX}{pid}-{token}"
        (folder / "sub").mkdir(parents=True)
        (folder / "MAIN_x.seg").write_bytes(b"\0" * 10)
        return folder

    # an import with a child
    plant(dead, "0123abcd")
    code, used, out = _cli("child-only", "import", str(second), "--data", str(data))
    assert code == 0 and used == [True], out
    assert _leftovers(data) == []
    _same_as_a_fresh_rebuild(data, tmp_path)
    # an import without one; a live process's folder stays
    plant(dead, "4567abcd")
    running = plant(os.getpid(), "feedbeef")
    code, used, out = _cli("plain", "import", str(third), "--data", str(data), fork=False)
    assert code == 0 and used == [], out
    assert _leftovers(data) == [running.name]
    build.remove_tree(running)
    # a rebuild
    plant(dead, "89abcdef")
    assert subprocess.run([sys.executable, str(ROOT / "main.py"), "--data", str(data),
                           "reindex"], capture_output=True).returncode == 0
    assert _leftovers(data) == []
