// Parameter spaces: parameter specs and the validation of runs.
export { paramSpecs, checkParams, validateParams, defaults, PARAM_TYPES } from './params.js';
export type { ParamType, ParamValue, Params, ParamSpec, ParamSpecs, FloatParamSpec, IntegerParamSpec, StringParamSpec, BooleanParamSpec, ParamCheck } from './params.js';
export { sweep, product, zip, concat, difference, missing, geom, igeom } from './algebra.js';
export type { SweepSpec, SweepTypes } from './algebra.js';
