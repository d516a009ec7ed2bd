"""The exact matcher: normalisation, spans into the original text, snippets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from index.textmatch import find_in_text, merge_spans, normalize, snippet

ROOT = Path(__file__).resolve().parents[2]


def test_normalize_folds_width_case_and_whitespace():
    assert normalize("许政〔２０２３〕14 号\n ＡＢＣ　x") == "许政〔2023〕14号abcx"
    assert normalize("（一）") == "(一)"


def test_spans_point_at_original_characters_across_spaces_and_wraps():
    text = "许政〔2023〕14 号：推进城市化\n发展"
    assert find_in_text(text, "14号") == [(8, 12)]
    (start, end), = find_in_text(text, "化发展")
    assert text[start:end] == "化\n发展"


def test_full_width_digits_and_latin_match_half_width():
    text = "ＡＢＣ公司编号２０２３"
    assert find_in_text(text, "abc") == [(0, 3)]
    assert find_in_text(text, "2023") == [(7, 11)]


def test_every_occurrence_is_found_and_empty_queries_find_nothing():
    assert find_in_text("市财政局、市财政局", "市财政局") == [(0, 4), (5, 9)]
    assert find_in_text("abc", "") == []
    assert find_in_text("abc", "   ") == []
    assert find_in_text("", "a") == []


def test_merge_spans():
    assert merge_spans([(5, 8), (0, 2), (1, 3), (8, 9)]) == [(0, 3), (5, 9)]


def test_snippet_is_about_60_characters_with_spans_inside():
    text = "甲" * 100 + "专精特新" + "乙" * 100
    spans = find_in_text(text, "专精特新")
    piece, inside = snippet(text, spans)
    assert 60 <= len(piece) <= 64
    (s, e), = inside
    assert piece[s:e] == "专精特新"
    short, inside = snippet("专精特新企业", [(0, 4)])
    assert short == "专精特新企业" and inside == [(0, 4)]


def test_find_in_text_imports_neither_jieba_nor_whoosh():
    code = ("import sys; from index import find_in_text; find_in_text('ab', 'b'); "
            "print(any(m.split('.')[0] in ('jieba', 'whoosh') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_fast_offsets_agree_with_the_character_map():
    import random

    from index.textmatch import offset_map, original_offsets

    rng = random.Random(7)
    alphabet = "数字经济 　\n\tＡb2２，"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        omap = offset_map(text)
        positions = sorted(rng.sample(range(len(omap)), k=min(len(omap), 5)))
        assert original_offsets(text, positions) == [omap[p] for p in positions]
