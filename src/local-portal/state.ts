// The local portal's state: one in-memory CRM per HubSpot portal (records, property schema,
// associations and labels, owners, pipelines), with HubSpot's write rules applied at this level so
// the HTTP router, seeding and tests all meet the same behaviour. JSON-serialisable for snapshots.
import {
  CrmApiError,
  createConflictError,
  createNotFoundError,
  createPropertyValuesError,
  createValidationError,
  type InvalidPropertyValue,
} from './crm/hubspot-error.ts';
import {
  HUBSPOT_DEFINED_TYPES,
  findDefaultType,
  listHubSpotDefinedTypes,
  type AssociationTypeKey,
} from './crm/association-types.ts';
import {
  CRM_OBJECT_TYPES,
  SINGULAR_NAMES,
  resolveObjectType,
  type CrmObjectType,
} from './crm/object-types.ts';
import {
  FIELD_TYPES_BY_TYPE,
  LIFECYCLE_STAGES,
  createStandardGroups,
  createStandardProperties,
  type PropertyDefinition,
  type PropertyGroup,
  type PropertyOption,
  type PropertyType,
} from './crm/property-definitions.ts';

export type { CrmObjectType } from './crm/object-types.ts';

/** Who made a change, as HubSpot's webhooks name it. */
export type ChangeSource = 'CRM_API' | 'CRM_UI';

/** The object types that raise change events (those HubSpot's legacy webhooks cover). */
export type EventObjectType = 'contact' | 'company' | 'deal';

interface ChangeEventBase {
  portalId: number;
  objectType: EventObjectType;
  objectId: number;
  occurredAt: number;
  changeSource: ChangeSource;
}

/** A property of a record got a new value (HubSpot's `*.propertyChange` webhook). */
export interface PropertyValueChangeEvent extends ChangeEventBase {
  kind: 'propertyChange';
  propertyName: string;
  propertyValue: string;
}

/** A record was created or archived (HubSpot's `*.creation` / `*.deletion` webhooks). */
export interface ObjectLifecycleEvent extends ChangeEventBase {
  kind: 'creation' | 'deletion';
  propertyName?: undefined;
  propertyValue?: undefined;
}

/** Every change the state reports to `onPropertyChange`; narrow on `kind`. */
export type PropertyChangeEvent = PropertyValueChangeEvent | ObjectLifecycleEvent;

/** One past value of a property (`propertiesWithHistory`). */
export interface PropertyHistoryEntry {
  value: string;
  timestamp: number;
  sourceType: string;
}

/** A stored CRM record. Properties hold only non-empty values, always as strings. */
export interface CrmRecord {
  id: string;
  objectType: CrmObjectType;
  properties: Record<string, string>;
  /** Oldest first. */
  history: Record<string, PropertyHistoryEntry[]>;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  archivedAt?: number;
}

/** A value a caller may write; HubSpot takes strings, numbers and booleans and stores strings. */
export type PropertyInputValue = string | number | boolean | null | undefined;

/** Property values to write, by property name. */
export type PropertyInput = Record<string, PropertyInputValue>;

/** One association type as written on an association (v4 `AssociationSpec`). */
export interface AssociationSpecInput {
  associationCategory: AssociationTypeKey['category'];
  associationTypeId: number;
}

/** An association given when a record is created (`associations` in the create body). */
export interface CreateAssociationInput {
  to: { id: string | number };
  types: AssociationSpecInput[];
}

/** Options of a write. `trusted` lets seeding set values HubSpot computes itself (analytics). */
export interface WriteOptions {
  changeSource?: ChangeSource;
  trusted?: boolean;
}

/** Options of a create. */
export interface CreateOptions extends WriteOptions {
  associations?: CreateAssociationInput[];
  /** Backdates the record (seeding); defaults to the clock. */
  createdAt?: number;
}

/** An association type as the v4 API shows it on an association or a label list. */
export interface AssociationTypeView {
  category: AssociationTypeKey['category'];
  typeId: number;
  label: string | null;
}

/** One associated record with every type that links to it. */
export interface AssociatedRecord {
  toObjectId: string;
  associationTypes: AssociationTypeView[];
}

/** A user-defined association label between two object types. */
export interface AssociationLabel {
  fromType: CrmObjectType;
  toType: CrmObjectType;
  name: string;
  label: string;
  inverseLabel?: string;
  typeId: number;
  inverseTypeId: number;
}

/** A HubSpot user who can own records (GET /crm/v3/owners). */
export interface Owner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userId: number;
  teams: { id: string; name: string; primary: boolean }[];
  createdAt: number;
  updatedAt: number;
  archived: boolean;
}

/** A pipeline stage; metadata values are strings as HubSpot returns them. */
export interface PipelineStage {
  id: string;
  label: string;
  displayOrder: number;
  metadata: Record<string, string>;
  archived: boolean;
}

/** A deals or leads pipeline. */
export interface Pipeline {
  id: string;
  label: string;
  displayOrder: number;
  stages: PipelineStage[];
  archived: boolean;
}

/** Input of a property creation (POST /crm/v3/properties/{objectType}). */
export interface PropertyCreateInput {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description?: string;
  options?: {
    label: string;
    value: string;
    displayOrder?: number;
    hidden?: boolean;
    description?: string;
  }[];
  displayOrder?: number;
  hasUniqueValue?: boolean;
  hidden?: boolean;
  formField?: boolean;
}

/** Input of a property update (PATCH); every field optional. */
export type PropertyUpdateInput = Partial<Omit<PropertyCreateInput, 'name' | 'hasUniqueValue'>>;

interface PortalData {
  portalId: number;
  records: Record<CrmObjectType, Record<string, CrmRecord>>;
  properties: Record<CrmObjectType, PropertyDefinition[]>;
  groups: Record<CrmObjectType, PropertyGroup[]>;
  /** `fromType|fromId` → `toType|toId` → `CATEGORY:typeId`[]. */
  associations: Record<string, Record<string, string[]>>;
  labels: AssociationLabel[];
  nextTypeId: number;
  owners: Owner[];
  pipelines: { deals: Pipeline[]; leads: Pipeline[] };
}

interface RegistryData {
  nextId: number;
  portals: PortalData[];
}

/** One portal's CRM, with HubSpot's rules; the programmatic API used by the router, seeding and tests. */
export interface PortalState {
  readonly portalId: number;
  /** Creates a record (validating properties and associations) and returns it. */
  createObject(
    type: CrmObjectType | string,
    properties: PropertyInput,
    options?: CreateOptions,
  ): CrmRecord;
  /** Runs every check of a write without applying it (batch calls are all-or-nothing on validation). */
  validateWrite(
    type: CrmObjectType | string,
    id: string | number | undefined,
    properties: PropertyInput,
    options?: WriteOptions & { idProperty?: string },
  ): void;
  /** Updates a record by id (or by a unique `idProperty`); throws HubSpot's 404 when absent. */
  updateObject(
    type: CrmObjectType | string,
    id: string | number,
    properties: PropertyInput,
    options?: WriteOptions & { idProperty?: string },
  ): CrmRecord;
  /** Reads a record by id (or by a unique `idProperty`); archived ones only when asked. */
  getObject(
    type: CrmObjectType | string,
    id: string | number,
    options?: { idProperty?: string; archived?: boolean },
  ): CrmRecord | undefined;
  /** Archives a record and drops its associations; false when there was none. */
  archiveObject(type: CrmObjectType | string, id: string | number, options?: WriteOptions): boolean;
  /** Every record of a type, ascending by id (active ones, or archived ones when asked). */
  listObjects(type: CrmObjectType | string, options?: { archived?: boolean }): CrmRecord[];
  /** Associates two records with the given types (`'default'` for the unlabeled default). */
  associate(
    fromType: CrmObjectType | string,
    fromId: string | number,
    toType: CrmObjectType | string,
    toId: string | number,
    types: AssociationSpecInput[] | 'default',
  ): void;
  /** Removes every association between two records (both directions). */
  removeAssociations(
    fromType: CrmObjectType | string,
    fromId: string | number,
    toType: CrmObjectType | string,
    toId: string | number,
  ): void;
  /** The records of `toType` associated with a record, with their types and labels. */
  listAssociations(
    fromType: CrmObjectType | string,
    fromId: string | number,
    toType: CrmObjectType | string,
  ): AssociatedRecord[];
  /** Association types from → to: HubSpot-defined ones and this portal's labels. */
  listAssociationTypes(
    fromType: CrmObjectType | string,
    toType: CrmObjectType | string,
  ): AssociationTypeView[];
  /** Creates a user-defined label; returns the types allocated for both directions. */
  createAssociationLabel(
    fromType: CrmObjectType | string,
    toType: CrmObjectType | string,
    input: { name: string; label: string; inverseLabel?: string },
  ): AssociationTypeView[];
  /** Renames a user-defined label (either direction's type id). */
  updateAssociationLabel(
    fromType: CrmObjectType | string,
    toType: CrmObjectType | string,
    input: { associationTypeId: number; label: string; inverseLabel?: string },
  ): void;
  /** Deletes a user-defined label and every association that used it. */
  removeAssociationLabel(
    fromType: CrmObjectType | string,
    toType: CrmObjectType | string,
    typeId: number,
  ): void;
  /** Active (or archived) property definitions of a type. */
  listProperties(
    type: CrmObjectType | string,
    options?: { archived?: boolean },
  ): PropertyDefinition[];
  /** One active property definition, if any. */
  getProperty(type: CrmObjectType | string, name: string): PropertyDefinition | undefined;
  /** Creates a custom property after HubSpot's checks (name, group, type/fieldType, options). */
  createProperty(type: CrmObjectType | string, input: PropertyCreateInput): PropertyDefinition;
  /** Updates a custom property (label, group, options, …). */
  updateProperty(
    type: CrmObjectType | string,
    name: string,
    input: PropertyUpdateInput,
  ): PropertyDefinition;
  /** Archives a custom property. */
  archiveProperty(type: CrmObjectType | string, name: string): void;
  /** Active property groups of a type. */
  listGroups(type: CrmObjectType | string): PropertyGroup[];
  /** One active property group, if any. */
  getGroup(type: CrmObjectType | string, name: string): PropertyGroup | undefined;
  /** Creates a property group; 409 when the name is taken. */
  createGroup(
    type: CrmObjectType | string,
    input: { name: string; label: string; displayOrder?: number },
  ): PropertyGroup;
  /** Updates a group's label or order. */
  updateGroup(
    type: CrmObjectType | string,
    name: string,
    input: { label?: string; displayOrder?: number },
  ): PropertyGroup;
  /** Archives a property group. */
  archiveGroup(type: CrmObjectType | string, name: string): void;
  /** The portal's owners (users who can own records). */
  listOwners(options?: { archived?: boolean }): Owner[];
  /** One owner by id. */
  getOwner(id: string | number): Owner | undefined;
  /** Adds an owner (seeding, tests). */
  addOwner(input: {
    email: string;
    firstName: string;
    lastName: string;
    teams?: { id: string; name: string }[];
  }): Owner;
  /** Pipelines of `deals` or `leads`. */
  listPipelines(type: CrmObjectType | string): Pipeline[];
  /** One pipeline by id. */
  getPipeline(type: CrmObjectType | string, pipelineId: string): Pipeline | undefined;
}

/** Every portal the local portal plays, by portal id. */
export interface PortalRegistry {
  /** The portal's state, if it exists. */
  get(portalId: number): PortalState | undefined;
  /** The portal's state, created empty (default owners, pipelines, standard properties) if new. */
  ensure(portalId: number): PortalState;
  /** Every portal, ascending by id. */
  list(): PortalState[];
  /** A JSON-serialisable copy of every portal. */
  snapshot(): unknown;
  /** Replaces every portal with a snapshot's. */
  restore(snapshot: unknown): void;
}

/** Options of the registry: the clock (epoch ms) and the change listener (webhooks). */
export interface PortalRegistryOptions {
  clock?: () => number;
  onPropertyChange?: (event: PropertyChangeEvent) => void;
  /**
   * The portal admin's validation rules (validation-rules.ts): called with every API write that
   * passed HubSpot's own checks, before it is applied; throws HubSpot's 400 to refuse it.
   */
  checkWriteRules?: (portalId: number, write: WriteUnderRules) => void;
}

/** A write as the validation rules see it: what it sets and the record as it would be after. */
export interface WriteUnderRules {
  objectType: CrmObjectType;
  creating: boolean;
  written: Readonly<Record<string, string>>;
  after: Readonly<Record<string, string>>;
}

const LAST_MODIFIED: Record<CrmObjectType, string[]> = {
  contacts: ['lastmodifieddate', 'hs_lastmodifieddate'],
  companies: ['hs_lastmodifieddate'],
  deals: ['hs_lastmodifieddate'],
  notes: ['hs_lastmodifieddate'],
  leads: ['hs_lastmodifieddate'],
  tasks: ['hs_lastmodifieddate'],
};

const EVENT_OBJECT_TYPES: Partial<Record<CrmObjectType, EventObjectType>> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
};

// Properties that only HubSpot itself sets; writes are rejected even for trusted callers.
const SYSTEM_PROPERTIES = new Set([
  'hs_object_id',
  'hs_createdate',
  'lastmodifieddate',
  'hs_lastmodifieddate',
]);

const DEFAULT_DEAL_PIPELINE = 'default';
// Leads pipeline and stage ids (unconfirmed): https://developers.hubspot.com/docs/api-reference/crm-leads-v3/guide
const DEFAULT_LEAD_PIPELINE = 'lead-pipeline-id';
const DEFAULT_LEAD_STAGE = 'new-stage-id';

function resolveType(raw: CrmObjectType | string): CrmObjectType {
  const type = resolveObjectType(String(raw));
  if (!type) throw createValidationError(`Unable to infer object type from: ${String(raw)}`);
  return type;
}

function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

function createDefaultPipelines(): PortalData['pipelines'] {
  // HubSpot's default sales pipeline and its stages with win probabilities.
  // https://knowledge.hubspot.com/object-settings/set-up-and-customize-pipelines
  const dealStages: [string, string, string, boolean][] = [
    ['appointmentscheduled', 'Appointment Scheduled', '0.2', false],
    ['qualifiedtobuy', 'Qualified To Buy', '0.4', false],
    ['presentationscheduled', 'Presentation Scheduled', '0.6', false],
    ['decisionmakerboughtin', 'Decision Maker Bought-In', '0.8', false],
    ['contractsent', 'Contract Sent', '0.9', false],
    ['closedwon', 'Closed Won', '1.0', true],
    ['closedlost', 'Closed Lost', '0.0', true],
  ];
  const leadStages: [string, string][] = [
    ['new-stage-id', 'New'],
    ['attempting-stage-id', 'Attempting'],
    ['connected-stage-id', 'Connected'],
    ['qualified-stage-id', 'Qualified'],
    ['unqualified-stage-id', 'Disqualified'],
  ];
  return {
    deals: [
      {
        id: DEFAULT_DEAL_PIPELINE,
        label: 'Sales Pipeline',
        displayOrder: 0,
        archived: false,
        stages: dealStages.map(([id, label, probability, isClosed], index) => ({
          id,
          label,
          displayOrder: index,
          archived: false,
          metadata: { isClosed: String(isClosed), probability },
        })),
      },
    ],
    leads: [
      {
        id: DEFAULT_LEAD_PIPELINE,
        label: 'Lead pipeline',
        displayOrder: 0,
        archived: false,
        stages: leadStages.map(([id, label], index) => ({
          id,
          label,
          displayOrder: index,
          archived: false,
          metadata: {
            isClosed: String(id === 'qualified-stage-id' || id === 'unqualified-stage-id'),
          },
        })),
      },
    ],
  };
}

function createPortalData(portalId: number, now: number, allocateId: () => number): PortalData {
  const records = {} as PortalData['records'];
  const properties = {} as PortalData['properties'];
  const groups = {} as PortalData['groups'];
  for (const type of CRM_OBJECT_TYPES) {
    records[type] = {};
    properties[type] = createStandardProperties(type);
    groups[type] = createStandardGroups(type);
  }
  const owner = (email: string, firstName: string, lastName: string): Owner => {
    const id = allocateId();
    return {
      id: String(id),
      email,
      firstName,
      lastName,
      userId: id + 5_000_000,
      teams: [],
      createdAt: now,
      updatedAt: now,
      archived: false,
    };
  };
  return {
    portalId,
    records,
    properties,
    groups,
    associations: {},
    labels: [],
    // Typeids of user-defined labels are allocated per portal, above HubSpot's defined ones.
    nextTypeId: 1001,
    owners: [owner(`admin@portal-${portalId}.example.com`, 'Portal', 'Admin')],
    pipelines: createDefaultPipelines(),
  };
}

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
      wrapAll();
    },
  };
}

interface NormalizedValue {
  value: string;
  problem?: InvalidPropertyValue;
}

function parseTimestamp(raw: string): number | undefined {
  if (/^-?\d+$/.test(raw)) return Number(raw);
  const parsed = Date.parse(raw);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function createPortalState(
  data: PortalData,
  clock: () => number,
  emit: (event: PropertyChangeEvent) => void,
  allocateId: () => number,
  checkWriteRules: (portalId: number, write: WriteUnderRules) => void,
): PortalState {
  const portalId = data.portalId;
  // Not serialised: rebuilt from the records, used for contact email uniqueness.
  const emailIndex = new Map<string, string>();
  for (const record of Object.values(data.records.contacts)) {
    if (!record.archived && record.properties.email)
      emailIndex.set(record.properties.email, record.id);
  }

  const activeProperty = (type: CrmObjectType, name: string): PropertyDefinition | undefined =>
    data.properties[type].find((property) => property.name === name && !property.archived);

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
    const property = activeProperty(type, idProperty);
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

  const optionValues = (
    type: CrmObjectType,
    property: PropertyDefinition,
    record: Partial<Record<string, string>>,
  ) => {
    if (property.name === 'hubspot_owner_id')
      return data.owners.filter((o) => !o.archived).map((o) => o.id);
    if (type === 'deals' && property.name === 'pipeline')
      return data.pipelines.deals.map((p) => p.id);
    if (type === 'leads' && property.name === 'hs_pipeline')
      return data.pipelines.leads.map((p) => p.id);
    if (type === 'deals' && property.name === 'dealstage') {
      const pipeline = data.pipelines.deals.find(
        (p) => p.id === (record.pipeline ?? DEFAULT_DEAL_PIPELINE),
      );
      return pipeline ? pipeline.stages.map((stage) => stage.id) : [];
    }
    if (type === 'leads' && property.name === 'hs_pipeline_stage') {
      const pipeline = data.pipelines.leads.find(
        (p) => p.id === (record.hs_pipeline ?? DEFAULT_LEAD_PIPELINE),
      );
      return pipeline ? pipeline.stages.map((stage) => stage.id) : [];
    }
    return property.options.map((option) => option.value);
  };

  // Normalises one value to the string HubSpot stores, or names the problem with HubSpot's code.
  const normalizeValue = (
    type: CrmObjectType,
    property: PropertyDefinition,
    raw: PropertyInputValue,
    pending: Partial<Record<string, string>>,
  ): NormalizedValue => {
    const value = raw === null || raw === undefined ? '' : String(raw).trim();
    if (value === '') return { value: '' };
    const name = property.name;
    const fail = (code: string, message: string): NormalizedValue => ({
      value,
      problem: { name, code, message },
    });
    switch (property.type as PropertyType) {
      case 'number': {
        const parsed = Number(value);
        if (!Number.isFinite(parsed))
          return fail('INVALID_INTEGER', `${value} is not a valid number`);
        return { value };
      }
      case 'bool':
        if (value !== 'true' && value !== 'false') {
          return fail(
            'INVALID_BOOLEAN',
            `${value} is not a valid boolean value; use true or false`,
          );
        }
        return { value };
      case 'datetime': {
        const ms = parseTimestamp(value);
        if (ms === undefined) return fail('INVALID_DATE', `${value} is not a valid datetime`);
        return { value: toIso(ms) };
      }
      case 'date': {
        // Date properties hold midnight UTC only.
        // https://developers.hubspot.com/docs/api/crm/properties (date formatting)
        const ms = parseTimestamp(value);
        if (ms === undefined) return fail('INVALID_DATE', `${value} is not a valid date`);
        if (ms % 86_400_000 !== 0) {
          return fail(
            'INVALID_DATE',
            `${value} is not a valid date: dates must be at midnight UTC`,
          );
        }
        return { value: toIso(ms).slice(0, 10) };
      }
      case 'enumeration': {
        const allowed = optionValues(type, property, pending);
        const values = property.fieldType === 'checkbox' ? value.split(';') : [value];
        const bad = values.find((candidate) => !allowed.includes(candidate));
        if (bad !== undefined) {
          return fail(
            'INVALID_OPTION',
            `${bad} was not one of the allowed options: [${allowed.map((option) => `label: "${option}"`).join(', ')}]`,
          );
        }
        return { value };
      }
      default:
        return { value: name === 'email' ? value.toLowerCase() : value };
    }
  };

  const emitFor = (
    record: CrmRecord,
    event:
      Omit<PropertyValueChangeEvent, keyof ChangeEventBase> | { kind: 'creation' | 'deletion' },
    changeSource: ChangeSource,
    at: number,
  ) => {
    const objectType = EVENT_OBJECT_TYPES[record.objectType];
    if (!objectType) return;
    emit({
      portalId,
      objectType,
      objectId: Number(record.id),
      occurredAt: at,
      changeSource,
      ...event,
    } as PropertyChangeEvent);
  };

  const lifecycleRank = (type: CrmObjectType, value: string): number | undefined => {
    if (value === 'other') return undefined;
    const standard = (LIFECYCLE_STAGES as readonly string[]).indexOf(value);
    if (standard >= 0) return standard;
    const options = activeProperty(type, 'lifecyclestage')?.options ?? [];
    const custom = options.findIndex((option) => option.value === value);
    return custom >= 0 ? LIFECYCLE_STAGES.length + custom : undefined;
  };

  // Validates and applies a write; returns the record. HubSpot validates every value before
  // applying any, so one bad value fails the whole write.
  const prepareWrite = (
    type: CrmObjectType,
    record: CrmRecord | undefined,
    input: PropertyInput,
    options: WriteOptions,
  ): { normalized: [string, string][]; pending: Record<string, string> } => {
    const current: Record<string, string> = record ? record.properties : {};
    const pending: Record<string, string> = { ...current };
    const problems: InvalidPropertyValue[] = [];
    const normalized: [string, string][] = [];
    // Pipeline first: the stage options depend on it.
    const names = Object.keys(input).sort(
      (a, b) =>
        Number(b === 'pipeline' || b === 'hs_pipeline') -
        Number(a === 'pipeline' || a === 'hs_pipeline'),
    );
    for (const name of names) {
      const property = activeProperty(type, name);
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
      const result = normalizeValue(type, property, input[name], pending);
      if (result.problem) problems.push(result.problem);
      else {
        pending[name] = result.value;
        normalized.push([name, result.value]);
      }
    }
    if (!record && (type === 'notes' || type === 'tasks') && !pending.hs_timestamp) {
      // Notes and tasks require hs_timestamp (a task's due date).
      // https://developers.hubspot.com/docs/api-reference/crm-notes-v3/guide
      // https://developers.hubspot.com/docs/api-reference/latest/crm/activities/tasks/guide
      problems.push({
        name: 'hs_timestamp',
        code: 'REQUIRED_PROPERTY',
        message: 'Property "hs_timestamp" is required',
      });
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
      if (!activeProperty(type, name)?.hasUniqueValue) continue;
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
  };

  const writeProperties = (
    type: CrmObjectType,
    record: CrmRecord | undefined,
    input: PropertyInput,
    options: WriteOptions,
    createdAt?: number,
  ): CrmRecord => {
    const now = clock();
    const changeSource = options.changeSource ?? 'CRM_API';
    const { normalized, pending } = prepareWrite(type, record, input, options);

    const target: CrmRecord =
      record ??
      (() => {
        const id = String(allocateId());
        const at = createdAt ?? now;
        const created: CrmRecord = {
          id,
          objectType: type,
          properties: {},
          history: {},
          createdAt: at,
          updatedAt: at,
          archived: false,
        };
        created.properties.hs_object_id = id;
        created.history.hs_object_id = [{ value: id, timestamp: at, sourceType: 'CALCULATED' }];
        const createdIso = toIso(at);
        const datesToSet = [
          'hs_createdate',
          ...(activeProperty(type, 'createdate') ? ['createdate'] : []),
        ];
        for (const name of datesToSet) {
          if (name === 'createdate' && pending.createdate) continue;
          created.properties[name] = createdIso;
          created.history[name] = [{ value: createdIso, timestamp: at, sourceType: 'CALCULATED' }];
        }
        if (type === 'deals' && !pending.pipeline)
          normalized.unshift(['pipeline', DEFAULT_DEAL_PIPELINE]);
        if (type === 'leads') {
          if (!pending.hs_pipeline) normalized.unshift(['hs_pipeline', DEFAULT_LEAD_PIPELINE]);
          if (!pending.hs_pipeline_stage)
            normalized.push(['hs_pipeline_stage', DEFAULT_LEAD_STAGE]);
        }
        data.records[type][id] = created;
        return created;
      })();
    const creating = !record;
    const at = creating ? target.createdAt : now;

    const changed: [string, string][] = [];
    const emailBefore = target.properties.email;
    for (const [name, value] of normalized) {
      const before = target.properties[name] ?? '';
      if (
        name === 'lifecyclestage' &&
        (type === 'contacts' || type === 'companies') &&
        before &&
        value
      ) {
        // Lifecycle stages only move forward on a plain write: the write succeeds, the value stays.
        // Clearing to "" first, then writing the earlier stage, moves it back.
        // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (lifecycle stage)
        const from = lifecycleRank(type, before);
        const to = lifecycleRank(type, value);
        if (from !== undefined && to !== undefined && to < from) continue;
      }
      if (before === value) continue;
      if (value === '') delete target.properties[name];
      else target.properties[name] = value;
      (target.history[name] ??= []).push({
        value,
        timestamp: at,
        sourceType: changeSource === 'CRM_UI' ? 'CRM_UI' : 'API',
      });
      changed.push([name, value]);
    }
    if (type === 'deals' && changed.some(([name]) => name === 'dealstage' || name === 'pipeline')) {
      const stage = data.pipelines.deals
        .find((p) => p.id === target.properties.pipeline)
        ?.stages.find((s) => s.id === target.properties.dealstage);
      if (stage) {
        target.properties.hs_deal_stage_probability = stage.metadata.probability ?? '0';
        target.properties.hs_is_closed = stage.metadata.isClosed ?? 'false';
      }
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
      for (const name of LAST_MODIFIED[type]) target.properties[name] = toIso(at);
    }
    if (creating) emitFor(target, { kind: 'creation' }, changeSource, at);
    for (const [propertyName, propertyValue] of changed) {
      emitFor(target, { kind: 'propertyChange', propertyName, propertyValue }, changeSource, at);
    }
    return target;
  };

  // Finds the association type `typeId` of category from → to, with its inverse and label.
  const resolveAssociationType = (
    from: CrmObjectType,
    to: CrmObjectType | undefined,
    spec: AssociationSpecInput,
  ):
    | {
        to: CrmObjectType;
        typeId: number;
        inverseTypeId: number;
        category: AssociationTypeKey['category'];
      }
    | undefined => {
    if (spec.associationCategory === 'HUBSPOT_DEFINED') {
      const found = HUBSPOT_DEFINED_TYPES.find(
        (type) =>
          type.from === from &&
          (to === undefined || type.to === to) &&
          type.typeId === spec.associationTypeId,
      );
      return (
        found && {
          to: found.to,
          typeId: found.typeId,
          inverseTypeId: found.inverseTypeId,
          category: 'HUBSPOT_DEFINED',
        }
      );
    }
    for (const label of data.labels) {
      if (
        label.fromType === from &&
        (to === undefined || label.toType === to) &&
        label.typeId === spec.associationTypeId
      ) {
        return {
          to: label.toType,
          typeId: label.typeId,
          inverseTypeId: label.inverseTypeId,
          category: 'USER_DEFINED',
        };
      }
      if (
        label.toType === from &&
        (to === undefined || label.fromType === to) &&
        label.inverseTypeId === spec.associationTypeId
      ) {
        return {
          to: label.fromType,
          typeId: label.inverseTypeId,
          inverseTypeId: label.typeId,
          category: 'USER_DEFINED',
        };
      }
    }
    return undefined;
  };

  const addEdge = (
    from: CrmObjectType,
    fromId: string,
    to: CrmObjectType,
    toId: string,
    key: string,
  ) => {
    const edges = (data.associations[`${from}|${fromId}`] ??= {});
    const types = (edges[`${to}|${toId}`] ??= []);
    if (!types.includes(key)) types.push(key);
  };

  const requireRecord = (type: CrmObjectType, id: string | number): CrmRecord => {
    const record = findRecord(type, id);
    if (!record)
      throw createNotFoundError(`No ${SINGULAR_NAMES[type]} with ID ${String(id)} exists`);
    return record;
  };

  const associate = (
    fromType: CrmObjectType,
    fromId: string,
    toType: CrmObjectType | undefined,
    toId: string,
    specs: AssociationSpecInput[],
  ): void => {
    for (const spec of specs) {
      const type = resolveAssociationType(fromType, toType, spec);
      if (!type) {
        throw createValidationError(
          `${spec.associationCategory} ${spec.associationTypeId} is not a valid association type from ${SINGULAR_NAMES[fromType]}${toType ? ` to ${SINGULAR_NAMES[toType]}` : ''}`,
        );
      }
      const target = findRecord(type.to, toId);
      if (!target)
        throw createValidationError(
          `No ${SINGULAR_NAMES[type.to]} with ID ${toId} exists to associate with`,
        );
      const source = requireRecord(fromType, fromId);
      addEdge(fromType, source.id, type.to, target.id, `${type.category}:${type.typeId}`);
      addEdge(type.to, target.id, fromType, source.id, `${type.category}:${type.inverseTypeId}`);
      // A labeled association implies the unlabeled default one, as in HubSpot's UI and API.
      const fallback = findDefaultType(fromType, type.to);
      if (fallback && (type.category !== 'HUBSPOT_DEFINED' || type.typeId !== fallback.typeId)) {
        addEdge(fromType, source.id, type.to, target.id, `HUBSPOT_DEFINED:${fallback.typeId}`);
        addEdge(
          type.to,
          target.id,
          fromType,
          source.id,
          `HUBSPOT_DEFINED:${fallback.inverseTypeId}`,
        );
      }
    }
  };

  const removeEdges = (from: CrmObjectType, fromId: string, to: CrmObjectType, toId: string) => {
    delete data.associations[`${from}|${fromId}`]?.[`${to}|${toId}`];
    delete data.associations[`${to}|${toId}`]?.[`${from}|${fromId}`];
  };

  const typeView = (from: CrmObjectType, to: CrmObjectType, key: string): AssociationTypeView => {
    const [category, id] = key.split(':') as [AssociationTypeKey['category'], string];
    const typeId = Number(id);
    if (category === 'HUBSPOT_DEFINED') {
      const found = HUBSPOT_DEFINED_TYPES.find(
        (type) => type.from === from && type.to === to && type.typeId === typeId,
      );
      return { category, typeId, label: found?.label ?? null };
    }
    const label = data.labels.find(
      (candidate) =>
        (candidate.fromType === from && candidate.toType === to && candidate.typeId === typeId) ||
        (candidate.fromType === to &&
          candidate.toType === from &&
          candidate.inverseTypeId === typeId),
    );
    const isInverse =
      label !== undefined &&
      label.fromType === to &&
      label.inverseTypeId === typeId &&
      !(label.fromType === from && label.typeId === typeId);
    return {
      category,
      typeId,
      label: label ? (isInverse ? (label.inverseLabel ?? label.label) : label.label) : null,
    };
  };

  const requireCustomProperty = (type: CrmObjectType, name: string): PropertyDefinition => {
    const property = activeProperty(type, name);
    if (!property)
      throw createNotFoundError(
        `Unable to find property ${name} for object type ${SINGULAR_NAMES[type]}`,
      );
    if (property.modificationMetadata.readOnlyDefinition) {
      throw createValidationError(
        `Property ${name} is a HubSpot defined property and cannot be modified`,
      );
    }
    return property;
  };

  const checkTypePair = (type: string, fieldType: string): void => {
    const allowed = FIELD_TYPES_BY_TYPE[type as PropertyType];
    if (!allowed) throw createValidationError(`Invalid property type: ${type}`);
    if (!allowed.includes(fieldType)) {
      // https://developers.hubspot.com/docs/api/crm/properties (Property type and fieldType values)
      throw createValidationError(
        `Invalid fieldType ${fieldType} for property type ${type}; valid field types are: ${allowed.join(', ')}`,
      );
    }
  };

  const toOptions = (type: string, input: PropertyCreateInput['options']): PropertyOption[] => {
    const options = (input ?? []).map((option, index) => ({
      label: option.label,
      value: option.value,
      displayOrder: option.displayOrder ?? index,
      hidden: option.hidden ?? false,
      ...(option.description !== undefined ? { description: option.description } : {}),
    }));
    if (type === 'bool' && options.length === 0) {
      return [
        { label: 'Yes', value: 'true', displayOrder: 0, hidden: false },
        { label: 'No', value: 'false', displayOrder: 1, hidden: false },
      ];
    }
    const seen = new Set<string>();
    for (const option of options) {
      if (seen.has(option.value))
        throw createValidationError(`Duplicate option value: ${option.value}`);
      seen.add(option.value);
    }
    return options;
  };

  const requireGroup = (type: CrmObjectType, name: string): PropertyGroup => {
    const group = data.groups[type].find(
      (candidate) => candidate.name === name && !candidate.archived,
    );
    if (!group)
      throw createValidationError(
        `Property group ${name} does not exist for object type ${SINGULAR_NAMES[type]}`,
      );
    return group;
  };

  const pipelinesOf = (raw: CrmObjectType | string): Pipeline[] => {
    const type = resolveType(raw);
    if (type !== 'deals' && type !== 'leads')
      throw createValidationError(`Object type ${type} has no pipelines`);
    return data.pipelines[type];
  };

  return {
    portalId,
    createObject(rawType, properties, options = {}) {
      const type = resolveType(rawType);
      // Check associations before creating, so a bad one leaves nothing behind.
      for (const association of options.associations ?? []) {
        for (const spec of association.types) {
          const resolved = resolveAssociationType(type, undefined, spec);
          if (!resolved) {
            throw createValidationError(
              `${spec.associationCategory} ${spec.associationTypeId} is not a valid association type from ${SINGULAR_NAMES[type]}`,
            );
          }
          if (!findRecord(resolved.to, association.to.id)) {
            throw createValidationError(
              `No ${SINGULAR_NAMES[resolved.to]} with ID ${String(association.to.id)} exists to associate with`,
            );
          }
        }
      }
      const record = writeProperties(type, undefined, properties, options, options.createdAt);
      for (const association of options.associations ?? []) {
        associate(type, record.id, undefined, String(association.to.id), association.types);
      }
      return record;
    },
    validateWrite(rawType, id, properties, options = {}) {
      const type = resolveType(rawType);
      const record = id === undefined ? undefined : findRecord(type, id, options.idProperty);
      prepareWrite(type, record, properties, options);
    },
    updateObject(rawType, id, properties, options = {}) {
      const type = resolveType(rawType);
      const record = findRecord(type, id, options.idProperty);
      if (!record)
        throw createNotFoundError(`No ${SINGULAR_NAMES[type]} with ID ${String(id)} exists`);
      return writeProperties(type, record, properties, options);
    },
    getObject(rawType, id, options = {}) {
      return findRecord(resolveType(rawType), id, options.idProperty, options.archived ?? false);
    },
    archiveObject(rawType, id, options = {}) {
      const type = resolveType(rawType);
      const record = findRecord(type, id);
      if (!record) return false;
      const now = clock();
      record.archived = true;
      record.archivedAt = now;
      record.updatedAt = now;
      if (type === 'contacts' && record.properties.email)
        emailIndex.delete(record.properties.email);
      const key = `${type}|${record.id}`;
      for (const other of Object.keys(data.associations[key] ?? {})) {
        delete data.associations[other]?.[key];
      }
      delete data.associations[key];
      emitFor(record, { kind: 'deletion' }, options.changeSource ?? 'CRM_API', now);
      return true;
    },
    listObjects(rawType, options = {}) {
      const archived = options.archived ?? false;
      return Object.values(data.records[resolveType(rawType)])
        .filter((record) => record.archived === archived)
        .sort((a, b) => Number(a.id) - Number(b.id));
    },
    associate(rawFrom, fromId, rawTo, toId, types) {
      const from = resolveType(rawFrom);
      const to = resolveType(rawTo);
      requireRecord(from, fromId);
      if (types === 'default') {
        const fallback = findDefaultType(from, to);
        if (!fallback)
          throw createValidationError(
            `No default association type from ${SINGULAR_NAMES[from]} to ${SINGULAR_NAMES[to]}`,
          );
        associate(from, String(fromId), to, String(toId), [
          { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: fallback.typeId },
        ]);
        return;
      }
      associate(from, String(fromId), to, String(toId), types);
    },
    removeAssociations(rawFrom, fromId, rawTo, toId) {
      removeEdges(resolveType(rawFrom), String(fromId), resolveType(rawTo), String(toId));
    },
    listAssociations(rawFrom, fromId, rawTo) {
      const from = resolveType(rawFrom);
      const to = resolveType(rawTo);
      const edges = data.associations[`${from}|${String(fromId)}`] ?? {};
      return Object.entries(edges)
        .filter(([key, types]) => key.startsWith(`${to}|`) && types.length > 0)
        .map(([key, types]) => ({
          toObjectId: key.slice(to.length + 1),
          associationTypes: types.map((type) => typeView(from, to, type)),
        }))
        .sort((a, b) => Number(a.toObjectId) - Number(b.toObjectId));
    },
    listAssociationTypes(rawFrom, rawTo) {
      const from = resolveType(rawFrom);
      const to = resolveType(rawTo);
      const defined = listHubSpotDefinedTypes(from, to).map((type) => ({
        category: 'HUBSPOT_DEFINED' as const,
        typeId: type.typeId,
        label: type.label,
      }));
      const custom = data.labels.flatMap((label): AssociationTypeView[] => {
        if (label.fromType === from && label.toType === to)
          return [{ category: 'USER_DEFINED', typeId: label.typeId, label: label.label }];
        if (label.fromType === to && label.toType === from) {
          return [
            {
              category: 'USER_DEFINED',
              typeId: label.inverseTypeId,
              label: label.inverseLabel ?? label.label,
            },
          ];
        }
        return [];
      });
      return [...defined, ...custom];
    },
    createAssociationLabel(rawFrom, rawTo, input) {
      const from = resolveType(rawFrom);
      const to = resolveType(rawTo);
      if (!findDefaultType(from, to))
        throw createValidationError(
          `${SINGULAR_NAMES[from]} and ${SINGULAR_NAMES[to]} cannot be associated`,
        );
      const clash = data.labels.find(
        (label) =>
          label.name === input.name &&
          ((label.fromType === from && label.toType === to) ||
            (label.fromType === to && label.toType === from)),
      );
      if (clash)
        throw createConflictError(
          `An association label named ${input.name} already exists between ${from} and ${to}`,
        );
      const typeId = data.nextTypeId++;
      const inverseTypeId = data.nextTypeId++;
      data.labels.push({
        fromType: from,
        toType: to,
        name: input.name,
        label: input.label,
        ...(input.inverseLabel ? { inverseLabel: input.inverseLabel } : {}),
        typeId,
        inverseTypeId,
      });
      return [
        { category: 'USER_DEFINED', typeId, label: input.label },
        {
          category: 'USER_DEFINED',
          typeId: inverseTypeId,
          label: input.inverseLabel ?? input.label,
        },
      ];
    },
    updateAssociationLabel(rawFrom, rawTo, input) {
      const from = resolveType(rawFrom);
      const to = resolveType(rawTo);
      const label = data.labels.find(
        (candidate) =>
          (candidate.fromType === from &&
            candidate.toType === to &&
            candidate.typeId === input.associationTypeId) ||
          (candidate.fromType === to &&
            candidate.toType === from &&
            candidate.inverseTypeId === input.associationTypeId),
      );
      if (!label)
        throw createNotFoundError(
          `No association label with type id ${input.associationTypeId} from ${from} to ${to}`,
        );
      if (label.fromType === from && label.typeId === input.associationTypeId) {
        label.label = input.label;
        if (input.inverseLabel !== undefined) label.inverseLabel = input.inverseLabel;
      } else {
        label.inverseLabel = input.label;
        if (input.inverseLabel !== undefined) label.label = input.inverseLabel;
      }
    },
    removeAssociationLabel(rawFrom, rawTo, typeId) {
      const from = resolveType(rawFrom);
      const to = resolveType(rawTo);
      const index = data.labels.findIndex(
        (candidate) =>
          (candidate.fromType === from && candidate.toType === to && candidate.typeId === typeId) ||
          (candidate.fromType === to &&
            candidate.toType === from &&
            candidate.inverseTypeId === typeId),
      );
      if (index < 0)
        throw createNotFoundError(
          `No association label with type id ${typeId} from ${from} to ${to}`,
        );
      const [label] = data.labels.splice(index, 1) as [AssociationLabel];
      const dropped = new Set([
        `USER_DEFINED:${label.typeId}`,
        `USER_DEFINED:${label.inverseTypeId}`,
      ]);
      for (const edges of Object.values(data.associations)) {
        for (const key of Object.keys(edges))
          edges[key] = (edges[key] ?? []).filter((type) => !dropped.has(type));
      }
    },
    listProperties(rawType, options = {}) {
      const archived = options.archived ?? false;
      return data.properties[resolveType(rawType)].filter(
        (property) => property.archived === archived,
      );
    },
    getProperty(rawType, name) {
      return activeProperty(resolveType(rawType), name);
    },
    createProperty(rawType, input) {
      const type = resolveType(rawType);
      if (!/^[a-z][a-z0-9_]*$/.test(input.name)) {
        throw createValidationError(
          `Property name ${input.name} must start with a lowercase letter and contain only lowercase letters, digits and underscores`,
        );
      }
      if (data.properties[type].some((property) => property.name === input.name)) {
        // https://developers.hubspot.com/docs/api/crm/properties (a name is unique per object)
        throw createConflictError(
          `Property named '${input.name}' already exists.`,
          'OBJECT_ALREADY_EXISTS',
        );
      }
      requireGroup(type, input.groupName);
      checkTypePair(input.type, input.fieldType);
      if (
        input.type === 'enumeration' &&
        input.fieldType !== 'booleancheckbox' &&
        (input.options ?? []).length === 0
      ) {
        throw createValidationError(`Enumeration property ${input.name} needs at least one option`);
      }
      const now = toIso(clock());
      const property: PropertyDefinition = {
        name: input.name,
        label: input.label,
        type: input.type as PropertyType,
        fieldType: input.fieldType,
        description: input.description ?? '',
        groupName: input.groupName,
        options: toOptions(input.type, input.options),
        displayOrder: input.displayOrder ?? -1,
        calculated: false,
        externalOptions: false,
        hasUniqueValue: input.hasUniqueValue ?? false,
        hidden: input.hidden ?? false,
        hubspotDefined: false,
        formField: input.formField ?? false,
        modificationMetadata: {
          archivable: true,
          readOnlyDefinition: false,
          readOnlyValue: false,
          readOnlyOptions: false,
        },
        createdAt: now,
        updatedAt: now,
        archived: false,
      };
      data.properties[type].push(property);
      return property;
    },
    updateProperty(rawType, name, input) {
      const type = resolveType(rawType);
      const property = requireCustomProperty(type, name);
      const nextType = input.type ?? property.type;
      const nextFieldType = input.fieldType ?? property.fieldType;
      checkTypePair(nextType, nextFieldType);
      if (input.groupName !== undefined) requireGroup(type, input.groupName);
      const options =
        input.options !== undefined ? toOptions(nextType, input.options) : property.options;
      Object.assign(property, {
        ...(input.label !== undefined ? { label: input.label } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.groupName !== undefined ? { groupName: input.groupName } : {}),
        ...(input.displayOrder !== undefined ? { displayOrder: input.displayOrder } : {}),
        ...(input.hidden !== undefined ? { hidden: input.hidden } : {}),
        ...(input.formField !== undefined ? { formField: input.formField } : {}),
        type: nextType,
        fieldType: nextFieldType,
        options,
        updatedAt: toIso(clock()),
      });
      return property;
    },
    archiveProperty(rawType, name) {
      const type = resolveType(rawType);
      const property = requireCustomProperty(type, name);
      property.archived = true;
      property.archivedAt = toIso(clock());
    },
    listGroups(rawType) {
      return data.groups[resolveType(rawType)].filter((group) => !group.archived);
    },
    getGroup(rawType, name) {
      return data.groups[resolveType(rawType)].find(
        (group) => group.name === name && !group.archived,
      );
    },
    createGroup(rawType, input) {
      const type = resolveType(rawType);
      if (!/^[a-z][a-z0-9_]*$/.test(input.name)) {
        throw createValidationError(
          `Group name ${input.name} must start with a lowercase letter and contain only lowercase letters, digits and underscores`,
        );
      }
      if (data.groups[type].some((group) => group.name === input.name && !group.archived)) {
        throw createConflictError(
          `Property group named '${input.name}' already exists.`,
          'OBJECT_ALREADY_EXISTS',
        );
      }
      const group: PropertyGroup = {
        name: input.name,
        label: input.label,
        displayOrder: input.displayOrder ?? -1,
        archived: false,
      };
      data.groups[type] = data.groups[type].filter((candidate) => candidate.name !== input.name);
      data.groups[type].push(group);
      return group;
    },
    updateGroup(rawType, name, input) {
      const type = resolveType(rawType);
      const group = data.groups[type].find(
        (candidate) => candidate.name === name && !candidate.archived,
      );
      if (!group)
        throw createNotFoundError(
          `Unable to find property group ${name} for object type ${SINGULAR_NAMES[type]}`,
        );
      if (input.label !== undefined) group.label = input.label;
      if (input.displayOrder !== undefined) group.displayOrder = input.displayOrder;
      return group;
    },
    archiveGroup(rawType, name) {
      const type = resolveType(rawType);
      const group = data.groups[type].find(
        (candidate) => candidate.name === name && !candidate.archived,
      );
      if (!group)
        throw createNotFoundError(
          `Unable to find property group ${name} for object type ${SINGULAR_NAMES[type]}`,
        );
      group.archived = true;
    },
    listOwners(options = {}) {
      const archived = options.archived ?? false;
      return data.owners.filter((owner) => owner.archived === archived);
    },
    getOwner(id) {
      return data.owners.find((owner) => owner.id === String(id));
    },
    addOwner(input) {
      const now = clock();
      const id = allocateId();
      const owner: Owner = {
        id: String(id),
        email: input.email.toLowerCase(),
        firstName: input.firstName,
        lastName: input.lastName,
        userId: id + 5_000_000,
        teams: (input.teams ?? []).map((team, index) => ({ ...team, primary: index === 0 })),
        createdAt: now,
        updatedAt: now,
        archived: false,
      };
      data.owners.push(owner);
      return owner;
    },
    listPipelines: (rawType) => pipelinesOf(rawType),
    getPipeline: (rawType, pipelineId) =>
      pipelinesOf(rawType).find((pipeline) => pipeline.id === pipelineId),
  };
}

export { CrmApiError };
