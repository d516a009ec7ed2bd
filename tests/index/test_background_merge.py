"""Merging the index's small segments outside the importing process (issue 12): a
command-line ``import`` commits its segment and leaves the merge, when a tier is full, to a
detached ``merge-index`` process; a merge that fails or is killed loses nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import main
from core.store import Library
from index import build
from index.search import SearchIndex
from service import library as service_library
from tests.fixtures.gazettes import LINCHENG, render
from tests.fixtures.search_library import make_issue, search_snapshot

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ("数字经济", "安全生产", "先进单位", "临政〔2024〕2号", "应急管理局 交通运输局",
           "专精特新", "城市化发展", "工作要求 项目")


def _gazette(folder: Path, n: int) -> Path:
    p = folder / f"lincheng-2024-{n}.txt"
    p.write_text(render(LINCHENG, header=f"临城市人民政府公报（2024 年第 {n} 期）"),
                 encoding="utf-8")
    return p


def _issue(k: int):
    return make_issue("江州市人民政府公报", 2022, k, [
        {"title": f"关于第{k}批数字经济项目的通知", "doc_no": f"江政〔2022〕{k} 号",
         "blocks": [("paragraph", f"第{k}批项目推动数字经济发展。"),
                    ("heading", "一、工作要求"),
                    ("paragraph", "各单位落实专精特新政策。")]},
        {"title": f"关于第{k}次会议的决定", "blocks": [("paragraph", "会议研究城市化发展。")]}])


def _snapshot(idx: SearchIndex, lib: Library) -> dict:
    return search_snapshot(idx, lib, QUERIES)


def _fresh_snapshot(lib: Library, folder: Path) -> dict:
    fresh = SearchIndex(folder)
    fresh.rebuild(lib)
    try:
        return _snapshot(fresh, lib)
    finally:
        fresh.close()


def _import_json(capsys, data: Path, path: Path) -> dict:
    code = main.main(["import", str(path), "--data", str(data), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0, out
    return out


def _wait_for_merges() -> list[int]:
    started = list(service_library.started_merges)
    service_library.started_merges.clear()
    return [p.wait(timeout=600) for p in started]


def _no_merge_here(*_a, **_k):
    raise AssertionError("the importing process merged segments")


def test_the_cli_import_that_fills_a_tier_merges_in_the_background(capsys, tmp_path,
                                                                    monkeypatch):
    data = tmp_path / "data"
    monkeypatch.setattr(build, "merge_segments", _no_merge_here)    # this process only
    merges = []
    for n in range(1, 8):
        out = _import_json(capsys, data, _gazette(tmp_path, n))
        assert [i["label"] for i in out["imported"]] == [f"《临城市人民政府公报》2024年第{n}期"]
        merges.append(out["index_merge"])
        if n < 7:
            assert service_library.started_merges == []
    # the first import built the index; the next six wrote a small segment each: the sixth
    # of them filled the first tier, and a merge process was started for it
    assert merges == ["none"] * 6 + ["background"]
    [process] = service_library.started_merges
    assert process.args[-3:] == ["--data", str(data), "merge-index"]
    assert _wait_for_merges() == [0]
    idx = SearchIndex(data / "index")
    try:
        assert not idx.merge_due()
        assert len(idx.segment_sizes()) == 2     # the rebuild's segment and the merged one
        with Library(data / "library.sqlite") as lib:
            assert len(lib.issues()) == 7
            merged = _snapshot(idx, lib)
            assert merged == _fresh_snapshot(lib, tmp_path / "fresh")
    finally:
        idx.close()
    assert merged["安全生产"][0] == 7


def test_one_import_command_of_many_files_starts_one_merge_after_the_last(capsys, tmp_path,
                                                                          monkeypatch):
    data = tmp_path / "data"
    monkeypatch.setattr(build, "merge_segments", _no_merge_here)    # this process only
    files = [str(_gazette(tmp_path, n)) for n in range(1, 9)]
    code = main.main(["import", *files, "--data", str(data), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and len(out["imported"]) == 8
    assert out["index_merge"] == "background"
    assert len(service_library.started_merges) == 1
    assert _wait_for_merges() == [0]
    idx = SearchIndex(data / "index")
    try:       # the rebuild's segment (the first file) and the seven small ones merged
        assert not idx.merge_due() and len(idx.segment_sizes()) == 2
    finally:
        idx.close()


def test_an_import_that_cannot_start_the_merge_process_merges_itself(capsys, tmp_path,
                                                                      monkeypatch):
    from cli.common import Context

    monkeypatch.setattr(Context, "merge_command",
                        lambda self: [str(tmp_path / "no-such-program")])
    data = tmp_path / "data"
    merges = [_import_json(capsys, data, _gazette(tmp_path, n))["index_merge"]
              for n in range(1, 8)]
    assert merges == ["none"] * 6 + ["inline"]
    assert service_library.started_merges == []
    idx = SearchIndex(data / "index")
    try:
        assert not idx.merge_due() and len(idx.segment_sizes()) == 2
    finally:
        idx.close()


def test_nothing_imported_starts_no_merge(capsys, tmp_path):
    data = tmp_path / "data"
    first = _gazette(tmp_path, 1)
    _import_json(capsys, data, first)
    out = _import_json(capsys, data, first)          # the same file again: unchanged
    assert out["imported"] == [] and out["index_merge"] == "none"


def test_a_stale_index_is_not_merged(library, data_dir, tmp_path):
    """An index marked stale is rebuilt whole before the next search: no merge is started."""
    from service import LibraryService

    service = LibraryService(library, data_dir / "index", merge_command=["no-such-program"])
    for n in range(1, 8):
        assert service.import_file(_gazette(tmp_path, n)).status == "ok"
    assert service.index().merge_due()
    service.index().mark_stale()
    assert service.settle_index() == "none"
    assert service_library.started_merges == []


def test_the_merge_process_is_detached(tmp_path):
    """No standard stream of the caller (one capturing the import's output does not wait for
    the merge), a session of its own (a Ctrl+C at the terminal does not reach it)."""
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc")
    probe = ("import os, sys\n"
             "streams = [os.path.realpath(f'/proc/self/fd/{fd}') for fd in (0, 1, 2)]\n"
             "own = os.getsid(0) == os.getpid()\n"
             "sys.exit(0 if own and streams == ['/dev/null'] * 3 else 1)\n")
    process = service_library.start_detached([sys.executable, "-c", probe])
    assert process is not None and _wait_for_merges() == [0]
    assert service_library.start_detached([str(tmp_path / "missing")]) is None


def test_merge_index_command(capsys, tmp_path):
    data = tmp_path / "data"
    assert main.main(["merge-index", "--data", str(data)]) == 1
    assert "不存在" in capsys.readouterr().err
    assert not (data / "index.lock").exists() and not (data / "index").exists()
    for n in (1, 2):
        _import_json(capsys, data, _gazette(tmp_path, n))
    assert main.main(["merge-index", "--data", str(data), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["merged"] == 0 and out["segments"] == 2 and out["seconds"] >= 0


def test_the_window_job_merges_once_after_its_last_file(library, data_dir, tmp_path,
                                                        monkeypatch):
    from service import LibraryService

    calls = []
    real = build.merge_segments

    def counted(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(build, "merge_segments", counted)
    service = LibraryService(library, data_dir / "index")
    service.import_file(_gazette(tmp_path, 1))                 # builds the index
    outcomes = service.import_files([_gazette(tmp_path, n) for n in range(2, 9)])
    assert [o.status for o in outcomes] == ["ok"] * 7
    assert len(calls) == 1 and service_library.started_merges == []
    idx = service.index()
    assert not idx.merge_due() and len(idx.segment_sizes()) == 2
    assert _snapshot(idx, library) == _fresh_snapshot(library, tmp_path / "fresh")


# -- a merge that fails or is killed -----------------------------------------------------
def _six_small_segments(lib: Library, idx: SearchIndex) -> None:
    for k in range(1, 7):
        lib.import_issue(_issue(k))
        idx.add_issue(lib, _issue(k).issue.id, merge=False)
    assert idx.merge_due()


def _index_files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def _segment_files(folder: Path) -> set[str]:
    """The segments whose files are in the folder (``MAIN_<id>.pst`` …)."""
    return {name.split(".")[0] for name in _index_files(folder)
            if name.startswith("MAIN_") and name != "MAIN_WRITELOCK"}


def _live_segments(idx: SearchIndex) -> set[str]:
    return {s.segment_id() for s in idx._open_ix()._segments()}


def test_a_merge_interrupted_after_writing_its_files_loses_nothing(small_index, small_library,
                                                                   data_dir, tmp_path,
                                                                   monkeypatch):
    from whoosh.writing import SegmentWriter

    _six_small_segments(small_library, small_index)
    before = _snapshot(small_index, small_library)
    files_before = _index_files(data_dir / "index")
    real_commit_toc = SegmentWriter._commit_toc

    def fail(self, segments):      # the merged segment's files are written, the TOC is not
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(SegmentWriter, "_commit_toc", fail)
    with pytest.raises(OSError):
        small_index.merge()
    assert _index_files(data_dir / "index") > files_before    # the merge's files are there
    assert _segment_files(data_dir / "index") > _live_segments(small_index)
    assert small_index.merge_due()
    assert _snapshot(small_index, small_library) == before
    other = SearchIndex(data_dir / "index")                   # as another process reads it
    try:
        assert _snapshot(other, small_library) == before
        assert not other.damaged()
    finally:
        other.close()
    monkeypatch.setattr(SegmentWriter, "_commit_toc", real_commit_toc)
    assert small_index.merge_all() == 6                       # merged again, at once
    assert not small_index.merge_due()
    assert _segment_files(data_dir / "index") == _live_segments(small_index)   # no leftovers
    assert _snapshot(small_index, small_library) == before
    assert before == _fresh_snapshot(small_library, tmp_path / "fresh")


KILLED_MERGE = """
import os, signal, sys
sys.path.insert(0, sys.argv[1])
import whoosh.index
from whoosh.writing import SegmentWriter
from index.search import SearchIndex

def kill(*a, **k):
    os.kill(os.getpid(), signal.SIGKILL)

if sys.argv[3] == "before-toc":       # the merged segment written, the TOC not
    SegmentWriter._commit_toc = lambda self, segments: kill()
else:                                 # the new TOC written, the old files not yet removed
    whoosh.index.clean_files = kill
SearchIndex(sys.argv[2]).merge()
"""


@pytest.mark.parametrize("moment", ["before-toc", "after-toc"])
def test_a_killed_merge_leaves_a_readable_index(small_index, small_library, data_dir, tmp_path,
                                                moment):
    _six_small_segments(small_library, small_index)
    before = _snapshot(small_index, small_library)
    files_before = _segment_files(data_dir / "index")
    child = subprocess.run([sys.executable, "-c", KILLED_MERGE, str(ROOT),
                            str(data_dir / "index"), moment], capture_output=True, text=True,
                           timeout=600)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert _segment_files(data_dir / "index") > files_before   # it wrote the merged segment
    for idx in (small_index, SearchIndex(data_dir / "index")):
        assert not idx.damaged()
        assert _snapshot(idx, small_library) == before
    # the next merge (or import) finishes the work and clears what the killed one left
    small_index.merge_all()
    assert not small_index.merge_due()
    assert _snapshot(small_index, small_library) == before
    assert _segment_files(data_dir / "index") == _live_segments(small_index)
    assert before == _fresh_snapshot(small_library, tmp_path / "fresh")
    assert os.path.exists(data_dir / "index")
