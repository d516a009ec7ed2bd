"""Run every benchmark: ``python -m tests.bench [--quick]``."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(folder)]) if m.name.startswith("bench_"))
    for name in names:
        module = importlib.import_module(f"tests.bench.{name}")
        print(f"\n=== {name} ===", flush=True)
        module.main(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
