#!/usr/bin/env python3
"""Python peers of bench/quadrature.bench.mjs, and a numpy Smolyak reference.

1. scipy.special.roots_legendre(n) and roots_hermitenorm(n) for n = 100 and 1000, and roots_hermitenorm(2000) (median of
   repeated calls, as timeit would; scipy caches nothing between calls).
2. A reference Smolyak sparse grid in numpy, for the sparse-grid row uqkit will get: nested
   Clenshaw–Curtis rules (level 0: the midpoint; level l >= 1: 2^l + 1 points
   x_j = -cos(pi j / 2^l), weights by the standard cosine formula, as probability weights of
   the uniform distribution on [-1, 1]), combined over the multi-indices l >= 0 with
   |l|_1 <= L by the combination technique
       A(L, d) = sum_{L-d+1 <= |l|_1 <= L} (-1)^(L-|l|_1) binom(d-1, L-|l|_1) Q_{l_1} x ... x Q_{l_d}.
   Equal points are merged without rounding: the nodes of level l are the nodes j * 2^(L-l)
   of level L (the midpoint is 2^(L-1)), so every point has exact integer ids per axis,
   packed into one integer. For d = 10, L = 5 the grid has 41,265 points (the count in the
   literature for Clenshaw–Curtis Smolyak grids, e.g. Novak & Ritter 1996; Gerstner & Griebel
   1998), which the script checks, together with the weight sum and exactness on a
   polynomial of total degree 2L + 1.

Prints JSON: {python, numpy, scipy, rows: [{key, name, medianMs, minMs, samples}], smolyak: {...}}.
    python3 bench/compare/quadrature.py [seconds per task, default 1.5]
"""
import itertools
import json
import math
import sys

import numpy as np
import scipy
from scipy.special import roots_hermitenorm, roots_legendre

import timing


def measure(key, name, fn, seconds, check=None):
    return timing.measure(name, fn, seconds, key=key, check=check, min_runs=10)

SMOLYAK_D, SMOLYAK_L = 10, 5
SMOLYAK_POINTS = 41265  # Clenshaw–Curtis Smolyak, d = 10, level 5 (levels from 0)


# ----------------------------------------------------------------------------------------
# Smolyak / Clenshaw–Curtis


def cc_rule(level):
    """Nested Clenshaw–Curtis rule of a level: nodes ascending, probability weights."""
    if level == 0:
        return np.zeros(1), np.ones(1)
    n = 2**level  # m = n + 1 points
    j = np.arange(n + 1)
    x = -np.cos(np.pi * j / n)
    w = np.ones(n + 1)
    for k in range(1, n // 2 + 1):
        b = 1.0 if 2 * k == n else 2.0
        w -= b / (4 * k * k - 1) * np.cos(2 * k * np.pi * j / n)
    c = np.full(n + 1, 2.0)
    c[0] = c[n] = 1.0
    return x, c * w / n / 2  # / 2: probability weights on [-1, 1]


def smolyak_cc(d, L):
    """Points (rows) and weights of the Clenshaw–Curtis Smolyak grid, duplicates merged."""
    top = 2**L  # finest level: ids 0..top
    base = top + 1
    rules = [cc_rule(l) for l in range(L + 1)]
    ids = [np.array([top // 2]) if l == 0 else np.arange(2**l + 1) * 2 ** (L - l) for l in range(L + 1)]
    finest = cc_rule(L)[0] if L > 0 else np.zeros(1)
    all_keys, all_w = [], []
    # multi-indices l >= 0 with L - d + 1 <= |l| <= L
    for total in range(max(0, L - d + 1), L + 1):
        coef = (-1) ** (L - total) * math.comb(d - 1, L - total)
        for l in compositions(total, d):
            key = np.zeros(1, dtype=np.int64)
            w = np.full(1, float(coef))
            for lj in l:  # tensor product, one axis at a time
                key = (key[:, None] * base + ids[lj][None, :]).ravel()
                w = (w[:, None] * rules[lj][1][None, :]).ravel()
            all_keys.append(key)
            all_w.append(w)
    keys = np.concatenate(all_keys)
    ws = np.concatenate(all_w)
    uniq, inverse = np.unique(keys, return_inverse=True)
    weights = np.bincount(inverse, weights=ws)
    # decode the ids into coordinates
    digits = np.empty((uniq.size, d), dtype=np.int64)
    rest = uniq.copy()
    for j in range(d - 1, -1, -1):
        digits[:, j] = rest % base
        rest //= base
    return finest[digits], weights, int(keys.size)


def compositions(total, d):
    """All l in N^d with sum(l) = total."""
    for bars in itertools.combinations(range(total + d - 1), d - 1):
        prev, l = -1, []
        for b in bars:
            l.append(b - prev - 1)
            prev = b
        l.append(total + d - 1 - prev - 1)
        yield l


def check_smolyak(result):
    x, w, _ = result
    d, L = SMOLYAK_D, SMOLYAK_L
    if x.shape != (SMOLYAK_POINTS, d):
        raise AssertionError(f"Smolyak CC d={d} L={L}: {x.shape[0]} points, expected {SMOLYAK_POINTS}")
    # The combination coefficients cancel: sum_l |c_l| = 22,363 here, so the merged weights
    # carry rounding errors of about that many ulps.
    size = sum(math.comb(d - 1, L - t) * math.comb(t + d - 1, d - 1) for t in range(max(0, L - d + 1), L + 1))
    if abs(w.sum() - 1) > 1e-15 * size:
        raise AssertionError(f"weights sum to {w.sum()}")
    # exact for total degree 2L + 1: E[x1^2 x2^4 x3^4] under U[-1,1]^d = 1/3 * 1/5 * 1/5
    got = np.dot(w, x[:, 0] ** 2 * x[:, 1] ** 4 * x[:, 2] ** 4)
    if abs(got - 1 / 75) > 1e-13:
        raise AssertionError(f"E[x1^2 x2^4 x3^4] = {got}, expected {1 / 75}")


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.5
    rows = []
    for n in (100, 1000):
        rows.append(measure(f"legendre-{n}", f"scipy roots_legendre({n})", lambda n=n: roots_legendre(n), seconds))
        rows.append(measure(f"hermite-{n}", f"scipy roots_hermitenorm({n})", lambda n=n: roots_hermitenorm(n), seconds))
    rows.append(measure("hermite-2000", "scipy roots_hermitenorm(2000)", lambda: roots_hermitenorm(2000), seconds))
    key = f"smolyak-cc-d{SMOLYAK_D}-l{SMOLYAK_L}"
    row = measure(key, f"numpy Smolyak CC d={SMOLYAK_D} level {SMOLYAK_L} (combination technique, merged)",
                  lambda: smolyak_cc(SMOLYAK_D, SMOLYAK_L), seconds, check_smolyak)
    rows.append(row)
    x, w, before = smolyak_cc(SMOLYAK_D, SMOLYAK_L)
    smolyak = {"key": key, "d": SMOLYAK_D, "level": SMOLYAK_L, "points": int(x.shape[0]), "expectedPoints": SMOLYAK_POINTS,
               "pointsBeforeMerging": before, "weightSum": float(w.sum()), "negativeWeights": int((w < 0).sum()),
               "medianMs": row["medianMs"]}
    print(json.dumps({"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
                      "rows": rows, "smolyak": smolyak}))


if __name__ == "__main__":
    main()
