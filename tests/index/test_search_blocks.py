"""The hit blocks of a document's normalised text, found in its UTF-8 bytes (no decoding) or
in the decoded text split into blocks: both ways give the blocks a plain scan gives."""

from __future__ import annotations

import pytest

from index.search import _blocks_with

BLOCKS = ["关于印发许昌市数字经济发展规划的通知", "许政〔2023〕5号", "2023年许昌市许昌市化发展",
          "", "abc数字经济abc", "ＡＢＣ", "aaa", "市", "产业产业产业", "数字经济", "末尾许昌市"]


def scan(blocks: list[str], terms: list[str]) -> list[int]:
    return [i for i, b in enumerate(blocks) if any(t in b for t in terms)]


@pytest.mark.parametrize("terms", [["许昌市"], ["数字经济", "产业"], ["化发展"], ["2023"],
                                   ["5号"], ["aa"], ["市"], ["abc", "许政"], ["不在"],
                                   ["〔2023〕", "末尾", "通知"], ["关于"], ["末尾许昌市"]])
@pytest.mark.parametrize("estimate", [0.0, 1e9])        # found in the bytes / decoded and split
def test_hit_blocks_and_their_texts_are_those_of_a_plain_scan(terms, estimate):
    text = "\n".join(BLOCKS)
    hits = _blocks_with(text.encode(), [t.encode() for t in terms], estimate, len(text))
    expected = scan(BLOCKS, terms)
    assert hits.count == len(expected)
    assert hits.found == {t.encode() for t in terms if t in text}
    assert hits.first(None) == [(i, BLOCKS[i]) for i in expected]
    for n in (0, 1, 2, 3):
        assert hits.first(n) == [(i, BLOCKS[i]) for i in expected[:n]]


@pytest.mark.parametrize("estimate", [0.0, 1e9])
def test_blocks_added_by_their_kind_come_in_reading_order_without_text(estimate):
    text = "\n".join(BLOCKS)
    hits = _blocks_with(text.encode(), ["许昌市".encode()], estimate, len(text)).adding([1, 2])
    assert hits.first(None) == [(0, BLOCKS[0]), (1, ""), (2, BLOCKS[2]), (10, BLOCKS[10])]
    assert hits.count == 4
    assert hits.counted().count == 4 and hits.counted().first(None) == []


def test_many_hits_in_the_bytes_fall_back_to_the_decoded_text():
    blocks = ["许昌市"] * 600
    hits = _blocks_with("\n".join(blocks).encode(), ["许昌市".encode()], 0.0, 2400)
    assert hits.count == 600
    assert hits._ends is None and hits.first(2) == [(0, "许昌市"), (1, "许昌市")]
