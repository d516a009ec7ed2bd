"""Fixtures: a library holding a small gazette of an imaginary city (tests/fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.gazettes import LINCHENG, render

ROOT = Path(__file__).resolve().parents[2]
HEADER = "临城市人民政府公报（2024 年第 2 期）"


def write_gazette(folder: Path, items=LINCHENG, name: str = "lincheng-2024-02.txt") -> Path:
    path = folder / name
    path.write_text(render(items, header=HEADER, page_lines=12), encoding="utf-8")
    return path


@pytest.fixture
def lincheng(library, tmp_path):
    """The library with the 临城 fixture issue imported; returns the library."""
    from core.importer import import_file

    import_file(library, write_gazette(tmp_path))
    return library


def doc_with(lib, text: str):
    """The document whose title contains ``text``."""
    return next(d for d in lib.documents() if text in d.title)
