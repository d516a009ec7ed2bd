"""The command line on a gazette with a 令, an appointment notice and sparse footers: 令
numbers found by `show` and `search` in every printed form, new JSON fields present."""

import json

import pytest

import main
from tests.fixtures.gazettes import GUOWUYUAN, render
from tests.fixtures.other_gazettes import APPOINTMENTS, STATE_HEADER


def run(capsys, *argv):
    code = main.main(list(argv))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


@pytest.fixture
def library(tmp_path, capsys):
    data = tmp_path / "data"
    path = tmp_path / "gwy-2024-05.txt"
    text = render(GUOWUYUAN + APPOINTMENTS, header=STATE_HEADER, page_lines=6, first_page=11)
    # Keep the second and the last footer: the other pages are only estimated.
    lines = text.split("\n")
    footers = [k for k, ln in enumerate(lines) if ln.startswith(" - ")]
    for k in footers[:1] + footers[2:-1]:
        lines[k] = ""
    path.write_text("\n".join(lines), encoding="utf-8")
    code, out, err = run(capsys, "import", str(path), "--data", str(data), "--json")
    assert code == 0, err
    imported = json.loads(out)["imported"][0]
    assert imported["label"] == "《中华人民共和国国务院公报》2024年第5号"
    return data


@pytest.mark.parametrize("ref", ["国务院令第777号", "国务院令第 777 号", "国令第777号",
                                 "中华人民共和国国务院令第777号"])
def test_show_finds_an_order_by_its_number(capsys, library, ref):
    code, out, _ = run(capsys, "show", ref, "--data", str(library), "--json")
    assert code == 0
    doc = json.loads(out)["document"]
    assert (doc["doc_no"], doc["title"], doc["doc_type"]) == ("国务院令第777号", "社会保险经办条例", "令")
    assert doc["kind"] == "document"


def test_search_finds_an_order_by_its_number_and_the_bare_number(capsys, library):
    code, out, _ = run(capsys, "search", "国务院令第777号", "--data", str(library), "--json")
    found = json.loads(out)["documents"]
    assert found[0]["title"] == "社会保险经办条例" and found[0]["doc_no_match"]
    code, out, _ = run(capsys, "search", "第777号", "--data", str(library), "--json")
    assert json.loads(out)["documents"][0]["title"] == "社会保险经办条例"


def test_search_for_an_appointee_finds_the_appointment(capsys, library):
    code, out, _ = run(capsys, "search", "王建国", "--data", str(library), "--json")
    assert [d["title"] for d in json.loads(out)["documents"]] == ["国务院任免国家工作人员"]


def test_json_marks_estimated_pages_and_publication_notes(capsys, library):
    code, out, _ = run(capsys, "list", "--issue", "2024-5", "--data", str(library), "--json")
    payload = json.loads(out)
    assert payload["issue"]["number_unit"] == "号"
    first = payload["documents"][0]
    assert first["disclosure"] == "此件公开发布" and first["pages_estimated"] is True
    code, out, _ = run(capsys, "show", first["id"], "--data", str(library), "--json")
    blocks = json.loads(out)["blocks"]
    assert all(b["page"] for b in blocks)
    assert {b["page_estimated"] for b in blocks} == {True, False}
    assert "publication_note" in [b["kind"] for b in blocks]
    code, out, _ = run(capsys, "show", first["id"], "--sections", "--data", str(library))
    assert "[约第" in out


def test_hits_and_tasks_say_when_their_page_is_an_estimate(capsys, library):
    code, out, _ = run(capsys, "search", "优化政务服务", "--data", str(library), "--json")
    hits = [h for d in json.loads(out)["documents"] for h in d["hits"]]
    assert hits and all("page_estimated" in h for h in hits)
    assert any(h["page_estimated"] and h["page"] for h in hits)
    code, out, _ = run(capsys, "search", "优化政务服务", "--data", str(library))
    assert "约第" in out
    code, out, err = run(capsys, "annotate", "国发〔2024〕3号", "--quote", "优化政务服务", "--occurrence", "2",
                       "--data", str(library), "--json")
    assert code == 0, out + err
    assert json.loads(out)["page_estimated"] is True


def test_tables_of_a_text_source_say_their_pages_are_estimates(tmp_path, capsys):
    from tests.fixtures.gazettes import LINCHENG, L, P, R

    data = tmp_path / "data"
    table = [L("临城市人民政府办公室"), L("关于印发临城市重点项目清单的通知"), L("临政办〔2024〕12 号"),
             L("各县（区）人民政府："), P("现将重点项目清单印发给你们，请认真组织实施。"),
             R("临城市人民政府办公室"), R("2024 年 3 月 5 日"), L("附件"), L("临城市重点项目清单"),
             L("序号 项目名称 责任单位"), L("1 东湖片区老旧小区改造 市住房城乡建设局"),
             L("2 滨江绿道贯通工程 市城市管理局"), L("3 城北排水管网改造 市水务局")]
    text = render(LINCHENG + table, header="临城市人民政府公报（2024 年第 4 期）", page_lines=9)
    lines = text.split("\n")
    footers = [k for k, ln in enumerate(lines) if ln.startswith(" - ")]
    for k in footers[1:-1]:
        lines[k] = ""
    path = tmp_path / "lc.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert run(capsys, "import", str(path), "--data", str(data))[0] == 0
    code, out, _ = run(capsys, "tables", "--data", str(data), "--json")
    tables = json.loads(out)["tables"]
    assert tables and all("pages_estimated" in t for t in tables)
    assert any(t["pages_estimated"] and t["pages"][0] for t in tables)
