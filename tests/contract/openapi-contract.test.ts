// The local portal's answers validate against HubSpot's 2026-09 OpenAPI schemas: every operation
// the product calls (src/hubspot/hubspot-gateway.ts, src/hubspot/oauth-client.ts,
// src/private/state-records.ts; src/server and src/jobs reach HubSpot only through these) and every
// 2026-09 operation the portal serves, with their successes and the failures the product relies
// on (400 validation, 404, 409, 429, 401, 403, 207 batch partial). A mismatch fails with the
// operation, the status, the schema and ajv's message.
import { createCrmRouter } from '../../src/local-portal/crm/router.ts';
import { CRM_OBJECT_TYPES } from '../../src/local-portal/crm/object-types.ts';
import { createLocalPortal } from '../../src/local-portal/server.ts';
import type { LocalPortal } from '../../src/local-portal/server.ts';
import { createPortalRegistry } from '../../src/local-portal/state.ts';
import {
  VENDORED_SPECS,
  VERSIONED_OPERATIONS,
  matchLegacyOperation,
  matchOperation,
  type SpecOperation,
} from '../../src/local-portal/versioned-routes.ts';
import { createSpecValidator } from './openapi-validator.ts';

/**
 * The 2026-09 operations behind every HubSpot call the product makes today (its legacy call in
 * brackets where it still uses one; the product moves to these paths on branch product-api).
 */
const PRODUCT_OPERATIONS: readonly [method: string, path: string, caller: string][] = [
  ['POST', '/crm/objects/2026-09/contacts/batch/read', 'gateway batchRead'],
  ['POST', '/crm/objects/2026-09/deals/batch/read', 'gateway batchRead'],
  ['POST', '/crm/objects/2026-09/companies/batch/read', 'gateway batchRead'],
  ['POST', '/crm/objects/2026-09/contacts/search', 'gateway search/searchAll'],
  ['POST', '/crm/objects/2026-09/deals/search', 'gateway search/searchAll'],
  ['POST', '/crm/objects/2026-09/notes/search', 'state-records scan (private form)'],
  ['PATCH', '/crm/objects/2026-09/contacts/1', 'gateway updateObject, setLifecycleStage'],
  ['PATCH', '/crm/objects/2026-09/deals/1', 'gateway updateObject'],
  ['PATCH', '/crm/objects/2026-09/notes/1', 'state-records update (idProperty)'],
  ['GET', '/crm/objects/2026-09/contacts/1', 'gateway getObject, getContactWithCompanies'],
  ['GET', '/crm/objects/2026-09/deals/1', 'gateway getDeal (with associations)'],
  ['GET', '/crm/objects/2026-09/notes/1', 'state-records get (idProperty)'],
  ['POST', '/crm/objects/2026-09/contacts/batch/update', 'gateway batchUpdate'],
  ['POST', '/crm/objects/2026-09/deals/batch/update', 'gateway batchUpdate'],
  ['POST', '/crm/objects/2026-09/deals', 'gateway createDeal (with associations)'],
  ['POST', '/crm/objects/2026-09/notes', 'gateway createNote; state-records create'],
  ['POST', '/crm/objects/2026-09/notes/batch/create', 'gateway createNotes'],
  ['DELETE', '/crm/objects/2026-09/notes/1', 'state-records remove'],
  [
    'POST',
    '/crm/associations/2026-09/deals/contacts/batch/read',
    'gateway readDealContactLabels (legacy: GET /crm/v4/objects/deals/{id}/associations/contacts, which 2026-09 does not have)',
  ],
  ['PUT', '/crm/objects/2026-09/deals/1/associations/contacts/2', 'gateway associate'],
  [
    'DELETE',
    '/crm/objects/2026-09/deals/1/associations/contacts/2',
    'gateway removeAssociation (no types)',
  ],
  [
    'POST',
    '/crm/associations/2026-09/deals/contacts/batch/labels/archive',
    'gateway removeAssociation (given types)',
  ],
  ['GET', '/crm/associations/2026-09/deals/contacts/labels', 'gateway ensureBuyingRoleLabels'],
  ['POST', '/crm/associations/2026-09/deals/contacts/labels', 'gateway ensureBuyingRoleLabels'],
  ['GET', '/crm/properties/2026-09/deals/groups', 'gateway ensureSchema'],
  [
    'POST',
    '/crm/properties/2026-09/deals/groups',
    'gateway ensureSchema; state-records ensureSchema',
  ],
  ['GET', '/crm/properties/2026-09/deals', 'gateway ensureSchema'],
  ['PATCH', '/crm/properties/2026-09/deals/x', 'gateway ensureSchema'],
  ['POST', '/crm/properties/2026-09/deals/batch/create', 'gateway ensureSchema'],
  ['POST', '/crm/properties/2026-09/deals', 'state-records ensureSchema'],
  ['GET', '/crm/owners/2026-09', 'gateway listOwners'],
  ['GET', '/crm/pipelines/2026-09/deals', 'gateway listPipelines'],
  ['POST', '/automation/actions/callbacks/2026-09/cb/complete', 'gateway completeWorkflowCallback'],
  ['POST', '/oauth/2026-09/token', 'oauth-client exchange/refresh (legacy: /oauth/v1/token)'],
  [
    'POST',
    '/oauth/2026-09/token/introspect',
    'oauth-client token info (legacy: GET /oauth/v1/access-tokens/{token})',
  ],
];

const CLIENT = { client_id: 'local-client-id', client_secret: 'local-client-secret' };
const REDIRECT = 'http://localhost:3000/oauth/callback';

interface Answer {
  status: number;
  body: unknown;
}

/** One checked call: which operation, which status, and what the schema said. */
interface Checked {
  label: string;
  operation: string;
  status: number;
  problem?: string;
  undocumented?: string;
}

const validator = createSpecValidator(VENDORED_SPECS);
const checked: Checked[] = [];

let portal: LocalPortal;
let url: string;
let close: () => Promise<void>;
let token: string;

beforeAll(async () => {
  // A budget no test run reaches: the 429 is checked on a portal of its own below.
  portal = createLocalPortal({
    seed: 1,
    rateLimit: { perTenSeconds: 100_000, searchPerSecond: 100_000 },
  });
  const server = await portal.listen(0);
  url = server.url;
  close = server.close;
  token = portal.oauth.issueTokens({
    portalId: portal.demoPortalId,
    scopes: [
      'oauth',
      'automation',
      'crm.objects.owners.read',
      ...['contacts', 'companies', 'deals', 'leads'].flatMap((type) => [
        `crm.objects.${type}.read`,
        `crm.objects.${type}.write`,
      ]),
      ...['contacts', 'companies', 'deals'].map((type) => `crm.schemas.${type}.write`),
    ],
  }).access_token;
});
afterAll(() => close());

async function send(
  method: string,
  path: string,
  init: { body?: unknown; form?: Record<string, string>; auth?: string | null } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  const auth = init.auth === undefined ? token : init.auth;
  if (auth !== null) headers.authorization = `Bearer ${auth}`;
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  } else if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const response = await fetch(`${url}${path}`, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    body: text.length > 0 ? (JSON.parse(text) as unknown) : undefined,
  };
}

/** Sends a call on a 2026-09 path, expects `status`, and validates the answer against the spec. */
async function check(
  label: string,
  method: string,
  path: string,
  status: number,
  init: { body?: unknown; form?: Record<string, string>; auth?: string | null } = {},
): Promise<Answer> {
  const matched = matchOperation(VERSIONED_OPERATIONS, method, path.split('?')[0]!);
  if (!matched) throw new Error(`${label}: ${method} ${path} is no 2026-09 operation`);
  const answer = await send(method, path, init);
  const entry: Checked = { label, operation: matched.operation.key, status: answer.status };
  if (answer.status !== status) {
    entry.problem = `expected status ${status}, got ${answer.status}: ${String(JSON.stringify(answer.body)).slice(0, 400)}`;
  } else {
    const verdict = validator.verdict(matched.operation, answer.status, answer.body);
    if (verdict.kind === 'invalid')
      entry.problem = `${verdict.schema}: ${verdict.problems}\n    body: ${String(JSON.stringify(answer.body)).slice(0, 600)}`;
    if (verdict.kind === 'undocumented') entry.undocumented = verdict.reason;
  }
  checked.push(entry);
  return answer;
}

/**
 * A group of checks, run once by whichever test asks first (its own test, or the coverage count);
 * answers the entries it recorded.
 */
function once(run: () => Promise<void>): () => Promise<Checked[]> {
  let recorded: Promise<Checked[]> | undefined;
  return () =>
    (recorded ??= (async () => {
      const from = checked.length;
      await run();
      return checked.slice(from);
    })());
}

/** The checks whose answer did not match, in words. */
const problemsOf = (entries: Checked[]) =>
  entries
    .filter((entry) => entry.problem)
    .map((entry) => `${entry.label} — ${entry.operation} → ${entry.status}: ${entry.problem}`);

function idOf(answer: Answer): string {
  return String((answer.body as { id: string }).id);
}

const CREATE: Record<string, (ids: Record<string, string>) => Record<string, unknown>> = {
  contacts: () => ({
    properties: { email: `contract-${Date.now()}@example.com`, firstname: 'Cora' },
  }),
  companies: () => ({ properties: { name: 'Contract GmbH', domain: 'contract.example' } }),
  deals: () => ({ properties: { dealname: 'Contract deal', amount: '1000' } }),
  notes: () => ({
    properties: { hs_note_body: 'A note', hs_timestamp: '2026-09-01T10:00:00.000Z' },
  }),
  tasks: (ids) => ({
    properties: { hs_task_subject: 'A task', hs_timestamp: '2026-09-01T10:00:00.000Z' },
    associations: [
      {
        to: { id: ids.contact },
        types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }],
      },
    ],
  }),
  leads: (ids) => ({
    properties: { hs_lead_name: 'Contract lead' },
    associations: [
      {
        to: { id: ids.contact },
        types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 578 }],
      },
    ],
  }),
};
const UPDATE: Record<string, Record<string, string>> = {
  contacts: { firstname: 'Corinna' },
  companies: { name: 'Contract AG' },
  deals: { dealname: 'Contract deal (updated)' },
  notes: { hs_note_body: 'An updated note' },
  leads: { hs_lead_name: 'Contract lead (updated)' },
  tasks: { hs_task_status: 'COMPLETED' },
};

describe('the local portal against HubSpot’s 2026-09 OpenAPI specs', () => {
  const objectChecks = once(async () => {
    const ids: Record<string, string> = {};
    ids.contact = idOf(
      await check('create a contact for the leads', 'POST', '/crm/objects/2026-09/contacts', 201, {
        body: CREATE.contacts!(ids),
      }),
    );
    for (const type of CRM_OBJECT_TYPES) {
      const base = `/crm/objects/2026-09/${type}`;
      const created = await check(`create ${type}`, 'POST', base, 201, {
        body: CREATE[type]!(ids),
      });
      const id = idOf(created);
      await check(`read ${type}`, 'GET', `${base}/${id}?properties=hs_object_id`, 200);
      await check(`list ${type}`, 'GET', `${base}?limit=2`, 200);
      await check(`update ${type}`, 'PATCH', `${base}/${id}`, 200, {
        body: { properties: UPDATE[type] },
      });
      await check(`search ${type}`, 'POST', `${base}/search`, 200, {
        body: {
          filterGroups: [
            { filters: [{ propertyName: 'hs_object_id', operator: 'EQ', value: id }] },
          ],
          limit: 10,
        },
      });
      await check(`batch read ${type}`, 'POST', `${base}/batch/read`, 200, {
        body: { inputs: [{ id }], properties: ['hs_object_id'] },
      });
      await check(`batch read ${type} with a missing id (207)`, 'POST', `${base}/batch/read`, 207, {
        body: { inputs: [{ id }, { id: '987654321' }] },
      });
      await check(`batch update ${type}`, 'POST', `${base}/batch/update`, 200, {
        body: { inputs: [{ id, properties: UPDATE[type] }] },
      });
      await check(
        `batch update ${type} with a missing id (207)`,
        'POST',
        `${base}/batch/update`,
        207,
        {
          body: {
            inputs: [
              { id, properties: UPDATE[type] },
              { id: '987654321', properties: UPDATE[type] },
            ],
          },
        },
      );
      const batchCreated = await check(
        `batch create ${type}`,
        'POST',
        `${base}/batch/create`,
        201,
        { body: { inputs: [CREATE[type]!(ids)] } },
      );
      const batchId = String((batchCreated.body as { results: { id: string }[] }).results[0]!.id);
      await check(`batch upsert ${type}`, 'POST', `${base}/batch/upsert`, 200, {
        body: { inputs: [{ id: batchId, idProperty: 'hs_object_id', properties: UPDATE[type] }] },
      });
      await check(`batch archive ${type}`, 'POST', `${base}/batch/archive`, 204, {
        body: { inputs: [{ id: batchId }] },
      });
      await check(`read a missing ${type} (404)`, 'GET', `${base}/987654321`, 404);
      await check(`create ${type} with an invalid body (400)`, 'POST', base, 400, {
        body: { properties: 'nope' },
      });
      await check(`archive ${type}`, 'DELETE', `${base}/${id}`, 204);
    }
    await check(
      'a contact whose email exists (409)',
      'POST',
      '/crm/objects/2026-09/contacts',
      409,
      {
        body: {
          properties: {
            email:
              (await send('GET', `/crm/objects/2026-09/contacts/${ids.contact}?properties=email`))
                .body &&
              (
                (await send('GET', `/crm/objects/2026-09/contacts/${ids.contact}?properties=email`))
                  .body as { properties: { email: string } }
              ).properties.email,
          },
        },
      },
    );
    await check(
      'search with too many filters (400)',
      'POST',
      '/crm/objects/2026-09/contacts/search',
      400,
      {
        body: {
          filterGroups: [
            {
              filters: Array.from({ length: 30 }, () => ({
                propertyName: 'email',
                operator: 'HAS_PROPERTY',
              })),
            },
          ],
        },
      },
    );
    await check('no token (401)', 'GET', '/crm/objects/2026-09/contacts', 401, { auth: null });
    const narrow = portal.oauth.issueTokens({
      portalId: portal.demoPortalId,
      scopes: ['crm.objects.contacts.read'],
    });
    await check(
      'deals with a contacts.read token (403)',
      'GET',
      '/crm/objects/2026-09/deals',
      403,
      { auth: narrow.access_token },
    );
    await check(
      'a property that does not exist, in a write (400)',
      'PATCH',
      `/crm/objects/2026-09/contacts/${ids.contact}`,
      400,
      {
        body: { properties: { no_such_property_xyz: '1' } },
      },
    );
  });

  const associationChecks = once(async () => {
    const deal = idOf(
      await check('create a deal', 'POST', '/crm/objects/2026-09/deals', 201, {
        body: { properties: { dealname: 'Association deal' } },
      }),
    );
    const contact = idOf(
      await check('create a contact', 'POST', '/crm/objects/2026-09/contacts', 201, {
        body: { properties: { email: `assoc-${Date.now()}@example.com` } },
      }),
    );
    const company = idOf(
      await check('create a company', 'POST', '/crm/objects/2026-09/companies', 201, {
        body: { properties: { name: 'Assoc GmbH' } },
      }),
    );
    const labels = '/crm/associations/2026-09/deals/contacts/labels';
    const created = await check('create a label', 'POST', labels, 200, {
      body: { name: 'contract_champion', label: 'Champion', inverseLabel: 'Champion of' },
    });
    const typeId = (created.body as { results: { typeId: number }[] }).results[0]!.typeId;
    await check('list labels', 'GET', labels, 200);
    await check('create a label twice (409)', 'POST', labels, 409, {
      body: { name: 'contract_champion', label: 'Champion' },
    });
    await check('rename a label', 'PUT', labels, 204, {
      body: { associationTypeId: typeId, label: 'Main champion' },
    });
    await check(
      'associate with a label',
      'PUT',
      `/crm/objects/2026-09/deals/${deal}/associations/contacts/${contact}`,
      201,
      {
        body: [{ associationCategory: 'USER_DEFINED', associationTypeId: typeId }],
      },
    );
    await check(
      'associate by default',
      'PUT',
      `/crm/objects/2026-09/deals/${deal}/associations/default/companies/${company}`,
      200,
    );
    await check(
      'batch read associations',
      'POST',
      '/crm/associations/2026-09/deals/contacts/batch/read',
      200,
      {
        body: { inputs: [{ id: deal }] },
      },
    );
    await check(
      'batch read associations of a lonely record (207)',
      'POST',
      '/crm/associations/2026-09/deals/contacts/batch/read',
      207,
      {
        body: { inputs: [{ id: deal }, { id: '987654321' }] },
      },
    );
    await check(
      'batch create associations',
      'POST',
      '/crm/associations/2026-09/deals/contacts/batch/create',
      200,
      {
        body: {
          inputs: [
            {
              from: { id: deal },
              to: { id: contact },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }],
            },
          ],
        },
      },
    );
    await check(
      'batch associate by default',
      'POST',
      '/crm/associations/2026-09/contacts/companies/batch/associate/default',
      200,
      {
        body: { inputs: [{ from: { id: contact }, to: { id: company } }] },
      },
    );
    await check(
      'batch archive labels',
      'POST',
      '/crm/associations/2026-09/deals/contacts/batch/labels/archive',
      200,
      {
        body: {
          inputs: [
            {
              from: { id: deal },
              to: { id: contact },
              types: [{ associationCategory: 'USER_DEFINED', associationTypeId: typeId }],
            },
          ],
        },
      },
    );
    await check(
      'remove an association',
      'DELETE',
      `/crm/objects/2026-09/deals/${deal}/associations/contacts/${contact}`,
      204,
    );
    await check(
      'batch archive associations',
      'POST',
      '/crm/associations/2026-09/contacts/companies/batch/archive',
      200,
      {
        body: { inputs: [{ from: { id: contact }, to: [{ id: company }] }] },
      },
    );
    await check('delete a label', 'DELETE', `${labels}/${typeId}`, 204);
  });

  const schemaChecks = once(async () => {
    const base = '/crm/properties/2026-09/deals';
    await check('list groups', 'GET', `${base}/groups`, 200);
    await check('create a group', 'POST', `${base}/groups`, 201, {
      body: { name: 'contract_group', label: 'Contract', displayOrder: 1 },
    });
    await check('create a group twice (409)', 'POST', `${base}/groups`, 409, {
      body: { name: 'contract_group', label: 'Contract' },
    });
    await check('read a group', 'GET', `${base}/groups/contract_group`, 200);
    await check('update a group', 'PATCH', `${base}/groups/contract_group`, 200, {
      body: { label: 'Contract (renamed)' },
    });
    await check('read a missing group (404)', 'GET', `${base}/groups/no_such_group`, 404);
    const property = {
      name: 'contract_text',
      label: 'Contract text',
      type: 'string',
      fieldType: 'text',
      groupName: 'contract_group',
    };
    await check('create a property', 'POST', base, 201, { body: property });
    await check('create a property twice (409)', 'POST', base, 409, { body: property });
    await check('list properties', 'GET', base, 200);
    await check('read a property', 'GET', `${base}/contract_text`, 200);
    await check('read a missing property (404)', 'GET', `${base}/no_such_property`, 404);
    await check('update a property', 'PATCH', `${base}/contract_text`, 200, {
      body: { label: 'Contract text (renamed)' },
    });
    await check('batch create properties', 'POST', `${base}/batch/create`, 200, {
      body: {
        inputs: [{ ...property, name: 'contract_number', type: 'number', fieldType: 'number' }],
      },
    });
    await check('batch create an existing property (207)', 'POST', `${base}/batch/create`, 207, {
      body: { inputs: [{ ...property, name: 'contract_other' }, property] },
    });
    await check('batch read properties', 'POST', `${base}/batch/read`, 200, {
      body: { inputs: [{ name: 'contract_text' }], archived: false, properties: [] },
    });
    await check('batch archive properties', 'POST', `${base}/batch/archive`, 204, {
      body: { inputs: [{ name: 'contract_number' }] },
    });
    await check('archive a property', 'DELETE', `${base}/contract_text`, 204);
    await check('archive a group', 'DELETE', `${base}/groups/contract_group`, 204);

    const pipelines = await check(
      'list deal pipelines',
      'GET',
      '/crm/pipelines/2026-09/deals',
      200,
    );
    const pipeline = (pipelines.body as { results: { id: string }[] }).results[0]!.id;
    await check('read a pipeline', 'GET', `/crm/pipelines/2026-09/deals/${pipeline}`, 200);
    await check('list its stages', 'GET', `/crm/pipelines/2026-09/deals/${pipeline}/stages`, 200);
    await check(
      'read a missing pipeline (404)',
      'GET',
      '/crm/pipelines/2026-09/deals/no-such-pipeline',
      404,
    );
    await check('list lead pipelines', 'GET', '/crm/pipelines/2026-09/leads', 200);

    const owners = await check('list owners', 'GET', '/crm/owners/2026-09?limit=100', 200);
    const owner = (owners.body as { results: { id: string }[] }).results[0]!.id;
    await check('read an owner', 'GET', `/crm/owners/2026-09/${owner}`, 200);
    await check('read a missing owner (404)', 'GET', '/crm/owners/2026-09/987654321', 404);
  });

  const callbackAndOAuthChecks = once(async () => {
    await check(
      'complete a callback',
      'POST',
      '/automation/actions/callbacks/2026-09/cb-contract/complete',
      204,
      {
        body: { outputFields: { hs_execution_state: 'SUCCESS' }, typedOutputs: {} },
      },
    );
    await check(
      'complete callbacks in a batch',
      'POST',
      '/automation/actions/callbacks/2026-09/complete',
      204,
      {
        body: { inputs: [{ callbackId: 'cb-b', outputFields: {}, typedOutputs: {} }] },
      },
    );
    await check(
      'complete a callback without typedOutputs (400)',
      'POST',
      '/automation/actions/callbacks/2026-09/cb-x/complete',
      400,
      {
        body: { outputFields: {} },
      },
    );
    const query = new URLSearchParams({
      ...{ client_id: CLIENT.client_id },
      redirect_uri: REDIRECT,
      scope: 'oauth',
    });
    const authorize = await fetch(`${url}/oauth/authorize?${query.toString()}`, {
      redirect: 'manual',
    });
    const code = new URL(authorize.headers.get('location')!).searchParams.get('code')!;
    const tokens = await check('exchange a code', 'POST', '/oauth/2026-09/token', 200, {
      auth: null,
      form: { ...CLIENT, grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
    });
    const refreshToken = String((tokens.body as { refresh_token: string }).refresh_token);
    await check('refresh', 'POST', '/oauth/2026-09/token', 200, {
      auth: null,
      form: { ...CLIENT, grant_type: 'refresh_token', refresh_token: refreshToken },
    });
    await check('refresh with a wrong secret (400)', 'POST', '/oauth/2026-09/token', 400, {
      auth: null,
      form: {
        ...CLIENT,
        client_secret: 'wrong',
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      },
    });
    await check('introspect', 'POST', '/oauth/2026-09/token/introspect', 200, {
      auth: null,
      form: { ...CLIENT, token: refreshToken },
    });
    await check('introspect an unknown token', 'POST', '/oauth/2026-09/token/introspect', 200, {
      auth: null,
      form: { ...CLIENT, token: 'x' },
    });
    await check('revoke', 'POST', '/oauth/2026-09/token/revoke', 200, {
      auth: null,
      form: { ...CLIENT, token: refreshToken },
    });
    await check('refresh a revoked token (400)', 'POST', '/oauth/2026-09/token', 400, {
      auth: null,
      form: { ...CLIENT, grant_type: 'refresh_token', refresh_token: refreshToken },
    });
  });

  const rateLimitChecks = once(async () => {
    const limited = createLocalPortal({ rateLimit: { perTenSeconds: 2 } });
    const server = await limited.listen(0);
    const limitedToken = limited.oauth.issueTokens({ portalId: limited.demoPortalId }).access_token;
    try {
      let last: Answer = { status: 0, body: undefined };
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const response = await fetch(`${server.url}/crm/objects/2026-09/contacts`, {
          headers: { authorization: `Bearer ${limitedToken}` },
        });
        last = { status: response.status, body: (await response.json()) as unknown };
      }
      const operation = matchOperation(
        VERSIONED_OPERATIONS,
        'GET',
        '/crm/objects/2026-09/contacts',
      )!.operation;
      const verdict = validator.verdict(operation, last.status, last.body);
      checked.push({
        label: 'ten-second limit (429)',
        operation: operation.key,
        status: last.status,
        ...(last.status !== 429
          ? { problem: `expected status 429, got ${last.status}` }
          : verdict.kind === 'invalid'
            ? { problem: `${verdict.schema}: ${verdict.problems}` }
            : {}),
      });
    } finally {
      await server.close();
    }
  });

  it('answers every object operation of every emulated type as the spec says', async () => {
    expect(problemsOf(await objectChecks())).toEqual([]);
  });

  it('answers associations, labels and association batches as the spec says', async () => {
    expect(problemsOf(await associationChecks())).toEqual([]);
  });

  it('answers properties, groups, pipelines and owners as the spec says', async () => {
    expect(problemsOf(await schemaChecks())).toEqual([]);
  });

  it('answers workflow callbacks and OAuth as the spec says', async () => {
    expect(problemsOf(await callbackAndOAuthChecks())).toEqual([]);
  });

  it('answers HubSpot’s 429 body when the ten-second budget is spent', async () => {
    expect(problemsOf(await rateLimitChecks())).toEqual([]);
  });

  // Whatever order the tests above ran in (or none of them, with -t): every group of checks has
  // run once before the coverage is counted.
  it('covered every 2026-09 operation the portal serves, and every check matched its schema', async () => {
    for (const group of [
      objectChecks,
      associationChecks,
      schemaChecks,
      callbackAndOAuthChecks,
      rateLimitChecks,
    ])
      await group();
    // What the portal serves: every CRM route for every emulated type, plus the OAuth endpoints.
    const router = createCrmRouter(createPortalRegistry()) as unknown as {
      stack: { route?: { path: string; methods: Record<string, boolean> } }[];
    };
    const served = new Map<string, SpecOperation>();
    const samples: Record<string, string> = {
      fromObjectType: 'deals',
      toObjectType: 'contacts',
      objectId: '11',
      fromObjectId: '11',
      toObjectId: '12',
      associationTypeId: '3',
      propertyName: 'email',
      groupName: 'g',
      ownerId: '5',
      pipelineId: 'default',
      callbackId: 'cb-1',
    };
    for (const layer of router.stack) {
      const route = layer.route;
      if (!route) continue;
      for (const method of Object.keys(route.methods)) {
        const types =
          route.path.includes(':objectType') && route.path.startsWith('/crm/v3/objects')
            ? CRM_OBJECT_TYPES
            : ['deals'];
        for (const type of types) {
          const concrete = route.path.replace(/:(\w+)/g, (_all, name: string) =>
            name === 'objectType' ? type : (samples[name] ?? 'x'),
          );
          const matched = matchLegacyOperation(VERSIONED_OPERATIONS, method, concrete);
          // The legacy-only page of one record's associations has no 2026-09 operation of its own.
          if (matched && !(method === 'get' && /associations\/[^/]+$/.test(concrete)))
            served.set(matched.operation.key, matched.operation);
        }
      }
    }
    for (const operation of VERSIONED_OPERATIONS.filter(
      (candidate) => candidate.file === 'oauth.json',
    ))
      served.set(operation.key, operation);
    const covered = new Set(checked.map((entry) => entry.operation));
    const missing = [...served.keys()].filter((key) => !covered.has(key)).sort();
    const problems = checked.filter((entry) => entry.problem);
    const undocumented = checked.filter((entry) => entry.undocumented);
    console.log(
      `OpenAPI contract: ${covered.size} operations (${served.size} served by the portal, ` +
        `${PRODUCT_OPERATIONS.length} behind the product's calls), ` +
        `${checked.length} responses checked, ${problems.length} mismatches; ` +
        `${undocumented.length} successes without a schema in the spec ` +
        `(${[...new Set(undocumented.map((entry) => entry.operation))].join(', ')}).`,
    );
    expect(
      problems.map(
        (entry) => `${entry.label} — ${entry.operation} → ${entry.status}: ${entry.problem}`,
      ),
    ).toEqual([]);
    expect(missing).toEqual([]);
    const productUnchecked = PRODUCT_OPERATIONS.filter(([method, path]) => {
      const operation = matchOperation(VERSIONED_OPERATIONS, method, path)?.operation;
      return operation === undefined || !covered.has(operation.key);
    });
    expect(productUnchecked).toEqual([]);
  }, 60_000);
});
