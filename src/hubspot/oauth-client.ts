// HubSpot's OAuth 2026-09 token endpoints (vendor/hubspot-openapi/2026-09/oauth.json), all with
// form-encoded bodies: POST /oauth/2026-09/token (authorization_code and refresh_token grants),
// /token/introspect (replaces the v1 token-info GET) and /token/revoke. OAuth v1 sunsets 2027-02-16.
// The 2026-09 token response already carries hub_id, user_id, scopes and token_use; errors carry
// RFC 6749 `error` / `error_description` beside HubSpot's old `status` / `message`.
// https://developers.hubspot.com/docs/api-reference/latest/authentication/manage-oauth-tokens
// https://developers.hubspot.com/changelog/v1-oauth-api-deprecation
import { z } from 'zod';
import { hubspotPaths } from './api-version.ts';
import { parseBody } from './transport.ts';

/** HubSpot answers `scopes` as a list; RFC 7662 introspection uses a space-separated `scope`. */
const scopesSchema = z.union([z.array(z.string()), z.string().transform((s) => s.split(' '))]);

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  token_type: z.string().optional(),
  hub_id: z.number().int().positive().optional(),
  user_id: z.number().int().optional(),
  scopes: scopesSchema.optional(),
  token_use: z.string().optional(),
});

/** TokenInfoResponseBaseIF (`active`), with the fields HubSpot adds for an active token. */
const introspectionSchema = z.object({
  active: z.boolean(),
  hub_id: z.number().int().positive().optional(),
  user_id: z.number().int().optional(),
  user: z.string().optional(),
  hub_domain: z.string().optional(),
  scopes: scopesSchema.optional(),
  scope: z.string().optional(),
  token_use: z.string().optional(),
});

/** How long one token request may take before it counts as a (retryable) network failure. */
export const OAUTH_REQUEST_TIMEOUT_MS = 10_000;

export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
}

/** Who granted the tokens, when the token response says (2026-09 does). */
export interface TokenGrant {
  portalId: number;
  scopes: string[];
  userId?: number;
}

export interface TokenInfo {
  portalId: number;
  scopes: string[];
  user?: string;
  userId?: number;
  hubDomain?: string;
}

/**
 * What a failed token request means for the installation (the token manager acts on it):
 * - `revoked`: the grant is gone (`invalid_grant` / `BAD_REFRESH_TOKEN`) — the app was uninstalled;
 * - `client_misconfigured`: our client id/secret is wrong (`invalid_client`, `BAD_CLIENT_ID`,
 *   `BAD_CLIENT_SECRET`) — the operator must fix the deployment; no portal is at fault;
 * - `transient`: 429, 5xx, timeouts, network — retry with backoff;
 * - `rejected`: any other refusal — reported, never taken as an uninstall.
 */
export type OAuthFailureKind = 'revoked' | 'client_misconfigured' | 'transient' | 'rejected';

const REVOKED = new Set(['invalid_grant', 'BAD_REFRESH_TOKEN']);
const CLIENT_MISCONFIGURED = new Set([
  'invalid_client',
  'unauthorized_client',
  'BAD_CLIENT_ID',
  'BAD_CLIENT_SECRET',
]);

/** A token request HubSpot refused (or that never reached HubSpot: httpStatus 0). */
export class OAuthError extends Error {
  readonly code = 'oauth_failed';
  /** 0 when HubSpot was not reached (network, timeout). */
  readonly httpStatus: number;
  /** HubSpot's own code (`status`: BAD_REFRESH_TOKEN, BAD_CLIENT_SECRET …). */
  readonly hubspotStatus: string | undefined;
  /** RFC 6749 `error` (invalid_grant, invalid_client …). */
  readonly oauthError: string | undefined;
  readonly kind: OAuthFailureKind;
  constructor(
    message: string,
    httpStatus: number,
    hubspotStatus: string | undefined,
    oauthError?: string,
  ) {
    super(message);
    this.httpStatus = httpStatus;
    this.hubspotStatus = hubspotStatus;
    this.oauthError = oauthError;
    this.kind = classifyOAuthFailure(httpStatus, hubspotStatus, oauthError);
  }
}

/** Classifies a token-endpoint failure (see OAuthFailureKind). */
export function classifyOAuthFailure(
  httpStatus: number,
  hubspotStatus: string | undefined,
  oauthError: string | undefined,
): OAuthFailureKind {
  const codes = [hubspotStatus, oauthError].filter((code): code is string => Boolean(code));
  if (httpStatus === 0 || httpStatus === 429 || httpStatus >= 500) return 'transient';
  if (codes.some((code) => CLIENT_MISCONFIGURED.has(code))) return 'client_misconfigured';
  if (codes.some((code) => REVOKED.has(code))) return 'revoked';
  return 'rejected';
}

export interface OAuthClientOptions {
  /** HubSpot's API host (https://api.hubapi.com, or the local portal). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Injected for tests and the local portal; defaults to global fetch. */
  fetch?: typeof fetch;
  now?: () => number;
  /** Per-request timeout, ms (default OAUTH_REQUEST_TIMEOUT_MS). */
  timeoutMs?: number;
}

export interface OAuthClient {
  /** Exchanges an authorization code from the install callback for tokens (and who granted them). */
  exchangeCode(
    code: string,
    redirectUri: string,
  ): Promise<OAuthTokens & { grant?: TokenGrant | undefined }>;
  /** Trades a refresh token for a fresh access token. */
  refresh(refreshToken: string): Promise<OAuthTokens>;
  /** Learns which portal (hub_id) and scopes an access token belongs to (token introspection). */
  getTokenInfo(accessToken: string): Promise<TokenInfo>;
  /** Revokes a refresh token (and the access tokens issued from it) at HubSpot. */
  revoke(refreshToken: string): Promise<void>;
}

/** Creates the OAuth client for one app. */
export function createOAuthClient(options: OAuthClientOptions): OAuthClient {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? Date.now;
  const baseUrl = options.baseUrl.replace(/\/$/, '');
  const timeoutMs = options.timeoutMs ?? OAUTH_REQUEST_TIMEOUT_MS;

  async function readJson(response: Response): Promise<Record<string, unknown>> {
    return parseBody(await response.text());
  }

  /** POSTs a form with the client credentials; throws OAuthError on any failure. */
  async function postForm(
    path: string,
    form: Record<string, string>,
    what: string,
  ): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body: new URLSearchParams({
          client_id: options.clientId,
          client_secret: options.clientSecret,
          ...form,
        }).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new OAuthError(`Could not reach HubSpot to ${what}: ${reason}`, 0, undefined);
    }
    const body = await readJson(response);
    if (!response.ok) {
      const text = (key: string) => (typeof body[key] === 'string' ? body[key] : undefined);
      const said = text('error_description') ?? text('message') ?? response.statusText;
      throw new OAuthError(
        `HubSpot refused to ${what} (${response.status}${text('error') ? ` ${text('error')}` : ''}): ${said}`,
        response.status,
        text('status'),
        text('error'),
      );
    }
    return body;
  }

  async function tokenRequest(form: Record<string, string>) {
    const body = await postForm(
      hubspotPaths.oauthToken(),
      form,
      `grant ${form.grant_type ?? 'a token'}`,
    );
    const tokens = tokenResponseSchema.parse(body);
    const grant: TokenGrant | undefined =
      tokens.hub_id !== undefined
        ? {
            portalId: tokens.hub_id,
            scopes: tokens.scopes ?? [],
            ...(tokens.user_id !== undefined ? { userId: tokens.user_id } : {}),
          }
        : undefined;
    return {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      expiresAt: now() + tokens.expires_in * 1000,
      grant,
    };
  }

  return {
    exchangeCode: (code, redirectUri) =>
      tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }),
    async refresh(refreshToken) {
      const { grant: _grant, ...tokens } = await tokenRequest({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      });
      return tokens;
    },
    async getTokenInfo(accessToken) {
      const body = await postForm(
        hubspotPaths.oauthIntrospect(),
        { token: accessToken, token_type_hint: 'access_token' },
        'introspect the access token',
      );
      const info = introspectionSchema.parse(body);
      if (!info.active || info.hub_id === undefined) {
        throw new OAuthError(
          'HubSpot says the access token is not active (expired or revoked)',
          200,
          undefined,
          'invalid_token',
        );
      }
      return {
        portalId: info.hub_id,
        scopes: info.scopes ?? info.scope?.split(' ') ?? [],
        ...(info.user !== undefined ? { user: info.user } : {}),
        ...(info.user_id !== undefined ? { userId: info.user_id } : {}),
        ...(info.hub_domain !== undefined ? { hubDomain: info.hub_domain } : {}),
      };
    },
    async revoke(refreshToken) {
      await postForm(
        hubspotPaths.oauthRevoke(),
        { token: refreshToken, token_type_hint: 'refresh_token' },
        'revoke the refresh token',
      );
    },
  };
}
