"""Backup and check: what a clerk runs to keep the library safe (``backup``, ``check``, and
the window's 文件 menu). Neither changes the library."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.store import Library


@dataclass(slots=True)
class CheckReport:
    """``database_problems``: what SQLite's integrity and foreign-key checks found (or why
    the library cannot be opened, or that there is none); ``index_ok`` / ``index_problem``: whether the search index
    holds exactly the library's issues and can be read."""

    database: str
    database_problems: list[str] = field(default_factory=list)
    index_ok: bool = True
    index_problem: str | None = None
    missing: bool = False          # no library file in the data folder

    @property
    def ok(self) -> bool:
        return not self.database_problems and self.index_ok

    def as_json(self) -> dict:
        return {"ok": self.ok, "database": self.database,
                "database_ok": not self.database_problems,
                "database_problems": list(self.database_problems),
                "index_ok": self.index_ok, "index_problem": self.index_problem}

    def lines(self) -> list[str]:
        out = []
        if self.missing:
            out += self.database_problems
        elif self.database_problems:
            out.append(f"资料库 {self.database} 有问题：")
            out += [f"  {p}" for p in self.database_problems]
            if not any("备份" in p for p in self.database_problems):
                out.append("  请从备份恢复（backup 命令所做的副本），或把它移到别处后重新导入公报。")
        else:
            out.append(f"资料库 {self.database}：完好（完整性检查通过）。")
        if self.index_ok:
            out.append("检索索引：完好，与资料库一致。")
        else:
            out.append(f"检索索引：{self.index_problem}")
        return out


def check(db_file: Path, index_dir: Path, library=None) -> CheckReport:
    """Check the library file and the index. ``library``: an open Library, else the file is
    opened here (and a file that cannot be opened is reported, not raised)."""
    from core.store import Library, LibraryError
    from core.store.maintenance import integrity_problems

    report = CheckReport(str(db_file))
    own = None
    if library is None and not Path(db_file).exists():
        # A mistyped --data or $GAZETTE_DATA: say so, and create no library there.
        report.database_problems.append(
            f"资料库文件 {db_file} 不存在：这个数据文件夹里没有资料库。请检查 --data 或环境变量"
            " GAZETTE_DATA 是否指向资料库所在的文件夹（导入公报时才会新建资料库）。")
        report.missing = True
        report.index_ok, report.index_problem = False, "未检查（没有资料库）。"
        return report
    if library is None:
        try:
            library = own = Library(db_file)
        except LibraryError as e:
            report.database_problems.append(str(e))
            report.index_ok, report.index_problem = False, "未检查（资料库无法打开）。"
            return report
    try:
        try:
            report.database_problems += integrity_problems(library)
        except Exception as e:  # noqa: BLE001 - a damaged page: report it
            from core.store import describe_db_error

            described = describe_db_error(e, Path(db_file))
            report.database_problems.append(str(described or e))
        try:
            from index import open_index

            stale = open_index(index_dir).needs_rebuild(library)
        except Exception as e:  # noqa: BLE001 - an unreadable index is a finding
            stale, detail = True, f"（{type(e).__name__}）"
        else:
            detail = ""
        if stale:
            report.index_ok = False
            report.index_problem = ("缺失、已损坏或与资料库不一致" + detail +
                                    "。下次检索或打开窗口时会自动重建，也可运行 reindex 立即重建。")
    finally:
        if own is not None:
            own.close()
    return report


def backup(library: Library, path, progress=None) -> Path:
    """A consistent copy of the library at ``path``, written atomically (see
    :func:`core.store.maintenance.backup`)."""
    from core.store.maintenance import backup as store_backup

    return store_backup(library, path, progress)
