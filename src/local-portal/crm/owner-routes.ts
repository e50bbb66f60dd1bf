// Owners (v3) and pipelines (v3, read side).
// https://developers.hubspot.com/docs/api-reference/latest/crm/owners/guide
// https://developers.hubspot.com/docs/api-reference/latest/crm/pipelines/guide
import type { Router } from 'express';
import { createNotFoundError, createValidationError } from './hubspot-error.ts';
import { portalOf, readFlag, readInteger } from './request-context.ts';
import type { Owner, Pipeline, PortalRegistry, PortalState } from '../state.ts';

/** Owners per page; HubSpot's maximum is 500. */
const MAX_OWNER_LIMIT = 500;
// Default pipelines exist from the portal's creation; the local portal dates them at the epoch.
const PIPELINE_DATE = new Date(0).toISOString();

function viewOwner(owner: Owner) {
  return {
    id: owner.id,
    email: owner.email,
    type: 'PERSON',
    firstName: owner.firstName,
    lastName: owner.lastName,
    userId: owner.userId,
    userIdIncludingInactive: owner.userId,
    createdAt: new Date(owner.createdAt).toISOString(),
    updatedAt: new Date(owner.updatedAt).toISOString(),
    archived: owner.archived,
    teams: owner.teams,
  };
}

/** The pipeline a `/:objectType/:pipelineId` path names; HubSpot's 404 when there is none. */
function pipelineOf(portal: Pick<PortalState, 'getPipeline'>, params: Record<string, unknown>) {
  const pipeline = portal.getPipeline(String(params.objectType), String(params.pipelineId));
  if (!pipeline) throw createNotFoundError(`Pipeline ${String(params.pipelineId)} not found`);
  return pipeline;
}

function viewPipeline(pipeline: Pipeline) {
  return {
    id: pipeline.id,
    label: pipeline.label,
    displayOrder: pipeline.displayOrder,
    createdAt: PIPELINE_DATE,
    updatedAt: PIPELINE_DATE,
    archived: pipeline.archived,
    stages: pipeline.stages.map((stage) => ({
      ...stage,
      createdAt: PIPELINE_DATE,
      updatedAt: PIPELINE_DATE,
      writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
    })),
  };
}

/** Mounts the owner and pipeline routes on `router`. */
export function addOwnerAndPipelineRoutes(router: Router, registry: PortalRegistry): void {
  router.get('/crm/v3/owners', (req, res) => {
    const portal = portalOf(registry, res);
    const limit = readInteger(req.query.limit, 'limit') ?? 100;
    if (limit > MAX_OWNER_LIMIT)
      throw createValidationError(`limit must be less than or equal to ${MAX_OWNER_LIMIT}`);
    const after = readInteger(req.query.after, 'after') ?? 0;
    const email = typeof req.query.email === 'string' ? req.query.email.toLowerCase() : undefined;
    const owners = portal
      .listOwners({ archived: readFlag(req.query.archived) })
      .filter(
        (owner) => (email === undefined || owner.email === email) && Number(owner.id) >= after,
      );
    const next = owners[limit];
    res.json({
      results: owners.slice(0, limit).map(viewOwner),
      ...(next ? { paging: { next: { after: next.id, link: `?after=${next.id}` } } } : {}),
    });
  });
  router.get('/crm/v3/owners/:ownerId', (req, res) => {
    const portal = portalOf(registry, res);
    const owner = portal.getOwner(String(req.params.ownerId));
    if (!owner || owner.archived !== readFlag(req.query.archived))
      throw createNotFoundError(`Owner ${String(req.params.ownerId)} not found`);
    res.json(viewOwner(owner));
  });

  router.get('/crm/v3/pipelines/:objectType', (req, res) => {
    const portal = portalOf(registry, res);
    res.json({ results: portal.listPipelines(String(req.params.objectType)).map(viewPipeline) });
  });
  router.get('/crm/v3/pipelines/:objectType/:pipelineId', (req, res) => {
    const pipeline = pipelineOf(portalOf(registry, res), req.params);
    res.json(viewPipeline(pipeline));
  });
  router.get('/crm/v3/pipelines/:objectType/:pipelineId/stages', (req, res) => {
    const pipeline = pipelineOf(portalOf(registry, res), req.params);
    res.json({ results: viewPipeline(pipeline).stages });
  });
}
