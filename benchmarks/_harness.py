"""Shared by the benchmark scripts: run a function in a fresh process, time it, read its peak memory."""
from __future__ import annotations

import multiprocessing as mp
import resource
import statistics
import sys
import time

__all__ = ["measure", "median_run", "print_table"]


def _peak_mb() -> float:
    """This process's peak resident memory. Linux: VmHWM, the high-water mark of this process's
    own memory map (ru_maxrss would also count the parent's peak, inherited through fork and exec)."""
    try:
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024
    except OSError:  # not Linux
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** (2 if sys.platform == "darwin" else 1)


def _reset_peak() -> None:
    # Linux: start VmHWM again from the current resident memory, so that the peak is the timed
    # call's and not that of compiling the kernels in the warm-up (a cold numba cache)
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:  # not Linux: the peak includes the warm-up
        pass


def _child(conn, fn, args, warmup):
    if warmup is not None:  # a small first call: loads compiled kernels, fills caches
        fn(*warmup)
        _reset_peak()
    start = time.perf_counter()
    result = fn(*args)
    seconds = time.perf_counter() - start
    conn.send((seconds, _peak_mb(), result))
    conn.close()


def measure(fn, *args, timeout: float = 900, warmup: tuple | None = None):
    """(seconds, peak resident MB, result) of fn(*args) in a fresh process (one core), timed
    after an untimed call fn(*warmup) when warmup is given (the same for every peer; on Linux
    the peak is then the timed call's)."""
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn, args, warmup))
    proc.start()
    if not parent.poll(timeout):
        proc.kill()
        proc.join()
        return float("nan"), float("nan"), None
    seconds, peak, result = parent.recv()
    proc.join()
    return seconds, peak, result


def median_run(fn, args, repeats: int, timeout: float = 900, warmup: tuple | None = None):
    """Median seconds and max peak MB over repeats (each in a fresh process)."""
    runs = [measure(fn, *args, timeout=timeout, warmup=warmup) for _ in range(repeats)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs), runs[-1][2]


def print_table(title: str, header: list[str], rows: list[list]) -> None:
    cells = [[f"{c:,.3f}" if isinstance(c, float) else str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(header)]
    print(f"\n## {title}\n")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells:
        print("| " + " | ".join(c.rjust(w) for c, w in zip(row, widths)) + " |")
