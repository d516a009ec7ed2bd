"""Where a query's time goes, per query, for the search benchmark's evidence on spikes.

Each measured query records the process's own resource deltas (``getrusage``: user and
system CPU, minor and major page faults, voluntary and involuntary context switches; Linux:
the bytes it read and the bytes that came from the disk, ``/proc/self/io``) and a *canary*:
a fixed loop of pure Python arithmetic (no allocation that grows, no system call, no I/O)
run just before and just after the query. The canary costs the same CPU time whenever the
CPU runs at its usual speed: when it costs much more, the machine itself was slow at that
moment (the virtual CPU was held up below the guest system, which charges that time to
whatever runs), whatever the query did. A query spike with major faults or disk reads would
be the page cache; with minor faults, memory growth; with a slow canary beside it and none
of these, the machine.
"""

from __future__ import annotations

import resource
import statistics
import time

CANARY_LOOPS = 8_000        # about 0.25 ms of CPU on the benchmark machine
SLOW = 1.5                  # a canary this many times its median: the machine was slow


def canary() -> float:
    """CPU milliseconds of a fixed pure-Python loop."""
    c0 = time.process_time()
    x = 0
    for i in range(CANARY_LOOPS):
        x += i
    return (time.process_time() - c0) * 1000


def _io() -> tuple[int, int]:
    """(bytes read by the process's system calls, bytes that came from the disk); zeros
    where ``/proc/self/io`` does not exist."""
    try:
        with open("/proc/self/io", "rb") as f:
            fields = dict(line.split(b":") for line in f.read().splitlines())
        return int(fields[b"rchar"]), int(fields[b"read_bytes"])
    except (OSError, KeyError, ValueError):
        return 0, 0


class Measure:
    """``with Measure() as m: work()`` then ``m.row``: the work's figures (milliseconds,
    counts, bytes) and the canaries around it."""

    def __enter__(self):
        self.canary_before = canary()
        self.io0 = _io()
        self.ru0 = resource.getrusage(resource.RUSAGE_SELF)
        self.t0, self.c0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        t1, c1 = time.perf_counter(), time.process_time()
        ru1 = resource.getrusage(resource.RUSAGE_SELF)
        io1 = _io()
        ru0 = self.ru0
        self.row = {
            "wall": (t1 - self.t0) * 1000, "cpu": (c1 - self.c0) * 1000,
            "user": (ru1.ru_utime - ru0.ru_utime) * 1000,
            "sys": (ru1.ru_stime - ru0.ru_stime) * 1000,
            "minflt": ru1.ru_minflt - ru0.ru_minflt, "majflt": ru1.ru_majflt - ru0.ru_majflt,
            "nvcsw": ru1.ru_nvcsw - ru0.ru_nvcsw, "nivcsw": ru1.ru_nivcsw - ru0.ru_nivcsw,
            "rchar": io1[0] - self.io0[0], "disk": io1[1] - self.io0[1],
            "canary": max(self.canary_before, canary()),
        }
        return False


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else 0.0


def summary(rows: list[dict], canary_median: float) -> dict:
    """Per class: what its queries cost and what came with the slow ones. A spike is a
    query over twice the class's median CPU time."""
    med = statistics.median(r["cpu"] for r in rows)
    minflt_med = statistics.median(r["minflt"] for r in rows)
    slow_machine = [r for r in rows if r["canary"] > SLOW * canary_median]
    steady = [r for r in rows if r["canary"] <= SLOW * canary_median]
    spikes = [r for r in rows if r["cpu"] > 2 * med]
    cpu = sum(r["cpu"] for r in rows) or 1.0
    return {
        "cpu_p50": med, "cpu_p95": pct([r["cpu"] for r in rows], 0.95),
        "sys_share": sum(r["sys"] for r in rows) / cpu,
        "sys_p95": pct([r["sys"] for r in rows], 0.95),
        "minflt": sum(r["minflt"] for r in rows) / len(rows),
        "majflt_queries": sum(1 for r in rows if r["majflt"]),
        "disk_queries": sum(1 for r in rows if r["disk"]),
        "read_kb": sum(r["rchar"] for r in rows) / len(rows) / 1024,
        "slow_machine": len(slow_machine),
        "steady_p95": pct([r["cpu"] for r in steady], 0.95),
        "spikes": len(spikes),
        "spikes_slow_machine": sum(1 for r in spikes if r["canary"] > SLOW * canary_median),
        "spikes_faults": sum(1 for r in spikes if r["majflt"] or r["disk"]),
        "spikes_minflt": sum(1 for r in spikes if r["minflt"] > minflt_med + 10),
    }
