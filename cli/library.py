"""Library commands: import, list, show, remove, info."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

from service import MERGE_NONE

from .common import FAILED, OK, Context, emit_json, err, out, progress_printer
from .jsonshape import block_json, document_json, issue_json, section_json


def register(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import", parents=[common], help="导入公报文件（PDF 或 TXT）",
                       description="导入一期或多期公报。每个文件一个事务：要么全部导入，要么资料库不变。"
                                   "检索索引的小段累积到需要合并时，由后台进程（merge-index）合并，"
                                   "本命令不等待它结束。")
    p.add_argument("files", nargs="+", metavar="FILE", help="公报文件（PDF 或文本）")
    p.add_argument("--replace", action="store_true",
                   help="同一期公报（同名、同年、同期号）已存在时，用新文件替换")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("list", parents=[common], help="列出各期公报，或某期的文件")
    p.add_argument("--issue", metavar="ID", help="期标识（如 i3f2a…，或 2023-3）")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("show", parents=[common], help="显示文件正文或标题层级")
    p.add_argument("doc", metavar="DOC", help="文件编号或文号（如 许政〔2023〕14号）")
    p.add_argument("--sections", action="store_true", help="只显示标题层级")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("remove", parents=[common], help="删除一期公报（批注保留）")
    p.add_argument("issue", metavar="ISSUE", help="期标识（如 i3f2a…，或 2023-3）")
    p.set_defaults(handler=cmd_remove)

    p = sub.add_parser("info", parents=[common], help="资料库位置与统计")
    p.set_defaults(handler=cmd_info)


def cmd_import(ctx: Context) -> int:
    args = ctx.args
    results, failures, unchanged = [], [], []
    cancel = threading.Event()
    service = ctx.service

    def announce(path: Path) -> None:
        if not args.json:
            err(f"导入 {path.name} …")

    for path in map(Path, args.files):
        announce(path)
        o = service.import_file(path, replace=args.replace,
                                progress=progress_printer(not args.json), cancel=cancel)
        if o.status == "duplicate":
            entry = {"file": str(path), "error": o.message, "existing_issue": o.issue_id,
                     "duplicate": True, "same_file": o.same_file}
            # The very same file: nothing to do, not a failure. Another file of an issue
            # already in the library needs a decision (--replace): a failure.
            (unchanged if o.same_file else failures).append(entry)
            err(f"  {o.message}")
            continue
        if o.status == "failed":
            failures.append({"file": str(path), "error": o.message})
            err(f"  错误：{o.message}")
            continue
        entry = {"file": str(path), "issue_id": o.issue_id, "label": o.label,
                 "documents": o.documents, "pages": o.pages, "replaced": o.replaced_id}
        if o.warning:
            entry["warning"] = o.warning
            err(f"  {o.warning}")
        results.append(entry)
        if not args.json:
            pages = f"，{o.pages} 页" if o.pages else ""
            replaced = "（已替换原有版本）" if o.replaced_id else ""
            out(f"已导入 {o.label}{replaced}：{o.documents} 份文件{pages}  [{o.issue_id}]")
    # the index's segments are merged by a background process when a tier is full: this
    # process does not wait for it (see LibraryService.settle_index)
    merge = service.settle_index() if results else MERGE_NONE
    if args.json:
        emit_json({"imported": results, "unchanged": unchanged, "failed": failures,
                   "index_merge": merge})
    elif len(args.files) > 1:
        out(f"共 {len(args.files)} 个文件：导入 {len(results)} 个，未改动 {len(unchanged)} 个，"
            f"失败 {len(failures)} 个。")
    return OK if not failures else FAILED


def cmd_list(ctx: Context) -> int:
    lib = ctx.library
    if ctx.args.issue:
        issue = lib.find_issue(ctx.args.issue)
        docs = lib.documents(issue.id)
        if ctx.args.json:
            emit_json({"issue": issue_json(issue), "documents": [document_json(d) for d in docs]})
            return OK
        out(f"{issue.label}  [{issue.id}]  {len(docs)} 份文件")
        for d in docs:
            no = d.doc_no.printed if d.doc_no else "（无文号）"
            pages = ("约" if d.pages_estimated else "") + _pages(d.first_page, d.last_page)
            out(f"  {d.id}  {no}  {d.title}  [{d.doc_type or '—'}] {d.date or ''} {pages}".rstrip())
        return OK
    issues = lib.issues()
    if ctx.args.json:
        counts = {i.id: len(lib.documents(i.id)) for i in issues}
        emit_json({"issues": [dict(issue_json(i), documents=counts[i.id]) for i in issues]})
        return OK
    if not issues:
        out("资料库是空的。用 `python main.py import 文件` 导入公报。")
        return OK
    for i in issues:
        n = len(lib.documents(i.id))
        out(f"{i.id}  {i.label}  {n} 份文件  {f'{i.page_count} 页' if i.page_count else '页数不详'}  {i.source_name}")
    return OK


def _pages(first, last) -> str:
    if first and last and first != last:
        return f"第 {first}–{last} 页"
    if first or last:
        return f"第 {first or last} 页"
    return ""


def cmd_show(ctx: Context) -> int:
    lib = ctx.library
    doc = lib.find_document(ctx.args.doc)
    issue = lib.issue(doc.issue_id)
    sections = lib.sections(doc.id)
    if ctx.args.sections:
        if ctx.args.json:
            emit_json({"document": document_json(doc), "sections": [section_json(s) for s in sections]})
            return OK
        out(f"{doc.title}（{doc.doc_no.printed if doc.doc_no else '无文号'}）")
        for s in sections:
            page = f"  [{'约' if s.page_estimated else ''}第 {s.page} 页]" if s.page else ""
            out(f"{'  ' * s.level}{s.numbering} {s.title}".rstrip() + page)
        return OK
    blocks = lib.blocks(doc.id)
    if ctx.args.json:
        emit_json({"issue": issue_json(issue), "document": document_json(doc),
                   "sections": [section_json(s) for s in sections],
                   "blocks": [block_json(b) for b in blocks]})
        return OK
    out(f"{issue.label}")
    repeats = _repeated_headers(lib.tables(doc.id), blocks)
    for b in blocks:
        if b.id in repeats:
            continue        # a table's header printed again after a page break: shown once
        if b.kind in ("heading", "title"):
            out("")
        out(b.text)
    return OK


def _repeated_headers(tables, blocks) -> set[str]:
    """The ids of the blocks that print a table's header line again (after a page break),
    after its first printing."""
    from core.textmatch import dense

    text = {b.id: dense(b.text) for b in blocks}
    out: set[str] = set()
    for t in tables:
        head = dense("".join(c for row in t.header for c in row))
        seen: set[str] = set()
        for bid in t.block_ids:
            line = text.get(bid, "")
            if len(line) > 1 and line in head:
                if line in seen:
                    out.add(bid)
                seen.add(line)
    return out


def cmd_remove(ctx: Context) -> int:
    issue = ctx.library.find_issue(ctx.args.issue)
    warning = ctx.service.remove_issue(issue.id).warning
    if ctx.args.json:
        emit_json({"removed": issue_json(issue), "warning": warning})
    else:
        out(f"已删除 {issue.label}（{issue.source_name}）。")
        if warning:
            err(warning)
    return OK


def cmd_info(ctx: Context) -> int:
    st = ctx.library.stats()
    data = {"data_dir": str(ctx.folder), "database": str(ctx.db_file),
            "schema_version": ctx.library.schema_version, "issues": st.issues,
            "documents": st.documents, "blocks": st.blocks, "tables": st.tables,
            "tasks": st.tasks, "annotations": st.annotations}
    if ctx.args.json:
        emit_json(data)
    else:
        out(f"资料库：{ctx.folder}")
        out(f"公报 {st.issues} 期，文件 {st.documents} 份，段落 {st.blocks} 个，"
            f"表格 {st.tables} 个，任务 {st.tasks} 项，批注 {st.annotations} 条。")
    return OK
