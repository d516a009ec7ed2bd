"""The fidelity probe's findings, each on a gazette in gazette layout
(tests/fixtures/fidelity_gazettes.py): parsed as the importer parses it, or imported and read
back through the command line."""

from __future__ import annotations

from core.importer import parse_text
from tests.fixtures.fidelity_gazettes import CITY_GAZETTE, NOTE_PLAN
from tests.fixtures.gazettes import render


def _parse(text: str, name: str = "fixture.txt"):
    return parse_text(text, source_name=name, sha256="2" * 64)


def test_units_named_by_a_note_are_responsible_for_the_tasks_after_it():
    """（各县（市、区）政府均为责任单位，不再列出） after the first task: the counties were the
    note of the later tasks but none of their units."""
    parsed = _parse(render(NOTE_PLAN, header=f"{CITY_GAZETTE}（2024 年第 5 期）", indent=True))
    tasks = parsed.tasks
    assert [t.text[:6] for t in tasks] == ["实施水源工程", "改造供水管网", "加强水质监测"]
    county = "各县（市、区）政府"
    assert tasks[0].units == ["市水利局", "市发展改革委"]
    assert all(t.note == "各县（市、区）政府均为责任单位，不再列出" for t in tasks[1:])
    assert tasks[1].units == ["市住房城乡建设局", county]
    assert tasks[2].lead == ["市卫生健康委"] and tasks[2].support == ["市水利局"]
    assert tasks[2].units == ["市卫生健康委", "市水利局", county]
