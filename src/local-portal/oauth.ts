// HubSpot's OAuth 2 authorization-code flow, played locally:
// - install/authorize URL and its parameters (client_id, redirect_uri, scope, optional_scope, state):
//   https://developers.hubspot.com/docs/api/oauth-quickstart-guide
// - POST /oauth/v1/token (form-encoded, authorization_code and refresh_token grants), token metadata
//   GET /oauth/v1/access-tokens/{token} and GET|DELETE /oauth/v1/refresh-tokens/{token}:
//   https://developers.hubspot.com/docs/api-reference/legacy/authentication/oauth-tokens/v1/guide
// - access tokens expire after 30 minutes (expires_in 1800); the authorization code is single use;
//   refreshing returns a new access token and the same refresh token; the old access token stays
//   valid until it expires: same page.
// - the 2026-09 endpoints (vendor/hubspot-openapi/2026-09/oauth.json; v1 sunsets 2027-02-16,
//   https://developers.hubspot.com/changelog/v1-oauth-api-deprecation): POST /oauth/2026-09/token,
//   …/token/introspect and …/token/revoke, every parameter in a form body
//   (https://developers.hubspot.com/docs/api-reference/latest/authentication/manage-oauth-tokens).
// Local mode approves every install at once: there is no consent screen.
import { randomBytes } from 'node:crypto';
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import type { Clock } from './clock.ts';
import { createErrorBody, sendError } from './hubspot-errors.ts';

/** The app as HubSpot knows it. */
export interface OAuthAppConfig {
  appId: number;
  clientId: string;
  clientSecret: string;
  redirectUrls: string[];
}

/** Who granted access to which portal, with which scopes. */
export interface Grant {
  portalId: number;
  scopes: string[];
  userId: number;
  userEmail: string;
}

interface AuthorizationCode extends Grant {
  code: string;
  clientId: string;
  redirectUri: string;
  expiresAt: number;
}

/** A stored access token. */
export interface AccessTokenRecord extends Grant {
  token: string;
  clientId: string;
  refreshToken: string;
  expiresAt: number;
}

/** A stored refresh token. */
export interface RefreshTokenRecord extends Grant {
  token: string;
  clientId: string;
}

/**
 * What the token endpoint answers (v1 and 2026-09): the tokens plus `hub_id`, `user_id` and
 * `scopes` (https://developers.hubspot.com/changelog/additional-details-returned-when-generating-oauth-access-tokens;
 * userId/hubId on https://developers.hubspot.com/docs/api-reference/legacy/authentication/oauth-tokens/v1/refresh-oauth-token)
 * and `token_use`. HubSpot's spec documents no success body for the token endpoint; the value
 * `access_token` is the one its introspection endpoint documents for `token_use` (inferred).
 */
export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: 'bearer';
  hub_id: number;
  user_id: number;
  scopes: string[];
  token_use: 'access_token';
}

/** The result of checking a bearer token. */
export type AuthResult =
  | { ok: true; token: AccessTokenRecord }
  | { ok: false; reason: 'missing' | 'unknown' }
  | { ok: false; reason: 'expired'; expiredAt: number };

/** Persistable OAuth state (codes are short-lived and not kept). */
export interface OAuthSnapshot {
  accessTokens: AccessTokenRecord[];
  refreshTokens: RefreshTokenRecord[];
}

/** Options of the OAuth server. */
export interface OAuthServerOptions {
  app: OAuthAppConfig;
  clock: Clock;
  /** HubSpot: 1800 s. */
  accessTokenTtlSeconds: number;
  /** The portal an install lands in when `portal_id` is not given. */
  defaultPortalId: number;
  /** Scopes of tokens issued directly (`issueTokens` without `scopes`): the app's own scopes. */
  defaultScopes?: readonly string[];
  /** Creates the portal if it does not exist yet. */
  ensurePortal(portalId: number): void;
  /** The scopes an install into `portalId` grants (optional scopes only where the portal has them). */
  grantableScopes?(portalId: number, scopes: string[]): string[];
  /** Called after tokens change (persistence). */
  onChange?(): void;
}

/** The local OAuth server. */
export interface OAuthServer {
  /** /oauth/authorize and /oauth/v1/… routes. */
  router: Router;
  /** Checks an Authorization header value. */
  authenticate(authorization: string | undefined): AuthResult;
  /** Express middleware: 401 with HubSpot's body, or `res.locals.portalId` set from the token. */
  middleware(req: Request, res: Response, next: NextFunction): void;
  /** Issues tokens directly (tests, benchmarks, the CLI); the portal is created if needed. */
  issueTokens(grant: Partial<Grant> & { portalId: number }): TokenResponse;
  /**
   * Revokes a portal's grant as an uninstall does: every refresh and access token of the app in
   * that portal stops working at once. Returns how many tokens were removed.
   */
  revokeGrant(portalId: number): { refreshTokens: number; accessTokens: number };
  snapshot(): OAuthSnapshot;
  restore(snapshot: unknown): void;
}

/** Authorization codes are short-lived (HubSpot: "a short window"; 10 minutes here, unconfirmed). */
export const AUTHORIZATION_CODE_TTL_MS = 10 * 60 * 1000;
/** The user who approves local installs. */
export const LOCAL_USER = { userId: 7_000_001, userEmail: 'local.user@example.com' } as const;

// HubSpot's 401 messages (https://developers.hubspot.com/changelog/improvements-to-authentication-errors-for-v3-endpoints-in-developer-preview-program
// quotes the "not found" text; the "expired" text is as HubSpot answers, category unconfirmed).
const CREDENTIALS_NOT_FOUND =
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';

function newToken(prefix: string): string {
  return `${prefix}-${randomBytes(24).toString('base64url')}`;
}

function describeAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} minute(s)`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} hour(s)`;
  return `${Math.floor(hours / 24)} day(s)`;
}

const authorizeQuerySchema = z.object({
  client_id: z.string().min(1),
  redirect_uri: z.url(),
  scope: z.string().min(1),
  optional_scope: z.string().optional(),
  state: z.string().optional(),
  portal_id: z.coerce.number().int().positive().optional(),
});

const tokenFormSchema = z.discriminatedUnion('grant_type', [
  z.object({
    grant_type: z.literal('authorization_code'),
    client_id: z.string().optional(),
    client_secret: z.string().optional(),
    redirect_uri: z.string().optional(),
    code: z.string().optional(),
  }),
  z.object({
    grant_type: z.literal('refresh_token'),
    client_id: z.string().optional(),
    client_secret: z.string().optional(),
    redirect_uri: z.string().optional(),
    refresh_token: z.string().optional(),
  }),
]);

const tokenHintFormSchema = z.object({
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  token: z.string().min(1),
  token_type_hint: z.string().optional(),
});

/** The token endpoint's `status` codes (HubSpot v1) and the RFC 6749 §5.2 `error` each maps to. */
export const OAUTH_ERROR_CODES = {
  BAD_GRANT_TYPE: 'invalid_request',
  BAD_REQUEST: 'invalid_request',
  BAD_CLIENT_ID: 'invalid_client',
  BAD_CLIENT_SECRET: 'invalid_client',
  BAD_AUTH_CODE: 'invalid_grant',
  BAD_REDIRECT_URI: 'invalid_grant',
  BAD_REFRESH_TOKEN: 'invalid_grant',
} as const;
export type OAuthErrorCode = keyof typeof OAUTH_ERROR_CODES;

/**
 * A token-endpoint error: HubSpot's `status` naming the problem and `message` (v1, e.g.
 * BAD_REFRESH_TOKEN "missing or invalid refresh token":
 * https://nango.dev/blog/hubspot-oauth-bad-refresh-token), the `category` and `correlationId` the
 * 2026-09 spec's Error schema requires, and RFC 6749 §5.2's `error` / `error_description`, which
 * the 2026-09 endpoints add ("standardized error responses": the v1 migration guide,
 * https://developers.hubspot.com/docs/api-reference/legacy/authentication/oauth-tokens/v1/migration-guide).
 * Every one is a 400, as v1 answers them and RFC 6749 §5.2 allows (HubSpot documents no 401 here).
 */
export function createOAuthErrorBody(
  code: OAuthErrorCode,
  message: string,
  error: string = OAUTH_ERROR_CODES[code],
) {
  return {
    ...createErrorBody(message, 'VALIDATION_ERROR'),
    status: code,
    error,
    error_description: message,
  };
}

const snapshotSchema = z.object({
  accessTokens: z.array(
    z.object({
      token: z.string(),
      clientId: z.string(),
      refreshToken: z.string(),
      expiresAt: z.number(),
      portalId: z.number(),
      scopes: z.array(z.string()),
      userId: z.number(),
      userEmail: z.string(),
    }),
  ),
  refreshTokens: z.array(
    z.object({
      token: z.string(),
      clientId: z.string(),
      portalId: z.number(),
      scopes: z.array(z.string()),
      userId: z.number(),
      userEmail: z.string(),
    }),
  ),
});

function splitScopes(value: string | undefined): string[] {
  return (value ?? '').split(/[\s+]+/).filter((scope) => scope.length > 0);
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );
}

/** HubSpot shows an error page (not a redirect) when the install URL itself is wrong. */
function sendAuthorizeError(res: Response, en: string, de: string): void {
  res
    .status(400)
    .type('html')
    .send(
      `<!doctype html><html><head><meta charset="utf-8"><title>Install failed / Installation fehlgeschlagen</title></head>` +
        `<body><h1>This app could not be installed</h1><p lang="en">${escapeHtml(en)}</p>` +
        `<h1>Diese App konnte nicht installiert werden</h1><p lang="de">${escapeHtml(de)}</p></body></html>`,
    );
}

/** Creates the OAuth server for one app. */
export function createOAuthServer(options: OAuthServerOptions): OAuthServer {
  const { app, clock } = options;
  const codes = new Map<string, AuthorizationCode>();
  const accessTokens = new Map<string, AccessTokenRecord>();
  const refreshTokens = new Map<string, RefreshTokenRecord>();
  const changed = () => options.onChange?.();

  function issueAccessToken(refresh: RefreshTokenRecord): TokenResponse {
    const record: AccessTokenRecord = {
      token: newToken('lp-at'),
      clientId: refresh.clientId,
      refreshToken: refresh.token,
      expiresAt: clock() + options.accessTokenTtlSeconds * 1000,
      portalId: refresh.portalId,
      scopes: refresh.scopes,
      userId: refresh.userId,
      userEmail: refresh.userEmail,
    };
    accessTokens.set(record.token, record);
    changed();
    return {
      access_token: record.token,
      refresh_token: refresh.token,
      expires_in: options.accessTokenTtlSeconds,
      token_type: 'bearer',
      hub_id: record.portalId,
      user_id: record.userId,
      scopes: [...record.scopes],
      token_use: 'access_token',
    };
  }

  function issueTokens(grant: Partial<Grant> & { portalId: number }): TokenResponse {
    options.ensurePortal(grant.portalId);
    const refresh: RefreshTokenRecord = {
      token: newToken('lp-rt'),
      clientId: app.clientId,
      portalId: grant.portalId,
      scopes: grant.scopes ?? [...(options.defaultScopes ?? [])],
      userId: grant.userId ?? LOCAL_USER.userId,
      userEmail: grant.userEmail ?? LOCAL_USER.userEmail,
    };
    refreshTokens.set(refresh.token, refresh);
    return issueAccessToken(refresh);
  }

  function authenticate(authorization: string | undefined): AuthResult {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return { ok: false, reason: 'missing' };
    const record = accessTokens.get(match[1]!);
    if (!record) return { ok: false, reason: 'unknown' };
    if (clock() >= record.expiresAt) {
      return { ok: false, reason: 'expired', expiredAt: record.expiresAt };
    }
    return { ok: true, token: record };
  }

  function tokenError(res: Response, code: OAuthErrorCode, message: string, error?: string): void {
    sendError(res, 400, createOAuthErrorBody(code, message, error));
  }

  /** Checks the client credentials of a form; answers the error and returns false when wrong. */
  function checkClient(res: Response, form: { client_id?: string; client_secret?: string }) {
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
    if (!checkClient(res, form)) return;
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

  function hubDomain(portalId: number): string {
    return `portal-${portalId}.local-portal.test`;
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
  function handleIntrospect(req: Request, res: Response): void {
    const form = tokenHintFormSchema.safeParse(req.body ?? {});
    if (!form.success) {
      tokenError(res, 'BAD_REQUEST', 'missing or invalid token');
      return;
    }
    if (!checkClient(res, form.data)) return;
    const value = form.data.token;
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

  /**
   * POST /oauth/2026-09/token/revoke, the replacement of DELETE /oauth/v1/refresh-tokens/{token}
   * (v1 deprecation changelog above). Revoking a refresh token ends the grant: it can never be
   * refreshed again (invalid_grant / BAD_REFRESH_TOKEN). Access tokens already issued from it stay
   * valid until they expire, as HubSpot documents for the v1 delete ("Access tokens generated with
   * the refresh token will not be affected"; the 2026-09 page says nothing else). Revoking an access
   * token ends that token only. As RFC 7009 §2.2 asks, an unknown token is a success too (200).
   */
  function handleRevoke(req: Request, res: Response): void {
    const form = tokenHintFormSchema.safeParse(req.body ?? {});
    if (!form.success) {
      tokenError(res, 'BAD_REQUEST', 'missing or invalid token');
      return;
    }
    if (!checkClient(res, form.data)) return;
    const value = form.data.token;
    const removedRefresh =
      refreshTokens.get(value)?.clientId === app.clientId && refreshTokens.delete(value);
    const removedAccess =
      accessTokens.get(value)?.clientId === app.clientId && accessTokens.delete(value);
    if (removedRefresh || removedAccess) changed();
    res.status(200).end();
  }

  const router = express.Router();

  router.get('/oauth/authorize', (req, res) => {
    const parsed = authorizeQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
      sendAuthorizeError(
        res,
        `The install URL is missing or has an invalid value for: ${fields}.`,
        `Der Installationslink enthält keinen oder einen ungültigen Wert für: ${fields}.`,
      );
      return;
    }
    const query = parsed.data;
    if (query.client_id !== app.clientId) {
      sendAuthorizeError(
        res,
        `No app has the client_id "${query.client_id}".`,
        `Keine App hat die client_id „${query.client_id}“.`,
      );
      return;
    }
    if (!app.redirectUrls.includes(query.redirect_uri)) {
      sendAuthorizeError(
        res,
        `The redirect_uri "${query.redirect_uri}" is not one of the app's redirect URLs.`,
        `Die redirect_uri „${query.redirect_uri}“ ist keine der Weiterleitungs-URLs der App.`,
      );
      return;
    }
    const portalId = query.portal_id ?? options.defaultPortalId;
    options.ensurePortal(portalId);
    const code: AuthorizationCode = {
      code: newToken('lp-code'),
      clientId: app.clientId,
      redirectUri: query.redirect_uri,
      expiresAt: clock() + AUTHORIZATION_CODE_TTL_MS,
      portalId,
      scopes: [
        ...splitScopes(query.scope),
        ...(options.grantableScopes ?? ((_portal: number, asked: string[]) => asked))(
          portalId,
          splitScopes(query.optional_scope),
        ),
      ].filter((scope, index, all) => all.indexOf(scope) === index),
      userId: LOCAL_USER.userId,
      userEmail: LOCAL_USER.userEmail,
    };
    codes.set(code.code, code);
    const target = new URL(query.redirect_uri);
    target.searchParams.set('code', code.code);
    if (query.state !== undefined) target.searchParams.set('state', query.state);
    res.redirect(302, target.toString());
  });

  const form = express.urlencoded({ extended: false, limit: '16kb' });
  router.post('/oauth/v1/token', form, handleToken);
  router.post('/oauth/2026-09/token', form, handleToken);
  router.post('/oauth/2026-09/token/introspect', form, handleIntrospect);
  router.post('/oauth/2026-09/token/revoke', form, handleRevoke);

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
      token: record.token,
      user: record.userEmail,
      hub_domain: `portal-${record.portalId}.local-portal.test`,
      scopes: record.scopes,
      hub_id: record.portalId,
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
      token: record.token,
      user: record.userEmail,
      hub_domain: `portal-${record.portalId}.local-portal.test`,
      scopes: record.scopes,
      hub_id: record.portalId,
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

  return {
    router,
    authenticate,
    middleware(req, res, next) {
      const result = authenticate(req.headers.authorization);
      if (result.ok) {
        res.locals.portalId = result.token.portalId;
        res.locals.accessToken = result.token;
        next();
        return;
      }
      // HubSpot marks auth failures with this header as well (seen on api.hubapi.com responses).
      res.setHeader('x-hubspot-auth-failure', '401 Unauthorized');
      if (result.reason === 'expired') {
        sendError(
          res,
          401,
          createErrorBody(
            `The OAuth token used to make this call expired ${describeAge(clock() - result.expiredAt)} ago.`,
            'EXPIRED_AUTHENTICATION',
            { context: { 'expire time': [new Date(result.expiredAt).toISOString()] } },
          ),
        );
        return;
      }
      sendError(res, 401, createErrorBody(CREDENTIALS_NOT_FOUND, 'INVALID_AUTHENTICATION'));
    },
    issueTokens,
    revokeGrant(portalId) {
      let refreshCount = 0;
      let accessCount = 0;
      for (const [key, record] of refreshTokens) {
        if (record.portalId !== portalId) continue;
        refreshTokens.delete(key);
        refreshCount += 1;
      }
      for (const [key, record] of accessTokens) {
        if (record.portalId !== portalId) continue;
        accessTokens.delete(key);
        accessCount += 1;
      }
      if (refreshCount + accessCount > 0) changed();
      return { refreshTokens: refreshCount, accessTokens: accessCount };
    },
    snapshot: () => ({
      accessTokens: [...accessTokens.values()],
      refreshTokens: [...refreshTokens.values()],
    }),
    restore(snapshot) {
      const parsed = snapshotSchema.parse(snapshot);
      accessTokens.clear();
      refreshTokens.clear();
      for (const record of parsed.accessTokens) accessTokens.set(record.token, record);
      for (const record of parsed.refreshTokens) refreshTokens.set(record.token, record);
    },
  };
}
