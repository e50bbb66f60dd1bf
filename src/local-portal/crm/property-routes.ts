// Properties and property groups (v3). https://developers.hubspot.com/docs/api/crm/properties
import type { Router } from 'express';
import { z } from 'zod';
import { createNotFoundError } from './hubspot-error.ts';
import { SINGULAR_NAMES } from './object-types.ts';
import {
  checkBatchSize,
  createBatchError,
  isVersioned,
  objectTypeOf,
  parseBody,
  portalOf,
  readFlag,
  sendBatch,
  type BatchErrorEntry,
} from './request-context.ts';
import { CrmApiError, type PortalRegistry, type PropertyCreateInput } from '../state.ts';

const optionSchema = z.object({
  label: z.string(),
  value: z.string(),
  displayOrder: z.number().int().optional(),
  hidden: z.boolean().optional(),
  description: z.string().optional(),
});
const propertyCreateSchema = z.object({
  name: z.string().min(1),
  label: z.string().min(1),
  type: z.string().min(1),
  fieldType: z.string().min(1),
  groupName: z.string().min(1),
  description: z.string().optional(),
  options: z.array(optionSchema).optional(),
  displayOrder: z.number().int().optional(),
  hasUniqueValue: z.boolean().optional(),
  hidden: z.boolean().optional(),
  formField: z.boolean().optional(),
});
const propertyUpdateSchema = propertyCreateSchema
  .omit({ name: true, hasUniqueValue: true })
  .partial();
const groupCreateSchema = z.object({
  name: z.string().min(1),
  label: z.string().min(1),
  displayOrder: z.number().int().optional(),
});
const groupUpdateSchema = z.object({
  label: z.string().min(1).optional(),
  displayOrder: z.number().int().optional(),
});

/** Mounts the property and group routes on `router` (groups first: `groups` is not a property name). */
export function addPropertyRoutes(router: Router, registry: PortalRegistry): void {
  const base = '/crm/v3/properties/:objectType';

  router.get(`${base}/groups`, (req, res) => {
    const portal = portalOf(registry, res);
    res.json({ results: portal.listGroups(objectTypeOf(req.params)) });
  });
  router.get(`${base}/groups/:groupName`, (req, res) => {
    const portal = portalOf(registry, res);
    const type = objectTypeOf(req.params);
    const group = portal.getGroup(type, String(req.params.groupName));
    if (!group)
      throw createNotFoundError(
        `Unable to find property group ${String(req.params.groupName)} for object type ${SINGULAR_NAMES[type]}`,
      );
    res.json(group);
  });
  router.post(`${base}/groups`, (req, res) => {
    const portal = portalOf(registry, res);
    const body = parseBody(groupCreateSchema, req.body);
    res.status(201).json(portal.createGroup(objectTypeOf(req.params), body));
  });
  router.patch(`${base}/groups/:groupName`, (req, res) => {
    const portal = portalOf(registry, res);
    const body = parseBody(groupUpdateSchema, req.body);
    res.json(portal.updateGroup(objectTypeOf(req.params), String(req.params.groupName), body));
  });
  router.delete(`${base}/groups/:groupName`, (req, res) => {
    const portal = portalOf(registry, res);
    portal.archiveGroup(objectTypeOf(req.params), String(req.params.groupName));
    res.status(204).end();
  });

  router.post(`${base}/batch/create`, (req, res) => {
    const startedAt = new Date();
    const portal = portalOf(registry, res);
    const type = objectTypeOf(req.params);
    const body = parseBody(z.object({ inputs: z.array(propertyCreateSchema) }), req.body);
    checkBatchSize(body.inputs);
    const errors: BatchErrorEntry[] = [];
    const results = body.inputs.flatMap((input) => {
      try {
        return [portal.createProperty(type, input as PropertyCreateInput)];
      } catch (error) {
        if (!(error instanceof CrmApiError)) throw error;
        errors.push(
          createBatchError(error.body.category, error.body.message, { name: [input.name] }),
        );
        return [];
      }
    });
    // 2026-09 answers a batch create with 200 (crm-properties.json), v3 with 201.
    sendBatch(res, isVersioned(res) ? 200 : 201, startedAt, results, errors);
  });
  router.post(`${base}/batch/read`, (req, res) => {
    const startedAt = new Date();
    const portal = portalOf(registry, res);
    const type = objectTypeOf(req.params);
    const body = parseBody(z.object({ inputs: z.array(z.object({ name: z.string() })) }), req.body);
    const missing: string[] = [];
    const results = body.inputs.flatMap((input) => {
      const property = portal.getProperty(type, input.name);
      if (!property) missing.push(input.name);
      return property ? [property] : [];
    });
    const errors =
      missing.length > 0
        ? [
            createBatchError('OBJECT_NOT_FOUND', 'Some properties were not found', {
              name: missing,
            }),
          ]
        : [];
    sendBatch(res, 200, startedAt, results, errors);
  });
  router.post(`${base}/batch/archive`, (req, res) => {
    const portal = portalOf(registry, res);
    const type = objectTypeOf(req.params);
    const body = parseBody(z.object({ inputs: z.array(z.object({ name: z.string() })) }), req.body);
    for (const input of body.inputs)
      if (portal.getProperty(type, input.name)) portal.archiveProperty(type, input.name);
    res.status(204).end();
  });

  router.get(base, (req, res) => {
    const portal = portalOf(registry, res);
    res.json({
      results: portal.listProperties(objectTypeOf(req.params), {
        archived: readFlag(req.query.archived),
      }),
    });
  });
  router.get(`${base}/:propertyName`, (req, res) => {
    const portal = portalOf(registry, res);
    const type = objectTypeOf(req.params);
    const property = portal.getProperty(type, String(req.params.propertyName));
    if (!property)
      throw createNotFoundError(
        `Unable to find property ${String(req.params.propertyName)} for object type ${SINGULAR_NAMES[type]}`,
      );
    res.json(property);
  });
  router.post(base, (req, res) => {
    const portal = portalOf(registry, res);
    const body = parseBody(propertyCreateSchema, req.body);
    res
      .status(201)
      .json(portal.createProperty(objectTypeOf(req.params), body as PropertyCreateInput));
  });
  router.patch(`${base}/:propertyName`, (req, res) => {
    const portal = portalOf(registry, res);
    const body = parseBody(propertyUpdateSchema, req.body);
    res.json(
      portal.updateProperty(objectTypeOf(req.params), String(req.params.propertyName), body),
    );
  });
  router.delete(`${base}/:propertyName`, (req, res) => {
    const portal = portalOf(registry, res);
    portal.archiveProperty(objectTypeOf(req.params), String(req.params.propertyName));
    res.status(204).end();
  });
}
