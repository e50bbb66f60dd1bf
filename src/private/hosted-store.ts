// The Store port kept inside HubSpot, for the private (static-auth) form: no database of ours, every
// record a CRM record of the app's state object (src/private/state-records.ts).
//
// Atomicity: HubSpot has no transactions and no conditional update. The one atomic primitive is
// record creation with a unique-value property: of two creates with the same `op_state_key`, HubSpot
// accepts one (https://developers.hubspot.com/docs/api/crm/properties, hasUniqueValue). So:
// - "each event id once, ever" is a create of `event|portal|id`;
// - every read-modify-write (settings compare-and-set, callback claims, jobs, round robin,
//   installations) runs under `withLock`, which is an in-process keyed mutex (serialises one
//   function instance) plus a lease record `lock|key` created through that same primitive
//   (serialises concurrent instances), deleted on release and taken over once its lease expired.
// The local portal refuses a second record with a hasUniqueValue property's value, as HubSpot does
// (since issue 13); the contract tests still run one instance, so the cross-instance half is not
// exercised there; docs/private-distribution.md lists this trade-off.
//
// One module per concern under ./hosted/ (installations and settings, deliveries, operations, jobs,
// drafts).
import { DRAFT_MAX_AGE_MS, assembleStore } from '../store/store.ts';
import type { MaintenanceStore, Store, StoreParts } from '../store/store.ts';
import { createHostedContext, parse } from './hosted/context.ts';
import type { HostedContext, HostedStoreOptions } from './hosted/context.ts';
import { deliveryMethods } from './hosted/deliveries.ts';
import { draftMethods } from './hosted/drafts.ts';
import { installationMethods } from './hosted/installations.ts';
import { jobMethods } from './hosted/jobs.ts';
import { operationMethods } from './hosted/operations.ts';

export { DEFAULT_LOCK_LEASE_MS } from './hosted/context.ts';
export type { HostedStoreOptions } from './hosted/context.ts';

/** Privacy erasure, uninstall and pruning: scans for the records to remove. */
function maintenanceMethods({ records, now, removeAll }: HostedContext): MaintenanceStore {
  return {
    async eraseContact(portalId, contactId) {
      const subject = `contact:${contactId}`;
      const callbacks = await records.scan({ kind: 'callback', portalId, subject });
      const operations = await records.scan({ kind: 'operation', portalId, subject });
      return { callbacks: await removeAll(callbacks), operations: await removeAll(operations) };
    },

    async deleteInstallationData(portalId) {
      await removeAll(await records.scan({ portalId }));
    },

    async pruneBefore(before) {
      const events = await records.scan({ kind: 'event', before });
      const callbacks = await records.scan({ kind: 'callback', status: 'done', before });
      const operations = await records.scan({ kind: 'operation', status: 'done', before });
      const signatures = (await records.scan({ kind: 'signature' })).filter(
        (record) => parse<{ expiresAt: number }>(record).expiresAt <= now(),
      );
      const drafts = await records.scan({ kind: 'draft', before: now() - DRAFT_MAX_AGE_MS });
      return removeAll([...events, ...callbacks, ...operations, ...signatures, ...drafts]);
    },
  };
}

const HOSTED_STORE_PARTS: StoreParts<HostedContext> = {
  installations: installationMethods,
  deliveries: deliveryMethods,
  operations: operationMethods,
  jobs: jobMethods,
  drafts: draftMethods,
  maintenance: maintenanceMethods,
};

/** Creates the Store over HubSpot-hosted state records. */
export function createHubSpotHostedStore(options: HostedStoreOptions): Store {
  const context = createHostedContext(options);
  return assembleStore(context, HOSTED_STORE_PARTS, {
    withLock: context.withLock,
    async close() {
      // Nothing to release: every call is a stateless HTTPS request.
    },
  });
}
