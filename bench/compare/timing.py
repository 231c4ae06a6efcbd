"""Timing for the Python peers of bench/*.bench.mjs: repeated calls, median and minimum."""
import statistics
import time


def measure(name, fn, seconds, key=None, check=None, check_each=False, min_runs=5, max_runs=10000):
    """Calls fn once to warm up (and check its result), then at least `min_runs` times and for
    about `seconds`, at most `max_runs` times. Returns {key?, name, medianMs, minMs, samples}."""
    out = fn()
    if check:
        check(out)
    times = []
    start = time.perf_counter()
    while len(times) < min_runs or (time.perf_counter() - start < seconds and len(times) < max_runs):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1e3)
        if check and check_each:
            check(out)
    row = {"key": key} if key is not None else {}
    row.update({"name": name, "medianMs": statistics.median(times), "minMs": min(times), "samples": len(times)})
    return row
