"""The query language parses anything without raising."""

from __future__ import annotations

from index.query import parse_query


def texts(q):
    return [c.texts for c in q.clauses]


def test_words_phrases_exclusions_or_and_filters():
    q = parse_query('数字经济 "责任 单位" -规划 专精特新 OR 免申即享 文种:通知 年：2023')
    assert texts(q) == [["数字经济"], ["责任 单位"], ["专精特新", "免申即享"]]
    assert q.excluded == ["规划"]
    assert q.filters == {"doc_type": "通知", "year": "2023"}


def test_whole_query_doc_no_in_any_form():
    for form in ("许政〔2023〕14号", "许政[2023]14号", "许政（2023）14 号", "许政2023-14"):
        q = parse_query(form)
        assert q.clauses[0].doc_nos == ["许政〔2023〕14号"], form
    assert parse_query("许政〔2023〕").clauses[0].doc_nos == ["许政〔2023〕"]


def test_quoted_filter_and_chinese_quotes():
    q = parse_query('文号:"许政〔2023〕14号" “城市 更新”')
    assert q.filters == {"doc_no": "许政〔2023〕14号"}
    assert texts(q) == [["城市 更新"]]


BAD = ['"', '"unbalanced', "-", "--", "OR", "OR OR", "-规划", "文号:", "年:abc", "期:",
       "a" * 5000, "😀😀", "'; DROP TABLE blocks; --", ".*[(", "\\", "\x00", "　", "",
       "*?", "文种:*", "(((", "NOT", "AND", "|", "发文机关:", '""', "“", "”"]


def test_bad_queries_never_raise():
    for text in BAD:
        parse_query(text)
    assert parse_query("").empty
    assert parse_query("OR").empty
    assert parse_query(None).empty  # type: ignore[arg-type]
