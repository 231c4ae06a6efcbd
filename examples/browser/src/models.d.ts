import type { Matrix } from 'uqkit';
export interface Analytic { mean: number; variance: number; first: number[]; total: number[] }
export const MODELS: Record<'ishigami' | 'gfunction' | 'expression', { label: string; dim: number; params: Record<string, unknown>; dist: { dist: string; low: number; high: number } }>;
export class ModelError extends Error { field: string; constructor(field: string, message: string) }
export function ishigami(X: Matrix, a: number, b: number, detmath: DetMath): Float64Array;
export function sinOf(detmath: DetMath): (x: number) => number;
export function cosOf(detmath: DetMath): (x: number) => number;
export const MATH_NAMES: readonly string[];
export function gFunction(X: Matrix, a: readonly number[]): Float64Array;
export function ishigamiAnalytic(a?: number, b?: number): Analytic;
export function gFunctionAnalytic(a: readonly number[]): Analytic;
export interface DetMath { exp(x: number): number; expm1(x: number): number; log(x: number): number; log1p(x: number): number; pow(x: number, y: number): number; sinpi(x: number): number; cospi(x: number): number }
export function expressionMath(detmath: DetMath): Math;
export function compileExpression(expression: string, d: number, math?: Math): (X: Matrix) => Float64Array;
