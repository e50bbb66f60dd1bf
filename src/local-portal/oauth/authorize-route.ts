// The install URL, GET /oauth/authorize: checks client_id, redirect_uri and scopes, approves at
// once (local mode has no consent screen) and redirects with a single-use code.
// https://developers.hubspot.com/docs/api/oauth-quickstart-guide
import type { Response, Router } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import {
  AUTHORIZATION_CODE_TTL_MS,
  LOCAL_USER,
  newToken,
  type AuthorizationCode,
  type OAuthAppConfig,
} from './model.ts';
import type { TokenStore } from './token-store.ts';

const authorizeQuerySchema = z.object({
  client_id: z.string().min(1),
  redirect_uri: z.url(),
  scope: z.string().min(1),
  optional_scope: z.string().optional(),
  state: z.string().optional(),
  portal_id: z.coerce.number().int().positive().optional(),
});

function splitScopes(value: string | undefined): string[] {
  return (value ?? '').split(/[\s+]+/).filter((scope) => scope.length > 0);
}

export function escapeHtml(text: string): string {
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

/** Adds GET /oauth/authorize to `router`. */
export function addAuthorizeRoute(
  router: Router,
  store: TokenStore,
  options: {
    app: OAuthAppConfig;
    clock: Clock;
    defaultPortalId: number;
    ensurePortal(portalId: number): void;
    /** Optional scopes are granted only where the portal has them (e.g. the Leads object). */
    grantableScopes?(portalId: number, scopes: string[]): string[];
  },
): void {
  const { app, clock } = options;
  const { codes } = store;
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
        ...new Set([
          ...splitScopes(query.scope),
          ...(options.grantableScopes ?? ((_portal: number, asked: string[]) => asked))(
            portalId,
            splitScopes(query.optional_scope),
          ),
        ]),
      ],
      userId: LOCAL_USER.userId,
      userEmail: LOCAL_USER.userEmail,
    };
    codes.set(code.code, code);
    const target = new URL(query.redirect_uri);
    target.searchParams.set('code', code.code);
    if (query.state !== undefined) target.searchParams.set('state', query.state);
    res.redirect(302, target.toString());
  });
}
