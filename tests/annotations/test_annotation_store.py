"""Annotations in the library: create from a selection, list, edit, delete/undo, restart,
re-import with --replace (re-anchored), removal (kept as 未能定位)."""

from __future__ import annotations

import pytest

from core.annotations import (
    AmbiguousQuote,
    DocText,
    annotation_for_quote,
    block_spans,
    make_annotation,
    reanchor,
)
from core.errors import GazetteError, NotFound
from core.importer import import_file
from core.store import Library
from tests.fixtures.gazettes import LINCHENG, P

from .conftest import doc_with, write_gazette


def test_selection_spanning_blocks_keeps_quote_and_context(lincheng):
    doc = doc_with(lincheng, "数字经济")
    blocks = lincheng.blocks(doc.id)
    b1 = next(b for b in blocks if b.text.startswith("1．推进 5G"))
    b2 = next(b for b in blocks if b.text.startswith("2．建设城市"))
    start = b1.text.index("实现城区")
    end = b2.text.index("。") + 1
    ann = make_annotation(blocks, b2.id, end, b1.id, start, color="green", note="我局牵头")
    assert (ann.block_id, ann.start, ann.end_block_id, ann.end) == (b1.id, start, b2.id, end)
    assert ann.quote == b1.text[start:] + "\n" + b2.text[:end]
    assert ann.prefix.endswith(b1.text[:start][-10:]) and ann.suffix.startswith(b2.text[end:][:5])
    spans = block_spans([ann], blocks)
    assert spans[b1.id] == [(start, len(b1.text), ann)] and spans[b2.id] == [(0, end, ann)]
    with pytest.raises(GazetteError, match="请先选中"):
        make_annotation(blocks, b1.id, 3, None, 3)


def test_quote_lookup_ignores_spaces_and_reports_ambiguity(lincheng):
    doc = doc_with(lincheng, "数字经济")
    blocks = lincheng.blocks(doc.id)
    ann = annotation_for_quote(blocks, "新建5G基站2000个")
    assert ann.quote == "新建 5G 基站 2000 个"
    with pytest.raises(AmbiguousQuote) as e:
        annotation_for_quote(blocks, "数字经济")
    assert e.value.count > 2 and "处" in str(e.value)
    second = annotation_for_quote(blocks, "数字经济", occurrence=2)
    assert second.quote == "数字经济"
    with pytest.raises(NotFound):
        annotation_for_quote(blocks, "不存在的句子")


def test_add_list_update_delete_undo_and_restart(lincheng, data_dir):
    doc = doc_with(lincheng, "数字经济")
    blocks = lincheng.blocks(doc.id)
    late = lincheng.add_annotation(annotation_for_quote(blocks, "确保各项任务落到实处", color="蓝"))
    early = lincheng.add_annotation(annotation_for_quote(blocks, "新建 5G 基站 2000 个",
                                                         note="我局牵头，6月底前报送"))
    other = doc_with(lincheng, "决定")
    lincheng.add_annotation(annotation_for_quote(lincheng.blocks(other.id), "珍惜荣誉",
                                                 color="red"))
    assert [a.id for a in lincheng.annotations(doc.id)] == [early.id, late.id]  # reading order
    assert [a.color for a in lincheng.annotations(color="blue")] == ["blue"]
    assert [a.id for a in lincheng.annotations(text="6月底")] == [early.id]
    recs = lincheng.annotation_records(doc.id)
    assert recs[0].doc_no == "临政办〔2024〕11 号" and recs[0].issue_label.startswith("《临城市")
    assert recs[0].page is not None

    lincheng.update_annotation(late.id, note="已报送", color="green")
    gone = lincheng.delete_annotation(early.id)
    assert [a.id for a in lincheng.annotations(doc.id)] == [late.id]
    lincheng.restore_annotation(gone)                       # undo
    path = lincheng.path
    lincheng.close()
    with Library(path) as again:                            # restart
        anns = again.annotations(doc.id)
        assert [a.id for a in anns] == [early.id, late.id]
        assert anns[0].note == "我局牵头，6月底前报送" and anns[0].created == early.created
        assert (anns[1].note, anns[1].color) == ("已报送", "green")
        assert again.annotation_counts()[doc.id] == 2


_FIXED = [type(it)(it.text.replace("新建 5G 基站 2000 个", "新建 5G 基站 2500 个"))
          for it in LINCHENG]
_AT = next(i for i, it in enumerate(_FIXED) if it.text.startswith("为加快数字经济发展"))
CORRECTED = _FIXED[:_AT + 1] + [P("为便于核对，本期公报对部分文字作了更正。")] + _FIXED[_AT + 1:]


def test_reimport_with_replace_reanchors_and_keeps_the_rest_as_orphans(lincheng, tmp_path):
    doc = doc_with(lincheng, "数字经济")
    blocks = lincheng.blocks(doc.id)
    kept = lincheng.add_annotation(annotation_for_quote(blocks, "整合政务数据资源", note="甲"))
    moved = lincheng.add_annotation(annotation_for_quote(blocks, "实现城区和重点乡镇全覆盖"))
    fixed = lincheng.add_annotation(annotation_for_quote(blocks, "新建 5G 基站 2000 个", note="乙"))
    lost = lincheng.add_annotation(annotation_for_quote(blocks, "统一的数据共享交换平台"))
    items = [type(it)(it.text.replace("建立统一的数据共享交换平台", "推进数据开放"))
             for it in CORRECTED]
    path = write_gazette(tmp_path, items, name="lincheng-corrected.txt")
    report = import_file(lincheng, path, replace=True)
    assert report.replaced_id is not None
    new_doc = doc_with(lincheng, "数字经济")
    assert new_doc.id != doc.id
    by_id = {a.id: a for a in lincheng.annotations()}
    assert len(by_id) == 4                                 # nothing deleted
    new_blocks = {b.id: b for b in lincheng.blocks(new_doc.id)}
    for ann in (kept, moved):
        got = by_id[ann.id]
        assert got.status == "ok" and got.doc_id == new_doc.id
        assert new_blocks[got.block_id].text[got.start:got.end] == ann.quote
    assert by_id[kept.id].note == "甲"
    got = by_id[fixed.id]                                  # corrected inside the quote
    assert got.status == "ok" and got.quote == "新建 5G 基站 2500 个" and got.note == "乙"
    assert by_id[lost.id].status == "orphan"
    assert [a.id for a in lincheng.annotations(status="orphan")] == [lost.id]
    rec = lincheng.annotation_records(status="orphan")[0]
    assert rec.issue_label == "《临城市人民政府公报》2024年第2期" and rec.doc_title


def test_remove_keeps_annotations_and_import_again_reattaches(lincheng, tmp_path):
    doc = doc_with(lincheng, "决定")
    ann = lincheng.add_annotation(annotation_for_quote(lincheng.blocks(doc.id), "再接再厉"))
    lincheng.remove_issue(doc.issue_id)
    assert [a.status for a in lincheng.annotations()] == ["orphan"]
    record = lincheng.annotation_records()[0]
    assert record.doc_no == "临政〔2024〕2号" and "不在资料库" in record.doc_title
    import_file(lincheng, write_gazette(tmp_path))
    again = lincheng.annotations()
    assert [(a.id, a.status, a.quote) for a in again] == [(ann.id, "ok", "再接再厉")]


def test_reanchor_prefers_matching_context(lincheng):
    doc = doc_with(lincheng, "数字经济")
    blocks = lincheng.blocks(doc.id)
    third = annotation_for_quote(blocks, "数字经济", occurrence=3)
    moved = reanchor(third, blocks)
    assert DocText(blocks).span(moved) == DocText(blocks).span(third)


def test_records_name_the_issue_as_the_issue_names_itself(library, tmp_path):
    """The ledger, the annotation list and the issue share one label: a gazette numbered in
    号 is 第5号 everywhere."""
    from tests.fixtures.gazettes import GUOWUYUAN, render

    path = tmp_path / "gwy.txt"
    path.write_text(render(GUOWUYUAN, header="中华人民共和国国务院公报 2024 年第 5 号"),
                    encoding="utf-8")
    issue = library.issue(import_file(library, path).issue_id)
    assert issue.label.endswith("2024年第5号")
    doc = library.documents(issue.id)[0]
    library.add_annotation(annotation_for_quote(library.blocks(doc.id), "实行动态调整"))
    [rec] = library.annotation_records()
    assert rec.issue_label == issue.label
