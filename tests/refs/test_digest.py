"""本期概要 of the corpus issue and of a hand-written issue, on one PDF page."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from core.digest import build_digest, digest_pdf


def _page_count(path) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def test_corpus_digest_is_one_page(corpus_library, output_dir):
    issue = corpus_library.issues()[0]
    d = build_digest(corpus_library, issue.id, "2024-01-01")
    assert d.counts["documents"] == 11
    assert sum(len(g["documents"]) for g in d.by_type) == 11
    assert d.units and d.units[0]["total"] >= d.units[-1]["total"]
    assert len(d.tables) == d.counts["tables"]
    path, _ = digest_pdf(d, output_dir / "digest-corpus.pdf")
    assert _page_count(path) == 1
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", str(path),
                        str(output_dir / "digest-corpus")], check=True)
        assert (output_dir / "digest-corpus.png").stat().st_size > 10_000


def test_digest_lists_what_the_issue_repeals(refs_library, output_dir):
    issue = refs_library.find_issue("2024-5")
    d = build_digest(refs_library, issue.id, "2024-06-01")
    by_target = {c["target_doc_no"]: c for c in d.changes}
    assert by_target["南政〔2023〕2号"]["in_library"] is True
    assert by_target["南政〔2023〕2号"]["target_status"] == "已废止"
    assert by_target["南政〔2018〕12号"]["in_library"] is False
    assert by_target["南政〔2017〕3号"]["kind"] == "replaces"
    assert "南政〔2016〕9号" in by_target                    # said now, takes effect in 2099
    assert by_target["南政〔2016〕9号"]["target_status"] == "未知"
    path, _ = digest_pdf(d, output_dir / "digest-nanchuan.pdf")
    assert _page_count(path) == 1


def test_digest_of_unknown_issue(refs_library):
    from core.errors import NotFound

    with pytest.raises(NotFound):
        build_digest(refs_library, "i000000000000")
