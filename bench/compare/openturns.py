"""OpenTURNS peers of bench/openturns.bench.mjs: Gauss rules, polynomial chaos by LARS and
Sobol' indices with bootstrap intervals, timed as bench/compare/timing.py does.

Needs OpenTURNS (Debian: apt-get install python3-openturns; run with /usr/bin/python3, the
interpreter it is installed for). Usage: python3 bench/compare/openturns.py [seconds]
Prints JSON: {python, openturns, rows: [{key, name, medianMs, minMs, samples}], checks}.

The cases, as the uqkit side runs them:
- Gauss rules of n points for the standard normal and for U(-1, 1):
  GaussProductExperiment(distribution, [n]).generateWithWeights() (Golub-Welsch on the
  distribution's orthonormal recurrence).
- Functional chaos of the Ishigami function (a = 7, b = 0.1, inputs U(-pi, pi)^3): Legendre
  basis of total degree 10 (286 terms), LARS with the corrected leave-one-out error
  (LeastSquaresMetaModelSelectionFactory(LARS(), CorrectedLeaveOneOut())), on 1,000 points of
  the Kronecker sequence x_ij = pi (-1 + 2 ((i + 1) sqrt(p_j) + 0.5 mod 1)), p = 2, 3, 5, that
  the uqkit side builds identically; first-order indices from the coefficients.
- Sobol' indices of the Ishigami function, N = 2^14 base rows (SobolIndicesExperiment's
  Saltelli design, 81,920 model runs, computed beforehand): SaltelliSensitivityAlgorithm, first
  and total order, 1,000 bootstrap resamples and their intervals.
"""
import json
import math
import os
import sys

# This file is named like the package: import the package, not this file, then this folder's timing.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]
import numpy as np  # noqa: E402
import openturns as ot  # noqa: E402

sys.path.insert(0, _HERE)
from timing import measure  # noqa: E402

ot.Log.Show(ot.Log.NONE)
ISHIGAMI_S = [0.3139051911, 0.4424111448, 0.0]
ISHIGAMI_ST = [0.5575888552, 0.4424111448, 0.2436836641]


def ishigami(x):
    return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])


def kronecker(n, d):
    alpha = np.array([math.sqrt(p) % 1 for p in [2, 3, 5, 7, 11][:d]])
    i = np.arange(1, n + 1)[:, None]
    return math.pi * (-1 + 2 * ((i * alpha[None, :] + 0.5) % 1))


def gauss(dist, n):
    def run():
        x, w = ot.GaussProductExperiment(dist, [n]).generateWithWeights()
        return np.array(x)[:, 0], np.array(w)
    return run


def chaos(x, y):
    dists = [ot.Uniform(-math.pi, math.pi)] * 3
    joint = ot.ComposedDistribution(dists)
    basis = ot.OrthogonalProductPolynomialFactory([ot.StandardDistributionPolynomialFactory(d) for d in dists])
    P = basis.getEnumerateFunction().getStrataCumulatedCardinal(10)
    X, Y = ot.Sample(x), ot.Sample(y[:, None])

    def run():
        strategy = ot.LeastSquaresStrategy(ot.LeastSquaresMetaModelSelectionFactory(ot.LARS(), ot.CorrectedLeaveOneOut()))
        algo = ot.FunctionalChaosAlgorithm(X, Y, joint, ot.FixedStrategy(basis, P), strategy)
        algo.run()
        sens = ot.FunctionalChaosSobolIndices(algo.getResult())
        return [sens.getSobolIndex(j) for j in range(3)]
    return run


def saltelli(n, resamples):
    dist = ot.ComposedDistribution([ot.Uniform(-math.pi, math.pi)] * 3)
    ot.RandomGenerator.SetSeed(1)
    X = ot.SobolIndicesExperiment(dist, n, False).generate()
    Y = ot.Sample(ishigami(np.array(X))[:, None])

    def run():
        algo = ot.SaltelliSensitivityAlgorithm(X, Y, n)
        algo.setBootstrapSize(resamples)
        first, total = algo.getFirstOrderIndices(), algo.getTotalOrderIndices()
        fi, ti = algo.getFirstOrderIndicesInterval(), algo.getTotalOrderIndicesInterval()
        return list(first), list(total), list(fi.getLowerBound()), list(ti.getUpperBound())
    return run


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.5
    rows, checks = [], {}
    for name, dist in [("normal", ot.Normal()), ("uniform", ot.Uniform(-1, 1))]:
        for n in (100, 1000):
            fn = gauss(dist, n)
            x, w = fn()
            checks[f"gauss-{name}-{n}"] = {"weightSum": float(w.sum()), "largestNode": float(x.max())}
            rows.append(measure(f"OpenTURNS GaussProductExperiment {name} n={n}", fn, seconds, key=f"gauss-{name}-{n}", min_runs=3 if n == 1000 else 5))
    x = kronecker(1000, 3)
    fn = chaos(x, ishigami(x))
    s = fn()
    checks["chaos-lars-ishigami"] = {"first": s, "maxError": max(abs(a - b) for a, b in zip(s, ISHIGAMI_S))}
    rows.append(measure("OpenTURNS FunctionalChaosAlgorithm, LARS + corrected LOO, Ishigami degree 10, N=1000", fn, seconds, key="chaos-lars-ishigami", min_runs=3))
    fn = saltelli(2 ** 14, 1000)
    first, total, _, _ = fn()
    checks["sobol-ishigami-14"] = {"first": first, "total": total,
                                    "maxError": max(max(abs(a - b) for a, b in zip(first, ISHIGAMI_S)), max(abs(a - b) for a, b in zip(total, ISHIGAMI_ST)))}
    rows.append(measure("OpenTURNS SaltelliSensitivityAlgorithm, Ishigami N=2^14, first+total, 1000 bootstrap resamples", fn, seconds, key="sobol-ishigami-14", min_runs=3))
    print(json.dumps({"python": sys.version.split()[0], "openturns": ot.__version__, "numpy": np.__version__, "rows": rows, "checks": checks}))


if __name__ == "__main__":
    main()
