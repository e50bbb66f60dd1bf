// The HubSpot facility the private form keeps its state in: records of one CRM object type used as
// a key/value table, each record named by a unique-value property (`op_state_key`). In production
// the object type is a custom object owned by this app (Enterprise portals, which serverless app
// functions need anyway, have custom objects); the local portal has no custom objects, so tests
// use `notes` (unassociated notes appear on no timeline). See docs/private-distribution.md.
//
// Every read and write of one key goes through HubSpot's by-id endpoints with `idProperty`
// (strongly consistent); search (eventually consistent on HubSpot) is used only for scans.
// https://developers.hubspot.com/docs/api-reference/crm-objects-v3/guide (idProperty)
// https://developers.hubspot.com/docs/api/crm/properties (hasUniqueValue)
// Paths: HubSpot's date-versioned APIs (src/hubspot/api-version.ts), as the gateway calls them.
import { hubspotPaths } from '../hubspot/api-version.ts';

/** The properties every state record carries. */
export const STATE_PROPERTIES = {
  key: 'op_state_key',
  kind: 'op_state_kind',
  portal: 'op_state_portal',
  subject: 'op_state_subject',
  status: 'op_state_status',
  at: 'op_state_at',
  value: 'op_state_value',
} as const;

/** The property group the state properties live in. */
export const STATE_PROPERTY_GROUP = 'opportunity_plan_state';

/** The fields of one state record as the store reads and writes them. */
export interface StateFields {
  kind: string;
  portalId: number;
  /** `contact:101` when the record is about a CRM object (privacy erasure finds it by this). */
  subject?: string;
  status?: string;
  /** Epoch ms the record was last written (pruning compares it). */
  at: number;
  /** JSON text. */
  value: string;
}

/** One stored state record. */
export interface StateRecord extends StateFields {
  key: string;
  /** HubSpot's record id. */
  id: string;
}

/** Conditions of a scan; all given ones must hold. */
export interface StateScan {
  kind?: string;
  portalId?: number;
  subject?: string;
  /** Only records written before this epoch ms. */
  before?: number;
  status?: string;
}

/** Key/value access to the state object type. */
export interface StateRecords {
  /** Creates the property group and properties where missing. */
  ensureSchema(): Promise<void>;
  /** Reads a record by key, or null. */
  get(key: string): Promise<StateRecord | null>;
  /** Creates a record unless the key exists (HubSpot refuses a duplicate unique value). */
  create(key: string, fields: StateFields): Promise<'created' | 'exists'>;
  /** Overwrites a record's fields; false when it does not exist. */
  update(key: string, fields: Partial<StateFields>): Promise<boolean>;
  /** Deletes (archives) a record; false when it did not exist. */
  remove(key: string): Promise<boolean>;
  /** Every record matching the scan. */
  scan(conditions: StateScan): Promise<StateRecord[]>;
}

/** How to reach HubSpot's CRM API for the state records. */
export interface StateRecordsOptions {
  /** https://api.hubapi.com or the local portal. */
  basePath: string;
  /** The private app's access token (PRIVATE_APP_ACCESS_TOKEN). */
  getAccessToken: () => Promise<string>;
  /** The object type holding the records: the app's custom object, or `notes` on the local portal. */
  objectType: string;
  fetchImpl?: typeof fetch;
  /** Injected for tests; defaults to a real timer. */
  sleep?: (ms: number) => Promise<void>;
}

/** HubSpot's answer when something other than "not found" or "duplicate" went wrong. */
export class StateRecordsError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(`HubSpot state records: ${status} ${message}`);
    this.status = status;
  }
}

const P = STATE_PROPERTIES;
const MAX_ATTEMPTS = 4;
const SEARCH_PAGE = 200; // https://developers.hubspot.com/docs/api/crm/search (≤ 200 per page)

function toProperties(fields: Partial<StateFields>): Record<string, string> {
  const properties: Record<string, string> = {};
  if (fields.kind !== undefined) properties[P.kind] = fields.kind;
  if (fields.portalId !== undefined) properties[P.portal] = String(fields.portalId);
  if (fields.subject !== undefined) properties[P.subject] = fields.subject;
  if (fields.status !== undefined) properties[P.status] = fields.status;
  if (fields.at !== undefined) properties[P.at] = String(fields.at);
  if (fields.value !== undefined) properties[P.value] = fields.value;
  return properties;
}

function fromRecord(record: {
  id: string;
  properties: Record<string, string | null>;
}): StateRecord {
  const p = record.properties;
  return {
    id: record.id,
    key: p[P.key] ?? '',
    kind: p[P.kind] ?? '',
    portalId: Number(p[P.portal] ?? 0),
    ...(p[P.subject] ? { subject: p[P.subject]! } : {}),
    ...(p[P.status] ? { status: p[P.status]! } : {}),
    at: Number(p[P.at] ?? 0),
    value: p[P.value] ?? 'null',
  };
}

const ALL_PROPERTIES = Object.values(P);

/** An answer of HubSpot's API: its status and JSON body. */
type StateAnswer = { status: number; json: Record<string, unknown> };
type StateRequest = (method: string, path: string, body?: unknown) => Promise<StateAnswer>;

// One request, retried on 429 (honouring Retry-After) and 5xx: private apps get 100–190
// requests per 10 s. https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines
function stateRequest(options: StateRecordsOptions, base: string): StateRequest {
  const fetchImpl = options.fetchImpl ?? fetch;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async (method, path, body) => {
    for (let attempt = 1; ; attempt += 1) {
      const response = await fetchImpl(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await options.getAccessToken()}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      const retriable = response.status === 429 || response.status >= 500;
      if (!retriable || attempt >= MAX_ATTEMPTS) return { status: response.status, json };
      const retryAfter = Number(response.headers.get('retry-after'));
      await sleep(
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 250 * attempt,
      );
    }
  };
}

/** The search filters of a scan (all must hold); a scan without conditions lists every record. */
function scanFilters(
  conditions: StateScan,
): { propertyName: string; operator: string; value?: string }[] {
  const equal: [string, string | number | undefined][] = [
    [P.kind, conditions.kind],
    [P.portal, conditions.portalId],
    [P.subject, conditions.subject],
    [P.status, conditions.status],
  ];
  const filters: { propertyName: string; operator: string; value?: string }[] = equal.flatMap(
    ([propertyName, value]) =>
      value === undefined ? [] : [{ propertyName, operator: 'EQ', value: String(value) }],
  );
  if (conditions.before !== undefined)
    filters.push({ propertyName: P.at, operator: 'LT', value: String(conditions.before) });
  if (filters.length === 0) filters.push({ propertyName: P.key, operator: 'HAS_PROPERTY' });
  return filters;
}

/** Creates the client for the state object type. */
export function createStateRecords(options: StateRecordsOptions): StateRecords {
  const base = options.basePath.replace(/\/+$/, '');
  const type = encodeURIComponent(options.objectType);

  const request = stateRequest(options, base);

  const failed = (status: number, json: Record<string, unknown>) =>
    new StateRecordsError(status, String(json.message ?? 'unexpected answer'));

  const byKey = (key: string) => `${hubspotPaths.object(type, key)}?idProperty=${P.key}`;

  async function get(key: string): Promise<StateRecord | null> {
    const { status, json } = await request(
      'GET',
      `${byKey(key)}&properties=${ALL_PROPERTIES.join(',')}`,
    );
    if (status === 404) return null;
    if (status !== 200) throw failed(status, json);
    return fromRecord(json as { id: string; properties: Record<string, string | null> });
  }

  return {
    async ensureSchema() {
      const group = await request('POST', hubspotPaths.propertyGroups(type), {
        name: STATE_PROPERTY_GROUP,
        label: 'Opportunity Plan state',
      });
      if (group.status !== 201 && group.status !== 200 && group.status !== 409)
        throw failed(group.status, group.json);
      const definitions = [
        { name: P.key, type: 'string', fieldType: 'text', hasUniqueValue: true },
        { name: P.kind, type: 'string', fieldType: 'text' },
        { name: P.portal, type: 'number', fieldType: 'number' },
        { name: P.subject, type: 'string', fieldType: 'text' },
        { name: P.status, type: 'string', fieldType: 'text' },
        { name: P.at, type: 'number', fieldType: 'number' },
        { name: P.value, type: 'string', fieldType: 'textarea' },
      ];
      for (const definition of definitions) {
        const created = await request('POST', hubspotPaths.properties(type), {
          ...definition,
          label: definition.name,
          groupName: STATE_PROPERTY_GROUP,
          hidden: true,
        });
        // 409: the property exists already (a name is unique per object type).
        if (created.status !== 201 && created.status !== 200 && created.status !== 409)
          throw failed(created.status, created.json);
      }
    },

    get,

    async create(key, fields) {
      const properties: Record<string, string> = { [P.key]: key, ...toProperties(fields) };
      // Notes need a timestamp (local portal only). https://developers.hubspot.com/docs/api-reference/crm-notes-v3/guide
      if (options.objectType === 'notes') properties.hs_timestamp = String(fields.at);
      if (await get(key)) return 'exists';
      const { status, json } = await request('POST', hubspotPaths.objects(type), { properties });
      if (status === 201 || status === 200) return 'created';
      // HubSpot refuses a second record with the same unique value: that is the atomic arbiter
      // between concurrent function invocations.
      if (
        status === 409 ||
        (status === 400 && /already has that value|unique/i.test(String(json.message)))
      )
        return 'exists';
      throw failed(status, json);
    },

    async update(key, fields) {
      const { status, json } = await request('PATCH', byKey(key), {
        properties: toProperties(fields),
      });
      if (status === 404) return false;
      if (status !== 200) throw failed(status, json);
      return true;
    },

    async remove(key) {
      const record = await get(key);
      if (!record) return false;
      const { status, json } = await request('DELETE', hubspotPaths.object(type, record.id));
      if (status !== 204 && status !== 200 && status !== 404) throw failed(status, json);
      return true;
    },

    async scan(conditions) {
      const filters = scanFilters(conditions);
      const records: StateRecord[] = [];
      let after: string | undefined;
      do {
        const { status, json } = await request('POST', hubspotPaths.search(type), {
          filterGroups: [
            {
              filters,
            },
          ],
          properties: ALL_PROPERTIES,
          sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
          limit: SEARCH_PAGE,
          ...(after ? { after } : {}),
        });
        if (status !== 200) throw failed(status, json);
        for (const result of (json.results ?? []) as {
          id: string;
          properties: Record<string, string | null>;
        }[])
          records.push(fromRecord(result));
        after = (json.paging as { next?: { after?: string } } | undefined)?.next?.after;
      } while (after);
      return records;
    },
  };
}
