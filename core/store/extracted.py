"""Storing and querying extracted tables and tasks (责任分工).

The queries the command line and the GUI use:

* ``tables(doc_id=None, issue_id=None)`` / ``table(table_id)``: tables of a document, of an
  issue (or all), one table;
* ``tasks(doc_id)``: the tasks of a document, in order;
* ``task_records(doc_id=None, unit=None, role="any", due_before=None, issue_id=None)``: tasks
  with their source (issue label, 文号, title) — the ledger; ``tasks_for_unit(unit, ...)`` is the same
  for one unit, matched by printed or canonical name (then by part of the name);
* ``units()``: every unit with its number of tasks as lead, as support and in all;
* ``replace_extracted(issue_id, tables, tasks, kinds)``: re-extraction of one issue in one
  transaction (annotations untouched).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import NotFound
from ..model import Table, Task, issue_label
from . import rows
from .library import StorePart

# Whether any row of a table has an estimated page (its pages then are estimates too).
_TABLE_ESTIMATED = ("(SELECT max(b.page_estimated) FROM blocks b WHERE b.id IN "
                    "(SELECT value FROM json_each(t.block_ids))) AS b_est")


@dataclass(slots=True)
class TaskRecord:
    """A task and where it comes from: the ledger line."""

    task: Task
    doc_title: str
    doc_no: str | None
    issue_id: str
    issue_label: str           # 《许昌市人民政府公报》2023年第3期


@dataclass(slots=True)
class UnitCount:
    """A unit (canonical name) with its printed names and task counts."""

    canonical: str
    printed: list[str] = field(default_factory=list)
    lead: int = 0
    support: int = 0
    responsible: int = 0
    total: int = 0             # distinct tasks naming the unit in any role


def task_unit_rows(task: Task, canonical) -> list[dict]:
    """``task_units`` rows of a task: each unit once, as lead, support or responsible."""
    out, seen = [], set()
    for role, names in (("lead", task.lead), ("support", task.support),
                        ("responsible", task.units)):
        for name in names:
            if name in seen:
                continue
            seen.add(name)
            out.append({"task_id": task.id, "unit": name, "canonical": canonical(name),
                        "role": role})
    return out


class ExtractedStore(StorePart):
    """Tables, tasks and task units (``doc_tables``, ``tasks``, ``task_units``)."""

    # -- writes -------------------------------------------------------------------------
    def insert(self, tables: list[Table], tasks: list[Task]) -> None:
        """Store extracted tables and tasks (inside the caller's transaction)."""
        from ..extract.units import default_aliases

        canonical = default_aliases().canonical
        self.db["doc_tables"].insert_all(rows.table_row(t) for t in tables)
        self.db["tasks"].insert_all(rows.task_row(t) for t in tasks)
        self.db["task_units"].insert_all(
            (r for t in tasks for r in task_unit_rows(t, canonical)), batch_size=500)

    def delete_issue(self, issue_id: str) -> None:
        """Delete an issue's tables, tasks and task units (inside the caller's transaction)."""
        docs = "SELECT id FROM documents WHERE issue_id = ?"
        self.db.execute("DELETE FROM task_units WHERE task_id IN (SELECT id FROM tasks "
                        f"WHERE doc_id IN ({docs}))", [issue_id])
        self.db.execute(f"DELETE FROM tasks WHERE doc_id IN ({docs})", [issue_id])
        self.db.execute(f"DELETE FROM doc_tables WHERE doc_id IN ({docs})", [issue_id])

    def replace_extracted(self, issue_id: str, tables: list[Table], tasks: list[Task],
                          kinds: dict[str, str] | None = None) -> None:
        """Replace an issue's tables, tasks and task units, and set block kinds, atomically."""
        with self.db.atomic():
            self.delete_issue(issue_id)
            for block_id, kind in (kinds or {}).items():
                self.db.execute("UPDATE blocks SET kind = ? WHERE id = ?", [kind, block_id])
            self.insert(tables, tasks)

    # -- tables -------------------------------------------------------------------------
    def tables(self, doc_id: str | None = None, issue_id: str | None = None) -> list[Table]:
        """The tables of a document in order, of an issue (by document, then in order), or
        every table of the library (both filters given: both apply)."""
        if doc_id is None and issue_id is None:
            return [rows.table_from(r) for r in self._rows(
                f"SELECT t.*, {_TABLE_ESTIMATED} FROM doc_tables t "
                "JOIN documents d ON d.id = t.doc_id JOIN issues i ON i.id = d.issue_id "
                "ORDER BY i.year DESC, i.number DESC, d.ord, t.ord")]
        if issue_id is not None:
            where, params = ["d.issue_id = ?"], [issue_id]
            if doc_id is not None:
                where.append("t.doc_id = ?")
                params.append(doc_id)
            return [rows.table_from(r) for r in self._rows(
                f"SELECT t.*, {_TABLE_ESTIMATED} FROM doc_tables t "
                f"JOIN documents d ON d.id = t.doc_id WHERE {' AND '.join(where)} "
                "ORDER BY d.ord, t.ord", params)]
        return [rows.table_from(r) for r in self._rows(
            f"SELECT t.*, {_TABLE_ESTIMATED} FROM doc_tables t WHERE t.doc_id = ? ORDER BY t.ord",
            [doc_id])]

    def table(self, table_id: str) -> Table:
        found = self._rows(f"SELECT t.*, {_TABLE_ESTIMATED} FROM doc_tables t WHERE t.id = ?",
                           [table_id.strip()])
        if not found:
            raise NotFound(f"资料库中没有编号为 {table_id} 的表格（可用 tables 命令查看表格编号）。")
        return rows.table_from(found[0])

    # -- tasks --------------------------------------------------------------------------
    def tasks(self, doc_id: str) -> list[Task]:
        return [rows.task_from(r) for r in self._rows(
            "SELECT t.*, b.page_estimated AS b_est FROM tasks t "
            "LEFT JOIN blocks b ON b.id = t.block_id WHERE t.doc_id = ? ORDER BY t.ord", [doc_id])]

    def task_records(self, doc_id: str | None = None, unit: str | None = None,
                     role: str = "any", due_before: str | None = None,
                     issue_id: str | None = None) -> list[TaskRecord]:
        """Tasks with their source, filtered by document, issue, unit, role and deadline
        (an issue's tasks come by document, in the order of the issue).

        ``unit`` matches the printed or the canonical name; when nothing matches exactly,
        any unit whose name contains it. ``role`` is lead | support | responsible (named as
        责任单位, neither lead nor support) | any. ``due_before`` is
        an ISO date: only tasks with a readable deadline on or before it.
        """
        where, params = [], []
        if doc_id is not None:
            where.append("t.doc_id = ?")
            params.append(doc_id)
        if issue_id is not None:
            where.append("d.issue_id = ?")
            params.append(issue_id)
        if due_before:
            where.append("t.deadline IS NOT NULL AND t.deadline <= ?")
            params.append(due_before)
        if unit:
            names = self.match_units(unit)
            role_sql = {"lead": " AND u.role = 'lead'", "support": " AND u.role = 'support'",
                        "responsible": " AND u.role = 'responsible'"}
            marks = ",".join("?" * len(names)) or "NULL"
            where.append(f"t.id IN (SELECT u.task_id FROM task_units u WHERE u.canonical IN "
                         f"({marks}){role_sql.get(role, '')})")
            params.extend(names)
        sql = ("SELECT t.*, d.title AS d_title, d.doc_no AS d_no, i.id AS i_id, "
               "i.gazette AS i_gazette, i.year AS i_year, i.number AS i_number, "
               "i.number_unit AS i_unit, b.page_estimated AS b_est "
               "FROM tasks t JOIN documents d ON d.id = t.doc_id "
               "JOIN issues i ON i.id = d.issue_id LEFT JOIN blocks b ON b.id = t.block_id")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY i.year DESC, i.number DESC, d.ord, t.ord"
        out = []
        for r in self._rows(sql, params):
            label = issue_label(r["i_gazette"], r["i_year"], r["i_number"], r["i_unit"])
            out.append(TaskRecord(rows.task_from(r), r["d_title"], r["d_no"], r["i_id"], label))
        return out

    def tasks_for_unit(self, unit: str, role: str = "any",
                       due_before: str | None = None) -> list[TaskRecord]:
        """Tasks of one unit across the library (see :meth:`task_records`)."""
        return self.task_records(unit=unit, role=role, due_before=due_before)

    def match_units(self, unit: str) -> list[str]:
        """Canonical names matching a unit name: exact (printed or canonical), else partial."""
        from ..extract.units import default_aliases, fold

        name = fold(unit)
        canonical = default_aliases().canonical(name)
        found = [r[0] for r in self.db.execute(
            "SELECT DISTINCT canonical FROM task_units WHERE canonical IN (?, ?) OR unit = ?",
            [canonical, name, name]).fetchall()]
        if not found:
            found = [r[0] for r in self.db.execute(
                "SELECT DISTINCT canonical FROM task_units WHERE canonical LIKE ? OR unit LIKE ?",
                [f"%{name}%", f"%{name}%"]).fetchall()]
        return found

    def units(self) -> list[UnitCount]:
        """Every unit named by a task, most tasks first."""
        by_name: dict[str, UnitCount] = {}
        for canonical, unit, role, n in self.db.execute(
                "SELECT canonical, unit, role, count(*) FROM task_units "
                "GROUP BY canonical, unit, role").fetchall():
            uc = by_name.setdefault(canonical, UnitCount(canonical))
            if unit not in uc.printed:
                uc.printed.append(unit)
            setattr(uc, role, getattr(uc, role) + n)
        for canonical, total in self.db.execute(
                "SELECT canonical, count(DISTINCT task_id) FROM task_units GROUP BY canonical"):
            by_name[canonical].total = total
        for uc in by_name.values():
            uc.printed.sort(key=lambda name: (name != uc.canonical, name))
        return sorted(by_name.values(), key=lambda u: (-u.total, u.canonical))
