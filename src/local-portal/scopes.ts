// Scopes enforced per operation, as each operation's `security` in HubSpot's 2026-09 specs lists
// them (the array lists alternatives: one entry's scopes, all of them, suffice). The same check runs
// on the legacy paths through their 2026-09 twin (see versioned-routes.ts). A token carries the
// scopes granted at authorize time (oauth.ts).
// Scopes: https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/scopes
import type { NextFunction, Request, Response } from 'express';
import { createErrorBody, sendError } from './hubspot-errors.ts';
import type { AccessTokenRecord } from './oauth.ts';
import type { OperationLocals, SpecOperation } from './versioned-routes.ts';

/** The link HubSpot's MISSING_SCOPES body points to. */
export const SCOPES_URL = 'https://developers.hubspot.com/scopes';

/** True when `granted` satisfies one of the operation's alternatives (or it lists none). */
export function hasRequiredScopes(operation: SpecOperation, granted: readonly string[]): boolean {
  if (operation.oauthScopes.length === 0) return true;
  const have = new Set(granted);
  return operation.oauthScopes.some((alternative) => alternative.every((scope) => have.has(scope)));
}

/**
 * HubSpot's 403 body for a token without the operation's scopes, as the API answers it
 * (https://github.com/HubSpot/hubspot-api-nodejs/issues/268 shows the body: this message,
 * `errors[0].context.requiredScopes`, `links.scopes`, category MISSING_SCOPES). HubSpot lists the
 * alternatives there ("One or more of the following scopes are required.").
 */
export function createMissingScopesBody(operation: SpecOperation) {
  const required = [...new Set(operation.oauthScopes.flat())];
  return createErrorBody(
    `This app hasn't been granted all required scopes to make this call. Read more about required scopes here: ${SCOPES_URL}.`,
    'MISSING_SCOPES',
    {
      errors: [
        {
          message: 'One or more of the following scopes are required.',
          context: { requiredScopes: required },
        },
      ],
      links: { scopes: SCOPES_URL },
    },
  );
}

/** Express middleware, after authentication: 403 MISSING_SCOPES unless the token's scopes suffice. */
export function scopeMiddleware(_req: Request, res: Response, next: NextFunction): void {
  const { operation } = res.locals as OperationLocals;
  const token = res.locals.accessToken as AccessTokenRecord | undefined;
  if (
    operation === undefined ||
    token === undefined ||
    hasRequiredScopes(operation, token.scopes)
  ) {
    next();
    return;
  }
  sendError(res, 403, createMissingScopesBody(operation));
}
