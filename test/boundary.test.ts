// The WASM boundary: bad input gives typed errors with useful messages (never a trap),
// kernels report status codes for what reaches them, and memory stays bounded.
import { describe, expect, it } from 'vitest';
import {
  InvalidArgumentError, KernelError, LoadError, SequenceExhaustedError, ShapeError, SobolSequence, UqkitError, OutOfMemoryError, ResourceLimitError, memoryBudget, setMemoryBudget,
  coreMemory, sobol,
} from 'uqkit';
// Internal modules of the same build (same module instances as 'uqkit' imports).
import { core, instantiateBytes } from '../build/core/wasm.js';
import { check, Status } from '../build/core/status.js';
import { thrown } from './helpers.js';

function expectArgError(fn: () => unknown, cls: typeof InvalidArgumentError, field: string, message: RegExp) {
  const e = thrown(fn);
  expect(e).toBeInstanceOf(cls);
  expect(e).toBeInstanceOf(UqkitError);
  const u = e as InvalidArgumentError;
  expect(u.field).toBe(field);
  expect(u.message).toMatch(message);
  expect(u.message.startsWith(`${field}: `)).toBe(true);
  return u;
}

describe('bad arguments give typed errors naming the field, the value and what was expected', () => {
  const q = { balance: 'ignore' } as const;
  it.each([
    [0, /dim: expected an integer from 1 to 21201, got 0/],
    [21202, /got 21202 \(the Joe–Kuo direction numbers cover 21201 dimensions\)/],
    [-3, /got -3/],
    [NaN, /got NaN/],
    [2.5, /got 2\.5/],
    [Infinity, /got Infinity/],
    ['10', /got "10"/],
  ])('dim = %s', (dim, message) => {
    const e = expectArgError(() => new SobolSequence(dim as number), InvalidArgumentError, 'dim', message);
    expect(Object.is(e.value, dim)).toBe(true);
    expect(e.code).toBe('ERR_INVALID_ARGUMENT');
  });

  it.each([[-1], [NaN], [1.5], [2 ** 31], [Infinity]])('n = %s', (n) => {
    expectArgError(() => new SobolSequence(2).next(n), InvalidArgumentError, 'n', /n: expected an integer from 0 to 2147483647/);
  });

  it.each([[-1], [NaN], [0.5]])('skip k = %s', (k) => {
    expectArgError(() => new SobolSequence(2).skip(k), InvalidArgumentError, 'k', /k: expected an integer >= 0/);
  });

  it.each([[0], [53], [30.5], [NaN]])('bits = %s', (bits) => {
    expectArgError(() => new SobolSequence(2, { bits }), InvalidArgumentError, 'options.bits', /expected an integer from 1 to 52.*exact doubles up to 52 bits/);
  });

  it('scramble, seed, balance and unknown options', () => {
    expectArgError(() => new SobolSequence(2, { scramble: 'sobol' as never }), InvalidArgumentError, 'options.scramble', /expected one of false, "lms", "owen", got "sobol"/);
    expectArgError(() => new SobolSequence(2, { scramble: true as never }), InvalidArgumentError, 'options.scramble', /got true/);
    expectArgError(() => new SobolSequence(2, { scramble: 'owen', seed: -1 }), InvalidArgumentError, 'options.seed', /got -1/);
    expectArgError(() => new SobolSequence(2, { scramble: 'owen', seed: 1.5 }), InvalidArgumentError, 'options.seed', /got 1\.5/);
    expectArgError(() => new SobolSequence(2, { scramble: 'lms', seed: 2n ** 64n }), InvalidArgumentError, 'options.seed', /got 18446744073709551616n/);
    expectArgError(() => new SobolSequence(2, { balance: 'loud' as never }), InvalidArgumentError, 'options.balance', /one of "warn", "error", "ignore"/);
    expectArgError(() => new SobolSequence(2, { scrambel: 'owen' } as never), InvalidArgumentError, 'options.scrambel', /no such option; the options are scramble, seed, bits, balance/);
    expectArgError(() => new SobolSequence(2, 5 as never), InvalidArgumentError, 'options', /expected an options object, got 5/);
    expectArgError(() => sobol(4, 2, { skip: -1 }), InvalidArgumentError, 'options.skip', /got -1/);
  });

  it('n beyond 2^bits: SequenceExhaustedError with the counts and the fix', () => {
    const s = new SobolSequence(3, { bits: 4, ...q });
    s.next(10);
    const e = thrown(() => s.next(7)) as SequenceExhaustedError;
    expect(e).toBeInstanceOf(SequenceExhaustedError);
    expect(e.code).toBe('ERR_EXHAUSTED');
    expect([e.drawn, e.requested, e.capacity]).toEqual([10, 7, 16]);
    expect(e.message).toBe("n: a Sobol' sequence with bits=4 holds 2^4 = 16 points; 10 are drawn or skipped, and 7 more were asked for (use a larger options.bits, up to 52)");
    expect(s.index).toBe(10); // nothing was consumed
    expect(s.next(6).rows).toBe(6); // exactly up to the end is fine
    expect(thrown(() => s.next(1))).toBeInstanceOf(SequenceExhaustedError);
    expect(thrown(() => new SobolSequence(2, { bits: 3 }).skip(9))).toBeInstanceOf(SequenceExhaustedError);
    expect(new SobolSequence(2, { bits: 3 }).skip(8).index).toBe(8);
    expect(thrown(() => sobol(2 ** 30 + 1, 1))).toBeInstanceOf(SequenceExhaustedError);
  });

  it('wrong array lengths: ShapeError', () => {
    const e = expectArgError(() => new SobolSequence(3).next(4, { out: new Float64Array(11) }), ShapeError, 'options.out',
      /expected a Float64Array of length at least n \* dim = 4 \* 3 = 12, got a Float64Array of length 11/);
    expect(e.code).toBe('ERR_SHAPE');
    expectArgError(() => new SobolSequence(3).next(4, { out: [0, 0] as never }), ShapeError, 'options.out', /got an array of length 2/);
  });

  it('balance: a warning by default, an error on request, silence on request', async () => {
    const seen: Error[] = [];
    const onWarning = (w: Error) => seen.push(w);
    process.on('warning', onWarning);
    try {
      new SobolSequence(2).next(3);
      new SobolSequence(2).next(4); // a power of two: no warning
      const s = new SobolSequence(2);
      s.next(4);
      s.next(3); // total 7
      new SobolSequence(2, { balance: 'ignore' }).next(3);
      await new Promise((r) => setTimeout(r, 10)); // process warnings are emitted on next tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(seen.map((w) => w.message)).toEqual([
      "the balance properties of Sobol' points require n to be a power of 2; got n = 3 (next powers: 2 or 4). Pass { balance: 'ignore' } to silence this.",
      "the balance properties of Sobol' points require the total drawn to be a power of 2; 4 were drawn or skipped before, then n = 3, total 7. Pass { balance: 'ignore' } to silence this.",
    ]);
    expect(seen.every((w) => w.name === 'UqkitWarning' && (w as Error & { code: string }).code === 'UQKIT_SOBOL_BALANCE')).toBe(true);
    expectArgError(() => new SobolSequence(2, { balance: 'error' }).next(3), InvalidArgumentError, 'n', /power of 2/);
  });

  it('more memory than WebAssembly can have: ResourceLimitError before allocating; OutOfMemoryError when an allocation fails; the core still works after', () => {
    const e = thrown(() => new SobolSequence(21201, q).next(30000, { view: true })) as ResourceLimitError;
    expect(e).toBeInstanceOf(ResourceLimitError);
    expect(e).toMatchObject({ code: 'ERR_RESOURCE_LIMIT', field: 'n', value: 30000, estimateBytes: 8 * 30000 * 21201, limitBytes: Math.min(memoryBudget(), 4 * 2 ** 30) });
    // Copies are made block by block and need no large WebAssembly memory; a result JavaScript
    // cannot hold, with a budget that allows it, is OutOfMemoryError.
    setMemoryBudget(2 ** 50);
    try {
      const js = thrown(() => new SobolSequence(21201, { ...q, bits: 40 }).next(2 ** 31 - 1)) as OutOfMemoryError;
      expect(js).toBeInstanceOf(OutOfMemoryError);
      expect(js.code).toBe('ERR_OUT_OF_MEMORY');
      expect(js.message).toMatch(/^2147483647 x 21201 Sobol' points needs 347\d+\.\d MiB of a JavaScript array, more than can be had; work in smaller batches$/);
    } finally {
      setMemoryBudget(undefined);
    }
    expect(e.message).toMatch(/^n: 30000 is too large: 30000 x 21201 Sobol' points would need about 4\.74 GiB, more than (the 4 GiB of WebAssembly memory|the memory budget of .*); ask for less, or work in parts$/);
    expect(sobol(2, 2).data[1]).toBe(0);
  });

  it('draw options: view must be a boolean, view and out exclude each other, out must not be WebAssembly memory', () => {
    expectArgError(() => new SobolSequence(2).next(4, { view: 'no' as never }), InvalidArgumentError, 'options.view', /expected true or false, got "no"/);
    expectArgError(() => new SobolSequence(2).next(4, { view: true, out: new Float64Array(8) }), InvalidArgumentError, 'options.view', /when options\.out is given/);
    const v = new SobolSequence(1, q).next(64, { view: true });
    expectArgError(() => new SobolSequence(2, q).next(16, { out: v.data }), InvalidArgumentError, 'options.out', /outside WebAssembly memory.*copy the view first/);
  });

  it('a seed is validated even without scrambling; sobol() names options.skip when it runs past the end', () => {
    expectArgError(() => new SobolSequence(2, { seed: 'abc' as never }), InvalidArgumentError, 'options.seed', /got "abc"/);
    expect(new SobolSequence(2, { seed: 5 }).seed).toBeUndefined();
    const e = thrown(() => sobol(4, 2, { bits: 3, skip: 9 })) as SequenceExhaustedError;
    expect(e).toBeInstanceOf(SequenceExhaustedError);
    expect(e.field).toBe('options.skip');
    expect(e.message).toMatch(/^options\.skip: a Sobol' sequence with bits=3 holds 2\^3 = 8 points; 0 are drawn or skipped, and 9 more/);
  });

  it('a module that does not compile (e.g. no SIMD support) gives LoadError', async () => {
    const bad = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0x7f]);
    const e = await instantiateBytes(bad).then(() => null, (err: Error) => err);
    expect(e).toBeInstanceOf(LoadError);
    expect(e!.message).toMatch(/^uqkit: cannot instantiate uqkit\.wasm: .*needs WebAssembly SIMD/);
  });

  it('zero points is an empty matrix, not an error', () => {
    const x = new SobolSequence(5).next(0);
    expect([x.rows, x.cols, x.data.length]).toEqual([0, 5, 0]);
  });
});

describe('kernels report status codes for bad input and never trap', () => {
  const { exports: k, arena } = core();
  function call(fn: (a: typeof arena) => number): number {
    return arena.scope(fn);
  }
  it('sobolDirections', () => {
    expect(call((a) => k.sobolDirections(0, 30, a.alloc(64)))).toBe(Status.DIM);
    expect(call((a) => k.sobolDirections(21202, 30, a.alloc(64)))).toBe(Status.DIM);
    expect(call((a) => k.sobolDirections(-5, 30, a.alloc(64)))).toBe(Status.DIM);
    expect(call((a) => k.sobolDirections(2, 0, a.alloc(64)))).toBe(Status.BITS);
    expect(call((a) => k.sobolDirections(2, 53, a.alloc(64)))).toBe(Status.BITS);
    expect(call(() => k.sobolDirections(2, 30, 0))).toBe(Status.POINTER); // null
    expect(call((a) => k.sobolDirections(2, 30, a.alloc(64) + 1))).toBe(Status.POINTER); // misaligned
    expect(call(() => k.sobolDirections(2, 30, 1024))).toBe(Status.POINTER); // inside the module's static data
    expect(call(() => k.sobolDirections(21201, 30, k.memory.buffer.byteLength - 64))).toBe(Status.POINTER); // runs off the end
    expect(call((a) => k.sobolDirections(3, 30, a.alloc(3 * 30 * 4)))).toBe(Status.OK);
  });
  it('sobolFill and sobolStateAt', () => {
    const run = (index: number, n: number, bits = 10) => call((a) => {
      const dirs = a.alloc(2 * bits * 8);
      k.sobolDirections(2, bits, dirs);
      const state = a.alloc(16);
      a.bytes(state, 16).fill(0);
      const out = n > 4096 ? k.memory.buffer.byteLength - 4096 * 16 : a.alloc(Math.max(0, n) * 16);
      return k.sobolFill(2, bits, dirs, state, index, n, out, 0);
    });
    expect(run(0, -1)).toBe(Status.SIZE);
    expect(run(-1, 4)).toBe(Status.INDEX);
    expect(run(NaN, 4)).toBe(Status.INDEX);
    expect(run(0.5, 4)).toBe(Status.INDEX);
    expect(run(1020, 5)).toBe(Status.EXHAUSTED);
    expect(run(1020, 4)).toBe(Status.OK);
    expect(run(0, 1024)).toBe(Status.OK);
    expect(run(0, 100000, 20)).toBe(Status.POINTER); // n rows from there run off the end of memory
    expect(call((a) => k.sobolStateAt(2, 10, a.alloc(160), 0, 1025, a.alloc(16)))).toBe(Status.INDEX);
    expect(call((a) => k.sobolOwenKeys(0, 1, 2, a.alloc(16)))).toBe(Status.DIM);
  });
  it('check() turns statuses into typed errors, and unexpected ones into KernelError', () => {
    expect(() => check('k', Status.OK)).not.toThrow();
    const e = thrown(() => check('sobolFill', Status.DIM, { [Status.DIM]: { field: 'dim', value: 0, expected: 'an integer from 1 to 21201' } }));
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.message).toBe('dim: expected an integer from 1 to 21201, got 0');
    const k2 = thrown(() => check('sobolFill', Status.POINTER)) as KernelError;
    expect(k2).toBeInstanceOf(KernelError);
    expect(k2.status).toBe(Status.POINTER);
    expect(k2.message).toMatch(/sobolFill: returned status 6 \(POINTER\).*bug in uqkit/);
  });
});

describe('memory', () => {
  it('10,000 calls do not grow the WebAssembly memory after the first', () => {
    const seq = new SobolSequence(16, { scramble: 'lms', seed: 3, balance: 'ignore' });
    seq.next(512);
    const before = coreMemory().memoryBytes;
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      sum += seq.reset().next(512).data[511 * 16 + 5]!;
      sum += sobol(64, 3, { scramble: 'lms', seed: i }).data[7]!;
    }
    expect(coreMemory().memoryBytes).toBe(before);
    expect(Number.isFinite(sum)).toBe(true);
  });

  it('a view shares WebAssembly memory; a copy does not; out= fills the caller\'s array', () => {
    const s = new SobolSequence(2, { balance: 'ignore' });
    const view = s.next(4, { view: true });
    expect(view.data.buffer).toBe(core().exports.memory.buffer);
    expect(Array.from(view.data)).toEqual([0, 0, 0.5, 0.5, 0.75, 0.25, 0.25, 0.75]);
    const copy = s.reset().next(4);
    expect(copy.data.buffer).not.toBe(core().exports.memory.buffer);
    const out = new Float64Array(20).fill(-1);
    const m = s.reset().next(4, { out });
    expect(m.data.buffer).toBe(out.buffer);
    expect(Array.from(out)).toEqual([0, 0, 0.5, 0.5, 0.75, 0.25, 0.25, 0.75, ...new Array(12).fill(-1)]);
  });
});

describe('Matrix helpers', () => {
  it('matrix() checks the shape; row() views, column() copies', async () => {
    const { matrix, row, column, toRows } = await import('uqkit');
    const m = matrix(new Float64Array([1, 2, 3, 4, 5, 6]), 2, 3);
    expect(Array.from(row(m, 1))).toEqual([4, 5, 6]);
    expect(row(m, 1).buffer).toBe(m.data.buffer);
    expect(Array.from(column(m, 2))).toEqual([3, 6]);
    expect(toRows(m)).toEqual([[1, 2, 3], [4, 5, 6]]);
    expectArgError(() => matrix(new Float64Array(5), 2, 3), ShapeError, 'data', /length rows \* cols = 2 \* 3, got a Float64Array of length 5/);
  });
});
