"""公报阅读器 — offline reader for Chinese government gazettes.

Without a command, opens the window. With a command, runs headless over the same core:

    python main.py import FILE... [--replace]     导入公报（PDF 或文本）
    python main.py list [--issue ID]              列出各期公报或某期的文件
    python main.py show DOC [--sections]          显示文件正文或标题层级
    python main.py remove ISSUE                   删除一期公报
    python main.py search QUERY [...]             全文检索
    python main.py reindex / merge-index          重建检索索引、合并索引小段（导入后自动在后台进行）
    python main.py tasks / units / tables / table 责任分工与表格
    python main.py annotate / annotations / annotation / export  批注与导出
    python main.py refs / status / cited / digest  引用关系、效力状态、本期概要
    python main.py backup -o FILE / check          备份资料库、检查资料库与索引

Every command takes ``--data DIR`` (the library folder) and ``--json``.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# Modules that add subcommands; each has register(subparsers, common_parser).
COMMAND_MODULES = (
    "cli.library",
    "cli.search",
    "cli.extract",
    "cli.annotations",
    "cli.refs",
    "cli.maintenance",
)


def build_parser() -> argparse.ArgumentParser:
    from cli.common import Parser, common_parser, localize_argparse

    localize_argparse()
    parser = Parser(
        prog="main.py",
        description="公报阅读器：政府公报离线阅读、检索、摘录。不带子命令时打开窗口。",
        epilog="每个命令的选项：python main.py 命令 --help",
        parents=[common_parser()],
    )
    common = common_parser(for_subcommand=True)
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    from cli.common import parse_command_line

    parser = build_parser()
    args = parse_command_line(parser, argv)
    if not getattr(args, "command", None):
        from gui.app import run_app

        return run_app(data=getattr(args, "data", None))
    from cli.common import run_command

    return run_command(args.handler, args)


if __name__ == "__main__":
    sys.exit(main())
