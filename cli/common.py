"""Shared plumbing for the command line: options, output, errors, progress."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.errors import GazetteError, os_reason
from core.paths import data_dir, db_path, index_path, resolve_data_dir

# Exit codes.
OK, FAILED = 0, 1

MAIN_PY = Path(__file__).resolve().parent.parent / "main.py"    # the command line's entry


def common_parser(*, for_subcommand: bool = False) -> argparse.ArgumentParser:
    """Options every command takes: ``--data DIR`` and ``--json``.

    They may stand before or after the command. The subcommands' copies default to
    ``SUPPRESS`` so that ``main.py --data X import F`` keeps the X given before the command.
    """
    p = argparse.ArgumentParser(add_help=False)
    default = {"default": argparse.SUPPRESS} if for_subcommand else {}
    p.add_argument("--data", metavar="DIR",
                   help="资料库文件夹（默认：环境变量 GAZETTE_DATA，或系统用户数据目录）",
                   **default)
    p.add_argument("--json", action="store_true", help="以 JSON 输出（字段见 README）",
                   **default)
    return p


# argparse's own words, in Chinese (argparse looks them up through its module-level ``_``).
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项：%(value)r（可选：%(choices)s）",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "expected one argument": "需要一个参数值",
    "expected at least one argument": "至少需要一个参数值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "ambiguous option: %(option)s could match %(matches)s": "选项不明确：%(option)s 可指 %(matches)s",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
}


def localize_argparse() -> None:
    """Make argparse's usage, headings and errors speak Chinese."""
    import gettext

    def zh(message: str) -> str:
        return _ARGPARSE_ZH.get(message, gettext.gettext(message))

    argparse._ = zh  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """The command line's parser (its subcommands' too). A word that starts with ``-`` and a
    character other than ASCII is an argument, not an option: every option is ASCII, and
    ``search 数字经济 -规划`` leaves out 规划 as README shows it (argparse took ``-规划`` for an
    unknown option)."""

    def _parse_optional(self, arg_string):
        if len(arg_string) > 1 and arg_string[0] == "-" and not arg_string[1].isascii():
            return None
        return super()._parse_optional(arg_string)


def parse_command_line(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """``argv`` parsed. ``search``'s query words may stand on either side of its options
    (``search 发展 --limit 5 数字经济``: argparse reads the positional words of one run only
    and refused the rest); they are one query, in the order typed (after a ``--``, words
    that begin with ``-`` too). Anything else argparse does not know (an unknown option, a
    stray word) is refused as before. ``tasks DOC`` and ``tables DOC`` are ``--doc DOC``."""
    args, extras = parser.parse_known_args(argv)
    words = extras[:extras.index("--")] if "--" in extras else extras
    if (extras and getattr(args, "command", None) == "search"
            and not any(len(w) > 1 and w.startswith("-") for w in words)):
        args.query = [*args.query, *(w for w in extras if w != "--")]
    elif extras:
        message = argparse._("unrecognized arguments: %s")  # type: ignore[attr-defined]
        parser.error(message % " ".join(extras))
    # tasks and tables take their document as a word too (tasks 许政〔2023〕14号), as show does
    word = getattr(args, "doc_word", None)
    if word is not None:
        if args.doc is not None and args.doc != word:
            parser.error(f"文件只能给一个：{word} 与 --doc {args.doc}")
        args.doc = word
    return args


class Context:
    """What a command needs: the data folder, and the library opened lazily."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        option = getattr(args, "data", None)
        # Remember what was there: a command that fails on a new folder leaves nothing behind.
        planned = resolve_data_dir(option)
        self._new_folder = not planned.exists()
        self.folder: Path = data_dir(option)
        self._new_library = not self.db_file.exists()
        self._library = None
        self._index_place = None

    @property
    def db_file(self) -> Path:
        return db_path(self.folder)

    @property
    def index_dir(self) -> Path:
        """The data folder's index folder (see :attr:`index_place` for the one searched)."""
        return index_path(self.folder)

    @property
    def index_place(self):
        """Where the search index is used and built: the data folder's, or for a library
        whose folder cannot be written one in the user's cache folder
        (``service.index_place``)."""
        if self._index_place is None:
            from service.index_place import index_place

            self._index_place = index_place(self.folder, self.library)
        return self._index_place

    @property
    def library(self):
        if self._library is None:
            from core.store import Library

            self._library = Library(self.db_file)
            upgraded = self.service.upgrade()     # a library of an older version: once
            if upgraded.warning:
                err(upgraded.warning)
        return self._library

    @property
    def service(self):
        """The service layer over this library: every change goes through it. An import
        does not merge the index's segments in this process: :meth:`merge_command` does,
        in the background (``LibraryService.settle_index``); it writes an issue's segment in
        a child process while the issue is stored (:mod:`index.prepared`)."""
        from service import LibraryService

        return LibraryService(self.library, self.index_place.dir,
                              index_progress=progress_printer(not self.args.json),
                              merge_command=self.merge_command(), parallel_index=True)

    def merge_command(self) -> list[str] | None:
        """The command line that merges this library's index (``merge-index``), run by the
        same Python; None where there is no ``main.py`` to run (the service then merges in
        this process)."""
        if not sys.executable or not MAIN_PY.is_file():
            return None
        return [sys.executable, str(MAIN_PY), "--data", str(self.folder), "merge-index"]

    def close(self, failed: bool = False) -> None:
        if self._library is not None:
            empty = failed and self._new_library and self._library.is_empty()
            self._library.close()
            self._library = None
            if empty:
                self._remove_new_library()
        elif failed and self._new_folder:     # a failed command that opened no library
            try:
                self.folder.rmdir()           # only when nothing was put in it
            except OSError:
                pass

    def _remove_new_library(self) -> None:
        """A command failed on a library it created: remove the empty library (and the data
        folder, when the command created it and nothing else is in it)."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                Path(str(self.db_file) + suffix).unlink()
            except OSError:
                pass
        if self._new_folder:
            for folder in (self.index_dir, self.folder):
                try:
                    folder.rmdir()
                except OSError:
                    pass


def emit_json(value: Any) -> None:
    """``value`` as JSON on standard output: indented for a person at a terminal, on one
    line for a pipe or a file (the same JSON; Python's encoder writes indentation ~4x
    slower, ~30 ms for the 1,400 hits of a common word's first page)."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=indent) + "\n")


# What a terminal would act on (ESC sequences, BEL, CR, backspace ...): never printed.
_TERMINAL_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """``text`` without control characters other than tab and newline."""
    return _TERMINAL_CONTROLS.sub("", text)


def out(text: str = "") -> None:
    sys.stdout.write(terminal_safe(text) + "\n")


def err(text: str) -> None:
    sys.stderr.write(terminal_safe(text) + "\n")


def progress_printer(enabled: bool) -> Callable[[int, int, str], None] | None:
    """A progress callback that redraws one line on stderr (only when it is a terminal)."""
    if not enabled or not sys.stderr.isatty():
        return None

    def show(done: int, total: int, stage: str) -> None:
        pct = int(100 * done / total) if total else 0
        bar = "#" * (pct // 5)
        sys.stderr.write(f"\r  {stage:<8} [{bar:<20}] {pct:3d}%")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def run_command(handler: Callable[[Context], int], args: argparse.Namespace) -> int:
    """Run a handler; a GazetteError becomes one Chinese line on stderr and exit code 1."""
    from core.store import describe_db_error

    ctx = None
    code = FAILED
    try:
        ctx = Context(args)
        code = handler(ctx)
        return code
    except GazetteError as e:
        err(f"错误：{e}")
        return FAILED
    except BrokenPipeError:          # output piped into `head` and closed: not an error
        sys.stderr.close()
        return OK
    except KeyboardInterrupt:
        err("已中断。")
        return 130
    except OSError as e:
        name = getattr(e, "filename", None)
        err(f"错误：无法访问 {name}：{os_reason(e)}。" if name else f"错误：{os_reason(e)}。")
        return FAILED
    except Exception as e:        # a database error met while working: one Chinese message
        folder = ctx.db_file if ctx is not None else Path(".")
        described = describe_db_error(e, folder)
        if described is None:
            raise
        err(f"错误：{described}")
        return FAILED
    finally:
        if ctx is not None:
            try:
                ctx.close(failed=code != OK)
            except Exception:     # noqa: BLE001 - closing must not hide the first message
                pass


def file_with_suffix(*suffixes: str) -> Callable[[str], str]:
    """An argparse ``type`` for an output file of one format: its name must end with one of
    ``suffixes`` (any case). ``--csv 台账.txt`` wrote an Excel file and ``--xlsx 台账.csv`` a
    CSV one (the writers go by the name); now either is refused before anything is written."""
    def check(text: str) -> str:
        if not text.lower().endswith(suffixes):
            raise argparse.ArgumentTypeError(
                f"文件名应以 {' 或 '.join(suffixes)} 结尾：{text}（文件未写入）")
        return text

    return check


def positive_int(example: str = "") -> Callable[[str], int]:
    """An argparse ``type`` for a count or a position: an integer of 1 or more (0 or less
    would silently mean something else: the first occurrence, an empty list)."""
    def check(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"必须是 1 或更大的整数{example}，不能是 {value}")
        return value

    return check
