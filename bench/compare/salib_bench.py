#!/usr/bin/env python3
"""SALib's side of bench/salib.bench.mjs: the same tasks on the same inputs (raw float64 files
written by the JS side into DIR), timed with bench/compare/timing.py.

Needs SALib importable (PYTHONPATH=<SALib>/src; see scripts/fixtures/salib_morris.py) and
Debian's numpy/scipy/pandas. Prints JSON {salib, python, numpy, rows: [{key, name, medianMs, minMs, samples}]}.
    python3 bench/compare/salib_bench.py DIR [seconds per task, default 1.5]
"""
import importlib.metadata
import json
import platform
import sys
import warnings
from pathlib import Path

import numpy as np

import timing

from SALib.sample import morris as morris_sample, ff as ff_sample, finite_diff
from SALib.sample.morris.morris import _compute_optimised_trajectories
from SALib.analyze import morris as morris_analyze, ff as ff_analyze, dgsm, hdmr

DIR = Path(sys.argv[1])
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 1.5
D = 20
A = np.array([0, 1, 4.5, 9] + [99] * (D - 4), dtype=float)


def problem(d):
    return {"num_vars": d, "names": [f"x{i + 1}" for i in range(d)], "bounds": [[0.0, 1.0]] * d}


def gfun(X):
    a = np.resize(A, X.shape[1])
    return np.prod((np.abs(4 * X - 2) + a) / (1 + a), axis=1)


def load(name, cols=None):
    a = np.fromfile(DIR / name, dtype="<f8")
    return a.reshape(-1, cols) if cols else a


mX, mY = load("morris_X.bin", D), load("morris_Y.bin")
cand = load("cand_unit.bin", D)
fX, fY = load("fd_X.bin", D), load("fd_Y.bin")
ff100Y = load("ff100_Y.bin")
hX, hY = load("hdmr_X.bin", 8), load("hdmr_Y.bin")

rows = []


def add(key, name, fn, check):
    rows.append(timing.measure("SALib " + name, fn, SECONDS, key=key, check=check))


P = problem(D)
add("morris-sample", "morris.sample", lambda: morris_sample.sample(problem(D), 1000, num_levels=4, seed=3),
    lambda X: X.shape == (21000, D) or sys.exit("rows"))
add("morris-analyze-100", "morris.analyze R=100", lambda: morris_analyze.analyze(problem(D), mX, mY, num_resamples=100, seed=4),
    lambda S: S["mu_star"][0] > 1 or sys.exit("mu*"))
add("morris-analyze-1000", "morris.analyze R=1000", lambda: morris_analyze.analyze(problem(D), mX, mY, num_resamples=1000, seed=4),
    lambda S: S["mu_star"][0] > 1 or sys.exit("mu*"))
Pg = dict(problem(D), groups=problem(D)["names"])
add("morris-optimal", "morris optimal (local)", lambda: _compute_optimised_trajectories(Pg, cand.copy(), 100, 10, True),
    lambda X: X.shape == (210, D) or sys.exit("k"))


def ff20():
    X = ff_sample.sample(problem(D))
    return ff_analyze.analyze(problem(D), X, gfun(X), second_order=True)


add("ff-20", "ff.sample + ff.analyze", ff20, lambda S: len(S["IE"]) == 496 or sys.exit("IE"))
X100 = ff_sample.sample(problem(100))
add("ff-100-analyze", "ff.analyze d=100", lambda: ff_analyze.analyze(problem(100), X100, ff100Y, second_order=True),
    lambda S: len(S["IE"]) == 8128 or sys.exit("IE"))
add("fd-sample", "finite_diff.sample", lambda: finite_diff.sample(problem(D), 1000), lambda X: X.shape == (21000, D) or sys.exit("rows"))
add("dgsm-analyze", "dgsm.analyze R=100", lambda: dgsm.analyze(problem(D), fX, fY, num_resamples=100, seed=5),
    lambda S: S["vi"][0] > 0 or sys.exit("vi"))

warnings.simplefilter("ignore", DeprecationWarning)  # hdmr.analyze warns on every call that it will be retired
add("hdmr-k20", "hdmr.analyze K=20 R=1000", lambda: hdmr.analyze(problem(8), hX, hY, seed=7), lambda S: S["S"][0] > 0.5 or sys.exit("S"))
add("hdmr-k1", "hdmr.analyze K=1", lambda: hdmr.analyze(problem(8), hX, hY, K=1), lambda S: S["S"][0] > 0.5 or sys.exit("S"))

print(json.dumps({"salib": importlib.metadata.version("SALib"), "python": platform.python_version(), "numpy": np.__version__, "rows": rows}))
