"""The list layouts of issue 10 on a gazette the parser was not built on (澜江省岚州市, made
up: tests/fixtures/unseen_gazette.py), read end to end from text as extracted from a PDF:
page breaks with the running header, the footer and the table's header repeated between
rows, wherever they fall."""

from __future__ import annotations

import pytest

from core.importer import parse_text
from tests.fixtures.unseen_gazette import (
    award_list,
    heritage_list,
    indicator_table,
    people_list,
    render_issue,
    spanning_list,
    task_table,
)


def _parse(text: str):
    return parse_text(text, source_name="t.txt", sha256="b" * 64)


def _tables(items, **kw):
    parsed = _parse(render_issue(items, **kw))
    return parsed, [t for t in parsed.tables if t.header]


@pytest.mark.parametrize("restart", [True, False])
def test_award_list_of_201_rows_in_ten_county_groups(restart):
    items, truth = award_list(restart=restart)
    parsed, tables = _tables(items)
    assert len(tables) == 1
    table = tables[0]
    assert table.header == [["序号", "企业名称", "奖励类别", "奖励金额（万元）"]]
    expected = [r for _, rows in truth["groups"] for r in rows]
    assert len(expected) == truth["count"] == 201
    assert table.raw_rows == [] and table.structured
    assert table.rows == expected
    assert [label for _, label in table.groups] == [label for label, _ in truth["groups"]]
    # Round trip: the recovered amounts sum to every total the text states.
    assert sum(float(r[3]) for r in table.rows) == truth["total"]
    assert len(table.checks) == 21 and all(c["ok"] for c in table.checks), \
        [c for c in table.checks if not c["ok"]]


def test_a_row_whose_name_and_category_both_wrap_is_split():
    """``4 …股份有限 省级专精特新中小 50`` / ``公司 企业``: the continuation line holds the
    ends of the two text cells, in their order."""
    items, truth = award_list()
    _, (table,) = _tables(items)
    assert table.rows[3] == truth["groups"][0][1][3]
    assert table.rows[3][1].endswith("有限公司") and table.rows[3][2] == "省级专精特新中小企业"


def test_heritage_directory_of_57_items_header_repeated_at_a_page_top():
    items, rows, groups = heritage_list()
    # the header falls on the last line of a page and is printed again on the next one
    text = render_issue(items, page_lines=11)
    lines = [x for x in text.splitlines() if x.strip()]
    at = lines.index("序号 项目编号 项目名称 申报地区或单位")
    assert lines[at + 3] == lines[at]
    parsed = _parse(text)
    (table,) = [t for t in parsed.tables if t.header]
    assert table.header == [["序号", "项目编号", "项目名称", "申报地区或单位"]]
    assert table.structured and table.raw_rows == []
    assert table.rows == rows
    assert table.groups == groups
    assert len(table.checks) == 11 and all(c["ok"] for c in table.checks)


@pytest.mark.parametrize("standalone", [True, False])
@pytest.mark.parametrize("wrapped", [False, True])
def test_label_spanning_95_rows_printed_once_mid_run(standalone, wrapped):
    """Also with names wrapped onto a short line of their own (``限公司``) among the label's
    pieces: a wrapped end completes the name above, it is no piece of the label."""
    items, rows, total = spanning_list(standalone, wrapped)
    if wrapped:
        assert sum(1 for it in items if getattr(it, "text", "") == "限公司") >= 15
    _, (table,) = _tables(items)
    assert table.header == [["类别", "序号", "单位名称", "奖励金额（万元）"]]
    assert table.caption.endswith(f"（共计 {total} 万元）")
    assert table.structured and table.raw_rows == []
    assert table.rows == rows
    assert sum(int(r[3]) for r in table.rows) == total
    assert {"label": "全表", "stated": total, "counted": total, "unit": "万元",
            "ok": True} in table.checks
    assert {"label": "高新技术企业", "stated": 95, "counted": 95, "unit": "家",
            "ok": True} in table.checks
    assert all(c["ok"] for c in table.checks)


def test_people_list_without_serials():
    items, rows = people_list()
    _, (table,) = _tables(items)
    assert table.header == [["姓名", "性别", "工作单位", "职务"]]
    assert table.structured and table.rows == rows


@pytest.mark.parametrize("spaced", [True, False])
def test_task_table_with_spaced_or_broken_header(spaced):
    items, rows = task_table(spaced)
    parsed, (table,) = _tables(items)
    assert table.header == [["序号", "重点任务", "主要内容", "责任单位", "完成时限"]]
    # dates are closed up (2025年12月底), as everywhere in cells
    assert table.structured and table.rows == [r[:4] + [r[4].replace(" ", "")] for r in rows]
    tasks = [t for t in parsed.tasks if t.table_id == table.id]
    assert [t.lead for t in tasks] == [[r[3]] for r in rows] or len(tasks) == len(rows)


def test_two_level_indicator_header():
    items, rows = indicator_table()
    _, tables = _tables(award_list()[0][:8] + items)
    (table,) = [t for t in tables if t.caption.startswith("表 1")]
    assert table.structured, table.rows
    assert len(table.header[0]) == 7
    assert [r[1] for r in table.rows] == [r[1] for r in rows]


def test_an_issue_that_is_mostly_a_list_keeps_its_margin():
    """The full line is measured on the lines paragraphs wrap, not on the rows of a list
    that outnumber them: the attachment's title stays a title, not joined to the note
    under it."""
    from core.clean import clean_source

    items, truth = award_list()
    text = render_issue(items)
    assert clean_source(text).full_width >= 56
    parsed = _parse(text)
    attachment = [s for s in parsed.sections if s.kind == "attachment"][0]
    assert attachment.title == "2024 年度工业企业高质量发展奖励资金分配表"
    captions = [b.text for b in parsed.blocks if b.kind == "caption"]
    assert captions == [attachment.title, f"（共计 {truth['total']:g} 万元）"]


def test_two_rows_run_together_on_one_extracted_line_are_two_rows():
    """``9 澜江…有限公司 省级专精特新中小企业 12.5 10 岚州…有限公司 市级工业设计中心 50``: a
    line wider than the page holding row 9 and row 10 (the extraction ran on after a row that
    reached the margin). Each is a row of its own, and the rows after it are not swallowed."""
    from tests.fixtures.unseen_gazette import Glued

    items, truth = award_list(glued=True)
    glued = [it for it in items if isinstance(it, Glued)]
    assert len(glued) >= 15
    parsed, (table,) = _tables(items)
    expected = [r for _, rows in truth["groups"] for r in rows]
    assert table.raw_rows == [] and table.rows == expected
    assert all(c["ok"] for c in table.checks)
    blocks = {b.id: b for b in parsed.blocks}
    texts = [blocks[i].text for i in table.block_ids]
    assert "10 岚州颐峻环保科技集团有限公司 市级工业设计中心 50" in texts


def test_a_row_left_out_of_a_group_is_the_only_difference():
    """Serials restart per group and row 8 of 三、青溪县 is not printed (the label still says
    26): the rows after it are rows, and the check says 列出 25 家，文中称 26 家."""
    from core.extract.checks import check_message
    from tests.fixtures.gazettes import L

    items, truth = award_list()
    k = next(i for i, it in enumerate(items) if it.text.startswith("三、青溪县"))
    dropped = next(i for i in range(k, len(items)) if items[i].text.startswith("8 "))
    del items[dropped]
    _, (table,) = _tables(items)
    expected = [r for label, rows in truth["groups"] for r in rows
                if not (label.startswith("三、") and r[0] == "8")]
    assert table.raw_rows == [] and table.rows == expected
    bad = [check_message(c) for c in table.checks if not c["ok"]]
    assert bad[0] == "青溪县：列出 25 家，文中称 26 家" and len(bad) == 3, bad
    assert isinstance(items[dropped], L)


@pytest.mark.parametrize("form", ["paren", "paren_total", "reward"])
def test_group_labels_in_other_forms_are_checked(form):
    """``（一）岚东区（23 家，490 万元）``, ``一、岚东区（共 23 家，合计 490 万元）``,
    ``一、岚东区（23 家企业，奖励 490 万元）``: the count and the amount of every group are
    checked, as for ``一、岚东区，共 23 家企业，奖励资金共 490 万元。``."""
    items, truth = award_list(label_form=form)
    _, (table,) = _tables(items)
    assert table.raw_rows == [] and len(table.groups) == 10
    assert len(table.checks) == 21 and all(c["ok"] for c in table.checks), table.checks
    assert table.checks[:2] == [
        {"label": "岚东区", "stated": 23, "counted": 23, "unit": "家", "ok": True},
        {"label": "岚东区", "stated": 490, "counted": 490, "unit": "万元", "ok": True}]


def test_an_amount_per_unit_in_the_sentence_before_is_not_a_total():
    from core.extract.checks import label_amounts, stated_amounts

    assert stated_amounts("对新认定的企业每家奖励 10 万元") == []
    assert label_amounts("（一）岚东区（23 家，490 万元）") == [(490, "万元")]
    assert label_amounts("2024 年度分配表（30 万元以上项目）") == []


@pytest.mark.parametrize("variant", ["unit_below", "one_per_line", "spaced", "broken_words"])
def test_award_list_header_as_other_extractions_give_it(variant):
    """``序号 … 奖励金额`` / ``（万元）``; one cell a line under ``……分配表`` /
    ``（共计 … 万元）``; letter-spaced; words broken with pieces of two cells on the line
    under (``序 … 奖励金额`` / ``号 （万元）``)."""
    from tests.fixtures.unseen_gazette import with_header

    items, truth = award_list()
    _, (table,) = _tables(with_header(items, variant))
    assert table.header == [["序号", "企业名称", "奖励类别", "奖励金额（万元）"]]
    assert table.raw_rows == [] and len(table.rows) == truth["count"]
    assert len(table.checks) == 21 and all(c["ok"] for c in table.checks)


def test_honours_list_of_units_then_a_people_table():
    """一、先进集体（6 个） with a unit a line, then 二、先进个人（10 名） over a 姓名 性别 工作单位
    职务 header: the header is no row of the list (列出 11 名) but starts the people's table;
    the notice's sentence stating both counts is not checked against either."""
    from tests.fixtures.unseen_gazette import honours_list

    items, units, people = honours_list()
    parsed = _parse(render_issue(items))
    units_table, people_table = parsed.tables
    assert units_table.rows == [[u] for u in units]
    assert people_table.header == [["姓名", "性别", "工作单位", "职务"]]
    assert people_table.rows == people
    checks = units_table.checks + people_table.checks
    assert [(c["stated"], c["counted"], c["unit"]) for c in checks] == [(6, 6, "个"), (10, 10, "名")]


def test_a_total_stated_in_wan_yuan_over_a_column_in_yuan():
    """（共计 25 万元） over 返还金额（元） summing to 250000: the same amount, ✓ (it read
    合计 250000 万元，文中称 25 万元)."""
    from tests.fixtures.unseen_gazette import refund_list

    _, (table,) = _tables(refund_list())
    assert {"label": "全表", "stated": 25, "counted": 25, "unit": "万元", "ok": True} \
        in table.checks
    assert all(c["ok"] for c in table.checks) and len(table.checks) == 2


def test_award_list_without_serial_numbers():
    """Rows start with the company (no 序号): a row reaching the margin is not joined to the
    group label or the wrapped ends under it; the ends (``限公司``, ``公司 企业``) complete the
    name above, also right before a page break and the header repeated after it."""
    items, truth = award_list(serials=False)
    parsed, (table,) = _tables(items)
    assert table.header == [["企业名称", "奖励类别", "奖励金额（万元）"]]
    assert table.raw_rows == []
    assert table.rows == [r for _, rows in truth["groups"] for r in rows]
    assert len(table.groups) == 10
    assert len(table.checks) == 21 and all(c["ok"] for c in table.checks)


def test_rows_and_raw_rows_account_for_every_line_of_every_unseen_table():
    """Round trip over every layout of the unseen gazette: each word of each line of a
    table's blocks is found in its caption, header, group rows and cells; no table row is a
    paragraph or shares a block with another row."""
    from tests.fixtures.unseen_gazette import honours_list, refund_list, with_header

    award, _ = award_list()
    sources = [award, award_list(glued=True)[0], award_list(serials=False)[0],
               award_list(restart=False, label_form="paren")[0],
               with_header(award, "broken_words"), heritage_list()[0],
               spanning_list(True, True)[0], spanning_list(False)[0], people_list()[0],
               task_table(True)[0], task_table(False)[0], honours_list()[0], refund_list()]
    for items in sources:
        parsed = _parse(render_issue(items))
        blocks = {b.id: b for b in parsed.blocks}
        assert parsed.tables
        for table in parsed.tables:
            shown = "".join(
                [table.caption] + [c for h in table.header for c in h]
                + [g for _, g in table.groups] + [c for r in table.rows for c in r])
            shown = "".join(shown.split())
            for bid in table.block_ids:
                assert blocks[bid].kind in ("table_row", "caption", "heading")
                for piece in blocks[bid].text.split():
                    assert piece in shown, (table.caption, piece)


def test_no_character_of_the_unseen_issue_is_dropped():
    """Every Chinese character of the issue's text (running headers and footers aside) is in
    its blocks, whatever the lists did to the lines."""
    from collections import Counter

    from tests.fixtures.unseen_gazette import GAZETTE, honours_list, refund_list

    items = (award_list(glued=True)[0] + heritage_list()[0] + spanning_list(True, True)[0]
             + people_list()[0] + task_table(False)[0] + honours_list()[0] + refund_list()
             + award_list(serials=False)[0])
    text = render_issue(items)
    parsed = _parse(text)
    body = "".join(x for x in text.splitlines() if x.strip() != GAZETTE)
    cjk = Counter(ch for ch in body if "\u4e00" <= ch <= "\u9fff")
    kept = Counter(ch for b in parsed.blocks for ch in b.text if "\u4e00" <= ch <= "\u9fff")
    assert cjk - kept == Counter()


def test_two_level_header_with_word_leaves_under_an_amount():
    from tests.fixtures.unseen_gazette import subsidy_list

    items, rows = subsidy_list()
    _, (table,) = _tables(items)
    assert table.header == [["序号", "县（区）", "企业名称", "奖补资金（万元）（合计）",
                             "奖补资金（万元）（省级）", "奖补资金（万元）（市级）", "备注"]]
    assert table.structured and table.rows == rows
    assert [c["ok"] for c in table.checks] == [True]


@pytest.mark.parametrize("form,checks", [("bare_paren", 21), ("bare_colon", 11), ("bare", 1)])
@pytest.mark.parametrize("restart", [True, False])
def test_group_labels_printed_without_numbering(form, checks, restart):
    """``岚西区（19 家，402.5 万元）``, ``岚西区：19 家``, ``岚西区`` alone between the rows (and
    before row 1): group rows, not the wrapped end of the row above (the serials starting
    again at 1 were read as continuations: 26 rows for 201) nor a line of the header."""
    items, truth = award_list(label_form=form, restart=restart)
    _, (table,) = _tables(items)
    assert table.header == [["序号", "企业名称", "奖励类别", "奖励金额（万元）"]]
    assert table.raw_rows == []
    assert table.rows == [r for _, rows in truth["groups"] for r in rows]
    assert [label for _, label in table.groups] == [label for label, _ in truth["groups"]]
    assert len(table.checks) == checks and all(c["ok"] for c in table.checks)


@pytest.mark.parametrize("page_lines", [40, 23, 17, 11])
def test_every_layout_whatever_the_page_breaks(page_lines):
    """Page breaks (footer, running header, the table's header printed again) fall between
    other lines at each page length: between a row and its wrapped end, after a group label,
    after the first line of a header broken over two."""
    variants = [{}, {"serials": False}, {"glued": True}, {"label_form": "bare"},
                {"restart": False, "label_form": "bare_colon"}, {"label_form": "paren"},
                {"serials": False, "label_form": "bare"},
                {"serials": False, "label_form": "bare_colon"},
                {"serials": False, "label_form": "bare_paren"}]
    for kw in variants:
        items, truth = award_list(**kw)
        _, tables = _tables(items, page_lines=page_lines)
        assert len(tables) == 1, kw
        assert tables[0].raw_rows == [], kw
        assert tables[0].rows == [r for _, rows in truth["groups"] for r in rows], kw
        assert len(tables[0].groups) == 10, kw
        assert all(c["ok"] for c in tables[0].checks), kw
    for standalone in (True, False):
        items, rows, _ = spanning_list(standalone, wrapped=True)
        (table,) = _tables(items, page_lines=page_lines)[1]
        assert table.rows == rows and all(c["ok"] for c in table.checks)
    items, rows, groups = heritage_list()
    (table,) = _tables(items, page_lines=page_lines)[1]
    assert table.rows == rows and table.groups == groups
    for spaced in (True, False):
        items, rows = task_table(spaced)
        (table,) = _tables(items, page_lines=page_lines)[1]
        assert table.header == [["序号", "重点任务", "主要内容", "责任单位", "完成时限"]]
        assert table.structured and len(table.rows) == len(rows)


@pytest.mark.parametrize("standalone", [True, False])
def test_label_printed_at_the_top_of_the_rows_it_spans(standalone):
    """A label cell aligned to the top of its rows (``高新技术企业`` / ``（首次认定`` / ``95 家）``
    from row 1 on) covers the rows down to the next label, not as many above it as below
    (rows 2 … 95 were given the second label)."""
    items, rows, total = spanning_list(standalone, top=True)
    _, (table,) = _tables(items)
    assert table.rows == rows
    assert all(c["ok"] for c in table.checks) and len(table.checks) == 4


def test_nested_groups_are_checked_at_their_level():
    """一、民间文学（6 项） over （一）新增项目（4 项） and （二）扩展项目（2 项）: the category's count
    covers both sub-groups (it was compared with the rows before its first sub-group)."""
    items, rows, groups = heritage_list(nested=True)
    _, (table,) = _tables(items)
    assert table.rows == rows and table.groups == groups
    assert len(table.checks) == 31 and all(c["ok"] for c in table.checks)
    assert table.checks[0] == {"label": "民间文学", "stated": 6, "counted": 6, "unit": "项",
                               "ok": True}


def test_people_list_set_in_a_narrow_column():
    """Rows of a 姓名 性别 工作单位 职务 list set as text 40 columns wide wrap (``欧阳晓峰 男 …
    总`` / ``工程师``): a short line without 男 or 女 ends the row above (it was a row of its own:
    列出 11 名，文中称 10 名)."""
    items, rows = people_list(width=40)
    assert any(getattr(it, "text", "") == "工程师" for it in items)
    _, (table,) = _tables(items)
    assert table.rows == rows
    assert table.checks == [{"label": "全表", "stated": 10, "counted": 10, "unit": "名",
                             "ok": True}]
