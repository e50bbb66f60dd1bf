// A portal's owners change rarely but are shown on every card (pickers, names), so they are read
// from HubSpot at most once per portal per TTL; concurrent readers share one request.
import type { CrmGateway, CrmOwner } from '../../hubspot/gateway.ts';

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
  const entries = new Map<number, { at: number; owners: Promise<CrmOwner[]> }>();
  const fresh = (portalId: number) => {
    const entry = entries.get(portalId);
    return entry && now() - entry.at < ttlMs ? entry : undefined;
  };
  const settled = new Map<number, CrmOwner[]>();
  return {
    get(portalId, gateway) {
      const entry = fresh(portalId);
      if (entry) return entry.owners;
      const owners = gateway.listOwners().then(
        (list) => {
          settled.set(portalId, list);
          return list;
        },
        (error: unknown) => {
          entries.delete(portalId);
          throw error;
        },
      );
      entries.set(portalId, { at: now(), owners });
      return owners;
    },
    peek(portalId) {
      return fresh(portalId) ? (settled.get(portalId) ?? null) : null;
    },
  };
}
