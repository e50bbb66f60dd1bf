// The token endpoints: POST /oauth/v1/token and /oauth/2026-09/token (authorization_code and
// refresh_token grants), /oauth/2026-09/token/introspect and …/token/revoke. See ../oauth.ts for
// the HubSpot pages these rest on.
import express from 'express';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import { sendError } from '../hubspot-errors.ts';
import { createOAuthErrorBody, type OAuthAppConfig, type OAuthErrorCode } from './model.ts';
import type { TokenStore } from './token-store.ts';

/** The client fields both grants send. */
const clientFields = {
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  redirect_uri: z.string().optional(),
};

const tokenFormSchema = z.discriminatedUnion('grant_type', [
  z.object({
    grant_type: z.literal('authorization_code'),
    ...clientFields,
    code: z.string().optional(),
  }),
  z.object({
    grant_type: z.literal('refresh_token'),
    ...clientFields,
    refresh_token: z.string().optional(),
  }),
]);

const tokenHintFormSchema = z.object({
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  token: z.string().min(1),
  token_type_hint: z.string().optional(),
});

function tokenError(res: Response, code: OAuthErrorCode, message: string, error?: string): void {
  sendError(res, 400, createOAuthErrorBody(code, message, error));
}

/** Checks the client credentials of a form; answers the error and returns false when wrong. */
function checkClient(
  app: OAuthAppConfig,
  res: Response,
  form: { client_id?: string; client_secret?: string },
): boolean {
  if (form.client_id !== app.clientId) {
    tokenError(res, 'BAD_CLIENT_ID', 'missing or invalid client id');
    return false;
  }
  if (form.client_secret !== app.clientSecret) {
    tokenError(res, 'BAD_CLIENT_SECRET', 'missing or invalid client secret');
    return false;
  }
  return true;
}

function hubDomain(portalId: number): string {
  return `portal-${portalId}.local-portal.test`;
}

/** The `token` of an introspect or revoke form from this app's client; undefined once refused. */
function readTokenHint(app: OAuthAppConfig, req: Request, res: Response): string | undefined {
  const form = tokenHintFormSchema.safeParse(req.body ?? {});
  if (!form.success) {
    tokenError(res, 'BAD_REQUEST', 'missing or invalid token');
    return undefined;
  }
  return checkClient(app, res, form.data) ? form.data.token : undefined;
}

/**
 * POST /oauth/2026-09/token/introspect: `active` (the spec's only required field) and, for a
 * live token, the metadata HubSpot documents (token_use, token, hub_id, user_id, client_id,
 * app_id, scopes, signed_access_token, expires_in, is_private_distribution, token_type, user,
 * hub_domain: https://developers.hubspot.com/docs/api-reference/latest/authentication/oauth-tokens/token-introspect).
 * An unknown, expired or revoked token is `{ active: false }` (RFC 7662 §2.2). For refresh
 * tokens `token_use` is `refresh_token` and there is no expiry (inferred: HubSpot documents
 * access tokens only). `signed_access_token` carries its documented plain fields; the local
 * portal has no signatures to give.
 */
function introspect(
  store: TokenStore,
  app: OAuthAppConfig,
  clock: Clock,
  req: Request,
  res: Response,
): void {
  const { accessTokens, refreshTokens } = store;
  const value = readTokenHint(app, req, res);
  if (value === undefined) return;
  const access = accessTokens.get(value);
  if (access && access.clientId === app.clientId && clock() < access.expiresAt) {
    const expiresIn = Math.max(0, Math.floor((access.expiresAt - clock()) / 1000));
    res.json({
      active: true,
      token_use: 'access_token',
      token: access.token,
      hub_id: access.portalId,
      user_id: access.userId,
      client_id: access.clientId,
      app_id: app.appId,
      scopes: access.scopes,
      signed_access_token: {
        appId: app.appId,
        expiresAt: access.expiresAt,
        hubId: access.portalId,
        installingUserId: access.userId,
        isPrivateDistribution: false,
        isServiceAccount: false,
        isUserLevel: false,
        scopes: access.scopes.join(' '),
        userId: access.userId,
      },
      expires_in: expiresIn,
      is_private_distribution: false,
      token_type: 'bearer',
      user: access.userEmail,
      hub_domain: hubDomain(access.portalId),
    });
    return;
  }
  const refresh = refreshTokens.get(value);
  if (refresh && refresh.clientId === app.clientId) {
    res.json({
      active: true,
      token_use: 'refresh_token',
      token: refresh.token,
      hub_id: refresh.portalId,
      user_id: refresh.userId,
      client_id: refresh.clientId,
      app_id: app.appId,
      scopes: refresh.scopes,
      is_private_distribution: false,
      token_type: 'refresh',
      user: refresh.userEmail,
      hub_domain: hubDomain(refresh.portalId),
    });
    return;
  }
  res.json({ active: false });
}

/** Adds the token endpoints to `router`. */
export function addTokenRoutes(
  router: Router,
  store: TokenStore,
  app: OAuthAppConfig,
  clock: Clock,
): void {
  const { codes, accessTokens, refreshTokens, changed, issueTokens, issueAccessToken } = store;

  /** The token endpoint, the same on /oauth/v1/token and /oauth/2026-09/token. */
  function handleToken(req: Request, res: Response): void {
    const raw: unknown = req.body ?? {};
    const grantType = (raw as { grant_type?: unknown }).grant_type;
    const parsed = tokenFormSchema.safeParse(raw);
    if (!parsed.success) {
      // HubSpot's status is BAD_GRANT_TYPE either way; a grant type that is present but not one of
      // the two is RFC 6749's unsupported_grant_type, a missing one invalid_request.
      tokenError(
        res,
        'BAD_GRANT_TYPE',
        'missing or invalid grant type',
        typeof grantType === 'string' && grantType.length > 0
          ? 'unsupported_grant_type'
          : 'invalid_request',
      );
      return;
    }
    const form = parsed.data;
    if (!checkClient(app, res, form)) return;
    if (form.grant_type === 'authorization_code') {
      const code = form.code ? codes.get(form.code) : undefined;
      // Single use: the code is gone after the first exchange, whatever its outcome.
      if (form.code) codes.delete(form.code);
      if (!code || clock() >= code.expiresAt || code.clientId !== form.client_id) {
        tokenError(res, 'BAD_AUTH_CODE', 'missing or unknown auth code');
        return;
      }
      if (code.redirectUri !== form.redirect_uri) {
        tokenError(res, 'BAD_REDIRECT_URI', 'redirect_uri does not match initial auth code URL');
        return;
      }
      res.json(issueTokens(code));
      return;
    }
    const refresh = form.refresh_token ? refreshTokens.get(form.refresh_token) : undefined;
    if (!refresh || refresh.clientId !== form.client_id) {
      tokenError(res, 'BAD_REFRESH_TOKEN', 'missing or invalid refresh token');
      return;
    }
    res.json(issueAccessToken(refresh));
  }

  /**
   * POST /oauth/2026-09/token/revoke, the replacement of DELETE /oauth/v1/refresh-tokens/{token}
   * (v1 deprecation changelog above). Revoking a refresh token ends the grant: it can never be
   * refreshed again (invalid_grant / BAD_REFRESH_TOKEN). Access tokens already issued from it stay
   * valid until they expire, as HubSpot documents for the v1 delete ("Access tokens generated with
   * the refresh token will not be affected"; the 2026-09 page says nothing else). Revoking an access
   * token ends that token only. As RFC 7009 §2.2 asks, an unknown token is a success too (200).
   */
  function handleRevoke(req: Request, res: Response): void {
    const value = readTokenHint(app, req, res);
    if (value === undefined) return;
    const removedRefresh =
      refreshTokens.get(value)?.clientId === app.clientId && refreshTokens.delete(value);
    const removedAccess =
      accessTokens.get(value)?.clientId === app.clientId && accessTokens.delete(value);
    if (removedRefresh || removedAccess) changed();
    res.status(200).end();
  }

  const form = express.urlencoded({ extended: false, limit: '16kb' });
  router.post('/oauth/v1/token', form, handleToken);
  router.post('/oauth/2026-09/token', form, handleToken);
  router.post('/oauth/2026-09/token/introspect', form, (req, res) =>
    introspect(store, app, clock, req, res),
  );
  router.post('/oauth/2026-09/token/revoke', form, handleRevoke);
}
