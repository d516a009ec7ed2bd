"""A table laid out as a grid for display and export: header, rows, and which rows are group
labels (one cell spanning the width) and which are rows kept whole (one raw-text cell)."""

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
    return grid
