// Deterministic elementary functions: exp, expm1, log, log1p, pow, sinpi and cospi that give
// the same bits in every JavaScript engine, on every CPU.
//
// Why: ECMAScript leaves Math.exp, log, pow, sin, ... "implementation-approximated", and
// engines do differ in the last bit: Node 20's V8 and Debian's Chromium 156 disagree on
// 3-10 % of arguments (measured in test/demo.test.ts and test/detmath.test.ts). Every
// distribution transform (ppf, cdf: src/distributions) and the quadrature rules that pass
// through JavaScript (src/numerics/quadrature.ts, rules.ts) use these functions instead, so
// that the same seed gives the same bits in Node and in a browser (the browser demo,
// examples/browser, checks it).
//
// How: only IEEE-754 double operations that are correctly rounded everywhere (+, -, *, /,
// Math.sqrt; exact ones: Math.abs, Math.round, Math.floor, bit manipulation through a
// Float64Array view), in a fixed order. JavaScript rounds every operation to double and
// cannot contract a*b + c into an FMA, so the same expression gives the same bits anywhere.
// Errors are below 1 ulp (faithful rounding) over the whole domain. Measured against 60-digit
// mpmath (scripts/fixtures/detmath.py; 38,000 arguments in a larger run than the committed
// fixture, all regimes): at most 0.504 ulp for exp, expm1, log, log1p and pow (so nearly
// always the correctly rounded result, which Node's Math is not: Math.pow is off by up to
// ~500 ulp for large results), 0.77 ulp for sinpi and cospi.
//
// Methods (written for uqkit from the textbook methods; the tables are printed by
// `python3 scripts/fixtures/detmath.py --tables`, mpmath at 60 digits):
// - exp: x = (64k + j) ln2/64 + r, |r| <= ln2/128, with ln2/64 split in a 36-bit head (so
//   that n * head is exact, Cody & Waite) and a tail; exp(x) = 2^k 2^(j/64) (1 + p(r)), with
//   2^(j/64) from a table of double-double values and p the Taylor polynomial of expm1 to
//   degree 7 (truncation < 2^-70). The scaling by 2^k is exact, except for subnormal results,
//   which are rounded once (by adding 1 and rounding at the 2^-52 position).
// - expm1: |x| <= ln2/2 by its Taylor series to degree 15 with x^2/2 exact (Dekker's
//   product); beyond, as 2^k 2^(j/64) (1 + p) - 1 with the subtraction of 1 done exactly
//   (Knuth's two-sum).
// - log: x = 2^e f, f in [3/4, 3/2), F = j/128 the nearest multiple of 1/128;
//   log x = e ln2 + log F + log1p(v), v = (f - F)/F in double-double, |v| <= 1/192, and
//   log1p(v) = v - v^2/2 + v^3 (1/3 - v/4 + ... - v^7/10) with v^2/2 exact. The terms are
//   summed with two-sums, which gives log x as a double-double accurate to ~2^-100 (used by
//   pow). log1p(x): the same with 1 + x given as a double plus its exact rounding error.
// - pow(x, y) = exp(y log x) with y log x formed in double-double; the special cases of
//   ECMAScript's Number::exponentiate (pow(1, Infinity) is NaN, as Math.pow).
// - sinpi(x) = sin(pi x), cospi(x) = cos(pi x): x = q/2 + r exactly, |r| <= 1/4, pi r in
//   double-double, and the Taylor series of sin and cos to degree 21 and 22.
//
// Cost (Node 20, this 2-core machine, a shared one: rough): detmath.exp and log take ~2x the time
// of Math.exp and Math.log (~40 vs ~20 ns a call in a polymorphic loop); toPhysical of 2^19
// values became ~1.1-1.6x slower (normal 60 -> 84 ms, lognormal 73 -> 119 ms, gamma and beta,
// dominated by their iterative inverses, 2.1 -> 2.3 s and 6.2 -> 8.6 s).

// ---------------------------------------------------------------------------------------------
// Bit access and error-free transformations

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** Index of the high (sign and exponent) word of a double in U32: 1 on little-endian hosts. */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/** 2^n for an integer -1022 <= n <= 1023, built from its bits (exact). */
function pow2(n: number): number {
  U32[HI] = (n + 1023) << 20;
  U32[LO] = 0;
  return F64[0]!;
}

/** 2^27 + 1: Veltkamp's constant for splitting a double into two 26-bit halves. */
const SPLITTER = 134217729;

// Second results of the helpers below, in one scratch array (no allocation per call; typed-array
// slots are faster than module-level variables, which V8 checks for initialisation on each use):
// S[0] the error term of twoSum / twoProduct, S[1..3] expReduce's k, T, B, S[4..5] logParts'
// hi and lo.
const S = new Float64Array(6);

/** a + b = s + S[0]! exactly (Knuth's two-sum, no condition on a and b); returns s. */
function twoSum(a: number, b: number): number {
  const s = a + b;
  const bb = s - a;
  S[0] = a - (s - bb) + (b - bb);
  return s;
}

/** a * b = p + S[0]! exactly (Dekker's product; |a|, |b| < 2^996, no underflow); returns p. */
function twoProduct(a: number, b: number): number {
  const p = a * b;
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  S[0] = ah * bh - p + ah * bl + al * bh + al * bl;
  return p;
}

// ---------------------------------------------------------------------------------------------
// exp and expm1

/** 64 / ln 2. */
const INV_LN2_64 = 92.33248261689366;
/** ln2/64 to 36 significant bits: n * LN2_64_HI is exact for |n| < 2^17. */
const LN2_64_HI = 0.010830424696223417;
/** ln2/64 - LN2_64_HI. */
const LN2_64_LO = 2.572804622327669e-14;
/** Beyond this exp(x) overflows (ln of the largest double is 709.782712893384). */
const EXP_OVERFLOW = 709.782712893384;
/** Below this exp(x) < 2^-1075 rounds to 0. */
const EXP_UNDERFLOW = -745.1332191019412;
/** ln(2)/2: where expm1 switches from its series to the table. */
const HALF_LN2 = 0.34657359027997264;

/** 2^(j/64), j = 0..63, as pairs hi, lo (hi the nearest double, lo the nearest to the rest). */
const EXP2_TABLE = new Float64Array([
  1.0, 0.0, 1.0108892860517005, -1.5234778603368577e-17,
  1.0218971486541166, 5.109225028973444e-17, 1.0330248790212284, 7.600838874027088e-18,
  1.0442737824274138, 8.551889705537965e-17, 1.0556451783605572, 1.759325738772092e-18,
  1.0671404006768237, -7.899853966841582e-17, 1.0787607977571199, -6.656660436056593e-17,
  1.0905077326652577, -3.046782079812471e-17, 1.102382583307841, 5.2660368715706944e-17,
  1.1143867425958924, 1.0410278456845571e-16, 1.1265216186082418, 5.165856758795457e-17,
  1.1387886347566916, 8.912812676025408e-17, 1.1511892299529827, 3.250710218863827e-17,
  1.1637248587775775, 3.8292048369240935e-17, 1.1763969916502812, 5.554203254218079e-17,
  1.189207115002721, 3.982015231465646e-17, 1.202156731452703, 6.644981499252301e-17,
  1.215247359980469, -7.712630692681488e-17, 1.22848053610687, -1.89878163130253e-17,
  1.241857812073484, 4.658027591836937e-17, 1.255380757024691, -6.7113898212968784e-18,
  1.2690509571917332, 2.667932131342186e-18, 1.2828700160787783, 1.713594918243561e-17,
  1.2968395546510096, 2.5382502794888315e-17, 1.3109612115247644, -7.181536135519454e-17,
  1.3252366431597413, -2.8587312100388614e-17, 1.339667524053303, 8.927282594831732e-17,
  1.3542555469368927, 7.70094837980299e-17, 1.3690024229745905, 9.593797919118849e-17,
  1.383909881963832, -6.770511658794786e-17, 1.3989796725383112, -9.614213209051323e-17,
  1.4142135623730951, -9.667293313452913e-17, 1.42961333839197, -1.2031642489053655e-17,
  1.4451808069770467, -3.0237581349939873e-17, 1.460917794180647, -5.600377186075216e-17,
  1.4768261459394993, -3.483994556892796e-17, 1.4929077282912648, 1.4192920154284036e-17,
  1.5091644275934228, -1.016455327754295e-16, 1.5255981507445384, -1.1024941712342561e-16,
  1.5422108254079407, 7.949834809697621e-17, 1.559004400237837, 3.7812070533575275e-17,
  1.5759808451078865, -1.0136916471278304e-17, 1.593142151342267, -1.0094406542311964e-16,
  1.6104903319492543, 2.4707192569797888e-17, 1.6280274218573478, -6.712955084707084e-17,
  1.645755478153965, -1.0125679913674773e-16, 1.6636765803267364, 5.8909926967131e-17,
  1.681792830507429, 8.199010020581497e-17, 1.7001063537185235, -8.0237193703977e-18,
  1.718619298122478, -1.851380418263111e-17, 1.7373338352737062, 3.164389299292957e-17,
  1.7562521603732995, 2.960140695448873e-17, 1.7753764925265212, 6.429731796556572e-17,
  1.7947090750031072, 1.8227458427912087e-17, 1.8142521755003989, -9.969531538920349e-17,
  1.8340080864093424, 3.283107224245627e-17, 1.8539791250833855, 9.761887490727594e-17,
  1.8741676341103, -6.122763413004143e-17, 1.8945759815869656, 3.4034035352165297e-17,
  1.9152065613971474, -1.0619946056195963e-16, 1.9360617934922943, 1.0332385960676326e-16,
  1.9571441241754002, 8.960767791036668e-17, 1.978456026387951, 4.0388753109278167e-17,
]);

// The exp reduction's results: exp(x + xl) = 2^k (T + B) in S[1], S[2], S[3], T from the
// table, |B| < 0.008 T.

/** Reduces exp(x + xl), |x| <= 746, |xl| <= 2^-40 |x|, into k, T, B (S[1..3]). */
function expReduce(x: number, xl: number): void {
  const n = Math.round(x * INV_LN2_64);
  // x - n head is exact (Sterbenz: x and n head agree to a factor of 2 for n != 0).
  const rh = x - n * LN2_64_HI;
  const rl = xl - n * LN2_64_LO;
  const r = twoSum(rh, rl);
  const rr = S[0]!;
  // expm1(r + rr) for |r| <= 0.00542: Taylor to degree 7 (the r^8 term is < 2^-70 r).
  const q = r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720 + r * (1 / 5040)))));
  const p = r + (rr + r * r * (0.5 + q) + rr * r);
  const j = n & 63; // two's complement: n mod 64 also for negative n
  S[1] = (n - j) / 64;
  const t = EXP2_TABLE[2 * j]!;
  S[2] = t;
  S[3] = EXP2_TABLE[2 * j + 1]! + t * p;
}

/** 2^k (T + B) (S[1..3]) rounded once, also when the result is subnormal. */
function expScale(): number {
  const k = S[1]!;
  const expT = S[2]!;
  const expB = S[3]!;
  if (k > 1023) return (expT + expB) * pow2(1023) * pow2(k - 1023);
  if (k >= -1021) return (expT + expB) * pow2(k);
  if (k < -1075) return 0;
  // Subnormal (or nearly): scale into [2^-54, 2) times 2^-1022 exactly, then round at the
  // 2^-52 position of 1 + y, which is the subnormal grid 2^-1074 after the final scaling.
  const s = pow2(k + 1022);
  const a = expT * s;
  const b = expB * s;
  let y = a + b;
  if (y >= 1) return y * pow2(-1022);
  let lo = a - y + b;
  const hi = 1 + y;
  lo = 1 - hi + y + lo;
  y = hi + lo - 1;
  return y * pow2(-1022);
}

/** e^x, bit-identical in every engine; error < 1 ulp (measured max ~0.51 ulp). */
export function exp(x: number): number {
  if (!(x <= EXP_OVERFLOW)) return x === x ? Infinity : NaN;
  if (x < EXP_UNDERFLOW) return 0;
  expReduce(x, 0);
  return expScale();
}

/** 1/k! for k = 3..15: the coefficients of expm1's series beyond x^2/2. */
const EXPM1_SERIES = new Float64Array([
  1 / 6, 1 / 24, 1 / 120, 1 / 720, 1 / 5040, 1 / 40320, 1 / 362880, 1 / 3628800, 1 / 39916800, 1 / 479001600,
  1 / 6227020800, 1 / 87178291200, 1 / 1307674368000,
]);

/** e^x - 1 with small relative error also near 0; bit-identical in every engine, < 1 ulp. */
export function expm1(x: number): number {
  if (!(x <= EXP_OVERFLOW)) return x === x ? Infinity : NaN;
  const ax = Math.abs(x);
  if (ax < 5.551115123125783e-17) return x; // |x| < 2^-54: x^2/2 is below half an ulp of x
  if (ax <= HALF_LN2) {
    let q = EXPM1_SERIES[12]!;
    for (let i = 11; i >= 0; i--) q = q * x + EXPM1_SERIES[i]!;
    const sq = twoProduct(x, x);
    const sqe = S[0]!;
    const s = twoSum(x, 0.5 * sq);
    return s + (S[0]! + (0.5 * sqe + x * sq * q));
  }
  if (x <= -38) return -1; // e^x < 2^-54: -1 + e^x rounds to -1
  if (x > 709) return exp(x); // e^x - 1 = e^x to far below an ulp
  expReduce(x, 0);
  const p2 = pow2(S[1]!);
  const s = twoSum(S[2]! * p2, -1);
  return s + (S[0]! + S[3]! * p2);
}

// ---------------------------------------------------------------------------------------------
// log and log1p

/** ln 2 to 42 significant bits: e * LN2_HI is exact for |e| < 2^11. */
const LN2_HI = 0.6931471805598903;
/** ln 2 - LN2_HI. */
const LN2_LO = 5.497923018708371e-14;

/** ln(j/128), j = 96..192, as pairs hi, lo. */
const LOG_TABLE = new Float64Array([
  -0.2876820724517809, -2.607160616442564e-17, -0.27731928541623435, 7.44528405583513e-18,
  -0.26706278524904525, 7.32891532732017e-18, -0.2569104137850272, -2.502843296152504e-17,
  -0.24686007793152578, -1.361743371748368e-17, -0.2369097470783577, -1.9682402978398164e-18,
  -0.22705745063534608, -9.551415762738488e-18, -0.2173012756899814, -1.6168452453763015e-18,
  -0.2076393647782445, -1.2053243216686129e-17, -0.1980699137620938, -3.742843482461439e-18,
  -0.18859116980755003, 7.432164219196925e-18, -0.179201429457711, 1.0785017454858423e-17,
  -0.16989903679539747, 4.868008764439071e-19, -0.16068238169047347, 3.650183553047837e-18,
  -0.15154989812720093, -5.1669593684615594e-18, -0.14250006260728304, 9.926388234225749e-18,
  -0.13353139262452263, 3.664457663660085e-18, -0.1246424452072766, 5.808912678940971e-18,
  -0.1158318155251217, -4.338484369808096e-18, -0.1070981355563671, 1.73705104015906e-18,
  -0.09844007281325252, 4.439009633675136e-18, -0.08985632912186105, 6.273760163689594e-19,
  -0.0813456394539524, -5.07707635593117e-18, -0.07290677080808779, 6.306860257532778e-18,
  -0.06453852113757118, 6.470486661692933e-18, -0.05623971832287608, 3.2835149805605613e-18,
  -0.048009219186360606, -1.4390903347292205e-18, -0.039845908547199674, 3.129547680315208e-18,
  -0.0317486983145803, -3.0382263084680858e-18, -0.023716526617316044, 1.5774243488668215e-18,
  -0.015748356968139168, -1.0021578630528974e-18, -0.007843177461025893, -2.764708154124904e-19,
  0.0, 0.0, 0.007782140442054949, -1.2819179123343845e-20,
  0.015504186535965254, -3.278321022892429e-19, 0.02316705928153438, -1.1769544932063305e-18,
  0.030771658666753687, 1.0431732029005968e-18, 0.0383188643021366, -2.357996157351286e-18,
  0.0458095360312942, 1.902959866474257e-18, 0.053244514518812285, -1.665575816973663e-18,
  0.06062462181643484, 2.6424025938726934e-18, 0.06795066190850775, -1.2802141240611733e-18,
  0.07522342123758753, -5.930604196293241e-18, 0.08244366921107459, 5.700437773813987e-18,
  0.08961215868968714, -5.4268129336647135e-18, 0.09672962645855111, -5.597397486289965e-19,
  0.10379679368164356, 5.47772415726659e-18, 0.11081436634029011, 1.183748342825649e-18,
  0.11778303565638346, -1.1971685747593677e-18, 0.12470347850095724, -4.6522609636496624e-18,
  0.13157635778871926, 1.1123000879729588e-17, 0.13840232285911913, 4.447777301357527e-18,
  0.1451820098444979, 8.242418783022475e-18, 0.15191604202584197, 6.4838631244022194e-18,
  0.15860503017663857, 1.1257003872182592e-17, 0.16524957289530717, -1.0094935622322628e-17,
  0.17185025692665923, -6.0224538210113705e-18, 0.1784076574728183, -1.2432553788701131e-17,
  0.184922338494012, 3.0236614153574064e-18, 0.19139485299962947, -1.2129496905792884e-17,
  0.19782574332991987, 1.2821194372980142e-17, 0.2042155414286909, 2.7338281018722773e-18,
  0.21056476910734964, -4.249405314729895e-18, 0.21687393830061436, 4.551026193234283e-18,
  0.22314355131420976, -9.091270597324799e-18, 0.22937410106484582, 9.927671823978025e-18,
  0.2355660713127669, -2.3943371495187355e-18, 0.24171993688714516, 8.900990022166643e-18,
  0.24783616390458127, -1.2432209578702523e-17, 0.25391520998096345, -8.048097394424201e-18,
  0.25995752443692605, 2.069806938978935e-17, 0.26596354849713794, 5.3393802761314314e-18,
  0.27193371548364176, 7.83319637697442e-19, 0.2778684510034563, -9.16018294909263e-19,
  0.2837681731306446, -2.032665581126656e-17, 0.28963329258304266, 2.0535953219858174e-17,
  0.2954642128938359, -2.16461086040599e-17, 0.3012613305781618, -9.048511144048564e-18,
  0.3070250352949119, -1.2319916200101964e-17, 0.3127557100038969, -1.451808353098951e-17,
  0.3184537311185346, 2.7114779367326236e-17, 0.324119468654212, -7.958214381893813e-18,
  0.329753286372468, 2.122020616196946e-18, 0.3353555419211378, 1.834564437059473e-17,
  0.3409265869705932, 1.7467136443544747e-17, 0.34646676734620857, 1.028583585496265e-17,
  0.3519764231571782, -1.2953893030191963e-17, 0.3574558889218038, -2.5136910072413547e-17,
  0.3629054936893685, -2.1492361455310972e-17, 0.3683255611587076, 2.690672380132659e-17,
  0.37371640979358406, 2.1836211281198184e-17, 0.37907835293496944, 1.587939415338447e-17,
  0.38441169891033206, -1.612149700764673e-17, 0.3897167511400252, 2.734172667856699e-17,
  0.394993808240869, -1.5113724418336168e-17, 0.4002431641270127, -1.1349239205188711e-17,
  0.4054651081081644, -2.8811380259626426e-18,
]);


/**
 * log(x + c) as a double-double, returned as its high part with the low part in S[5] (|lo| <=
 * ulp(hi)/2), for finite x > 0 and |c| <= ulp(x) (c is the rounding error of x, e.g. of
 * 1 + t, or 0).
 */
function logParts(x: number, c: number): number {
  let e = 0;
  if (x < 2.2250738585072014e-308) {
    // Subnormal: scale by 2^54 (exact).
    x *= 18014398509481984;
    c *= 18014398509481984;
    e = -54;
  }
  F64[0] = x;
  const be = (U32[HI]! >>> 20) - 1023;
  U32[HI] = (U32[HI]! & 0x000fffff) | 0x3ff00000; // f = x / 2^be in [1, 2)
  let f = F64[0]!;
  e += be;
  c *= be > 1000 ? pow2(-1000) * pow2(1000 - be) : pow2(-be);
  if (f >= 1.5) {
    f *= 0.5;
    c *= 0.5;
    e += 1;
  }
  const j = Math.round(f * 128); // 96..192
  const F = j / 128;
  const u = f - F; // exact: |u| <= 2^-8 and u is on f's grid
  // v = (u + c)/F in double-double.
  const nh = twoSum(u, c);
  const ne = S[0]!;
  let vh: number;
  let vl: number;
  if (j === 128) {
    vh = nh;
    vl = ne;
  } else {
    vh = nh / F;
    const ph = twoProduct(vh, F);
    vl = (nh - ph - S[0]! + ne) / F;
  }
  // log1p(v) = v - v^2/2 + v^3 (1/3 - v/4 + v^2/5 - ... - v^7/10), |v| <= 1/192.
  const sq = twoProduct(vh, vh);
  const sh = 0.5 * sq;
  const sl = 0.5 * S[0]!;
  const v3 = vh * vh * vh * (1 / 3 + vh * (-1 / 4 + vh * (1 / 5 + vh * (-1 / 6 + vh * (1 / 7 + vh * (-1 / 8 + vh * (1 / 9 + vh * (-1 / 10))))))));
  let low = e * LN2_LO + LOG_TABLE[2 * (j - 96) + 1]! + vl - sl - vh * vl + v3;
  let s = twoSum(e * LN2_HI, LOG_TABLE[2 * (j - 96)]!);
  low += S[0]!;
  s = twoSum(s, vh);
  low += S[0]!;
  s = twoSum(s, -sh);
  low += S[0]!;
  const hi = s + low;
  S[5] = low - (hi - s);
  return hi;
}

/** The natural logarithm, bit-identical in every engine; error < 1 ulp (measured max ~0.51 ulp). */
export function log(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return x;
  return logParts(x, 0);
}

/** ln(1 + x) with small relative error also near 0; bit-identical in every engine, < 1 ulp. */
export function log1p(x: number): number {
  if (!(x > -1)) return x === -1 ? -Infinity : NaN;
  if (x === Infinity) return x;
  if (Math.abs(x) < 5.551115123125783e-17) return x; // |x| < 2^-54: x^2/2 is below half an ulp
  const w = twoSum(1, x);
  return logParts(w, S[0]!);
}

// ---------------------------------------------------------------------------------------------
// pow

/** y is an odd integer (|y| >= 2^53 are all even). */
function isOddInteger(y: number): boolean {
  return Math.abs(y) < 9007199254740992 && Math.floor(y) === y && Math.abs(y % 2) === 1;
}

/**
 * x^y with ECMAScript's special cases (Number::exponentiate: pow(x, NaN) = NaN, pow(x, ±0) = 1,
 * pow(±1, ±Infinity) = NaN, negative x with a non-integer y gives NaN, signed zeros and
 * infinities as Math.pow); bit-identical in every engine, error < 1 ulp. y = 1, 2 and 1/2
 * give the correctly rounded x, x*x and sqrt(x).
 */
export function pow(x: number, y: number): number {
  if (y !== y) return NaN;
  if (y === 0) return 1;
  if (x !== x) return NaN;
  if (y === 1) return x;
  if (y === 2) return x * x;
  const ax = Math.abs(x);
  if (y === Infinity || y === -Infinity) {
    if (ax === 1) return NaN;
    return ax > 1 === y > 0 ? Infinity : 0;
  }
  const odd = x < 0 && isOddInteger(y);
  if (ax === Infinity || x === 0) {
    // |x|^y is Infinity or 0; the sign is x's for odd integer y.
    const big = ax === Infinity === y > 0;
    const v = big ? Infinity : 0;
    return odd || (x === 0 && 1 / x < 0 && isOddInteger(y)) || (x === -Infinity && isOddInteger(y)) ? -v : v;
  }
  if (x < 0 && Math.floor(y) !== y) return NaN;
  if (y === 0.5) return Math.sqrt(x);
  const logHi = logParts(ax, 0);
  const logLo = S[5]!;
  const rough = y * logHi;
  let r: number;
  if (rough > 710) r = Infinity;
  else if (rough < -746) r = 0;
  else {
    const zh = twoProduct(y, logHi);
    const zl = S[0]! + y * logLo;
    const h = zh + zl;
    const l = zl - (h - zh);
    if (h > EXP_OVERFLOW) r = Infinity;
    else if (h < EXP_UNDERFLOW) r = 0;
    else {
      expReduce(h, l);
      r = expScale();
    }
  }
  return odd ? -r : r;
}

// ---------------------------------------------------------------------------------------------
// sinpi and cospi

/** pi as a double and the rest. */
const PI_HI = 3.141592653589793;
const PI_LO = 1.2246467991473532e-16;

/** (-1)^k / (2k + 1)! for k = 1..10: sin t = t + t^3 (S[0] + t^2 S[1] + ...). */
const SIN_SERIES = new Float64Array(10);
/** (-1)^k / (2k)! for k = 2..11: cos t = 1 - t^2/2 + t^4 (C[0] + t^2 C[1] + ...). */
const COS_SERIES = new Float64Array(10);
{
  // Factorials up to 22! are exact integers in doubles only to 18!, so form each coefficient
  // as a product of exact reciprocal-free steps: 1/n! = (1/(n-1)!) / n, every step rounded the
  // same way in every engine (IEEE division).
  let f = 1;
  for (let n = 1; n <= 22; n++) {
    f /= n;
    if (n >= 3 && n % 2 === 1) SIN_SERIES[(n - 3) / 2] = ((n - 1) / 2) % 2 === 1 ? -f : f;
    if (n >= 4 && n % 2 === 0) COS_SERIES[(n - 4) / 2] = (n / 2) % 2 === 1 ? -f : f;
  }
}

/** sin(pi r) for |r| <= 1/4. */
function sinpiKernel(r: number): number {
  if (Math.abs(r) < 1e-290) return PI_HI * r + PI_LO * r;
  const ph = twoProduct(PI_HI, r);
  const pl = S[0]! + PI_LO * r;
  const z = ph * ph;
  let q = SIN_SERIES[9]!;
  for (let i = 8; i >= 0; i--) q = q * z + SIN_SERIES[i]!;
  return ph + (pl + ph * z * q);
}

/** cos(pi r) for |r| <= 1/4. */
function cospiKernel(r: number): number {
  if (Math.abs(r) < 1e-150) return 1;
  const ph = twoProduct(PI_HI, r);
  const pl = S[0]! + PI_LO * r;
  const zh = twoProduct(ph, ph);
  const zl = S[0]! + 2 * ph * pl;
  let q = COS_SERIES[9]!;
  for (let i = 8; i >= 0; i--) q = q * zh + COS_SERIES[i]!;
  const s = twoSum(1, -0.5 * zh);
  return s + (S[0]! - 0.5 * zl + zh * zh * q);
}

/** sin(pi x), with the argument reduced exactly; bit-identical in every engine, < 1 ulp. sinpi(n) = ±0 for integers n. */
export function sinpi(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  if (x === 0 || Math.abs(x) >= 4503599627370496) return x * 0; // |x| >= 2^52: an integer
  const q = Math.round(2 * x);
  const r = x - q / 2;
  switch (q & 3) {
    case 0: return sinpiKernel(r);
    case 1: return cospiKernel(r);
    case 2: return -sinpiKernel(r);
    default: return -cospiKernel(r);
  }
}

/** cos(pi x), with the argument reduced exactly; bit-identical in every engine, < 1 ulp. */
export function cospi(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  const ax = Math.abs(x);
  if (ax >= 9007199254740992) return 1; // |x| >= 2^53: an even integer
  if (ax >= 4503599627370496) return ax % 2 === 0 ? 1 : -1;
  const q = Math.round(2 * ax);
  const r = ax - q / 2;
  switch (q & 3) {
    case 0: return cospiKernel(r);
    case 1: return -sinpiKernel(r);
    case 2: return -cospiKernel(r);
    default: return sinpiKernel(r);
  }
}
