"""The fidelity probe's findings, each on a gazette in gazette layout
(tests/fixtures/fidelity_gazettes.py): parsed as the importer parses it, or imported and read
back through the command line."""

from __future__ import annotations

import json
import re

import pytest

import main
from core.importer import parse_file, parse_text
from tests.fixtures import pdfmaker
from tests.fixtures.fidelity_gazettes import (
    CITY_GAZETTE,
    MINISTRY_ORDERS,
    NOTE_PLAN,
    NOTICE_BY_YEAR,
    NOTICE_CITED,
)
from tests.fixtures.gazettes import L, render


def _parse(text: str, name: str = "fixture.txt"):
    return parse_text(text, source_name=name, sha256="2" * 64)


def test_units_named_by_a_note_are_responsible_for_the_tasks_after_it():
    """（各县（市、区）政府均为责任单位，不再列出） after the first task: the counties were the
    note of the later tasks but none of their units."""
    parsed = _parse(render(NOTE_PLAN, header=f"{CITY_GAZETTE}（2024 年第 5 期）", indent=True))
    tasks = parsed.tasks
    assert [t.text[:6] for t in tasks] == ["实施水源工程", "改造供水管网", "加强水质监测"]
    county = "各县（市、区）政府"
    assert tasks[0].units == ["市水利局", "市发展改革委"]
    assert all(t.note == "各县（市、区）政府均为责任单位，不再列出" for t in tasks[1:])
    assert tasks[1].units == ["市住房城乡建设局", county]
    assert tasks[2].lead == ["市卫生健康委"] and tasks[2].support == ["市水利局"]
    assert tasks[2].units == ["市卫生健康委", "市水利局", county]


@pytest.mark.parametrize("number", ["2024 年第 3 号", "〔2024〕第 3 号", "［2024］3 号"])
def test_a_notice_is_numbered_by_the_line_under_it(number):
    items = [L(number) if isinstance(i, L) and i.text == "2024 年第 3 号" else i
             for i in NOTICE_BY_YEAR]
    parsed = _parse(render(items, header=f"{CITY_GAZETTE}（2024 年第 6 期）", indent=True))
    (doc,) = parsed.documents
    assert doc.doc_no.normalized == "白沙市人民政府通告2024年第3号"
    assert (doc.title, doc.issuers) == ("白沙市人民政府通告", ["白沙市人民政府"])


def run(capsys, *argv):
    code = main.main([*argv])
    cap = capsys.readouterr()
    assert code == 0, cap.err
    return json.loads(cap.out)


@pytest.fixture(scope="module")
def cited_library(tmp_path_factory):
    """A city's issue with a 通告 numbered in its year and a notice citing it; a 国务院公报
    issue with two ministries' 令 of one number and a notice of one of them citing its own."""
    base = tmp_path_factory.mktemp("fidelity-refs")
    city = base / "baisha-2024-06.txt"
    city.write_text(render(NOTICE_BY_YEAR + NOTICE_CITED, header=f"{CITY_GAZETTE}（2024 年第 6 期）",
                           indent=True, page_lines=12), encoding="utf-8")
    state = base / "gwygb-2024-12.txt"
    state.write_text(render(MINISTRY_ORDERS, header="中华人民共和国国务院公报 2024 年第 12 号",
                            indent=True, page_lines=12), encoding="utf-8")
    data = base / "data"
    assert main.main(["--data", str(data), "import", str(city), str(state), "--json"]) == 0
    return data


def _docs(capsys, data, ref):
    return run(capsys, "--data", str(data), "list", "--issue", ref, "--json")["documents"]


def test_a_notice_numbered_in_its_year_is_linked_from_its_citations(capsys, cited_library):
    """《白沙市人民政府 2024 年第 3 号通告》, 市政府 2024 年第 3 号通告 and 白沙市人民政府通告〔2024〕
    第 3 号 all name the 通告 (2024 年第 3 号): none was read as a citation."""
    notice, citing = _docs(capsys, cited_library, "2024-6")
    assert notice["doc_no_normalized"] == "白沙市人民政府通告2024年第3号"
    refs = run(capsys, "--data", str(cited_library), "refs", citing["id"], "--json")
    (link,) = refs["cites"]
    assert link["doc_id"] == notice["id"] and len(link["places"]) == 3
    back = run(capsys, "--data", str(cited_library), "refs", notice["id"], "--json")
    assert [c["doc_id"] for c in back["cited_by"]] == [citing["id"]]


def test_a_ministry_order_cited_bare_is_the_ministrys_own(capsys, cited_library):
    """第 12 号令 in a notice of 生态环境部 is 生态环境部令第12号, though 水利部令第12号 is in the
    library too (library-wide, two fit and neither was linked); 2024 年第 3 号令 is its
    令 numbered in the year."""
    docs = _docs(capsys, cited_library, "2024-12")
    by_no = {d["doc_no_normalized"]: d for d in docs}
    assert set(by_no) == {"生态环境部令第12号", "水利部令第12号", "生态环境部令2024年第3号",
                          "环法规〔2024〕15号"}
    refs = run(capsys, "--data", str(cited_library), "refs", by_no["环法规〔2024〕15号"]["id"],
               "--json")
    got = {link["key"]: (link["doc_id"], len(link["places"])) for link in refs["cites"]}
    assert got == {"生态环境部令第12号": (by_no["生态环境部令第12号"]["id"], 2),
                   "生态环境部令2024年第3号": (by_no["生态环境部令2024年第3号"]["id"], 1)}


def test_a_plain_banner_after_a_table_row_is_the_gazettes():
    """省政府办公厅文件 right after the last row of the voided documents' list was taken into
    the row (and the 印发 notice under it with it: the row was read as the first line of its
    title, and no document was found there); 省政府规章 after the 名单's last row stayed in it."""
    from tests.fixtures.fidelity_gazettes import banners_after_tables
    from tests.fixtures.probe_gazettes import SCHOOLS, VOIDED

    parsed = _parse(render(banners_after_tables(), header="江岭省人民政府公报（2024 年第 7 期）",
                           indent=True))
    assert [d.doc_no.normalized for d in parsed.documents] == [
        "岭政规〔2024〕2号", "岭政办发〔2024〕9号", "岭教发〔2024〕21号", "岭政函〔2024〕15号"]
    assert parsed.documents[1].title == "江岭省人民政府办公厅关于印发江岭省县域商业体系建设实施方案的通知"
    for b in parsed.blocks:
        assert not b.text.endswith(("文件", "规章")) or b.kind == "title" or "《" in b.text, b
    voided, schools = parsed.tables
    assert voided.rows == [list(r) for r in VOIDED]
    assert schools.rows == [list(r) for r in SCHOOLS]


def _spanning(item) -> bool:
    """A document's head and the 目录's title are set across both columns (as
    tests/core/test_probe_gazettes.py sets them)."""
    from tests.fixtures.probe_gazettes import PROVINCE_SECTIONS, STATE_SECTIONS

    heads = dict(PROVINCE_SECTIONS) | dict(STATE_SECTIONS)
    return isinstance(item, L) and (
        item.text in heads or item.text.startswith("关于")
        or item.text in ("中华人民共和国国务院令", "第 790 号")
        or item.text.endswith(("方案", "条例", "的通知", "批复")))


@pytest.mark.skipif(pdfmaker.cjk_font_path() is None, reason="no CJK TrueType font")
@pytest.mark.parametrize("stream", ["columns", "rows"])
@pytest.mark.parametrize("columns", [1, 2])
@pytest.mark.parametrize("which", ["province", "state"])
def test_pdf_paragraphs_keep_the_spaces_their_wraps_fall_on(tmp_path, which, columns, stream):
    """Every paragraph reads as printed, spaces included. In two columns a wrap fell on the
    space of 决定废止以下 3 / 件规范性文件, 到 / 2027 年, 2 / 月 23 日 (the space lost: 3件,
    到2027, 2月) and inside 202 / 3 年底 (a space put into the number: 202 3): the reading
    order dropped the space the PDF prints at a line's edge, which told them apart."""
    from tests.fixtures.gazettes import P
    from tests.fixtures.probe_gazettes import (
        MINISTRY,
        PROVINCE,
        PROVINCE_GAZETTE,
        PROVINCE_ISSUE,
        PROVINCE_SECTIONS,
        STATE,
        STATE_GAZETTE,
        STATE_ISSUE,
        STATE_SECTIONS,
        pdf_header,
    )

    items, sections, gazette, issue = {
        "province": (PROVINCE, PROVINCE_SECTIONS, PROVINCE_GAZETTE, PROVINCE_ISSUE),
        "state": (STATE + MINISTRY, STATE_SECTIONS, STATE_GAZETTE, STATE_ISSUE),
    }[which]
    path = pdfmaker.make_column_pdf(items, tmp_path / "issue.pdf", columns=columns,
                                    stream=stream, spanning=_spanning,
                                    page_header=pdf_header(sections, gazette, issue))
    texts = {b.text for b in parse_file(path).blocks}
    # (an article's number is its heading: 第一条 is not in its paragraph's block)
    paragraphs = [i.text for i in items if isinstance(i, P) and not i.text.startswith("第")]
    assert [p for p in paragraphs if p not in texts] == []


# The numbers of the 达标 list, one cell a line (序号, 企业名称, 达标等级): text, not pages.
COUNTED_CELLS = ["1", "2", "2", "3", "3", "1", "4", "2", "5", "3"]


@pytest.mark.parametrize("footer", ["{}", "—— {} ——", "一 {} 一", "— {} —", "-{}-"])
def test_bare_page_numbers_in_text_are_pages(footer):
    """Pages ended by a line holding only their number (5, 6, 7: ``6`` falls right under the
    list's serial 5): the numbers were left in the text, as paragraphs, and no page was
    known (every block's page None). The list's own numbers, one a line, stay."""
    from tests.fixtures.fidelity_gazettes import COUNTED, render_bare

    items = NOTE_PLAN + COUNTED + NOTICE_BY_YEAR + NOTICE_CITED
    parsed = _parse(render_bare(items, footer, first_page=5))
    assert len(parsed.documents) == 4 and parsed.pages == [5, 6, 7]
    assert [b.text for b in parsed.blocks if b.text.strip().isdigit()] == COUNTED_CELLS
    assert not any("—" in b.text or b.text.startswith("一 ") for b in parsed.blocks)
    page = {b.text: (b.page, b.page_estimated) for b in parsed.blocks}
    assert page["白应急〔2024〕6 号"] == (5, False)      # the last line before 5
    assert page["南湖食品有限公司"] == (6, False)
    assert page["特此通告。"] == (7, False)
    assert all(b.page is not None for b in parsed.blocks)


def test_a_hit_on_a_page_ended_by_a_bare_number_has_its_page(tmp_path, capsys):
    from tests.fixtures.fidelity_gazettes import COUNTED, render_bare

    path = tmp_path / "baisha-2024-06.txt"
    path.write_text(render_bare(NOTE_PLAN + COUNTED + NOTICE_BY_YEAR + NOTICE_CITED, first_page=5,
                                header=f"{CITY_GAZETTE}（2024 年第 6 期）"), encoding="utf-8")
    data = tmp_path / "data"
    assert main.main(["--data", str(data), "import", str(path), "--json"]) == 0
    capsys.readouterr()
    found = run(capsys, "--data", str(data), "search", "南湖食品有限公司", "--json")
    (doc,) = found["documents"]
    assert [(h["page"], h["page_estimated"]) for h in doc["hits"]] == [(6, False)]
    shown = run(capsys, "--data", str(data), "show", doc["doc_id"], "--json")
    assert [b["text"] for b in shown["blocks"] if b["text"].isdigit()] == COUNTED_CELLS


# --- a province's issue in a layout the other fixtures do not have ---------------------------

@pytest.fixture(scope="module")
def sheng(tmp_path_factory):
    from tests.fixtures.fidelity_gazettes import render_sheng

    base = tmp_path_factory.mktemp("sheng")
    path = base / "jiangchuan-2024-10.txt"
    path.write_text(render_sheng(), encoding="utf-8")
    data = base / "data"
    assert main.main(["--data", str(data), "import", str(path), "--json"]) == 0
    return data


def test_province_issue_documents_under_their_banners(capsys, sheng):
    """目录 over two pages, titles over three lines (the last a spaced 通  知), a 省政府令, a
    joint 部门 notice and a 任免名单 under the banner 人事任免: the banner over the 令 (省政府令,
    after the 目录's last entry) stayed in the 目录, and 人事任免 was taken for the 任免's
    title (江川省人民政府任免名单 became its first paragraph)."""
    from tests.fixtures.fidelity_gazettes import SHENG_EXPECTED

    issue = run(capsys, "--data", str(sheng), "list", "--issue", "2024-10", "--json")
    assert issue["issue"]["label"] == "《江川省人民政府公报》2024年第10期"
    assert issue["issue"]["total_number"] == 820 and issue["issue"]["pages"] == 9
    docs = issue["documents"]
    assert [(d["kind"], d["doc_no_normalized"], d["title"]) for d in docs] == SHENG_EXPECTED
    assert docs[6]["issuer"] == ["江川省财政厅", "江川省农业农村厅"]
    assert all(d["pages"] and d["pages"][0] for d in docs)
    for d in docs[1:]:
        texts = [b["text"] for b in run(capsys, "--data", str(sheng), "show", d["id"],
                                        "--json")["blocks"]]
        assert not {"省政府令", "省政府文件", "省政府办公厅文件", "部门文件", "人事任免"} & set(texts)
    appoint = run(capsys, "--data", str(sheng), "show", docs[7]["id"], "--json")["blocks"]
    assert [(b["kind"], b["text"]) for b in appoint[:2]] == [
        ("title", "江川省人民政府任免名单"), ("paragraph", "任命李明为江川省发展和改革委员会副主任；")]


def test_province_contents_one_entry_a_block(capsys, sheng):
    """An entry whose title wraps is one block, also when its first line stops short of the
    margin (…三年行动计划 / （2024—2026 年）的通知（川政发〔2024〕18 号）…… 6 were two)."""
    docs = run(capsys, "--data", str(sheng), "list", "--issue", "2024-10", "--json")["documents"]
    blocks = run(capsys, "--data", str(sheng), "show", docs[0]["id"], "--json")["blocks"]
    texts = [re.sub(r"\s*[…]+\s*\d+$", "", b["text"]) for b in blocks]
    assert texts == [
        "目录", "省政府令", "江川省人民政府令（第 245 号）", "江川省生活垃圾分类管理办法",
        "省政府文件",
        "江川省人民政府关于印发江川省推进新型工业化三年行动计划（2024—2026 年）的通知（川政发〔2024〕18 号）",
        "江川省人民政府关于同意调整江川青山省级自然保护区范围和功能区划的批复（川政函〔2024〕77 号）",
        "省政府办公厅文件",
        "江川省人民政府办公厅关于进一步加强农村供水工程建设和运行管理的实施意见（川政办发〔2024〕26 号）",
        "江川省人民政府办公厅关于公布第三批江川省历史文化街区名单的通知（川政办函〔2024〕41 号）",
        "部门文件",
        "江川省财政厅  江川省农业农村厅关于印发江川省农业生产社会化服务项目资金管理办法的通知"
        "（川财农〔2024〕33 号）",
        "人事任免", "江川省人民政府任免名单"]


def test_province_tasks_tables_search_and_refs(capsys, sheng):
    """（省水利厅牵头，省发展改革委、省财政厅配合；完成时限：2025 年 12 月底前）: a bracket with
    a labelled deadline after its units was not read as a responsibility (no task)."""
    tasks = run(capsys, "--data", str(sheng), "tasks", "--issue", "2024-10", "--json")["tasks"]
    assert len(tasks) == 7
    water = next(t for t in tasks if t["text"].startswith("推进城乡供水一体化"))
    assert (water["lead"], water["support"], water["deadline"], water["page"]) == (
        ["省水利厅"], ["省发展改革委", "省财政厅"], "2025-12-31", 6)
    last = next(t for t in tasks if t["text"].startswith("强化要素保障"))
    assert last["units"] == ["省财政厅", "省自然资源厅", "各市〔州〕人民政府"]
    (table,) = run(capsys, "--data", str(sheng), "tables", "--issue", "2024-10", "--json")["tables"]
    assert table["row_count"] == 6 and table["structured"]
    found = run(capsys, "--data", str(sheng), "search", "数字化车间", "--json")
    (doc,) = found["documents"]
    assert doc["doc_no"] == "川政发〔2024〕18 号"
    assert [(h["page"], h["page_estimated"]) for h in doc["hits"]] == [(4, False)]
    docs = run(capsys, "--data", str(sheng), "list", "--issue", "2024-10", "--json")["documents"]
    refs = run(capsys, "--data", str(sheng), "refs", docs[1]["id"], "--json")
    assert [(r["kind"], r["target_key"]) for r in refs["relations"]] == [
        ("repeals", "江川省人民政府令第168号")]


@pytest.mark.skipif(pdfmaker.cjk_font_path() is None, reason="no CJK TrueType font")
@pytest.mark.parametrize("stream", ["columns", "rows"])
def test_a_short_two_column_page_is_read_column_by_column(tmp_path, stream):
    """The 公告 ends the issue on a page of three lines a column: too few rows to find the
    gutter, so the page was read in the PDF's order, across the columns when the text is
    stored row by row (为贯彻落实《中华人民共和国大气污染防 特此公告。 …): the issue's gutter
    from its other pages now reads it."""
    from tests.fixtures.gazettes import P
    from tests.fixtures.probe_gazettes import (
        MINISTRY,
        STATE,
        STATE_GAZETTE,
        STATE_ISSUE,
        STATE_SECTIONS,
        pdf_header,
    )

    def heads(item) -> bool:          # the 目录's title and the titles with 关于 span the page
        return isinstance(item, L) and (item.text.startswith("目") or (
            "关于" in item.text and len(item.text) < 40))

    path = pdfmaker.make_column_pdf(STATE + MINISTRY, tmp_path / "issue.pdf", columns=2,
                                    stream=stream, spanning=heads,
                                    page_header=pdf_header(STATE_SECTIONS, STATE_GAZETTE,
                                                           STATE_ISSUE))
    parsed = parse_file(path)
    last = parsed.documents[-1]
    assert last.doc_no.normalized == "生态环境部公告2024年第12号"
    blocks = [(b.kind, b.text) for b in parsed.blocks if b.doc_id == last.id]
    assert blocks[2:] == [("paragraph", MINISTRY[-4].text), ("paragraph", "特此公告。"),
                          ("signature", "生态环境部"), ("date", "2024 年 3 月 8 日")]
    texts = {b.text for b in parsed.blocks}
    assert [i.text for i in STATE + MINISTRY if isinstance(i, P) and not i.text.startswith("第")
            and i.text not in texts] == []
