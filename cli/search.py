"""Command line: ``search`` (全文检索), ``reindex`` (重建检索索引) and ``merge-index``
(合并检索索引的小段)."""

from __future__ import annotations

import argparse
import time

from index.results import Hit

from .common import FAILED, OK, Context, emit_json, err, out, positive_int, progress_printer

QUERY_HELP = """检索语法：
  空格分隔的词须同时出现（AND）：数字经济 产业
  "..." 为精确短语：  "责任单位"
  -词 排除含该词的文件：数字经济 -规划
  OR 表示任一：专精特新 OR 免申即享
  字段：文号:许政〔2023〕14号  发文机关:市财政局  文种:通知  年:2023  期:2023-3
  整个查询是文号时（许政〔2023〕14号、许政[2023]14号、许政2023-14）先列出该文件；
  许政〔2023〕 列出该年度的许政文件。
检索词可写在选项前后；以“-”加字母或数字开头的词（如 -5G）请写在 -- 之后。
每个词都按原文逐字匹配（忽略空白、全角/半角与英文大小写），不会漏检。"""

SHOWN_HITS = 5


def year_value(text: str) -> str:
    """A ``--year`` value: a year of four digits (2023, ２０２３, 2023年); anything else is an
    error, not a search that silently finds nothing."""
    import re
    import unicodedata

    m = re.fullmatch(r"\s*(\d{4})\s*年?\s*", unicodedata.normalize("NFKC", text))
    if not m:
        raise argparse.ArgumentTypeError(f"“{text}”不是年份，请写四位数字，如 2023")
    return m[1]


def register(sub, common) -> None:
    p = sub.add_parser("search", parents=[common], help="全文检索",
                       description="全文检索资料库。", epilog=QUERY_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("query", nargs="+", metavar="QUERY", help="检索词（语法见下）")
    p.add_argument("--issue", metavar="ID", help="只检索某一期（期标识或 2023-3）")
    p.add_argument("--year", metavar="YEAR", type=year_value, help="只检索某年（如 2023）")
    p.add_argument("--type", dest="doc_type", metavar="文种", help="只检索某文种，如 通知")
    p.add_argument("--issuer", metavar="机关", help="只检索某发文机关（可写部分名称）")
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance",
                   help="排序：relevance 相关度（默认），date 日期新者在前")
    p.add_argument("--limit", type=positive_int(), default=20, metavar="N",
                   help="最多列出 N 个文件（默认 20）")
    p.add_argument("--exact-count", action="store_true",
                   help="总数为估计值（约）时，逐一核对全部候选文件，给出精确总数（较慢）")
    p.set_defaults(handler=run_search)

    r = sub.add_parser("reindex", parents=[common], help="重建检索索引",
                       description="从资料库重建全文检索索引。")
    r.set_defaults(handler=run_reindex)

    m = sub.add_parser("merge-index", parents=[common], help="合并检索索引的小段",
                       description="把检索索引中累积的小段逐层合并（每层满 6 段合并为 1 段，"
                                   "从不重写整个索引）。导入命令在需要时自动在后台运行它；"
                                   "合并期间检索照常读取上次提交的索引，导入等待合并结束。"
                                   "合并中断不丢失任何内容，下次合并重新进行。")
    m.set_defaults(handler=run_merge_index)


def _index(ctx: Context):
    from index import open_index

    return open_index(ctx.index_place.dir)


def _index_progress(ctx: Context):
    """The index build's progress on stderr (text mode): the bar on a terminal; for a
    library whose folder is read-only, also where its index goes and, when it has to be
    built, one line saying so (also when stderr is not a terminal)."""
    bar = progress_printer(not ctx.args.json)
    place = ctx.index_place
    if ctx.args.json or not place.cached:
        return bar
    err(place.notice())
    said = []

    def show(done: int, total: int, stage: str) -> None:
        if not said:
            said.append(stage)
            err("正在本机缓存中建立检索索引（该资料库内容不变时只需一次）……")
        if bar is not None:
            bar(done, total, stage)

    return show


def run_search(ctx: Context) -> int:
    args = ctx.args
    if not " ".join(args.query).strip():
        err("检索词是空的：请给出要找的词，例如 search 数字经济。")
        return FAILED
    lib = ctx.library
    ctx.service.ensure_index(progress=_index_progress(ctx))
    idx = _index(ctx)
    issue = lib.find_issue(args.issue) if args.issue else None
    issue_id = issue.id if issue is not None else None
    from index.status_filter import (  # 状态:有效 / 已废止 / 已到期
        exact_totals_with_status,
        search_with_status,
    )

    query = " ".join(args.query)
    filters = {"issue_id": issue_id, "year": args.year, "doc_type": args.doc_type,
               "issuer": args.issuer, "sort": args.sort}
    results = search_with_status(idx, lib, query, limit=max(0, args.limit),
                                 max_hits=None if args.json else SHOWN_HITS, **filters)
    if args.exact_count and not results.total_exact:
        results.total_docs, results.total_hits = exact_totals_with_status(idx, lib, query,
                                                                          **filters)
        results.total_exact = True
    if args.json:
        emit_json(results.to_json())
        return OK
    if not results.total_docs:
        shown = results.query if len(results.query) <= 40 else results.query[:40] + "…"
        out(f"没有找到“{shown}”。")
        return OK
    about = "" if results.total_exact else "约 "
    out(f"共 {about}{results.total_docs} 个文件、{about}{results.total_hits} 段命中"
        f"（用时 {results.elapsed_ms:.0f} 毫秒）。")
    where = issue_places(lib, results.groups)
    if issue is not None:
        out(f"检索范围：{issue.label}。")
    elif len(where) > 1:
        out(f"列出的 {len(results.groups)} 个文件来自 {len(where)} 期。")
    for n, g in enumerate(results.groups, 1):
        out(f"\n{n}. {g.title}")
        source = [where[g.issue_id]] + ([g.doc_no] if g.doc_no else [])
        out(f"   〔{' · '.join(source)}；{g.hit_count} 段；文件 {g.doc_id}〕")
        for hit in g.hits[:SHOWN_HITS]:
            page = (f"{'约' if hit.page_estimated else ''}第 {hit.page} 页" if hit.page
                    else "页码不详")
            out(f"   {page}  {marked(hit)}")
        if g.hit_count > len(g.hits):
            out(f"   ……另有 {g.hit_count - len(g.hits)} 段")
    if len(results.groups) < results.total_docs:
        out(f"\n（仅列出前 {len(results.groups)} 个文件，可用 --limit 调整。）")
    return OK


def issue_places(lib, groups) -> dict[str, str]:
    """Each listed issue's label as a clerk cites it: 《公报名》2024年第5期 (or 第5号); a
    single document (no gazette, no number) is 单篇文件, its 文号 beside it. One read per
    issue listed."""
    from core.errors import NotFound

    out: dict[str, str] = {}
    for g in groups:
        if g.issue_id in out:
            continue
        try:
            issue = lib.issue(g.issue_id)
        except NotFound:         # removed meanwhile: what the index still knows
            out[g.issue_id] = f"{g.year}年第{g.number}期" if g.year and g.number else "出处不详"
            continue
        out[g.issue_id] = "单篇文件" if issue.kind == "single" else issue.label
    return out


def marked(hit: Hit) -> str:
    """The snippet with every hit wrapped in 【】."""
    text, pos, parts = hit.snippet, 0, []
    for start, end in hit.snippet_spans:
        parts.append(text[pos:start])
        parts.append(f"【{text[start:end]}】")
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def run_reindex(ctx: Context) -> int:
    started = time.perf_counter()
    count = ctx.service.reindex(progress=progress_printer(not ctx.args.json))
    seconds = time.perf_counter() - started
    if ctx.args.json:
        emit_json({"documents": count, "seconds": round(seconds, 2)})
    else:
        out(f"已重建检索索引：{count} 个文件，用时 {seconds:.1f} 秒。")
    return OK


def run_merge_index(ctx: Context) -> int:
    from service import merge_index

    started = time.perf_counter()
    outcome = merge_index(ctx.index_dir)
    seconds = time.perf_counter() - started
    if ctx.args.json:
        emit_json({"merged": outcome.merged, "segments": outcome.segments,
                   "seconds": round(seconds, 2)})
    elif outcome.merged:
        out(f"已合并检索索引的 {outcome.merged} 个小段，现有 {outcome.segments} 段，"
            f"用时 {seconds:.1f} 秒。")
    else:
        out(f"检索索引无需合并（{outcome.segments} 段）。")
    return OK
