"""Run every benchmark: ``python -m tests.bench [--quick] [bench_NAME ...]`` (names given:
only those; other arguments go to each benchmark).

Each ``bench_*`` module runs in a process of its own, as a clerk's window or command would:
its memory figures are its own (in one shared process, every later benchmark's "peak RSS"
and "RSS" included what the earlier ones had left, ~390 MB after the window's), and no
benchmark inherits another's Qt application, caches or collector state.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(folder)]) if m.name.startswith("bench_"))
    if {"-h", "--help"} & set(argv):
        print(__doc__.strip())
        print("\n基准：" + " ".join(names))
        return 0
    chosen = [a for a in argv if a in names]
    argv = [a for a in argv if a not in names]
    names = chosen or names
    failed = []
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        code = (f"import sys; from tests.bench import {name} as bench; "
                "code = bench.main(sys.argv[1:]); sys.exit(code or 0)")
        done = subprocess.run([sys.executable, "-c", code, *argv], cwd=ROOT)
        if done.returncode != 0:
            failed.append(f"{name}（退出码 {done.returncode}）")
    if failed:
        print("\n未完成的基准：" + "、".join(failed), flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
