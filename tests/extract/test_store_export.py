"""Stored tasks and tables: queries by document and unit, re-extraction, ledger exports."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from core.errors import NotFound
from core.export.ledger import LEDGER_HEADER, write_ledger, write_table
from core.extract import extract_issue
from core.extract.reextract import reextract_library
from core.model import Issue, ParsedIssue

from .conftest import build_doc

TEXT = """
一、重点任务
1．加快推进重大项目建设。（牵头单位：市发展和改革委员会；配合单位：市财政局、国家税务总局开封市税务局；完成时限：2023 年 6 月底前）
2．完善财政资金监管。（责任单位：开封市财政局）
3．推进多式联运发展。（市交通运输局牵头，市财政局配合；完成时限：长期坚持）
附件
全市老旧消防站升级改造清单
序号 项目名称 建设内容 责任单位 完成时限
1 东城消防站 改造营房 市消防救援支队 2023年9月底前
2 西区消防站 新建车库 市财政局 2024年12月底前
"""


def _parsed(text: str = TEXT, sha: str = "a" * 64) -> ParsedIssue:
    issue_id = "i" + sha[:12]
    doc, blocks, sections = build_doc(text, doc_id=f"{issue_id}-d01", page=3)
    doc.title = "关于印发重点任务分工方案的通知"
    from core.wenhao import parse_doc_no

    doc.doc_no = parse_doc_no("汴政〔2023〕7号")
    issue = Issue(id=issue_id, gazette="开封市人民政府公报", year=2023, number=5,
                  total_number=None, source_name="kf-2023-05.txt", sha256=sha,
                  source_kind="text", page_count=20)
    parsed = ParsedIssue(issue=issue, source_text=text, documents=[doc], sections=sections,
                         blocks=blocks)
    extract_issue(parsed)
    return parsed


@pytest.fixture
def stored(library):
    parsed = _parsed()
    library.import_issue(parsed)
    return library, parsed


def test_extract_issue_numbers_tables_and_tasks():
    parsed = _parsed()
    assert [t.id for t in parsed.tables] == ["iaaaaaaaaaaaa-d01-t01"]
    assert [t.id for t in parsed.tasks] == [f"iaaaaaaaaaaaa-d01-k{n:03d}" for n in range(1, 6)]
    assert [t.source for t in parsed.tasks] == ["inline"] * 3 + ["table"] * 2


def test_tasks_by_document_and_unit(stored):
    lib, parsed = stored
    doc_id = parsed.documents[0].id
    assert [t.text for t in lib.tasks(doc_id)] == [t.text for t in parsed.tasks]
    # The unit by canonical name finds it under any printed name (开封市财政局, 市财政局).
    recs = lib.tasks_for_unit("市财政局")
    assert [r.task.ordinal for r in recs] == [1, 2, 3, 5]
    assert recs[0].issue_label == "《开封市人民政府公报》2023年第5期"
    assert recs[0].doc_no == "汴政〔2023〕7号" and recs[0].doc_title.startswith("关于印发")
    assert [r.task.ordinal for r in lib.tasks_for_unit("财政局", role="support")] == [1, 3]
    assert [r.task.ordinal for r in lib.tasks_for_unit("开封市财政局", role="lead")] == []
    # 国家税务总局开封市税务局 ≡ 市税务局 through resources/unit_aliases.txt.
    assert [r.task.ordinal for r in lib.tasks_for_unit("市税务局")] == [1]
    assert [r.task.ordinal for r in lib.task_records(due_before="2023-09-30")] == [1, 4]
    assert lib.tasks_for_unit("市教育局") == []


def test_units_counts(stored):
    lib, _ = stored
    by_name = {u.canonical: u for u in lib.units()}
    fin = by_name["市财政局"]
    assert (fin.lead, fin.support, fin.responsible, fin.total) == (0, 2, 2, 4)
    assert set(fin.printed) == {"市财政局", "开封市财政局"}
    assert by_name["市交通运输局"].lead == 1
    assert by_name["市税务局"].printed == ["国家税务总局开封市税务局"]


def test_tables_query(stored):
    lib, parsed = stored
    (table,) = lib.tables(parsed.documents[0].id)
    assert table.caption == "附件 全市老旧消防站升级改造清单" and table.row_count == 2
    assert lib.table(table.id).rows == table.rows
    assert [t.id for t in lib.tables()] == [table.id]
    with pytest.raises(NotFound, match="没有编号为 x-t09 的表格"):
        lib.table("x-t09")


def test_reextract_keeps_annotations(stored):
    lib, parsed = stored
    block = parsed.blocks[2]
    lib.db.execute(
        'INSERT INTO annotations (id, doc_id, block_id, start, "end", quote, prefix, suffix, '
        "color, note, created, modified, status, doc_key) "
        "VALUES ('a1', ?, ?, 0, 4, '加快推进', '', '', 'yellow', '督办', '', '', 'ok', 'k')",
        [block.doc_id, block.id])
    lib.db.conn.commit()
    lib.db.execute("DELETE FROM task_units")
    lib.db.execute("UPDATE blocks SET kind = 'table_row' WHERE id = ?", [parsed.blocks[1].id])
    lib.db.conn.commit()
    rep = reextract_library(lib)
    assert (rep.issues, rep.tables, rep.tasks) == (1, 1, 5)
    assert lib.block(parsed.blocks[1].id).kind == "paragraph"     # no longer a table row
    assert len(lib.tasks_for_unit("市财政局")) == 4
    assert lib.db.execute("SELECT note FROM annotations WHERE id = 'a1'").fetchone()[0] == "督办"


def test_ledger_xlsx_reads_back(stored, tmp_path):
    lib, _ = stored
    path = write_ledger(lib.tasks_for_unit("市财政局"), tmp_path / "台账.xlsx", "督办台账（市财政局）")
    ws = load_workbook(path).active
    assert ws["A1"].value == "督办台账（市财政局）"
    assert tuple(c.value for c in ws[2]) == LEDGER_HEADER
    assert ws.freeze_panes == "A3"
    first = [c.value for c in ws[3]]
    assert first == [1, "加快推进重大项目建设。", "市发展和改革委员会",
                     "市财政局、国家税务总局开封市税务局", "2023 年 6 月底前",
                     "关于印发重点任务分工方案的通知", "汴政〔2023〕7号",
                     "《开封市人民政府公报》2023年第5期", 3]
    assert ws["C4"].value == "开封市财政局"          # a 责任单位 goes under 牵头单位
    assert ws["B3"].alignment.wrap_text
    assert ws.column_dimensions["B"].width >= 40
    assert ws.max_row == 6


def test_ledger_csv_has_bom(stored, tmp_path):
    lib, _ = stored
    path = write_ledger(lib.task_records(), tmp_path / "ledger.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(LEDGER_HEADER) and len(lines) == 6


def test_table_exports(stored, tmp_path):
    lib, parsed = stored
    table = lib.tables(parsed.documents[0].id)[0]
    ws = load_workbook(write_table(table, tmp_path / "t.xlsx")).active
    assert ws["A1"].value == "附件 全市老旧消防站升级改造清单"
    assert [c.value for c in ws[2]] == ["序号", "项目名称", "建设内容", "责任单位", "完成时限"]
    assert [c.value for c in ws[4]] == [2, "西区消防站", "新建车库", "市财政局", "2024年12月底前"]      # 序号 as a number
    text = write_table(table, tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[1] == "1,东城消防站,改造营房,市消防救援支队,2023年9月底前"


def test_write_error_is_a_chinese_sentence(stored, tmp_path):
    from core.errors import GazetteError

    lib, _ = stored
    with pytest.raises(GazetteError, match="无法保存文件.*文件夹不存在"):
        write_ledger(lib.task_records(), tmp_path / "no-such-dir" / "x.xlsx")
