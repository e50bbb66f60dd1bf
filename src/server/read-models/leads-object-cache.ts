// Whether a portal has HubSpot's Leads object, and its lead pipelines, change only when the
// portal's subscription or an admin's pipeline edit changes them: each is read from HubSpot at
// most once per portal per TTL (a hand-off or return otherwise pays two extra calls). A failed
// read is not cached.
import type { CrmGateway, LeadsGateway, Pipeline } from '../../hubspot/gateway.ts';

/** How long an answer is kept, ms. */
export const LEADS_OBJECT_CACHE_TTL_MS = 10 * 60 * 1000;

export interface LeadsObjectCache {
  /** The same gateway whose `leads.isAvailable` and `leads.listPipelines` answer from this cache. */
  decorate(gateway: CrmGateway): CrmGateway;
}

/** Creates the cache (one per backend process). */
export function createLeadsObjectCache(
  now: () => number,
  ttlMs = LEADS_OBJECT_CACHE_TTL_MS,
): LeadsObjectCache {
  const available = new Map<number, { at: number; value: Promise<boolean> }>();
  const pipelines = new Map<number, { at: number; value: Promise<Pipeline[]> }>();

  function cached<T>(
    entries: Map<number, { at: number; value: Promise<T> }>,
    portalId: number,
    read: () => Promise<T>,
  ): Promise<T> {
    const entry = entries.get(portalId);
    if (entry && now() - entry.at < ttlMs) return entry.value;
    const value = read().catch((error: unknown) => {
      entries.delete(portalId);
      throw error;
    });
    entries.set(portalId, { at: now(), value });
    return value;
  }

  function decorate(gateway: CrmGateway): CrmGateway {
    const leads: LeadsGateway = {
      ...gateway.leads,
      isAvailable: () => cached(available, gateway.portalId, () => gateway.leads.isAvailable()),
      listPipelines: () => cached(pipelines, gateway.portalId, () => gateway.leads.listPipelines()),
    };
    return {
      ...gateway,
      leads,
      withLane: (lane) => decorate(gateway.withLane(lane)),
      withMaxWait: (ms) => decorate(gateway.withMaxWait(ms)),
      withDeadline: (at) => decorate(gateway.withDeadline(at)),
    };
  }

  return { decorate };
}
