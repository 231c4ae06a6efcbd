// Instantiating uqkit.wasm and holding the one instance every numeric call uses.
// Loading differs between Node (file) and browsers (fetch); see load-node.ts / load-browser.ts,
// and init.ts for the public `init()`.
import { Arena } from './arena.js';
import { LoadError, NotInitializedError } from './errors.js';

// The few WebAssembly types these declarations name, declared as (empty, mergeable) interfaces
// so that the published .d.ts compile without lib "dom" or @types/node; where either is
// present, these merge with the full declarations.
declare global {
  namespace WebAssembly {
    interface Memory {}
    interface Module {}
    interface Instance {}
  }
}

/** The exports of uqkit.wasm (assembly/index.ts). Pointers and sizes are plain numbers. */
export interface UqkitExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  sobolMaxDim(): number;
  sobolUseTable(ptr: number, bytes: number): number;
  sobolMaxBits(): number;
  sobolDirections(dim: number, bits: number, out: number): number;
  sobolScrambleLMS(dim: number, bits: number, dirs: number, shift: number, seedLo: number, seedHi: number): number;
  sobolOwenKeys(dim: number, seedLo: number, seedHi: number, out: number): number;
  sobolStateAt(dim: number, bits: number, dirs: number, init: number, index: number, state: number): number;
  sobolFill(dim: number, bits: number, dirs: number, state: number, index: number, n: number, out: number, keys: number): number;
  gaussRule(n: number, a: number, b: number, nodes: number, weights: number, work: number, symmetric: number): number;
  stieltjes(m: number, x: number, w: number, n: number, a: number, b: number, work: number): number;
  interpolatoryWeights(n: number, x: number, a: number, b: number, weights: number, work: number): number;
  clenshawCurtis(n: number, nodes: number, weights: number, work: number): number;
  fejer2(n: number, nodes: number, weights: number, work: number): number;
  hermiteRule(n: number, nodes: number, weights: number, work: number): number;
  orthonormalValues(deg: number, a: number, b: number, m: number, x: number, out: number): number;
  combine(
    d: number, nTerms: number, levels: number, coefs: number, stride: number, ruleStart: number,
    nIds: number, ids: number, w: number, cap: number, table: number,
    maxPoints: number, outIds: number, outW: number, count: number, scratch: number,
  ): number;
  basisMatrix(n: number, d: number, x: number, maxDeg: number, rec: number, P: number, index: number, psi: number, work: number, colMajor: number): number;
  leastSquares(n: number, p: number, a: number, k: number, y: number, rdiag: number, leverage: number, work: number, rtol: number, info: number): number;
  gemmTN(n: number, p: number, a: number, lda: number, k: number, b: number, ldb: number, c: number, ldc: number, mode: number): number;
  cholesky(p: number, g: number, ldg: number, info: number): number;
  triangularInverse(p: number, u: number, ldu: number, x: number, first: number, end: number): number;
  transpose(rows: number, cols: number, a: number, out: number): number;
  columnOrderStatistics(n: number, cols: number, data: number, ldData: number, nr: number, ranks: number, out: number): number;
  sensitivityWorkBytes(n: number, d: number, flags: number): number;
  sensitivityPoint(n: number, d: number, flags: number, z: number, out: number, work: number): number;
  sensitivityBootstrap(n: number, d: number, flags: number, z: number, seedLo: number, seedHi: number, first: number, count: number, out: number, work: number): number;
  randomUniform(count: number, seedLo: number, seedHi: number, stream: number, start: number, out: number): number;
  morrisEffects(T: number, S: number, d: number, x: number, y: number, delta: number, out: number, work: number): number;
  finiteDiffSquares(N: number, d: number, x: number, y: number, out: number): number;
  bootstrapMeanStd(n: number, m: number, v: number, R: number, seedLo: number, seedHi: number, idx: number, work: number, out: number): number;
  trajectoryDistances(N: number, S: number, d: number, unit: number, out: number, work: number): number;
  argsortStable(n: number, keys: number, idx: number, work: number): number;
  powerSpectraWorkBytes(n: number): number;
  powerSpectra(n: number, count: number, y: number, out: number, work: number): number;
  deltaEstimate(n: number, ys: number, nClasses: number, bounds: number, G: number, g: number, factors: number, work: number, out: number, given: number): number;
  pawnStatistics(n: number, S: number, y: number, order: number, slide: number, out: number, work: number): number;
  orderedOutputs(n: number, size: number, count: number, sets: number, order: number, y: number, mode: number, copies: number, rows: number, out: number): number;
  randomIndices(n: number, count: number, seedLo: number, seedHi: number, stream: number, start: number, out: number): number;
  gpCorrelation(n: number, m: number, d: number, a: number, b: number, scale: number, kind: number, out: number): number;
  gpGradient(n: number, d: number, x: number, scale: number, kind: number, w: number, out: number): number;
  hdmrBasis(n: number, d: number, m: number, x: number, out: number): number;
  hdmrComponents(r: number, m1: number, d: number, order: number, nterms: number, terms: number, b1: number, lambda: number, y: number, maxiter: number, coef: number, fit: number, work: number): number;
}

export interface Core {
  readonly exports: UqkitExports;
  readonly arena: Arena;
  /** The compiled module, for worker threads that instantiate their own copy. */
  readonly module?: WebAssembly.Module;
}

const REQUIRED: ReadonlyArray<keyof UqkitExports> = [
  'memory', 'heapBase', 'sobolMaxDim', 'sobolUseTable', 'sobolMaxBits', 'sobolDirections', 'sobolScrambleLMS',
  'sobolOwenKeys', 'sobolStateAt', 'sobolFill', 'gaussRule', 'stieltjes', 'interpolatoryWeights',
  'clenshawCurtis', 'fejer2', 'orthonormalValues', 'combine', 'basisMatrix', 'leastSquares',
  'gemmTN', 'cholesky', 'triangularInverse', 'transpose',
  'sensitivityWorkBytes', 'sensitivityPoint', 'sensitivityBootstrap', 'randomUniform',
  'hermiteRule',
  'morrisEffects', 'finiteDiffSquares', 'bootstrapMeanStd', 'trajectoryDistances',
  'columnOrderStatistics',
  'argsortStable', 'powerSpectraWorkBytes', 'powerSpectra', 'deltaEstimate', 'pawnStatistics', 'orderedOutputs', 'randomIndices',
  'gpCorrelation', 'gpGradient',
  'hdmrBasis', 'hdmrComponents',
];

/** uqkit.wasm imports nothing: it is built with --noAssert and never calls out. */
const imports = {};

/** The LoadError for a module that failed to compile or instantiate. */
export function loadFailed(cause: unknown): LoadError {
  const simd = cause instanceof WebAssembly.CompileError ? ' (uqkit.wasm needs WebAssembly SIMD: Node >= 16.4, Chrome >= 91, Firefox >= 89, Safari >= 16.4)' : '';
  return new LoadError(`uqkit: cannot instantiate uqkit.wasm: ${cause instanceof Error ? cause.message : String(cause)}${simd}`, { cause });
}

function toCore(instance: WebAssembly.Instance, module?: WebAssembly.Module): Core {
  const exports = instance.exports as unknown as UqkitExports;
  const missing = REQUIRED.filter((name) => !(name in exports));
  if (missing.length) throw new LoadError(`uqkit.wasm lacks exports ${missing.join(', ')}: it does not match this version of uqkit; rebuild with \`npm run build\``);
  if (exports.sobolMaxDim() === 0) throw new LoadError('uqkit.wasm: the embedded direction-number table failed its self-check');
  return module ? { exports, arena: new Arena(exports), module } : { exports, arena: new Arena(exports) };
}

async function instantiated(pending: Promise<WebAssembly.WebAssemblyInstantiatedSource>): Promise<Core> {
  let result: WebAssembly.WebAssemblyInstantiatedSource;
  try {
    result = await pending;
  } catch (cause) {
    throw loadFailed(cause);
  }
  return toCore(result.instance, result.module);
}

/** Compiles and instantiates uqkit.wasm from its bytes. */
export function instantiateBytes(bytes: ArrayBuffer | ArrayBufferView<ArrayBuffer>): Promise<Core> {
  return instantiated(WebAssembly.instantiate(bytes, imports));
}

/** Instantiates an already compiled uqkit.wasm (allowed on browsers' main threads). */
export async function instantiateModuleAsync(module: WebAssembly.Module): Promise<Core> {
  let instance: WebAssembly.Instance;
  try {
    instance = await WebAssembly.instantiate(module, imports);
  } catch (cause) {
    throw loadFailed(cause);
  }
  return toCore(instance, module);
}

/** Instantiates an already compiled uqkit.wasm, synchronously. */
export function instantiateModule(module: WebAssembly.Module): Core {
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(module, imports);
  } catch (cause) {
    throw loadFailed(cause);
  }
  return toCore(instance, module);
}

/**
 * Compiles and instantiates uqkit.wasm from its bytes, synchronously. Node allows this for a
 * module of any size; browsers' main threads refuse modules over 4 KiB (use the async forms).
 */
export function instantiateBytesSync(bytes: ArrayBuffer | ArrayBufferView<ArrayBuffer>): Core {
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(bytes);
  } catch (cause) {
    throw loadFailed(cause);
  }
  return instantiateModule(module);
}

let current: Core | undefined;
let autoLoad: (() => Core) | undefined;
const loadedHooks: Array<(c: Core) => void> = [];

/** Makes `c` the instance that numeric calls use, then runs the hooks of onCoreLoaded. */
export function setCore(c: Core): void {
  current = c;
  for (const hook of loadedHooks) hook(c);
}

/** Whether a core is loaded. */
export function isCoreLoaded(): boolean {
  return current !== undefined;
}

/** Runs `hook` whenever a core becomes current (now, if one already is). */
export function onCoreLoaded(hook: (c: Core) => void): void {
  loadedHooks.push(hook);
  if (current) hook(current);
}

/**
 * Sets how core() loads the module by itself on first use, in runtimes where that can be done
 * synchronously (Node: read the file, compile). Where nothing is set, init() must come first.
 */
export function setAutoLoad(load: (() => Core) | undefined): void {
  autoLoad = load;
}

/** The loaded core; loads it now where that can happen synchronously, else throws NotInitializedError. */
export function core(): Core {
  if (current) return current;
  if (autoLoad) {
    setCore(autoLoad());
    return current!;
  }
  throw new NotInitializedError();
}

/** Size of the WebAssembly memory and of the arena's high-water mark, in bytes. */
export function coreMemory(): { readonly memoryBytes: number; readonly arenaHighWaterBytes: number } {
  const c = core();
  return { memoryBytes: c.exports.memory.buffer.byteLength, arenaHighWaterBytes: c.arena.highWater };
}
