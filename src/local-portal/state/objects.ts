// The record operations of one portal's API: create (with associations), update, validate,
// read, archive and list, over the record store and the associations.
import { createNotFoundError, createValidationError } from '../crm/hubspot-error.ts';
import { SINGULAR_NAMES } from '../crm/object-types.ts';
import type { AssociationInternals } from './associations.ts';
import { membershipVersion, resolveType, type PortalContext } from './context.ts';
import type { RecordStore } from './records.ts';
import type { CrmRecord, PortalState } from './types.ts';

/** The record operations of PortalState. */
export type ObjectMethods = Pick<
  PortalState,
  'createObject' | 'validateWrite' | 'updateObject' | 'getObject' | 'archiveObject' | 'listObjects'
>;

/** Creates the record operations of one portal. */
export function createObjectMethods(
  context: PortalContext,
  records: RecordStore,
  associations: AssociationInternals,
): ObjectMethods {
  const { data } = context;
  // The last listing per record map and archived flag, valid while the map's membership version
  // is the same (records change in place; only a create or an archive changes who is listed).
  const listings = new WeakMap<
    object,
    Record<'active' | 'archived', { version: number; list: readonly CrmRecord[] } | undefined>
  >();
  return {
    createObject(rawType, properties, options = {}) {
      const type = resolveType(rawType);
      // Check associations before creating, so a bad one leaves nothing behind.
      for (const association of options.associations ?? []) {
        for (const spec of association.types) {
          const resolved = associations.resolveAssociationType(type, undefined, spec);
          if (!resolved) {
            throw createValidationError(
              `${spec.associationCategory} ${spec.associationTypeId} is not a valid association type from ${SINGULAR_NAMES[type]}`,
            );
          }
          if (!records.findRecord(resolved.to, association.to.id)) {
            throw createValidationError(
              `No ${SINGULAR_NAMES[resolved.to]} with ID ${String(association.to.id)} exists to associate with`,
            );
          }
        }
      }
      const record = records.writeProperties(
        type,
        undefined,
        properties,
        options,
        options.createdAt,
      );
      for (const association of options.associations ?? []) {
        associations.associate(
          type,
          record.id,
          undefined,
          String(association.to.id),
          association.types,
        );
      }
      return record;
    },
    validateWrite(rawType, id, properties, options = {}) {
      const type = resolveType(rawType);
      const record =
        id === undefined ? undefined : records.findRecord(type, id, options.idProperty);
      records.prepareWrite(type, record, properties, options);
    },
    updateObject(rawType, id, properties, options = {}) {
      const type = resolveType(rawType);
      const record = records.findRecord(type, id, options.idProperty);
      if (!record)
        throw createNotFoundError(`No ${SINGULAR_NAMES[type]} with ID ${String(id)} exists`);
      return records.writeProperties(type, record, properties, options);
    },
    getObject(rawType, id, options = {}) {
      return records.findRecord(
        resolveType(rawType),
        id,
        options.idProperty,
        options.archived ?? false,
      );
    },
    archiveObject(rawType, id, options = {}) {
      const type = resolveType(rawType);
      const record = records.findRecord(type, id);
      if (!record) return false;
      associations.forgetRecord(type, record.id);
      records.archiveRecord(record, options.changeSource ?? 'CRM_API');
      return true;
    },
    listObjects(rawType, options = {}) {
      const archived = options.archived ?? false;
      const records = data.records[resolveType(rawType)];
      const version = membershipVersion(records);
      const cached = listings.get(records) ?? { active: undefined, archived: undefined };
      listings.set(records, cached);
      const key = archived ? 'archived' : 'active';
      const hit = cached[key];
      if (hit && hit.version === version) return hit.list;
      const list = Object.values(records).filter((record) => record.archived === archived);
      // Ascending by id. Records are keyed by their numeric id, and integer keys enumerate in
      // ascending order, so the list is normally sorted already: check in one pass rather than
      // sort 100,000 records on every search (a sort that blocked the event loop for tens of ms).
      let sorted = true;
      for (let index = 1; index < list.length && sorted; index += 1)
        if (Number(list[index - 1]!.id) > Number(list[index]!.id)) sorted = false;
      if (!sorted) list.sort((a, b) => Number(a.id) - Number(b.id));
      cached[key] = { version, list };
      return list;
    },
  };
}
