"""The library: one SQLite file, the source of truth. The only place SQL is written.

A ``Library`` wraps one connection (a ``sqlite_utils.Database`` once it writes: see
:class:`_Database`), which may only be used on the thread that opened it: each worker
thread opens its own ``Library`` on the same file.

``LibraryBase`` holds the connection, the migrations and the issue's own rows (issues, sources,
documents, sections, blocks). The other tables belong to parts (:class:`StorePart`: tables and
tasks, annotations, citations) that ``core.store.Library`` owns and calls, in order, inside
its import and removal transactions.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import DuplicateIssue, NotFound, os_reason
from ..model import (
    Block,
    Document,
    Issue,
    ParsedIssue,
    Section,
    file_name_gazette,
    file_name_issue,
    single_name,
)
from ..textmatch import normalize
from ..wenhao import parse_doc_no
from . import rows
from .dberrors import LibraryError, check_file, damaged, describe, is_read_only
from .schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 10000
SINGLE_NAMES_KEY = "single_names"   # meta: entries of single documents named (once)
FILE_NAMES_KEY = "file_gazette_names"   # meta: unnamed issues named by their file (once)
# Every table the migrations create: a library missing one is damaged.
TABLES = tuple(re.findall(r"CREATE TABLE (\w+)", " ".join(sql for m in MIGRATIONS for sql in m)))


class _Database:
    """The library's connection, as a ``sqlite_utils.Database`` that is made only when it is
    first needed: a table's ``insert`` or ``insert_all`` (``db["blocks"]``), a write through
    :meth:`execute`, a nested :meth:`atomic`. Reading (``SELECT``, ``PRAGMA``) goes to the
    connection directly, so a process that only reads — a command-line search, a window
    that only opens documents — never loads sqlite-utils (~80 ms of imports: click,
    dateutil, pluggy).

    A write transaction starts with ``BEGIN IMMEDIATE``: it takes the write lock at once
    and waits up to the busy timeout for another writer, instead of failing with ``database
    is locked`` when a transaction that began by reading tries to write."""

    __slots__ = ("conn", "_utils")

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._utils = None
        # what sqlite_utils.Database sets on a connection it is given (its default)
        conn.execute("PRAGMA recursive_triggers=on;")

    def utils(self):
        """The ``sqlite_utils.Database`` over this connection (made on first use; no
        plugins: scanning the installed packages for them costs ~60 ms, and none is used)."""
        if self._utils is None:
            import sqlite_utils
            self._utils = sqlite_utils.Database(self.conn, recursive_triggers=False,
                                                execute_plugins=False)
        return self._utils

    def execute(self, sql: str, parameters=None) -> sqlite3.Cursor:
        """``sqlite_utils.Database.execute``: a write outside a transaction is committed at
        once. A read is the connection's own ``execute`` (it opens no transaction)."""
        if self._utils is None and _READ_STATEMENT.match(sql):
            if parameters is None:
                return self.conn.execute(sql)
            return self.conn.execute(sql, parameters)
        return self.utils().execute(sql, parameters)

    def __getitem__(self, table: str):
        return self.utils()[table]

    @contextlib.contextmanager
    def atomic(self):
        if self.conn.in_transaction:
            with self.utils().atomic():         # a savepoint
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.conn.rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.rollback()
                raise


# statements that only read (a PRAGMA that sets a value is not one: it goes through
# sqlite-utils, as every write does)
_READ_STATEMENT = re.compile(r"\s*(?:SELECT|PRAGMA\s+\w+\s*(?:\(\s*\w*\s*\))?\s*;?\s*$)",
                             re.IGNORECASE)


@dataclass(slots=True)
class LibraryStats:
    issues: int
    documents: int
    blocks: int
    tables: int
    tasks: int
    annotations: int


@dataclass(slots=True)
class StoredIssue:
    """What ``import_issue`` did: the new issue id and the id it replaced, if any."""

    issue_id: str
    replaced_id: str | None = None


# The columns of ``blocks`` (the normalised copy search reads is in ``doc_norms``).
BLOCK_COLUMNS = ("id, doc_id, ord, kind, text, section_id, page, src_start, src_end, "
                 "page_estimated")
_B_COLUMNS = ", ".join("b." + c for c in BLOCK_COLUMNS.split(", "))


class LibraryBase:
    def __init__(self, path: str | Path):
        """Open (or create) the library at ``path``. A file that cannot be a library, and
        any database error while opening, raise :class:`LibraryError` (one Chinese message
        naming the data folder and what to do); a damaged or empty file is never rewritten,
        and a file created by a failed first open is removed again."""
        self.path = Path(path)
        self.read_only = False          # True: opened for reading only (see _open_read_only)
        check_file(self.path)
        created = False
        if not self.path.exists():
            created = self._create(self.path)
        self.db = None
        try:
            self.db = _Database(sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000))
            conn = self.db.conn
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.create_function("gazette_normalize", 1, normalize, deterministic=True)
            self._migrate()
            self._check_tables()
        except (sqlite3.Error, LibraryError) as e:
            if self.db is not None:
                self.db.conn.close()
            if created:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    with contextlib.suppress(OSError):
                        Path(str(self.path) + suffix).unlink()
            elif is_read_only(e, self.path) and self._open_read_only():
                return
            raise describe(e, self.path) from e

    def _open_read_only(self) -> bool:
        """A library that cannot be written (a read-only folder, file or disk) is opened for
        reading only (``read_only``): it can be read, searched and exported from, and every
        change fails with the read-only message. False when it cannot be used that way either
        (an older schema needs writing to be upgraded)."""
        import os

        # no -shm can be made in a read-only folder: SQLite reads the file as it is
        writable = os.access(self.path.parent, os.W_OK)
        uri = self.path.absolute().as_uri() + ("?mode=ro" if writable else "?immutable=1")
        try:
            self.db = _Database(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000))
            conn = self.db.conn
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.create_function("gazette_normalize", 1, normalize, deterministic=True)
            if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                raise LibraryError("needs an upgrade")
            self._check_tables()
            conn.execute("SELECT count(*) FROM issues").fetchone()
        except (sqlite3.Error, LibraryError):
            if self.db is not None:
                self.db.conn.close()
            self.db = None
            return False
        self.read_only = True
        return True

    # -- life cycle ---------------------------------------------------------------------
    @staticmethod
    def _create(path: Path) -> bool:
        """Create an empty library at ``path`` atomically: built in a temporary file beside
        it, then linked into place, so no other process ever sees a half-made (0-byte) file.
        Returns False when another process created it first."""
        import os
        import tempfile

        tmp = None
        try:
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".new")
            os.close(fd)
            conn = sqlite3.connect(tmp)
            conn.create_function("gazette_normalize", 1, normalize, deterministic=True)
            try:
                with conn:
                    for statements in MIGRATIONS:
                        for sql in statements:
                            conn.execute(sql)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("PRAGMA journal_mode = WAL")
            finally:
                conn.close()
            try:
                os.link(tmp, path)
            except FileExistsError:
                return False
            return True
        except OSError as e:
            raise LibraryError(f"无法在数据文件夹 {path.parent} 中创建资料库：{os_reason(e)}。请检查"
                               "该文件夹是否可写、磁盘是否已满，或用 --data 指定另一个文件夹。") from e
        except sqlite3.Error as e:
            raise describe(e, path) from e
        finally:
            if tmp is not None:
                for suffix in ("", "-journal", "-wal", "-shm"):
                    with contextlib.suppress(OSError):
                        os.unlink(tmp + suffix)

    def close(self) -> None:
        if self.db is not None:
            self.db.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise LibraryError(
                f"资料库 {self.path} 由更新版本的公报阅读器创建（结构版本 {version}，本程序只认识到"
                f" {SCHEMA_VERSION}）。请升级本程序后再打开；资料库未作改动。")
        if version == SCHEMA_VERSION:
            return
        if version == 0 and self.db.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]:
            raise damaged(self.path, "的结构版本为 0，却已有数据表（版本信息已损坏）")
        with self.db.atomic():
            for statements in MIGRATIONS[version:]:
                for sql in statements:
                    self.db.execute(sql)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _check_tables(self) -> None:
        have = {r[0] for r in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
        missing = [t for t in TABLES if t not in have]
        if missing:
            raise damaged(self.path, f"缺少数据表 {'、'.join(missing)}")

    def is_empty(self) -> bool:
        """No issue and no annotation: nothing a user would miss."""
        return not any(self.db.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()
                       for t in ("issues", "annotations"))

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    # -- meta ---------------------------------------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str | None) -> None:
        with self.db.atomic():
            self.db.execute("INSERT INTO meta(key, value) VALUES(?, ?) "
                            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])

    def name_single_documents(self) -> list[str]:
        """Give the entries of single documents stored by an older version their name
        (``单篇文件 · 国务院 · 国发〔2018〕43号``, no issue number) in place of 《未知公报》 and
        the number read from the file name; once per library (meta ``single_names``), in
        one transaction. Returns the ids of the issues renamed (their index entries are out
        of date: the service layer re-indexes them). A read-only library is left as it is.

        An entry is one when it has no gazette name, holds one official document and no
        issue number but one the file name gives — what the importer now names a single
        document (``core.importer``)."""
        if self.read_only or self.get_meta(SINGLE_NAMES_KEY) == "1":
            return []
        renamed: list[str] = []
        with self.db.atomic():
            for row in self._rows(
                    "SELECT id, source_name, year, number FROM issues "
                    "WHERE (gazette IS NULL OR gazette = '') AND "
                    "(SELECT count(*) FROM documents d WHERE d.issue_id = issues.id) = 1"):
                named = file_name_issue(row["source_name"] or "")
                if row["number"] is not None and (named is None or named[1] != row["number"]):
                    continue
                doc = self.documents(row["id"])[0]
                if doc.kind != "document":
                    continue
                printed = doc.doc_no.normalized if doc.doc_no else None
                year = (int(doc.date[:4]) if doc.date else
                        doc.doc_no.year if doc.doc_no and doc.doc_no.year else row["year"])
                self.db.execute("UPDATE issues SET gazette = ?, year = ?, number = NULL "
                                "WHERE id = ?",
                                [single_name(doc.issuers, printed, doc.title), year, row["id"]])
                renamed.append(row["id"])
            self.db.execute("INSERT INTO meta(key, value) VALUES(?, '1') ON CONFLICT(key) "
                            "DO UPDATE SET value = excluded.value", [SINGLE_NAMES_KEY])
        return renamed

    def name_issues_by_file(self) -> list[str]:
        """Give the issues stored by an older version under 《未知公报》 (no running header or
        cover named the gazette) the gazette's name their file's name holds
        (临城市人民政府公报2024年第6期.txt), as the importer now does (``core.importer``);
        single documents are :meth:`name_single_documents`'. Once per library (meta
        ``file_gazette_names``), in one transaction; a read-only library is left as it is.
        Returns the ids of the issues renamed (the index holds no gazette name: nothing to
        re-index)."""
        if self.read_only or self.get_meta(FILE_NAMES_KEY) == "1":
            return []
        renamed: list[str] = []
        with self.db.atomic():
            for row in self._rows(
                    "SELECT id, source_name FROM issues WHERE gazette IS NULL OR gazette = ''"):
                name = file_name_gazette(row["source_name"] or "")
                if name:
                    self.db.execute("UPDATE issues SET gazette = ? WHERE id = ?",
                                    [name, row["id"]])
                    renamed.append(row["id"])
            self.set_meta(FILE_NAMES_KEY, "1")
        return renamed

    # -- queries ------------------------------------------------------------------------
    def _rows(self, sql: str, params=()) -> list[dict]:
        cur = self.db.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def stats(self) -> LibraryStats:
        def count(table: str) -> int:
            return self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

        return LibraryStats(count("issues"), count("documents"), count("blocks"),
                            count("doc_tables"), count("tasks"), count("annotations"))

    def issues(self) -> list[Issue]:
        """All issues, newest first (year, number)."""
        return [rows.issue_from(r) for r in self._rows(
            "SELECT * FROM issues ORDER BY year DESC, number DESC, imported_at DESC")]

    def issue(self, issue_id: str) -> Issue:
        found = self._rows("SELECT * FROM issues WHERE id = ?", [issue_id])
        if not found:
            raise NotFound(f"资料库中没有期号为 {issue_id} 的公报。")
        return rows.issue_from(found[0])

    def find_issue(self, ref: str) -> Issue:
        """An issue by id, id prefix, or ``YEAR-NUMBER`` / ``YEAR年第N期``."""
        ref = ref.strip()
        found = self._rows("SELECT * FROM issues WHERE id = ? OR id LIKE ?", [ref, ref + "%"])
        if len(found) == 1:
            return rows.issue_from(found[0])
        import re

        m = re.fullmatch(r"(\d{4})\s*(?:-|年第?|/)\s*(\d{1,3})\s*期?", ref)
        if m and not found:
            found = self._rows("SELECT * FROM issues WHERE year = ? AND number = ?",
                               [int(m[1]), int(m[2])])
            if len(found) == 1:
                return rows.issue_from(found[0])
        if len(found) > 1:
            raise NotFound(f"“{ref}”对应多期公报，请给出完整的期标识。")
        raise NotFound(f"资料库中没有“{ref}”这一期公报。")

    def documents(self, issue_id: str | None = None) -> list[Document]:
        if issue_id is None:
            sql = ("SELECT d.* FROM documents d JOIN issues i ON i.id = d.issue_id "
                   "ORDER BY i.year DESC, i.number DESC, d.ord")
            return [rows.document_from(r) for r in self._rows(sql)]
        return [rows.document_from(r) for r in self._rows(
            "SELECT * FROM documents WHERE issue_id = ? ORDER BY ord", [issue_id])]

    def document(self, doc_id: str) -> Document:
        found = self._rows("SELECT * FROM documents WHERE id = ?", [doc_id])
        if not found:
            raise NotFound(f"资料库中没有编号为 {doc_id} 的文件。")
        return rows.document_from(found[0])

    def find_documents(self, ref: str) -> list[Document]:
        """Documents by id, or by 文号 in any printed form (许政〔2023〕14号, 许政[2023]14号 ...)."""
        ref = ref.strip()
        found = self._rows("SELECT * FROM documents WHERE id = ?", [ref])
        if not found:
            no = parse_doc_no(ref)
            if no is not None:
                found = self._rows(
                    "SELECT d.* FROM documents d JOIN issues i ON i.id = d.issue_id "
                    "WHERE d.doc_no_norm = ? ORDER BY i.year DESC, i.number DESC", [no.normalized])
        return [rows.document_from(r) for r in found]

    def find_document(self, ref: str) -> Document:
        found = self.find_documents(ref)
        if not found:
            near = self.near_doc_nos(ref)
            hint = (f"资料库中有：{'、'.join(near)}。" if near else
                    "可用文件编号或文号，如 许政〔2023〕14号；list --issue 期号 列出一期的文件。")
            raise NotFound(f"资料库中没有“{ref}”。{hint}")
        return found[0]

    def near_doc_nos(self, ref: str, limit: int = 5) -> list[str]:
        """For a 文号 not in the library (a slip of the serial or the year): up to ``limit``
        文号 of the library with its 机关代字 — its year's nearest serials first, else the
        agency's other years, newest first."""
        no = parse_doc_no(ref.strip(), whole=True)
        if no is None or not no.agency:
            return []
        found = self._rows(
            "SELECT DISTINCT doc_no_norm, doc_no_year, doc_no_serial FROM documents "
            "WHERE doc_no_agency = ? AND doc_no_norm IS NOT NULL", [no.agency])
        if no.year is not None and any(r["doc_no_year"] == no.year for r in found):
            found = [r for r in found if r["doc_no_year"] == no.year]
        serial = no.serial or 0
        found.sort(key=lambda r: (-(r["doc_no_year"] or 0),
                                  abs((r["doc_no_serial"] or 0) - serial)))
        nearest = found[:limit]
        nearest.sort(key=lambda r: (-(r["doc_no_year"] or 0), r["doc_no_serial"] or 0))
        return [r["doc_no_norm"] for r in nearest]

    def sections(self, doc_id: str) -> list[Section]:
        return [rows.section_from(r) for r in self._rows(
            "SELECT * FROM sections WHERE doc_id = ? ORDER BY ord", [doc_id])]

    def blocks(self, doc_id: str) -> list[Block]:
        return [rows.block_from(r) for r in self._rows(
            f"SELECT {BLOCK_COLUMNS} FROM blocks WHERE doc_id = ? ORDER BY ord", [doc_id])]

    def block(self, block_id: str) -> Block:
        found = self._rows(f"SELECT {BLOCK_COLUMNS} FROM blocks WHERE id = ?", [block_id])
        if not found:
            raise NotFound(f"资料库中没有段落 {block_id}。")
        return rows.block_from(found[0])

    def blocks_by_ids(self, block_ids: list[str]) -> dict[str, Block]:
        out: dict[str, Block] = {}
        for i in range(0, len(block_ids), 500):
            chunk = block_ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self._rows(f"SELECT {BLOCK_COLUMNS} FROM blocks WHERE id IN ({marks})", chunk):
                out[r["id"]] = rows.block_from(r)
        return out

    def iter_issue_blocks(self, issue_id: str) -> Iterator[Block]:
        for r in self._rows(f"SELECT {_B_COLUMNS} FROM blocks b JOIN documents d ON d.id = b.doc_id "
                            "WHERE d.issue_id = ? ORDER BY d.ord, b.ord", [issue_id]):
            yield rows.block_from(r)

    def source_text(self, issue_id: str) -> str:
        row = self.db.execute("SELECT text FROM sources WHERE issue_id = ?", [issue_id]).fetchone()
        if row is None:
            raise NotFound(f"资料库中没有期号为 {issue_id} 的公报。")
        return row[0]

    def issue_by_sha(self, sha256: str) -> Issue | None:
        found = self._rows("SELECT * FROM issues WHERE sha256 = ?", [sha256])
        return rows.issue_from(found[0]) if found else None

    def same_issue(self, issue: Issue) -> Issue | None:
        """An issue already stored with the same gazette, year and number, if any."""
        if issue.year is None or issue.number is None:
            return None
        found = self._rows("SELECT * FROM issues WHERE gazette = ? AND year = ? AND number = ?",
                           [issue.gazette, issue.year, issue.number])
        return rows.issue_from(found[0]) if found else None

    # -- writes (inside the transactions of ``Library.import_issue`` / ``remove_issue``) ----
    def check_new(self, issue: Issue, replace: bool) -> Issue | None:
        """The stored issue ``issue`` replaces, if any.

        Raises :class:`DuplicateIssue` when the same file is already stored, or when another
        file of the same issue is stored and ``replace`` is false.
        """
        same_file = self.issue_by_sha(issue.sha256)
        if same_file is not None:
            raise DuplicateIssue(
                f"{issue.source_name}：该文件已导入（{same_file.label}），资料库未作改动。",
                same_file.id, same_file=True)
        same = self.same_issue(issue)
        if same is not None and not replace:
            raise DuplicateIssue(
                f"{issue.source_name}：资料库中已有{same.label}（来自 {same.source_name}）。"
                "如要以新文件替换，请使用 --replace。", same.id, same_file=False)
        return same

    def insert_issue_rows(self, parsed: ParsedIssue) -> None:
        """The issue, its source text, documents, sections and blocks."""
        issue = parsed.issue
        if not issue.imported_at:
            issue.imported_at = _dt.datetime.now().isoformat(timespec="seconds")
        self.db["issues"].insert(rows.issue_row(issue))
        self.db["sources"].insert({"issue_id": issue.id, "text": parsed.source_text})
        self.db["documents"].insert_all(rows.document_row(d) for d in parsed.documents)
        self.db["sections"].insert_all(rows.section_row(s) for s in parsed.sections)
        self.db["blocks"].insert_all((rows.block_row(b) for b in parsed.blocks),
                                     batch_size=500)
        self.db["doc_norms"].insert_all(rows.doc_norm_rows(parsed.blocks))

    def document_ids(self, issue_id: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT id FROM documents WHERE issue_id = ?", [issue_id]).fetchall()]

    def delete_issue_rows(self, issue_id: str) -> None:
        """The issue's own rows (the parts have deleted theirs before)."""
        for table in ("doc_norms", "blocks", "sections"):
            self.db.execute(f"DELETE FROM {table} WHERE doc_id IN "
                            "(SELECT id FROM documents WHERE issue_id = ?)", [issue_id])
        self.db.execute("DELETE FROM documents WHERE issue_id = ?", [issue_id])
        self.db.execute("DELETE FROM sources WHERE issue_id = ?", [issue_id])
        self.db.execute("DELETE FROM issues WHERE id = ?", [issue_id])


class StorePart:
    """A part of the library: its own tables, read and written on the library's connection.

    ``base`` answers the queries on issues and documents a part needs (``base.document``...).
    """

    def __init__(self, base: LibraryBase):
        self.base = base
        self.db = base.db

    def _rows(self, sql: str, params=()) -> list[dict]:
        return self.base._rows(sql, params)
