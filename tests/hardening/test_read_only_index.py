"""A library in a folder that cannot be written and has no (usable) search index is searched
all the same: the index is built in the user's cache folder, keyed by the library's path and
content, and nothing is written into the data folder. The "not writable" decision is
injected (tests run as root, which ignores permissions); the chmod test runs for a user."""

from __future__ import annotations

import hashlib
import json
import os
import shutil

import pytest

import main
import service.index_place as index_place_module
from core.store import Library
from service.index_place import IndexPlace, content_key, index_place
from tests.fixtures.gazettes import LINCHENG, render

from .test_read_only_library import read_only_disk  # noqa: F401 - a fixture


def run(capsys, *argv):
    code = main.main(list(argv))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def snapshot(folder):
    """Every file of the folder with its bytes' digest (but SQLite's -shm and -wal, which
    its read-only open makes where the folder is in truth writable)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            if p.is_file() else "dir" for p in sorted(folder.rglob("*"))
            if not p.name.endswith(("-shm", "-wal"))}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    root = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(root))
    return root / "GazetteReader" / "indexes"


@pytest.fixture
def no_index(capsys, tmp_path):
    """A library of one issue, its folder without index (as copied onto a CD)."""
    p = tmp_path / "lincheng-2024-04.txt"
    p.write_text(render(LINCHENG, header="临城市人民政府公报（2024 年第 4 期）"), encoding="utf-8")
    folder = tmp_path / "lib"
    assert run(capsys, "import", str(p), "--data", str(folder))[0] == 0
    shutil.rmtree(folder / "index")
    for leftover in folder.glob("index.lock"):
        leftover.unlink()
    return folder


@pytest.fixture
def not_writable(monkeypatch):
    """The decision "the data folder cannot be written", injected."""
    monkeypatch.setattr(index_place_module, "data_folder_writable", lambda folder: False)


def test_search_builds_the_index_in_the_cache(capsys, no_index, cache, not_writable,
                                              read_only_disk):  # noqa: F811
    before = snapshot(no_index)
    code, out, err = run(capsys, "search", "数字经济", "--data", str(no_index))
    assert code == 0 and "命中" in out, err
    assert "只读" in err and "本机缓存" in err and "正在本机缓存中建立检索索引" in err
    assert snapshot(no_index) == before                 # not one byte written there
    built = [p.name for p in cache.iterdir()]
    assert len(built) == 1 and (cache / built[0] / "index").is_dir()
    code, out2, err = run(capsys, "search", "数字经济", "--data", str(no_index))
    assert code == 0 and out2.splitlines()[1:] == out.splitlines()[1:]   # (but the time)
    assert "正在本机缓存中建立" not in err and "本机缓存" in err       # built once
    code, out, err = run(capsys, "--json", "search", "数字经济", "--data", str(no_index))
    result = json.loads(out)
    assert code == 0 and result["total_docs"] >= 1 and err == ""    # JSON: stderr quiet
    assert snapshot(no_index) == before


def test_a_changed_library_gets_a_new_index(capsys, no_index, cache, tmp_path, monkeypatch):
    with Library(no_index / "library.sqlite") as lib:
        place = index_place(no_index, lib, writable=lambda f: False)
        first = content_key(lib)
    assert place == IndexPlace(place.dir, read_only=True, cached=True)
    assert place.dir.parent.name.endswith(first)
    code, out, err = run(capsys, "search", "人民政府", "--data", str(no_index))
    assert code == 0                               # (a writable folder: its own index)
    monkeypatch.setattr(index_place_module, "data_folder_writable", lambda folder: False)
    code, out, err = run(capsys, "search", "人民政府", "--data", str(no_index))
    assert code == 0 and "本机缓存" not in err     # an up-to-date index there is used as is
    # another issue arrives on the share: the index of the earlier content goes
    shutil.rmtree(no_index / "index")
    monkeypatch.setattr(index_place_module, "data_folder_writable", lambda folder: False)
    assert run(capsys, "search", "人民政府", "--data", str(no_index))[0] == 0
    (old,) = cache.iterdir()
    monkeypatch.setattr(index_place_module, "data_folder_writable", lambda folder: True)
    p = tmp_path / "lincheng-2024-05.txt"
    p.write_text(render(LINCHENG, header="临城市人民政府公报（2024 年第 5 期）"), encoding="utf-8")
    assert run(capsys, "import", str(p), "--data", str(no_index))[0] == 0
    shutil.rmtree(no_index / "index")
    monkeypatch.setattr(index_place_module, "data_folder_writable", lambda folder: False)
    code, out, err = run(capsys, "--json", "search", "人民政府", "--data", str(no_index))
    assert code == 0
    issues = {d["issue_id"] for d in json.loads(out)["documents"]}
    assert len(issues) == 2                                # the new issue is searched
    (new,) = cache.iterdir()
    assert new != old and new.name.split("-")[0] == old.name.split("-")[0]


def test_a_writable_folder_keeps_its_index(no_index, cache):
    with Library(no_index / "library.sqlite") as lib:
        assert index_place(no_index, lib) == IndexPlace(no_index / "index")
        assert index_place(no_index, lib, writable=lambda f: True).dir == no_index / "index"
    assert not cache.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_folder_for_a_user(capsys, no_index, cache):
    """The real thing, for a normal user: a folder without write permission."""
    os.chmod(no_index, 0o555)
    try:
        before = snapshot(no_index)
        code, out, err = run(capsys, "search", "数字经济", "--data", str(no_index))
        assert code == 0 and "命中" in out and "只读" in err, err
        assert snapshot(no_index) == before and any(cache.iterdir())
    finally:
        os.chmod(no_index, 0o755)


def test_writable_decision_follows_the_folder_and_its_index(tmp_path, monkeypatch):
    """``data_folder_writable`` asks the system (``os.access``) about the folder and its
    index folder: here the system's answers are injected."""
    folder = tmp_path / "lib"
    (folder / "index").mkdir(parents=True)
    denied: set = set()
    monkeypatch.setattr(index_place_module.os, "access",
                        lambda path, mode: str(path) not in denied)
    assert index_place_module.data_folder_writable(folder)
    denied.add(str(folder / "index"))                   # an index folder left read-only
    assert not index_place_module.data_folder_writable(folder)
    denied = {str(folder)}
    assert not index_place_module.data_folder_writable(folder)


def test_cli_reindex_of_a_read_only_library_rebuilds_the_cached_index(
        capsys, no_index, cache, not_writable, read_only_disk):  # noqa: F811
    before = snapshot(no_index)
    code, out, err = run(capsys, "reindex", "--data", str(no_index))
    assert code == 0 and "已重建检索索引" in out, err
    (entry,) = cache.iterdir()
    assert (entry / "index").is_dir() and snapshot(no_index) == before
