"""The exports of the unseen gazette's lists (tests/fixtures/unseen_gazette.py): the PDF's
grid, the xlsx a clerk sums."""

from __future__ import annotations

import pdfplumber

from core.export.pdf import export_pdf
from core.importer import parse_text
from tests.fixtures.unseen_gazette import award_list, render_issue


def _award(library):
    items, truth = award_list()
    parsed = parse_text(render_issue(items), source_name="a.txt", sha256="e" * 64)
    library.import_issue(parsed)
    table = next(t for t in parsed.tables if t.header)
    return parsed, table, truth


def test_pdf_grid_starts_with_its_header_then_the_first_group(library, tmp_path):
    """The source prints the header, then 一、岚东区…: the grid does the same (the group row
    of row 0 was drawn above the header)."""
    _, table, truth = _award(library)
    out = tmp_path / "award.pdf"
    export_pdf(library, [table.doc_id], out)
    with pdfplumber.open(out) as pdf:
        words = pdf.pages[0].extract_words()
    header = next(w["top"] for w in words if w["text"] == "序号")
    group = next(w["top"] for w in words if w["text"].startswith("一、岚东区"))
    assert header < group
