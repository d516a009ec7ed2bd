"""The named steps of reading a flattened table (core.extract.tables, grid, checks)."""

from __future__ import annotations

from core.extract import tables as T
from core.extract.checks import check_message, label_name, stated_amounts, stated_counts
from core.extract.grid import (
    CODE,
    NUMBER,
    PHONE,
    SERIAL,
    SEX,
    TEXT,
    column_kinds,
    columns_for,
    split_row,
    to_number,
    tokenize,
)
from tests.extract.conftest import build_doc


def _blocks(text: str):
    return build_doc(text)[1]


def test_column_kinds_from_the_header():
    assert column_kinds(["序号", "项目编号", "项目名称", "申报地区或单位"]) == [SERIAL, CODE, TEXT, TEXT]
    assert column_kinds(["姓名", "性别", "工作单位", "职务"]) == [TEXT, SEX, TEXT, TEXT]
    assert column_kinds(["序号", "企业名称", "奖励金额（万元）", "咨询电话"]) == [
        SERIAL, TEXT, NUMBER, PHONE]


def test_tokens_remember_wraps():
    assert tokenize(["1 某某 2023 年 9 月", "公司"]) == (
        ["1", "某某", "2023年9月", "公司"], [" ", " ", "\n"])


def test_split_row_by_what_columns_hold():
    cols = columns_for(["序号", "项目编号", "项目名称", "申报地区或单位"])
    assert split_row(*tokenize(["1 Ⅰ－26 大禹 治水传说 禹州市"]), cols) is None   # two ways
    assert split_row(*tokenize(["1 Ⅰ－26 大禹治水传说 禹州市"]), cols) == [
        "1", "Ⅰ－26", "大禹治水传说", "禹州市"]
    people = columns_for(["姓名", "性别", "工作单位", "职务"])
    assert split_row(*tokenize(["李 浩 男 临城市财政局 科长"]), people) == [
        "李浩", "男", "临城市财政局", "科长"]
    money = columns_for(["序号", "企业名称", "奖励金额（万元）"])
    assert split_row(*tokenize(["3 许昌某某有限公司 二十"]), money) is None   # not an amount


def test_numbers_for_export():
    assert to_number("1,200") == 1200 and to_number("2.5") == 2.5
    assert to_number("012") is None and to_number("—") is None and to_number("30%") is None


def test_header_rows_stop_at_row_one_and_at_a_group_label():
    blocks = _blocks("序号 奖励项目 企业名称 奖励金额（万元）\n一、魏都区，共 2 家企业\n"
                     "1 新认定 许昌甲有限公司 10\n2 新认定 许昌乙有限公司 20")
    header, j = T._header_rows(blocks, 0)
    assert [b.text for b in header] == ["序号 奖励项目 企业名称 奖励金额（万元）"] and j == 1


def test_collect_rows_restarts_numbering_and_skips_repeated_headers():
    blocks = _blocks("序号 名称 地区\n1 甲传说 禹州市\n2 乙传说 长葛市\n二、传统音乐（1 项）\n"
                     "序号 名称 地区\n1 丙唢呐 鄢陵县\n")
    header = T._header_cells(["序号 名称 地区"])
    run = T._collect_rows(blocks, 1, blocks[:1], header, True)
    assert [[b.text for b in r] for r in run.rows] == [["1 甲传说 禹州市"], ["2 乙传说 长葛市"],
                                                       ["1 丙唢呐 鄢陵县"]]
    assert run.groups == [(2, "二、传统音乐（1 项）")]
    assert [b.text for b in run.other_blocks] == ["序号 名称 地区"]


def test_spans_reach_as_far_below_their_label_as_above():
    # Label A printed on rows 2–4 of 0..6 (centre 3); label B on rows 9–11, to the end.
    pieces = [(2, "甲类", None), (3, "（认定", None), (4, "7 家）", None),
              (9, "乙类", None), (10, "（3", None), (11, "家）", None)]
    assert T._spans(pieces, 12) == [(0, 7, "甲类（认定7 家）"), (7, 12, "乙类（3家）")]


def test_wrapped_end_of_a_name_goes_to_the_unfinished_cell():
    cols = columns_for(["序号", "奖励项目", "企业名称", "奖励金额（万元）"])
    header = ["序号", "奖励项目", "企业名称", "奖励金额（万元）"]
    assert T._split_lines(["8 技术中心 许昌某某电子科技有限 20", "公司"], cols, header) == [
        "8", "技术中心", "许昌某某电子科技有限公司", "20"]


def test_box_items_cut_after_a_full_stop():
    assert T.box_items("甲：一。乙丙：二。") == ["甲：一。", "乙丙：二。"]
    assert T.box_items("1.甲。一。2.乙。二。") == ["1.甲。一。", "2.乙。二。"]
    assert T.box_items("强化耕地利用管控。将粮田按永久基本农田管理。") == [
        "强化耕地利用管控。将粮田按永久基本农田管理。"]


def test_list_cells_group_by_group():
    cells = [["甲局"], ["乙局"], ["王明", "甲局科员"], ["赵", "强", "乙局"], ["刘芳", "乙局科员"]]
    assert T._list_cells(cells, [0, 2]) == [["甲局"], ["乙局"], ["王明", "甲局科员"], None,
                                           ["刘芳", "乙局科员"]]


def test_stated_totals():
    text = "一、禹州市，共 22 家企业，奖励资金共 530 万元。"
    assert stated_counts(text) == [(22, "家")] and stated_amounts(text) == [(530, "万元")]
    assert stated_counts("二、传统美术（6 项）") == [(6, "项")]
    assert stated_counts("高新技术企业（首次认定 102 家）") == [(102, "家")]
    assert stated_amounts("（共计 2328 万元）") == [(2328, "万元")]
    assert stated_counts("2023 年度工作计划") == []
    assert label_name(text) == "禹州市" and label_name("二、传统美术（6 项）") == "传统美术"
    assert check_message({"label": "禹州市", "stated": 22, "counted": 21, "unit": "家",
                          "ok": False}) == "禹州市：列出 21 家，文中称 22 家"
