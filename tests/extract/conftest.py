"""Helpers for extraction tests: documents built by hand, as the parser would hand them over."""

from __future__ import annotations

import re

import pytest

from core.model import Block, Document, Section

_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


def build_doc(text: str, doc_id: str = "i000000000000-d01", page: int = 1):
    """Blocks and sections from text: one block per non-empty line (a short line, as the
    parser keeps it); lines starting with 一、 or （一） and short become headings; a line
    ``<<page N>>`` sets the page of the following blocks."""
    blocks: list[Block] = []
    sections: list[Section] = []
    stack: list[Section] = []
    for line in text.strip("\n").splitlines():
        line = line.strip()
        m = re.fullmatch(r"<<page (\d+)>>", line)
        if m:
            page = int(m[1])
            continue
        if not line:
            continue
        n = len(blocks) + 1
        bid = f"{doc_id}-b{n:04d}"
        hm = _HEADING.match(line)
        kind = "paragraph"
        if hm and len(line) <= 30 and not line.endswith("。"):
            kind = "heading"
            level = 1 if hm.group(0).endswith("、") else 2
            while stack and stack[-1].level >= level:
                stack.pop()
            sec = Section(id=f"{doc_id}-s{len(sections) + 1:03d}", doc_id=doc_id,
                          ordinal=len(sections) + 1, parent_id=stack[-1].id if stack else None,
                          level=level, kind="cn" if level == 1 else "paren_cn",
                          numbering=hm.group(0), title=line[hm.end():], block_id=bid, page=page)
            sections.append(sec)
            stack.append(sec)
        blocks.append(Block(id=bid, doc_id=doc_id, ordinal=n, kind=kind, text=line,
                            section_id=stack[-1].id if stack else None, page=page))
    doc = Document(id=doc_id, issue_id=doc_id.split("-")[0], order=1, title="测试文件",
                   date="2023-03-02")
    return doc, blocks, sections


@pytest.fixture
def make_doc():
    return build_doc
