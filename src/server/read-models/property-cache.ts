// Property definitions feed the settings page's pickers (labels, types, options) and the plain-word
// score explanations on the cards, but change only when an admin edits a property: they are read at
// most once per portal and object type per TTL, and concurrent readers share one request.
import type { CrmGateway, CrmPropertyDefinition } from '../../hubspot/gateway.ts';
import { createTtlCache, gatewayDecorator, type GatewayDecorator } from './ttl-cache.ts';

/** Property definitions are re-read after this long. */
export const PROPERTY_CACHE_TTL_MS = 10 * 60 * 1000;

type PropertyObjectType = Parameters<CrmGateway['listProperties']>[0];

/** The same gateway whose `listProperties` answers from this cache. */
export type PropertyCache = GatewayDecorator;

/** Creates the cache (one per backend process). */
export function createPropertyCache(
  now: () => number,
  ttlMs = PROPERTY_CACHE_TTL_MS,
): PropertyCache {
  const cache = createTtlCache<string, CrmPropertyDefinition[]>(now);
  return gatewayDecorator((inner) => ({
    listProperties: (objectType: PropertyObjectType) =>
      cache.get(`${inner.portalId}:${objectType}`, ttlMs, () => inner.listProperties(objectType)),
  }));
}
