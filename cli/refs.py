"""Citations and status: refs, status, cited, digest.

``--today YYYY-MM-DD`` (or the environment variable ``GAZETTE_TODAY``) sets the day against
which 已到期 / 尚未施行 / 已废止 are decided; by default, the system date.
"""

from __future__ import annotations

import argparse
import datetime as _dt
from typing import TYPE_CHECKING

from core.errors import GazetteError, NotFound

from .common import OK, Context, emit_json, out
from .jsonshape import document_json

if TYPE_CHECKING:
    from core.store import Library

KIND_ZH = {"repeals": "废止", "replaces": "代替", "amends": "修改", "implements": "贯彻/依据",
           "cites": "引用"}


def _day(ctx: Context) -> _dt.date:
    """The day statuses are judged on: ``--today``, else ``$GAZETTE_TODAY``, else the system
    date. A ``GAZETTE_TODAY`` that is not a date is refused (it was silently ignored, and
    statuses were judged on the system date while the user meant another day)."""
    import os

    from core.refs import as_date

    value = os.environ.get("GAZETTE_TODAY", "").strip()
    if ctx.args.today is None and value:
        try:
            _dt.date.fromisoformat(value)
        except ValueError:
            raise GazetteError(f"环境变量 GAZETTE_TODAY 的值“{value}”不是日期，应为 YYYY-MM-DD"
                               "（如 2024-06-01）；删去它则按系统日期判断效力。") from None
    return as_date(ctx.args.today)


def _today(value: str) -> str:
    try:
        return _dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD：{value}") from e


def register(sub, common: argparse.ArgumentParser) -> None:
    today = {"metavar": "DATE", "type": _today,
             "help": "按此日期判断效力（YYYY-MM-DD；默认今天，或环境变量 GAZETTE_TODAY）"}
    p = sub.add_parser("refs", parents=[common], help="文件的引用关系：它引用的、引用它的、废止/修改",
                       description="列出一个文件引用的文件、引用它的文件，以及废止、修改、代替、"
                                   "依据等关系和说明它们的原句。")
    p.add_argument("doc", metavar="DOC", help="文件编号或文号（如 许政〔2023〕14号）")
    p.add_argument("--today", **today)
    p.set_defaults(handler=cmd_refs)

    p = sub.add_parser("status", parents=[common], help="文件的效力状态及依据",
                       description="现行有效、已废止、已修改、已到期、尚未施行或未知，以及决定它的文件和原句。"
                                   "DOC 可以是资料库中的文件，也可以是只被引用过的文号或《标题》。")
    p.add_argument("doc", metavar="DOC", help="文件编号、文号，或被引用文件的《标题》")
    p.add_argument("--today", **today)
    p.set_defaults(handler=cmd_status)

    p = sub.add_parser("cited", parents=[common], help="被引用但不在资料库中的文件（引用最多的在前）")
    p.add_argument("--all", action="store_true", help="也列出资料库中已有的被引用文件")
    p.add_argument("--limit", type=int, default=0, metavar="N", help="最多列出 N 个（默认全部）")
    p.add_argument("--today", **today)
    p.set_defaults(handler=cmd_cited)

    p = sub.add_parser("digest", parents=[common], help="本期概要：文件、废止修改、新任务、新表格",
                       description="一期公报的概要：按文种列出文件，它们废止或修改了哪些文件，"
                                   "各单位的新任务和新表格；-o 写成一页 PDF。")
    p.add_argument("issue", metavar="ISSUE", help="期标识（如 i3f2a…，或 2023-3）")
    p.add_argument("-o", "--output", metavar="FILE.pdf", help="写成一页 PDF")
    p.add_argument("--today", **today)
    p.set_defaults(handler=cmd_digest)


# -- JSON shapes ---------------------------------------------------------------------------
def status_json(s, library: Library | None = None) -> dict:
    d = s.to_dict()
    by = None
    if library is not None and s.by_doc_id:
        try:
            by = library.document(s.by_doc_id)
        except NotFound:
            by = None
    d["by_doc_no"] = by.doc_no.normalized if by is not None and by.doc_no else None
    d["by_title"] = by.title if by is not None else None
    return d


def relation_json(r) -> dict:
    return {"kind": r.kind, "target_key": r.target_key, "target_doc_no": r.target_doc_no,
            "target_title": r.target_title, "sentence": r.sentence, "block_id": r.block_id,
            "confidence": r.confidence, "date": r.date}


def term_json(t) -> dict | None:
    if t is None:
        return None
    return {"effective": t.effective, "effective_text": t.effective_text or None,
            "effective_block": t.effective_block, "expires": t.expires,
            "term_years": t.term_years, "expires_text": t.expires_text or None,
            "expires_block": t.expires_block}


def _doc_label(title: str | None, doc_no: str | None) -> str:
    return (f"《{title}》" if title else "") + (f"（{doc_no}）" if doc_no else "")


# -- commands ------------------------------------------------------------------------------
def cmd_refs(ctx: Context) -> int:
    from core.refs import NO_STATUS, has_status
    day = _day(ctx)
    lib = ctx.library
    ctx.service.ensure_refs()
    doc = lib.find_document(ctx.args.doc)
    view = lib.refs_view(doc.id, day)
    if ctx.args.json:
        emit_json({"document": document_json(doc), "today": day.isoformat(),
                   "status": status_json(view["status"], lib), "term": term_json(view["term"]),
                   "cites": [link.to_dict() for link in view["cites"]],
                   "cited_by": [link.to_dict() for link in view["cited_by"]],
                   "relations": [relation_json(r) for r in view["relations"]]})
        return OK
    no = doc.doc_no.normalized if doc.doc_no else None
    out(_doc_label(doc.title, no))
    s = view["status"]
    if not has_status(doc):
        out(f"效力：{NO_STATUS}")
    else:
        out(f"效力：{s.status}　{s.reason}")
    if s.sentence and has_status(doc):
        out(f"  原句：{s.sentence}")
    out("")
    out(f"它引用的（{len(view['cites'])}）：")
    for link in view["cites"]:
        kinds = "、".join(KIND_ZH[k] for k in link.kinds if k != "cites") or "引用"
        where = "" if link.doc_id else "［不在资料库中］"
        status = f"［{link.status.status}］" if link.status else ""
        out(f"  {kinds}　{_doc_label(link.title, link.doc_no)}{where}{status}"
            f"　{len(link.places)} 处")
    if not view["cites"]:
        out("  （无）")
    out(f"引用它的（{len(view['cited_by'])}）：")
    for link in view["cited_by"]:
        kinds = "、".join(KIND_ZH[k] for k in link.kinds if k != "cites") or "引用"
        out(f"  {kinds}　{_doc_label(link.title, link.doc_no)}　{link.date or ''}")
        if link.sentence and link.kinds and link.kinds[0] != "cites":
            out(f"    原句：{link.sentence}")
    if not view["cited_by"]:
        out("  （无）")
    strong = [r for r in view["relations"] if r.kind in ("repeals", "replaces", "amends")]
    if strong:
        out("废止/修改：")
        for r in strong:
            sure = "" if r.confidence >= 0.7 else "（存疑）"
            out(f"  {KIND_ZH[r.kind]}{sure}　{_doc_label(r.target_title, r.target_doc_no)}")
            out(f"    原句：{r.sentence}")
    return OK


def cmd_status(ctx: Context) -> int:
    from core.refs import NO_STATUS, has_status
    day = _day(ctx)
    lib = ctx.library
    ctx.service.ensure_refs()
    ref = ctx.args.doc.strip()
    doc = None
    try:
        doc = lib.find_document(ref)
    except NotFound:
        doc = None
    if doc is None:
        doc = _find_short_ling(lib, ref)
    if doc is not None:
        s = lib.status(doc.id, day)
        subject = {"in_library": True, "doc_id": doc.id, "key": None,
                   "doc_no": doc.doc_no.normalized if doc.doc_no else None, "title": doc.title}
    else:
        cited = _find_cited(lib, ref)
        if cited is None:
            raise NotFound(f"资料库中没有“{ref}”，也没有文件引用它（可用文件编号、文号或《标题》）。")
        s = lib.status(cited.key, day)
        subject = {"in_library": False, "doc_id": None, "key": cited.key, "doc_no": cited.doc_no,
                   "title": cited.title, "issuer": cited.issuer, "cite_count": cited.cite_count}
    if ctx.args.json:
        emit_json({**subject, "today": day.isoformat(), **status_json(s, lib)})
        return OK
    out(_doc_label(subject["title"], subject["doc_no"]) + ("" if subject["in_library"]
                                                          else "［不在资料库中］"))
    if doc is not None and not has_status(doc):
        out(f"效力：{NO_STATUS}")
        return OK
    out(f"效力：{s.status}（截至 {day.isoformat()}）")
    out(f"依据：{s.reason}")
    if s.sentence:
        out(f"原句：{s.sentence}")
    if s.pending:
        out(f"另：{s.pending}")
    return OK


def _find_short_ling(lib: Library, ref: str):
    """The library's one 令 a short reference typed on the command line can name
    (市政府令第5号, 政府令第12号, 第5号令: citations take the citing document's government,
    a command line has none), else None; several raise :class:`NotFound` naming them."""
    from core.refs import ling_keys, short_ling_key
    from core.textmatch import normalize

    short = short_ling_key(normalize(ref))
    if short is None:
        return None
    found = [d for d in lib.documents()
             if d.doc_no and short in ling_keys(d.doc_no.normalized)]
    if len(found) > 1:
        names = "、".join(d.doc_no.normalized for d in found[:5])
        raise NotFound(f"“{ref}”可指资料库中的多份令（{names}），请写出发布机关，如 {found[0].doc_no.normalized}。")
    return found[0] if found else None


def _find_cited(lib: Library, ref: str):
    from core.extract.citations import title_key
    from core.wenhao import parse_doc_no

    keys = []
    no = parse_doc_no(ref)
    if no is not None and no.serial is not None:
        keys.append(no.normalized)
    title = ref.strip().strip("《》")
    if title:
        keys.append(title_key(title))
    keys.append(ref)
    for key in keys:
        found = lib.cited_doc(key)
        if found is not None:
            return found
    return None


def cmd_cited(ctx: Context) -> int:
    from core.refs import key_is_title
    day = _day(ctx)
    lib = ctx.library
    ctx.service.ensure_refs()
    found = lib.cited_documents(include_library=ctx.args.all, today=day)
    if ctx.args.limit and ctx.args.limit > 0:
        found = found[:ctx.args.limit]
    if ctx.args.json:
        emit_json({"count": len(found), "today": day.isoformat(), "cited": [
            {"key": c.key, "doc_no": c.doc_no, "title": c.title, "agency": c.agency,
             "issuer": c.issuer, "doc_id": c.doc_id, "in_library": c.doc_id is not None,
             "cite_count": c.cite_count, "citing_docs": c.citing_docs,
             "status": s.status if s else None} for c, s in found]})
        return OK
    if not found:
        out("没有被引用而不在资料库中的文件。")
        return OK
    for c, s in found:
        name = c.title if c.title else (c.key if key_is_title(c.key) else "")
        label = _doc_label(name.strip("《》") if name else None, c.doc_no)
        extra = f"　{c.issuer}" if c.issuer else ""
        status = f"［{s.status}］" if s and s.status != "未知" else ""
        out(f"{c.cite_count:>4} 处 / {len(c.citing_docs)} 件　{label}{extra}{status}")
    return OK


def cmd_digest(ctx: Context) -> int:
    from core.digest import build_digest, digest_pdf, unit_roles

    day = _day(ctx)
    lib = ctx.library
    ctx.service.ensure_refs()
    issue = lib.find_issue(ctx.args.issue)
    d = build_digest(lib, issue.id, day)
    written, warnings = None, []
    if ctx.args.output:
        if not ctx.args.output.lower().endswith(".pdf"):
            raise GazetteError(f"输出文件应以 .pdf 结尾：{ctx.args.output}")
        path, warnings = digest_pdf(d, ctx.args.output)
        written = str(path)
    if ctx.args.json:
        emit_json({**d.to_dict(), "written": written, "warnings": warnings})
        return OK
    out(f"{d.issue['label']} 本期概要（状态截至 {d.today}）")
    c = d.counts
    out(f"文件 {c['documents']} 件，任务 {c['tasks']} 项，表格 {c['tables']} 张，引用 {c['citations']} 处")
    out("")
    out("本期文件（按文种）：")
    for group in d.by_type:
        out(f"  {group['type']}（{len(group['documents'])} 件）")
        for doc in group["documents"]:
            st = f"［{doc['status']}］" if doc["status"] and doc["status"] != "现行有效" else ""
            out(f"    {_doc_label(doc['title'], doc['doc_no'])}{st}")
    out("废止、修改的文件：")
    for ch in d.changes:
        where = "" if ch["in_library"] else "［不在资料库中］"
        out(f"  {ch['doc_no'] or ch['doc_title']} {ch['kind_zh']} "
            f"{_doc_label(ch['target_title'], ch['target_doc_no'])}{where}")
    if not d.changes:
        out("  （无）")
    out("新增任务（按单位）：")
    for u in d.units[:30]:
        out(f"  {u['unit']}　{u['total']} 项（{unit_roles(u)}）")
    if len(d.units) > 30:
        out(f"  ……另有 {len(d.units) - 30} 个单位（--json 列出全部）")
    if not d.units:
        out("  （无）")
    out("新增表格：")
    for t in d.tables:
        out(f"  {t['id']}　{t['caption'] or '（无标题）'}（{t['row_count']} 行）")
    if not d.tables:
        out("  （无）")
    if written:
        out(f"已写入 {written}")
    for w in warnings:
        out(f"注意：{w}")
    return OK
