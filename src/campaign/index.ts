// Campaigns: the SQLite store and run identity.
export { openStore, CampaignStore, STORE_SCHEMA_VERSION, RUN_STATUSES, encodeOutputs, decodeOutputs } from './store.js';
export type {
  StoreOptions,
  RunStatus,
  QueuedStatus,
  RunParams,
  RunRecord,
  RunInput,
  AddedRun,
  ClaimedRun,
  ClaimOptions,
  ResultRecord,
  ParamCondition,
  RunQuery,
  StatusCounts,
  CampaignInfo,
  CreatedPath,
  SamplerRecord,
  StoreStats,
  RefinementRecord,
} from './store.js';
export { canonicalJson, runHash } from '../core/identity.js';
export type { JsonValue } from '../core/identity.js';
export { Campaign, CAMPAIGN_DB } from './campaign.js';
export type {
  CampaignConfig,
  CampaignOptions,
  RunnerSpec,
  AddSamplerOptions,
  DrawResult,
  CampaignSampler,
  ExecuteOptions,
  RecollateResult,
  ResultColumns,
} from './campaign.js';
export type { RefineResult } from './campaign-adaptive.js';
export { SURROGATE_METHODS } from './campaign-surrogate.js';
export type { SurrogateOptions } from './campaign-surrogate.js';
export type { McmcResult } from './campaign-mcmc.js';
export type { ChainStepRecord } from './store-types.js';
export { checkCampaign } from './check.js';
export type { CampaignCheck, CheckFinding, CheckOptions } from './check.js';
