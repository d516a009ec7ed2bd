"""Task extraction on hostile input (issue 13): time and counted work as the input grows.

The cases of the reliability drill: a working-group sentence with N member units (exponential
before: 47 s with 26 units), a paragraph of N opening brackets (quadratic before: 30 s for
10,000), runs of separators and digits, and a whole gazette file holding 100,000 brackets.
Also the yield on the State Council samples (tasks, tasks with a lead).
"""

from __future__ import annotations

import argparse
import time

from core.extract.limits import meter
from core.extract.tasks import extract_text_tasks, find_brackets
from core.extract.units import default_aliases
from core.importer import parse_text
from core.model import Block
from tests.bench import CORPUS_DIR
from tests.fixtures.gazettes import GUOWUYUAN, P, render

_STEMS = "甲乙丙丁戊己庚辛壬癸"
UNITS = [f"市{a}{b}局" for a in _STEMS for b in _STEMS]


def _run(fn, arg) -> tuple[float, int]:
    meter.reset()
    t0 = time.perf_counter()
    fn(arg)
    return time.perf_counter() - t0, meter.reset()


def _tasks(text: str):
    block = Block(id="d-b0001", doc_id="d", ordinal=1, kind="paragraph", text=text,
                  section_id=None, page=1)
    return extract_text_tasks([block], {None: ""}, default_aliases(), 2023)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="bench_hostile")
    ap.add_argument("--quick", action="store_true")
    args, _ = ap.parse_known_args(argv)
    aliases = default_aliases()
    print("member list 市政府办公室牵头，A、B、……为成员单位。")
    for n in (16, 26, 30, 100):
        text = "市政府办公室牵头，" + "、".join(UNITS[:n]) + "为成员单位。"
        secs, steps = _run(_tasks, text)
        print(f"  {n:>4} units: {secs * 1000:8.2f} ms, {steps:>8} steps")
    print("opening brackets in one paragraph")
    sizes = (10_000, 100_000) if args.quick else (10_000, 100_000, 300_000)
    for n in sizes:
        secs, steps = _run(lambda t: find_brackets(t, aliases), "（" * n)
        print(f"  {n:>7} （: {secs * 1000:8.1f} ms, {steps:>8} steps")
    print("runs of 20,000 characters through the task extractor")
    for run in ("、", "，", "：", "1", "（1、", "牵头，", "2023年"):
        secs, steps = _run(_tasks, run * (20_000 // len(run)))
        print(f"  {run!r:>8}: {secs * 1000:8.1f} ms, {steps:>8} steps")
    hostile = GUOWUYUAN[:9] + [P("（" * 100_000 + "推进工作。（市财政局负责）")] + GUOWUYUAN[9:]
    text = render(hostile, header="国务院公报 2024 年第 3 号")
    t0 = time.perf_counter()
    parsed = parse_text(text, source_name="hostile.txt", sha256="e" * 64)
    print(f"import of a {len(text.encode()) // 1024} KB gazette with 100,000 （: "
          f"{time.perf_counter() - t0:.2f} s, {len(parsed.tasks)} tasks")
    samples = sorted((CORPUS_DIR / "state-council").glob("*.txt"))
    if not samples:
        print("../shared/corpus/state-council 不存在：跳过国务院样本。")
        return
    tasks = lead = 0
    t0 = time.perf_counter()
    for path in samples:
        p = parse_text(path.read_text(encoding="utf-8"), source_name=path.name,
                       sha256=path.stem.encode().hex()[:64].ljust(64, "0"))
        tasks += len(p.tasks)
        lead += sum(bool(t.lead) for t in p.tasks)
    print(f"State Council samples: {len(samples)} files, {tasks} tasks, {lead} with a lead "
          f"({time.perf_counter() - t0:.2f} s)")


if __name__ == "__main__":
    main()
