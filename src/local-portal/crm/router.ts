// The local portal's CRM API: HubSpot's paths as @hubspot/api-client calls them, for the portal the
// auth middleware put in `res.locals.portalId`.
import express, { type ErrorRequestHandler, type Router } from 'express';
import { CrmApiError, createValidationError } from './hubspot-error.ts';
import { addAssociationRoutes } from './association-routes.ts';
import { addCallbackRoutes, createCallbackLog, type CallbackLog } from './callback-routes.ts';
import { addObjectRoutes } from './objects-routes.ts';
import { addOwnerAndPipelineRoutes } from './owner-routes.ts';
import { addPropertyRoutes } from './property-routes.ts';
import type { SearchIndex } from '../search-index.ts';
import type { PortalRegistry } from '../state.ts';

/** Builds the CRM router; mount it behind the middleware that authenticates the portal. */
export function createCrmRouter(
  registry: PortalRegistry,
  options: { searchIndex?: SearchIndex; callbacks?: CallbackLog; searchResultCap?: number } = {},
): Router {
  const router = express.Router();
  router.use(express.json({ limit: '10mb', type: () => true }));
  addObjectRoutes(router, registry, options.searchIndex, options.searchResultCap);
  addPropertyRoutes(router, registry);
  addAssociationRoutes(router, registry);
  addOwnerAndPipelineRoutes(router, registry);
  addCallbackRoutes(router, registry, options.callbacks ?? createCallbackLog());
  router.use(handleCrmError);
  return router;
}

// Maps failures to HubSpot's error bodies; unparseable JSON is HubSpot's 400 as well.
const handleCrmError: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  let failure: CrmApiError | undefined;
  if (error instanceof CrmApiError) failure = error;
  else if (
    typeof error === 'object' &&
    error !== null &&
    (error as { type?: string }).type === 'entity.parse.failed'
  ) {
    failure = createValidationError(`Invalid input JSON: ${(error as Error).message}`);
  }
  if (!failure) {
    next(error);
    return;
  }
  res.status(failure.status).json(failure.body);
};
