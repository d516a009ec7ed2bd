"""A table laid out as a grid for display and export: header, rows, which rows are group
labels (one cell spanning the width), which are rows kept whole (one raw-text cell), and the
labels of the first column that span several rows (merged down, ``label_spans``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Table


@dataclass
class Grid:
    header: list[str]
    rows: list[list] = field(default_factory=list)
    group_rows: set[int] = field(default_factory=set)     # indices into rows
    raw_rows: set[int] = field(default_factory=set)       # indices into rows
    body_of: dict[int, int] = field(default_factory=dict)  # grid row → table row
    label_spans: list[tuple[int, int]] = field(default_factory=list)  # (first grid row, rows)

    @property
    def width(self) -> int:
        return max([len(r) for r in self.rows] + [len(self.header), 1])


def table_layout(table: Table) -> Grid:
    """The grid of ``table``: group labels become rows of their own before the row they
    head; every row keeps its cells (a row kept whole has one)."""
    width = max([len(r) for r in table.rows] + [len(h) for h in table.header] + [1])
    header = list(table.header[0]) if table.header else []
    header += [""] * (width - len(header)) if header else []
    labels: dict[int, list[str]] = {}
    for idx, label in table.groups:
        labels.setdefault(idx, []).append(label)
    raw = set(table.raw_rows)
    grid = Grid(header)
    for r in range(len(table.rows) + 1):
        for label in labels.get(r, []):
            grid.group_rows.add(len(grid.rows))
            grid.rows.append([label])
        if r < len(table.rows):
            if r in raw:
                grid.raw_rows.add(len(grid.rows))
            grid.body_of[len(grid.rows)] = r
            grid.rows.append(list(table.rows[r]))
    grid.label_spans = label_spans(grid)
    return grid


def label_spans(grid: Grid) -> list[tuple[int, int]]:
    """The first column's labels that span rows: ``(first grid row, number of rows)`` for
    each run of two or more rows in a row whose first cell holds the same label.

    A label printed once across many rows (一级指标 经济发展, 类别 高新技术企业（首次认定 12
    家）) is stored in every row it spans (see ``core.extract.tables``): such a run is that
    span. A run never crosses a group row or a row kept whole, never holds an empty first
    cell (a row no label was given to), and a grid of one column has none."""
    if grid.width < 2:
        return []
    out: list[tuple[int, int]] = []
    start = None
    for r in range(len(grid.rows) + 1):
        row = grid.rows[r] if r < len(grid.rows) else None
        ok = row is not None and r not in grid.group_rows and r not in grid.raw_rows \
            and len(row) > 1 and str(row[0] or "").strip() != ""
        same = ok and start is not None and row[0] == grid.rows[start][0]
        if same:
            continue
        if start is not None and r - start >= 2:
            out.append((start, r - start))
        start = r if ok else None
    return out
