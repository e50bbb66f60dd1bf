// The types of the local portal's state (state.ts): stored records, the portal's programmatic API
// and the change events it reports.
import type { AssociationTypeKey } from '../crm/association-types.ts';
import type { EventObjectType, Pipeline } from '../crm/objects/define.ts';
import type { CrmObjectType } from '../crm/object-types.ts';
import type { PropertyDefinition, PropertyGroup } from '../crm/property-definitions.ts';
import type { HistoryLog } from './history-log.ts';

export type { CrmObjectType } from '../crm/object-types.ts';
export type { EventObjectType, Pipeline, PipelineStage } from '../crm/objects/define.ts';

/** Who made a change, as HubSpot's webhooks name it. */
export type ChangeSource = 'CRM_API' | 'CRM_UI';

/** What every change event carries. */
export interface ChangeEventBase {
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
  /** Every past value, as one write log, oldest first (history-log.ts). */
  history: HistoryLog;
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

/** One portal's stored data; JSON-serialisable (snapshots). */
export interface PortalData {
  portalId: number;
  records: Record<CrmObjectType, Record<string, CrmRecord>>;
  properties: Record<CrmObjectType, PropertyDefinition[]>;
  groups: Record<CrmObjectType, PropertyGroup[]>;
  /** `fromType|fromId` → `toType|toId` → `CATEGORY:typeId`[]. */
  associations: Record<string, Record<string, string[]>>;
  labels: AssociationLabel[];
  nextTypeId: number;
  owners: Owner[];
  /** By object type, for the types with pipelines (crm/objects/*.ts, `pipelines`). */
  pipelines: Partial<Record<CrmObjectType, Pipeline[]>>;
}

/** Every portal's stored data and the id counter shared by them. */
export interface RegistryData {
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
  /** Every record of a type, ascending by id (active ones, or archived ones when asked); the same
   * array until a record of the type is created or archived, so callers never change it. */
  listObjects(type: CrmObjectType | string, options?: { archived?: boolean }): readonly CrmRecord[];
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
