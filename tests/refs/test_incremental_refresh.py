"""The incremental status refresh (only what a changed issue can change) derives the same
tables as a full recomputation, after every import, replacement and removal, in any order."""

from __future__ import annotations

import sqlite3

import pytest

from core.importer import parse_text
from tests.fixtures.gazettes import L, P, render
from tests.refs.conftest import parsed_issue

DAY = "2024-06-01"

# A third 南川市 issue: a newer 质量奖 办法 repealing issue 2's, title-only citations of
# documents in issues 1 and 2, an amendment of issue 1's 养犬 rules, a 文号 cited without title.
ISSUE_3 = [
    L(" 南川市人民政府 "),
    L("关于印发南川市市长质量奖管理办法的通知"),
    L("南政〔2024〕15 号"),
    L("各县（区）人民政府，市人民政府各部门："),
    P("现将再次修订后的《南川市市长质量奖管理办法》印发给你们，请认真贯彻执行。"),
    P("本办法自 2024 年 4 月 1 日起施行，《南川市人民政府关于印发南川市市长质量奖管理办法的通知》"
      "（南政〔2024〕5 号）同时废止。"),
    L("南川市人民政府"),
    L("2024 年 3 月 20 日"),
    L(" 南川市人民政府办公室 "),
    L("关于做好 2024 年数据开放工作的通知"),
    L("南政办〔2024〕2 号"),
    L("各县（区）人民政府，市人民政府各部门："),
    P("按照《南川市公共数据管理办法》和《南川市旧城改造管理办法》，结合《南川市夜市管理办法》"
      "（南政〔2015〕4 号）执行情况，依据豫政办〔2022〕79 号文件要求，现就有关事项通知如下。"),
    P("一、对《南川市城市养犬管理规定》（南政〔2023〕5 号印发）作如下修改：删去第三条。"),
    L("南川市人民政府办公室"),
    L("2024 年 3 月 25 日"),
]


def _issue(n: int, other_file: bool = False):
    """Issue ``n``; ``other_file``: another file of it (its first document left out)."""
    if n in (1, 2):
        parsed = parsed_issue(n)
        if not other_file:
            return parsed
        from tests.fixtures.refs_gazettes import issue_text
        text = issue_text(n)
    else:
        text = render(ISSUE_3, header="南川市人民政府公报（2024 年第 9 期）", first_page=1)
    if other_file:
        cut = text.index("南川市人民政府", text.index("南川市人民政府") + 40)
        text = text[:text.index("\n", 10) + 1] + text[cut:]
    return parse_text(text, source_name=f"nanchuan-{n}.txt", sha256=f"{n}{'f' if other_file else n}" * 32)


def _tables(con) -> dict:
    return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
            for t in ("ref_keys", "cited_docs", "doc_status")}


def _full(lib, tmp_path, day: str = DAY) -> dict:
    """The three tables after a full recomputation for ``day``, on a copy of the library."""
    from core.store import Library

    copy = tmp_path / "full.sqlite"
    copy.unlink(missing_ok=True)
    dst = sqlite3.connect(copy)
    lib.db.conn.backup(dst)
    dst.close()
    with Library(copy) as other:
        other.refresh_refs(day)
        return _tables(other.db.conn)


@pytest.mark.parametrize("steps", [
    ["+1", "+2", "+3", "-2", "+2", "-1", "-3"],
    ["+3", "+2", "+1", "-3", "r1", "-2"],
    ["+2", "+3", "-2", "+1", "+2", "r3"],
])
def test_incremental_refresh_equals_full_recomputation(library, tmp_path, monkeypatch, steps):
    monkeypatch.setenv("GAZETTE_TODAY", DAY)
    calls = []
    real = library.ref_store._refresh_changed
    monkeypatch.setattr(library.ref_store, "_refresh_changed",
                        lambda day, changed: calls.append(day) or real(day, changed))
    ids = {}
    for step in steps:
        op, n = step[0], int(step[1:])
        if op == "+":
            ids[n] = library.import_issue(_issue(n)).issue_id
        elif op == "r":
            ids[n] = library.import_issue(_issue(n, other_file=True), replace=True).issue_id
        else:
            library.remove_issue(ids.pop(n))
        assert _tables(library.db.conn) == _full(library, tmp_path), step
    assert len(calls) == len(steps)                 # every change: incremental


def test_incremental_refresh_with_a_second_copy_of_the_corpus(corpus_library, tmp_path,
                                                              monkeypatch, corpus_text):
    """The same 文号 in two issues: the older document keeps the key; removing it moves
    every citation to the other (skips without the shared corpus)."""
    monkeypatch.setenv("GAZETTE_TODAY", DAY)
    corpus_library.refresh_refs(DAY)
    text = corpus_text.replace("（2023 年第 3 期）", "（2023 年第 4 期）")
    assert text != corpus_text
    copy = parse_text(text, source_name="copy.txt", sha256="c" * 64)
    corpus_library.import_issue(copy)
    assert _tables(corpus_library.db.conn) == _full(corpus_library, tmp_path)
    first = [i.id for i in corpus_library.issues() if i.id != copy.issue.id][0]
    corpus_library.remove_issue(first)
    assert _tables(corpus_library.db.conn) == _full(corpus_library, tmp_path)
    for n in (1, 2):
        corpus_library.import_issue(parsed_issue(n))
        assert _tables(corpus_library.db.conn) == _full(corpus_library, tmp_path)


def test_first_change_of_another_day_leaves_every_status_derived_for_that_day(library, tmp_path,
                                                                         monkeypatch):
    monkeypatch.setenv("GAZETTE_TODAY", "2024-02-20")       # before the repeal takes effect
    library.import_issue(_issue(1))
    library.import_issue(_issue(3))
    monkeypatch.setenv("GAZETTE_TODAY", DAY)
    library.import_issue(_issue(2))
    assert _tables(library.db.conn) == _full(library, tmp_path)
    days = {r[0] for r in library.db.conn.execute("SELECT computed_on FROM doc_status")}
    assert days == {DAY}


@pytest.mark.parametrize("days", [
    # d04 takes effect on 2024-09-01 (not yet → in force), a 2-year term from 2023-03-01 ends
    # (in force → expired), the repeal of issue 3 takes effect on 2024-04-01; and back
    ["2024-02-20", "2024-06-01", "2024-10-01", "2025-03-15", "2024-03-01"],
    ["2024-06-01", "2024-06-02", "2026-09-30", "2023-01-01"],
])
def test_a_change_of_day_derives_again_the_statuses_a_date_between_can_change(
        library, tmp_path, monkeypatch, days):
    """The first change of another day derives again only the statuses with a date between
    the two days; the tables equal a full recomputation for the new day every time."""
    from core.refs import RefGraph

    derived = []
    real = RefGraph.status
    monkeypatch.setattr(RefGraph, "status",
                        lambda self, subject, rels, day: derived.append(subject)
                        or real(self, subject, rels, day))
    ids, partial = {}, []
    steps = [lambda: ids.setdefault(1, library.import_issue(_issue(1)).issue_id),
             lambda: library.import_issue(_issue(3)),
             lambda: library.import_issue(_issue(2)),
             lambda: library.remove_issue(ids.pop(1)),
             lambda: library.import_issue(_issue(1))]
    for day, step in zip(days, steps):
        monkeypatch.setenv("GAZETTE_TODAY", day)
        stored = library.db.conn.execute("SELECT COUNT(*) FROM doc_status").fetchone()[0]
        derived.clear()
        step()
        count = len(derived)
        assert _tables(library.db.conn) == _full(library, tmp_path, day), day
        partial.append(count < stored)
    assert any(partial)         # a change of day did not derive every stored status again
