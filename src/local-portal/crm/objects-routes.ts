// CRM objects: basic CRUD, batch read/create/update/upsert/archive and search, for every emulated
// object type. https://developers.hubspot.com/docs/api-reference/latest/crm/objects/guide
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { createNotFoundError, createValidationError } from './hubspot-error.ts';
import { SINGULAR_NAMES, type CrmObjectType } from './object-types.ts';
import { readListParameter, viewRecord } from './record-view.ts';
import {
  checkBatchSize,
  createBatchError,
  objectTypeOf,
  parseBody,
  portalOf,
  readFlag,
  readInteger,
  sendBatch,
  type BatchErrorEntry,
} from './request-context.ts';
import { runSearch, searchRequestSchema } from './search.ts';
import type { SearchIndex } from '../search-index.ts';
import type { PortalRegistry, PortalState } from '../state.ts';

/** Records per page of a list; HubSpot's maximum is 100. */
const MAX_LIST_LIMIT = 100;

const valueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const propertiesSchema = z.record(z.string(), valueSchema);
const associationSpecSchema = z.object({
  associationCategory: z.enum(['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED']),
  associationTypeId: z.number().int(),
});
const createSchema = z.object({
  properties: propertiesSchema,
  associations: z
    .array(
      z.object({
        to: z.object({ id: z.union([z.string(), z.number()]) }),
        types: z.array(associationSpecSchema),
      }),
    )
    .optional(),
});
const updateSchema = z.object({ properties: propertiesSchema });
const idSchema = z.union([z.string(), z.number()]).transform(String);
const batchReadSchema = z.object({
  inputs: z.array(z.object({ id: idSchema })),
  properties: z.array(z.string()).optional(),
  propertiesWithHistory: z.array(z.string()).optional(),
  idProperty: z.string().optional(),
});
const batchCreateSchema = z.object({ inputs: z.array(createSchema) });
const batchUpdateSchema = z.object({
  inputs: z.array(
    z.object({ id: idSchema, idProperty: z.string().optional(), properties: propertiesSchema }),
  ),
});
const batchUpsertSchema = z.object({
  inputs: z.array(
    z.object({ id: idSchema, idProperty: z.string().optional(), properties: propertiesSchema }),
  ),
});
const batchArchiveSchema = z.object({ inputs: z.array(z.object({ id: idSchema })) });

// HubSpot refuses a batch naming the same record twice. (message wording unconfirmed)
function checkDuplicateIds(inputs: readonly { id: string }[]): void {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const input of inputs) {
    const key = input.id.toLowerCase();
    if (seen.has(key)) duplicates.add(input.id);
    seen.add(key);
  }
  if (duplicates.size > 0) {
    throw createValidationError(
      `Duplicate IDs found in batch input: [${[...duplicates].join(', ')}]. IDs must be unique`,
    );
  }
}

function requireRecord(
  portal: PortalState,
  type: CrmObjectType,
  id: string,
  idProperty?: string,
  archived = false,
) {
  const record = portal.getObject(type, id, { ...(idProperty ? { idProperty } : {}), archived });
  if (!record) throw createNotFoundError(`Object not found.  objectId are usually numeric.`);
  return record;
}

/** Mounts the list and search routes. */
function addListRoutes(
  router: Router,
  registry: PortalRegistry,
  searchIndex?: SearchIndex,
  searchResultCap?: number,
): void {
  const base = '/crm/v3/objects/:objectType';
  router.get(base, (req, res) => {
    const portal = portalOf(registry, res);
    const type = objectTypeOf(req.params);
    const limit = readInteger(req.query.limit, 'limit') ?? 10;
    if (limit > MAX_LIST_LIMIT)
      throw createValidationError(`limit must be less than or equal to ${MAX_LIST_LIMIT}`);
    const after = readInteger(req.query.after, 'after') ?? 0;
    const records = portal
      .listObjects(type, { archived: readFlag(req.query.archived) })
      .filter((record) => Number(record.id) >= after);
    const page = records.slice(0, limit);
    const next = records[limit];
    const options = {
      properties: readListParameter(req.query.properties),
      propertiesWithHistory: readListParameter(req.query.propertiesWithHistory),
      associations: readListParameter(req.query.associations),
    };
    res.json({
      results: page.map((record) => viewRecord(portal, record, options)),
      ...(next
        ? {
            paging: {
              next: { after: next.id, link: `${req.baseUrl}${req.path}?after=${next.id}` },
            },
          }
        : {}),
    });
  });

  router.post(`${base}/search`, (req, res) => {
    const portal = portalOf(registry, res);
    const type = objectTypeOf(req.params);
    const request = parseBody(searchRequestSchema, req.body);
    // Search answers from the index, which may lag the writes (search-index.ts); reads by id do not.
    const records = searchIndex
      ? searchIndex.visibleRecords(portal, type)
      : portal.listObjects(type);
    const page = runSearch(records, portal.listProperties(type), request, searchResultCap);
    const options =
      request.properties && request.properties.length > 0 ? { properties: request.properties } : {};
    res.json({
      total: page.total,
      results: page.results.map((record) => viewRecord(portal, record, options)),
      ...(page.nextAfter ? { paging: { next: { after: page.nextAfter, link: '' } } } : {}),
    });
  });
}

/** What a batch route of one object type handles. */
interface BatchCall<Body> {
  req: Request;
  res: Response;
  portal: PortalState;
  type: CrmObjectType;
  body: Body;
  startedAt: Date;
}

/** Mounts `POST …/batch/{action}`: its body parsed with `schema` and within the batch limit. */
function batchRoute<S extends z.ZodType<{ inputs: readonly unknown[] }>>(
  router: Router,
  registry: PortalRegistry,
  action: string,
  schema: S,
  handle: (call: BatchCall<z.output<S>>) => void,
): void {
  router.post(`/crm/v3/objects/:objectType/batch/${action}`, (req, res) => {
    const startedAt = new Date();
    const portal = portalOf(registry, res);
    const type = objectTypeOf(req.params);
    const body = parseBody(schema, req.body);
    checkBatchSize(body.inputs);
    handle({ req, res, portal, type, body, startedAt });
  });
}

/** The batch's one OBJECT_NOT_FOUND entry for the `missing` ids, if any are missing. */
function notFoundErrors(missing: string[], message: string): BatchErrorEntry[] {
  return missing.length > 0
    ? [createBatchError('OBJECT_NOT_FOUND', message, { ids: missing })]
    : [];
}

/** Mounts batch read, create and update. */
function addBatchRoutes(router: Router, registry: PortalRegistry): void {
  batchRoute(
    router,
    registry,
    'read',
    batchReadSchema,
    ({ req, res, portal, type, body, startedAt }) => {
      const archived = readFlag(req.query.archived);
      const missing: string[] = [];
      const results = body.inputs.flatMap((input) => {
        const record = portal.getObject(type, input.id, {
          ...(body.idProperty ? { idProperty: body.idProperty } : {}),
          archived,
        });
        if (!record) {
          missing.push(input.id);
          return [];
        }
        return [
          viewRecord(portal, record, {
            ...(body.properties ? { properties: body.properties } : {}),
            ...(body.propertiesWithHistory
              ? { propertiesWithHistory: body.propertiesWithHistory }
              : {}),
          }),
        ];
      });
      const errors = notFoundErrors(
        missing,
        `Could not get some ${SINGULAR_NAMES[type].toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
      );
      sendBatch(res, 200, startedAt, results, errors);
    },
  );

  batchRoute(
    router,
    registry,
    'create',
    batchCreateSchema,
    ({ res, portal, type, body, startedAt }) => {
      // Validation failures reject the whole batch with one 400, before anything is written.
      for (const input of body.inputs) portal.validateWrite(type, undefined, input.properties);
      const results = body.inputs.map((input) =>
        viewRecord(
          portal,
          portal.createObject(
            type,
            input.properties,
            input.associations ? { associations: input.associations } : {},
          ),
          { all: true },
        ),
      );
      sendBatch(res, 201, startedAt, results);
    },
  );

  batchRoute(
    router,
    registry,
    'update',
    batchUpdateSchema,
    ({ res, portal, type, body, startedAt }) => {
      checkDuplicateIds(body.inputs);
      const missing: string[] = [];
      const present = body.inputs.filter((input) => {
        const found = portal.getObject(
          type,
          input.id,
          input.idProperty ? { idProperty: input.idProperty } : {},
        );
        if (!found) missing.push(input.id);
        return found !== undefined;
      });
      for (const input of present)
        portal.validateWrite(
          type,
          input.id,
          input.properties,
          input.idProperty ? { idProperty: input.idProperty } : {},
        );
      const results = present.map((input) =>
        viewRecord(
          portal,
          portal.updateObject(
            type,
            input.id,
            input.properties,
            input.idProperty ? { idProperty: input.idProperty } : {},
          ),
          { all: true },
        ),
      );
      const errors = notFoundErrors(
        missing,
        `Could not find some ${SINGULAR_NAMES[type]} objects to update.`,
      );
      sendBatch(res, 200, startedAt, results, errors);
    },
  );
}

/** Mounts batch upsert and archive. */
function addBatchUpsertArchiveRoutes(router: Router, registry: PortalRegistry): void {
  batchRoute(
    router,
    registry,
    'upsert',
    batchUpsertSchema,
    ({ res, portal, type, body, startedAt }) => {
      checkDuplicateIds(body.inputs);
      // Upsert matches on a unique property (`idProperty`), e.g. a contact's email.
      // https://developers.hubspot.com/docs/api-reference/latest/crm/objects/guide (upsert records)
      const plans = body.inputs.map((input) => {
        const idProperty = input.idProperty ?? 'hs_object_id';
        const existing = portal.getObject(type, input.id, { idProperty });
        const properties =
          existing || idProperty === 'hs_object_id'
            ? input.properties
            : { ...input.properties, [idProperty]: input.id };
        if (!existing && idProperty === 'hs_object_id') {
          throw createValidationError(
            `Upsert needs an idProperty to create records; no ${SINGULAR_NAMES[type]} with ID ${input.id} exists`,
          );
        }
        portal.validateWrite(type, existing?.id, properties);
        return { existing, properties };
      });
      const results = plans.map(({ existing, properties }) => {
        const record = existing
          ? portal.updateObject(type, existing.id, properties)
          : portal.createObject(type, properties);
        return { ...viewRecord(portal, record, { all: true }), new: existing === undefined };
      });
      sendBatch(res, 200, startedAt, results);
    },
  );

  batchRoute(router, registry, 'archive', batchArchiveSchema, ({ res, portal, type, body }) => {
    for (const input of body.inputs) portal.archiveObject(type, input.id);
    res.status(204).end();
  });
}

/** Mounts the routes of one record. */
function addRecordRoutes(router: Router, registry: PortalRegistry): void {
  const base = '/crm/v3/objects/:objectType';
  router.post(base, (req, res) => {
    const portal = portalOf(registry, res);
    const type = objectTypeOf(req.params);
    const body = parseBody(createSchema, req.body);
    const record = portal.createObject(
      type,
      body.properties,
      body.associations ? { associations: body.associations } : {},
    );
    res.status(201).json(viewRecord(portal, record, { all: true }));
  });

  router.get(`${base}/:objectId`, (req, res) => {
    const portal = portalOf(registry, res);
    const type = objectTypeOf(req.params);
    const idProperty = typeof req.query.idProperty === 'string' ? req.query.idProperty : undefined;
    const record = requireRecord(
      portal,
      type,
      String(req.params.objectId),
      idProperty,
      readFlag(req.query.archived),
    );
    res.json(
      viewRecord(portal, record, {
        properties: readListParameter(req.query.properties),
        propertiesWithHistory: readListParameter(req.query.propertiesWithHistory),
        associations: readListParameter(req.query.associations),
      }),
    );
  });

  router.patch(`${base}/:objectId`, (req, res) => {
    const portal = portalOf(registry, res);
    const type = objectTypeOf(req.params);
    const body = parseBody(updateSchema, req.body);
    const idProperty = typeof req.query.idProperty === 'string' ? req.query.idProperty : undefined;
    const record = requireRecord(portal, type, String(req.params.objectId), idProperty);
    res.json(
      viewRecord(portal, portal.updateObject(type, record.id, body.properties), { all: true }),
    );
  });

  router.delete(`${base}/:objectId`, (req, res) => {
    const portal = portalOf(registry, res);
    const type = objectTypeOf(req.params);
    // Archiving a missing record is a 204 too: the call is idempotent.
    portal.archiveObject(type, String(req.params.objectId));
    res.status(204).end();
  });
}

/** Mounts the object routes on `router`. */
export function addObjectRoutes(
  router: Router,
  registry: PortalRegistry,
  searchIndex?: SearchIndex,
  searchResultCap?: number,
): void {
  addListRoutes(router, registry, searchIndex, searchResultCap);
  addBatchRoutes(router, registry);
  addBatchUpsertArchiveRoutes(router, registry);
  addRecordRoutes(router, registry);
}
