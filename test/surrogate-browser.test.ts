// A surrogate file written by Node, loaded into uqkit/browser in real headless Chromium
// (Debian's, through playwright-core): the same predictions, gradients, correlations and densities, bit
// for bit, as the Node campaign's surrogate that wrote it (a PCE, an SC interpolant and a Gaussian
// process, whose predictive variances too).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Campaign, Uniform, sobol, toPhysical, type Surrogate } from 'uqkit';
import { serve } from './serve.js';
import { launchChromium } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'uqkit-surrogate-browser-'));

describe('a surrogate file in uqkit/browser (headless Chromium)', () => {
  let browser: Browser;
  let page: Page;
  let server: Awaited<ReturnType<typeof serve>>;
  const surrogates: Record<string, Surrogate> = {};

  beforeAll(async () => {
    // The coffee cup (examples/coffee) in process, by PCE and by SC: te is a vector QoI.
    const config = {
      params: {
        T0: { type: 'float', default: 95 }, kappa: { type: 'float', min: 0, max: 0.1, default: 0.025 }, t_env: { type: 'float', min: 0, max: 40, default: 15 },
      },
      vary: { kappa: { dist: 'uniform', low: 0.025, high: 0.075 }, t_env: { dist: 'uniform', low: 15, high: 25 } },
    };
    const model = ({ T0, kappa, t_env }: Record<string, number>) => ({ te: Array.from({ length: 51 }, (_, i) => t_env! + (T0! - t_env!) * Math.exp(-kappa! * 4 * i)) });
    for (const kind of ['pce', 'sc', 'gp'] as const) {
      const c = Campaign.create(join(root, kind), { name: kind, ...config, ...(kind === 'gp' ? { analysis: { method: 'gp' } } : {}) } as never);
      c.addSampler((kind === 'gp' ? { kind: 'qmc', n: 32, seed: 1 } : { kind, order: 4 }) as never);
      await c.execute({ model: model as never });
      surrogates[kind] = c.surrogate();
      c.close();
    }
    server = await serve();
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${server.url}/test/browser/page.html`);
    await page.waitForFunction(() => (window as unknown as { uqkitReady?: string }).uqkitReady !== undefined);
    expect(await page.evaluate(() => (window as unknown as { uqkitReady: string }).uqkitReady)).toBe('ok');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  for (const kind of ['pce', 'sc', 'gp']) {
    it(`${kind}: predictions, gradients, correlations and densities in Chromium equal Node's bit for bit`, async () => {
      const s = surrogates[kind]!;
      const X = toPhysical([new Uniform(0.025, 0.075), new Uniform(15, 25)], sobol(200, 2, { scramble: 'owen', seed: 4 }));
      const rows = Array.from({ length: 200 }, (_, i) => [X.data[2 * i]!, X.data[2 * i + 1]!]);
      const text = JSON.stringify(s);
      const got = await page.evaluate(({ text, rows }) => {
        const uq = (window as unknown as { uqkit: typeof import('uqkit') }).uqkit;
        const b = uq.loadSurrogate(text);
        const c = b.correlation({ qois: ['te'] });
        // 3010 samples: V8's 3010 ** -0.2 differs in the last bit between Node 20 and Chromium; Scott's bandwidth must not
        const d = b.density('te', { column: 25, n: 3010, points: 64 });
        return {
          density: [...Array.from(d.x), ...Array.from(d.pdf), d.bandwidth],
          samples: Array.from(b.correlation({ method: 'samples', n: 1024 }).covariance.data),
          predict: Array.from(b.predict(rows).te!.data),
          gradient: Array.from(b.gradient(rows.slice(0, 20)).te!.data),
          covariance: Array.from(c.covariance.data),
          json: JSON.stringify(b),
          variance: b.kind === 'gp' ? Array.from(b.predict(rows, { variance: true }).te!.variance.data) : [],
        };
      }, { text, rows });
      expect(got.json).toBe(text);
      expect(s.kind).toBe(kind === 'gp' ? 'gp' : 'pce');
      expect(got.variance).toEqual(kind === 'gp' ? Array.from(s.predict(rows, { variance: true }).te!.variance.data) : []);
      expect(got.predict).toEqual(Array.from(s.predict(rows).te!.data));
      expect(got.gradient).toEqual(Array.from(s.gradient(rows.slice(0, 20)).te!.data));
      expect(got.covariance).toEqual(Array.from(s.correlation({ qois: ['te'] }).covariance.data));
      const d = s.density('te', { column: 25, n: 3010, points: 64 });
      expect(got.density).toEqual([...Array.from(d.x), ...Array.from(d.pdf), d.bandwidth]);
      expect(got.samples).toEqual(Array.from(s.correlation({ method: 'samples', n: 1024 }).covariance.data));
    });
  }
});
