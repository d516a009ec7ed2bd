"""The PDF plan and layout step by step: which blocks, tables and annotations a plan takes,
lines filled and placed, titles broken between words (jieba), the running title."""

from __future__ import annotations

from core.annotations import make_annotation
from core.export.pdf import running_title
from core.export.pdflayout import LEFT, Glyph, Layout, words
from core.export.pdfplan import (
    ExportScope,
    GapItem,
    TableItem,
    body_items,
    choose_blocks,
    keep_annotations,
    place_tables,
    text_item,
)
from core.model import Block, Section, Table

TITLE = "关于进一步促进消费扩容提质加快形成强大国内市场的实施意见"


def _blocks() -> tuple[list[Block], list[Section]]:
    texts = [("title", "临城市关于促进消费的通知", None), ("heading", "一、总体要求", "s1"),
             ("paragraph", "到2025年，消费规模明显扩大。", "s1"),
             ("heading", "二、重点任务", "s2"), ("paragraph", "发展新型消费。", "s2"),
             ("table_row", "项目 金额", "s2"), ("paragraph", "加强组织领导。", "s2")]
    blocks = [Block(f"d-b{i:04d}", "d", i, kind, text, sec) for i, (kind, text, sec)
              in enumerate(texts)]
    sections = [Section("s1", "d", 1, None, 1, "cn", "一、", "总体要求", "d-b0001"),
                Section("s2", "d", 2, None, 1, "cn", "二、", "重点任务", "d-b0003")]
    return blocks, sections


def test_choose_blocks_by_section_and_annotation():
    blocks, sections = _blocks()
    chosen, label = choose_blocks(ExportScope("d"), blocks, sections, [])
    assert label == "全文" and chosen == {b.id for b in blocks}
    chosen, label = choose_blocks(ExportScope("d", sections=["一、"]), blocks, sections, [])
    assert label == "节选" and chosen == {"d-b0000", "d-b0001", "d-b0002"}   # head + section
    ann = make_annotation(blocks, "d-b0004", 0, "d-b0004", 4, note="我局牵头")
    chosen, label = choose_blocks(ExportScope("d", annotated_only=True), blocks, sections,
                                  [ann])
    assert label == "批注摘录" and chosen == {"d-b0000", "d-b0003", "d-b0004"}   # + heading


def test_tables_annotations_and_items_in_reading_order():
    blocks, sections = _blocks()
    table = Table("d-t01", "d", 1, "表1", header=[["项目", "金额"]], rows=[["A", "1"]],
                  block_ids=["d-b0005"])
    chosen = {"d-b0000", "d-b0004", "d-b0006"}
    table_at, in_table = place_tables([table], chosen)
    assert table_at == {} and in_table == set()          # no row of it chosen
    chosen.add("d-b0005")
    table_at, in_table = place_tables([table], chosen)
    assert table_at == {"d-b0005": table} and in_table == {"d-b0005"}
    noted = make_annotation(blocks, "d-b0004", 0, "d-b0004", 4, note="看这里")
    plain = make_annotation(blocks, "d-b0006", 0, "d-b0006", 4)
    elsewhere = make_annotation(blocks, "d-b0002", 0, "d-b0002", 3, note="不在范围内")
    kept, numbers = keep_annotations([noted, plain, elsewhere], blocks, chosen)
    assert kept == [noted, plain] and numbers == {noted.id: 1}
    items = body_items(blocks, sections, chosen, table_at, in_table, kept, numbers, gaps=True)
    kinds = [type(i).__name__ if not hasattr(i, "style") else i.style for i in items]
    assert kinds == ["title", "GapItem", "paragraph", "TableItem", "paragraph"]
    assert isinstance(items[1], GapItem) and isinstance(items[3], TableItem)
    assert items[2].notes[0].text == "看这里" and items[2].markers == [(4, "①")]


def test_text_item_marks_markers_and_notes():
    blocks, _ = _blocks()
    b = blocks[2]
    ann = make_annotation(blocks, b.id, 0, b.id, 5, color="red", note="数据")
    item = text_item(b, "paragraph", [(0, 5, ann)], {ann.id: 3})
    assert item.marks == [(0, 5, "red")] and item.markers == [(5, "③")]
    assert [(n.number, n.text, n.pos) for n in item.notes] == [(3, "数据", 0)]


def _layout() -> Layout:
    from core.export.fonts import cjk_font

    return Layout(cjk_font().name, 0.88, -0.12, margin_notes=False)


def test_title_breaks_between_words_at_every_width():
    lay = _layout()
    spans = words(TITLE)
    assert (TITLE.index("消费"), TITLE.index("消费") + 2) in spans
    inside = {i for s, e in spans for i in range(s + 1, e)}
    glyphs = lay.glyphs(TITLE, 17)
    broken = 0
    for chars in range(5, 20):
        lines = lay.break_lines(glyphs, chars * 17 + 1, 0, "center", spans)
        starts = [ln.start for ln in lines[1:]]
        assert not inside.intersection(starts), (chars, ["".join(g.text for g in ln.glyphs)
                                                         for ln in lines])
        plain = lay.break_lines(glyphs, chars * 17 + 1, 0, "center")
        broken += bool(inside.intersection(ln.start for ln in plain[1:]))
    assert broken            # without the words, some width cuts a word (促进消 / 费)


def test_fill_and_place_lines():
    g = [Glyph(ch, 10.0, 10.0, i) for i, ch in enumerate("一二三四五六七")]
    units = Layout.units(g)
    lines = Layout.fill_lines(units, 30.0, 10.0)
    assert ["".join(x.text for x in ln) for ln in lines] == ["一二", "三四五", "六七"]
    first = Layout.place_line(lines[0], True, False, 30.0, 10.0, "justify")
    assert first.xs[0] == LEFT + 10.0 and (first.start, first.end) == (0, 2)
    last = Layout.place_line(lines[2], False, True, 30.0, 10.0, "center")
    assert last.xs[0] == LEFT + 5.0                       # (30 - 20) / 2
    assert Layout.units([Glyph(c, 5, 10, i) for i, c in enumerate("第2025年")])[1][-1].text \
        == "5"                                            # digits stay together


def test_running_title_shrinks_then_cuts_at_a_word():
    def width_of(text, size):
        return len(text) * size

    short, size = running_title("关于促进消费的通知", 9 * 8.5, width_of)
    assert (short, size) == ("关于促进消费的通知", 8.5)
    assert running_title("关于促进消费的通知", 9 * 7.6, width_of) == ("关于促进消费的通知", 7.5)
    cut, size = running_title(TITLE, 12 * 7, width_of)
    assert size == 7 and cut.endswith("…") and len(cut) <= 12
    ends = {e for _s, e in words(TITLE)}
    assert len(cut) - 1 in ends                            # after a whole word
