"""Unit lists, canonical names through the alias file, and deadlines."""

from __future__ import annotations

import pytest

from core.extract.deadlines import find_deadline, parse_deadline
from core.extract.units import UnitAliases, default_aliases, looks_like_unit


@pytest.mark.parametrize(("printed", "units"), [
    ("市商务局、市财政局", ["市商务局", "市财政局"]),
    ("市文化广电和旅游局", ["市文化广电和旅游局"]),
    ("市人力资源和社会保障局和市财政局", ["市人力资源和社会保障局", "市财政局"]),
    ("市发展和改革委员会及市自然资源和规划局", ["市发展和改革委员会", "市自然资源和规划局"]),
    ("市住房和城乡建设局，各县（市、区）政府按职责抓好落实",
     ["市住房和城乡建设局", "各县（市、区）政府"]),
    ("郑州市商务局；郑州市财政局", ["郑州市商务局", "郑州市财政局"]),
    ("区城市管理局和区市场监督管理局", ["区城市管理局", "区市场监督管理局"]),
    ("市卫生健康委员会、市政府研究室、许昌军分区保障处",
     ["市卫生健康委员会", "市政府研究室", "许昌军分区保障处"]),
])
def test_split_units(printed, units):
    assert default_aliases().split(printed) == units


@pytest.mark.parametrize(("printed", "canonical"), [
    ("国家税务总局许昌市税务局", "市税务局"),
    ("国家税务总局郑州市税务局", "市税务局"),
    ("许昌市财政局", "市财政局"),
    ("洛阳市财政局", "市财政局"),
    ("市发改委", "市发展和改革委员会"),
    ("中共许昌市委宣传部", "市委宣传部"),
    ("市市场监督管理局", "市市场监督管理局"),
    ("市城市管理局", "市城市管理局"),
    ("县财政局", "县财政局"),
])
def test_canonical_names(printed, canonical):
    assert default_aliases().canonical(printed) == canonical


def test_alias_file_is_editable_without_code():
    table = UnitAliases.parse("# 注释\n市大数据局 = 市政务服务和大数据管理局 | *市数据局\n")
    assert table.canonical("市政务服务和大数据管理局") == "市大数据局"
    assert table.canonical("开封市数据局") == "市大数据局"
    assert table.is_known("市大数据局")


def test_looks_like_unit():
    assert looks_like_unit("市委网信办")
    assert looks_like_unit("各县（市、区）政府")
    assert not looks_like_unit("负责组织指导媒体的宣传报道")
    assert not looks_like_unit("2023 年底前")
    # a government's research and counsellors' offices (市政府研究室 was dropped from a
    # working group's units: 室 ended no unit)
    assert looks_like_unit("市政府研究室")
    assert looks_like_unit("市委政研室")
    assert looks_like_unit("省政府参事室")
    assert not looks_like_unit("会议室")


@pytest.mark.parametrize(("printed", "iso"), [
    ("2023 年 6 月底前", "2023-06-30"),
    ("2023年12月底前", "2023-12-31"),
    ("2023 年 12 月 20 日前", "2023-12-20"),
    ("2023 年底前", "2023-12-31"),
    ("2023 年年底前", "2023-12-31"),
    ("2024 年上半年", "2024-06-30"),
    ("2024 年第一季度", "2024-03-31"),
    ("2024 年 2 月底前", "2024-02-29"),
    ("6 月底前", "2023-06-30"),
    ("长期坚持", None),
    ("持续推进", None),
    ("2023 年 13 月", None),
])
def test_parse_deadline(printed, iso):
    assert parse_deadline(printed, default_year=2023) == iso


def test_find_deadline_in_sentence():
    assert find_deadline("力争 2023 年 6 月底前完成排查。") == "2023 年 6 月底前"
    assert find_deadline("到 2025 年，产业规模达到 1500 亿元。") == ""


def test_recurring_deadline_has_no_date():
    phrase = find_deadline("各有关部门在每年 1 月底前报送上年度工作进展。")
    assert phrase == "每年1 月底前"
    assert parse_deadline(phrase, 2023) is None
