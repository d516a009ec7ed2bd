import pytest

from core.wenhao import DOC_NO_LINE, parse_doc_no


@pytest.mark.parametrize("text", [
    "许政〔2023〕14号", "许政〔2023〕14 号", "许政[2023]14号", "许政（2023）14 号", "许政(2023)14号",
    "许政【2023】14号", "许政2023-14", "许政〔２０２３〕１４号", " 许政 〔2023〕 14 号 ",
])
def test_every_printed_form_normalises_to_one(text):
    no = parse_doc_no(text)
    assert no is not None
    assert (no.normalized, no.agency, no.year, no.serial) == ("许政〔2023〕14号", "许政", 2023, 14)


def test_year_only_has_no_serial():
    no = parse_doc_no("许政〔2023〕")
    assert (no.normalized, no.serial) == ("许政〔2023〕", None)


def test_other_agencies_and_not_a_doc_no():
    assert parse_doc_no("国办发〔2024〕5号").agency == "国办发"
    assert parse_doc_no("临政办〔2024〕11 号").normalized == "临政办〔2024〕11号"
    assert parse_doc_no("到 2025 年，完成改造") is None
    assert parse_doc_no("") is None


def test_doc_no_line_is_a_whole_line_only():
    assert DOC_NO_LINE.match("许政办〔2023〕10 号 ")
    assert not DOC_NO_LINE.match("根据许政〔2023〕3 号文件精神，")
