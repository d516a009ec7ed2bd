"""refs, status, cited and digest on the command line (in-process, temporary data folder)."""

from __future__ import annotations

import json

import pytest

import main
from tests.fixtures.refs_gazettes import issue_text


@pytest.fixture
def two_issues(data_dir, tmp_path, capsys):
    files = []
    for n in (1, 2):
        p = tmp_path / f"nanchuan-{n}.txt"
        p.write_text(issue_text(n), encoding="utf-8")
        files.append(str(p))
    assert main.main(["import", *files, "--data", str(data_dir)]) == 0
    capsys.readouterr()
    return data_dir


def run(capsys, *argv):
    code = main.main(list(argv))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def test_refs_json(capsys, two_issues):
    code, out, _ = run(capsys, "refs", "南政〔2023〕2号", "--json", "--today", "2024-06-01")
    assert code == 0
    data = json.loads(out)
    assert data["document"]["doc_no_normalized"] == "南政〔2023〕2号"
    assert data["status"]["status"] == "已废止" and data["status"]["by_doc_no"] == "南政〔2024〕5号"
    assert data["status"]["since"] == "2024-03-01" and "同时废止" in data["status"]["sentence"]
    by = {link["doc_no"]: link for link in data["cited_by"]}
    assert by["南政〔2024〕5号"]["relations"][0] == "repeals"
    assert set(by["南政〔2024〕5号"]) >= {"key", "doc_id", "title", "issuer", "date", "status",
                                       "relations", "sentence", "block_id", "confidence", "places"}
    assert data["cites"] == [] and data["relations"] == []


def test_refs_text_of_the_repealing_document(capsys, two_issues):
    code, out, _ = run(capsys, "refs", "南政〔2024〕7号", "--today", "2024-06-01")
    assert code == 0
    assert "它引用的（5）" in out and "代替" in out and "［不在资料库中］" in out
    assert "原句：本办法代替《南川市旧城改造暂行规定》（南政〔2017〕3 号）。" in out


def test_status_of_library_and_cited_documents(capsys, two_issues):
    code, out, _ = run(capsys, "status", "南政〔2023〕4号", "--today", "2026-01-01")
    assert code == 0 and "效力：已到期" in out and "有效期 2 年" in out
    code, out, _ = run(capsys, "status", "南政〔2023〕5号", "--json", "--today", "2024-06-01")
    data = json.loads(out)
    assert (data["status"], data["since"], data["in_library"]) == ("尚未施行", "2024-09-01", True)
    code, out, _ = run(capsys, "status", "南政[2018]12号", "--json", "--today", "2024-06-01")
    data = json.loads(out)
    assert (data["status"], data["in_library"], data["by_doc_no"]) == ("已废止", False, "南政〔2024〕7号")
    code, out, _ = run(capsys, "status", "《南川市城区房屋拆迁管理办法》", "--today", "2024-06-01")
    assert code == 0 and "已废止" in out
    code, out, err = run(capsys, "status", "南政〔2099〕1号")
    assert code == 1 and "没有" in err and "Traceback" not in err


def test_cited_most_cited_first(capsys, two_issues):
    code, out, _ = run(capsys, "cited", "--json", "--today", "2024-06-01")
    data = json.loads(out)
    keys = [c["key"] for c in data["cited"]]
    assert data["count"] == len(keys) and "南政〔2019〕16号" in keys
    assert "南政〔2023〕2号" not in keys                    # in the library
    counts = [c["cite_count"] for c in data["cited"]]
    assert counts == sorted(counts, reverse=True)
    code, out, _ = run(capsys, "cited", "--all", "--json")
    assert "南政〔2023〕2号" in [c["key"] for c in json.loads(out)["cited"]]


def test_digest_json_and_pdf(capsys, two_issues, tmp_path):
    pdf = tmp_path / "digest.pdf"
    code, out, _ = run(capsys, "digest", "2024-5", "-o", str(pdf), "--json", "--today", "2024-06-01")
    assert code == 0
    data = json.loads(out)
    assert data["written"] == str(pdf.absolute()) and pdf.read_bytes().startswith(b"%PDF")
    changes = {(c["kind"], c["target_doc_no"]) for c in data["changes"]}
    assert ("repeals", "南政〔2023〕2号") in changes and ("amends", "南政办〔2023〕3号") in changes
    assert data["counts"]["documents"] == 4
    code, out, err = run(capsys, "digest", "2024-5", "-o", str(tmp_path / "x.txt"))
    assert code == 1 and ".pdf" in err


def test_search_status_filter(capsys, two_issues, monkeypatch):
    monkeypatch.setenv("GAZETTE_TODAY", "2024-06-01")
    code, out, _ = run(capsys, "search", "状态:已废止", "--json", "--data", str(two_issues))
    assert code == 0
    data = json.loads(out)
    assert [d["doc_no"] for d in data["documents"]] == ["南政〔2023〕2 号"]
    assert data["total_docs"] == 1
    code, out, _ = run(capsys, "search", "管理办法", "状态:有效", "--json", "--limit", "1")
    data = json.loads(out)
    assert len(data["documents"]) == 1 and data["total_docs"] > 1
    assert all(d["doc_no"] != "南政〔2023〕2 号" for d in data["documents"])
    code, out, err = run(capsys, "search", "状态:好的")
    assert code == 1 and "无法识别的状态" in err
