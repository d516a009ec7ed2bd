"""The PDF export, checked on the file itself with pdfplumber and pdffonts; pages are rendered
to tests/output/pdf/ with pdftoppm for a look."""

from __future__ import annotations

import shutil
import subprocess
import threading

import pdfplumber
import pytest

from core.annotations import annotation_for_quote, color_hex
from core.errors import Cancelled, GazetteError
from core.export import atomic
from core.export.pdf import ExportScope, build_pdf, export_pdf
from core.export.pdfplan import HEAD_KINDS

from .conftest import doc_with

BODY_MIN = 11.5          # body text and headings; notes, markers, header and footer are smaller


def pdf_text(path) -> str:
    """The text of every page of a PDF, read with pypdfium2."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def dense(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


@pytest.fixture
def annotated(lincheng):
    lib = lincheng
    plan, award = doc_with(lib, "数字经济"), doc_with(lib, "决定")
    pb, ab = lib.blocks(plan.id), lib.blocks(award.id)
    b1 = next(b for b in pb if b.text.startswith("1．推进 5G"))
    b2 = next(b for b in pb if b.text.startswith("2．建设城市"))
    from core.annotations import make_annotation

    anns = [
        lib.add_annotation(annotation_for_quote(pb, "新建 5G 基站 2000 个",
                                                note="我局牵头，6月底前报送")),
        lib.add_annotation(make_annotation(pb, b1.id, b1.text.index("实现城区"), b2.id,
                                           b2.text.index("。") + 1, color="green",
                                           note="跨段批注：两项合并督办")),
        lib.add_annotation(annotation_for_quote(pb, "确保各项任务落到实处", color="red")),
        lib.add_annotation(annotation_for_quote(ab, "扎实开展安全生产专项整治", color="blue",
                                                note="重点")),
    ]
    return lib, [award, plan], anns


def body_chars(page):
    return [c for c in page.chars if c["size"] >= BODY_MIN
            and c["top"] > 60 and c["bottom"] < page.height - 60]


def expected_text(lib, doc) -> str:
    blocks = lib.blocks(doc.id)
    head = {k: next((b.text for b in blocks if b.kind == k), "") for k in HEAD_KINDS}
    # Table cells are printed in the smaller table size (and checked by the table tests).
    rest = [b.text for b in blocks if b.kind not in HEAD_KINDS and b.kind != "table_row"]
    return dense(head["issuer"] + head["doc_no"] + head["title"] + "".join(rest))


def test_whole_documents_with_highlights_notes_fonts(annotated, tmp_path, output_dir):
    lib, docs, anns = annotated
    seen = []
    out = tmp_path / "摘录.pdf"
    result = export_pdf(lib, [d.id for d in docs], out, progress=lambda *a: seen.append(a))
    assert out.exists() and result.pages >= 2 and result.annotations == 4 and result.notes == 3
    assert result.font_embedded and seen and seen[-1][0] == seen[-1][1]
    assert not list(tmp_path.glob(".*.part"))
    issue_label = lib.issue(docs[0].issue_id).label

    with pdfplumber.open(out) as pdf:
        pages = pdf.pages
        stream = "".join(c["text"] for p in pages for c in body_chars(p))
        # every character of every document, in order (title block first, then the body)
        want = "".join(expected_text(lib, d) for d in docs)
        if dense(stream) != want:
            import difflib
            print([x for x in difflib.ndiff([dense(stream)], [want]) if x[0] in "?"])
            m = difflib.SequenceMatcher(None, dense(stream), want)
            print([(t, dense(stream)[a:b], want[c:d]) for t, a, b, c, d in m.get_opcodes() if t != "equal"])
        assert dense(stream) == want
        for n, p in enumerate(pages, 1):
            text = dense(p.extract_text())
            assert f"第{n}页共{len(pages)}页" in text and dense(issue_label) in text
        for ann in anns:
            _check_highlight(pages, ann)

    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    _render(out, output_dir, "whole")


def _check_highlight(pages, ann) -> None:
    """The quote's characters lie on filled rectangles of the annotation's colour, the
    characters around them do not; the note is on the page where the passage starts."""
    want = tuple(int(color_hex(ann.color)[i:i + 2], 16) / 255 for i in (1, 3, 5))
    quote = dense(ann.quote)
    for page in pages:
        chars = [c for c in body_chars(page) if not c["text"].isspace()]
        joined = "".join(c["text"] for c in chars)
        at = joined.find(quote)
        if at < 0:
            continue
        rects = [r for r in page.rects if r.get("fill") and tuple(
            round(v, 3) for v in r["non_stroking_color"]) == tuple(round(v, 3) for v in want)]

        def covered(c, rects=rects) -> bool:
            return any(r["x0"] - 0.6 <= c["x0"] and c["x1"] <= r["x1"] + 0.6
                       and r["top"] - 0.6 <= c["top"] and c["bottom"] <= r["bottom"] + 0.6
                       for r in rects)

        inside = chars[at:at + len(quote)]
        assert all(covered(c) for c in inside), ann.quote
        for c in (chars[at - 1] if at else None, chars[at + len(quote)]
                  if at + len(quote) < len(chars) else None):
            assert c is None or not covered(c), (ann.quote, c["text"])
        if ann.note:
            assert dense(ann.note) in dense(page.extract_text())
        return
    raise AssertionError(f"quote not found on any page: {ann.quote}")


def _render(pdf_path, output_dir, stem: str, last: int = 6) -> None:
    folder = output_dir / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{stem}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-l", str(last), "-png", str(pdf_path),
                    str(folder / stem)],
                   check=True)
    assert list(folder.glob(f"{stem}-*.png"))


def test_annotated_only_keeps_paragraphs_and_heading_path(annotated, tmp_path, output_dir):
    lib, (award, plan), anns = annotated
    out = tmp_path / "only.pdf"
    result = export_pdf(lib, [ExportScope(plan.id, annotated_only=True)], out, notes="below")
    assert result.annotations == 3
    with pdfplumber.open(out) as pdf:
        text = dense("".join(p.extract_text() for p in pdf.pages))
        body = dense("".join(c["text"] for p in pdf.pages for c in body_chars(p)))
    blocks = lib.blocks(plan.id)
    for b in blocks:
        annotated_block = any(dense(a.quote)[:6] in dense(b.text) for a in anns[:3])
        if b.kind in ("paragraph", "list_item") and annotated_block:
            assert dense(b.text) in body                       # the whole paragraph
    assert dense("二、重点任务") in text and dense("（一）加快数字基础设施建设") in text
    assert dense("三、保障措施") in text                        # heading above the red one
    assert dense("1．实施智能制造工程") not in text             # not annotated
    assert "……" in text and "注①" in text and "批注摘录" in text
    _render(out, output_dir, "annotated-only")


def test_sections_by_numbering_path(annotated, tmp_path):
    lib, (award, plan), _ = annotated
    data = build_pdf(lib, [ExportScope(plan.id, sections=["二、（二）"])]).data
    path = tmp_path / "s.pdf"
    path.write_bytes(data)
    with pdfplumber.open(path) as pdf:
        text = dense("".join(p.extract_text() for p in pdf.pages))
    assert dense("（2）强化人才支撑") in text and dense("二、重点任务") in text
    assert dense("推进 5G 网络建设") not in text and dense("保障措施") not in text
    with pytest.raises(GazetteError, match="没有章节"):
        build_pdf(lib, [ExportScope(plan.id, sections=["九、"])])


def test_table_header_repeats_on_every_page(library, tmp_path, output_dir):
    from core.importer import parse_file
    from core.model import Table

    from .conftest import write_gazette

    parsed = parse_file(write_gazette(tmp_path))
    doc = parsed.documents[0]
    rows = [b for b in parsed.blocks if b.doc_id == doc.id][-3:]
    rows_data = [[str(i), f"第 {i} 项任务：完善工作台账并按月报送进展情况", "市应急管理局"]
                 for i in range(1, 90)]
    parsed.tables = [Table(f"{doc.id}-t01", doc.id, 1, "表 1  任务清单",
                           header=[["序号", "任务内容", "责任单位"]], rows=rows_data,
                           block_ids=[b.id for b in rows])]
    parsed.tasks = []
    library.import_issue(parsed)
    library.add_annotation(annotation_for_quote(library.blocks(doc.id), rows[1].text,
                                                color="green", note="表内批注"))
    out = tmp_path / "table.pdf"
    export_pdf(library, [doc.id], out)
    with pdfplumber.open(out) as pdf:
        table_pages = [p for p in pdf.pages if "完善工作台账" in p.extract_text()]
        assert len(table_pages) >= 2
        for p in table_pages:
            assert "序号" in p.extract_text() and len(p.rects) >= 6
        text = dense("".join(p.extract_text() for p in pdf.pages))
    assert "第89项任务" in text and "表内批注" in text
    _render(out, output_dir, "table")


def test_unwritable_path_full_disk_and_cancel_leave_no_file(annotated, tmp_path, monkeypatch):
    lib, docs, _ = annotated
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(GazetteError, match="无法保存文件"):
        export_pdf(lib, [docs[0].id], blocker / "a.pdf")
    with pytest.raises(GazetteError, match="文件夹"):
        export_pdf(lib, [docs[0].id], tmp_path / "missing" / "a.pdf")

    def full(fd, data):
        import errno
        import os

        os.write(fd, data[:100])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "_write_bytes", full)
    target = tmp_path / "out" / "a.pdf"
    target.parent.mkdir()
    with pytest.raises(GazetteError, match="磁盘空间不足"):
        export_pdf(lib, [docs[0].id], target)
    assert list(target.parent.iterdir()) == []
    monkeypatch.undo()

    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        export_pdf(lib, [docs[0].id], target, cancel=cancel)
    assert list(target.parent.iterdir()) == []


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils absent")
def test_corpus_document_with_tables(corpus_library, tmp_path, output_dir):
    lib = corpus_library
    doc = max(lib.documents(), key=lambda d: len(lib.tables(d.id)))
    blocks = lib.blocks(doc.id)
    para = next(b for b in blocks if b.kind == "paragraph" and len(b.text) > 60)
    lib.add_annotation(annotation_for_quote(blocks, para.text[10:30], note="语料批注"))
    out = tmp_path / "corpus.pdf"
    result = export_pdf(lib, [doc.id], out)
    assert result.pages > 5
    with pdfplumber.open(out) as pdf:
        first = pdf.pages[0].extract_text()
        assert "第 1 页 共" in first and dense(doc.title)[:10] in dense(first)
    _render(out, output_dir, "corpus")


def test_table_caption_is_printed_once(corpus_library, tmp_path):
    """A heading (专栏 1 ……) or 附件 + title line right above a table is its caption: the
    export does not print the caption a second time."""
    lib = corpus_library
    docs = {d.title: d for d in lib.documents()}
    policy = next(d for t, d in docs.items() if "免申即享" in t)
    boxes = next(d for t, d in docs.items() if "文化旅游融合" in t)
    out = tmp_path / "captions.pdf"
    export_pdf(lib, [policy.id, boxes.id], out)
    text = dense(pdf_text(out))     # pypdfium2: the text only, many times faster than pdfplumber
    (table,) = lib.tables(policy.id)
    assert dense(table.caption) == "附件许昌市市级“免申即享”惠企政策清单（第一批）"
    assert text.count(dense(table.caption)) == 1
    captions = [t.caption for t in lib.tables(boxes.id)]
    assert len(captions) == 9 and all(c.startswith("专栏") for c in captions)
    for caption in captions:
        assert text.count(dense(caption)) == 1, caption


def test_table_note_quotes_a_quoted_cell_once(library, tmp_path):
    """A note on a table cell names the cell in quotation marks: a cell that already begins
    with a quotation (“…”) gets inner marks ‘…’, and a cell that is one whole 《title》 is
    not put in quotation marks again, also when it is shortened (it read 表中““…”…” and
    表中“《…》”)."""
    from core.importer import parse_file
    from core.model import Table

    from .conftest import write_gazette

    parsed = parse_file(write_gazette(tmp_path))
    doc = parsed.documents[0]
    rows = [b for b in parsed.blocks if b.doc_id == doc.id][-3:]
    long_title = "《关于进一步优化营商环境促进民营经济高质量发展的若干政策措施》"
    cells = ["“智慧社区”示范创建", "《数字经济促进条例》", long_title]
    parsed.tables = [Table(f"{doc.id}-t01", doc.id, 1, "表 1  任务清单",
                           header=[["序号", "任务"]],
                           rows=[[str(i), cell] for i, cell in enumerate(cells, 1)],
                           block_ids=[b.id for b in rows])]
    parsed.tasks = []
    for i, (b, cell) in enumerate(zip(rows, cells), 1):
        b.kind, b.text = "table_row", f"{i}  {cell}"
    library.import_issue(parsed)
    blocks = library.blocks(doc.id)
    for cell, note in zip(cells, ("示范点", "条例", "措施")):
        library.add_annotation(annotation_for_quote(blocks, cell, note=note))
    out = tmp_path / "notes.pdf"
    export_pdf(library, [ExportScope(doc.id, annotated_only=True)], out)
    text = dense(pdf_text(out))
    assert "表中“‘智慧社区’示范创建”：示范点" in text
    assert "表中《数字经济促进条例》：条例" in text
    assert f"表中《{long_title[1:25]}…》：措施" in text
    assert "““" not in text and "“《" not in text
