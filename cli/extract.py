"""Commands for responsibility lists and tables: tasks, units, tables, table, reextract."""

from __future__ import annotations

import argparse
import datetime as _dt
import threading

from core.errors import GazetteError
from core.model import SINGLE_PREFIX, Table, Task

from .common import OK, Context, emit_json, err, file_with_suffix, out, progress_printer

XLSX, CSV = file_with_suffix(".xlsx"), file_with_suffix(".csv")


def register(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("tasks", parents=[common], help="责任分工：某文件或某单位的任务",
                       description="列出任务（责任分工）。可按文件、单位、角色和时限筛选，"
                                   "并可导出督办台账（xlsx 或 csv）。")
    p.add_argument("doc_word", nargs="?", metavar="DOC", help="文件编号或文号，同 --doc")
    p.add_argument("--doc", metavar="DOC", help="文件编号或文号（如 许政〔2023〕14号）")
    p.add_argument("--issue", metavar="ID", help="只列某一期的任务（期标识、其前缀或 2023-3）")
    p.add_argument("--unit", metavar="UNIT", help="单位名称（印刷名称或规范名称，如 市财政局）")
    p.add_argument("--role", choices=("lead", "support", "responsible", "any"), default="any",
                   help="单位角色：lead 牵头，support 配合，responsible 列为责任单位"
                        "（未分牵头、配合），any 任意（默认）")
    p.add_argument("--due-before", metavar="DATE", help="只列时限在此日期及以前的任务（YYYY-MM-DD）")
    p.add_argument("--xlsx", metavar="FILE", type=XLSX, help="把结果写成督办台账 Excel 文件（.xlsx）")
    p.add_argument("--csv", metavar="FILE", type=CSV, help="把结果写成 CSV 文件（.csv，UTF-8 带 BOM）")
    p.set_defaults(handler=cmd_tasks)

    p = sub.add_parser("units", parents=[common], help="所有责任单位及其牵头、配合任务数")
    p.set_defaults(handler=cmd_units)

    p = sub.add_parser("tables", parents=[common], help="列出表格（某文件、某一期或全部）",
                       description="列出表格，按文件分组；可把所列表格写成一个 Excel 文件"
                                   "（目录一页，每张表格一页）。")
    p.add_argument("doc_word", nargs="?", metavar="DOC", help="文件编号或文号，同 --doc")
    p.add_argument("--doc", metavar="DOC", help="文件编号或文号")
    p.add_argument("--issue", metavar="ID", help="只列某一期的表格（期标识、其前缀或 2023-3）")
    p.add_argument("--xlsx", metavar="FILE", type=XLSX, help="把所列表格写成一个 Excel 文件（.xlsx）")
    p.set_defaults(handler=cmd_tables)

    p = sub.add_parser("table", parents=[common], help="显示或导出一张表格")
    p.add_argument("table_id", metavar="TABLE_ID", help="表格编号（见 tables 命令）")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--csv", metavar="FILE", type=CSV, help="导出为 CSV（.csv，UTF-8 带 BOM）")
    g.add_argument("--xlsx", metavar="FILE", type=XLSX, help="导出为 Excel 文件（.xlsx）")
    p.set_defaults(handler=cmd_table)

    p = sub.add_parser("reextract", parents=[common], help="重新抽取全部表格与责任分工（批注不受影响）")
    p.set_defaults(handler=cmd_reextract)


# -- JSON shapes (documented in README) -------------------------------------------------
def task_json(t: Task) -> dict:
    return {"id": t.id, "doc_id": t.doc_id, "order": t.ordinal, "text": t.text,
            "section_path": t.section_path, "lead": t.lead, "support": t.support,
            "units": t.units, "deadline_text": t.deadline_text or None, "deadline": t.deadline,
            "note": t.note or None, "source": t.source, "confidence": t.confidence,
            "block_id": t.block_id, "table_id": t.table_id, "page": t.page,
            "page_estimated": t.page_estimated}


def record_json(rec) -> dict:
    d = task_json(rec.task)
    d.update({"doc_title": rec.doc_title, "doc_no": rec.doc_no, "issue_id": rec.issue_id,
              "issue_label": rec.issue_label})
    return d


def table_json(t: Table, with_rows: bool = False) -> dict:
    d = {"id": t.id, "doc_id": t.doc_id, "order": t.ordinal, "caption": t.caption,
         "structured": t.structured, "row_count": t.row_count,
         "columns": len(t.header[0]) if t.header else (len(t.rows[0]) if t.rows else 0),
         "header": t.header, "groups": [{"row": i, "label": g} for i, g in t.groups],
         "section_id": t.section_id, "pages": [t.first_page, t.last_page],
         "pages_estimated": t.pages_estimated,
         "structure": t.structure, "raw_rows": t.raw_rows, "checks": t.checks}
    if with_rows:
        d["rows"] = t.rows
    return d


# -- commands ---------------------------------------------------------------------------
def _due_date(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return _dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        from core.extract.deadlines import parse_deadline

        date = parse_deadline(text)
    if date is None:
        raise GazetteError(f"无法识别日期“{text}”，请写成 YYYY-MM-DD（如 2023-06-30）。")
    return date


TASK_TEXT_CHARS = 80


def task_line(task_id: str, section_path: str, text: str) -> str:
    """A task's first line: its id, its place in the document in brackets (【二、（一）】,
    【附件】) apart from its text, and the text cut at 80 characters with ….
    ``id  【一、1．】全面落实……``"""
    text = " ".join(text.split())
    if len(text) > TASK_TEXT_CHARS:
        text = text[:TASK_TEXT_CHARS - 1] + "…"
    label = f"【{section_path.strip()}】" if section_path and section_path.strip() else ""
    return f"{task_id}  {label}{text}"


def cmd_tasks(ctx: Context) -> int:
    args, lib = ctx.args, ctx.library
    doc_id = lib.find_document(args.doc).id if args.doc else None
    issue = lib.find_issue(args.issue) if args.issue else None
    records = lib.task_records(doc_id=doc_id, unit=args.unit, role=args.role,
                               due_before=_due_date(args.due_before),
                               issue_id=issue.id if issue is not None else None)
    if args.unit and not records and not lib.match_units(args.unit):
        raise GazetteError(f"资料库中没有单位“{args.unit}”承担的任务（可用 units 命令查看单位名称）。")
    written = []
    from core.export.ledger import write_ledger

    for path in (args.xlsx, args.csv):
        if path:
            title = f"督办台账（{args.unit}）" if args.unit else "督办台账"
            if issue is not None:
                title = f"{issue.label} {title}"
            written.append(str(write_ledger(records, path, title)))
    if args.json:
        emit_json({"count": len(records), "written": written,
                   "tasks": [record_json(r) for r in records]})
        return OK
    for r in records:
        t = r.task
        roles = []
        if t.lead:
            roles.append("牵头：" + "、".join(t.lead))
        if t.support:
            roles.append("配合：" + "、".join(t.support))
        rest = [u for u in t.units if u not in t.lead and u not in t.support]
        if rest:
            roles.append("责任：" + "、".join(rest))
        if t.deadline_text:
            roles.append(f"时限：{t.deadline_text}")
        out(task_line(t.id, t.section_path, t.text))
        if roles:
            out(f"    {'；'.join(roles)}")
        page = f"{'约' if t.page_estimated else ''}第{t.page}页" if t.page is not None else ""
        # a single document's label (单篇文件 · 机关 · 文号) would name its 文号 twice
        label = SINGLE_PREFIX if r.issue_label.startswith(SINGLE_PREFIX) else r.issue_label
        where = [label, r.doc_no or "", r.doc_title, page]
        out(f"    来源：{' '.join(w for w in where if w)}")
    if issue is not None:
        files = f"，来自 {len({r.task.doc_id for r in records})} 份文件" if records else ""
        out(f"{issue.label}：共 {len(records)} 项任务{files}。")
    else:
        out(f"共 {len(records)} 项任务。")
    for path in written:
        out(f"已写入 {path}")
    return OK


def cmd_units(ctx: Context) -> int:
    units = ctx.library.units()
    if ctx.args.json:
        emit_json({"count": len(units), "units": [
            {"name": u.canonical, "printed": u.printed, "lead": u.lead, "support": u.support,
             "responsible": u.responsible, "tasks": u.total} for u in units]})
        return OK
    out("  牵头  配合  责任  合计  单位")
    for u in units:
        out(f"{u.lead:>6}{u.support:>6}{u.responsible:>6}{u.total:>6}  {u.canonical}")
    out(f"共 {len(units)} 个单位。")
    return OK


def cmd_tables(ctx: Context) -> int:
    args, lib = ctx.args, ctx.library
    doc_id = lib.find_document(args.doc).id if args.doc else None
    issue = lib.find_issue(args.issue) if args.issue else None
    tables = lib.tables(doc_id, issue_id=issue.id if issue is not None else None)
    documents = {d.id: d for d in (lib.documents(issue.id) if issue is not None else
                                   [lib.document(i) for i in dict.fromkeys(
                                       t.doc_id for t in tables)])}
    written = []
    if args.xlsx:
        if not tables:
            raise GazetteError("没有可导出的表格。")
        from core.export.ledger import write_tables

        title = f"{issue.label} 表格" if issue is not None else "表格"
        written.append(str(write_tables(tables, args.xlsx, documents, title)))
    if args.json:
        emit_json({"count": len(tables), "written": written,
                   "tables": [table_json(t) for t in tables]})
        return OK
    last, labels = None, {}
    for t in tables:
        if t.doc_id != last and doc_id is None:     # grouped under their document
            last = t.doc_id
            doc = documents.get(t.doc_id)
            if doc is not None:
                head = [doc.doc_no.printed] if doc.doc_no else []
                if issue is None:                   # the whole library: which issue too
                    if doc.issue_id not in labels:
                        labels[doc.issue_id] = lib.issue(doc.issue_id).label
                    head.insert(0, labels[doc.issue_id])
                out("  ".join(head + [doc.title]))
        kind = {"full": "结构化", "partial": "部分结构化"}.get(t.structure, "原文行")
        indent = "  " if doc_id is None else ""
        out(f"{indent}{t.id}  {t.caption or '（无标题）'}  {t.row_count} 行 {kind}")
    where = f"{issue.label}：" if issue is not None else ""
    files = f"，来自 {len({t.doc_id for t in tables})} 份文件" if doc_id is None and tables \
        else ""
    out(f"{where}共 {len(tables)} 张表格{files}。")
    for path in written:
        out(f"已写入 {path}")
    return OK


def cmd_table(ctx: Context) -> int:
    from core.export.ledger import table_grid, write_table

    args = ctx.args
    table = ctx.library.table(args.table_id)
    written = [str(write_table(table, p)) for p in (args.csv, args.xlsx) if p]
    if args.json:
        d = table_json(table, with_rows=True)
        d["written"] = written
        emit_json(d)
        return OK
    if written:
        out(f"已写入 {written[0]}")
        return OK
    out(table.caption or "（无标题）")
    header, rows = table_grid(table)
    if header:
        out(" | ".join(header))
    for row in rows:
        out(" | ".join(str(c).replace("\n", " ") for c in row))
    from core.extract.checks import check_message

    for check in table.checks:
        out(("" if check["ok"] else "✗ ") + check_message(check))
    note = {"full": "", "partial": f"（部分结构化：{len(table.raw_rows)} 行未能可靠分列，按原文行保存）"}
    out(f"共 {table.row_count} 行{note.get(table.structure, '（未能可靠分列，按原文行保存）')}。")
    return OK


def cmd_reextract(ctx: Context) -> int:
    rep = ctx.service.reextract(progress=progress_printer(not ctx.args.json),
                                cancel=threading.Event())
    if ctx.args.json:
        emit_json({"issues": rep.issues, "tables": rep.tables, "tasks": rep.tasks})
        return OK
    err(f"已重新抽取 {rep.issues} 期公报：表格 {rep.tables} 张，任务 {rep.tasks} 项。")
    return OK
