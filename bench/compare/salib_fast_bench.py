#!/usr/bin/env python3
"""Python peer of bench/salib.bench.mjs: SALib's eFAST, RBD-FAST, delta and PAWN on the same
inputs and outputs as uqkit (float64 files written by the JS side) and the same numbers of
resamples. SALib is used if importable (see scripts/fixtures/salib_peer.py for how to get it:
SALIB_SRC=/tmp/salib152/src); otherwise this prints {"skipped": reason}.

    python3 bench/compare/salib_bench.py DIR [seconds per task]
Prints JSON: {python, numpy, scipy, salib, rows: [{key, name, medianMs, minMs, samples}]}.
"""
import json
import os
import sys

import numpy as np
import scipy

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import timing  # noqa: E402

SRC = os.environ.get("SALIB_SRC", "/tmp/salib152/src")
sys.path.insert(0, SRC)
if not hasattr(np, "trapezoid"):
    np.trapezoid = np.trapz
try:
    from SALib.analyze import delta, fast, pawn, rbd_fast
    from SALib.sample import fast_sampler
except ImportError as e:
    print(json.dumps({"skipped": f"SALib is not importable ({e}); see scripts/fixtures/salib_peer.py"}))
    sys.exit(0)

d, seconds = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 1.5
spec = json.load(open(os.path.join(d, "spec.json")))
load = lambda name, *shape: np.fromfile(os.path.join(d, name), dtype="<f8").reshape(shape)
rows = []
for c in spec["cases"]:
    D = c["D"]
    problem = {"num_vars": D, "names": [f"x{j + 1}" for j in range(D)], "bounds": [[0.0, 1.0]] * D}
    Y = load(c["key"] + ".Y", c["rows"])
    X = load(c["key"] + ".X", c["rows"], D) if c["method"] != "fast" else None
    R = c.get("resamples", 0)
    if c["method"] == "fast-sample":
        fn = lambda: fast_sampler.sample(problem, c["N"], M=4, seed=1)
    elif c["method"] == "fast":
        fn = lambda: fast.analyze(problem, Y, M=4, num_resamples=R, seed=1)
    elif c["method"] == "rbd_fast":
        fn = lambda: rbd_fast.analyze(problem, X, Y, M=10, num_resamples=R, seed=1)
    elif c["method"] == "delta":
        fn = lambda: delta.analyze(problem, X, Y, num_resamples=R, seed=1, method=c.get("which", "all"))
    else:
        fn = lambda: pawn.analyze(problem, X, Y, S=10, seed=1)
    rows.append(timing.measure(f"SALib {c['label']}", fn, seconds, key=c["key"], min_runs=c.get("runs", 5)))
import SALib  # noqa: E402
print(json.dumps({"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__, "salib": "1.5.2 (" + os.path.dirname(SALib.__file__) + ")", "rows": rows}))
