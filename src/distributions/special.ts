// Special functions for the parameter distributions: the error function and the normal
// distribution, the gamma function, and the regularised incomplete gamma and beta functions
// with their inverses. Written for uqkit in plain TypeScript (no dependency), so that
// `uqkit/browser` can load them in a browser without a bundler, and so that both tails are
// accurate to a few units in the last place where the problem allows it.
//
// The conventions and names follow scipy.special. Every function returns NaN for NaN or
// out-of-domain arguments instead of throwing; the distributions validate their parameters.
// An argument that is not a number (a string, a bigint, null) is never converted: the
// exported functions throw InvalidArgumentError naming it (one typeof test per argument).
//
// References:
// [1] M. J. Wichura, Algorithm AS 241: The percentage points of the normal distribution,
//     Applied Statistics 37(3), 477-484 (1988) — the coefficients of ndtri's first guess.
// [2] P.-S. Laplace's continued fraction for the Mills ratio; Abramowitz & Stegun 26.2.14.
//     The Mills ratio R(x) = Q(x)/phi(x) satisfies R' = xR - 1, which gives the Taylor
//     coefficients used on [0, 6.125] around a table of R at multiples of 1/4 (computed with
//     mpmath at 50 digits: `python3 scripts/fixtures/distributions.py --tables`).
// [3] A. R. DiDonato and A. H. Morris, Computation of the incomplete gamma function ratios
//     and their inverse, ACM TOMS 12(4), 377-393 (1986) — the choice of series, continued
//     fraction and the small-a form of Q, and the scaled prefix x^a e^-x / Gamma(a).
// [4] A. R. DiDonato and A. H. Morris, Algorithm 708: Significant digit computation of the
//     incomplete beta function ratios, ACM TOMS 18(3), 360-373 (1992) — the prefix
//     x^a y^b / B(a, b) written with Stirling's series so that large a, b lose nothing.
// [5] W. H. Press et al., Numerical Recipes, 3rd ed., 6.2 and 6.4 — Legendre's continued
//     fraction for Gamma(a, x) and the continued fraction for I_x(a, b), evaluated with the
//     modified Lentz method.
// [6] E. B. Wilson and M. M. Hilferty (1931) and K. L. Majumder and G. P. Bhattacharjee,
//     Algorithm AS 64/AS 109 (1973) — first guesses for the inverse gamma and beta ratios,
//     refined here by a safeguarded Newton iteration on the logarithm of the smaller tail.
// [7] DLMF 5.7.3 (series of ln Gamma(1 + z) in zeta values) and 5.11.1 (Stirling's series).
//
// Every exp, log, log1p, expm1, pow and sin(pi x) here is src/core/detmath.ts's, not Math's:
// engines round Math's functions differently in the last bit, and these values feed every
// distribution's ppf (toPhysical), which must give the same bits in Node and in browsers.
//
// One family of functions per file under ./special/: common.ts (constants, argument checks,
// exact products), normal.ts (error functions, the normal distribution and its quantile),
// gamma.ts (the gamma function, ln Gamma, ln B), incomplete-gamma.ts (P, Q and their
// inverses), invert.ts (the safeguarded Newton iteration of the inverses), beta.ts (the
// incomplete beta ratio, its inverse and Student's t quantile). This file re-exports them.
export { expNegQuadratic, log1pmx } from './special/common.js';
export { millsRatio, erf, erfc, erfcx, ndtr, logNdtr, normalPdf, ndtri, ndtriLogUpper } from './special/normal.js';
export { gammaStar, gammaln, gamma, betaln } from './special/gamma.js';
export { gammainc, gammaincc, gammaDensity, gammaincinv, gammainccinv } from './special/incomplete-gamma.js';
export { invertTail } from './special/invert.js';
export { betaPrefix, betainc, betaincc, betaincXY, betaDensity, betaincinvPair, betaincinv, betainccinv, studentTppf } from './special/beta.js';
