"""Golden tables of the shared sample issue (../shared/corpus): every cell read by hand from
the text, for tables of different layouts. (The 立法计划 grid and the 社区服务 indicator table
are checked cell by cell in test_corpus_extract.py.) Skipped when the corpus is absent."""

from __future__ import annotations

import pytest


@pytest.fixture
def parsed(corpus_parsed):
    if len(corpus_parsed.documents) != 11:
        pytest.skip(f"the parser found {len(corpus_parsed.documents)} documents, not 11")
    return corpus_parsed


def _table(parsed, caption_words: str):
    found = [t for t in parsed.tables if caption_words in t.caption]
    assert len(found) == 1, caption_words
    return found[0]


def test_river_list_two_columns_without_serial(parsed):
    # A long row reaches the margin: it is never joined to the next row.
    t = _table(parsed, "全市主要河流清单")
    assert t.caption == "附件 1 全市主要河流清单"
    assert t.structure == "full" and t.header == [["流域", "主要河流"]]
    assert t.rows == [
        ["颍河", "颍河、秦北沟、梁北沟、禁沟、禹州护城河"],
        ["清潩河", "清潩河、小泥河、灞陵河、运粮河、护城河、饮马河、白马沟、康庙沟、石梁河、小洪河、西小洪河"],
        ["北汝河", "北汝河、吕梁江、肖河、柳河、洋湖渠"],
        ["清流河", "清流河、老潩河、许扶运河、引黄干渠"],
        ["吴公渠", "吴公渠、文化河、柳叶江"],
        ["双洎河", "双洎河、小梅河、金鱼河、梅河"],
        ["大浪沟", "大浪沟、汶河、二级河"]]
    blocks = {b.id: b for b in parsed.blocks}
    assert all(blocks[i].kind == "table_row" for i in t.block_ids)


def test_box_of_labelled_items_one_per_row(parsed):
    t = _table(parsed, "战略性新兴产业和未来产业发展主要目标")
    assert t.structure == "full" and t.header == []
    assert t.rows == [[x] for x in (
        "地区生产总值：2025年，年均增长6.5%。",
        "全员劳动生产率增长：2025年，年均增长5.5%。",
        "每万人口高价值发明专利拥有量：从2020年的1.4件增长到2025年的3件。",
        "研发经费投入增长：2025年，年均增长10%。",
        "战略性新兴产业和未来产业经济总量：2025年达到1500亿，2035年达到3500亿，成为推动全市"
        "经济高质量发展的重要引擎。",
        "战略性新兴产业规模：实现翻番，到2025年，增加值占规上工业比重达到50%左右。",
        "研发投入平均增速：达到21%左右，2025年研发投入强度达到2.6%。",
        "创新型企业数量：引领型企业20家左右、高新技术企业600家左右，备案科技型中小企业1000家"
        "左右。",
        "规上高新技术产业增加值：占规上工业增加值比重达到50%以上。",
        "研发平台数量：省级以上技术创新中心、重点实验室、企业技术中心、工程（技术）研究中心等"
        "突破300家。",
        "创新创业孵化平台数量：省级以上科技企业孵化器、众创空间、星创天地等达到40家。",
        "链式集群：15个现代化产业链，先导布局3个未来产业链，形成3个优势战略性新兴产业链，培育"
        "引进10个引领型企业，新增一批国家级、省级战略性新兴产业集群，培育5个具有国内竞争力的"
        "百亿级新兴产业集群。")]


def test_box_paragraph_holding_two_items_is_two_rows(parsed):
    t = _table(parsed, "“十三五”期间主要目标完成情况")
    assert t.rows[:4] == [["地区生产总值：年均增长7.1%，从2015年的2295.1亿元增长到2020年的3389.4亿元。"],
                          ["全社会固定资产投资：2016年至2020年年均增长9.1%。"],
                          ["每万人发明专利拥有量：从2015年的1.2件增长到2020年的5件。"],
                          ["科技进步贡献率：从2015年的60%增长到2020年的62%。"]]


def test_box_of_county_items(parsed):
    t = _table(parsed, "许昌市汉魏三国文化遗址遗存")
    assert t.rows == [[x] for x in (
        "魏都区：八柏冢、王允墓、晁错墓、运粮河、德星亭、魏文帝庙、董妃墓（尚冢村汉墓）、高庙遗址。",
        "建安区：汉魏许都故城、伏皇后墓、华佗墓、愍帝陵、郄虑墓、马腾墓、蔡孝子碑、张公祠、"
        "夏侯渊墓、射鹿台遗址、贾诩墓、徐庶母墓、毛玠墓、伏完墓、徐晃墓、王霸墓、赤眉城、"
        "赵堂城址、岗黄墓群、周店关帝庙。",
        "禹州市：坡街关王庙大殿、义勇武安王大殿、昆仑寺壁画（含大殿等建筑）、梁北关帝庙、张良洞、"
        "黄香墓、汉墓群、关帝庙、丁庄村汉墓群。",
        "长葛市：钟繇洗砚池、陈实墓、张湾汉墓（张辽墓）、钟繇墓(钟会墓)、槐树陈汉墓群、王买关帝庙。",
        "鄢陵县：三里侯冢遗址、议事台遗址、袁堂汉井、漆井村陈文范先生祠遗址、大马汉墓、望田墓群、"
        "议台村议台造像碑。",
        "襄城县：五虎殿、四侯塚之东二塚、叶岗汉墓群、七里店汉墓群、令武山汉墓群、胡岗汉墓群、"
        "井庄汉墓群。")]


def test_name_list_in_two_groups_checked_against_its_counts(parsed):
    t = _table(parsed, "先进集体、先进个人名单")
    assert t.structure == "full" and t.row_count == 195
    assert t.groups == [(0, "一、先进集体（共 50 个）"), (50, "二、先进个人（共 145 人）")]
    assert t.checks == [
        {"label": "先进集体", "stated": 50, "counted": 50, "unit": "个", "ok": True},
        {"label": "先进个人", "stated": 145, "counted": 145, "unit": "人", "ok": True}]
    # Units, one per line; then a name and a unit with the post. Names spaced out as printed
    # (李 浩) are closed up.
    assert t.rows[:3] == [["中共许昌市委宣传部", ""], ["许昌市总工会", ""], ["许昌市科学技术协会", ""]]
    assert t.rows[49] == ["许昌市东城区文化旅游和体育局", ""]
    assert t.rows[50:54] == [["魏晨宇", "许昌市人民政府办公室综合科副科长"],
                             ["李召峰", "许昌市人民政府办公室四科科员"],
                             ["沈俊辉", "中共许昌市委组织部考核工作科科长"],
                             ["李浩", "中共许昌市委宣传部文艺科科长"]]
    assert all(0 < len(r[0]) <= 4 and r[1] for r in t.rows[50:])


def test_box_of_numbered_items(parsed):
    t = _table(parsed, "城乡社区服务设施补短板工程")
    assert t.caption == "专栏 4 城乡社区服务设施补短板工程"
    assert t.structure == "full" and t.rows == [
        ["1.加强村级综合服务设施建设。坚持农业农村优先发展，结合实施乡村建设行动，统筹利用现有"
         "资金渠道，整合利用村级组织活动场所等现有设施和场地，加快补齐农村社区综合服务设施短板，"
         "提升农村基础设施和公共服务水平。"],
        ["2.完善城镇老旧小区社区服务设施。完善城市宜居宜业功能，因地制宜补齐城镇老旧小区服务设施"
         "短板，提升设施综合利用和社区服务水平。"]]


def test_tab_separated_tables_of_a_state_council_reply():
    """A source that separates cells by tabs: cells are taken as printed; a table whose rows
    hold a column its header does not name keeps its rows whole; each titled table is its
    own table, and the note under a table is not a row."""
    from tests.conftest import CORPUS_DIR

    path = CORPUS_DIR / "state-council" / "国函-2006-132.txt"
    if not path.exists():
        pytest.skip("the State Council samples are absent")
    from core.importer import parse_file

    parsed = parse_file(path)
    first = parsed.tables[0]
    assert first.caption == "查验区界址点坐标" and first.structure == "full"
    assert first.header == [["坐标编号", "X坐标", "Y坐标", "说明"]]
    assert first.rows[:2] == [["1", "15172.500", "103655.000", ""],
                              ["2", "14829.000", "103655.000", ""]]
    assert first.rows[-1] == ["23", "15172.500", "103330.000", ""]
    ramps = [t for t in parsed.tables if "匝道桥" in t.caption]
    assert [t.caption[0] for t in ramps] == ["A", "B", "C", "D", "E"]
    a = ramps[0]
    assert a.header == [["坐标编号", "行车方向左侧挢面边缘线（X）", "行车方向左侧挢面边缘线（Y）",
                         "行车方向右侧桥面边缘线（X）", "行车方向右侧桥面边缘线（Y）", "说明"]]
    assert a.raw_rows == list(range(8)) and a.rows[0][0].startswith("A1\t13725.5845")
