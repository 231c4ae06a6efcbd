// Parameter distributions: densities, distribution functions and quantiles with accurate
// tails, JSON specs, and the iso-probabilistic maps used by the samplers.
export { Uniform } from './uniform.js';
export { Normal } from './normal.js';
export { LogNormal } from './lognormal.js';
export { Beta } from './beta.js';
export { Gamma } from './gamma.js';
export { Exponential } from './exponential.js';
export { Triangular } from './triangular.js';
export { TruncatedNormal } from './truncnormal.js';
export { DiscreteUniform } from './discrete-uniform.js';
export { Weibull } from './weibull.js';
export { LogUniform } from './loguniform.js';
export { distribution, isDistribution, DISTRIBUTION_PARAMETERS } from './factory.js';
export type { DistributionByKind } from './factory.js';
export { toPhysical, toUnit } from './transform.js';
export { DISTRIBUTION_KINDS } from './distribution.js';
export type {
  Distribution,
  DistributionKind,
  DistributionSpec,
  Moments,
  UniformSpec,
  NormalSpec,
  LogNormalSpec,
  BetaSpec,
  GammaSpec,
  ExponentialSpec,
  TriangularSpec,
  TruncatedNormalSpec,
  DiscreteUniformSpec,
  WeibullSpec,
  LogUniformSpec,
} from './distribution.js';
export {
  erf,
  erfc,
  erfcx,
  ndtr,
  ndtri,
  logNdtr,
  gamma,
  gammaln,
  gammainc,
  gammaincc,
  gammaincinv,
  gammainccinv,
  betaln,
  betainc,
  betaincc,
  betaincinv,
  studentTppf,
  betainccinv,
} from './special.js';
