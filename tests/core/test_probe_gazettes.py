"""Two gazettes the parser was not built on (tests/fixtures/probe_gazettes.py), imported as
text with the command line: a province's issue whose 目录 groups its documents under
【省政府文件】…, and a 国务院公报-style issue in 号; page numbers printed on the header line on
alternating sides, the odd pages' header naming the section (``省政府文件        3``); and
the same issues as PDFs in one column and in two."""

from __future__ import annotations

import json
import re

import pytest

import main
from core.clean import clean_source
from core.extract.citations import extract_issue_refs
from core.importer import parse_file
from tests.fixtures import pdfmaker
from tests.fixtures.gazettes import L
from tests.fixtures.probe_gazettes import (
    MINISTRY,
    MINISTRY_EXPECTED,
    MINISTRY_SECTIONS,
    PROVINCE,
    PROVINCE_EXPECTED,
    PROVINCE_GAZETTE,
    PROVINCE_ISSUE,
    PROVINCE_SECTIONS,
    SCHOOLS,
    STATE,
    STATE_EXPECTED,
    STATE_GAZETTE,
    STATE_ISSUE,
    STATE_SECTIONS,
    VOIDED,
    VOIDING,
    pdf_header,
    render,
    with_banners,
)


def run(capsys, *argv):
    code = main.main([*argv])
    cap = capsys.readouterr()
    assert code == 0, cap.err
    return json.loads(cap.out)


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    base = tmp_path_factory.mktemp("probe")
    prov = base / "jiangling-2024-07.txt"
    prov.write_text(render(PROVINCE, PROVINCE_SECTIONS, PROVINCE_GAZETTE, PROVINCE_ISSUE),
                    encoding="utf-8")
    state = base / "gwygb-2024-09.txt"
    state.write_text(render(STATE, STATE_SECTIONS, STATE_GAZETTE, STATE_ISSUE, first_page=3),
                     encoding="utf-8")
    data = base / "data"
    assert main.main(["--data", str(data), "import", str(prov), str(state), "--json"]) == 0
    return data


def issue_docs(capsys, data, ref):
    out = run(capsys, "--data", str(data), "list", "--issue", ref, "--json")
    return out["issue"], out["documents"]


def blocks_of(capsys, data, doc_id):
    return run(capsys, "--data", str(data), "show", doc_id, "--json")["blocks"]


@pytest.mark.parametrize("ref,expected,label,pages", [
    ("2024-7", PROVINCE_EXPECTED, "《江岭省人民政府公报》2024年第7期", (1, 5)),
    ("2024-9", STATE_EXPECTED, "《中华人民共和国国务院公报》2024年第9号", (3, 5)),
])
def test_header_lines_with_page_numbers_name_the_issue_and_its_pages(
        capsys, library, ref, expected, label, pages):
    """``2  江岭省人民政府公报  2024 年第 7 期`` is the running header (the gazette was
    《未知公报》, its pages unknown), ``省政府办公厅文件  3`` the next page's: neither is
    left in a document, and every block's page is the printed one, not an estimate."""
    issue, docs = issue_docs(capsys, library, ref)
    assert issue["label"] == label and issue["pages"] == pages[1]
    got = [(d["kind"], d["doc_no_normalized"], d["title"], d["issuer"], d["date"]) for d in docs]
    assert got == expected
    seen = set()
    for d in docs:
        for b in blocks_of(capsys, library, d["id"]):
            assert "公报" not in b["text"] and not re.search(r"(?:文件|目录|国务院令)\s+\d+$", b["text"])
            assert b["page"] is not None and not b["page_estimated"], b
            seen.add(b["page"])
    assert seen == set(range(pages[0], pages[1] + 1))


def test_paragraph_broken_by_a_header_line_is_one_paragraph(capsys, library):
    _, docs = issue_docs(capsys, library, "2024-7")
    texts = [b["text"] for b in blocks_of(capsys, library, docs[3]["id"])]
    assert "到 2025 年，全省建成 50 个县域商业体系建设示范县，县域商业网点布局更加合理。" in texts


def test_name_list_over_a_page_break_is_one_table(capsys, library):
    tables = run(capsys, "--data", str(library), "tables", "--json")["tables"]
    (table,) = [t for t in tables if "职业院校名单" in t["caption"]]
    assert table["pages"] == [4, 5] and not table["pages_estimated"]
    body = run(capsys, "--data", str(library), "table", table["id"], "--json")
    assert body["header"] == [["序号", "学校名称", "所在地", "类别"]]
    assert body["rows"] == [list(r) for r in SCHOOLS]


def test_decree_signed_by_a_spaced_name(capsys, library):
    _, docs = issue_docs(capsys, library, "2024-9")
    blocks = blocks_of(capsys, library, docs[1]["id"])
    assert [(b["kind"], b["text"]) for b in blocks[3:5]] == [
        ("signature", "总理  张  明"), ("date", "2024 年 3 月 8 日")]
    sections = run(capsys, "--data", str(library), "show", docs[1]["id"], "--sections",
                   "--json")["sections"]
    chapters = [s["title"] for s in sections if s["kind"] == "chapter"]
    assert chapters == ["总  则", "供热规划与建设", "供热经营与服务", "法律责任", "附  则"]
    assert sum(s["kind"] == "article" for s in sections) == 9


def test_tasks_name_the_lead_unit_first(capsys, library):
    tasks = run(capsys, "--data", str(library), "tasks", "--json")["tasks"]
    got = {t["text"][:8]: (t["lead"], t["support"]) for t in tasks}
    assert got["完善县域商业网络"] == (["省商务厅"], ["省发展改革委"])
    assert got["发展农村电子商务"] == (["省商务厅"], ["省农业农村厅", "省供销社"])
    assert got["建设县级客货邮综"] == (["交通运输部"], ["国家邮政局", "商务部"])
    assert got["加强资金保障。中"] == (["财政部"], [])


def test_a_list_under_a_repealing_sentence_is_repealed(capsys, library):
    """决定废止以下 3 件规范性文件：一、《…》（…）。二、… 上述文件……停止执行。: every listed
    document is repealed, not only the one named in a sentence saying 同时废止."""
    refs = run(capsys, "--data", str(library), "refs", "岭政发〔2024〕8号", "--json")
    repealed = sorted(r["target_doc_no"] for r in refs["relations"] if r["kind"] == "repeals")
    assert repealed == ["岭政办发〔2016〕37号", "岭政发〔2012〕46号", "岭政发〔2015〕21号",
                        "岭政发〔2018〕5号"]
    status = run(capsys, "--data", str(library), "status", "岭政发[2012]46号", "--json")
    assert status["status"] == "已废止" and "岭政发〔2024〕8号" in status["reason"]


def test_page_labels_are_told_from_table_rows_ending_in_a_number():
    """A row ``合计  3`` or ``3  南湖市`` inside a page is text; only the line between the
    headers of pages 2 and 4 with number 3 is page 3's header."""
    head = "{}        江岭省人民政府公报        2024 年第 7 期"
    page = [f"正文第{k}行。" for k in range(20)]
    text = "\n".join([head.format(2), *page[:5], "合计        3", "3        南湖市", *page[5:],
                      "  省政府文件        3", *page, head.format(4), *page, "  部门文件        5"])
    clean = clean_source(text)
    kept = [ln.text for ln in clean.lines]
    assert "合计        3" in kept and "3        南湖市" in kept
    assert not any("省政府文件" in t or "部门文件" in t for t in kept)
    assert clean.gazette == PROVINCE_GAZETTE and clean.pages_seen == [2, 3, 4, 5]


# --- the same issues as PDFs, in one column and in two ---------------------------------------

needs_font = pytest.mark.skipif(pdfmaker.cjk_font_path() is None,
                                reason="no CJK TrueType font (fonts-wqy-microhei)")


def _spanning(item) -> bool:
    """A document's head and the 目录's title are set across both columns."""
    heads = dict(PROVINCE_SECTIONS) | dict(STATE_SECTIONS)
    return isinstance(item, L) and (
        item.text in heads or item.text.startswith("关于") or item.text in (
            "中华人民共和国国务院令", "第 790 号")
        or item.text.endswith(("方案", "条例", "的通知", "批复")))


@needs_font
@pytest.mark.parametrize("columns", [1, 2])
@pytest.mark.parametrize("which", ["province", "state"])
def test_pdf_issue_in_columns(tmp_path, columns, which):
    """Header lines set on the outer side of each page (``2  江岭省人民政府公报  2024 年第 7 期``
    on the left, ``省政府办公厅文件  3`` on the right): in two columns the right one was read
    as the top of the right column and ``目    录`` fell apart into 目 and 录."""
    items, sections, gazette, issue, expected, first = {
        "province": (PROVINCE, PROVINCE_SECTIONS, PROVINCE_GAZETTE, PROVINCE_ISSUE,
                     PROVINCE_EXPECTED, 1),
        "state": (STATE, STATE_SECTIONS, STATE_GAZETTE, STATE_ISSUE, STATE_EXPECTED, 3),
    }[which]
    path = pdfmaker.make_column_pdf(
        items, tmp_path / f"{which}-{columns}.pdf", columns=columns, first_page=first,
        page_header=pdf_header(sections, gazette, issue), spanning=_spanning)
    parsed = parse_file(path)
    assert parsed.issue.gazette == gazette
    got = [(d.kind, d.doc_no.normalized if d.doc_no else None, d.title, d.issuers, d.date)
           for d in parsed.documents]
    assert got == expected
    for b in parsed.blocks:
        assert "公报" not in b.text and not re.search(r"(?:文件|目录|国务院令)\s*\d+$", b.text), b
        assert b.page is not None
    assert any(b.text == "目录" or b.text.replace(" ", "") == "目录" for b in parsed.blocks)
    tasks = {t.text[:8]: (t.lead, t.support) for t in parsed.tasks}
    if which == "province":
        (table,) = parsed.tables
        assert table.rows == [list(r) for r in SCHOOLS]
        refs = extract_issue_refs(parsed.documents, parsed.blocks, parsed.sections)
        repealed = sorted(r.target_key for r in refs[parsed.documents[1].id].relations
                          if r.kind == "repeals")
        assert repealed == ["岭政办发〔2016〕37号", "岭政发〔2012〕46号", "岭政发〔2015〕21号",
                            "岭政发〔2018〕5号"]
        assert tasks["完善县域商业网络"] == (["省商务厅"], ["省发展改革委"])
    else:
        assert tasks["推广农村客运车辆"] == (["交通运输部"], ["公安部", "国家邮政局"])
        signature = [b.text for b in parsed.blocks if b.kind == "signature"]
        assert "总理 张 明" in [re.sub(r"\s+", " ", t) for t in signature]


def test_a_number_broken_by_the_wrap_is_one_number(tmp_path):
    """``（岭政发[201`` / ``2]46 号）`` is one 文号; ``版本 2`` / ``3 号`` stays two numbers."""
    wide = "统筹推进各项重点工作落实落细" * 3
    text = "\n".join([
        "江岭省人民政府办公厅", "关于进一步做好有关工作的通知", "岭政办发〔2024〕3 号",
        "各市、县人民政府：",
        f"　　{wide[:27]}，《江岭省人民政府关于印发某办法的通知》（岭政发[201",
        f"2]46 号）同时废止。{wide[:30]}版本 2",
        f"3 号{wide[:20]}。",
        "江岭省人民政府办公厅", "2024 年 3 月 1 日"])
    path = tmp_path / "notice.txt"
    path.write_text(text, encoding="utf-8")
    parsed = parse_file(path)
    body = " ".join(b.text for b in parsed.blocks if b.kind == "paragraph")
    assert "（岭政发[2012]46 号）同时废止" in body and "版本 2 3 号" in body
    refs = extract_issue_refs(parsed.documents, parsed.blocks, parsed.sections)
    (doc,) = parsed.documents
    assert [r.target_key for r in refs[doc.id].relations if r.kind == "repeals"] == ["岭政发〔2012〕46号"]


@pytest.mark.parametrize("source", ["text", "pdf"])
def test_name_and_issue_on_facing_pages(tmp_path, source):
    """``12  江岭省人民政府公报`` on even pages, ``2024 年第 7 期  13`` on odd ones: no line
    names the issue whole, yet the issue is known and neither line is left in the text."""
    if source == "text":
        path = tmp_path / "issue.txt"
        path.write_text(render(PROVINCE, PROVINCE_SECTIONS, PROVINCE_GAZETTE, PROVINCE_ISSUE,
                               split=True), encoding="utf-8")
    else:
        if pdfmaker.cjk_font_path() is None:
            pytest.skip("no CJK TrueType font (fonts-wqy-microhei)")
        path = pdfmaker.make_column_pdf(
            PROVINCE, tmp_path / "issue.pdf", page_header=pdf_header(
                PROVINCE_SECTIONS, PROVINCE_GAZETTE, PROVINCE_ISSUE, split=True))
    parsed = parse_file(path)
    assert (parsed.issue.gazette, parsed.issue.year, parsed.issue.number) == (
        PROVINCE_GAZETTE, 2024, 7)
    assert [(d.kind, d.title) for d in parsed.documents] == [
        (k, t) for k, _, t, _, _ in PROVINCE_EXPECTED]
    for b in parsed.blocks:
        assert "公报" not in b.text and "2024 年第 7 期" not in b.text, b
        assert b.page is not None and not b.page_estimated


def test_a_table_of_voided_documents_names_each_with_its_title(tmp_path):
    """附件 宣布失效的……目录 (序号 文件名称 文号): each row's document is repealed under its
    title from the 文件名称 cell, and the sentence shown is its row (it was the whole table
    run together, and the title missing: （岭政发〔2014〕31号））."""
    path = tmp_path / "issue.txt"
    path.write_text(render(VOIDING, [("江岭省人民政府", "省政府文件")], PROVINCE_GAZETTE,
                           "2024 年第 8 期", page_lines=12), encoding="utf-8")
    parsed = parse_file(path)
    (doc,) = parsed.documents
    refs = extract_issue_refs(parsed.documents, parsed.blocks, parsed.sections)[doc.id]
    repeals = sorted((r.target_doc_no, r.target_title, r.sentence) for r in refs.relations
                     if r.kind == "repeals")
    assert [(no, title) for no, title, _ in repeals] == sorted(
        (no.replace(" ", ""), title) for _, title, no in VOIDED)
    rows = sorted(VOIDED, key=lambda r: r[2].replace(" ", ""))
    for (_, _, sentence), (n, title, no) in zip(repeals, rows):
        assert sentence == f"宣布失效的省政府规范性文件目录：{n}  {title}  {no}"


def test_doc_numbers_with_small_brackets_or_di(tmp_path, capsys):
    """``岭政办发﹝2024﹞9号`` (the small brackets of many web pages) and ``岭政〔2024〕第 8 号``
    are 文号: each starts its document, is found by any printed form, and is cited."""
    text = "\n".join([
        "江岭省人民政府公报 2024 年第 9 期",
        "江岭省人民政府", "关于调整省级财政专项资金管理办法的通知", "岭政〔2024〕第 8 号",
        "各市、县人民政府：",
        "　　现将调整后的省级财政专项资金管理办法印发给你们，请认真贯彻执行。",
        "江岭省人民政府", "二〇二四年五月六日",
        "江岭省人民政府办公厅", "关于做好防汛抗旱工作的通知", "岭政办发﹝2024﹞9号",
        "各市、县人民政府：",
        "　　请按照《江岭省人民政府关于调整省级财政专项资金管理办法的通知》（岭政〔2024〕第 8 号）"
        "做好资金保障。《江岭省防汛抗旱应急预案》（岭政办发﹝2019﹞3号）同时废止。",
        "江岭省人民政府办公厅", "二〇二四年五月九日", "- 1 -"])
    path = tmp_path / "issue.txt"
    path.write_text(text, encoding="utf-8")
    data = tmp_path / "data"
    run(capsys, "--data", str(data), "import", str(path), "--json")
    docs = run(capsys, "--data", str(data), "list", "--issue", "2024-9", "--json")["documents"]
    assert [d["doc_no_normalized"] for d in docs] == ["岭政〔2024〕8号", "岭政办发〔2024〕9号"]
    for ref in ("岭政〔2024〕8号", "岭政[2024]第8号", "岭政办发﹝2024﹞9号"):
        assert run(capsys, "--data", str(data), "show", ref, "--json")["document"]["id"]
    refs = run(capsys, "--data", str(data), "refs", "岭政办发〔2024〕9号", "--json")
    got = sorted((r["kind"], r["target_key"]) for r in refs["relations"])
    assert got == [("implements", "岭政〔2024〕8号"), ("repeals", "岭政办发〔2019〕3号")]


@needs_font
def test_pdf_in_two_columns_without_lines_across(tmp_path):
    """Every line in the columns, the documents' heads too: a row at a page's foot that
    starts with the page's number (``2 岭北医药卫生职业技术学院 岭北市 高``, on page 2, whose
    header already gave its number) is a row of the 名单, not the page's header."""
    path = pdfmaker.make_column_pdf(
        PROVINCE, tmp_path / "province.pdf", columns=2,
        page_header=pdf_header(PROVINCE_SECTIONS, PROVINCE_GAZETTE, PROVINCE_ISSUE))
    parsed = parse_file(path)
    got = [(d.kind, d.doc_no.normalized if d.doc_no else None, d.title, d.issuers, d.date)
           for d in parsed.documents]
    assert got == PROVINCE_EXPECTED
    (table,) = parsed.tables
    assert table.rows == [list(r) for r in SCHOOLS]


def test_a_column_banner_between_documents_is_no_text_of_either(tmp_path):
    """【省政府办公厅文件】-style banners over a group's first document (after the previous
    one's date or last sentence) were the previous document's last paragraph."""
    path = tmp_path / "issue.txt"
    path.write_text(render(with_banners(PROVINCE), PROVINCE_SECTIONS, PROVINCE_GAZETTE,
                           PROVINCE_ISSUE), encoding="utf-8")
    parsed = parse_file(path)
    got = [(d.kind, d.doc_no.normalized if d.doc_no else None, d.title, d.issuers, d.date)
           for d in parsed.documents]
    assert got == PROVINCE_EXPECTED
    toc = [b.text for b in parsed.blocks if b.doc_id == parsed.documents[0].id]
    assert "【省政府办公厅文件】" in toc       # the 目录's own group names stay
    body = [b.text for b in parsed.blocks if b.doc_id != parsed.documents[0].id]
    assert not any("部  门" in t or "【" in t for t in body)
    last = [b for b in parsed.blocks if b.doc_id == parsed.documents[2].id][-1]
    assert (last.kind, last.text) == ("date", "二〇二四年三月十二日")


@pytest.mark.parametrize("mark", ["第 {} 页", "· {} ·", "— {} —", "{}"])
def test_header_line_with_the_page_number_in_any_printed_form(mark):
    page = [f"正文第{k}行。" for k in range(12)]
    lines = []
    for n in range(4, 7):
        number = mark.format(n)
        lines += [f"{number}    江岭省人民政府公报 2024 年第 7 期" if n % 2 == 0
                  else f"江岭省人民政府公报 2024 年第 7 期    {number}", *page]
    clean = clean_source("\n".join(lines))
    assert (clean.gazette, clean.number, clean.pages_seen) == (PROVINCE_GAZETTE, 7, [4, 5, 6])
    assert [ln.text for ln in clean.lines] == page * 3
    assert [ln.page for ln in clean.lines] == [4] * 12 + [5] * 12 + [6] * 12


def test_a_ministrys_order_and_announcement_numbered_in_their_year(tmp_path, capsys):
    """中华人民共和国交通运输部令 / 2024 年第 3 号 and 中华人民共和国生态环境部 / 公    告 /
    2024 年第 12 号 (国务院公报's 部门文件): neither was found, and an issue of only these was
    refused as holding no document. Each is numbered as cited (交通运输部令2024年第3号), found
    by that number, and a 令 cited with its year (交通运输部令 2017 年第 27 号) is a 文号."""
    path = tmp_path / "issue.txt"
    path.write_text(render(MINISTRY, MINISTRY_SECTIONS, STATE_GAZETTE, STATE_ISSUE, first_page=40),
                    encoding="utf-8")
    data = tmp_path / "data"
    run(capsys, "--data", str(data), "import", str(path), "--json")
    docs = run(capsys, "--data", str(data), "list", "--issue", "2024-9", "--json")["documents"]
    got = [(d["kind"], d["doc_no_normalized"], d["title"], d["issuer"], d["date"]) for d in docs]
    assert got == MINISTRY_EXPECTED
    assert [d["doc_type"] for d in docs] == ["令", "公告"]
    for ref in ("交通运输部令 2024 年第 3 号", "中华人民共和国交通运输部令2024年第3号",
                "生态环境部公告2024年第12号"):
        assert run(capsys, "--data", str(data), "show", ref, "--json")["document"]["id"]
    refs = run(capsys, "--data", str(data), "refs", docs[0]["id"], "--json")
    assert [(r["kind"], r["target_key"]) for r in refs["relations"]] == [
        ("repeals", "交通运输部令2017年第27号")]


def test_a_banner_after_a_table_is_no_row_of_it(tmp_path):
    """A set-off banner (【部门文件】) over a document after one that ends in a table row or
    an article without a full stop is the gazette's too."""
    path = tmp_path / "issue.txt"
    items = with_banners(PROVINCE + MINISTRY)
    path.write_text(render(items, PROVINCE_SECTIONS, PROVINCE_GAZETTE, PROVINCE_ISSUE),
                    encoding="utf-8")
    parsed = parse_file(path)
    (table,) = parsed.tables
    assert table.rows == [list(r) for r in SCHOOLS]
    assert [d.doc_no.normalized for d in parsed.documents[-2:]] == [
        "交通运输部令2024年第3号", "生态环境部公告2024年第12号"]
    assert not any("部门文件" in b.text for b in parsed.blocks
                   if b.doc_id != parsed.documents[0].id)


def test_units_named_by_luoshi_are_responsible(tmp_path):
    """（中央网信办、公安部、国家数据局等按职责分工负责，各省级人民政府落实）: a clause ending in
    落实 names units as 负责 does (the task was not found at all)."""
    text = "\n".join([
        "中华人民共和国国务院公报 2024 年第 11 号",
        "国务院办公厅关于印发促进数据产业发展若干措施的通知", "国办发〔2024〕20 号",
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
        "　　《促进数据产业发展若干措施》已经国务院同意，现印发给你们，请认真贯彻执行。",
        "国务院办公厅", "2024 年 5 月 6 日", "促进数据产业发展若干措施",
        "　　一、强化数据安全保障。落实数据分类分级保护制度。（中央网信办、公安部、国家数据局等按职责"
        "分工负责，各省级人民政府落实）", "— 3 —"])
    path = tmp_path / "issue.txt"
    path.write_text(text, encoding="utf-8")
    (task,) = parse_file(path).tasks
    assert task.units == ["中央网信办", "公安部", "国家数据局", "各省级人民政府"]
    assert (task.lead, task.support) == ([], [])


@pytest.mark.parametrize("query", ["岭政发〔2012〕46号", "岭政发（2012）46 号", "岭政办发〔2016〕37号",
                                   "岭政办发[2016]37号"])
def test_search_by_doc_no_finds_the_text_citing_it_in_another_printed_form(capsys, library,
                                                                            query):
    """The 决定 prints 岭政发[2012]46 号 and 岭政办发（2016）37 号; a search for the 文号 in any
    form finds it (it found the text only when typed with the same brackets)."""
    out = run(capsys, "--data", str(library), "search", query, "--json")
    assert [d["title"] for d in out["documents"]] == ["关于废止部分省政府规范性文件的决定"]
