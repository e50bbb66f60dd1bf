// The local OAuth server's data: the app, grants, codes and tokens, the token endpoint's error
// body, and the snapshot format. See ../oauth.ts for the HubSpot pages these rest on.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createErrorBody } from '../hubspot-errors.ts';

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

/** A pending authorization code (single use, short-lived). */
export interface AuthorizationCode extends Grant {
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

/** Authorization codes are short-lived (HubSpot: "a short window"; 10 minutes here, unconfirmed). */
export const AUTHORIZATION_CODE_TTL_MS = 10 * 60 * 1000;
/** The user who approves local installs. */
export const LOCAL_USER = { userId: 7_000_001, userEmail: 'local.user@example.com' } as const;

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

/** A persisted OAuth snapshot, checked on restore. */
export const snapshotSchema = z.object({
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

/** A random token with a recognisable prefix. */
export function newToken(prefix: string): string {
  return `${prefix}-${randomBytes(24).toString('base64url')}`;
}
