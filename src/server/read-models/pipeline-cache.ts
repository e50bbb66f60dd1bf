// Deal pipelines decide won/lost (stage metadata, see classifyDealStage) on every webhook batch and
// card load, but change only when an admin edits a pipeline: they are read from HubSpot at most
// once per portal per TTL, concurrent readers share one request, and a caller that meets a stage id
// the cached pipelines do not know asks for a fresher copy (`maxAgeMs`), so a stage added in
// HubSpot is classified within PIPELINE_RELOAD_MIN_MS instead of after the full TTL.
import { dealStageCatalog, type DealStageCatalog } from '../../domain/lifecycle/index.ts';
import type { CrmGateway, Pipeline } from '../../hubspot/gateway.ts';
import { createTtlCache, gatewayDecorator, type GatewayDecorator } from './ttl-cache.ts';

/** Pipelines are re-read after this long (admins edit pipelines rarely). */
export const PIPELINE_CACHE_TTL_MS = 10 * 60 * 1000;
/** An unknown stage id forces a re-read, but not more often than this per portal. */
export const PIPELINE_RELOAD_MIN_MS = 30 * 1000;

/** The same gateway whose `listPipelines('deals')` answers from this cache. */
export type PipelineCache = GatewayDecorator;

/** Creates the cache (one per backend process). */
export function createPipelineCache(
  now: () => number,
  ttlMs = PIPELINE_CACHE_TTL_MS,
): PipelineCache {
  const cache = createTtlCache<number, Pipeline[]>(now);
  return gatewayDecorator((inner) => ({
    listPipelines: (_objectType, options) =>
      cache.get(inner.portalId, Math.min(ttlMs, options?.maxAgeMs ?? ttlMs), () =>
        inner.listPipelines('deals'),
      ),
  }));
}

/**
 * The deal-stage catalog of the gateway's portal; when `stageId` is given and unknown to the cached
 * pipelines, re-reads them (at most every PIPELINE_RELOAD_MIN_MS).
 */
export async function dealStagesOf(
  gateway: CrmGateway,
  stageId?: string,
): Promise<DealStageCatalog> {
  const catalog = dealStageCatalog(await gateway.listPipelines('deals'));
  if (stageId === undefined || catalog.known.has(stageId)) return catalog;
  return dealStageCatalog(
    await gateway.listPipelines('deals', { maxAgeMs: PIPELINE_RELOAD_MIN_MS }),
  );
}
