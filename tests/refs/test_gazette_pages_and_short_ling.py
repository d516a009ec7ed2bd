"""The gazette's own pages (目录, 政务动态 …) name the issue's documents, they do not cite
them; and a 令 cited by the short form of its issuer's level (市政府令第5号) in a document of
the city is the city's 令 (江岭市人民政府令第5号); a short key left unplaced is the library's
only 令 of that level (tests/refs/test_ling_by_issuer.py has two cities' 令)."""

import json

import pytest

import main
from tests.fixtures.gazettes import render
from tests.fixtures.short_ling_gazette import HEADER, ISSUE


def run(capsys, *argv):
    code = main.main(list(argv))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


@pytest.fixture
def data(capsys, tmp_path, data_dir):
    p = tmp_path / "jiangling-2024-07.txt"
    p.write_text(render(ISSUE, header=HEADER, page_lines=12), encoding="utf-8")
    code, _, err = run(capsys, "import", str(p), "--data", str(data_dir))
    assert code == 0, err
    return str(data_dir)


def _docs(capsys, data):
    _, out, _ = run(capsys, "list", "--issue", "2024-7", "--json", "--data", data)
    return json.loads(out)["documents"]


def test_gazette_pages_cite_nothing(capsys, data):
    docs = _docs(capsys, data)
    pages = [d for d in docs if d["kind"] == "gazette_section"]
    assert [d["title"] for d in pages] == ["目录", "政务动态"]
    for d in pages:
        code, out, _ = run(capsys, "refs", d["id"], "--json", "--data", data)
        view = json.loads(out)
        assert code == 0 and view["cites"] == [] and view["relations"] == [], d["title"]
    code, out, _ = run(capsys, "cited", "--json", "--data", data)
    assert json.loads(out)["cited"] == []          # nothing listed as 不在资料库中


def test_a_short_ling_reference_is_the_ling_of_the_library(capsys, data):
    docs = _docs(capsys, data)
    ling = next(d for d in docs if d["doc_no_normalized"] == "江岭市人民政府令第5号")
    notice = next(d for d in docs if d["doc_no_normalized"] == "江政〔2024〕9号")
    code, out, _ = run(capsys, "refs", notice["id"], "--json", "--data", data)
    cites = json.loads(out)["cites"]
    assert [(c["key"], c["doc_id"]) for c in cites] == [("江岭市人民政府令第5号", ling["id"])]
    assert len(cites[0]["places"]) == 2     # also in 市政府公布了市政府令第5号
    code, out, _ = run(capsys, "refs", notice["id"], "--data", data)
    assert "不在资料库中" not in out
    code, out, _ = run(capsys, "refs", ling["id"], "--json", "--data", data)
    assert [c["doc_id"] for c in json.loads(out)["cited_by"]] == [notice["id"]]


def test_a_short_ling_reference_with_two_candidates_stays_unresolved():
    from core.refs import DocFact, RefGraph

    def ling(doc_id, no):
        return DocFact(doc_id, "i1", "办法", no, no[:-4], ["x"], "2024-01-01")

    one = RefGraph([ling("a", "江岭市人民政府令第5号"), ling("b", "云川省人民政府令第5号")], [], [])
    assert one.resolve("市政府令第5号") == "a" and one.resolve("省政府令第5号") == "b"
    assert one.resolve("县政府令第5号") is None and one.resolve("市政府令第6号") is None
    two = RefGraph([ling("a", "江岭市人民政府令第5号"), ling("c", "河阳市人民政府令第5号")], [], [])
    assert two.resolve("市政府令第5号") is None
