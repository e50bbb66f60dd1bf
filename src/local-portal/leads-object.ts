// HubSpot's Leads object (`0-136`) per portal: portals on Sales Hub have it, others do not. The CRM
// state stores leads like any object (pipeline `lead-pipeline-id` and its stages, state.ts); this
// module adds what makes the object as strict as HubSpot's and switchable per portal:
// - a lead is created only with `hs_lead_name` and an association to an existing contact ("Your
//   new lead: must have a lead name, specified using the hs_lead_name property; must be associated
//   with an existing contact") — https://developers.hubspot.com/docs/api-reference/latest/crm/objects/leads/guide.
//   Status 400 and category VALIDATION_ERROR are HubSpot's for a refused create; the exact message
//   is unconfirmed.
// - a portal without Leads grants no `crm.objects.leads.*` scope at install (they are optional
//   scopes: HubSpot grants an optional scope only where the account has access to it,
//   https://developers.hubspot.com/docs/apps/developer-platform/build-apps/app-configuration), so
//   the Leads endpoints answer 403 MISSING_SCOPES as they would for any token without them; a
//   token that carries the scopes anyway (issued before the switch) gets the same 403. Other
//   endpoints naming the lead object type (pipelines, associations, properties) answer HubSpot's
//   400 for an object type the portal does not have ("Unable to infer object type from: leads").
// The switch: `createLocalPortal({ leadsObject: { portals: { [portalId]: false } } })` or
// `PUT /_local/portals/{portalId}/leads-object {"enabled":false}`.
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import { CrmApiError, createValidationError } from './crm/hubspot-error.ts';
import { createErrorBody, sendError } from './hubspot-errors.ts';
import { createMissingScopesBody } from './scopes.ts';
import type { PortalRegistry } from './state.ts';
import type { OperationLocals } from './versioned-routes.ts';

/** The scopes only a portal with the Leads object grants. */
export const LEADS_SCOPES = ['crm.objects.leads.read', 'crm.objects.leads.write'] as const;
const LEADS_SCOPE_SET = new Set<string>(LEADS_SCOPES);

/** Path segments that name the lead object type (plural, singular, object type id). */
const LEAD_SEGMENT = /\/(leads|lead|0-136)(\/|$)/i;

export interface LeadsObject {
  /** True when the portal has the Leads object. */
  isEnabled(portalId: number): boolean;
  /** Switches the Leads object on or off for a portal. */
  setEnabled(portalId: number, enabled: boolean): void;
  /** The scopes an install grants: the asked-for ones, without the leads scopes where absent. */
  grantableScopes(portalId: number, scopes: readonly string[]): string[];
  /** Middleware after authentication and the scope check: refuses what HubSpot would refuse. */
  middleware(req: Request, res: Response, next: NextFunction): void;
  /** `GET`/`PUT /_local/portals/{portalId}/leads-object`. */
  router: Router;
}

export interface LeadsObjectOptions {
  /** Portals set explicitly; others take `enabledByDefault`. */
  portals?: Record<number, boolean>;
  /** Default for portals not listed (default true: the demo portal is on Sales Hub). */
  enabledByDefault?: boolean;
}

/** The same JSON parser the CRM router uses (it skips a body already parsed here). */
const parseJson = express.json({ limit: '10mb', type: () => true });

const leadCreateSchema = z
  .object({
    properties: z.record(z.string(), z.unknown()).default({}),
    associations: z
      .array(
        z
          .object({
            to: z.object({ id: z.union([z.string(), z.number()]).transform(String) }).loose(),
            types: z
              .array(
                z
                  .object({ associationCategory: z.string(), associationTypeId: z.number() })
                  .loose(),
              )
              .default([]),
          })
          .loose(),
      )
      .default([]),
  })
  .loose();

/** Creates the per-portal Leads switch and its checks. */
export function createLeadsObject(
  registry: PortalRegistry,
  options: LeadsObjectOptions = {},
): LeadsObject {
  const enabled = new Map<number, boolean>(
    Object.entries(options.portals ?? {}).map(([id, on]) => [Number(id), on]),
  );
  const byDefault = options.enabledByDefault ?? true;
  const isEnabled = (portalId: number) => enabled.get(portalId) ?? byDefault;

  /** HubSpot's create rules for one lead input; throws HubSpot's 400. */
  function checkCreate(portalId: number, input: unknown, at: string): void {
    const parsed = leadCreateSchema.safeParse(input ?? {});
    if (!parsed.success) return; // the CRM router answers the shape error itself
    const name = parsed.data.properties.hs_lead_name;
    if (typeof name !== 'string' || name.trim() === '') {
      throw createValidationError(`${at}A lead must have a lead name (hs_lead_name).`, [
        {
          message: 'Property "hs_lead_name" is required',
          code: 'REQUIRED_PROPERTY',
          in: 'hs_lead_name',
        },
      ]);
    }
    const portal = registry.ensure(portalId);
    const toContact = new Set(
      portal.listAssociationTypes('leads', 'contacts').map((type) => type.typeId),
    );
    const associated = parsed.data.associations.some(
      (association) =>
        association.types.some((type) => toContact.has(type.associationTypeId)) &&
        portal.getObject('contacts', association.to.id) !== undefined,
    );
    if (!associated) {
      throw createValidationError(
        `${at}A lead must be associated with an existing contact when it is created.`,
        [{ message: 'Associate the lead with a contact', code: 'REQUIRED_ASSOCIATION' }],
      );
    }
  }

  function middleware(req: Request, res: Response, next: NextFunction): void {
    const portalId = res.locals.portalId as number | undefined;
    const { operation } = res.locals as OperationLocals;
    if (portalId === undefined) {
      next();
      return;
    }
    const leadsOperation = operation?.file === 'crm-leads.json';
    if (!isEnabled(portalId)) {
      if (leadsOperation && operation) {
        sendError(res, 403, createMissingScopesBody(operation));
        return;
      }
      if (LEAD_SEGMENT.test(req.path) && !leadsOperation) {
        sendError(
          res,
          400,
          createErrorBody('Unable to infer object type from: leads', 'VALIDATION_ERROR'),
        );
        return;
      }
      next();
      return;
    }
    const creates =
      leadsOperation &&
      req.method === 'POST' &&
      /\/leads(\/batch\/create)?\/?$/.test(req.path) &&
      !/\/(search|batch\/(read|update|upsert|archive))\/?$/.test(req.path);
    if (!creates) {
      next();
      return;
    }
    parseJson(req, res, (error?: unknown) => {
      if (error) {
        next(error);
        return;
      }
      const body = req.body as { inputs?: unknown[] } | undefined;
      try {
        if (/\/batch\/create\/?$/.test(req.path))
          (body?.inputs ?? []).forEach((input, index) =>
            checkCreate(portalId, input, `inputs[${index}]: `),
          );
        else checkCreate(portalId, body, '');
      } catch (failure) {
        if (!(failure instanceof CrmApiError)) throw failure;
        res.status(failure.status).json(failure.body);
        return;
      }
      next();
    });
  }

  const router = express.Router();
  const portalIdSchema = z.coerce.number().int().positive();
  router.get('/_local/portals/:portalId/leads-object', (req, res) => {
    const portalId = portalIdSchema.safeParse(req.params.portalId);
    if (!portalId.success) {
      res.status(400).json({
        error: 'invalid_request',
        errors: [{ path: 'portalId', message: 'must be a positive integer' }],
      });
      return;
    }
    res.json({ portalId: portalId.data, enabled: isEnabled(portalId.data) });
  });
  router.put('/_local/portals/:portalId/leads-object', express.json(), (req, res) => {
    const portalId = portalIdSchema.safeParse(req.params.portalId);
    const body = z.strictObject({ enabled: z.boolean() }).safeParse(req.body ?? {});
    if (!portalId.success || !body.success) {
      res.status(400).json({
        error: 'invalid_request',
        errors: [
          ...(portalId.success
            ? []
            : [{ path: 'portalId', message: 'must be a positive integer' }]),
          ...(body.success ? [] : [{ path: 'enabled', message: 'must be true or false' }]),
        ],
      });
      return;
    }
    enabled.set(portalId.data, body.data.enabled);
    res.json({ portalId: portalId.data, enabled: body.data.enabled });
  });

  return {
    isEnabled,
    setEnabled: (portalId, on) => enabled.set(portalId, on),
    grantableScopes: (portalId, scopes) =>
      isEnabled(portalId) ? [...scopes] : scopes.filter((scope) => !LEADS_SCOPE_SET.has(scope)),
    middleware,
    router,
  };
}
