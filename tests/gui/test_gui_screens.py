"""The window on real screen sizes (a child process per screen: the offscreen platform takes
its screen from a config file, and QT_SCALE_FACTOR is read at start): it fits, every part is
reachable, and a screenshot of each is saved in tests/output/screenshots/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.issue_sets import issue_text

PROBE = Path(__file__).with_name("screen_probe.py")
SCREENS = [("1280x720", 1280, 720, 1.0), ("1366x768", 1366, 768, 1.0),
           ("1920x1080-150pct", 1920, 1080, 1.5)]


@pytest.fixture(scope="module")
def desk_library(tmp_path_factory) -> Path:
    from core.store import Library
    from service import LibraryService

    folder = tmp_path_factory.mktemp("desk")
    for n in (4, 5):       # tables and tasks in several documents, a label spanning rows
        p = folder / f"lc{n}.txt"
        p.write_text(issue_text(n), encoding="utf-8")
    from core.paths import db_path, index_path

    lib = Library(db_path(folder))
    try:
        LibraryService(lib, index_path(folder)).import_files([folder / "lc4.txt",
                                                              folder / "lc5.txt"])
    finally:
        lib.close()
    return folder


@pytest.mark.parametrize("name,width,height,scale", SCREENS)
def test_window_fits_the_screen(desk_library, tmp_path, output_dir, name, width, height,
                                scale):
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "s", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    folder = output_dir / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"desk-{name}.png"
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}",
               QT_SCALE_FACTOR=str(scale), GAZETTE_DATA=str(desk_library))
    proc = subprocess.run([sys.executable, str(PROBE), str(desk_library),
                           str(tmp_path / "settings.ini"), str(out)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["screen"] == [round(width / scale), round(height / scale)]
    assert report["fits"], report
    assert all(report["reachable"].values()), report
    assert report["reader_width"] >= 400
    assert report["saved"] and out.stat().st_size > 0
    assert report["saved_table"] and report["saved_digest"] and report["saved_digest_tables"]
    assert (report["digest_tables"], report["digest_tasks"]) == (2, 3)    # the issue's
