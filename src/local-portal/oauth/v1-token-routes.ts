// The v1 token metadata endpoints: GET /oauth/v1/access-tokens/{token} and
// GET|DELETE /oauth/v1/refresh-tokens/{token}.
// https://developers.hubspot.com/docs/api-reference/legacy/authentication/oauth-tokens/v1/guide
import type { Router } from 'express';
import type { Clock } from '../clock.ts';
import { createErrorBody, sendError } from '../hubspot-errors.ts';
import type { OAuthAppConfig } from './model.ts';
import type { TokenStore } from './token-store.ts';

/** What the v1 metadata of an access and of a refresh token share: the token and whose it is. */
function tokenOwner(record: {
  token: string;
  userEmail: string;
  portalId: number;
  scopes: string[];
}) {
  return {
    token: record.token,
    user: record.userEmail,
    hub_domain: `portal-${record.portalId}.local-portal.test`,
    scopes: record.scopes,
    hub_id: record.portalId,
  };
}

/** Adds the v1 token metadata endpoints to `router`. */
export function addV1TokenRoutes(
  router: Router,
  store: TokenStore,
  app: OAuthAppConfig,
  clock: Clock,
): void {
  const { accessTokens, refreshTokens, changed } = store;

  router.get('/oauth/v1/access-tokens/:token', (req, res) => {
    const record = accessTokens.get(req.params.token);
    if (!record || clock() >= record.expiresAt) {
      sendError(
        res,
        404,
        createErrorBody('The access token is expired or invalid', 'OBJECT_NOT_FOUND'),
      );
      return;
    }
    res.json({
      ...tokenOwner(record),
      app_id: app.appId,
      expires_in: Math.max(0, Math.floor((record.expiresAt - clock()) / 1000)),
      user_id: record.userId,
      token_type: 'access',
    });
  });

  router.get('/oauth/v1/refresh-tokens/:token', (req, res) => {
    const record = refreshTokens.get(req.params.token);
    if (!record) {
      sendError(res, 404, createErrorBody('The refresh token is invalid', 'OBJECT_NOT_FOUND'));
      return;
    }
    res.json({
      ...tokenOwner(record),
      client_id: record.clientId,
      user_id: record.userId,
      token_type: 'refresh',
    });
  });

  router.delete('/oauth/v1/refresh-tokens/:token', (req, res) => {
    if (!refreshTokens.delete(req.params.token)) {
      sendError(res, 404, createErrorBody('The refresh token is invalid', 'OBJECT_NOT_FOUND'));
      return;
    }
    changed();
    res.status(204).end();
  });
}
