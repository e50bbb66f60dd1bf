// The local portal's state: one in-memory CRM per HubSpot portal (records, property schema,
// associations and labels, owners, pipelines), with HubSpot's write rules applied at this level so
// the HTTP router, seeding and tests all meet the same behaviour. JSON-serialisable for snapshots.
// Composed of one part per concern under state/: records.ts (the record store and its write
// rules, values.ts for single values), objects.ts (the record API), associations.ts, schema.ts
// (properties and groups), owners-pipelines.ts; the object types themselves are declared in
// crm/objects/.
import { CrmApiError } from './crm/hubspot-error.ts';
import { createAssociations } from './state/associations.ts';
import type { PortalContext } from './state/context.ts';
import { toHistoryLog } from './state/history-log.ts';
import { createObjectMethods } from './state/objects.ts';
import { createOwnersAndPipelines } from './state/owners-pipelines.ts';
import { createPortalData } from './state/portal-data.ts';
import { createRecordStore } from './state/records.ts';
import { createSchema } from './state/schema.ts';
import type {
  PortalData,
  PortalRegistry,
  PortalRegistryOptions,
  PortalState,
  PropertyChangeEvent,
  RegistryData,
  WriteUnderRules,
} from './state/types.ts';

export type * from './state/types.ts';

/** Creates the registry of portals; every portal shares the clock and the change listener. */
export function createPortalRegistry(options: PortalRegistryOptions = {}): PortalRegistry {
  const clock = options.clock ?? (() => Date.now());
  const emit = options.onPropertyChange ?? (() => undefined);
  const checkWriteRules = options.checkWriteRules ?? (() => undefined);
  let data: RegistryData = { nextId: 1001, portals: [] };
  const portals = new Map<number, PortalState>();
  // Record ids are unique across portals, as HubSpot's are, so one portal's ids never resolve in another.
  const allocateId = (): number => data.nextId++;

  const wrapAll = (): void => {
    portals.clear();
    for (const portal of data.portals)
      portals.set(
        portal.portalId,
        createPortalState(portal, clock, emit, allocateId, checkWriteRules),
      );
  };

  return {
    get: (portalId) => portals.get(portalId),
    ensure(portalId) {
      const existing = portals.get(portalId);
      if (existing) return existing;
      const portal = createPortalData(portalId, clock(), allocateId);
      data.portals.push(portal);
      const state = createPortalState(portal, clock, emit, allocateId, checkWriteRules);
      portals.set(portalId, state);
      return state;
    },
    list: () => [...portals.values()].sort((a, b) => a.portalId - b.portalId),
    snapshot: () => structuredClone(data),
    restore(snapshot) {
      const candidate = snapshot as RegistryData;
      if (
        typeof candidate !== 'object' ||
        candidate === null ||
        typeof candidate.nextId !== 'number' ||
        !Array.isArray(candidate.portals)
      ) {
        throw new TypeError('restore: not a portal registry snapshot');
      }
      data = structuredClone(candidate);
      // Snapshots saved before the write log kept history per property: regrouped on load.
      for (const portal of data.portals)
        for (const records of Object.values(portal.records))
          for (const record of Object.values(records))
            record.history = toHistoryLog(record.history);
      wrapAll();
    },
  };
}

function createPortalState(
  data: PortalData,
  clock: () => number,
  emit: (event: PropertyChangeEvent) => void,
  allocateId: () => number,
  checkWriteRules: (portalId: number, write: WriteUnderRules) => void,
): PortalState {
  const context: PortalContext = {
    portalId: data.portalId,
    data,
    clock,
    emit,
    allocateId,
    checkWriteRules,
  };
  const records = createRecordStore(context);
  const associations = createAssociations(context, records);
  return {
    portalId: data.portalId,
    ...createObjectMethods(context, records, associations.internals),
    ...associations.methods,
    ...createSchema(context),
    ...createOwnersAndPipelines(context),
  };
}

export { CrmApiError };
