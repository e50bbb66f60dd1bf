// The CRM gateway PORT: everything the product asks of one HubSpot portal, in the product's own
// terms. No @hubspot/api-client type crosses this boundary; src/hubspot/hubspot-gateway.ts is the
// adapter. Every method may throw the typed errors of src/hubspot/errors.ts.
import type { BuyingRole } from '../domain/properties.ts';
import type { RequestLane } from './rate-limiter.ts';
import type { ContactLink, ReportsToTypes } from './crm/account.ts';

export type { ContactLink, ReportsToTypes };

/** CRM object types the product reads and writes (HubSpot's plural API names). */
export type CrmObjectType = 'contacts' | 'companies' | 'deals' | 'leads' | 'notes' | 'tasks';

/** Property values as HubSpot stores them: strings, or null when unset. */
export type CrmProperties = Record<string, string | null>;

/** One CRM record. */
export interface CrmRecord {
  id: string;
  properties: CrmProperties;
}

/** A contact associated with a deal, with the association types that connect them. */
export interface DealContactAssociation {
  id: string;
  /**
   * Association label names. From the single v3 read these are the association type names HubSpot
   * returns (`deal_to_contact`, plus one entry per label); with `withAssociationLabels` they are the
   * v4 display labels of the labelled types (unlabelled types carry none).
   */
  labels: string[];
  /** Numeric association type ids; only filled by the v4 read (`withAssociationLabels`). */
  typeIds: number[];
}

/** A deal with its associated contacts and companies. */
export interface DealWithAssociations extends CrmRecord {
  contacts: DealContactAssociation[];
  companies: { id: string }[];
}

/** Search operators HubSpot understands. https://developers.hubspot.com/docs/api/crm/search */
export type SearchOperator =
  | 'EQ'
  | 'NEQ'
  | 'LT'
  | 'LTE'
  | 'GT'
  | 'GTE'
  | 'BETWEEN'
  | 'IN'
  | 'NOT_IN'
  | 'HAS_PROPERTY'
  | 'NOT_HAS_PROPERTY'
  | 'CONTAINS_TOKEN'
  | 'NOT_CONTAINS_TOKEN';

/** One search condition. */
export interface SearchFilter {
  propertyName: string;
  operator: SearchOperator;
  value?: string;
  values?: string[];
  highValue?: string;
}

/** Conditions joined with AND; groups are joined with OR (HubSpot allows ≤ 5 groups, 25 filters). */
export interface SearchFilterGroup {
  filters: SearchFilter[];
}

export interface SearchSort {
  propertyName: string;
  direction: 'ASCENDING' | 'DESCENDING';
}

/** How one search is sent. */
export interface SearchOptions {
  /**
   * Called when the portal's budget grants the search, just before it is sent (again on a retry):
   * how long it has been on its way since is HubSpot's latency, without the wait for a slot.
   */
  onSent?: () => void;
}

/** One search request: one page of at most 200 results. */
export interface SearchRequest {
  filterGroups: SearchFilterGroup[];
  sorts?: SearchSort[];
  properties?: string[];
  /** 1–200. */
  limit?: number;
  /** The paging cursor HubSpot returned with the previous page. */
  after?: string;
  /**
   * Free text HubSpot matches against the object's default searchable properties (contacts: name,
   * email, phone, company) — https://developers.hubspot.com/docs/api/crm/search#search-default-searchable-properties
   */
  query?: string;
}

/** One page of search results. */
export interface SearchPage {
  /** How many records match in total (as HubSpot counts them). */
  total: number;
  results: CrmRecord[];
  /** Cursor for the next page; absent on the last page. */
  after?: string;
}

/** A search over every matching record, however many. */
export interface SearchAllRequest {
  /** Conditions joined with AND (one group, so the id partition can be added to it). */
  filters: SearchFilter[];
  properties?: string[];
}

/** One failed item of a batch call. */
export interface BatchItemError {
  message: string;
  category?: string;
  /** The record ids the error is about, where HubSpot said. */
  ids: string[];
}

/** What a batch write achieved: the written records, and the items HubSpot refused. */
export interface BatchResult {
  results: CrmRecord[];
  errors: BatchItemError[];
}

/** An association type: HubSpot's own (`HUBSPOT_DEFINED`) or a portal label (`USER_DEFINED`). */
export interface AssociationType {
  category: 'HUBSPOT_DEFINED' | 'USER_DEFINED';
  typeId: number;
}

/** A record a note is attached to. */
export interface NoteTarget {
  objectType: 'contacts' | 'companies' | 'deals';
  id: string;
}

export interface NoteInput {
  /** HTML or plain text, shown on the records' timelines. */
  body: string;
  /** When the note happened, epoch ms. */
  timestamp: number;
  ownerId?: string;
  associations: NoteTarget[];
}

/** A HubSpot task for one owner, shown in their task queue and on the records' timelines. */
export interface TaskInput {
  /** hs_task_subject: the title. */
  subject: string;
  /** hs_task_body: the task notes (HTML or plain text). */
  body: string;
  /** hs_timestamp: the due instant, epoch ms (required by HubSpot). */
  dueAt: number;
  /** hubspot_owner_id: who the task is assigned to. */
  ownerId?: string;
  priority?: 'LOW' | 'MEDIUM' | 'HIGH';
  /** The records the task is associated with on creation. */
  associations: NoteTarget[];
}

export interface DealInput {
  properties: Record<string, string>;
  contactId: string;
  companyId?: string;
}

/** A HubSpot user who can own records. */
export interface CrmOwner {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  userId: number | null;
  /** The HubSpot teams the owner belongs to (PublicOwner.teams); absent when not read. */
  teams?: { id: string; name: string; primary: boolean }[];
}

export interface PipelineStage {
  id: string;
  label: string;
  displayOrder: number;
  /** HubSpot's stage metadata, e.g. `{ isClosed: 'true', probability: '1.0' }` for deals. */
  metadata: Record<string, string>;
}

export interface Pipeline {
  id: string;
  label: string;
  displayOrder: number;
  stages: PipelineStage[];
}

/** What `ensureSchema` did to the portal. */
export interface SchemaSummary {
  /** `objectType.propertyName` of properties (and `group:objectType.name` of groups) created. */
  created: string[];
  /** `objectType.propertyName` of properties whose label/options were extended. */
  updated: string[];
  /** How many product properties were already as wanted. */
  unchanged: number;
  /** Properties that exist with another type than the product needs; left alone, to be fixed by hand. */
  conflicts: string[];
  /** The deal→contact association type id of each buying-role label. */
  labels: Record<BuyingRole, number>;
  /** The contact↔contact reporting-line label's type ids. */
  reportsTo?: ReportsToTypes;
}

export interface GetDealOptions {
  /** Also read the v4 associations (a second request) to learn label type ids and display labels. */
  withAssociationLabels?: boolean;
}

export interface LifecycleWriteOptions {
  /** Clear the stage first: HubSpot does not move `lifecyclestage` backwards otherwise. */
  clearFirst: boolean;
}

/** One past value of a deal's `dealstage` (HubSpot's ValueWithTimestamp). */
export interface DealStageHistoryEntry {
  value: string;
  /** ISO 8601. */
  timestamp: string;
  /** Who wrote it: `CRM_UI` (a person), `INTEGRATION` (an app), `AUTOMATION_PLATFORM` … */
  sourceType: string;
  sourceId?: string;
}

/** HubSpot's Leads object (`0-136`) of one portal (src/hubspot/crm/leads.ts). */
export interface LeadsGateway {
  /** Whether the app may use the portal's Leads object (false: HubSpot refused it as absent). */
  isAvailable(): Promise<boolean>;
  /** The portal's lead pipelines with their stages. */
  listPipelines(): Promise<Pipeline[]>;
  /** The leads associated with a contact (read by association, so never behind search), by id. */
  listForContact(contactId: string, properties: string[]): Promise<CrmRecord[]>;
  /** Creates a lead associated with its contact (HubSpot requires both `hs_lead_name` and it). */
  create(input: { properties: Record<string, string>; contactId: string }): Promise<CrmRecord>;
  /** Updates a lead. */
  update(leadId: string, properties: Record<string, string>): Promise<CrmRecord>;
  /** Links a lead to a deal with HubSpot's default association type (idempotent). */
  associateWithDeal(leadId: string, dealId: string): Promise<void>;
}

/** One property definition of an object type, as the properties API lists it. */
export interface CrmPropertyDefinition {
  name: string;
  label: string;
  /** HubSpot's data type: `string`, `number`, `date`, `datetime`, `enumeration`, `bool` … */
  type: string;
  /** How HubSpot's UI edits it: `text`, `select`, `checkbox`, `booleancheckbox`, `date` … */
  fieldType: string;
  groupName: string;
  /** Hidden properties are not shown in HubSpot's UI. */
  hidden: boolean;
  /** The choices of an enumeration (visible ones, in HubSpot's display order). */
  options: { label: string; value: string }[];
}

/** Everything the product asks of ONE HubSpot portal. */
export interface CrmGateway {
  /** The portal this gateway talks to. */
  readonly portalId: number;
  /** The same gateway drawing on another rate-limit lane (`bulk` for background jobs). */
  withLane(lane: RequestLane): CrmGateway;
  /**
   * The same gateway for callers with a deadline (webhooks must answer within 5 s): a request that
   * would wait longer than `ms` for the portal's budget fails at once with HubSpotRateLimitError
   * (policy `LOCAL_BUDGET`), so the caller can answer 429 and let HubSpot redeliver.
   */
  withMaxWait(ms: number): CrmGateway;
  /**
   * The same gateway for a request that must be answered by `atMs` (epoch ms; a card's
   * hubspot.fetch gives up after 15 s): no wait for the budget and no retry sleep may end after
   * it; such a request fails at once with HubSpotRateLimitError carrying how long to wait.
   */
  withDeadline(atMs: number): CrmGateway;

  /** Reads a deal with its contact and company associations (one request; two with labels). */
  getDeal(
    dealId: string,
    properties: string[],
    options?: GetDealOptions,
  ): Promise<DealWithAssociations>;
  /** Reads a deal (without associations) with its `dealstage` history, newest first. */
  getDealWithStageHistory(
    dealId: string,
    properties: string[],
  ): Promise<CrmRecord & { stageHistory: DealStageHistoryEntry[] }>;
  /** The deals associated with a contact (at most 100), with the given properties. */
  listContactDeals(contactId: string, properties: string[]): Promise<CrmRecord[]>;
  /** Reads one contact. */
  getContact(id: string, properties: string[]): Promise<CrmRecord>;
  /** Reads one contact with the ids of its associated companies (one request). */
  getContactWithCompanies(
    id: string,
    properties: string[],
  ): Promise<CrmRecord & { companies: { id: string }[] }>;
  /** Reads many contacts in batches of 100; ids HubSpot does not know are left out. */
  batchReadContacts(ids: string[], properties: string[]): Promise<CrmRecord[]>;
  /** Reads many records of one type in batches of 100; unknown ids are left out. */
  batchRead(objectType: CrmObjectType, ids: string[], properties: string[]): Promise<CrmRecord[]>;

  /** One page of a CRM search. */
  search(
    objectType: CrmObjectType,
    request: SearchRequest,
    options?: SearchOptions,
  ): Promise<SearchPage>;
  /** Every matching record, page by page (200 each), past HubSpot's 10,000-result cap. */
  searchAll(
    objectType: CrmObjectType,
    request: SearchAllRequest,
    onPage: (records: CrmRecord[]) => Promise<void> | void,
  ): Promise<{ pages: number; records: number }>;

  /** Updates many records in batches of 100. */
  batchUpdate(
    objectType: CrmObjectType,
    inputs: { id: string; properties: Record<string, string> }[],
  ): Promise<BatchResult>;
  /** Updates one record. */
  updateObject(
    objectType: CrmObjectType,
    id: string,
    properties: Record<string, string>,
  ): Promise<CrmRecord>;
  /** Sets `lifecyclestage` (clearing it first when moving backwards) and verifies HubSpot kept it. */
  setLifecycleStage(
    objectType: 'contacts' | 'companies',
    id: string,
    value: string,
    options: LifecycleWriteOptions,
  ): Promise<void>;

  /** Creates a deal associated with its contact (and company) in one request. */
  createDeal(input: DealInput): Promise<CrmRecord>;
  /**
   * Creates the deal whose unique property `idProperty` holds `idValue`, or updates the one that
   * already does (batch upsert), then associates it: a retried hand-off finds the first deal
   * instead of creating a second. `created` says which happened.
   */
  upsertDeal(
    input: DealInput & { idProperty: string; idValue: string },
  ): Promise<CrmRecord & { created: boolean }>;
  /** Updates a deal. */
  updateDeal(dealId: string, properties: Record<string, string>): Promise<CrmRecord>;
  /** Adds association types (labels) between two records. */
  associate(
    fromType: CrmObjectType,
    fromId: string,
    toType: CrmObjectType,
    toId: string,
    types: AssociationType[],
  ): Promise<void>;
  /** Removes the given association types between two records, or every association when omitted. */
  removeAssociation(
    fromType: CrmObjectType,
    fromId: string,
    toType: CrmObjectType,
    toId: string,
    types?: AssociationType[],
  ): Promise<void>;
  /** Adds a note to the timelines of the given records. */
  createNote(input: NoteInput): Promise<CrmRecord>;
  /** Adds many notes in batches of 100 (one request per 100 notes). */
  createNotes(inputs: NoteInput[]): Promise<CrmRecord[]>;

  /** Creates a task (TODO, not started) associated with the given records. */
  createTask(input: TaskInput): Promise<CrmRecord>;

  /** Every active owner of the portal. */
  listOwners(): Promise<CrmOwner[]>;
  /** The object type's property definitions, archived ones left out (all pages). */
  listProperties(objectType: 'contacts' | 'deals' | 'companies'): Promise<CrmPropertyDefinition[]>;
  /**
   * Every pipeline of an object type, with its stages. `maxAgeMs` lets a caching decorator
   * (src/server/read-models/pipeline-cache.ts) answer from a copy no older than that; the adapter always reads.
   */
  listPipelines(objectType: 'deals', options?: { maxAgeMs?: number }): Promise<Pipeline[]>;
  /** Completes a workflow action that answered BLOCK earlier. */
  completeWorkflowCallback(
    callbackId: string,
    outputFields: Record<string, string | number | boolean>,
  ): Promise<void>;
  /** Creates the product's property group, properties and buying-role labels where missing. */
  ensureSchema(): Promise<SchemaSummary>;

  /** Reads a company with the ids of its deals (one request). */
  getCompanyWithDeals(
    companyId: string,
    properties: string[],
  ): Promise<CrmRecord & { deals: { id: string }[] }>;
  /** Every contact→contact association of the given contacts (one batch call per 100). */
  readContactLinks(contactIds: string[]): Promise<Map<string, ContactLink[]>>;
  /** The "Reports to" / "Manager of" label's type ids, created where missing. */
  ensureReportsToLabel(): Promise<ReportsToTypes>;
  /** The deal→contact type id of each buying-role label the portal has (one request). */
  listBuyingRoleLabels(): Promise<Partial<Record<BuyingRole, number>>>;
  /** HubSpot's Leads object, in portals that have it. */
  readonly leads: LeadsGateway;
}
