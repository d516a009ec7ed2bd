"""How steady this machine's CPU is: whether the latency figures of the other benchmarks
can be trusted at this moment.

A loop that only reads the clock runs for a few seconds; its speed is counted per
millisecond window. A window where the process was taken off the CPU (a gap of more than
0.2 ms: another process ran) is left out. In the others the loop should always run at the
same speed. On a virtual machine whose CPU is held up below the guest system (the host
running other work on that CPU, exits to the hypervisor), some windows run at a fraction of
the speed, and the loop sees many small gaps (1.5 to 200 µs) in them that no interrupt of
the guest system explains (``/proc/interrupts``): that time is charged to whatever process
runs, as its own CPU time, user or system alike.

Run: ``python -m tests.bench.bench_vcpu [--seconds 5]``.
"""

from __future__ import annotations

import argparse
import os
import time

SMALL_NS = 1_500            # a gap this long is at least five iterations of the loop
OFF_CPU_NS = 200_000        # a gap this long: the process was off the CPU
WINDOW_NS = 1_000_000


def _interrupts() -> int:
    """Interrupts the guest system handled on every CPU so far (0 where unknown)."""
    total = 0
    try:
        with open("/proc/interrupts", encoding="ascii", errors="replace") as f:
            ncpu = len(f.readline().split())
            for line in f:
                for field in line.split()[1:1 + ncpu]:
                    if field.isdigit():
                        total += int(field)
    except OSError:
        return 0
    return total


def _steal() -> int:
    """Steal time the guest system was told of, in clock ticks (0 where unknown)."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            fields = f.readline().split()
        return int(fields[8]) if len(fields) > 8 else 0
    except (OSError, ValueError):
        return 0


def measure(seconds: float = 5.0) -> dict:
    """Per 1-ms window on the CPU: loop iterations, small gaps and their time."""
    clock = time.perf_counter_ns
    windows: list[tuple[int, int, int]] = []    # (iterations, small gaps, their ns)
    irq0, steal0, cpu0 = _interrupts(), _steal(), time.process_time()
    end = clock() + int(seconds * 1e9)
    last = clock()
    w_end = last + WINDOW_NS
    it = small = small_ns = 0
    off = False
    while last < end:
        now = clock()
        it += 1
        gap = now - last
        if gap > SMALL_NS:
            if gap > OFF_CPU_NS:
                off = True
            else:
                small += 1
                small_ns += gap
        if now >= w_end:
            if not off:
                windows.append((it, small, small_ns))
            it = small = small_ns = 0
            off = False
            w_end = now + WINDOW_NS
        last = now
    cpu_s = time.process_time() - cpu0
    speeds = sorted(w[0] for w in windows)
    median = speeds[len(speeds) // 2] if speeds else 0
    slow = [w for w in windows if w[0] < median / 2]
    steady = [w for w in windows if w[0] >= median * 0.9]

    def gaps(ws):
        if not ws:
            return 0.0, 0.0
        return (sum(w[1] for w in ws) / len(ws), sum(w[2] for w in ws) / len(ws) / 1000)

    return {"seconds": seconds, "cpu_s": cpu_s, "windows": len(windows), "median": median,
            "slow": len(slow),
            "slow_speed": sum(w[0] for w in slow) / len(slow) / median if slow and median else 0,
            "slow_gaps": gaps(slow), "steady_gaps": gaps(steady),
            "interrupts_per_s": (_interrupts() - irq0) / seconds,
            "steal_ticks": _steal() - steal0, "load": os.getloadavg()}


def report(r: dict) -> None:
    share = r["slow"] / r["windows"] * 100 if r["windows"] else 0.0
    print(f"CPU steadiness over {r['seconds']:.0f} s ({r['cpu_s']:.1f} s on the CPU, load "
          f"{r['load'][0]:.2f}): {r['windows']} windows of 1 ms on the CPU, "
          f"{r['slow']} ({share:.1f}%) at under half the median speed")
    if r["slow"]:
        n, us = r["slow_gaps"]
        sn, sus = r["steady_gaps"]
        print(f"  slow windows: {r['slow_speed'] * 100:.0f}% of the median speed; {n:.0f} "
              f"gaps of 1.5-200 µs per ms in them, {us:.0f} µs of each ms (steady windows: "
              f"{sn:.1f} gaps, {sus:.0f} µs)")
    print(f"  interrupts the guest system handled: {r['interrupts_per_s']:.0f}/s on all CPUs; "
          f"steal time it was told of: {r['steal_ticks']} ticks")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="bench_vcpu")
    ap.add_argument("--seconds", type=float, default=5.0)
    args, _ = ap.parse_known_args(argv)
    report(measure(args.seconds))


if __name__ == "__main__":
    main()
