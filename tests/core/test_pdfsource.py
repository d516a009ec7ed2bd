"""PDF import: page texts, ruled tables, and every bad PDF with its Chinese message."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from core.errors import Cancelled, InputError
from core.pdfsource import (
    PdfTable,
    clean_cell,
    extract_ruled_tables,
    merge_continued,
    normalize_page_text,
    read_pdf_pages,
)
from tests.fixtures import pdfmaker, sample_gazette

needs_font = pytest.mark.skipif(pdfmaker.cjk_font_path() is None,
                                reason="no CJK TrueType font (fonts-wqy-microhei)")


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory) -> Path:
    if pdfmaker.cjk_font_path() is None:
        pytest.skip("no CJK TrueType font (fonts-wqy-microhei)")
    folder = tmp_path_factory.mktemp("pdf")
    return pdfmaker.make_gazette_pdf(
        sample_gazette.PAGES, folder / "江州市人民政府公报2024年第2期.pdf",
        header=sample_gazette.GAZETTE_HEADER,
        footer_numbers=sample_gazette.FOOTER_NUMBERS,
        tables=sample_gazette.TABLES,
    )


# --- text ---------------------------------------------------------------------------------

def test_page_count_is_exact(sample_pdf):
    assert len(read_pdf_pages(sample_pdf)) == len(sample_gazette.PAGES)


def test_each_page_gives_back_its_lines_with_header_and_footer(sample_pdf):
    pages = read_pdf_pages(sample_pdf)
    for number, text in enumerate(pages, start=1):
        expected = [
            sample_gazette.GAZETTE_HEADER,
            *sample_gazette.page_lines(number),
            f"- {sample_gazette.FOOTER_NUMBERS[number - 1]} -",
        ]
        # Lines keep their indent from the text margin as full-width spaces (the header is
        # centred); the text itself is as drawn.
        assert [ln.lstrip("\u3000") for ln in text.split("\n")] == expected, f"page {number}"
        assert "\r" not in text
        assert text.startswith("\u3000" * 4)


def test_characters_come_out_in_order(sample_pdf):
    got = "".join("".join(ln.lstrip("\u3000") for ln in p.split("\n")[1:-1])
                  for p in read_pdf_pages(sample_pdf))
    sent = "".join("".join(sample_gazette.page_lines(n))
                   for n in range(1, len(sample_gazette.PAGES) + 1))
    assert got == sent
    assert "江政〔2024〕7 号" in got and "（责任单位：市城市管理局）" in got


def test_progress_is_reported_per_page(sample_pdf):
    calls = []
    read_pdf_pages(sample_pdf, progress=lambda d, t, s: calls.append((d, t, s)))
    total = len(sample_gazette.PAGES)
    assert calls == [(done, total, "读取 PDF") for done in range(total + 1)]


def test_cancel_before_start_raises_cancelled(sample_pdf):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        read_pdf_pages(sample_pdf, cancel=cancel)


def test_cancel_during_reading_stops_at_the_next_page(sample_pdf):
    cancel = threading.Event()
    seen = []

    def progress(done, total, stage):
        seen.append(done)
        if done == 2:
            cancel.set()

    with pytest.raises(Cancelled):
        read_pdf_pages(sample_pdf, progress=progress, cancel=cancel)
    assert seen == [0, 1, 2]


@needs_font
def test_pdf_with_owner_password_only_is_read(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "仅限打印.pdf"
    canvas = Canvas(str(path), encrypt=StandardEncryption("", ownerPassword="owner"))
    canvas.setFont(pdfmaker.register_cjk_font(), 12)
    canvas.drawString(72, 700, "江州市人民政府办公室")
    canvas.showPage()
    canvas.save()
    assert read_pdf_pages(path) == ["江州市人民政府办公室"]


def test_page_text_normalisation_keeps_lines_and_full_width_punctuation():
    raw = "一、总体要求  \r\n（一）指导思想。\t\r\n\u2f47期：2024 年\x02\r\n"
    # a line's trailing spaces go, but for one word space the PDF prints (a wrap may fall on
    # it: the paragraph's joining keeps the words apart)
    assert normalize_page_text(raw) == "一、总体要求 \n（一）指导思想。\n日期：2024 年"


# --- bad input ----------------------------------------------------------------------------

def _not_a_pdf(folder: Path) -> Path:
    path = folder / "通知.pdf"
    path.write_text("江州市人民政府\n关于……的通知\n", encoding="utf-8")
    return path


def _empty_file(folder: Path) -> Path:
    path = folder / "空文件.pdf"
    path.write_bytes(b"")
    return path


BAD_CASES = {
    "encrypted": (lambda d, src: pdfmaker.make_encrypted_pdf(d / "加密公报.pdf"),
                  "加密公报.pdf：PDF 文件已加密，请先解除密码保护。"),
    "textless": (lambda d, src: pdfmaker.make_textless_pdf(d / "扫描件.pdf"),
                 "扫描件.pdf：PDF 中没有可提取的文字（可能是扫描件），暂不支持 OCR。"),
    "truncated": (lambda d, src: pdfmaker.make_truncated_pdf(src, d / "下载中断.pdf"),
                  "下载中断.pdf：PDF 文件已损坏或不完整，无法读取。"),
    "truncated_at_95": (lambda d, src: pdfmaker.make_truncated_pdf(src, d / "差一点.pdf", 0.95),
                        "差一点.pdf：PDF 文件已损坏或不完整，无法读取。"),
    "no_pages": (lambda d, src: pdfmaker.make_empty_pdf(d / "无页面.pdf"),
                 "无页面.pdf：PDF 中没有任何页面（或页面目录已损坏），无法读取。"),
    "not_a_pdf": (lambda d, src: _not_a_pdf(d),
                  "通知.pdf：这不是 PDF 文件，或 PDF 文件已损坏，无法读取。"),
    "empty_file": (lambda d, src: _empty_file(d), "空文件.pdf：文件是空的，没有任何内容。"),
    "missing": (lambda d, src: d / "不存在.pdf", "不存在.pdf：找不到这个文件，请确认路径是否正确。"),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_bad_pdf_gives_one_chinese_message_naming_the_file(case, sample_pdf, tmp_path, capfd):
    make, message = BAD_CASES[case]
    path = make(tmp_path, sample_pdf)
    with pytest.raises(InputError) as err:
        read_pdf_pages(path)
    assert str(err.value) == message
    assert str(err.value).startswith(path.name + "：")
    assert err.value.__cause__ is None  # no library exception chained to the message
    assert err.value.__context__ is None or err.value.__suppress_context__
    out, errout = capfd.readouterr()
    assert out == "" and errout == ""


@pytest.mark.parametrize("case", ["encrypted", "truncated", "no_pages", "not_a_pdf"])
def test_table_extraction_reports_bad_pdf_the_same_way(case, sample_pdf, tmp_path, capfd):
    make, message = BAD_CASES[case]
    with pytest.raises(InputError, match="^" + message):
        extract_ruled_tables(make(tmp_path, sample_pdf))
    assert capfd.readouterr() == ("", "")


def test_textless_pdf_has_no_tables(tmp_path):
    assert extract_ruled_tables(pdfmaker.make_textless_pdf(tmp_path / "扫描件.pdf")) == []


# --- tables -------------------------------------------------------------------------------

def test_ruled_table_is_recovered_on_each_page(sample_pdf):
    tables = extract_ruled_tables(sample_pdf)
    assert [t.page for t in tables] == [5, 6]
    assert tables[0].rows == sample_gazette.TABLES[5]
    assert tables[1].rows == sample_gazette.TABLES[6]
    x0, top, x1, bottom = tables[0].bbox
    assert x0 < x1 and top < bottom


def test_table_continued_on_next_page_is_joined_without_repeated_header(sample_pdf):
    merged = merge_continued(extract_ruled_tables(sample_pdf))
    assert len(merged) == 1
    assert merged[0].rows == sample_gazette.TABLE_ROWS
    assert (merged[0].page, merged[0].last_page) == (5, 6)


def test_only_the_asked_pages_are_searched(sample_pdf):
    assert extract_ruled_tables(sample_pdf, pages=[1, 2, 3]) == []
    assert [t.page for t in extract_ruled_tables(sample_pdf, pages=[6])] == [6]


@needs_font
def test_wrapped_cell_text_is_joined(tmp_path):
    rows = [
        ["序号", "政策内容", "责任单位"],
        ["1", ("对月销售额 10 万元以下（含本数）的增值税小规模纳税人，免征增值税。"
               "增值税小规模纳税人适用 3%征收率的应税销售收入，减按 1%征收率征收增值税"),
         "市税务局、市财政局、市市场监督管理局"],
    ]
    path = pdfmaker.make_gazette_pdf([["附件"]], tmp_path / "政策清单.pdf", tables={1: rows})
    lines = read_pdf_pages(path)[0].split("\n")
    assert len(lines) > 3  # the long cell did wrap on the page
    [table] = extract_ruled_tables(path)
    assert [table.rows[0], table.rows[1][0], table.rows[1][2]] == [rows[0], "1", rows[1][2]]
    # The break may fall next to a space between a digit and CJK; such spaces may go.
    assert table.rows[1][1].replace(" ", "") == rows[1][1].replace(" ", "")
    assert "\n" not in table.rows[1][1] and "10 万元" in table.rows[1][1]


def test_clean_cell_joins_cjk_lines_and_spaces_latin_words():
    assert clean_cell("江州市城市\n管理局") == "江州市城市管理局"
    assert clean_cell("适用 3%\n征收率") == "适用 3%征收率"
    assert clean_cell("Wi-Fi\ncoverage") == "Wi-Fi coverage"
    assert clean_cell(None) == "" and clean_cell(" \n ") == ""


def _t(page, rows, x0=72.0, x1=523.0, top=100.0):
    return PdfTable(page, rows, (x0, top, x1, top + 100))


def test_merge_keeps_a_continuation_without_repeated_header():
    head = ["序号", "名称"]
    merged = merge_continued([_t(3, [head, ["1", "甲"]]), _t(4, [["2", "乙"]])])
    assert [m.rows for m in merged] == [[head, ["1", "甲"], ["2", "乙"]]]


def test_merge_joins_over_several_pages():
    head = ["序号", "名称"]
    merged = merge_continued([_t(3, [head, ["1", "甲"]]), _t(4, [head, ["2", "乙"]]),
                              _t(5, [head, ["3", "丙"]])])
    assert len(merged) == 1 and merged[0].last_page == 5
    assert merged[0].rows == [head, ["1", "甲"], ["2", "乙"], ["3", "丙"]]


def test_merge_leaves_unrelated_tables_alone():
    head = ["序号", "名称"]
    three = ["序号", "名称", "责任单位"]
    cases = [
        [_t(3, [head, ["1", "甲"]]), _t(5, [head, ["2", "乙"]])],            # page gap
        [_t(3, [head, ["1", "甲"]]), _t(4, [three, ["2", "乙", "丙"]])],     # columns differ
        [_t(3, [head, ["1", "甲"]]), _t(4, [head, ["2", "乙"]], x0=200.0)],  # edges differ
        [_t(3, [head, ["1", "甲"]]), _t(3, [head, ["2", "乙"]], top=400.0)],  # same page
    ]
    for tables in cases:
        assert len(merge_continued(tables)) == 2
    original = [_t(3, [head, ["1", "甲"]]), _t(4, [head, ["2", "乙"]])]
    merge_continued(original)
    assert original[0].rows == [head, ["1", "甲"]] and original[0].last_page is None


def test_merge_ignores_a_second_table_on_the_next_page():
    head = ["序号", "名称"]
    tables = [_t(3, [head, ["1", "甲"]]), _t(4, [["x", "y"]], top=50.0),
              _t(4, [head, ["2", "乙"]], top=300.0)]
    merged = merge_continued(tables)
    assert [len(m.rows) for m in merged] == [3, 2]


# --- the fixture's text rendering ---------------------------------------------------------

def test_extracted_text_rendering_has_every_line_and_page_break():
    text = sample_gazette.as_extracted_text()
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    for number in range(1, len(sample_gazette.PAGES) + 1):
        for line in sample_gazette.page_lines(number):
            assert line in lines
    assert lines.count(sample_gazette.GAZETTE_HEADER) == len(sample_gazette.PAGES) - 1
    assert "- 17 -" in lines and "- 21 -" in lines


def test_table_search_reports_progress_and_honours_cancel(sample_pdf):
    calls = []
    extract_ruled_tables(sample_pdf, progress=lambda d, t, s: calls.append((d, t, s)))
    assert calls == [(0, 2, "识别表格"), (1, 2, "识别表格"), (2, 2, "识别表格")]
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        extract_ruled_tables(sample_pdf, cancel=cancel)


# --- PDF import and text import agree -----------------------------------------------------

def _documents(parsed):
    docs = [(d.title, d.issuers, d.doc_no and d.doc_no.normalized, d.date, d.recipients,
             d.attachments, d.doc_type) for d in parsed.documents]
    sections = [(s.kind, s.title) for s in parsed.sections]
    blocks = [(b.kind, b.text) for b in parsed.blocks]
    return docs, sections, blocks


def test_pdf_import_gives_the_same_documents_as_text_import(sample_pdf, tmp_path):
    importer = pytest.importorskip("core.importer")
    text_file = tmp_path / sample_pdf.with_suffix(".txt").name
    text_file.write_text(sample_gazette.as_extracted_text(), encoding="utf-8")
    from_pdf = importer.parse_file(sample_pdf)
    from_text = importer.parse_file(text_file)
    assert from_pdf.issue.source_kind == "pdf" and from_pdf.issue.page_count == 6
    assert [d.doc_no.normalized for d in from_pdf.documents] == [
        "江政〔2024〕7号", "江政办〔2024〕3号"]
    assert _documents(from_pdf) == _documents(from_text)
