"""Maintenance commands: ``backup -o FILE`` and ``check``."""

from __future__ import annotations

import argparse

from .common import FAILED, OK, Context, emit_json, out, progress_printer


def register(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("backup", parents=[common], help="备份资料库到一个文件",
                       description="用 SQLite 的在线备份把资料库完整复制到 FILE（导入进行中也可），"
                                   "先写临时文件、检查、再改名：要么得到完整的备份，要么什么也不写。"
                                   "恢复时把备份文件改名为数据文件夹里的 library.sqlite。")
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="备份文件路径")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("check", parents=[common], help="检查资料库与检索索引是否完好",
                       description="运行 SQLite 完整性检查（PRAGMA integrity_check、外键检查），"
                                   "并核对检索索引是否可读、是否与资料库一致。有问题时退出码为 1。")
    p.set_defaults(handler=cmd_check)


def cmd_backup(ctx: Context) -> int:
    from service.maintenance import backup

    lib = ctx.library
    path = backup(lib, ctx.args.output, progress_printer(not ctx.args.json))
    st = lib.stats()
    if ctx.args.json:
        emit_json({"backup": str(path), "bytes": path.stat().st_size, "issues": st.issues,
                   "annotations": st.annotations})
    else:
        out(f"已备份资料库到 {path}（公报 {st.issues} 期，批注 {st.annotations} 条）。")
    return OK


def cmd_check(ctx: Context) -> int:
    from service.maintenance import check

    report = check(ctx.db_file, ctx.index_dir)
    if ctx.args.json:
        emit_json(report.as_json())
    else:
        for line in report.lines():
            out(line)
    return OK if report.ok else FAILED
