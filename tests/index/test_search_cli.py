"""``main.py search`` and ``main.py reindex``."""

from __future__ import annotations

import json

import main


def run(capsys, *argv):
    code = main.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_search_json_builds_the_index_and_gives_spans(small_library, data_dir, capsys):
    code, out, err = run(capsys, "search", "数字经济", "--data", str(data_dir), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["total_docs"] == 3 and data["total_hits"] >= 4
    doc = data["documents"][0]
    assert {"doc_id", "doc_no", "title", "hit_count", "hits"} <= set(doc)
    hit = doc["hits"][0]
    assert {"block_id", "page", "snippet", "spans", "snippet_spans"} <= set(hit)
    text = small_library.block(hit["block_id"]).text
    s, e = hit["spans"][0]
    assert text[s:e].replace(" ", "") == "数字经济"
    assert "jieba" not in err and "Building prefix" not in err


def test_search_text_output_marks_hits_and_filters(small_library, data_dir, capsys):
    code, out, _ = run(capsys, "search", "专精特新", "--year", "2024", "--data", str(data_dir))
    assert code == 0
    assert "【专精特新】" in out and "江财〔2024〕3 号" in out and "共 1 个文件" in out
    code, out, _ = run(capsys, "search", "江政[2023]14号", "--data", str(data_dir))
    assert out.index("江政〔2023〕14 号") < out.index("江政〔2024〕19 号")
    code, out, _ = run(capsys, "search", "数字经济", "--type", "决定", "--sort", "date",
                       "--limit", "1", "--data", str(data_dir))
    assert "共 1 个文件" in out
    code, out, _ = run(capsys, "search", "没有这个词", "--data", str(data_dir))
    assert code == 0 and "没有找到" in out


def test_unknown_issue_is_a_chinese_error(small_library, data_dir, capsys):
    code, _, err = run(capsys, "search", "数字经济", "--issue", "nosuch", "--data", str(data_dir))
    assert code == 1 and err.startswith("错误：") and "Traceback" not in err


def test_reindex(small_library, data_dir, capsys):
    code, out, _ = run(capsys, "reindex", "--data", str(data_dir), "--json")
    assert code == 0 and json.loads(out)["documents"] == 4
    code, out, _ = run(capsys, "reindex", "--data", str(data_dir))
    assert "已重建检索索引：4 个文件" in out
