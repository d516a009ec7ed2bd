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
    assert "段命中" in out and "段；文件" in out and "处" not in out     # 段, as the window counts
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


def test_text_output_labels_each_result_with_its_own_issue_and_doc_no(data_dir, capsys,
                                                                      tmp_path):
    """Results from several issues: each is labelled with ITS issue (gazette, year, 期 or 号)
    and 文号, never one issue for all; two gazettes' 2024年第5期/号 are told apart; a single
    document (no issue number) is 单篇文件, never its issue id."""
    from tests.fixtures.gazettes import GUOWUYUAN, LINCHENG, render
    from tests.fixtures.single_documents import DECISION, DECISION_NAME

    files = []
    for n in (4, 5):
        p = tmp_path / f"lc{n}.txt"
        p.write_text(render(LINCHENG, header=f"临城市人民政府公报（2024 年第 {n} 期）"),
                     encoding="utf-8")
        files.append(p)
    p = tmp_path / "gwy.txt"
    p.write_text(render(GUOWUYUAN, header="中华人民共和国国务院公报 2024 年第 5 号"),
                 encoding="utf-8")
    files.append(p)
    p = tmp_path / DECISION_NAME
    p.write_text(DECISION, encoding="utf-8")
    files.append(p)
    code, _, err = run(capsys, "import", *map(str, files), "--data", str(data_dir))
    assert code == 0, err
    code, out, _ = run(capsys, "search", "人民政府", "--data", str(data_dir), "--json")
    docs = json.loads(out)["documents"]
    assert len({d["issue_id"] for d in docs}) == 4
    code, out, _ = run(capsys, "search", "人民政府", "--data", str(data_dir))
    assert code == 0
    assert f"列出的 {len(docs)} 个文件来自 4 期。" in out
    sources = [line.strip() for line in out.splitlines() if line.startswith("   〔")]
    assert len(sources) == len(docs)
    labels = {"2024-4": "《临城市人民政府公报》2024年第4期",
              "2024-5": "《临城市人民政府公报》2024年第5期",
              "gwy": "《中华人民共和国国务院公报》2024年第5号"}
    for d, line in zip(docs, sources):
        if d["doc_no"] and d["doc_no"].startswith("南政"):
            assert line.startswith("〔单篇文件 · 南政〔2021〕7号；"), line
        elif d["doc_no"] and d["doc_no"].startswith("国发"):
            assert line.startswith(f"〔{labels['gwy']} · 国发〔2024〕3 号；"), line
        else:
            n = d["number"]
            assert line.startswith(f"〔{labels[f'2024-{n}']} · {d['doc_no']}；"), line
        assert f"文件 {d['doc_id']}〕" in line and d["issue_id"] not in line.split("文件")[0]
    # one issue asked for: it is named once, at the top
    code, out, _ = run(capsys, "search", "人民政府", "--issue", "2024-4", "--data",
                       str(data_dir))
    assert "检索范围：《临城市人民政府公报》2024年第4期。" in out and "来自" not in out
    assert "2024年第5期" not in out


def test_an_empty_query_or_a_zero_limit_is_refused_in_chinese(small_library, data_dir, capsys):
    import pytest

    code, out, err = run(capsys, "search", "", "--data", str(data_dir))
    assert code == 1 and "检索词是空的" in err and out == ""
    code, out, err = run(capsys, "search", "  ", "--json", "--data", str(data_dir))
    assert code == 1 and "检索词是空的" in err and out == ""
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "search", "规划", "--limit", "0", "--data", str(data_dir))
    assert exit_.value.code == 2
    assert "必须是 1 或更大的整数" in capsys.readouterr().err


def test_a_search_process_only_reads_and_never_loads_sqlite_utils(small_library, data_dir):
    """A command-line search reads the library through the connection itself: sqlite-utils
    (~80 ms of imports) is loaded only by a process that writes. Its JSON goes into a pipe
    on one line (indented only at a terminal) and is the same JSON."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(main.__file__).resolve().parent
    main.main(["search", "数字经济", "--data", str(data_dir)])      # the index exists
    code = ("import sys, main; code = main.main(['search', '数字经济', '--data', sys.argv[1], "
            "'--json']); print('sqlite_utils' in sys.modules, file=sys.stderr); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", code, str(data_dir)], cwd=root,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "False"
    assert done.stdout.count("\n") == 1
    assert json.loads(done.stdout)["total_docs"] == 3
    # a write loads it: an annotation, stored through sqlite-utils' insert
    code = ("import sys, main; code = main.main(['annotate', sys.argv[2], '--quote', "
            "'数字经济', '--occurrence', '1', '--note', '备注', '--data', sys.argv[1]]); "
            "print('sqlite_utils' in sys.modules, file=sys.stderr); sys.exit(code)")
    doc = json.loads(done.stdout)["documents"][0]["doc_id"]
    done = subprocess.run([sys.executable, "-c", code, str(data_dir), doc], cwd=root,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "True"
