"""Panels: library search, tables, responsibility lists (and, later, annotations)."""
