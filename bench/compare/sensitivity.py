#!/usr/bin/env python3
"""Python peers of bench/sensitivity.bench.mjs: Sobol' indices with 1,000 bootstrap resamples.

SALib cannot be installed here (no PyPI), so its `sobol.analyze` is reproduced in numpy with the
same structure (scripts/fixtures/sensitivity.py holds the formulas): the outputs standardised,
then for each input j the point estimate and the bootstrap estimates on A[r], AB[r, j], B[r]
with r an (N, R) array of resampled row numbers, as SALib does. REFERENCE.md measured SALib
itself at 1.9 s for Ishigami n = 2^14, R = 1000, first and total order, on this kind of
machine; the numpy version is reported next to it.

Also scipy.stats.sobol_indices(...).bootstrap() (BCa, 1000 resamples) at n = 2^14, once: it
takes seconds to tens of seconds, and at n = 2^16 it needs tens of GiB (REFERENCE.md).

Prints JSON: {python, numpy, scipy, rows: [{key, name, medianMs, minMs, samples, ...}]}.
    python3 bench/compare/sensitivity.py [seconds per task, default 1.5] [--heavy]
--heavy also runs the d = 20, n = 2^16 case (one run: it needs several GiB and about a minute)
and scipy's bootstrap (one run).
"""
import importlib.util
import json
import sys
import time
from pathlib import Path

import timing
import numpy as np
import scipy
from scipy.stats import norm, qmc

_spec = importlib.util.spec_from_file_location("fx", Path(__file__).resolve().parents[2] / "scripts" / "fixtures" / "sensitivity.py")
fx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fx)

G_A20 = [0, 1, 4.5, 9] + [99] * 16


def salib_analyze(Y, D, num_resamples=1000, conf_level=0.95, seed=1):
    """First and total order with bootstrap half-widths, structured as SALib's sobol.analyze."""
    Y = (Y - Y.mean()) / Y.std()
    A, B, AB, _ = fx.split(Y, D, False)
    N = A.size
    r = np.random.default_rng(seed).integers(N, size=(N, num_resamples))
    Z = norm.ppf(0.5 + conf_level / 2)
    S1, S1c, ST, STc = np.zeros(D), np.zeros(D), np.zeros(D), np.zeros(D)
    for j in range(D):
        S1[j] = fx.first_order(A, AB[:, j], B)
        S1c[j] = Z * fx.first_order(A[r], AB[r, j], B[r]).std(ddof=1)
        ST[j] = fx.total_order(A, AB[:, j], B)
        STc[j] = Z * fx.total_order(A[r], AB[r, j], B[r]).std(ddof=1)
    return S1, S1c, ST, STc


def salib_outputs(model, bounds, n, seed):
    """A scrambled Saltelli sample in SALib's order and the model's outputs at it."""
    D = len(bounds)
    base = qmc.Sobol(d=2 * D, scramble=True, seed=seed).random(n)
    A, B = base[:, :D], base[:, D:]
    X = np.empty((n, D + 2, D))
    X[:, 0] = A
    for j in range(D):
        X[:, 1 + j] = A
        X[:, 1 + j, j] = B[:, j]
    X[:, D + 1] = B
    lb = np.array([b[0] for b in bounds])
    ub = np.array([b[1] for b in bounds])
    return model(X.reshape(-1, D) * (ub - lb) + lb)


def measure(key, name, fn, seconds, check, max_runs=10000):
    return timing.measure(name, fn, seconds, key=key, check=check, check_each=True, min_runs=3, max_runs=max_runs)


def once(key, name, fn, check):
    t0 = time.perf_counter()
    out = fn()
    ms = (time.perf_counter() - t0) * 1e3
    check(out)
    return {"key": key, "name": name, "medianMs": ms, "minMs": ms, "samples": 1}


def close_to(S1, ST, S1_true, ST_true, tol):
    def check(out):
        s1, _, st, _ = out
        if np.max(np.abs(s1 - S1_true)) > tol or np.max(np.abs(st - ST_true)) > tol:
            raise AssertionError(f"indices off: S1 {s1}, ST {st}")
    return check


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else 1.5
    heavy = "--heavy" in sys.argv
    pi = np.pi
    rows = []
    S_ish = np.array([0.3139051911, 0.4424111448, 0])
    ST_ish = np.array([0.5575888552, 0.4424111448, 0.2436836641])
    Y = salib_outputs(fx.ishigami, [[-pi, pi]] * 3, 2**14, 1)
    rows.append(measure("ishigami-14", "numpy SALib-style analyze, Ishigami n=2^14, first+total, R=1000",
                        lambda: salib_analyze(Y, 3), seconds, close_to(None, None, S_ish, ST_ish, 0.02), max_runs=5))
    if heavy:
        D = 20
        Vi = np.array([1 / (3 * (1 + a) ** 2) for a in G_A20])
        V = np.prod(1 + Vi) - 1
        S_g = Vi / V
        ST_g = np.array([Vi[i] * np.prod(np.delete(1 + Vi, i)) / V for i in range(D)])
        Yg = salib_outputs(lambda X: fx.gfun(X, G_A20), [[0, 1]] * D, 2**16, 2)
        rows.append(once("g20-16", "numpy SALib-style analyze, g-function d=20 n=2^16, first+total, R=1000 (one run)",
                         lambda: salib_analyze(Yg, D), close_to(None, None, S_g, ST_g, 0.02)))
        del Yg
        from scipy.stats import sobol_indices, uniform

        def scipy_boot():
            res = sobol_indices(func=lambda x: fx.ishigami(x.T), n=2**14,
                                dists=[uniform(loc=-pi, scale=2 * pi)] * 3, rng=np.random.default_rng(3))
            ci = res.bootstrap(confidence_level=0.95, n_resamples=1000)
            return res.first_order, ci, res.total_order, None

        rows.append(once("scipy-ishigami-14", "scipy sobol_indices + .bootstrap() (BCa), Ishigami n=2^14, R=1000 (one run)",
                         scipy_boot, close_to(None, None, S_ish, ST_ish, 0.03)))
    print(json.dumps({"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__, "rows": rows}))


if __name__ == "__main__":
    main()
