"""Benchmarks: `make bench` runs every ``bench_*.py`` module's ``main()`` and prints figures.

No benchmark asserts a time; they measure and report.
"""

from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def corpus_file(benchmark: str) -> Path | None:
    """The shared sample issue, or None after saying that ``benchmark`` is skipped."""
    files = sorted(CORPUS_DIR.glob("*.txt"))
    if not files:
        print(f"../shared/corpus 不存在：跳过{benchmark}。")
        return None
    return files[0]
