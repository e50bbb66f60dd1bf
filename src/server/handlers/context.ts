// What every handler receives: the portal (taken from HubSpot's signed query, never from a body),
// the acting HubSpot user, that portal's gateway and settings, the store and the time.
// Handlers are transport-agnostic: (input, context) → output, mounted by express for the
// marketplace form and callable from elsewhere (workflow actions, jobs, tests).
import type { Settings } from '../../domain/settings.ts';
import type { CrmGateway, CrmOwner } from '../../hubspot/gateway.ts';
import type { Store } from '../../store/store.ts';
import type { Logger } from '../../runtime/logger.ts';

export interface HandlerContext {
  portalId: number;
  /** HubSpot user id of the person acting, or 'workflow' / 'system'. */
  userId: string;
  gateway: CrmGateway;
  store: Store;
  settings: Settings;
  now: Date;
  logger: Logger;
  /** The portal's owners, cached per portal (see ../read-models/owner-cache.ts). */
  listOwners: () => Promise<CrmOwner[]>;
}
