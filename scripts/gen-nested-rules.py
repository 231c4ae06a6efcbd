#!/usr/bin/env python3
"""Generate src/numerics/nested-rules.data.ts: Gauss–Patterson and Genz–Keister rules.

Purpose
    The nested rules used by sparse grids ('patterson', 'genz-keister' in rules.ts) are
    computed here, offline and in high precision, from their definitions (no published
    tables are used), and written as correctly rounded doubles into a TypeScript module.

Rules (both symmetric about 0, probability weights)
    * Gauss–Patterson (Patterson, Math. Comp. 22, 1968) for the uniform probability measure
      dmu = dx/2 on [-1, 1]: levels 0..8 with 1, 3, 7, ..., 511 points; level 0 = {0},
      level 1 = 3-point Gauss–Legendre; exactness 1, 5, 11, 23, ..., 767.
    * Genz–Keister (Genz & Keister, J. Comput. Appl. Math. 71, 1996) for the standard normal
      measure dmu = phi(x) dx: levels 0..4 with 1, 3, 9, 19, 35 points; level 0 = {0},
      level 1 = 3-point Gauss–Hermite; exactness 1, 5, 15, 29, 51.

Method
    Level l+1 adds to the n nodes x_i of level l the m roots of the monic polynomial E of
    degree m orthogonal to every polynomial of degree < m under the signed measure
    Q(x) dmu(x), Q(x) = prod (x - x_i). E = p_m + sum_{i<m} c_i p_i in the orthonormal
    polynomials p_k of mu (three-term recurrence); the conditions int Q E p_j dmu = 0,
    j < m, reduce by symmetry to a square system in the c_i with i = m (mod 2) and the
    equations with n + m + j even. Its entries are computed exactly with a Gauss rule of mu
    (K even points, 2K - 1 >= n + 2m - 1; nodes by Newton on the recurrence from scipy's
    double-precision nodes, Christoffel weights 1 / sum_{j<K} p_j(y)^2) and the system is
    solved with mpmath's LU. The roots of E are bracketed (Patterson: one in each gap of the
    old nodes including (x_max, 1); Genz–Keister: sign changes on a fine grid of (0, 12])
    and refined by safeguarded Newton. Weights are the interpolatory ones,
    w_i = int l_i dmu, computed exactly with the same Gauss rule through the barycentric
    form l_i(y) = lambda_i omega(y) / (y - x_i).
    Everything is done at a working precision D and again at D + 40 digits; D starts at
    80 and is raised until all nodes and weights agree to 1e-30 (relative). Each rule is
    then checked on x^k up to its exactness degree and for positive weights. Old nodes are
    carried over as the same multiprecision values and rounded to double once, so nested
    levels share exactly the same doubles; negative nodes/weights are exact mirrors and the
    middle node is exactly 0.

Run
    python3 scripts/gen-nested-rules.py        (from the repository root; a few minutes)
"""

import math
import os
import sys
import time

import mpmath
import numpy as np
from mpmath import mp, mpf
from mpmath import libmp
from scipy.special import roots_hermitenorm, roots_legendre

OUT = os.path.join('src', 'numerics', 'nested-rules.data.ts')
PATTERSON_LEVELS = 8  # levels 0..8 (1 .. 511 points)
GK_ADD = [6, 10, 16]  # Genz–Keister: points added at levels 2, 3, 4
AGREE_TOL = mpf('1e-30')


# ---------------------------------------------------------------------------------------
# Orthonormal polynomials: x p_k = a_{k+1} p_{k+1} + a_k p_{k-1}, p_0 = 1, p_{-1} = 0.

class Family:
    def __init__(self, name):
        self.name = name
        self._a = [mpf(0)]
        self._dps = None
        self._gauss = {}

    def a(self, k):
        self._extend(k)
        return self._a[k]

    def _extend(self, k):
        """Caches a_k and, for the recurrence p_{k+1} = x p_k r_k - p_{k-1} s_k,
        r_k = 1 / a_{k+1} and s_k = a_k / a_{k+1}."""
        if self._dps != mp.dps:
            self._a, self._r, self._s, self._dps = [mpf(0)], [], [], mp.dps
        while len(self._a) <= k + 1:
            j = len(self._a)
            if self.name == 'legendre':
                self._a.append(mpf(j) / mpmath.sqrt(mpf(4 * j * j - 1)))
            else:
                self._a.append(mpmath.sqrt(mpf(j)))
            self._r.append(1 / self._a[j])
            self._s.append(self._a[j - 1] / self._a[j])

    def values(self, x, N):
        """[p_0(x), ..., p_N(x)]."""
        self._extend(N)
        r, s = self._r, self._s
        p = [mpf(1)]
        prev = mpf(0)
        for k in range(N):
            p.append(x * p[k] * r[k] - prev * s[k])
            prev = p[k]
        return p

    def value(self, x, N, coeffs):
        """sum_k coeffs[k] p_k(x), k = 0..N (coeffs may hold zeros)."""
        self._extend(N)
        r, s = self._r, self._s
        p0, p1 = mpf(0), mpf(1)
        acc = coeffs[0] * p1
        for k in range(N):
            p0, p1 = p1, x * p1 * r[k] - p0 * s[k]
            c = coeffs[k + 1]
            if c:
                acc += c * p1
        return acc

    def value_and_derivative(self, x, N, coeffs):
        """sum_k coeffs[k] p_k(x) and its derivative, k = 0..N (coeffs may hold zeros)."""
        self._extend(N)
        r, s = self._r, self._s
        p0, p1 = mpf(0), mpf(1)  # p_{k-1}, p_k
        d0, d1 = mpf(0), mpf(0)
        acc = coeffs[0] * p1
        dacc = mpf(0)
        for k in range(N):
            p0, p1, d0, d1 = p1, x * p1 * r[k] - p0 * s[k], d1, (p1 + x * d1) * r[k] - d0 * s[k]
            c = coeffs[k + 1]
            if c:
                acc += c * p1
                dacc += c * d1
        return acc, dacc

    def gauss(self, K):
        """Positive half of the K-point Gauss rule of mu (K even): nodes, weights."""
        assert K % 2 == 0
        key = (K, mp.dps)
        if key not in self._gauss:
            self._gauss[key] = self._gauss_rule(K)
        return self._gauss[key]

    def _gauss_rule(self, K):
        if self.name == 'legendre':
            y0 = roots_legendre(K)[0]
        else:
            y0 = roots_hermitenorm(K)[0]
        y0 = sorted(float(v) for v in y0 if v > 0)
        # quadratic convergence: once a step is below 10^(-dps/2) the result is at full precision
        tol = mpf(10) ** (-(mp.dps // 2))
        coeffs = [mpf(0)] * K + [mpf(1)]
        ys, ws = [], []
        for v in y0:
            y = mpf(v)
            for _ in range(100):
                f, df = self.value_and_derivative(y, K, coeffs)
                dy = f / df
                y -= dy
                if abs(dy) <= tol * max(1, abs(y)):
                    break
            else:
                raise RuntimeError('Gauss node Newton did not converge')
            p = self.values(y, K - 1)
            ws.append(1 / mpmath.fsum(q * q for q in p))
            ys.append(y)
        total = 2 * mpmath.fsum(ws)
        assert abs(total - 1) < mpf(10) ** (-mp.dps + 10), total
        return ys, ws


def to_fixed(x, P):
    """floor-ish(x * 2^P) as a Python int (truncation; |error| < 1 unit)."""
    sign, man, exp, _ = x._mpf_
    if not man:
        return 0
    sh = exp + P
    v = man << sh if sh >= 0 else man >> -sh
    return -v if sign else v


def from_fixed(v, P):
    return mpmath.ldexp(mpf(v), -P)


def fixed_dot(A, B):
    """A @ B for object arrays of mpf, in fixed point with P = prec + 64 fractional bits;
    A and B should hold values of moderate size (not far below 1 in their largest entries)."""
    P = mp.prec + 64
    Ai = np.vectorize(lambda x: to_fixed(x, P), otypes=[object])(A)
    Bi = np.vectorize(lambda x: to_fixed(x, P), otypes=[object])(B)
    C = Ai.dot(Bi)
    return np.vectorize(lambda v: from_fixed(v, 2 * P), otypes=[object])(C)


def solve(A, b):
    """Gaussian elimination with partial pivoting (A: list of rows of mpf)."""
    n = len(A)
    M = [list(row) + [bi] for row, bi in zip(A, b)]
    for k in range(n):
        piv = max(range(k, n), key=lambda r: abs(M[r][k]))
        if M[piv][k] == 0:
            raise RuntimeError('singular system')
        M[k], M[piv] = M[piv], M[k]
        rk = M[k]
        inv = 1 / rk[k]
        for r in range(k + 1, n):
            rr = M[r]
            f = rr[k] * inv
            if f:
                for c in range(k + 1, n + 1):
                    rr[c] -= f * rk[c]
    x = [mpf(0)] * n
    for k in range(n - 1, -1, -1):
        rk = M[k]
        x[k] = (rk[n] - mpmath.fsum(rk[c] * x[c] for c in range(k + 1, n))) / rk[k]
    return x


def moment(name, k):
    if k % 2:
        return mpf(0)
    if name == 'legendre':
        return mpf(1) / (k + 1)
    return mpmath.fac2(k - 1) if k else mpf(1)


# ---------------------------------------------------------------------------------------

def full(pos):
    """Full symmetric node list from the positive nodes (ascending): -x..., 0, x..."""
    return [-x for x in reversed(pos)] + [mpf(0)] + list(pos)


def extend(fam, pos_old, m, brackets):
    """Positive new nodes for extending the rule with positive nodes pos_old (+ 0) by m."""
    old = full(pos_old)
    n = len(old)
    K = (n + 2 * m + 1) // 2  # 2K - 1 >= n + 2m - 1
    K += K % 2
    ys, Ws = fam.gauss(K)
    cols = [i for i in range(m) if (i - m) % 2 == 0]
    rows = [j for j in range(m) if (n + m + j) % 2 == 0]
    assert len(cols) == len(rows)
    # integrand Q E p_j is even for the kept equations: sum over the positive Gauss nodes
    Pv, WQ = [], []
    for y, W in zip(ys, Ws):
        q = mpf(1)
        for x in old:
            q *= (y - x)
        WQ.append(W * q)
        Pv.append(fam.values(y, m))
    scale = max(abs(v) for v in WQ)          # the system is homogeneous in Q: normalise
    Pv = np.array(Pv, dtype=object)          # K/2 x (m+1)
    WQ = np.array([v / scale for v in WQ], dtype=object)
    left = (Pv[:, rows] * WQ[:, None]).T     # len(rows) x K/2
    AB = fixed_dot(left, Pv[:, cols + [m]])
    c = solve(AB[:, :-1].tolist(), [-v for v in AB[:, -1]])
    coeffs = [mpf(0)] * (m + 1)
    for idx, i in enumerate(cols):
        coeffs[i] = c[idx]
    coeffs[m] = mpf(1)
    E = lambda x: fam.value_and_derivative(x, m, coeffs)

    br = brackets(lambda x: fam.value(x, m, coeffs))
    if len(br) != m // 2:
        raise RuntimeError(f'{fam.name}: found {len(br)} brackets for {m // 2} positive roots')
    # safeguarded Newton (bisection whenever a step leaves the bracket); quadratic
    # convergence: once a step is below 10^(-dps/2) the result is at full precision
    tol = mpf(10) ** (-(mp.dps // 2))
    roots = []
    for lo, hi in br:
        flo = fam.value(lo, m, coeffs)
        x = (lo + hi) / 2
        for _ in range(200):
            f, df = E(x)
            if f == 0:
                break
            if (f > 0) == (flo > 0):
                lo, flo = x, f
            else:
                hi = x
            xn = x - f / df if df else lo - 1
            newton = lo < xn < hi
            if not newton:
                xn = (lo + hi) / 2
            step = abs(xn - x)
            x = xn
            if newton and step <= tol * abs(x):
                break
        else:
            raise RuntimeError('root refinement did not converge')
        roots.append(x)
    return roots, K


def weights(fam, pos, K):
    """Interpolatory weights of the symmetric rule with positive nodes pos (+0 and mirrors):
    returns [w(0), w(pos[0]), ...]."""
    X = full(pos)
    N = len(X)
    if 2 * K - 1 < N - 1:
        K = N // 2 + 1
    K += K % 2
    yh, Wh = fam.gauss(K)
    ys = [-y for y in yh] + yh
    Ws = Wh + Wh
    omega = []
    for y in ys:
        q = mpf(1)
        for x in X:
            q *= (y - x)
        omega.append(q)
    Wo = [W * o for W, o in zip(Ws, omega)]
    c = N // 2
    out = []
    for i in range(c, N):
        xi = X[i]
        lam = mpf(1)
        for j in range(N):
            if j != i:
                lam *= (xi - X[j])
        s = mpmath.fsum(wo / (y - xi) for wo, y in zip(Wo, ys))
        out.append(s / lam)
    return out


def patterson_brackets(pos_old):
    edges = [mpf(0)] + list(pos_old) + [mpf(1)]

    def br(f):
        out = []
        for lo, hi in zip(edges[:-1], edges[1:]):
            if (f(lo) > 0) == (f(hi) > 0):
                raise RuntimeError('Patterson: no sign change in a gap of the old nodes')
            out.append((lo, hi))
        return out
    return br


def grid_brackets(f):
    h = mpf(1) / 100
    out = []
    x0, f0 = h / 2, f(h / 2)
    for k in range(1, 12 * 100 + 1):
        x1 = k * h
        f1 = f(x1)
        if f1 == 0:
            raise RuntimeError('grid hit a root exactly')
        if (f0 > 0) != (f1 > 0):
            out.append((x0, x1))
        x0, f0 = x1, f1
    return out


def build(dps, log):
    mp.dps = dps
    leg, her = Family('legendre'), Family('hermite')
    pat, gk = [], []  # per level: (positive nodes, [w0, w_pos...])
    # Patterson
    pos = []
    pat.append(([], [mpf(1)]))
    for lev in range(1, PATTERSON_LEVELS + 1):
        t = time.time()
        m = 2 * len(pos) + 2
        new, K = extend(leg, pos, m, patterson_brackets(pos))
        pos = sorted(pos + new)
        w = weights(leg, pos, K)
        pat.append((list(pos), w))
        log(f'  dps {dps}: Patterson level {lev} ({2 * len(pos) + 1} points) {time.time() - t:.2f}s')
    # Genz–Keister
    t = time.time()
    pos = []
    gk.append(([], [mpf(1)]))
    new, K = extend(her, pos, 2, grid_brackets)
    pos = sorted(new)
    gk.append((list(pos), weights(her, pos, K)))
    for m in GK_ADD:
        new, K = extend(her, pos, m, grid_brackets)
        pos = sorted(pos + new)
        gk.append((list(pos), weights(her, pos, K)))
    log(f'  dps {dps}: Genz–Keister levels 0..4 {time.time() - t:.2f}s')
    return pat, gk


def max_rel_diff(r1, r2):
    d = mpf(0)
    for (p1, w1), (p2, w2) in zip(r1, r2):
        for a, b in zip(p1 + w1, p2 + w2):
            d = max(d, abs(a - b) / abs(b))
    return d


def check(name, rules, exact):
    """Exactness (max error: absolute for the uniform, relative for the normal moments)
    and min weight, in mpmath at the working precision."""
    res = []
    for lev, (pos, w) in enumerate(rules):
        X = full(pos)
        Wt = [w[abs(i - len(pos))] for i in range(len(X))]
        err = mpf(0)
        for k in range(exact[lev] + 1):
            s = mpmath.fsum(wi * x ** k for wi, x in zip(Wt, X))
            mom = moment(name, k)
            e = abs(s - mom) / (mom if (name == 'hermite' and mom) else 1)
            err = max(err, e)
        res.append((len(X), err, min(w)))
    return res


def to_double(x):
    return libmp.to_float(x._mpf_, rnd=libmp.round_nearest)


def fmt(v):
    if v == 0:
        return '0'
    s = format(v, '.17g')
    assert float(s) == v
    return s


def ts_rules(rules):
    lines = ['[']
    for pos, w in rules:
        pd = [to_double(x) for x in pos]   # each multiprecision node rounded once
        wd = [to_double(x) for x in w]
        nodes = ['-' + fmt(x) for x in reversed(pd)] + ['0'] + [fmt(x) for x in pd]
        wts = [fmt(x) for x in reversed(wd[1:])] + [fmt(wd[0])] + [fmt(x) for x in wd[1:]]
        lines.append('  {')
        for key, vals in (('nodes', nodes), ('weights', wts)):
            lines.append(f'    {key}: [')
            for i in range(0, len(vals), 4):
                lines.append('      ' + ', '.join(vals[i:i + 4]) + ',')
            lines.append('    ],')
        lines.append('  },')
    lines.append(']')
    return "\n".join(lines)


def main():
    t0 = time.time()
    log = lambda s: print(s, flush=True)
    def attempt(d):
        try:
            return build(d, log)
        except RuntimeError as e:  # too little precision: roots lost or not bracketed
            log(f'dps {d}: failed ({e})')
            return None

    dps = 80
    prev = attempt(dps)
    while True:
        cur = attempt(dps + 40)
        if prev is not None and cur is not None:
            d = max(max_rel_diff(prev[0], cur[0]), max_rel_diff(prev[1], cur[1]))
            log(f'dps {dps} vs {dps + 40}: max relative difference of nodes/weights {mpmath.nstr(d, 3)}')
            if d < AGREE_TOL:
                break
        if dps + 40 > 400:
            raise SystemExit('no agreement up to 400 digits')
        dps, prev = dps + 40, cur
    dps += 40
    pat, gk = cur

    pat_exact = [1] + [3 * 2 ** l - 1 for l in range(1, PATTERSON_LEVELS + 1)]
    gk_exact = [1, 5, 15, 29, 51]
    ok = True
    for title, name, rules, ex in (('Patterson', 'legendre', pat, pat_exact),
                                   ('Genz–Keister', 'hermite', gk, gk_exact)):
        log(f'{title} check (exact to degree; max error {"relative" if name == "hermite" else "absolute"}; min weight):')
        for lev, (N, err, wmin) in enumerate(check(name, rules, ex)):
            log(f'  level {lev}: {N:3d} points, degree {ex[lev]:3d}, max error {mpmath.nstr(err, 3)}, '
                f'min weight {mpmath.nstr(wmin, 6)}')
            if err > mpf('1e-30'):
                ok = False
                log('    ** FAILED: error > 1e-30')
            if wmin <= 0:
                log('    ** note: negative weight (a property of this rule, not an error)')
        # the same check on the rounded doubles, in double arithmetic (math.fsum)
        derr = []
        for lev, (pos, w) in enumerate(rules):
            X = [-to_double(x) for x in reversed(pos)] + [0.0] + [to_double(x) for x in pos]
            W = [to_double(v) for v in reversed(w[1:])] + [to_double(w[0])] + [to_double(v) for v in w[1:]]
            e = 0.0
            for k in range(ex[lev] + 1):
                mom = float(moment(name, k))
                e = max(e, abs(math.fsum(wi * x ** k for wi, x in zip(W, X)) - mom) / (mom if (name == 'hermite' and mom) else 1))
            derr.append(f'{e:.1e}')
        log(f'  same check with the rounded doubles in double arithmetic: {", ".join(derr)}')

    # nesting in doubles
    for rules in (pat, gk):
        for (p1, _), (p2, _) in zip(rules[:-1], rules[1:]):
            s2 = {to_double(x) for x in p2}
            assert all(to_double(x) in s2 for x in p1)

    # check values (Genz–Keister 9-point nodes / sqrt(2)), for checking only
    ref = ['0.52403354748695763', '1.2247448713915889', '2.0232301911005157', '2.9592107790638380']
    dd = max(abs(mpf(to_double(x)) / mpmath.sqrt(2) - mpf(r)) for x, r in zip(gk[2][0], ref))
    dm = max(abs(x / mpmath.sqrt(2) - mpf(r)) for x, r in zip(gk[2][0], ref))
    log(f'Genz–Keister 9-point vs check values (nodes / sqrt(2)): max difference {mpmath.nstr(dd, 3)} '
        f'(double nodes), {mpmath.nstr(dm, 3)} (multiprecision nodes)')

    p_ts = ts_rules(pat)
    g_ts = ts_rules(gk)
    text = (
        '// Generated by scripts/gen-nested-rules.py — do not edit. Gauss–Patterson (Patterson 1968)\n'
        '// and Genz–Keister (Genz & Keister 1996) rules computed from their definitions in\n'
        f'// {dps}-digit arithmetic, rounded to the nearest double (17 significant digits).\n'
        '// Index = level; full rules, nodes ascending, probability weights (sum 1).\n'
        '// PATTERSON: uniform on [-1, 1] (dx/2), levels 0..8 with 1, 3, 7, ..., 511 points, exact to\n'
        '// degree 1, 5, 11, ..., 767. GENZ_KEISTER: standard normal, levels 0..4 with 1, 3, 9, 19, 35\n'
        '// points, exact to degree 1, 5, 15, 29, 51. Nodes of level l recur in level l + 1 as the\n'
        '// same doubles.\n'
        '\n'
        'export const PATTERSON: readonly { readonly nodes: readonly number[]; readonly weights: readonly number[] }[] = '
        + p_ts + ';\n\n'
        'export const GENZ_KEISTER: readonly { readonly nodes: readonly number[]; readonly weights: readonly number[] }[] = '
        + g_ts + ';\n'
    )
    with open(OUT, 'w', encoding='utf-8', newline='\n') as f:
        f.write(text)
    log(f'wrote {OUT} ({len(text)} bytes); total {time.time() - t0:.1f}s')
    if not ok:
        sys.exit(1)


if __name__ == '__main__':
    main()
