"""Responsibility conventions of other issuers (issue 11, point 8) and periods as deadlines.

Fixtures are gazette text in the layout of the shared corpus (wrapped paragraphs, running
headers, page footers), parsed by the importer as a user's file would be; the State Council
samples in ../shared/corpus/state-council are read when present.
"""

from __future__ import annotations

import re

import pytest

from core.extract.deadlines import find_deadline, parse_deadline
from core.extract.units import default_aliases, looks_like_unit
from core.importer import parse_text
from tests.conftest import CORPUS_DIR
from tests.fixtures.gazettes import L, P, render

STATE_COUNCIL_ISSUE = [
    L("国务院办公厅关于进一步做好稳就业工作的意见"),
    L("国办发〔2024〕9 号"),
    L("各省、自治区、直辖市人民政府，国务院各部委、各直属机构："),
    P("为进一步做好稳就业工作，经国务院同意，现提出以下意见。"),
    L("一、加大政策支持力度"),
    P("（一）加大就业补贴力度。对吸纳高校毕业生就业的中小微企业给予一次性扩岗补助。"
      "（人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）"),
    P("（二）拓宽高校毕业生就业渠道。扩大基层服务项目招募规模。"
      "（教育部、人力资源社会保障部、共青团中央负责）"),
    P("（三）支持民营企业稳岗扩岗。落实减税降费政策，支持民营企业吸纳就业。"
      "（全国工商联、国家发展改革委、人力资源社会保障部等和各省级人民政府负责）"),
    L("二、提升就业能力"),
    P("（四）加强技能培训。推行职业技能等级认定（技工院校内由人力资源社会保障行政部门负责），"
      "完善技能人才评价体系。"),
    P("（五）强化组织实施。各地区要把稳就业摆在突出位置，层层压实责任。（各省级人民政府负责）"),
    L("国务院办公厅"),
    L("2024 年 3 月 1 日"),
    L("（此件公开发布）"),
    L("国务院关于实施跨境贸易便利化措施的通知"),
    L("国发〔2024〕5 号"),
    L("各省、自治区、直辖市人民政府，国务院各部委、各直属机构："),
    P("为进一步优化口岸营商环境，现就有关事项通知如下。"),
    L("一、优化通关流程"),
    P("（一）推行“提前申报”。鼓励企业在货物运抵前申报。"
      "（税务总局、财政部、海关总署负责，排在第一位的部门为牵头部门，下同）"),
    P("（二）压缩进出口环节费用。清理规范口岸收费。（海关总署、交通运输部、市场监管总局负责）"),
    P("（三）开展专项行动。2024 年 3 月至 6 月开展跨境贸易便利化专项行动。（商务部、海关总署负责）"),
    L("国务院"),
    L("2024 年 3 月 8 日"),
    L("（此件公开发布）"),
]

CITY_ISSUE = [
    L(" 临城市人民政府办公室 "),
    L("关于印发临城市营商环境优化行动方案的通知"),
    L("临政办〔2024〕12 号"),
    L("各区、县级市人民政府，市政府各部门："),
    P("《临城市营商环境优化行动方案》已经市政府同意，现印发给你们，请认真贯彻执行。"),
    L("临城市人民政府办公室"),
    L("2024 年 4 月 2 日"),
    L("临城市营商环境优化行动方案"),
    L("一、重点任务"),
    P("（1）产业布局：优先布局新一代信息技术、高端装备等产业集群。"),
    P("以下任务均需各县〔市、区〕政府〔管委会〕落实，不再一一列出。"),
    P("1．推进企业开办便利化。实现企业开办全程网办。（市市场监督管理局、各有关区、县级市负责）"),
    P("2．优化外资服务。建立外资企业服务专员制度。（市商务局牵头，各区、县级市配合）"),
    P("3．落实惠企政策。推动惠企政策免申即享。（市财政局、市税务局负责）"),
    P("4．建立领导小组。市政府办公室牵头，市发展改革委、市教育局、市财政局、市商务局、"
      "市市场监督管理局为成员单位。"),
]


def _parse(items, header):
    text = render(items, header=header, page_lines=20)
    return parse_text(text, source_name="fixture.txt", sha256="1" * 64)


@pytest.fixture(scope="module")
def state_council():
    parsed = _parse(STATE_COUNCIL_ISSUE, "国务院公报 2024 年第 8 号")
    assert len(parsed.documents) == 2
    return parsed


@pytest.fixture(scope="module")
def city():
    return _parse(CITY_ISSUE, "临城市人民政府公报 2024 年第 4 期")


def _by_text(parsed, words):
    found = [t for t in parsed.tasks if words in t.text]
    assert len(found) == 1, (words, [t.text for t in parsed.tasks])
    return found[0]


def test_first_unit_leads_for_this_task_and_the_later_ones(state_council):
    first = _by_text(state_council, "一次性扩岗补助")
    assert first.lead == ["人力资源社会保障部"] and first.support == ["财政部"]
    second = _by_text(state_council, "基层服务项目")
    assert second.lead == ["教育部"]
    assert second.support == ["人力资源社会保障部", "共青团中央"]
    last = _by_text(state_council, "层层压实责任")
    assert last.lead == ["各省级人民政府"] and last.units == ["各省级人民政府"]


def test_etc_and_splits_and_provincial_governments_are_units(state_council):
    task = _by_text(state_council, "支持民营企业吸纳就业")
    assert task.units == ["全国工商联", "国家发展改革委", "人力资源社会保障部", "各省级人民政府"]
    assert task.lead == ["全国工商联"]
    assert task.confidence == 1.0


def test_a_duty_in_passing_is_not_a_task(state_council):
    assert not [t for t in state_council.tasks if "技能等级认定" in t.text]
    assert all("技工院校" not in u for t in state_council.tasks for u in t.units)


def test_the_rider_of_one_document_does_not_reach_the_next(state_council):
    docs = [d.id for d in state_council.documents]
    first = _by_text(state_council, "提前申报")
    assert first.doc_id == docs[1]
    assert first.lead == ["税务总局"] and first.support == ["财政部", "海关总署"]
    fees = _by_text(state_council, "口岸收费")
    assert fees.lead == ["海关总署"]
    action = _by_text(state_council, "专项行动")
    assert action.lead == ["商务部"]
    assert (action.deadline_text, action.deadline) == ("2024 年 3 月至 6 月", "2024-06-30")


def test_city_conventions(city):
    units = {u for t in city.tasks for u in t.units}
    assert "产业布局" not in units
    assert not any("以下" in u or "均需" in u for u in units)
    opening = _by_text(city, "企业开办")
    # the note's counties carry out every task after it (以下任务均需……落实): with the
    # units each task names, as support where a unit leads
    county = "各县〔市、区〕政府〔管委会〕"
    assert opening.units == ["市市场监督管理局", "各有关区、县级市", county]
    assert opening.note == "以下任务均需各县〔市、区〕政府〔管委会〕落实，不再一一列出。"
    foreign = _by_text(city, "外资企业服务专员")
    assert foreign.lead == ["市商务局"] and foreign.support == ["各区、县级市", county]
    policy = _by_text(city, "免申即享")
    assert policy.lead == [] and policy.units == ["市财政局", "市税务局", county]
    group = _by_text(city, "成员单位")
    assert group.lead == ["市政府办公室"]
    assert group.support == ["市发展改革委", "市教育局", "市财政局", "市商务局", "市市场监督管理局",
                             county]


@pytest.mark.parametrize("content", [
    "人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同",
    "税务总局、财政部、海关总署负责，排在第一位的部门为牵头部门，下同",
])
def test_riders_are_read_from_the_bracket(make_doc, content):
    from core.extract import extract_document

    text = f"（一）第一项任务。（{content}）\n（二）第二项任务。（教育部、科技部负责）"
    doc, blocks, sections = make_doc(text)
    _, tasks = extract_document(doc.id, blocks, sections, doc)
    assert [t.lead for t in tasks] == [[content.split("、")[0]], ["教育部"]]
    assert tasks[1].support == ["科技部"]


def test_a_rider_without_below_holds_for_its_task_only(make_doc):
    from core.extract import extract_document

    text = ("（一）第一项任务。（工业和信息化部、科技部负责。列第一位者为牵头单位）\n"
            "（二）第二项任务。（教育部、科技部负责）")
    doc, blocks, sections = make_doc(text)
    _, tasks = extract_document(doc.id, blocks, sections, doc)
    assert [t.lead for t in tasks] == [["工业和信息化部"], []]


@pytest.mark.parametrize(("printed", "units"), [
    ("全国工商联、国家发展改革委等和各省级人民政府", ["全国工商联", "国家发展改革委", "各省级人民政府"]),
    ("市发展改革委、各有关区、县级市", ["市发展改革委", "各有关区、县级市"]),
    ("各区、县级市政府", ["各区、县级市政府"]),
    ("各区、市财政局", ["各区", "市财政局"]),
    ("财政部及各省级人民政府", ["财政部", "各省级人民政府"]),
    ("市场监管总局和工业和信息化部", ["市场监管总局", "工业和信息化部"]),
])
def test_lists_of_other_issuers(printed, units):
    assert default_aliases().split(printed) == units


@pytest.mark.parametrize("name", ["产业布局", "工作部署", "服务平台", "以下任务均需各县〔市、区〕政府〔管委会〕",
                                  "技工院校内由人力资源社会保障行政部门", "以下均需试点城市政府"])
def test_words_and_fragments_are_not_units(name):
    assert not looks_like_unit(name)


@pytest.mark.parametrize("name", ["市财政局", "国家安全部", "中国人民银行", "北京冬奥组委", "各省级人民政府",
                                  "各有关区、县级市", "各省（区、市）", "自由贸易试验区管委会", "供销合作总社",
                                  "国际发展合作署", "空管委办公室", "全国工商联", "市人民代表大会"])
def test_names_of_units(name):
    assert looks_like_unit(name)


@pytest.mark.parametrize(("text", "phrase", "iso"), [
    ("对购置日期在 2023 年 1 月 1 日至2023 年 12 月 31 日期间内的新能源汽车免征车辆购置税。",
     "2023 年 1 月 1 日至2023 年 12 月 31 日", "2023-12-31"),
    ("自 2022 年 1 月 1 日起至 2024 年12 月 31 日，对小型微利企业减半征收。",
     "2022 年 1 月 1 日起至 2024 年12 月 31 日", "2024-12-31"),
    ("2023 年 3—6 月开展专项整治。", "2023 年 3—6 月", "2023-06-30"),
    ("2023—2025 年持续开展。", "2023—2025 年", "2025-12-31"),
    ("2023年6月1日—30日集中攻坚。", "2023年6月1日—30日", "2023-06-30"),
    ("2023年3月至2024年6月底完成改造。", "2023年3月至2024年6月底", "2024-06-30"),
    ("2016年至2020年年均增长9.1%。", "", None),
    ("落实《许昌市国土空间总体规划（2021—2035 年）》，2023 年底前完成。", "2023 年底前", "2023-12-31"),
    ("编制乡村振兴规划（2023—2025 年）。", "", None),
])
def test_periods_are_deadlines_that_stand_for_their_end(text, phrase, iso):
    found = find_deadline(text)
    assert found == phrase
    assert parse_deadline(found, 2023) == iso if found else iso is None


def test_a_period_in_a_deadline_label(make_doc):
    from core.extract import extract_document

    text = "1．开展专项整治。（责任单位：市商务局；完成时限：2023 年 3 月—6 月）"
    doc, blocks, sections = make_doc(text)
    [task] = extract_document(doc.id, blocks, sections, doc)[1]
    assert (task.deadline_text, task.deadline) == ("2023 年 3 月—6 月", "2023-06-30")


# --- the State Council samples (skipped without ../shared/corpus) -----------------------------

SC_DIR = CORPUS_DIR / "state-council"
# A responsibility note ends with one of these (…负责）, …指导）, …不再列出）) or is labelled.
_NOTE_END = re.compile(r"(?:指导|负责|参与|列出|下同)[）)]|负责部门：")


def _sample(name):
    path = SC_DIR / f"{name}.txt"
    if not path.is_file():
        pytest.skip(f"{path.name} is absent")
    text = path.read_text(encoding="utf-8")
    return text, parse_text(text, source_name=path.name, sha256=name.encode().hex()[:64])


@pytest.mark.parametrize("name", ["国办发-2018-117", "国办发-2018-121", "国办发-2018-128",
                                  "国发-2018-38", "国发-2018-42"])
def test_every_note_of_a_sample_is_a_task(name):
    text, parsed = _sample(name)
    assert len(parsed.tasks) == len(_NOTE_END.findall(text))
    units = [u for t in parsed.tasks for u in t.units]
    assert all(looks_like_unit(u) or default_aliases().is_known(u) for u in units)
    assert not any(w in u for u in units for w in ("会同", "以下", "适用范围", "自贸试验区", "均需"))


def test_sample_with_the_first_unit_rider():
    _, parsed = _sample("国发-2018-42")
    assert all(t.lead for t in parsed.tasks)
    first = parsed.tasks[0]
    assert first.lead == ["工业和信息化部"]
    assert first.support == ["发展改革委", "科技部", "农业农村部"]
    provinces = [t for t in parsed.tasks if t.units == ["各省级人民政府"]]
    assert len(provinces) == 1 and provinces[0].lead == ["各省级人民政府"]


def test_sample_with_guidance_participation_and_a_note():
    _, parsed = _sample("国办发-2018-128")
    first = parsed.tasks[0]
    assert first.lead == ["生态环境部"]
    assert first.support == ["国家发展改革委", "工业和信息化部", "住房城乡建设部", "农业农村部",
                             "国家统计局"]
    note = "以下均需试点城市政府落实，不再列出"
    assert [t.note for t in parsed.tasks[:3]] == ["", "", note]
    assert all(t.note == note for t in parsed.tasks[2:])
    assert "试点城市政府" in parsed.tasks[1].units


def test_sample_with_together_with():
    _, parsed = _sample("国办发-2018-117")
    together = [t for t in parsed.tasks if t.lead]
    assert [t.lead for t in together] == [["国家发展改革委"], ["国家发展改革委"],
                                          ["国家发展改革委", "财政部"], ["教育部"]]
    assert [t.units for t in parsed.tasks[:2]] == [["市场监管总局"], ["商务部"]]


def test_sample_with_responsible_department_labels():
    _, parsed = _sample("国发-2018-38")
    assert parsed.tasks[0].units == ["人力资源社会保障部", "住房城乡建设部", "商务部"]
    fujian = [t for t in parsed.tasks if t.units == ["银保监会", "证监会"]]
    assert len(fujian) == 1


def test_periods_in_the_sample_issue(corpus_parsed):
    """The policy periods of the sample issue's 免申即享 list fill the 时限 column."""
    periods = [t for t in corpus_parsed.tasks if "至" in find_deadline(t.text)]
    assert periods
    assert all(t.deadline_text == find_deadline(t.text) and t.deadline for t in periods)
