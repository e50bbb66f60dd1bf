// Deal pipelines decide won/lost (stage metadata, see classifyDealStage) on every webhook batch and
// card load, but change only when an admin edits a pipeline: they are read from HubSpot at most
// once per portal per TTL, concurrent readers share one request, and a caller that meets a stage id
// the cached pipelines do not know asks for a fresher copy (`maxAgeMs`), so a stage added in
// HubSpot is classified within PIPELINE_RELOAD_MIN_MS instead of after the full TTL.
import { dealStageCatalog, type DealStageCatalog } from '../../domain/lifecycle/index.ts';
import type { CrmGateway, Pipeline } from '../../hubspot/gateway.ts';

/** Pipelines are re-read after this long (admins edit pipelines rarely). */
export const PIPELINE_CACHE_TTL_MS = 10 * 60 * 1000;
/** An unknown stage id forces a re-read, but not more often than this per portal. */
export const PIPELINE_RELOAD_MIN_MS = 30 * 1000;

export interface PipelineCache {
  /** The same gateway whose `listPipelines('deals')` answers from this cache. */
  decorate(gateway: CrmGateway): CrmGateway;
}

/** Creates the cache (one per backend process). */
export function createPipelineCache(
  now: () => number,
  ttlMs = PIPELINE_CACHE_TTL_MS,
): PipelineCache {
  const entries = new Map<number, { at: number; pipelines: Promise<Pipeline[]> }>();

  function read(gateway: CrmGateway, maxAgeMs: number): Promise<Pipeline[]> {
    const entry = entries.get(gateway.portalId);
    if (entry && now() - entry.at < Math.min(ttlMs, maxAgeMs)) return entry.pipelines;
    const pipelines = gateway.listPipelines('deals').catch((error: unknown) => {
      entries.delete(gateway.portalId);
      throw error;
    });
    entries.set(gateway.portalId, { at: now(), pipelines });
    return pipelines;
  }

  function decorate(gateway: CrmGateway): CrmGateway {
    return {
      ...gateway,
      withLane: (lane) => decorate(gateway.withLane(lane)),
      withMaxWait: (ms) => decorate(gateway.withMaxWait(ms)),
      withDeadline: (at) => decorate(gateway.withDeadline(at)),
      listPipelines: (_objectType, options) => read(gateway, options?.maxAgeMs ?? ttlMs),
    };
  }

  return { decorate };
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
