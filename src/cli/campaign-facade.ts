// Opening the campaign a command names with the whole Campaign facade (samplers, execution,
// results), for the commands that change it or compute from it; the commands that only look
// at it use openView (./campaign-open.ts), which loads none of that.
import { Campaign } from '../campaign/campaign.js';
import type { CampaignConfig } from './campaign-file.js';
import { warnCutWal } from './campaign-open.js';

/**
 * Opens the campaign in `dir`: read-only for `readingFor`, the command that only reads it (which
 * warns of a cut -wal file first).
 */
export function openCampaign(dir: string, readingFor?: string): { campaign: Campaign; config: CampaignConfig } {
  if (readingFor !== undefined) warnCutWal(dir, readingFor);
  const campaign = Campaign.open(dir, { readonly: readingFor !== undefined });
  return { campaign, config: campaign.config as unknown as CampaignConfig };
}
