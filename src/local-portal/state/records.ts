// The records of one portal: lookup by id or unique property, and HubSpot's write rules (values
// validated all-or-nothing, read-only and system properties, required properties, unique values,
// the admin's validation rules, forward-only lifecycle stages, pipeline defaults), with the
// property history and the change events a write raises.
import {
  createConflictError,
  createNotFoundError,
  createPropertyValuesError,
  createValidationError,
  type InvalidPropertyValue,
} from '../crm/hubspot-error.ts';
import { SINGULAR_NAMES, type CrmObjectType } from '../crm/object-types.ts';
import {
  activeProperty,
  definitionOf,
  recordsChanged,
  toIso,
  type PortalContext,
} from './context.ts';
import type {
  ChangeEventBase,
  ChangeSource,
  CrmRecord,
  PropertyChangeEvent,
  PropertyInput,
  PropertyValueChangeEvent,
  WriteOptions,
} from './types.ts';
import { appendWrite } from './history-log.ts';
import { lifecycleRank, normalizeValue } from './values.ts';

// Properties that only HubSpot itself sets; writes are rejected even for trusted callers.
const SYSTEM_PROPERTIES = new Set([
  'hs_object_id',
  'hs_createdate',
  'lastmodifieddate',
  'hs_lastmodifieddate',
]);

/** The record store's operations, shared by the parts that read or write records. */
export interface RecordStore {
  findRecord(
    type: CrmObjectType,
    id: string | number,
    idProperty?: string,
    archived?: boolean,
  ): CrmRecord | undefined;
  requireRecord(type: CrmObjectType, id: string | number): CrmRecord;
  prepareWrite(
    type: CrmObjectType,
    record: CrmRecord | undefined,
    input: PropertyInput,
    options: WriteOptions,
  ): { normalized: [string, string][]; pending: Record<string, string> };
  writeProperties(
    type: CrmObjectType,
    record: CrmRecord | undefined,
    input: PropertyInput,
    options: WriteOptions,
    createdAt?: number,
  ): CrmRecord;
  /** Marks a record archived (the caller drops its associations) and raises the deletion event. */
  archiveRecord(record: CrmRecord, changeSource: ChangeSource): void;
}

function emitFor(
  context: PortalContext,
  record: CrmRecord,
  event: Omit<PropertyValueChangeEvent, keyof ChangeEventBase> | { kind: 'creation' | 'deletion' },
  changeSource: ChangeSource,
  at: number,
): void {
  const objectType = definitionOf(record.objectType).eventType;
  if (!objectType) return;
  context.emit({
    portalId: context.portalId,
    objectType,
    objectId: Number(record.id),
    occurredAt: at,
    changeSource,
    ...event,
  } as PropertyChangeEvent);
}

// Validates and applies a write; returns the record. HubSpot validates every value before
// applying any, so one bad value fails the whole write.
function prepareWrite(
  context: PortalContext,
  emailIndex: ReadonlyMap<string, string>,
  type: CrmObjectType,
  record: CrmRecord | undefined,
  input: PropertyInput,
  options: WriteOptions,
): { normalized: [string, string][]; pending: Record<string, string> } {
  const { data, portalId, checkWriteRules } = context;
  const definition = definitionOf(type);
  const current: Record<string, string> = record ? record.properties : {};
  const pending: Record<string, string> = { ...current };
  const problems: InvalidPropertyValue[] = [];
  const normalized: [string, string][] = [];
  // Pipeline first: the stage options depend on it.
  const pipelineProperty = definition.pipelines?.pipelineProperty;
  const names = Object.keys(input).sort(
    (a, b) => Number(b === pipelineProperty) - Number(a === pipelineProperty),
  );
  for (const name of names) {
    const property = activeProperty(data, type, name);
    if (!property) {
      problems.push({
        name,
        code: 'PROPERTY_DOESNT_EXIST',
        message: `Property "${name}" does not exist`,
      });
      continue;
    }
    const writable =
      !SYSTEM_PROPERTIES.has(name) &&
      (!property.modificationMetadata.readOnlyValue || options.trusted === true);
    if (!writable) {
      problems.push({
        name,
        code: 'READ_ONLY_VALUE',
        message: `"${name}" is a read only property; its value cannot be set.`,
      });
      continue;
    }
    const result = normalizeValue(data, type, property, input[name], pending);
    if (result.problem) problems.push(result.problem);
    else {
      pending[name] = result.value;
      normalized.push([name, result.value]);
    }
  }
  for (const name of record ? [] : (definition.requiredOnCreate ?? [])) {
    // e.g. notes require hs_timestamp (crm/objects/notes.ts).
    if (!pending[name]) {
      problems.push({
        name,
        code: 'REQUIRED_PROPERTY',
        message: `Property "${name}" is required`,
      });
    }
  }
  if (problems.length > 0) throw createPropertyValuesError(portalId, problems);
  // Admin validation rules bind API writes only (HubSpot 2026-09); seeding and UI edits skip them.
  if (!options.trusted && (options.changeSource ?? 'CRM_API') === 'CRM_API') {
    checkWriteRules(portalId, {
      objectType: type,
      creating: !record,
      written: Object.fromEntries(normalized),
      after: pending,
    });
  }

  const email = pending.email;
  if (type === 'contacts' && email) {
    const holder = emailIndex.get(email);
    if (holder && holder !== record?.id) {
      // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (email is unique)
      throw createConflictError(`Contact already exists. Existing ID: ${holder}`);
    }
  }
  // A custom property created with hasUniqueValue holds each value on one record only: a second
  // record with the value is refused (https://developers.hubspot.com/docs/api/crm/properties,
  // hasUniqueValue). HubSpot's exact wording is unconfirmed; the code names the cause.
  for (const [name, value] of normalized) {
    if (value === '' || name === 'email' || name === 'hs_object_id') continue;
    if (!activeProperty(data, type, name)?.hasUniqueValue) continue;
    const holder = Object.values(data.records[type]).find(
      (other) => !other.archived && other.id !== record?.id && other.properties[name] === value,
    );
    if (holder) {
      throw createPropertyValuesError(portalId, [
        {
          name,
          code: 'INVALID_UNIQUE_VALUE',
          message: `"${name}" already has that value on ${SINGULAR_NAMES[type]} ${holder.id}; its values are unique.`,
        },
      ]);
    }
  }
  return { normalized, pending };
}

// A new record with the properties HubSpot sets on creation (id, create dates); adds the default
// pipeline and stage to the write when it names none.
function createRecord(
  context: PortalContext,
  type: CrmObjectType,
  pending: Record<string, string>,
  normalized: [string, string][],
  at: number,
): CrmRecord {
  const { data } = context;
  const definition = definitionOf(type);
  const id = String(context.allocateId());
  const created: CrmRecord = {
    id,
    objectType: type,
    properties: {},
    history: [],
    createdAt: at,
    updatedAt: at,
    archived: false,
  };
  created.properties.hs_object_id = id;
  const calculated: [string, string][] = [['hs_object_id', id]];
  const createdIso = toIso(at);
  const datesToSet = [
    'hs_createdate',
    ...(activeProperty(data, type, 'createdate') ? ['createdate'] : []),
  ];
  for (const name of datesToSet) {
    if (name === 'createdate' && pending.createdate) continue;
    created.properties[name] = createdIso;
    calculated.push([name, createdIso]);
  }
  appendWrite(created.history, at, 'CALCULATED', calculated);
  const pipelines = definition.pipelines;
  if (pipelines && !pending[pipelines.pipelineProperty])
    normalized.unshift([pipelines.pipelineProperty, pipelines.defaultPipelineId]);
  if (pipelines?.defaultStageId && !pending[pipelines.stageProperty])
    normalized.push([pipelines.stageProperty, pipelines.defaultStageId]);
  data.records[type][id] = created;
  recordsChanged(data.records[type]);
  return created;
}

/** Creates the record store of one portal. */
export function createRecordStore(context: PortalContext): RecordStore {
  const { data, clock } = context;
  // Not serialised: rebuilt from the records, used for contact email uniqueness.
  const emailIndex = new Map<string, string>();
  for (const record of Object.values(data.records.contacts)) {
    if (!record.archived && record.properties.email)
      emailIndex.set(record.properties.email, record.id);
  }

  const findRecord = (
    type: CrmObjectType,
    id: string | number,
    idProperty?: string,
    archived = false,
  ): CrmRecord | undefined => {
    const key = String(id);
    if (!idProperty || idProperty === 'hs_object_id') {
      const record = data.records[type][key];
      return record && record.archived === archived ? record : undefined;
    }
    const property = activeProperty(data, type, idProperty);
    if (!property || !(property.hasUniqueValue || idProperty === 'email')) {
      throw createValidationError(`${idProperty} is not a unique identifier property`);
    }
    const wanted = idProperty === 'email' ? key.toLowerCase() : key;
    if (type === 'contacts' && idProperty === 'email' && !archived) {
      const found = emailIndex.get(wanted);
      return found ? data.records.contacts[found] : undefined;
    }
    return Object.values(data.records[type]).find(
      (record) => record.archived === archived && record.properties[idProperty] === wanted,
    );
  };

  const prepare: RecordStore['prepareWrite'] = (type, record, input, options) =>
    prepareWrite(context, emailIndex, type, record, input, options);

  const writeProperties = (
    type: CrmObjectType,
    record: CrmRecord | undefined,
    input: PropertyInput,
    options: WriteOptions,
    createdAt?: number,
  ): CrmRecord => {
    const now = clock();
    const definition = definitionOf(type);
    const changeSource = options.changeSource ?? 'CRM_API';
    const { normalized, pending } = prepare(type, record, input, options);

    const target: CrmRecord =
      record ?? createRecord(context, type, pending, normalized, createdAt ?? now);
    const creating = !record;
    const at = creating ? target.createdAt : now;

    const changed: [string, string][] = [];
    const emailBefore = target.properties.email;
    for (const [name, value] of normalized) {
      const before = target.properties[name] ?? '';
      const lifecycle = definition.forwardOnlyLifecycleProperty;
      if (name === lifecycle && before && value) {
        // Lifecycle stages only move forward on a plain write: the write succeeds, the value stays.
        // Clearing to "" first, then writing the earlier stage, moves it back.
        // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (lifecycle stage)
        const from = lifecycleRank(data, type, lifecycle, before);
        const to = lifecycleRank(data, type, lifecycle, value);
        if (from !== undefined && to !== undefined && to < from) continue;
      }
      if (before === value) continue;
      if (value === '') delete target.properties[name];
      else target.properties[name] = value;
      changed.push([name, value]);
    }
    appendWrite(target.history, at, changeSource === 'CRM_UI' ? 'CRM_UI' : 'API', changed);
    const pipelines = definition.pipelines;
    if (
      pipelines?.stageDerivedProperties &&
      changed.some(
        ([name]) => name === pipelines.stageProperty || name === pipelines.pipelineProperty,
      )
    ) {
      const stage = (data.pipelines[type] ?? [])
        .find((p) => p.id === target.properties[pipelines.pipelineProperty])
        ?.stages.find((s) => s.id === target.properties[pipelines.stageProperty]);
      if (stage) Object.assign(target.properties, pipelines.stageDerivedProperties(stage));
    }
    if (type === 'contacts') {
      if (
        emailBefore &&
        emailBefore !== target.properties.email &&
        emailIndex.get(emailBefore) === target.id
      ) {
        emailIndex.delete(emailBefore);
      }
      if (target.properties.email) emailIndex.set(target.properties.email, target.id);
    }
    if (creating || changed.length > 0) {
      target.updatedAt = at;
      for (const name of definition.lastModified) target.properties[name] = toIso(at);
    }
    if (creating) emitFor(context, target, { kind: 'creation' }, changeSource, at);
    for (const [propertyName, propertyValue] of changed) {
      emitFor(
        context,
        target,
        { kind: 'propertyChange', propertyName, propertyValue },
        changeSource,
        at,
      );
    }
    return target;
  };

  const requireRecord = (type: CrmObjectType, id: string | number): CrmRecord => {
    const record = findRecord(type, id);
    if (!record)
      throw createNotFoundError(`No ${SINGULAR_NAMES[type]} with ID ${String(id)} exists`);
    return record;
  };

  const archiveRecord = (record: CrmRecord, changeSource: ChangeSource): void => {
    const now = clock();
    record.archived = true;
    record.archivedAt = now;
    record.updatedAt = now;
    recordsChanged(context.data.records[record.objectType]);
    if (record.objectType === 'contacts' && record.properties.email)
      emailIndex.delete(record.properties.email);
    emitFor(context, record, { kind: 'deletion' }, changeSource, now);
  };

  return { findRecord, requireRecord, prepareWrite: prepare, writeProperties, archiveRecord };
}
