#!/usr/bin/env python3
"""Python peers of bench/pce.bench.mjs: least squares on the same basis matrix.

The points (a Kronecker sequence), the basis (orthonormal Legendre polynomials, total degree 5
in 8 inputs, uqkit's term order does not matter for timing) and the outputs are those of
bench/pce.bench.mjs. Timed (median of repeated runs, the basis matrix built beforehand):
- numpy.linalg.lstsq (LAPACK gelsd, SVD-based), 1 output and 1,000 outputs;
- numpy lstsq plus the leverages h_ii (diagonal of the hat matrix, from a thin QR) that a
  leave-one-out error needs, 1 output;
- the normal equations in numpy/scipy (G = Psi^T Psi, Cholesky, triangular solves, leverages
  from U^-T Psi^T): uqkit's algorithm on OpenBLAS, 1 output.
chaospy (end to end) is not installed and cannot be (no PyPI access on this machine).

Prints JSON: {python, numpy, scipy, threads, rows: [{key, name, medianMs, minMs, samples}]}.
    python3 bench/compare/pce.py [seconds per task, default 1.5]
"""
import itertools
import json
import math
import os
import sys

import numpy as np
import scipy
import scipy.linalg as sla
from numpy.polynomial import legendre

from timing import measure

D, DEGREE = 8, 5


def points(n, d):
    primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29][:d]
    alpha = np.array([math.sqrt(p) % 1 for p in primes])
    i = np.arange(1, n + 1)[:, None]
    return -1 + 2 * ((i * alpha[None, :] + 0.5) % 1)


def outputs(x, q):
    o = np.arange(q)[None, None, :] / 1000
    return np.sin((np.arange(1, x.shape[1] + 1)[None, :, None]) * x[:, :, None] + o).sum(axis=1)


def basis(x, degree):
    n, d = x.shape
    idx = [a for a in itertools.product(range(degree + 1), repeat=d) if sum(a) <= degree]
    v = [legendre.legvander(x[:, j], degree) * np.sqrt(2 * np.arange(degree + 1) + 1) for j in range(d)]
    psi = np.ones((n, len(idx)))
    for k, a in enumerate(idx):
        for j in range(d):
            if a[j]:
                psi[:, k] *= v[j][:, a[j]]
    return psi



def lstsq_loo(psi, y):
    c, *_ = np.linalg.lstsq(psi, y, rcond=None)
    q, _ = np.linalg.qr(psi)
    h = np.einsum('ij,ij->i', q, q)
    r = y - psi @ c
    return c, np.sum((r / (1 - h)) ** 2) / np.sum((y - y.mean()) ** 2)


def normal_equations_loo(psi, y):
    g = psi.T @ psi
    u = sla.cholesky(g)  # upper, g = u^T u
    c = sla.cho_solve((u, False), psi.T @ y)
    w = sla.solve_triangular(u, psi.T, trans='T')  # U^-T Psi^T
    h = np.einsum('ij,ij->j', w, w)
    r = y - psi @ c
    return c, np.sum((r / (1 - h)) ** 2) / np.sum((y - y.mean()) ** 2)


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.5
    p = math.comb(D + DEGREE, D)
    n = 2 * p
    x = points(n, D)
    psi = basis(x, DEGREE)
    assert psi.shape == (n, p)
    y1 = outputs(x, 1)[:, 0]
    y1000 = outputs(x, 1000)
    c1, loo1 = lstsq_loo(psi, y1)
    c2, loo2 = normal_equations_loo(psi, y1)
    assert np.max(np.abs(c1 - c2)) < 1e-9 and abs(loo1 - loo2) < 1e-9 * loo1, (np.max(np.abs(c1 - c2)), loo1, loo2)
    rows = [
        measure(key='solve-1', name=f'numpy lstsq, 1 output (N={n}, P={p})', fn=lambda: np.linalg.lstsq(psi, y1, rcond=None), seconds=seconds),
        measure(key='fit-1', name='numpy lstsq + leverages (QR) + LOO, 1 output', fn=lambda: lstsq_loo(psi, y1), seconds=seconds),
        measure(key='normal-1', name='numpy/scipy normal equations + leverages + LOO, 1 output', fn=lambda: normal_equations_loo(psi, y1), seconds=seconds),
        measure(key='solve-1000', name='numpy lstsq, 1,000 outputs', fn=lambda: np.linalg.lstsq(psi, y1000, rcond=None), seconds=seconds),
    ]
    print(json.dumps({
        "python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
        "threads": os.environ.get("OPENBLAS_NUM_THREADS", f"OpenBLAS default ({os.cpu_count()} cores)"),
        "loo": loo1, "rows": rows,
    }))


if __name__ == "__main__":
    main()
