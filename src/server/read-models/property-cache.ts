// Property definitions feed the settings page's pickers (labels, types, options) and the plain-word
// score explanations on the cards, but change only when an admin edits a property: they are read at
// most once per portal and object type per TTL, and concurrent readers share one request.
import type { CrmGateway, CrmPropertyDefinition } from '../../hubspot/gateway.ts';

/** Property definitions are re-read after this long. */
export const PROPERTY_CACHE_TTL_MS = 10 * 60 * 1000;

type PropertyObjectType = Parameters<CrmGateway['listProperties']>[0];

export interface PropertyCache {
  /** The same gateway whose `listProperties` answers from this cache. */
  decorate(gateway: CrmGateway): CrmGateway;
}

/** Creates the cache (one per backend process). */
export function createPropertyCache(
  now: () => number,
  ttlMs = PROPERTY_CACHE_TTL_MS,
): PropertyCache {
  const entries = new Map<string, { at: number; value: Promise<CrmPropertyDefinition[]> }>();

  function read(gateway: CrmGateway, objectType: PropertyObjectType) {
    const key = `${gateway.portalId}:${objectType}`;
    const entry = entries.get(key);
    if (entry && now() - entry.at < ttlMs) return entry.value;
    const value = gateway.listProperties(objectType).catch((error: unknown) => {
      entries.delete(key);
      throw error;
    });
    entries.set(key, { at: now(), value });
    return value;
  }

  function decorate(gateway: CrmGateway): CrmGateway {
    return {
      ...gateway,
      withLane: (lane) => decorate(gateway.withLane(lane)),
      withMaxWait: (ms) => decorate(gateway.withMaxWait(ms)),
      withDeadline: (at) => decorate(gateway.withDeadline(at)),
      listProperties: (objectType) => read(gateway, objectType),
    };
  }

  return { decorate };
}
