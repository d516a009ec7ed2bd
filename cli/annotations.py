"""Annotation and export commands: annotate, annotations, export."""

from __future__ import annotations

import argparse
import threading

from core.annotations import COLORS, AnnotationRecord, annotation_for_quote, color_name
from core.errors import GazetteError, NotFound

from .common import (
    OK,
    Context,
    emit_json,
    err,
    file_with_suffix,
    out,
    positive_int,
    progress_printer,
)

COLOR_CHOICES = tuple(COLORS)


def register(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("annotate", parents=[common], help="为文件中的一段原文添加高亮或批注",
                       description="按原文查找（不计空格）并添加批注，立即存入资料库。")
    p.add_argument("doc", metavar="DOC", help="文件编号或文号（如 许政〔2023〕14号）")
    p.add_argument("--quote", required=True, metavar="TEXT", help="要标注的原文")
    p.add_argument("--note", default="", metavar="N", help="批注内容")
    p.add_argument("--color", default="yellow", choices=COLOR_CHOICES, help="颜色（默认 yellow）")
    p.add_argument("--occurrence", type=positive_int("（第 1 处、第 2 处……）"), metavar="K",
                   help="原文在文件中出现多处时，标注第 K 处")
    p.set_defaults(handler=cmd_annotate)

    p = sub.add_parser("annotations", parents=[common], help="列出批注，或导出为 Markdown/xlsx",
                       description="按阅读顺序列出批注；未能定位（原文件已删除或已更正）的排在最后。")
    p.add_argument("--doc", metavar="DOC", help="只列出该文件的批注")
    p.add_argument("--text", metavar="T", help="原文或批注中含有的文字")
    p.add_argument("--color", choices=COLOR_CHOICES, help="只列出该颜色")
    p.add_argument("--orphans", action="store_true", help="只列出未能定位的批注")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--md", metavar="FILE", type=file_with_suffix(".md", ".markdown"),
                     help="导出为 Markdown 文件（.md）")
    fmt.add_argument("--xlsx", metavar="FILE", type=file_with_suffix(".xlsx"),
                     help="导出为 Excel 文件（.xlsx）")
    p.set_defaults(handler=cmd_annotations)

    p = sub.add_parser("annotation", parents=[common], help="查看、修改或删除一条批注",
                       description="按批注编号（annotations 列出的前 8 位即可）查看一条批注；"
                                   "--note、--color 修改它，--delete 删除它。")
    p.add_argument("ann_id", metavar="ID", help="批注编号或其开头几位（如 c2b448b3）")
    p.add_argument("--note", metavar="N", help="新的批注内容（空字符串清除批注内容）")
    p.add_argument("--color", choices=COLOR_CHOICES, help="新的颜色")
    p.add_argument("--delete", action="store_true", help="删除这条批注")
    p.set_defaults(handler=cmd_annotation)

    p = sub.add_parser("export", parents=[common], help="将文件导出为可打印的 PDF（含高亮与批注）",
                       description="导出 A4 PDF：全文、部分章节或仅批注段落；多个文件合为一个 PDF。")
    p.add_argument("docs", nargs="+", metavar="DOC", help="文件编号或文号，可多个")
    p.add_argument("--sections", nargs="+", metavar="PATH", default=[],
                   help="只导出这些章节：章节编号或序号路径（如 二、（一））；"
                        "其后的词都算作章节，请写在 DOC 之后")
    p.add_argument("--annotated-only", action="store_true",
                   help="只导出有批注的段落（含所在段落全文与上级标题）")
    p.add_argument("--notes", choices=("auto", "below"), default="auto",
                   help="批注位置：auto＝页边（放不下时在段后），below＝一律在段后")
    p.add_argument("--no-excerpt-note", action="store_true", help="不印摘录说明")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="输出文件")
    p.set_defaults(handler=cmd_export)


def annotation_json(rec: AnnotationRecord) -> dict:
    a = rec.annotation
    return {"id": a.id, "doc_id": a.doc_id, "doc_title": rec.doc_title, "doc_no": rec.doc_no,
            "issue": rec.issue_label, "page": rec.page, "page_estimated": rec.page_estimated,
            "block_id": a.block_id,
            "start": a.start, "end_block_id": a.end_block_id or a.block_id, "end": a.end,
            "quote": a.quote, "prefix": a.prefix, "suffix": a.suffix, "color": a.color,
            "note": a.note, "created": a.created, "modified": a.modified, "status": a.status}


def cmd_annotate(ctx: Context) -> int:
    args, lib = ctx.args, ctx.library
    doc = lib.find_document(args.doc)
    ann = annotation_for_quote(lib.blocks(doc.id), args.quote, occurrence=args.occurrence,
                               color=args.color, note=args.note, doc_label=f"“{doc.title}”")
    ann = lib.add_annotation(ann)
    rec = next(r for r in lib.annotation_records(doc.id) if r.annotation.id == ann.id)
    if args.json:
        emit_json(annotation_json(rec))
    else:
        where = rec.page_text
        out(f"已添加批注 {ann.id}（{color_name(ann.color)}，{where}）：{ann.quote}")
    return OK


def cmd_annotations(ctx: Context) -> int:
    args, lib = ctx.args, ctx.library
    doc_id = lib.find_document(args.doc).id if args.doc else None
    records = lib.annotation_records(doc_id, text=args.text, color=args.color,
                                     status="orphan" if args.orphans else None)
    written = None
    if args.md or args.xlsx:
        from core.export.notes import write_annotations_markdown, write_annotations_xlsx

        written = (write_annotations_markdown(records, args.md) if args.md
                   else write_annotations_xlsx(records, args.xlsx))
    if args.json:
        emit_json({"count": len(records), "file": str(written) if written else None,
                   "annotations": [annotation_json(r) for r in records]})
        return OK
    if written:
        out(f"已导出 {len(records)} 条批注到 {written}")
        return OK
    if not records:
        out("没有符合条件的批注。")
    for r in records:
        a = r.annotation
        where = r.page_text
        where = "未能定位" if a.status == "orphan" else where
        out(f"{a.id[:8]}  {color_name(a.color)}  {r.doc_no or r.doc_title}  {where}")
        out(f"    原文：{a.quote}")
        if a.note:
            out(f"    批注：{a.note}")
    return OK


def _record(lib, ann_id: str, doc_id: str) -> AnnotationRecord:
    """The annotation with its document's title, 文号, issue and page (as listed)."""
    for records in (lambda: lib.annotation_records(doc_id), lambda: lib.annotation_records()):
        found = next((r for r in records() if r.annotation.id == ann_id), None)
        if found is not None:
            return found
    raise NotFound(f"资料库中没有编号为“{ann_id}”的批注。")


def _print_record(r: AnnotationRecord, head: str) -> None:
    a = r.annotation
    where = "未能定位" if a.status == "orphan" else r.page_text
    out(f"{head}{a.id}（{color_name(a.color)}，{r.doc_no or r.doc_title}，{where}）")
    out(f"    原文：{a.quote}")
    if a.note:
        out(f"    批注：{a.note}")


def cmd_annotation(ctx: Context) -> int:
    """One annotation: shown, changed (--note, --color) or deleted (--delete)."""
    args, lib = ctx.args, ctx.library
    if args.delete and (args.note is not None or args.color is not None):
        raise GazetteError("--delete 不能与 --note、--color 同时使用：删除批注，或修改它。")
    ann = lib.find_annotation(args.ann_id)
    if args.delete:
        rec = _record(lib, ann.id, ann.doc_id)
        lib.delete_annotation(ann.id)
        if args.json:
            emit_json({"deleted": annotation_json(rec)})
        else:
            _print_record(rec, "已删除批注 ")
        return OK
    changed = args.note is not None or args.color is not None
    if changed:
        lib.update_annotation(ann.id, note=args.note, color=args.color)
    rec = _record(lib, ann.id, ann.doc_id)
    if args.json:
        emit_json(annotation_json(rec))
    else:
        _print_record(rec, "已修改批注 " if changed else "批注 ")
    return OK


def cmd_export(ctx: Context) -> int:
    from core.export.pdf import export_pdf
    from core.export.pdfplan import ExportScope, resolve_sections

    args, lib = ctx.args, ctx.library
    if not args.output.lower().endswith(".pdf"):        # as digest -o: a PDF named .txt is a slip
        raise GazetteError(f"输出文件应以 .pdf 结尾：{args.output}（文件未写入）")
    docs = [lib.find_document(ref) for ref in args.docs]
    scopes = []
    unmatched = set(args.sections)
    for doc in docs:
        mine = []
        sections = lib.sections(doc.id)
        for ref in args.sections:
            try:
                resolve_sections(sections, [ref])
            except NotFound:
                continue
            mine.append(ref)
            unmatched.discard(ref)
        if args.sections and not mine:
            continue          # none of the sections is in this document
        scopes.append(ExportScope(doc.id, mine, args.annotated_only))
    if unmatched:
        raise NotFound(f"所选文件中没有章节“{sorted(unmatched)[0]}”"
                       "（可用 show DOC --sections 查看章节序号）。")
    if not scopes:
        raise GazetteError("没有可导出的内容。")
    result = export_pdf(lib, scopes, args.output, notes=args.notes,
                        excerpt_note=not args.no_excerpt_note,
                        progress=progress_printer(not args.json), cancel=threading.Event())
    for w in result.warnings:
        err(f"提示：{w}")
    if args.json:
        emit_json({"file": str(result.path), "pages": result.pages,
                   "documents": result.documents, "annotations": result.annotations,
                   "notes": result.notes, "font": result.font,
                   "font_embedded": result.font_embedded, "warnings": result.warnings})
    else:
        out(f"已导出 {result.documents} 个文件，共 {result.pages} 页（批注 {result.annotations} 条）："
            f"{result.path}")
    return OK
