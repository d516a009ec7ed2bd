"""The parser on other gazettes' layouts (issue 11): documents found as expected, paragraphs
wrongly joined or split, items of the numbered runs, and the time to read each layout.

Layouts: the province fixture as extracted text (with and without indentation) and as PDFs in
one column and in two columns with the text stored column by column or row by row; and the
State Council's 20 sample documents (../shared/corpus/state-council) read back to back as one
issue, when present.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

from core.importer import parse_file, parse_text
from tests.bench import CORPUS_DIR
from tests.fixtures.gazettes import P, R, render
from tests.fixtures.other_gazettes import EXPECTED, PROVINCE, PROVINCE_HEADER, spanning


def _squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


def _score(parsed) -> tuple[int, int, int]:
    got = [(d.kind, d.doc_no.normalized if d.doc_no else None, d.title, d.issuers, d.date,
            d.doc_type) for d in parsed.documents]
    docs_ok = sum(1 for g in got if g in EXPECTED)
    texts = {_squeeze(b.text) for b in parsed.blocks}
    wanted = [it for it in PROVINCE if isinstance(it, (P, R))]
    wrong = sum(1 for it in wanted if _squeeze(it.text) not in texts)
    return docs_ok, wrong, len(wanted)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="bench_layouts")
    ap.parse_known_args(argv)
    print(f"{'layout':<24}{'documents':>12}{'wrong paragraphs':>20}{'ms':>8}")
    rows = []
    for name, indent in (("text", False), ("text, indented", True)):
        text = render(PROVINCE, header=PROVINCE_HEADER, first_page=3, page_lines=25, indent=indent)
        t0 = time.perf_counter()
        parsed = parse_text(text, source_name="bench.txt", sha256="b" * 64)
        rows.append((name, parsed, time.perf_counter() - t0))
    try:
        from tests.fixtures.pdfmaker import cjk_font_path, make_column_pdf
    except ImportError:        # reportlab missing
        cjk_font_path = None
    if cjk_font_path is not None and cjk_font_path() is not None:
        with tempfile.TemporaryDirectory() as tmp:
            for name, columns, stream, bands in (("pdf, 1 column", 1, "columns", False),
                                                 ("pdf, 2 columns", 2, "columns", False),
                                                 ("pdf, 2 columns rows", 2, "rows", False),
                                                 ("pdf, 2 col. bands", 2, "columns", True),
                                                 ("pdf, 2 col. bands rows", 2, "rows", True)):
                path = Path(tmp) / f"{columns}-{stream}-{bands}.pdf"
                make_column_pdf(PROVINCE, path, columns=columns, stream=stream,
                                header=PROVINCE_HEADER, first_page=3,
                                spanning=spanning if bands else (lambda item: False))
                t0 = time.perf_counter()
                parsed = parse_file(path)
                rows.append((name, parsed, time.perf_counter() - t0))
    for name, parsed, seconds in rows:
        ok, wrong, total = _score(parsed)
        print(f"{name:<24}{f'{ok}/{len(EXPECTED)}':>12}{f'{wrong}/{total}':>20}"
              f"{seconds * 1000:>8.0f}")
    folder = CORPUS_DIR / "state-council"
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if files:
        text = "\n\n".join(f.read_text(encoding="utf-8") for f in files)
        t0 = time.perf_counter()
        parsed = parse_text(text, source_name="state-council.txt", sha256="c" * 64)
        seconds = time.perf_counter() - t0
        numbered = sum(1 for d in parsed.documents if d.doc_no is not None)
        print(f"state-council samples back to back: {len(parsed.documents)} documents "
              f"for {len(files)} files, {numbered} with their 文号, {seconds * 1000:.0f} ms")
