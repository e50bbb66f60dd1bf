// Whether a portal has HubSpot's Leads object, and its lead pipelines, change only when the
// portal's subscription or an admin's pipeline edit changes them: each is read from HubSpot at
// most once per portal per TTL (a hand-off or return otherwise pays two extra calls). A failed
// read is not cached.
import type { LeadsGateway, Pipeline } from '../../hubspot/gateway.ts';
import { createTtlCache, gatewayDecorator, type GatewayDecorator } from './ttl-cache.ts';

/** How long an answer is kept, ms. */
export const LEADS_OBJECT_CACHE_TTL_MS = 10 * 60 * 1000;

/** The same gateway whose `leads.isAvailable` and `leads.listPipelines` answer from this cache. */
export type LeadsObjectCache = GatewayDecorator;

/** Creates the cache (one per backend process). */
export function createLeadsObjectCache(
  now: () => number,
  ttlMs = LEADS_OBJECT_CACHE_TTL_MS,
): LeadsObjectCache {
  const available = createTtlCache<number, boolean>(now);
  const pipelines = createTtlCache<number, Pipeline[]>(now);
  return gatewayDecorator((inner) => {
    const leads: LeadsGateway = {
      ...inner.leads,
      isAvailable: () => available.get(inner.portalId, ttlMs, () => inner.leads.isAvailable()),
      listPipelines: () => pipelines.get(inner.portalId, ttlMs, () => inner.leads.listPipelines()),
    };
    return { leads };
  });
}
