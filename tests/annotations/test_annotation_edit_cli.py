"""The command line reaches what the window does with one annotation: `annotation ID` shows
it, `--note` / `--color` change it, `--delete` deletes it (ID as listed: its first 8
characters). A wrong or ambiguous ID, an empty quote, --delete with a change, or a read-only
library each give one Chinese message, exit code 1 and leave the annotations as they were."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import pytest

from core.annotations import annotation_for_quote
from core.store import Library
from main import main

from .conftest import write_gazette


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def listed(capsys) -> list[dict]:
    code, out, _ = run(capsys, "annotations", "--json")
    assert code == 0
    return json.loads(out)["annotations"]


@pytest.fixture
def two_notes(data_dir, tmp_path, capsys):
    assert run(capsys, "import", str(write_gazette(tmp_path)))[0] == 0
    code, out, err = run(capsys, "annotate", "临政办〔2024〕11号", "--quote", "新建5G基站2000个",
                         "--note", "我局牵头", "--color", "green", "--json")
    assert code == 0, err
    first = json.loads(out)
    code, out, err = run(capsys, "annotate", "临政〔2024〕2号", "--quote", "珍惜荣誉", "--json")
    assert code == 0, err
    return first, json.loads(out)


def test_show_change_and_delete_one_annotation_by_its_listed_id(capsys, two_notes):
    first, second = two_notes
    code, out, _ = run(capsys, "annotations")
    short = first["id"][:8]
    assert code == 0 and short in out             # the id as the list prints it

    code, out, err = run(capsys, "annotation", short)
    assert code == 0, err
    assert first["id"] in out and "新建 5G 基站 2000 个" in out and "我局牵头" in out

    code, out, err = run(capsys, "annotation", short, "--note", "改为市大数据局牵头",
                         "--color", "red", "--json")
    assert code == 0, err
    changed = json.loads(out)
    assert changed["id"] == first["id"] and changed["color"] == "red"
    assert changed["note"] == "改为市大数据局牵头" and changed["quote"] == first["quote"]
    stored = {a["id"]: a for a in listed(capsys)}
    assert stored[first["id"]]["note"] == "改为市大数据局牵头"
    assert stored[first["id"]]["color"] == "red"
    assert stored[second["id"]] == second           # the other one untouched

    code, out, err = run(capsys, "annotation", second["id"], "--delete", "--json")
    assert code == 0, err
    assert json.loads(out)["deleted"]["id"] == second["id"]
    assert [a["id"] for a in listed(capsys)] == [first["id"]]
    code, _, err = run(capsys, "annotation", second["id"])
    assert code == 1 and "没有编号为" in err and "Traceback" not in err


@pytest.mark.parametrize("argv, says", [
    (["annotation", "ffffffff"], "没有编号为“ffffffff”的批注"),
    (["annotation", "  "], "请给出批注编号"),
    (["annotation", "ffffffff", "--delete"], "没有编号为“ffffffff”的批注"),
    (["annotation", "ffffffff", "--note", "x"], "没有编号为“ffffffff”的批注"),
    (["annotate", "临政办〔2024〕11号", "--quote", ""], "要标注的原文是空的"),
    (["annotate", "临政办〔2024〕11号", "--quote", "  "], "要标注的原文是空的"),
])
def test_bad_input_is_one_chinese_message_and_changes_nothing(capsys, two_notes, argv, says):
    before = listed(capsys)
    code, out, err = run(capsys, *argv)
    assert code == 1 and says in err and "Traceback" not in err
    assert listed(capsys) == before


def test_delete_with_a_change_is_refused(capsys, two_notes):
    first, _ = two_notes
    before = listed(capsys)
    code, _, err = run(capsys, "annotation", first["id"][:8], "--delete", "--note", "x")
    assert code == 1 and "--delete 不能与" in err
    assert listed(capsys) == before


def test_an_ambiguous_prefix_asks_for_more(capsys, data_dir, tmp_path):
    assert run(capsys, "import", str(write_gazette(tmp_path)))[0] == 0
    with Library(data_dir / "library.sqlite") as lib:
        doc = next(d for d in lib.documents() if "荣誉" in "".join(b.text for b in lib.blocks(d.id)))
        ann = annotation_for_quote(lib.blocks(doc.id), "珍惜荣誉")
        lib.add_annotation(replace(ann, id="abc1" + "0" * 28))
        lib.add_annotation(replace(ann, id="abc2" + "0" * 28))
    before = listed(capsys)
    code, _, err = run(capsys, "annotation", "abc", "--delete")
    assert code == 1 and "对应多条批注" in err
    assert listed(capsys) == before
    code, out, err = run(capsys, "annotation", "abc2", "--delete")
    assert code == 0, err
    assert [a["id"] for a in listed(capsys)] == ["abc1" + "0" * 28]


def test_a_read_only_library_refuses_the_change(capsys, two_notes, monkeypatch):
    import core.store.library as library

    def readonly(self):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(library.LibraryBase, "_migrate", readonly)
    first, _ = two_notes
    before = listed(capsys)
    for change in (["--delete"], ["--note", "x"]):
        code, _, err = run(capsys, "annotation", first["id"], *change)
        assert code == 1 and "只读" in err and "Traceback" not in err
    assert listed(capsys) == before
