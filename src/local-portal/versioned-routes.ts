// The date-versioned API surface of the local portal, read at start-up from HubSpot's own OpenAPI
// specs vendored in `vendor/hubspot-openapi/2026-09/` (copied unchanged from HubSpot's
// public-api-spec-collection). Reading them, instead of generating a module or listing routes by
// hand, keeps exactly one source of truth: a path, a method or a scope exists on a versioned path
// because HubSpot's spec lists it, and updating the vendored files updates the portal.
// Versioning: https://developers.hubspot.com/changelog/introducing-date-based-api-versioning
// Legacy → date-versioned paths: https://developers.hubspot.com/docs/api-reference/legacy/migration-guide
//
// Each versioned request is matched to its spec operation (unlisted → HubSpot's 404), tagged in
// `res.locals.operation` (scopes, contract tests) and then rewritten to the legacy path the CRM
// routers implement, so both path families share one implementation. The counters run before this
// middleware and record the path the caller used.
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import automationActions from '../../vendor/hubspot-openapi/2026-09/automation-actions.json' with { type: 'json' };
import crmAssociationsSchema from '../../vendor/hubspot-openapi/2026-09/crm-associations-schema.json' with { type: 'json' };
import crmAssociations from '../../vendor/hubspot-openapi/2026-09/crm-associations.json' with { type: 'json' };
import crmCompanies from '../../vendor/hubspot-openapi/2026-09/crm-companies.json' with { type: 'json' };
import crmContacts from '../../vendor/hubspot-openapi/2026-09/crm-contacts.json' with { type: 'json' };
import crmDeals from '../../vendor/hubspot-openapi/2026-09/crm-deals.json' with { type: 'json' };
import crmLeads from '../../vendor/hubspot-openapi/2026-09/crm-leads.json' with { type: 'json' };
import crmNotes from '../../vendor/hubspot-openapi/2026-09/crm-notes.json' with { type: 'json' };
import crmObjects from '../../vendor/hubspot-openapi/2026-09/crm-objects.json' with { type: 'json' };
import crmOwners from '../../vendor/hubspot-openapi/2026-09/crm-owners.json' with { type: 'json' };
import crmPipelines from '../../vendor/hubspot-openapi/2026-09/crm-pipelines.json' with { type: 'json' };
import crmProperties from '../../vendor/hubspot-openapi/2026-09/crm-properties.json' with { type: 'json' };
import crmTasks from '../../vendor/hubspot-openapi/2026-09/crm-tasks.json' with { type: 'json' };
import oauth from '../../vendor/hubspot-openapi/2026-09/oauth.json' with { type: 'json' };
import { createErrorBody, sendError } from './hubspot-errors.ts';
import { resolveObjectType } from './crm/object-types.ts';

/** The date version the local portal serves (GA 2026-09-08, the latest stable). */
export const API_VERSION = '2026-09';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** One operation of a vendored spec. */
export interface SpecOperation {
  /** `crm-contacts.json POST /crm/objects/2026-09/{objectType}/search` */
  key: string;
  file: string;
  method: HttpMethod;
  /** The spec's path template. */
  path: string;
  operationId: string;
  /**
   * The object type a per-object spec (crm-contacts.json …) describes: its operations apply to
   * that `{objectType}` only; `undefined` for the generic specs.
   */
  objectType?: string;
  /** The spec's `security` alternatives for OAuth tokens: any one set, all its scopes, suffices. */
  oauthScopes: string[][];
  /** The spec's responses, by status (`200`, `default` …), for the contract tests. */
  responses: Record<string, unknown>;
  literalSegments: number;
  pattern: RegExp;
  parameterNames: string[];
}

/** A vendored spec file. */
export interface VendoredSpec {
  file: string;
  document: unknown;
  objectType?: string;
}

// HubSpot publishes one spec per standard object, all on the same `{objectType}` paths; the file
// names which object it describes (its `info.title`: Contacts, Companies …), tasks included.
export const VENDORED_SPECS: readonly VendoredSpec[] = [
  { file: 'crm-contacts.json', document: crmContacts, objectType: 'contacts' },
  { file: 'crm-companies.json', document: crmCompanies, objectType: 'companies' },
  { file: 'crm-deals.json', document: crmDeals, objectType: 'deals' },
  { file: 'crm-notes.json', document: crmNotes, objectType: 'notes' },
  { file: 'crm-leads.json', document: crmLeads, objectType: 'leads' },
  { file: 'crm-tasks.json', document: crmTasks, objectType: 'tasks' },
  { file: 'crm-objects.json', document: crmObjects },
  { file: 'crm-associations.json', document: crmAssociations },
  { file: 'crm-associations-schema.json', document: crmAssociationsSchema },
  { file: 'crm-properties.json', document: crmProperties },
  { file: 'crm-pipelines.json', document: crmPipelines },
  { file: 'crm-owners.json', document: crmOwners },
  { file: 'automation-actions.json', document: automationActions },
  { file: 'oauth.json', document: oauth },
];

const securitySchema = z.array(z.record(z.string(), z.array(z.string())));
const operationSchema = z.object({
  operationId: z.string().optional(),
  security: securitySchema.optional(),
  responses: z.record(z.string(), z.unknown()),
});
const specSchema = z.object({
  security: securitySchema.optional(),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compileTemplate(path: string): { pattern: RegExp; names: string[]; literals: number } {
  const names: string[] = [];
  let literals = 0;
  const source = path
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (parameter) {
        names.push(parameter[1]!);
        return '([^/]+)';
      }
      if (segment.length > 0) literals += 1;
      return escapeRegExp(segment);
    })
    .join('/');
  return { pattern: new RegExp(`^${source}/?$`), names, literals };
}

/** Reads every operation of the given specs (zod-checked: a malformed spec fails at start-up). */
export function readSpecOperations(specs: readonly VendoredSpec[]): SpecOperation[] {
  const operations: SpecOperation[] = [];
  for (const spec of specs) {
    const document = specSchema.parse(spec.document);
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of METHODS) {
        const raw = item[method.toLowerCase()];
        if (raw === undefined) continue;
        const operation = operationSchema.parse(raw);
        const security = operation.security ?? document.security ?? [];
        const compiled = compileTemplate(path);
        operations.push({
          key: `${spec.file} ${method} ${path}`,
          file: spec.file,
          method,
          path,
          operationId: operation.operationId ?? `${method} ${path}`,
          ...(spec.objectType ? { objectType: spec.objectType } : {}),
          oauthScopes: security.flatMap((entry) => (entry.oauth2 ? [entry.oauth2] : [])),
          responses: operation.responses,
          literalSegments: compiled.literals,
          pattern: compiled.pattern,
          parameterNames: compiled.names,
        });
      }
    }
  }
  return operations;
}

/** Every operation of the vendored 2026-09 specs. */
export const VERSIONED_OPERATIONS: readonly SpecOperation[] = readSpecOperations(VENDORED_SPECS);

/** The canonical name of an object type in a path (`0-1`, `contact` → `contacts`). */
function canonicalObjectType(raw: string): string | undefined {
  const lower = decodeURIComponent(raw).toLowerCase();
  return resolveObjectType(lower);
}

const OWNED_TYPES = new Set(
  VENDORED_SPECS.flatMap((spec) => (spec.objectType ? [spec.objectType] : [])),
);

/** A matched operation with its path parameters. */
export interface MatchedOperation {
  operation: SpecOperation;
  parameters: Record<string, string>;
}

/** Finds the spec operation a request addresses, or undefined when no spec lists it. */
export function matchOperation(
  operations: readonly SpecOperation[],
  method: string,
  path: string,
): MatchedOperation | undefined {
  const upper = method.toUpperCase();
  const candidates: MatchedOperation[] = [];
  for (const operation of operations) {
    if (operation.method !== upper) continue;
    const match = operation.pattern.exec(path);
    if (!match) continue;
    const parameters: Record<string, string> = {};
    operation.parameterNames.forEach((name, index) => {
      parameters[name] = match[index + 1]!;
    });
    // On the shared `{objectType}` paths a per-object spec applies to its own type only, and the
    // generic crm-objects spec to every type no per-object spec describes.
    const rawType = parameters.objectType;
    if (rawType !== undefined && path.startsWith('/crm/objects/')) {
      const type = canonicalObjectType(rawType);
      const owned = type !== undefined && OWNED_TYPES.has(type);
      if (operation.objectType !== undefined && operation.objectType !== type) continue;
      if (operation.objectType === undefined && owned && isPerObjectPath(operation)) continue;
    }
    candidates.push({ operation, parameters });
  }
  // A literal segment beats a parameter (`…/groups` before `…/{propertyName}`).
  candidates.sort((a, b) => b.operation.literalSegments - a.operation.literalSegments);
  return candidates[0];
}

// crm-objects.json repeats the per-object operations for every other type; association paths under
// /crm/objects/… live in crm-associations.json only and apply to every type.
function isPerObjectPath(operation: SpecOperation): boolean {
  return operation.file === 'crm-objects.json';
}

/** True when a path carries a date version segment (`/crm/objects/2026-09/…`). */
export function versionOf(path: string): string | undefined {
  const segments = path.split('/').slice(1, 5);
  return segments.find((segment) => /^\d{4}-\d{2}(-beta)?$/.test(segment));
}

// Versioned prefix ↔ the legacy prefix the CRM routers implement. The association calls on one
// record moved from /crm/v4/objects to /crm/objects/2026-09 with the same shape below the prefix.
interface PrefixRule {
  versioned: RegExp;
  legacy: RegExp;
  toLegacy: string;
  toVersioned: string;
}

/** An API family whose whole prefix moved: `legacy` ↔ `versioned`, up to a segment boundary. */
function familyPrefix(legacy: string, versioned: string): PrefixRule {
  return {
    versioned: new RegExp(`^${escapeRegExp(versioned)}(/|$)`),
    legacy: new RegExp(`^${escapeRegExp(legacy)}(/|$)`),
    toLegacy: `${legacy}$1`,
    toVersioned: `${versioned}$1`,
  };
}

const PREFIXES: readonly PrefixRule[] = [
  {
    versioned: /^\/crm\/objects\/2026-09\/([^/]+\/[^/]+\/associations\/)/,
    legacy: /^\/crm\/v4\/objects\/([^/]+\/[^/]+\/associations\/)/,
    toLegacy: '/crm/v4/objects/$1',
    toVersioned: '/crm/objects/2026-09/$1',
  },
  familyPrefix('/crm/v3/objects', '/crm/objects/2026-09'),
  familyPrefix('/crm/v4/associations', '/crm/associations/2026-09'),
  familyPrefix('/crm/v3/properties', '/crm/properties/2026-09'),
  familyPrefix('/crm/v3/pipelines', '/crm/pipelines/2026-09'),
  familyPrefix('/crm/v3/owners', '/crm/owners/2026-09'),
  familyPrefix('/automation/v4/actions/callbacks', '/automation/actions/callbacks/2026-09'),
];

/** The legacy path implementing a versioned one (`/crm/objects/2026-09/x` → `/crm/v3/objects/x`). */
export function toLegacyPath(path: string): string | undefined {
  const rule = PREFIXES.find((candidate) => candidate.versioned.test(path));
  return rule ? path.replace(rule.versioned, rule.toLegacy) : undefined;
}

/** The versioned path of a legacy one, or undefined when the legacy family has no 2026-09 twin. */
export function toVersionedPath(path: string): string | undefined {
  const rule = PREFIXES.find((candidate) => candidate.legacy.test(path));
  return rule ? path.replace(rule.legacy, rule.toVersioned) : undefined;
}

/**
 * The spec operation that governs a legacy request: its 2026-09 twin. The one legacy call the
 * portal serves without a twin, GET /crm/v4/objects/{type}/{id}/associations/{toType} (a page of one
 * record's associations), is replaced in 2026-09 by the batch read of the same pair (migration
 * guide above) and takes that operation's security.
 */
export function matchLegacyOperation(
  operations: readonly SpecOperation[],
  method: string,
  path: string,
): MatchedOperation | undefined {
  const versioned = toVersionedPath(path);
  if (versioned === undefined) return undefined;
  const direct = matchOperation(operations, method, versioned);
  if (direct) return direct;
  const page = /^\/crm\/objects\/2026-09\/([^/]+)\/[^/]+\/associations\/([^/]+)\/?$/.exec(
    versioned,
  );
  if (method.toUpperCase() === 'GET' && page && path.startsWith('/crm/v4/')) {
    return matchOperation(
      operations,
      'POST',
      `/crm/associations/2026-09/${page[1]}/${page[2]}/batch/read`,
    );
  }
  return undefined;
}

/** What the versioned router leaves for the middlewares after it. */
export interface OperationLocals {
  operation?: SpecOperation;
  /** `2026-09` when the caller used a date-versioned path. */
  apiVersion?: string;
}

/** HubSpot's 404 for a path no API lists (the same body the portal answers every unknown path with). */
export function sendUnknownPath(res: Response): void {
  sendError(
    res,
    404,
    createErrorBody('Unable to find the requested resource.', 'OBJECT_NOT_FOUND'),
  );
}

/**
 * Express middleware: tags each request with its spec operation and rewrites a versioned CRM path
 * to the legacy one the routers implement. A versioned path no 2026-09 spec lists is HubSpot's 404.
 */
export function createVersionedRouting(
  operations: readonly SpecOperation[] = VERSIONED_OPERATIONS,
) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const locals = res.locals as OperationLocals;
    const version = versionOf(req.path);
    if (version === undefined) {
      const legacy = matchLegacyOperation(operations, req.method, req.path);
      if (legacy) locals.operation = legacy.operation;
      next();
      return;
    }
    const matched =
      version === API_VERSION ? matchOperation(operations, req.method, req.path) : undefined;
    if (!matched) {
      sendUnknownPath(res);
      return;
    }
    locals.operation = matched.operation;
    locals.apiVersion = version;
    const legacy = toLegacyPath(req.path);
    if (legacy !== undefined) {
      const query = req.url.indexOf('?');
      req.url = legacy + (query >= 0 ? req.url.slice(query) : '');
    }
    next();
  };
}

/** The object types with their own spec, for tests and documentation. */
export const PER_OBJECT_TYPES: readonly string[] = [...OWNED_TYPES];
