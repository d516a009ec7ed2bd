from core.clean import clean_source, estimate_full_width
from core.textutil import display_width, join_wrapped, parse_date, squeeze_cjk_spaces


def test_headers_and_footers_are_removed_anywhere_and_pages_recorded():
    text = ("第一行正文，句子在这里被\n\n江州市人民政府公报（2024 年第 2 期） \n \n - 18 -\n\n"
            "分页打断了。\n\n另一段。\n\n - 19 -\n\n下一页的内容。\n")
    c = clean_source(text)
    assert [ln.text for ln in c.lines] == ["第一行正文，句子在这里被", "分页打断了。", "另一段。",
                                           "下一页的内容。"]
    assert (c.gazette, c.year, c.number) == ("江州市人民政府公报", 2024, 2)
    assert c.pages_seen == [18, 19]
    assert c.noise_removed == 3
    # The line just before footer 18 is on page 18; lines between footers 18 and 19 on 19;
    # the line after the last footer is on page 20 only by estimate.
    assert [ln.page for ln in c.lines] == [18, 19, 19, 20]
    assert [ln.page_estimated for ln in c.lines] == [False, False, False, True]
    assert c.lines[1].page_break_before


def test_offsets_point_back_into_the_source():
    text = "  甲乙丙 \n\n丁戊\n"
    c = clean_source(text)
    for ln in c.lines:
        assert text[ln.start:ln.end] == ln.text


def test_paged_source_gives_exact_printed_pages():
    text = "第一页\n - 5 -\f第二页的字\n - 6 -\f第三页\n7"
    c = clean_source(text, paged=True)
    assert [(ln.text, ln.page) for ln in c.lines] == [("第一页", 5), ("第二页的字", 6), ("第三页", 7)]
    assert c.page_count == 3


def test_state_council_header_with_total_number():
    c = clean_source("中华人民共和国国务院公报 2024 年第 5 号（总第 1820 号）\n正文\n")
    assert (c.gazette, c.year, c.number, c.total_number) == ("中华人民共和国国务院公报", 2024, 5, 1820)


def test_text_helpers():
    assert display_width("“十四五”ab") == 12
    assert join_wrapped("完善 5G", "基站") == "完善 5G基站"
    assert join_wrapped("版本 2", "3 号") == "版本 2 3 号"
    assert squeeze_cjk_spaces("通  知") == "通知"
    assert parse_date("2023 年 3 月 2 日") == "2023-03-02"
    assert parse_date("二〇二四年一月十八日") == "2024-01-18"
    assert parse_date("2023 年 13 月 2 日") is None
    assert estimate_full_width([76, 76, 75, 72, 30, 10]) == 76
