"""Item 3 (formula injection) and item 7 (one atomic export writer) of the hardening drill."""

from __future__ import annotations

import csv
import os
import zipfile

import pytest
from openpyxl import load_workbook

from core.annotations import AnnotationRecord
from core.export.atomic import ExportError, write_atomic
from core.export.cells import csv_cell
from core.export.ledger import write_ledger, write_table
from core.export.notes import (
    annotations_markdown,
    write_annotations_markdown,
    write_annotations_xlsx,
)
from core.model import Annotation, Table, Task
from core.store.extracted import TaskRecord

EVIL = ["=cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def _records():
    out = []
    for n, text in enumerate(EVIL):
        task = Task(id=f"t{n}", doc_id="d1", ordinal=n, text=text, lead=[EVIL[0]],
                    support=["=HYPERLINK(\"http://x\")"], deadline_text="@now")
        out.append(TaskRecord(task, doc_title="=1+2", doc_no=None, issue_id="i1",
                              issue_label="《某公报》2024年第1期"))
    return out


def _table():
    return Table(id="tb1", doc_id="d1", ordinal=1, caption="=evil()",
                 header=[["项目", "金额（万元）"]],
                 rows=[[EVIL[0], "12"], ["+SUM(A1)", "-3"], ["正常", "5"]])


def _xlsx_cells(path):
    """Every cell of every sheet as (data_type, value), read back with openpyxl; plus the raw
    sheet XML, which must hold no <f> element."""
    wb = load_workbook(path)
    cells = [(c.data_type, c.value) for ws in wb for row in ws.iter_rows() for c in row
             if c.value is not None]
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    return cells, xml


def test_ledger_xlsx_keeps_formula_text_as_text(tmp_path):
    cells, xml = _xlsx_cells(write_ledger(_records(), tmp_path / "l.xlsx"))
    assert "<f>" not in xml
    assert all(t != "f" for t, _ in cells)
    texts = [v for t, v in cells if t == "s"]
    for evil in EVIL[:4]:
        assert evil in texts
    assert any(t == "n" for t, _ in cells)          # 序号 stays a number


def test_table_xlsx_text_stays_text_and_numbers_stay_numbers(tmp_path):
    cells, xml = _xlsx_cells(write_table(_table(), tmp_path / "t.xlsx"))
    assert "<f>" not in xml
    assert ("s", EVIL[0]) in cells and ("s", "+SUM(A1)") in cells and ("s", "=evil()") in cells
    assert ("n", 12) in cells and ("n", -3) in cells


def test_annotations_xlsx_keeps_formula_text_as_text(tmp_path):
    a = Annotation(id="a1", doc_id="d1", block_id="b1", start=0, end=3, quote=EVIL[0],
                   note="=1+1", color="yellow", created="2024-01-01T00:00:00",
                   modified="2024-01-01T00:00:00")
    rec = AnnotationRecord(a, doc_title="@x", doc_no=None, issue_label="l", page=1)
    cells, xml = _xlsx_cells(write_annotations_xlsx([rec], tmp_path / "a.xlsx"))
    assert "<f>" not in xml and ("s", EVIL[0]) in cells and ("s", "=1+1") in cells


def test_csv_cells_starting_a_formula_are_prefixed(tmp_path):
    path = write_ledger(_records(), tmp_path / "l.csv")
    rows = list(csv.reader(path.open(encoding="utf-8-sig", newline="")))
    tasks = [r[1] for r in rows[1:]]
    assert tasks == ["'" + e for e in EVIL]
    assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for c in r)
    path = write_table(_table(), tmp_path / "t.csv")
    rows = list(csv.reader(path.open(encoding="utf-8-sig", newline="")))
    assert ["'" + EVIL[0], "12"] in rows and ["'+SUM(A1)", "-3"] in rows   # -3 is a number


def test_csv_cell_rule():
    assert csv_cell("-12.5") == "-12.5" and csv_cell("+3%") == "+3%"
    assert csv_cell("-1+2") == "'-1+2" and csv_cell(7) == 7 and csv_cell(None) == ""
    assert csv_cell("a=b") == "a=b"


def test_markdown_escapes_html():
    a = Annotation(id="a1", doc_id="d1", block_id="b1", start=0, end=3,
                   quote='<img src="file:///etc/passwd">', note="<script>x</script>",
                   color="yellow", created="2024-01-01T00:00:00", modified="2024-01-01T00:00:00")
    rec = AnnotationRecord(a, doc_title="<b>标题</b>", doc_no=None, issue_label="l", page=1)
    md = annotations_markdown([rec])
    assert "<img" not in md and "<script>" not in md and "<b>" not in md
    assert "&lt;img src=\"file:///etc/passwd\"&gt;" in md


# -- item 7: one atomic writer -----------------------------------------------------------------

WRITERS = {
    "ledger.xlsx": lambda p: write_ledger(_records(), p),
    "ledger.csv": lambda p: write_ledger(_records(), p),
    "table.xlsx": lambda p: write_table(_table(), p),
    "table.csv": lambda p: write_table(_table(), p),
    "notes.md": lambda p: write_annotations_markdown([], p),
    "notes.xlsx": lambda p: write_annotations_xlsx([], p),
}


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_writers_refuse_a_fifo_and_a_symlink(tmp_path, name):
    fifo = tmp_path / ("fifo-" + name)
    os.mkfifo(fifo)
    with pytest.raises(ExportError, match="管道"):
        WRITERS[name](fifo)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / ("link-" + name)
    link.symlink_to(victim)
    with pytest.raises(ExportError, match="符号链接"):
        WRITERS[name](link)
    assert victim.read_text() == "keep me" and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fifo.name, link.name,
                                                                   victim.name])


def test_refuses_a_device(tmp_path):
    with pytest.raises(ExportError, match="设备文件"):
        write_atomic("/dev/null", b"x")


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch, name):
    target = tmp_path / name
    target.write_bytes(b"old contents")
    import core.export.atomic as atomic

    def full_disk(fd, data):
        os.write(fd, data[:10])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "_write_bytes", full_disk)
    with pytest.raises(ExportError, match="磁盘空间不足"):
        WRITERS[name](target)
    assert target.read_bytes() == b"old contents"
    assert [p.name for p in tmp_path.iterdir()] == [name]


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_writers_replace_a_regular_file_whole(tmp_path, name):
    target = tmp_path / name
    target.write_bytes(b"old")
    WRITERS[name](target)
    assert target.read_bytes() != b"old" and [p.name for p in tmp_path.iterdir()] == [name]


def test_suggested_file_names_stay_in_their_folder(tmp_path):
    from core.export.atomic import safe_filename

    for caption in ("表 1 收入/支出/../../../../evil", "..", "../x", "a\\b:c*?\"<>|\x1b",
                    "", ". hidden", "／全角不是分隔符"):
        name = safe_filename(caption, "表格", 30)
        assert name and "/" not in name and "\\" not in name and ".." not in name
        assert not name.startswith(".") and "\x1b" not in name
        assert (tmp_path / name).resolve().parent == tmp_path.resolve()
    assert safe_filename("表 1 收入/支出/../../../../evil", "表格", 30) == "表 1 收入_支出_________evil"


def test_a_killed_exports_temp_file_is_removed_by_the_next_one(tmp_path):
    import fcntl

    target = tmp_path / "ledger.csv"
    dead = tmp_path / ".ledger.csv.k1ll3d.part"          # a writer killed mid-write
    dead.write_bytes(b"x" * 1000)
    live = tmp_path / ".ledger.csv.l1v3.part"            # a writer still at work
    live.write_bytes(b"y")
    other = tmp_path / ".other.csv.abc.part"             # another file's: not ours
    other.write_bytes(b"z")
    fd = os.open(live, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        write_ledger(_records(), target)
    finally:
        os.close(fd)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [target.name, live.name, other.name])
