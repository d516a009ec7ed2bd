"""Gazette list layouts read end to end (parse + extraction): award lists in county groups,
a 名录 with codes and groups, a 姓名 性别 工作单位 职务 list, a policy list printed cell after
cell, a blank form, indicator tables under labels printed once (with and without serials)."""

from __future__ import annotations

import pytest

from core.importer import parse_text
from tests.fixtures.gazettes import render
from tests.fixtures.tables_gazette import (
    HERITAGE,
    PEOPLE,
    award_text,
    heritage_list,
    people_list,
)


def _parse(text: str):
    return parse_text(text, source_name="t.txt", sha256="a" * 64)


def _only_table(parsed):
    tables = [t for t in parsed.tables if t.header]
    assert len(tables) == 1, [t.caption for t in parsed.tables]
    return tables[0]


def test_award_list_in_county_groups():
    text, truth = award_text()
    parsed = _parse(text)
    table = _only_table(parsed)
    assert table.caption == f"附件 2023 年度工业企业奖励资金分配表 （共计 {8300} 万元）"
    assert table.header == [["序号", "奖励项目", "企业名称", "奖励金额（万元）"]]
    expected = [[s, p, c, str(a)] for _, rows in truth for s, p, c, a in rows]
    assert len(expected) == 302
    assert table.structured and table.raw_rows == []
    assert table.rows == expected
    starts = [0]
    for _, rows in truth[:-1]:
        starts.append(starts[-1] + len(rows))
    assert [g[0] for g in table.groups] == starts
    assert table.groups[2][1].startswith("三、禹州市，共 35 家企业")
    # Every check agrees: 9 groups × (count, amount) and the caption's total.
    assert len(table.checks) == 19 and all(c["ok"] for c in table.checks), table.checks
    total = sum(a for _, rows in truth for *_, a in rows)
    assert {"label": "全表", "stated": total, "counted": total, "unit": "万元",
            "ok": True} in table.checks


def test_award_rows_are_never_joined_in_the_reader():
    text, truth = award_text()
    parsed = _parse(text)
    table = _only_table(parsed)
    blocks = {b.id: b for b in parsed.blocks}
    row_blocks = [blocks[i] for i in table.block_ids]
    # Every block of the table holds at most one serial number at its start: no two rows in
    # one block, and no table line left outside the table as a paragraph.
    for b in row_blocks:
        assert b.kind == "table_row"
        assert "\n" not in b.text
    leftover = [b for b in parsed.blocks if b.doc_id == table.doc_id
                and b.kind in ("paragraph", "heading", "list_item")
                and b.ordinal > blocks[table.block_ids[0]].ordinal]
    assert leftover == []
    # Group labels are rows of the table, not headings that cut it in two.
    assert all(blocks[i].kind == "table_row" for i in table.block_ids)


def test_award_list_check_shows_a_missing_row():
    text, truth = award_text(missing_in=2)
    table = _only_table(_parse(text))
    bad = [c for c in table.checks if not c["ok"]]
    labels = {(c["label"], c["unit"]) for c in bad}
    assert ("禹州市", "家") in labels and ("全表", "万元") in labels
    count = next(c for c in bad if c["unit"] == "家")
    assert (count["stated"], count["counted"]) == (35, 34)


def test_heritage_directory_with_codes_and_groups():
    parsed = _parse(render(heritage_list(), header="临城市人民政府公报（2024 年第 3 期）"))
    table = _only_table(parsed)
    assert table.header == [["序号", "项目编号", "项目名称", "申报地区或单位"]]
    assert table.structured
    assert table.rows == [[str(i), code, name, place] for _, rows in HERITAGE
                          for i, (code, name, place) in enumerate(rows, start=1)]
    assert [g for _, g in table.groups] == ["一、民间文学（4 项）", "二、传统音乐（3 项）",
                                            "三、传统美术（6 项）"]
    assert [g for g, _ in table.groups] == [0, 4, 7]
    assert all(c["ok"] for c in table.checks) and len(table.checks) == 4
    assert table.checks[-1] == {"label": "全表", "stated": 13, "counted": 13, "unit": "项",
                                "ok": True}


def test_heritage_directory_stated_total_differs():
    parsed = _parse(render(heritage_list(stated_total=14)))
    table = _only_table(parsed)
    assert table.checks[-1]["ok"] is False and table.checks[-1]["counted"] == 13


def test_people_list_with_spaced_names():
    parsed = _parse(render(people_list()))
    table = _only_table(parsed)
    assert table.header == [["姓名", "性别", "工作单位", "职务"]]
    assert table.structured
    assert table.rows == [list(p) for p in PEOPLE]


def test_label_spanning_its_rows_printed_once_in_the_middle():
    from tests.fixtures.tables_gazette import spanning_list

    for standalone in (False, True):
        items, truth = spanning_list(standalone)
        table = _only_table(_parse(render(items)))
        assert table.header == [["类别", "序号", "企业名称", "奖励金额（万元）"]]
        assert table.structured, table.rows[:5]
        assert table.rows == truth
        assert all(c["ok"] for c in table.checks) and len(table.checks) == 4, table.checks


def test_reextraction_reads_the_same_tables():
    """``reextract`` reads the stored blocks, already labelled table_row / caption (group
    labels included): the tables come out the same."""
    from core.extract import extract_issue
    from tests.fixtures.tables_gazette import spanning_list

    texts = [award_text()[0], render(heritage_list()), render(people_list()),
             render(spanning_list()[0])]
    for text in texts:
        parsed = _parse(text)
        before = [(t.caption, t.header, t.rows, t.groups, t.checks, t.block_ids)
                  for t in parsed.tables]
        extract_issue(parsed)
        after = [(t.caption, t.header, t.rows, t.groups, t.checks, t.block_ids)
                 for t in parsed.tables]
        assert after == before


def test_award_list_with_subtotal_rows():
    text, truth = award_text(subtotals=True, missing_in=1)
    table = _only_table(_parse(text))
    assert table.structured
    totals = [r for r in table.rows if r[0] in ("小计", "合计")]
    assert len(totals) == 10 and totals[0] == ["小计", "", "", "610"]
    items = [r for r in table.rows if r[0] not in ("小计", "合计")]
    assert items == [[s, p, c, str(a)] for _, rows in truth for s, p, c, a in rows]
    bad = {(c["label"], c["unit"]) for c in table.checks if not c["ok"]}
    # 建安区 lost a row: its count, its stated amount, its 小计, the 合计 and the caption.
    assert bad == {("建安区", "家"), ("建安区", "万元"), ("建安区小计", "万元"),
                   ("合计", "万元"), ("全表", "万元")}
    ok = [c for c in table.checks if c["ok"]]
    assert ("魏都区小计", 610) in {(c["label"], c["stated"]) for c in ok}


def test_totals_stated_in_the_notice_are_checked():
    from tests.fixtures.gazettes import L, P

    rows = [("禹州市", "许昌远航（集团）机械有限公司", "12.5"), ("禹州市", "河南瑞丰 新材料 股份有限公司", "20"),
            ("长葛市", "长葛市众诚电气设备厂", "8"), ("鄢陵县", "鄢陵县花木合作社", "5.5")]
    items = [L(" 临城市人民政府 "), L("关于公布 2023 年度专精特新企业名单的通知"), L("临政〔2024〕21 号"),
             L("各县（市、区）人民政府，市人民政府各部门："),
             P("经研究，认定 4 家企业为 2023 年度市级专精特新企业，奖励资金共计 50 万元。"),
             L("临城市人民政府"), L("2024 年 6 月 1 日"), L(" 附件 "), L("2023 年度市级专精特新企业名单"),
             L("序号 县（市、区） 企业名称 奖励金额（万元）")]
    items += [L(f"{i} {a} {b} {c}") for i, (a, b, c) in enumerate(rows, 1)]
    table = _only_table(_parse(render(items)))
    assert table.rows[1] == ["2", "禹州市", "河南瑞丰新材料股份有限公司", "20"]
    assert table.checks == [
        {"label": "全表", "stated": 4, "counted": 4, "unit": "家", "ok": True},
        {"label": "全表", "stated": 50, "counted": 46, "unit": "万元", "ok": False}]


def test_rows_and_raw_rows_account_for_every_line_of_the_table():
    """Round trip: every line of a table's blocks is found, character for character, in its
    caption, header, group rows and cells (a repeated header in the header)."""
    from tests.fixtures.tables_gazette import (
        blank_form,
        labelled_indicators,
        labelled_lines_table,
        spanning_list,
        stacked_policy_list,
    )

    texts = [award_text(subtotals=True)[0], award_text(missing_in=3)[0],
             render(heritage_list()), render(people_list()), render(spanning_list(True)[0]),
             render(stacked_policy_list()[0]), render(blank_form()),
             render(labelled_indicators()[0]), render(labelled_lines_table()[0])]
    for text in texts:
        parsed = _parse(text)
        blocks = {b.id: b for b in parsed.blocks}
        for table in parsed.tables:
            shown = "".join(
                [table.caption] + [c for h in table.header for c in h]
                + [g for _, g in table.groups] + [c for r in table.rows for c in r])
            shown = "".join(shown.split())
            for bid in table.block_ids:
                for line in blocks[bid].text.split("\n"):
                    for piece in line.split():
                        assert piece in shown, (table.caption, piece)


def test_parser_keeps_table_rows_apart_and_prose_together():
    from core.clean import Line
    from core.parse import _starts_new

    def line(text: str) -> Line:
        return Line(text, 0, len(text), 1, 76)

    full = "对排查发现的问题，各县（市、区）要建立台账，明确整改措施和完成时限，在"
    # A row whose line reaches the margin never runs on into the next row or a wrapped end.
    assert _starts_new(line("6 新认定的高新技术企业 许昌恒达机械制造股份有限公司 20"),
                       line("7 智能化改造示范项目 许昌瑞丰电气有限公司 10"), 76, True)
    assert _starts_new(line("6 新认定的高新技术企业 许昌恒达机械制造股份有限 20"),
                       line("公司"), 76, True)
    # Prose that wraps before a number goes on.
    assert not _starts_new(line(full), line("15 天内完成整改，逾期未完成的 按规定处理"), 76, False)
    assert not _starts_new(line(full), line("30 万元以内的项目 可简化程序"), 76, False)


@pytest.mark.parametrize("broken_header", [False, True])
def test_rows_printed_cell_after_cell(broken_header):
    """A 惠企政策清单 whose rows are printed cell after cell (each cell's wrapped lines one under
    the other, neighbours sometimes sharing a line): every cell is put back together, the
    phone broken at the column's edge included, and the responsibility column feeds tasks.
    The header may itself be broken in its narrow columns (序 / 号 … 咨询 / 电话)."""
    from tests.fixtures.tables_gazette import stacked_policy_list

    items, truth = stacked_policy_list()
    text = render(items)
    if broken_header:
        text = text.replace("序号 事项内容 适用对象 类型 责任单位 办理依据 咨询电话 \n",
                            "序 \n\n号 事项内容 适用对象 类型 责任单位 办理依据 咨询 \n\n电话 \n")
        assert "咨询 \n\n电话" in text
    parsed = _parse(text)
    table = _only_table(parsed)
    assert table.caption == "附件 临城市惠企政策清单"
    assert table.header == [["序号", "事项内容", "适用对象", "类型", "责任单位", "办理依据", "咨询电话"]]
    assert table.raw_rows == [] and table.structured
    assert table.rows == truth
    tasks = [t for t in parsed.tasks if t.table_id == table.id]
    assert [t.units for t in tasks] == [r[4].split("、") for r in truth]
    assert ["临城市科学技术局", "临城市税务局"] in [t.units for t in tasks]
    assert [t.text for t in tasks] == [r[1] for r in truth]


def test_rows_printed_cell_after_cell_told_apart_by_width():
    """A 事项内容 cell without its sentence end is still told from the 适用对象 under it: its
    lines are as wide as its column (30), the next cell's as wide as a narrower one (22)."""
    from tests.fixtures.tables_gazette import stacked_policy_list

    items, truth = stacked_policy_list()
    text = render(items).replace("万元。", "万元", 1)     # row 1 loses its sentence end
    truth[0][1] = truth[0][1].replace("万元。", "万元", 1)
    table = _only_table(_parse(text))
    assert table.structured and table.rows == truth


def test_blank_form_with_a_header_wrapped_cell_after_cell():
    """A blank form: the header's words wrapped in narrow columns (企业名 / 称, 生产 / 地址 经度
    纬度 排放 / 方式) are put back into their 12 cells; with no rows, the form is its header."""
    from tests.fixtures.tables_gazette import FORM_HEADER, blank_form

    parsed = _parse(render(blank_form()))
    table = _only_table(parsed)
    assert table.caption == "附件 临城市重点排污单位排查表"
    assert table.header == [FORM_HEADER]
    assert table.rows == [] and table.structure == "full"
    notes = [b for b in parsed.blocks if b.text.startswith(("填表说明", "1.经纬度", "2.监管"))]
    assert notes and not any(b.id in table.block_ids for b in notes)


def test_indicator_table_under_labels_printed_once():
    """A 类别 label printed once in the middle of its rows, its pieces after a row's values
    (spaced or glued on a target in words), before a serial, or alone between rows: every row
    gets its label, no piece is left in a value cell, and the pieces' lines stay in the table."""
    from tests.fixtures.tables_gazette import labelled_indicators

    items, truth = labelled_indicators()
    parsed = _parse(render(items))
    table = _only_table(parsed)
    assert table.header == [["类别", "序号", "指标", "2023年基数", "2027年目标"]]
    assert table.structure == "full" and table.rows == truth
    alone = [b for b in parsed.blocks if b.text.strip() in ("创新", "驱动", "绿色", "生态")]
    assert len(alone) == 4 and all(b.id in table.block_ids for b in alone)


def test_indicator_row_as_near_to_two_labels_is_not_labelled_by_guess():
    """Pieces of 创新驱动 printed between rows 4 and 5 leave row 3 halfway between it and 经济发展
    (between rows 1 and 2): which label row 3 has cannot be read, so row 3 is kept whole and
    the table is partly structured; a row gets a label only when the two readings of the
    labels' extent (the rows nearest each label; runs of rows centred on each label in turn)
    agree, so some rows near the unclear one stay whole too, and none is labelled wrongly."""
    from tests.fixtures.tables_gazette import labelled_indicators

    items, truth = labelled_indicators()
    text = render(items).replace("\n创新 \n\n驱动 \n", "\n")
    text = text.replace("（件） 1.4 3", "（件） 1.4 3 创新").replace("\n5 数字", "\n驱动 5 数字")
    assert "3 创新" in text and "驱动 5" in text
    table = _only_table(_parse(text))
    assert table.structure == "partial" and 2 in table.raw_rows and len(table.raw_rows) <= 4
    assert table.rows[2] == ["3 研究与试验发展经费投入强度（%） 1.9 2.5"]
    assert all(table.rows[i] == truth[i] for i in range(len(truth)) if i not in table.raw_rows)


def test_indicator_lines_without_serials_under_labels():
    """One row a line, no serial numbers, a header one word a line, and a 一级指标 printed once
    in the middle of its rows: every row gets its label; ``单位 GDP …`` (a short first word
    with no label piece beside it) stays the row's text."""
    from tests.fixtures.tables_gazette import labelled_lines_table

    items, truth = labelled_lines_table()
    parsed = _parse(render(items))
    table = _only_table(parsed)
    assert table.caption == "表 1 临城市“十四五”经济社会发展主要指标"
    assert table.header == [["一级指标", "二级指标", "2023年基数", "2027年目标", "指标属性"]]
    assert table.structure == "full" and table.rows == truth
    note = next(b for b in parsed.blocks if b.text.startswith("注："))
    assert note.id not in table.block_ids


def test_indicator_lines_whose_labels_cannot_be_read_stay_whole():
    """Label pieces of unequal widths (``动`` beside ``创新``) cannot be a label column: the rows
    stay whole rather than a piece be read as one row's 一级指标."""
    from tests.fixtures.tables_gazette import labelled_lines_table

    items, truth = labelled_lines_table()
    text = render(items).replace("动能 研发", "动 研发")
    table = _only_table(_parse(text))
    assert table.structure == "raw" and len(table.raw_rows) == len(table.rows)
    assert not any(r[0] in ("动", "动能") for r in table.rows)
