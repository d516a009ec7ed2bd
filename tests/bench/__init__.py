"""Benchmarks: `make bench` runs every ``bench_*.py`` module's ``main()`` and prints figures.

No benchmark asserts a time; they measure and report.
"""
