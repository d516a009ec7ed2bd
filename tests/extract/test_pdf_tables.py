"""Ruled PDF tables (pdfplumber) replace the tables read from flattened lines."""

from __future__ import annotations

import pytest

from core.importer import parse_file
from tests.fixtures import pdfmaker, sample_gazette

needs_font = pytest.mark.skipif(pdfmaker.cjk_font_path() is None,
                                reason="no CJK TrueType font (fonts-wqy-microhei)")

WRAPPED = [
    ["序号", "政策内容", "责任单位", "完成时限"],
    ["1", "对新认定的国家级企业技术中心，给予建设单位一次性 200 万元奖励，对新认定的省级"
          "企业技术中心给予 20 万元奖励", "市发展和改革委员会、市科学技术局", "2024 年 6 月底前"],
    ["2", "小微企业免收不动产登记费", "市自然资源和规划局", "长期坚持"],
]


@needs_font
def test_sample_gazette_table_over_two_pages(tmp_path):
    path = pdfmaker.make_gazette_pdf(
        sample_gazette.PAGES, tmp_path / "江州市人民政府公报2024年第2期.pdf",
        header=sample_gazette.GAZETTE_HEADER, footer_numbers=sample_gazette.FOOTER_NUMBERS,
        tables=sample_gazette.TABLES)
    parsed = parse_file(path)
    (table,) = parsed.tables
    assert table.caption == "附件 江州市 2024 年城市更新重点项目清单"
    assert table.structured
    assert table.header == [sample_gazette.TABLE_HEADER]
    assert table.rows == sample_gazette.TABLE_ROWS[1:]
    assert (table.first_page, table.last_page) == (21, 22)
    table_tasks = [t for t in parsed.tasks if t.table_id == table.id]
    assert [t.units[0] for t in table_tasks] == [r[2] for r in sample_gazette.TABLE_ROWS[1:]]
    assert [t.page for t in table_tasks] == [21] * 7


@needs_font
def test_wrapped_cells_come_out_structured_from_a_ruled_table(tmp_path):
    pages = [list(sample_gazette.PAGES[0]), ["附件", "江州市惠企政策清单"]]
    path = pdfmaker.make_gazette_pdf(pages, tmp_path / "江州市人民政府公报2024年第3期.pdf",
                                     tables={2: WRAPPED})
    parsed = parse_file(path)
    (table,) = parsed.tables
    assert table.structured and table.header == [WRAPPED[0]]
    assert [r[0] for r in table.rows] == ["1", "2"]
    assert table.rows[0][2] == "市发展和改革委员会、市科学技术局"
    tasks = [t for t in parsed.tasks if t.table_id == table.id]
    assert [t.units for t in tasks] == [["市发展和改革委员会", "市科学技术局"],
                                        ["市自然资源和规划局"]]
    assert [t.deadline for t in tasks] == ["2024-06-30", None]
    assert tasks[1].text == "小微企业免收不动产登记费"


@needs_font
def test_reextract_keeps_the_columns_of_ruled_tables(tmp_path, library):
    from core.extract.reextract import reextract_library
    from core.importer import import_file

    pages = [list(sample_gazette.PAGES[0]), ["附件", "江州市惠企政策清单"]]
    path = pdfmaker.make_gazette_pdf(pages, tmp_path / "江州市人民政府公报2024年第3期.pdf",
                                     tables={2: WRAPPED})
    import_file(library, path)
    before = library.tables()
    assert [t.structured for t in before] == [True]
    rep = reextract_library(library)
    after = library.tables()
    assert rep.tables == 1
    assert [(t.header, t.rows, t.structured) for t in after] == [
        (t.header, t.rows, t.structured) for t in before]
    assert [r.task.units for r in library.tasks_for_unit("市科学技术局")] == [
        ["市发展和改革委员会", "市科学技术局"]]
