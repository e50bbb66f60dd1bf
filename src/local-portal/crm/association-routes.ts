// Associations v4 and 2026-09: records' associations, labels (association definitions) and batch
// calls. Where 2026-09 answers differently (vendor/hubspot-openapi/2026-09/crm-associations*.json
// against the v4 specs), the versioned path gets the 2026-09 answer: batch create 200 (v4: 201),
// batch archive and batch label archive 200 with an empty batch body (v4: 204), and no `label`
// on an unlabeled type (the 2026-09 AssociationSpecWithLabel has an optional string, where v4
// answers `label: null`).
// https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide
// https://developers.hubspot.com/docs/api-reference/latest/crm/associations/associations-schema/guide
import type { Router } from 'express';
import { z } from 'zod';
import { createValidationError } from './hubspot-error.ts';
import { OBJECT_TYPE_IDS, requireObjectType, type CrmObjectType } from './object-types.ts';
import {
  checkBatchSize,
  createBatchError,
  isVersioned,
  parseBody,
  portalOf,
  readInteger,
  sendBatch,
  sendBatchVoid,
  type BatchErrorEntry,
} from './request-context.ts';
import type { Response } from 'express';
import { findDefaultType } from './association-types.ts';
import type { PortalRegistry, PortalState } from '../state.ts';

const specSchema = z.object({
  associationCategory: z.enum(['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED']),
  associationTypeId: z.number().int(),
});
const idSchema = z.union([z.string(), z.number()]).transform(String);
const labelCreateSchema = z.object({
  name: z.string().min(1),
  label: z.string().min(1),
  inverseLabel: z.string().min(1).optional(),
});
const labelUpdateSchema = z.object({
  associationTypeId: z.number().int(),
  label: z.string().min(1),
  inverseLabel: z.string().min(1).optional(),
});
/** Associations per page of a record's list; HubSpot's default and maximum is 500. */
const MAX_ASSOCIATION_PAGE = 500;

/** Drops `label: null` from association types on a 2026-09 path (the label is optional there). */
function typesFor<T extends { label: string | null }>(res: Response, types: T[]) {
  if (!isVersioned(res)) return types;
  return types.map(({ label, ...rest }) => (label === null ? rest : { ...rest, label }));
}

function page(
  portal: PortalState,
  from: CrmObjectType,
  fromId: string,
  to: CrmObjectType,
  after: number,
  limit: number,
) {
  const all = portal.getObject(from, fromId) ? portal.listAssociations(from, fromId, to) : [];
  const start = after > 0 ? all.findIndex((item) => Number(item.toObjectId) >= after) : 0;
  const slice = start < 0 ? [] : all.slice(start, start + limit);
  const next = start < 0 ? undefined : all[start + limit];
  return { results: slice, ...(next ? { paging: { next: { after: next.toObjectId } } } : {}) };
}

/** The two object types a pair route names (`:fromObjectType`, `:toObjectType`). */
function pairOf(params: Record<string, unknown>): { from: CrmObjectType; to: CrmObjectType } {
  return {
    from: requireObjectType(String(params.fromObjectType)),
    to: requireObjectType(String(params.toObjectType)),
  };
}

/** What a batch route of one pair of object types handles. */
interface BatchCall<Input> {
  portal: PortalState;
  from: CrmObjectType;
  to: CrmObjectType;
  inputs: Input[];
  res: Response;
  startedAt: Date;
}

const BATCH = '/crm/v4/associations/:fromObjectType/:toObjectType/batch';
const pairInput = { from: z.object({ id: idSchema }), to: z.object({ id: idSchema }) };

/** Mounts `POST {BATCH}/{action}`: its inputs parsed with `input` and within the batch limit. */
function batchRoute<S extends z.ZodType>(
  router: Router,
  registry: PortalRegistry,
  action: string,
  input: S,
  handle: (call: BatchCall<z.output<S>>) => void,
): void {
  router.post(`${BATCH}/${action}`, (req, res) => {
    const startedAt = new Date();
    const portal = portalOf(registry, res);
    const { from, to } = pairOf(req.params);
    const { inputs } = parseBody(z.object({ inputs: z.array(input) }), req.body);
    checkBatchSize(inputs);
    handle({ portal, from, to, inputs, res, startedAt });
  });
}

/** The answer of a batch archive: 2026-09 a batch body without results, v4 204. */
function sendArchived(res: Response, startedAt: Date): void {
  if (isVersioned(res)) sendBatchVoid(res, startedAt);
  else res.status(204).end();
}

/** Mounts the association label routes (v4 schema). */
function addLabelRoutes(router: Router, registry: PortalRegistry): void {
  const labels = '/crm/v4/associations/:fromObjectType/:toObjectType/labels';
  router.get(labels, (req, res) => {
    const portal = portalOf(registry, res);
    const { from, to } = pairOf(req.params);
    res.json({ results: typesFor(res, portal.listAssociationTypes(from, to)) });
  });
  router.post(labels, (req, res) => {
    const portal = portalOf(registry, res);
    const body = parseBody(labelCreateSchema, req.body);
    const { from, to } = pairOf(req.params);
    const results = portal.createAssociationLabel(from, to, body);
    res.status(200).json({ results: typesFor(res, results) });
  });
  router.put(labels, (req, res) => {
    const portal = portalOf(registry, res);
    const body = parseBody(labelUpdateSchema, req.body);
    const { from, to } = pairOf(req.params);
    portal.updateAssociationLabel(from, to, body);
    res.status(204).end();
  });
  router.delete(`${labels}/:associationTypeId`, (req, res) => {
    const portal = portalOf(registry, res);
    const { from, to } = pairOf(req.params);
    portal.removeAssociationLabel(from, to, Number(req.params.associationTypeId));
    res.status(204).end();
  });
}

/** Mounts batch read, create and default associations. */
function addBatchWriteRoutes(router: Router, registry: PortalRegistry): void {
  const readInput = z.object({ id: idSchema, after: z.string().optional() });
  batchRoute(
    router,
    registry,
    'read',
    readInput,
    ({ portal, from, to, inputs, res, startedAt }) => {
      const errors: BatchErrorEntry[] = [];
      const results = inputs.flatMap((input) => {
        const after = Number(input.after ?? 0);
        const found = page(portal, from, input.id, to, after, MAX_ASSOCIATION_PAGE);
        if (found.results.length === 0) {
          // HubSpot reports records without associations (or unknown ids) as errors of a 207.
          errors.push(
            createBatchError(
              'OBJECT_NOT_FOUND',
              `No ${to} is associated with ${from} ${input.id}.`,
              {
                fromObjectId: [input.id],
              },
            ),
          );
          return [];
        }
        return [
          {
            from: { id: input.id },
            to: found.results.map((item) => ({
              ...item,
              associationTypes: typesFor(res, item.associationTypes),
            })),
            ...(found.paging ? { paging: found.paging } : {}),
          },
        ];
      });
      sendBatch(res, 200, startedAt, results, errors);
    },
  );
  const createInput = z.object({ ...pairInput, types: z.array(specSchema) });
  batchRoute(router, registry, 'create', createInput, (call) => {
    const { portal, from, to, res } = call;
    const results = call.inputs.map((input) => {
      portal.associate(from, input.from.id, to, input.to.id, input.types);
      return labelsBetween(portal, from, input.from.id, to, input.to.id);
    });
    sendBatch(res, isVersioned(res) ? 200 : 201, call.startedAt, results);
  });
  batchRoute(router, registry, 'associate/default', z.object(pairInput), (call) => {
    const { portal, from, to } = call;
    const results = call.inputs.flatMap((input) =>
      defaultAssociation(portal, from, input.from.id, to, input.to.id),
    );
    sendBatch(call.res, 200, call.startedAt, results);
  });
}

/** Refuses a batch naming a type that is not one of the pair's (HubSpot's own or a portal
 * label) before anything is archived, as HubSpot validates a batch before applying it. */
function checkKnownTypes(
  { portal, from, to }: Pick<BatchCall<unknown>, 'portal' | 'from' | 'to'>,
  inputs: { types: z.output<typeof specSchema>[] }[],
): void {
  const known = new Set(
    portal.listAssociationTypes(from, to).map((type) => `${type.category}:${type.typeId}`),
  );
  inputs.forEach((input, index) => {
    for (const type of input.types) {
      if (!known.has(`${type.associationCategory}:${type.associationTypeId}`)) {
        throw createValidationError(
          `inputs[${index}]: ${type.associationCategory} ${type.associationTypeId} is not a valid association type from ${from} to ${to}`,
        );
      }
    }
  });
}

/** Mounts batch label archive and archive, and the default association of one pair. */
function addBatchArchiveRoutes(router: Router, registry: PortalRegistry): void {
  const labelInput = z.object({ ...pairInput, types: z.array(specSchema).min(1) });
  batchRoute(router, registry, 'labels/archive', labelInput, (call) => {
    // Removes the named types between each pair; a pair left without types is no longer associated.
    const { portal, from, to, inputs } = call;
    checkKnownTypes(call, inputs);
    for (const input of inputs) {
      const current =
        portal
          .listAssociations(from, input.from.id, to)
          .find((item) => item.toObjectId === input.to.id)?.associationTypes ?? [];
      const removed = new Set(
        input.types.map((type) => `${type.associationCategory}:${type.associationTypeId}`),
      );
      const remaining = current
        .filter((type) => !removed.has(`${type.category}:${type.typeId}`))
        .map((type) => ({
          associationCategory: type.category,
          associationTypeId: type.typeId,
        }));
      portal.removeAssociations(from, input.from.id, to, input.to.id);
      if (remaining.length > 0) portal.associate(from, input.from.id, to, input.to.id, remaining);
    }
    sendArchived(call.res, call.startedAt);
  });
  const archiveInput = z.object({ ...pairInput, to: z.array(z.object({ id: idSchema })) });
  batchRoute(router, registry, 'archive', archiveInput, ({ portal, from, to, inputs, ...call }) => {
    for (const input of inputs)
      for (const target of input.to) portal.removeAssociations(from, input.from.id, to, target.id);
    sendArchived(call.res, call.startedAt);
  });

  router.put(
    '/crm/v4/objects/:fromObjectType/:fromObjectId/associations/default/:toObjectType/:toObjectId',
    (req, res) => {
      const startedAt = new Date();
      const portal = portalOf(registry, res);
      const { from, to } = pairOf(req.params);
      const fromId = String(req.params.fromObjectId);
      const results = defaultAssociation(portal, from, fromId, to, String(req.params.toObjectId));
      sendBatch(res, 200, startedAt, results);
    },
  );
}

/** Mounts the routes of one record’s associations. */
function addSingleRoutes(router: Router, registry: PortalRegistry): void {
  const single = '/crm/v4/objects/:objectType/:objectId/associations/:toObjectType';
  router.get(single, (req, res) => {
    const portal = portalOf(registry, res);
    const limit = Math.min(
      readInteger(req.query.limit, 'limit') ?? MAX_ASSOCIATION_PAGE,
      MAX_ASSOCIATION_PAGE,
    );
    const after = readInteger(req.query.after, 'after') ?? 0;
    res.json(
      page(
        portal,
        requireObjectType(String(req.params.objectType)),
        String(req.params.objectId),
        requireObjectType(String(req.params.toObjectType)),
        after,
        limit,
      ),
    );
  });
  router.put(`${single}/:toObjectId`, (req, res) => {
    const portal = portalOf(registry, res);
    const from = requireObjectType(String(req.params.objectType));
    const to = requireObjectType(String(req.params.toObjectType));
    const specs = parseBody(z.array(specSchema).min(1), req.body);
    portal.associate(from, String(req.params.objectId), to, String(req.params.toObjectId), specs);
    res
      .status(201)
      .json(
        labelsBetween(portal, from, String(req.params.objectId), to, String(req.params.toObjectId)),
      );
  });
  router.delete(`${single}/:toObjectId`, (req, res) => {
    const portal = portalOf(registry, res);
    portal.removeAssociations(
      requireObjectType(String(req.params.objectType)),
      String(req.params.objectId),
      requireObjectType(String(req.params.toObjectType)),
      String(req.params.toObjectId),
    );
    res.status(204).end();
  });
}

/** Mounts the v4 association routes on `router`. */
export function addAssociationRoutes(router: Router, registry: PortalRegistry): void {
  addLabelRoutes(router, registry);
  addBatchWriteRoutes(router, registry);
  addBatchArchiveRoutes(router, registry);
  addSingleRoutes(router, registry);
}

function defaultAssociation(
  portal: PortalState,
  from: CrmObjectType,
  fromId: string,
  to: CrmObjectType,
  toId: string,
) {
  portal.associate(from, fromId, to, toId, 'default');
  const type = findDefaultType(from, to);
  if (!type) return [];
  // The response names both directions, as HubSpot's does.
  return [
    {
      from: { id: fromId },
      to: { id: toId },
      associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: type.typeId },
    },
    {
      from: { id: toId },
      to: { id: fromId },
      associationSpec: {
        associationCategory: 'HUBSPOT_DEFINED',
        associationTypeId: type.inverseTypeId,
      },
    },
  ];
}

function labelsBetween(
  portal: PortalState,
  from: CrmObjectType,
  fromId: string,
  to: CrmObjectType,
  toId: string,
) {
  const associated = portal
    .listAssociations(from, fromId, to)
    .find((item) => item.toObjectId === toId);
  return {
    fromObjectTypeId: OBJECT_TYPE_IDS[from],
    fromObjectId: fromId,
    toObjectTypeId: OBJECT_TYPE_IDS[to],
    toObjectId: toId,
    labels: (associated?.associationTypes ?? []).flatMap((type) =>
      type.label ? [type.label] : [],
    ),
  };
}
