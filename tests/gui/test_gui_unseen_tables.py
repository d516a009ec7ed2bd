"""The 表格 panel on the unseen gazette's award list (tests/fixtures/unseen_gazette.py): ten
county groups, one row left out of the printed list."""

from __future__ import annotations

from core.importer import parse_text
from tests.fixtures.unseen_gazette import award_list, render_issue


def test_panel_shows_the_one_group_that_does_not_add_up(gui_app, qtbot):
    from gui.panels.tables import TablesPanel

    items, truth = award_list(glued=True)
    k = next(i for i, it in enumerate(items) if getattr(it, "text", "").startswith("三、青溪县"))
    dropped = next(i for i in range(k, len(items)) if items[i].text.startswith("8 "))
    del items[dropped]
    parsed = parse_text(render_issue(items), source_name="t.txt", sha256="c" * 64)
    table = next(t for t in parsed.tables if t.header)
    panel = TablesPanel(ctx=None)
    qtbot.addWidget(panel)
    panel.set_tables([table])
    assert panel.model.rowCount() == 200 + 10 and len(panel.model.group_rows) == 10
    text = panel.checks.text()
    assert "青溪县：列出 25 家，文中称 26 家" in text and "岚东区：23 家 ✓" in text
    assert "全表：合计" in text and panel.picker.itemText(0).endswith(" · ✗ 核对不符")
