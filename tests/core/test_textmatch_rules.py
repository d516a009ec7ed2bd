"""The comparisons of core/textmatch: each rule, and the spans mapped back to the text."""

from core.extract.deadlines import parse_deadline
from core.extract.units import fold
from core.textmatch import dense, find_in_text, fold_dense, fold_width, normalize, offset_map


def test_each_rule_ignores_what_it_says():
    text = "许政〔２０２３〕14 号\u3000（Ａ类）"
    assert dense(text) == "许政〔２０２３〕14号（Ａ类）"
    assert fold_width(text) == "许政〔2023〕14 号 (A类)"
    assert fold_dense(text) == "许政〔2023〕14号(A类)"
    assert normalize(text) == "许政〔2023〕14号(a类)"
    assert dense("二、（一） 3．", drop="、．（）") == "二一3"
    assert fold("市发展和改革委员会 (市粮食局)") == "市发展和改革委员会（市粮食局）"


def test_spans_point_into_the_original_text():
    text = "新建 5G 基站\n2000 个"
    m = offset_map(text)
    assert [text[i] for i in m] == list(dense(text))
    [(s, e)] = find_in_text(text, "基站2000")
    assert text[s:e] == "基站\n2000"


def test_deadlines_read_full_width_and_spaced_dates():
    assert parse_deadline("２０２４年 6 月底前") == parse_deadline("2024年6月底前") == "2024-06-30"


def test_short_title_keeps_the_subject_of_a_title():
    from core.textutil import short_title

    assert short_title("关于印发临城市数字经济发展规划的通知") == "临城市数字经济发展规划"
    assert short_title("临城市人民政府关于公布第一批专精特新企业名单的通知") == "第一批专精特新企业名单"
    assert short_title("国务院关于修改和废止部分行政法规的决定") == "修改和废止部分行政法规"
    assert short_title("临城市人民政府令") == "临城市人民政府令"
    assert short_title("2023年临城市国民经济和社会发展统计公报") == "2023年临城市国民经…"
    assert short_title("关于的通知") == "关于的通知"       # nothing left: the title as it is
    assert len(short_title("关于" + "很长的主题" * 10 + "的意见")) == 12
