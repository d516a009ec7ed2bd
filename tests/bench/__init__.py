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


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB: Linux's ``VmHWM`` (the high-water mark of
    this program's memory since it was started), else ``ru_maxrss``. Not ``ru_maxrss`` on
    Linux: a child started by fork and exec reports there at least its parent's size at the
    fork (the kernel keeps the forked copy's mark across the exec), so a figure measured in a
    child of `make bench`, one process that grows past 390 MB, read 396 MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
