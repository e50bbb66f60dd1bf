// HubSpot's OAuth token endpoints — https://developers.hubspot.com/docs/api/oauth/tokens
// (POST /oauth/v1/token for the authorization_code and refresh_token grants, form-encoded;
// GET /oauth/v1/access-tokens/{token} for the portal and scopes a token belongs to).
import { z } from 'zod';

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  token_type: z.string().optional(),
});

const tokenInfoSchema = z.object({
  hub_id: z.number().int().positive(),
  scopes: z.array(z.string()),
  user: z.string().optional(),
  user_id: z.number().optional(),
  hub_domain: z.string().optional(),
  app_id: z.number().optional(),
  expires_in: z.number().optional(),
});

export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
}

export interface TokenInfo {
  portalId: number;
  scopes: string[];
  user?: string;
  userId?: number;
  hubDomain?: string;
}

/** A token request HubSpot refused; `hubspotStatus` is HubSpot's own error code (e.g. BAD_REFRESH_TOKEN). */
export class OAuthError extends Error {
  readonly code = 'oauth_failed';
  readonly httpStatus: number;
  readonly hubspotStatus: string | undefined;
  constructor(message: string, httpStatus: number, hubspotStatus: string | undefined) {
    super(message);
    this.httpStatus = httpStatus;
    this.hubspotStatus = hubspotStatus;
  }
}

export interface OAuthClientOptions {
  /** HubSpot's API host (https://api.hubapi.com, or the local portal). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Injected for tests and the local portal; defaults to global fetch. */
  fetch?: typeof fetch;
  now?: () => number;
}

export interface OAuthClient {
  /** Exchanges an authorization code from the install callback for tokens. */
  exchangeCode(code: string, redirectUri: string): Promise<OAuthTokens>;
  /** Trades a refresh token for a fresh access token. */
  refresh(refreshToken: string): Promise<OAuthTokens>;
  /** Learns which portal (hub_id) and scopes an access token belongs to. */
  getTokenInfo(accessToken: string): Promise<TokenInfo>;
}

/** Creates the OAuth client for one app. */
export function createOAuthClient(options: OAuthClientOptions): OAuthClient {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const baseUrl = options.baseUrl.replace(/\/$/, '');

  async function readJson(response: Response): Promise<unknown> {
    const text = await response.text();
    try {
      return text ? JSON.parse(text) : {};
    } catch {
      return { message: text };
    }
  }

  async function tokenRequest(form: Record<string, string>): Promise<OAuthTokens> {
    const response = await doFetch(`${baseUrl}/oauth/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: new URLSearchParams({
        client_id: options.clientId,
        client_secret: options.clientSecret,
        ...form,
      }).toString(),
    });
    const body = await readJson(response);
    if (!response.ok) {
      const error = body as { status?: string; message?: string };
      throw new OAuthError(
        `HubSpot refused the ${form.grant_type} grant: ${error.message ?? response.statusText}`,
        response.status,
        error.status,
      );
    }
    const tokens = tokenResponseSchema.parse(body);
    return {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      expiresAt: now() + tokens.expires_in * 1000,
    };
  }

  return {
    exchangeCode: (code, redirectUri) =>
      tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }),
    refresh: (refreshToken) =>
      tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    async getTokenInfo(accessToken) {
      const response = await doFetch(
        `${baseUrl}/oauth/v1/access-tokens/${encodeURIComponent(accessToken)}`,
      );
      const body = await readJson(response);
      if (!response.ok) {
        const error = body as { status?: string; message?: string };
        throw new OAuthError(
          `HubSpot did not recognise the access token: ${error.message ?? response.statusText}`,
          response.status,
          error.status,
        );
      }
      const info = tokenInfoSchema.parse(body);
      return {
        portalId: info.hub_id,
        scopes: info.scopes,
        user: info.user,
        userId: info.user_id,
        hubDomain: info.hub_domain,
      };
    },
  };
}
