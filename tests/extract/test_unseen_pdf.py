"""The unseen gazette's lists read from PDFs (tests/fixtures/unseen_gazette.py): one column
with the header repeated on every page, and a ruled table."""

from __future__ import annotations

import pytest

from core.importer import parse_file
from tests.fixtures import pdfmaker
from tests.fixtures.unseen_gazette import (
    GAZETTE,
    POLICY_ROWS,
    award_list,
    issue_pages,
    policy_pdf,
    spanning_list,
)

needs_font = pytest.mark.skipif(pdfmaker.cjk_font_path() is None,
                                reason="no CJK TrueType font (fonts-wqy-microhei)")


@needs_font
def test_ruled_table_with_letter_spaced_header_feeds_the_tasks(tmp_path):
    parsed = parse_file(policy_pdf(tmp_path / "岚州市人民政府公报2025年第7期.pdf"))
    (table,) = parsed.tables
    assert table.header == [["序号", "政策名称", "主要内容", "责任单位", "兑付金额（万元）"]]
    assert table.rows == [r for r in POLICY_ROWS if r[1]]
    assert all(c["ok"] for c in table.checks) and len(table.checks) == 4
    tasks = [t for t in parsed.tasks if t.table_id == table.id]
    assert [t.units for t in tasks] == [r[3].split("、") for r in POLICY_ROWS if r[1]]


@needs_font
def test_one_column_pdf_award_list_and_spanning_label(tmp_path):
    a, truth = award_list()
    s, rows, total = spanning_list()
    pages = issue_pages(a + s, page_lines=30)
    path = pdfmaker.make_gazette_pdf(pages, tmp_path / "岚州市人民政府公报2025年第4期.pdf",
                                     header=GAZETTE,
                                     footer_numbers=list(range(1, len(pages) + 1)))
    parsed = parse_file(path)
    award, spanning = [t for t in parsed.tables if t.header]
    assert award.rows == [r for _, rs in truth["groups"] for r in rs]
    assert spanning.rows == rows
    for table in (award, spanning):
        assert table.structure == "full" and all(c["ok"] for c in table.checks)


@needs_font
def test_two_column_pdf_directory_and_people_list(tmp_path):
    """A page in two columns of 20 characters: the 名录's rows fit a column (a place pair
    wraps: ``岚西区、青溪`` / ``县``), the 名单's rows are set as text and wrap (``… 总`` /
    ``工程师``; ``…工程学院`` / ``副院长``, the space at the break lost)."""
    from tests.fixtures.gazettes import L
    from tests.fixtures.unseen_gazette import End, Head, heritage_list, people_list

    heritage, codes, _ = heritage_list()
    people, persons = people_list()
    items = [L(it.text) if isinstance(it, Head) else it
             for it in heritage + people if not isinstance(it, End)]
    # Ⅹ is left out: in reportlab's font subsets it can fall on character code 32, which
    # pdfium reads as a space (a fault of the fixture's PDF, not of a gazette's).
    items = [type(it)(it.text.replace("Ⅹ", "X")) for it in items]
    path = pdfmaker.make_column_pdf(
        items, tmp_path / "岚州市人民政府公报2025年第6期.pdf", columns=2,
        header=GAZETTE.replace("4 期", "6 期"),
        spanning=lambda it: it.text.startswith("关于") or it.text == "岚州市人民政府")
    parsed = parse_file(path)
    directory, names = [t for t in parsed.tables if t.header]
    assert directory.rows == [[r[0], r[1].replace("Ⅹ", "X"), *r[2:]] for r in codes]
    assert names.rows == persons
    for table in (directory, names):
        assert table.structure == "full" and all(c["ok"] for c in table.checks)
