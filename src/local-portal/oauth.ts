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
// The parts live in oauth/: model.ts (records, errors, snapshot), token-store.ts, authorize-route.ts,
// token-routes.ts (v1 and 2026-09 token, introspect, revoke) and v1-token-routes.ts (metadata).
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import type { Clock } from './clock.ts';
import { createErrorBody, sendError } from './hubspot-errors.ts';
import { addAuthorizeRoute } from './oauth/authorize-route.ts';
import type {
  AuthResult,
  Grant,
  OAuthAppConfig,
  OAuthSnapshot,
  TokenResponse,
} from './oauth/model.ts';
import { addTokenRoutes } from './oauth/token-routes.ts';
import { createTokenStore } from './oauth/token-store.ts';
import { addV1TokenRoutes } from './oauth/v1-token-routes.ts';

export {
  AUTHORIZATION_CODE_TTL_MS,
  LOCAL_USER,
  OAUTH_ERROR_CODES,
  createOAuthErrorBody,
} from './oauth/model.ts';
export type {
  AccessTokenRecord,
  AuthResult,
  Grant,
  OAuthAppConfig,
  OAuthErrorCode,
  OAuthSnapshot,
  RefreshTokenRecord,
  TokenResponse,
} from './oauth/model.ts';

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

// HubSpot's 401 messages (https://developers.hubspot.com/changelog/improvements-to-authentication-errors-for-v3-endpoints-in-developer-preview-program
// quotes the "not found" text; the "expired" text is as HubSpot answers, category unconfirmed).
const CREDENTIALS_NOT_FOUND =
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';

function describeAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} minute(s)`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} hour(s)`;
  return `${Math.floor(hours / 24)} day(s)`;
}

/** Creates the OAuth server for one app. */
export function createOAuthServer(options: OAuthServerOptions): OAuthServer {
  const { app, clock } = options;
  const store = createTokenStore(options);
  const { authenticate } = store;
  const router = express.Router();
  addAuthorizeRoute(router, store, options);
  addTokenRoutes(router, store, app, clock);
  addV1TokenRoutes(router, store, app, clock);

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
    issueTokens: store.issueTokens,
    revokeGrant: store.revokeGrant,
    snapshot: store.snapshot,
    restore: store.restore,
  };
}
