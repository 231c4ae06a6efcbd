// A campaign opened for reading only: its store (read-only: never created, upgraded or
// written) and its stored configuration, with the counts, samplers and runs that `uqkit status`
// and `uqkit runs` show. It loads no sampler, numerics, runner or WebAssembly, so that a
// command that only looks at a campaign starts quickly; the Campaign facade (./campaign.ts)
// does everything else.
import { join, resolve } from 'node:path';
import { InvalidArgumentError, StoreError } from '../core/errors.js';
import type { SamplerSpec, SamplerState } from '../samplers/index.js';
import { paramSpecs } from '../space/params.js';
import type { CampaignConfig, CampaignSampler } from './campaign-types.js';
import { openStore, type CampaignStore, type RunQuery, type RunRecord, type StatusCounts } from './store.js';

/** The store's file inside the campaign directory. */
export const CAMPAIGN_DB = 'campaign.db';

/** The samplers recorded in `store`, in the order they were added. */
export function campaignSamplers(store: CampaignStore): CampaignSampler[] {
  return store.samplers().map((r) => {
    const st = r.state as unknown as { spec: SamplerSpec; state: SamplerState };
    return { id: r.id, kind: r.kind, spec: st.spec, state: st.state, createdAt: r.createdAt, updatedAt: r.updatedAt };
  });
}

/**
 * A campaign opened read-only (`CampaignView.open(dir)`): its configuration, run counts,
 * samplers and runs. The stored configuration is checked only as far as it is read here (a
 * name, parameter specs, `vary` an object); Campaign.open checks all of it. `close()` when done.
 */
export class CampaignView {
  /** The campaign directory (absolute). */
  readonly dir: string;
  /** The store, opened read-only. */
  readonly store: CampaignStore;
  /** The configuration, as stored. */
  readonly config: CampaignConfig;

  private constructor(dir: string, store: CampaignStore, config: CampaignConfig) {
    this.dir = dir;
    this.store = store;
    this.config = config;
  }

  /**
   * Opens the campaign in `dir` for reading.
   *
   * @throws InvalidArgumentError for a `dir` that is not a non-empty string; StoreError when
   *   there is no campaign, or its stored configuration lacks a name, valid parameter specs or
   *   a `vary` object; StoreVersionError / StoreDamagedError as openStore does
   */
  static open(dir: string): CampaignView {
    if (typeof dir !== 'string' || dir === '') throw new InvalidArgumentError({ field: 'dir', value: dir, expected: 'the path of a campaign directory' });
    const path = join(dir, CAMPAIGN_DB);
    const store = openStore(path, { create: false, readonly: true });
    try {
      const app = store.info().app as unknown as CampaignConfig;
      if (app === null || typeof app !== 'object' || Array.isArray(app)) throw new InvalidArgumentError({ field: 'config', value: app, expected: 'an object' });
      if (typeof app.name !== 'string') throw new InvalidArgumentError({ field: 'name', value: app.name, expected: 'a string' });
      paramSpecs(app.params, 'params');
      if (app.vary !== undefined && (app.vary === null || typeof app.vary !== 'object' || Array.isArray(app.vary))) {
        throw new InvalidArgumentError({ field: 'vary', value: app.vary, expected: 'an object of distributions by parameter name' });
      }
      return new CampaignView(resolve(dir), store, app);
    } catch (e) {
      store.close();
      if (e instanceof InvalidArgumentError) throw new StoreError(path, `the stored configuration is not valid: ${e.message}`, { cause: e });
      throw e;
    }
  }

  /** How many runs are in each state. */
  counts(): StatusCounts {
    return this.store.counts();
  }

  /** The samplers, in the order they were added. */
  samplers(): CampaignSampler[] {
    return campaignSamplers(this.store);
  }

  /** Runs by id, optionally filtered (see RunQuery). */
  runs(query?: RunQuery): RunRecord[] {
    return this.store.runs(query);
  }

  /** Closes the store. */
  close(): void {
    this.store.close();
  }
}
