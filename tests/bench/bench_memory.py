"""Peak memory of parsing a large valid text issue (hardening item 13: a 63 MB text used
1.55 GB). Prints MB of input, peak RSS of a fresh process that parses it, and the ratio;
``--quick`` uses a smaller file. Each measurement runs in its own process."""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import resource, sys, time
sys.path.insert(0, {root!r})
from core.importer import parse_file
t = time.perf_counter()
parsed = parse_file({path!r})
from tests.bench import peak_rss_mb
print(len(parsed.documents), time.perf_counter() - t, int(peak_rss_mb() * 1024))
"""


def make_text(path: Path, megabytes: float) -> None:
    from tests.fixtures.gazettes import LINCHENG, render

    one = render(LINCHENG, header="临城市人民政府公报（2024 年第 4 期）")
    n = max(1, int(megabytes * 1048576 / len(one.encode("utf-8"))))
    path.write_text(one * n, encoding="utf-8")


def measure(megabytes: float) -> tuple[float, int, float, float]:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "big-2024-04.txt"
        make_text(path, megabytes)
        size = path.stat().st_size / 1048576
        run = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), path=str(path))],
                             capture_output=True, text=True)
        if run.returncode:
            raise RuntimeError(run.stderr.strip().splitlines()[-1])
        out = run.stdout.split()
        docs, seconds, rss_kb = int(out[0]), float(out[1]), int(out[2])
        return size, docs, seconds, rss_kb / 1024


def main(argv: list[str]) -> None:
    from core.importer import MAX_TEXT_BYTES, MAX_TEXT_CHARS

    print(f"  limits: text files up to {MAX_TEXT_BYTES // 1048576} MB and "
          f"{MAX_TEXT_CHARS:,} characters")
    sizes = (1, 4) if "--quick" in argv else (1, 4, 12, 20)
    base = None
    for mb in sizes:
        try:
            size, docs, seconds, rss = measure(mb)
        except RuntimeError as e:
            print(f"  text {mb:5.1f} MB  refused: {e}")
            continue
        base = base if base is not None else rss
        print(f"  text {size:5.1f} MB  {docs:6d} documents  {seconds:6.1f} s  "
              f"peak RSS {rss:7.0f} MB  ({(rss - base) / max(size - 1, 1e-9):.0f} MB per MB "
              f"above 1 MB)" if size > 1.5 else
              f"  text {size:5.1f} MB  {docs:6d} documents  {seconds:6.1f} s  peak RSS {rss:7.0f} MB")
    _ = resource, time


if __name__ == "__main__":
    main(sys.argv[1:])
