// A portal's owners change rarely but are shown on every card (pickers, names), so they are read
// from HubSpot at most once per portal per TTL; concurrent readers share one request.
import type { CrmGateway, CrmOwner } from '../../hubspot/gateway.ts';
import { createTtlCache } from './ttl-cache.ts';

/** Owners are re-read after this long (HubSpot users are added or removed by admins, rarely). */
export const OWNER_CACHE_TTL_MS = 10 * 60 * 1000;

export interface OwnerCache {
  /** The portal's owners, from the cache when fresh. */
  get(portalId: number, gateway: CrmGateway): Promise<CrmOwner[]>;
  /** The cached owners without calling HubSpot, or null when none are fresh. */
  peek(portalId: number): CrmOwner[] | null;
}

/** Creates the cache (one per backend process). */
export function createOwnerCache(now: () => number, ttlMs = OWNER_CACHE_TTL_MS): OwnerCache {
  const cache = createTtlCache<number, CrmOwner[]>(now);
  const settled = new Map<number, CrmOwner[]>();
  return {
    get: (portalId, gateway) =>
      cache.get(portalId, ttlMs, () =>
        gateway.listOwners().then((list) => {
          settled.set(portalId, list);
          return list;
        }),
      ),
    peek: (portalId) => (cache.has(portalId, ttlMs) ? (settled.get(portalId) ?? null) : null),
  };
}
