#!/usr/bin/env python3
"""Python peers of bench/sobol.bench.mjs: scipy's Sobol' (d=10, 2^20 points) and numpy's
fill bandwidth. Prints a JSON list of {name, medianMs, minMs, samples, values}."""
import json
import sys

import timing
import numpy as np
import scipy
from scipy.stats import qmc

DIM, M = 10, 20
LEN = DIM * 2**M


def measure(name, fn, seconds):
    return {**timing.measure(name, fn, seconds, max_runs=1000), "values": LEN}


def batches():
    eng = qmc.Sobol(DIM, scramble=False)
    for _ in range(16):
        x = eng.random(2**M // 16)
    return x


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.5
    a = np.empty(LEN)
    rows = [
        measure("scipy plain: Sobol(10, scramble=False).random_base2(20)", lambda: qmc.Sobol(DIM, scramble=False).random_base2(M), seconds),
        measure("scipy plain: 16 × random(n/16)", lambda: batches(), seconds),
        measure("scipy scrambled (LMS+shift): Sobol(10, seed=1).random_base2(20)", lambda: qmc.Sobol(DIM, scramble=True, seed=1).random_base2(M), seconds),
        measure("numpy ceiling: a.fill(0.5) on the same array", lambda: a.fill(0.5), seconds),
        measure("numpy ceiling: np.full (new array)", lambda: np.full(LEN, 0.5), seconds),
    ]
    print(json.dumps({"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__, "rows": rows}))


if __name__ == "__main__":
    main()
